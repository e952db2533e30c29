//! `hamish init [FOLDER]`: makes a folder the root of a corpus (see `corpus::root`).

use hamish::corpus::root::{self, GIT_CONFIG};
use std::path::Path;

/// Writes what a corpus root holds and says what was done, and what each annotator still
/// runs in their clone.
pub fn run(folder: Option<&Path>) -> anyhow::Result<()> {
    let folder = folder.unwrap_or(Path::new("."));
    let done = root::init(folder).map_err(|e| super::BadInput(e.into()))?;
    let mut out = String::new();
    let (schema, written) = &done.schema;
    match (&done.copied_from, written) {
        (Some(old), _) => out.push_str(&format!(
            "wrote {}, copied from {} (remove the old one: git rm {})\n",
            schema.display(),
            old.display(),
            old.display()
        )),
        (None, true) => out.push_str(&format!(
            "wrote {} (the default labels)\n",
            schema.display()
        )),
        (None, false) => out.push_str(&format!("kept {}\n", schema.display())),
    }
    for (file, added) in [&done.gitattributes, &done.gitignore] {
        if added.is_empty() {
            out.push_str(&format!("kept {}\n", file.display()));
        } else {
            out.push_str(&format!(
                "added to {}: {}\n",
                file.display(),
                added.join(", ")
            ));
        }
    }
    out.push_str("\nIn each clone, once, so that git merges annotation files with hamish:\n");
    for line in GIT_CONFIG {
        out.push_str(&format!("    {line}\n"));
    }
    super::print(&hamish::layout::chars::sanitize_lines(&out))
}
