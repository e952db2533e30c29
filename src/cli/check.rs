//! `hamish check PATH`: every problem of an annotation file against its text, one a line
//! on stdout; the command fails when there is one.

use super::{quiet_on_broken_pipe, BadInput, Found};
use hamish::annotate::store;
use hamish::fsio;
use hamish::layout::chars::sanitize;
use hamish::text;
use std::io::Write;
use std::path::Path;

/// Checks the annotation file of `path` (a text, or the annotation file itself). Fails
/// with [`Found`] when there are problems, all of them printed.
pub fn run(path: &Path) -> anyhow::Result<()> {
    let is_ron = path.extension().is_some_and(|e| e == "ron");
    let ron_path = if is_ron {
        path.to_path_buf()
    } else {
        store::ron_path(path)
    };
    let source = fsio::read_bounded_string(&ron_path, fsio::DATA_LIMIT)?
        .ok_or_else(|| BadInput(anyhow::anyhow!("{}: no such file", ron_path.display())))?;
    let text_path = if is_ron {
        store::recorded_text_path(path, &source)
    } else {
        path.to_path_buf()
    };
    let doc = text::load(&text_path)?;
    let schema = super::schema(&text_path)?;
    let file = ron_path.display().to_string();
    let problems = store::check(&source, &file, &doc, &schema)?;
    let mut out = std::io::stdout().lock();
    for p in &problems {
        let id =
            p.id.map(|i| format!(" annotation {i}:"))
                .unwrap_or_default();
        let line = sanitize(&format!("{file}:{id} {}", p.message));
        writeln!(out, "{line}").or_else(quiet_on_broken_pipe)?;
    }
    out.flush().or_else(quiet_on_broken_pipe)?;
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Found.into())
    }
}
