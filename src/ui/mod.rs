//! The terminal reader: the only place that knows ratatui and crossterm.
//!
//! `terminal` sets the terminal up and always restores it; `keymap` turns keys into
//! [`Action`]s; `app` holds the state that [`App::update`] alone changes; `view` draws it.

mod app;
mod edit;
mod find;
mod folder;
mod folder_view;
mod keymap;
mod terminal;
mod view;

pub use app::{Action, App, Mode};
pub use edit::{data_dir, Overlay, Prompt, PromptKind, Session};
pub use find::Search;
pub use folder::{Entry, Folder, State};
pub use keymap::{action_for_key, check_schema_keys, taken, BINDINGS};
pub use terminal::{run, run_folder};
pub use view::draw_layout_line;
