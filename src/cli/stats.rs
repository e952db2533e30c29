//! `hamish stats PATH [--json]`: counts per label, each article's progress, the speakers
//! and countries met most, of one article or a folder of them.

use super::{print, warn};
use hamish::corpus;
use hamish::layout::chars::sanitize_lines;
use std::path::Path;

/// The speakers and the countries listed.
const TOP: usize = 20;

/// Prints the figures of the articles at `path`, as text or JSON; articles that cannot
/// be read are told on stderr and left out, and then the command fails.
pub fn run(path: &Path, json: bool) -> anyhow::Result<()> {
    let schema = super::schema(path)?;
    let opened = corpus::open_all(path)?;
    for line in opened.left_out() {
        warn(&line);
    }
    let stats = corpus::stats::stats(&opened.articles, TOP, &schema);
    let text = if json {
        stats.to_json() + "\n"
    } else {
        sanitize_lines(&stats.to_text())
    };
    print(&text)?;
    if !opened.complete() {
        anyhow::bail!("some articles could not be read (see above); the figures leave them out");
    }
    Ok(())
}
