//! `hamish agree A B [--json]`: how far two annotators' copies of the same articles agree,
//! and every place where they differ.

use super::{print, warn};
use hamish::corpus::{self, agree};
use hamish::layout::chars::sanitize_lines;
use std::path::Path;

/// Prints the agreement of B with A, as text or JSON. Two files are one pair; folders
/// pair by path. The command fails when an article was left out (unreadable, in one copy
/// only, or a different text in each), after printing the figures of the rest.
pub fn run(a: &Path, b: &Path, json: bool) -> anyhow::Result<()> {
    let schema = super::schema(a)?;
    let left = corpus::open_all(a)?;
    let right = corpus::open_all(b)?;
    for line in left.left_out().iter().chain(&right.left_out()) {
        warn(line);
    }
    let by_path = a.is_dir() || b.is_dir();
    let pairing = agree::pair(&left.articles, &right.articles, by_path);
    for note in &pairing.notes {
        warn(&note.message(a, b));
    }
    let report = agree::compare(&pairing.pairs, &schema);
    let text = if json {
        report.to_json() + "\n"
    } else {
        sanitize_lines(&report.to_text())
    };
    print(&text)?;
    if !left.complete() || !right.complete() || pairing.unpaired() || !report.differing.is_empty() {
        anyhow::bail!("some articles were left out (see above)");
    }
    Ok(())
}
