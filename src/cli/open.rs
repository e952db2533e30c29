//! `hamish [FILE|FOLDER]`: the reader and annotator in the terminal, on a file, a folder of
//! articles (optionally against another annotator's copy), or the bundled sample.

use super::Look;
use hamish::layout::Shaping;
use hamish::text::{self, Document, Head};
use hamish::ui::{Bidi, Settings};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

/// Opens `path` in the reader: a folder's list of articles, one article, or (no path) the
/// sample copied into the data folder. `bidi` says who lays the text out; `annotator` names
/// who annotates; `compare` is another annotator's copy of a folder.
pub fn run(
    path: Option<&Path>,
    look: Look,
    bidi: Bidi,
    annotator: Option<String>,
    compare: Option<PathBuf>,
) -> anyhow::Result<()> {
    let annotator = annotator.or_else(|| {
        std::env::var("HAMISH_ANNOTATOR")
            .ok()
            .filter(|s| !s.is_empty())
    });
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    if let Some(dir) = path.filter(|p| p.is_dir()) {
        return folder(dir, look, bidi, annotator, no_color, compare);
    }
    if compare.is_some() {
        anyhow::bail!("--compare goes with a FOLDER (for two files, `hamish agree A B`)");
    }
    let sample = match path {
        Some(_) => None,
        None => Some(hamish::dirs::sample_copy()),
    };
    let path = match &sample {
        Some(Ok(p)) => Some(p.as_path()),
        _ => path,
    };
    let (doc, rest) = match path {
        Some(path) => match text::load_head(path, text::HEAD_BYTES)? {
            Head::Whole(doc) => (doc, None),
            Head::Part(doc) => (doc, Some(path)),
        },
        // The sample could not be copied: it is read from the binary, and not annotated.
        None => (
            Document::new(
                format!("{} (sample)", hamish::SAMPLE_NAME),
                hamish::SAMPLE_TEXT.to_string(),
            ),
            None,
        ),
    };
    if !std::io::stdout().is_terminal() {
        anyhow::bail!("the reader needs a terminal; to print the text, use `hamish render`");
    }
    let mut notice = None;
    let mut settings = Settings {
        options: look.options(0, Shaping::App),
        no_color,
        bidi,
        ..Settings::default()
    };
    if let Some(path) = path {
        let found = hamish::corpus::schema_for(path)?;
        settings.keymap.check_schema(&found.schema, &found.name())?;
        settings.schema = found.schema;
        notice = found.notice;
    }
    let mut app = hamish::ui::App::new(doc, settings);
    if rest.is_some() {
        app = app.reading_rest();
    }
    match (path, &sample) {
        (_, Some(Err(why))) => app.read_only_because(why.to_string()),
        (Some(path), _) => app.open_annotations(path, annotator),
        (None, _) => {}
    }
    if let Some(notice) = notice.or_else(|| hamish::ui::tmux_notice(bidi)) {
        app.tell(notice);
    }
    if let Some(told) = hamish::ui::run(app, rest)? {
        anyhow::bail!(told);
    }
    Ok(())
}

/// The folder's list of articles, each opened from it in turn.
fn folder(
    dir: &Path,
    look: Look,
    bidi: Bidi,
    annotator: Option<String>,
    no_color: bool,
    compare: Option<PathBuf>,
) -> anyhow::Result<()> {
    let (paths, strays) = hamish::corpus::walk(dir)?;
    let found = hamish::corpus::schema_for(dir)?;
    let keymap = hamish::ui::Keymap::default();
    keymap.check_schema(&found.schema, &found.name())?;
    let schema = found.schema;
    if !std::io::stdout().is_terminal() {
        anyhow::bail!("the reader needs a terminal; for figures, use `hamish stats`");
    }
    let settings = Settings {
        options: look.options(0, Shaping::App),
        schema,
        no_color,
        keymap,
        bidi,
    };
    let mut folder = hamish::ui::Folder::new(dir, paths, settings);
    folder.annotator = annotator;
    folder.report_strays(strays);
    folder.message = found.notice.or_else(|| hamish::ui::tmux_notice(bidi));
    if let Some(other) = &compare {
        if !other.is_dir() {
            anyhow::bail!("{}: not a folder to compare with", other.display());
        }
    }
    folder.compare = compare;
    if let Some(told) = hamish::ui::run_folder(folder)? {
        anyhow::bail!(told);
    }
    Ok(())
}
