//! Annotation, pure: the annotations of a text and their undoable edits, the schema of
//! labels, the cursor and selection, the country gazetteer, and the RON store.

pub mod annotation;
pub mod change;
pub mod countries;
pub mod history;
pub mod merge;
pub mod schema;
pub mod selection;
pub mod store;
pub mod suggest;

pub use annotation::{Annotations, Refusal};
pub use change::{Annotation, Change, Conflict, Orphan, Record, Status};
pub use schema::{Label, Link, Role, Schema};
pub use selection::Selection;
