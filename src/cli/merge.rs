//! `hamish merge BASE OURS THEIRS [PATH]`: the git merge driver for annotation files, with
//! `git merge-file`'s contract: the result is written over OURS; exit 0 when merged
//! cleanly, 1 when conflicts remain (kept in the file, both versions, for hamish to show),
//! 2 when an input cannot be used. PATH (git's `%P`) is the file's path in the work tree,
//! where its text is found.

use super::BadInput;
use anyhow::Context;
use hamish::annotate::store;
use hamish::text;
use std::path::Path;

/// Conflicts remain in the merged file.
#[derive(Debug, thiserror::Error)]
#[error("{0} conflict(s) kept in {1}: open the article in hamish to choose (m / M)")]
pub struct Conflicts(pub usize, pub String);

/// Merges THEIRS into OURS from BASE, writing OURS atomically.
pub fn run(base: &Path, ours: &Path, theirs: &Path, path: Option<&Path>) -> anyhow::Result<()> {
    let read = |p: &Path| -> anyhow::Result<Vec<u8>> {
        match hamish::fsio::read_bounded(p, hamish::fsio::DATA_LIMIT) {
            Ok(Some(bytes)) => Ok(bytes),
            Ok(None) => Err(BadInput(anyhow::anyhow!("{}: no such file", p.display())).into()),
            Err(e) => Err(BadInput(e.into()).into()),
        }
    };
    let (b, o, t) = (read(base)?, read(ours)?, read(theirs)?);
    let source = String::from_utf8_lossy(&o);
    let text_path = match path {
        Some(p) => store::recorded_text_path(p, &source),
        None => match store::recorded_text_file(&source) {
            Some(name) if Path::new(&name).file_name() == Some(name.as_ref()) => name.into(),
            _ => {
                return Err(BadInput(anyhow::anyhow!(
                    "{}: cannot tell which text it annotates; pass the file's path (git's %P)",
                    ours.display()
                ))
                .into())
            }
        },
    };
    let doc = text::load(&text_path).map_err(|e| BadInput(e.into()))?;
    let shown = |p: &Path, fallback: &str| {
        path.map_or_else(
            || p.display().to_string(),
            |p| format!("{} ({fallback})", p.display()),
        )
    };
    let names = [
        shown(base, "base"),
        shown(ours, "ours"),
        shown(theirs, "theirs"),
    ];
    let merged = store::merge_files(&b, &o, &t, &doc, [&names[0], &names[1], &names[2]])
        .map_err(|e| BadInput(e.into()))?;
    store::write_atomic(ours, merged.content.as_bytes())
        .with_context(|| format!("cannot write {}", ours.display()))?;
    if merged.conflicts > 0 {
        return Err(Conflicts(merged.conflicts, names[1].clone()).into());
    }
    Ok(())
}
