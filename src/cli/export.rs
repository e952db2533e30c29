//! `hamish export PATH --format FORMAT --out DIR`: the annotations of an article
//! or a folder, written for other tools into a folder outside the corpus.

use super::{warn, FormatArg};
use hamish::corpus::export::{self, Format};
use hamish::corpus::{self, Article};
use std::path::Path;

/// Exports the articles at `path` in `format` into `out`, which must be empty or new and
/// outside the corpus unless `force`. Articles that cannot be read are told and left out,
/// and then the command fails.
pub fn run(path: &Path, format: FormatArg, out: &Path, force: bool) -> anyhow::Result<()> {
    export::check_output_folder(path, out, force)?;
    let schema = super::schema(path)?;
    let opened = corpus::open_all(path)?;
    for line in opened.left_out() {
        warn(&line);
    }
    let complete = opened.complete();
    let articles: Vec<Article> = opened.articles.into_iter().map(|(_, a)| a).collect();
    let format = match format {
        FormatArg::Brat => Format::Brat,
        FormatArg::Jsonl => Format::Jsonl,
        FormatArg::Conll => Format::Conll,
        FormatArg::ConllMulti => Format::ConllMulti,
        FormatArg::Doccano => Format::Doccano,
        FormatArg::LabelStudio => Format::LabelStudio,
        FormatArg::Xmi => Format::Xmi,
    };
    let done = export::write(&articles, path, format, out, &schema)?;
    for note in &done.notes {
        warn(note);
    }
    warn(&format!(
        "{} articles exported, {} files written to {}",
        articles.len(),
        done.written.len(),
        out.display()
    ));
    if !complete {
        anyhow::bail!("some articles could not be read (see above) and were not exported");
    }
    Ok(())
}
