//! Exports of annotated articles for other tools, one module a format:
//!
//! - [`brat`]: standoff `.txt` + `.ann` per article, `annotation.conf` and `tools.conf`;
//! - [`jsonl`]: one object per article with its tokens and spans (Prodigy's shape);
//! - [`conll`]: CoNLL-2003 files, one per label, and the many-column file;
//! - [`doccano`] and [`label_studio`]: the import files of those annotation tools;
//! - [`xmi`]: UIMA CAS XMI and its type system, for INCEpTION and dkpro-cassis.
//!
//! This module holds what they share: the folder they go to (checked, and written with
//! fresh files only) and the names of articles in it.
//!
//! Every offset written counts chars (Unicode scalar values) of the text as stored, end
//! exclusive, so Python's `text[start:end]` is the annotated text, except in XMI, where
//! UIMA counts UTF-16 code units.
//!
//! Orphans (annotations whose text is gone from the article) are not exported: they have no
//! place in the text. Links to them are left out too.

pub mod brat;
pub mod conll;
pub mod doccano;
pub mod jsonl;
pub mod label_studio;
pub mod xmi;

pub use brat::{
    brat_ann, brat_conf, brat_type, fragments, fragments_text, ENTITY_NOTE, ISO3166, RELATION,
};
pub use conll::conll;
pub use jsonl::jsonl_line;

use super::{io, relative, Article, CorpusError};
use crate::annotate::Schema;
use std::path::{Component, Path, PathBuf};

/// The export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// brat standoff: `.txt` and `.ann` per article, with `annotation.conf` and `tools.conf`.
    Brat,
    /// One JSON object per article, per line, with tokens.
    Jsonl,
    /// CoNLL-2003: a file per label, `token TAG` a line.
    Conll,
    /// One CoNLL file per article, a BIO column per label.
    ConllMulti,
    /// doccano's JSONL.
    Doccano,
    /// Label Studio's JSON tasks.
    LabelStudio,
    /// UIMA CAS XMI per article and `TypeSystem.xml`.
    Xmi,
}

/// The folder an export is written into: every file is made fresh there ([`Out::put`]),
/// and what it wrote and what it could not write are kept for the user.
pub struct Out<'a> {
    dir: &'a Path,
    written: Vec<PathBuf>,
    notes: Vec<String>,
}

impl<'a> Out<'a> {
    /// An export into `dir`.
    pub fn new(dir: &'a Path) -> Out<'a> {
        Out {
            dir,
            written: Vec::new(),
            notes: Vec::new(),
        }
    }

    /// Writes `bytes` as the new file `rel` below the folder (see [`put`]).
    pub fn put(&mut self, rel: &Path, bytes: &[u8]) -> Result<(), CorpusError> {
        put(self.dir, rel, bytes, &mut self.written)
    }

    /// Tells the user something the export left out or changed (not yet sanitized).
    pub fn note(&mut self, line: impl Into<String>) {
        self.notes.push(line.into());
    }

    /// What was done.
    pub fn done(self) -> Exported {
        Exported {
            written: self.written,
            notes: self.notes,
        }
    }
}

/// What an export did.
#[derive(Debug, Default)]
pub struct Exported {
    /// The files written, in order.
    pub written: Vec<PathBuf>,
    /// What the user should know: annotations a format cannot hold, left out.
    pub notes: Vec<String>,
}

/// Whether `c` ends a line for a reader of a line-based file (Python's `splitlines`
/// included), or is a tab, which separates the fields of a brat line.
fn breaks_fields(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n'
            | '\r'
            | '\u{b}'
            | '\u{c}'
            | '\u{1c}'
            | '\u{1d}'
            | '\u{1e}'
            | '\u{85}'
            | '\u{2028}'
            | '\u{2029}'
    )
}

/// `s` with tabs and line ends replaced by spaces, so that it fits in one field of a line.
pub fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| if breaks_fields(c) { ' ' } else { c })
        .collect()
}

/// A name or an entity written by hamish into a brat line (not the article's own text):
/// on one line, and with no control character, so that printing the file is safe.
pub fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in one_line(s).chars() {
        if !crate::layout::chars::push_control_symbol(c, &mut out) {
            out.push(c);
        }
    }
    out
}

/// `schema` and, after its labels, any other label the articles use (sorted), so that no
/// annotation is left out of an export for want of a column or a type.
pub fn with_labels_of(schema: &Schema, articles: &[Article]) -> Schema {
    let mut labels = schema.labels.clone();
    let mut extra: Vec<String> = articles
        .iter()
        .flat_map(|a| a.loaded.annotations.items())
        .map(|a| a.label.clone())
        .filter(|l| schema.get(l).is_none())
        .collect();
    extra.sort();
    extra.dedup();
    for name in extra {
        labels.push(crate::annotate::Label {
            name,
            key: '\0',
            colour: String::new(),
            link: crate::annotate::Link::None,
        });
    }
    Schema::new(labels, schema.suggestions)
}

/// `path` relative to `root`, keeping only plain components, so that joining it to the
/// output folder never leaves it.
pub fn inside(path: &Path, root: &Path) -> PathBuf {
    let rel = relative(path, root);
    let kept: PathBuf = rel
        .components()
        .filter_map(|c| match c {
            Component::Normal(p) => Some(p),
            _ => None,
        })
        .collect();
    if kept.as_os_str().is_empty() {
        PathBuf::from("article.txt")
    } else {
        kept
    }
}

/// The name of `article` (found under `root`) in an export: its path relative to `root`
/// with `/` between its parts, as the files of every format name it.
pub fn name_of(article: &Article, root: &Path) -> String {
    slashed(&inside(&article.text_path, root))
}

/// A relative path with `/` between its parts, for names inside files.
pub fn slashed(path: &Path) -> String {
    let parts: Vec<String> = path
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.join("/")
}

/// Writes `bytes` as the new file `rel` below `out`, making the folders between. Nothing
/// already below `out` is written through: a symlink (to a file or a folder, perhaps
/// outside) or a file linked elsewhere on the way is removed and a fresh folder or file
/// made in its place, and the file is created with `create_new`, which never follows a
/// symlink, so a link put there meanwhile makes the export fail instead of writing
/// through it.
fn put(
    out: &Path,
    rel: &Path,
    bytes: &[u8],
    written: &mut Vec<PathBuf>,
) -> Result<(), CorpusError> {
    use std::io::Write as _;
    std::fs::create_dir_all(out).map_err(|e| io(out, e))?;
    let mut dir = out.to_path_buf();
    let parts: Vec<&std::ffi::OsStr> = rel.iter().collect();
    let Some((name, folders)) = parts.split_last() else {
        return Ok(());
    };
    for part in folders {
        dir.push(part);
        match std::fs::symlink_metadata(&dir) {
            Ok(m) if m.is_dir() => continue,
            Ok(m) if m.file_type().is_symlink() => {
                std::fs::remove_file(&dir).map_err(|e| io(&dir, e))?
            }
            // Not there (or a file, which `create_dir` then names in its error).
            _ => {}
        }
        std::fs::create_dir(&dir).map_err(|e| io(&dir, e))?;
    }
    let path = dir.join(name);
    if let Ok(m) = std::fs::symlink_metadata(&path) {
        if !m.is_dir() {
            std::fs::remove_file(&path).map_err(|e| io(&path, e))?;
        }
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| io(&path, e))?;
    file.write_all(bytes)
        .and_then(|()| file.flush())
        .map_err(|e| io(&path, e))?;
    written.push(path);
    Ok(())
}

/// Why a folder may not receive an export.
#[derive(Debug, thiserror::Error)]
pub enum OutError {
    /// Below the corpus, the copies of its texts would become articles of it.
    #[error(
        "{} is inside the corpus {}: its copies of the texts would become articles; \
         choose a folder outside it",
        .out.display(),
        .corpus.display()
    )]
    InsideCorpus {
        /// The folder to write to, as given.
        out: PathBuf,
        /// The corpus, as given.
        corpus: PathBuf,
    },
    /// Files there could be written over or mixed with the export.
    #[error(
        "{} is not empty: give an empty or new folder, or --force to write into it",
        .out.display()
    )]
    NotEmpty {
        /// The folder to write to, as given.
        out: PathBuf,
    },
}

/// Whether `out` may receive an export of the corpus at `corpus` (a folder, or one
/// article): it must not be the corpus's folder or below it, even when it does not exist
/// yet (it would once the export makes it), and it must be empty or new unless `force`.
pub fn check_output_folder(corpus: &Path, out: &Path, force: bool) -> Result<(), OutError> {
    // Real paths: `./out`, `sub/../out` or a symlink may name a place inside the corpus.
    let corpus_dir = if corpus.is_dir() {
        std::fs::canonicalize(corpus).ok()
    } else {
        let parent = corpus.parent().filter(|p| !p.as_os_str().is_empty());
        std::fs::canonicalize(parent.unwrap_or(Path::new("."))).ok()
    };
    if let (Some(c), Some(o)) = (&corpus_dir, would_be(out)) {
        if o.starts_with(c) {
            return Err(OutError::InsideCorpus {
                out: out.to_path_buf(),
                corpus: corpus.to_path_buf(),
            });
        }
    }
    if !force && std::fs::read_dir(out).is_ok_and(|mut d| d.next().is_some()) {
        return Err(OutError::NotEmpty {
            out: out.to_path_buf(),
        });
    }
    Ok(())
}

/// The real path `path` has, or would have once made by `create_dir_all`: its nearest
/// ancestor that exists, made real (symlinks followed), with the rest of it after (`..`
/// there going up, as it does in the folders made). `None` if no ancestor can be read.
fn would_be(path: &Path) -> Option<PathBuf> {
    let parts: Vec<Component> = path.components().collect();
    for there in (0..=parts.len()).rev() {
        let head: PathBuf = parts[..there].iter().collect();
        let head = if head.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            head
        };
        let Ok(mut real) = std::fs::canonicalize(&head) else {
            continue;
        };
        for part in &parts[there..] {
            match part {
                Component::ParentDir => {
                    real.pop();
                }
                Component::Normal(p) => real.push(p),
                _ => {}
            }
        }
        return Some(real);
    }
    None
}

/// Writes `articles` (found under `root`) in `format` under `out`, each at its path
/// relative to `root` (see [`name_of`]). Folders are made as needed.
pub fn write(
    articles: &[Article],
    root: &Path,
    format: Format,
    out: &Path,
    schema: &Schema,
) -> Result<Exported, CorpusError> {
    let schema = &with_labels_of(schema, articles);
    let mut out = Out::new(out);
    match format {
        Format::Brat => brat::write(articles, root, schema, &mut out)?,
        Format::Jsonl => jsonl::write(articles, root, schema, &mut out)?,
        Format::Conll => conll::write(articles, root, schema, &mut out)?,
        Format::ConllMulti => conll::write_multi(articles, root, schema, &mut out)?,
        Format::Doccano => doccano::write(articles, root, schema, &mut out)?,
        Format::LabelStudio => label_studio::write(articles, root, schema, &mut out)?,
        Format::Xmi => xmi::write(articles, root, schema, &mut out)?,
    }
    Ok(out.done())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_stay_on_one_line_and_types_have_no_spaces() {
        assert_eq!(one_line("a\tb\r\nc\u{2028}d\u{85}"), "a b  c d ");
        assert_eq!(brat_type("Direct quote"), "Direct_quote");
    }

    type Result = std::result::Result<(), Box<dyn std::error::Error>>;

    #[test]
    fn an_export_goes_to_an_empty_or_new_folder() -> Result {
        let dir = tempfile::tempdir()?;
        let corpus = dir.path().join("corpus");
        std::fs::create_dir(&corpus)?;
        std::fs::write(corpus.join("a.txt"), "نص\n")?;
        let out = dir.path().join("out");
        check_output_folder(&corpus, &out, false)?;
        std::fs::create_dir(&out)?;
        check_output_folder(&corpus, &out, false)?;
        std::fs::write(out.join("old.ann"), "")?;
        let refused = check_output_folder(&corpus, &out, false);
        assert!(
            matches!(refused, Err(OutError::NotEmpty { .. })),
            "{refused:?}"
        );
        let message = refused.err().map(|e| e.to_string()).unwrap_or_default();
        assert!(message.contains("--force"), "{message}");
        check_output_folder(&corpus, &out, true)?;
        Ok(())
    }

    #[test]
    #[cfg(unix)]
    fn an_export_never_goes_inside_its_corpus() -> Result {
        let dir = tempfile::tempdir()?;
        let corpus = dir.path().join("corpus");
        std::fs::create_dir_all(corpus.join("sub"))?;
        std::fs::write(corpus.join("a.txt"), "نص\n")?;
        std::os::unix::fs::symlink(&corpus, dir.path().join("link"))?;
        // New, empty, nested and new, through a symlink, or named the long way round: all
        // inside, and --force does not change that. So is the corpus itself.
        let inside = [
            corpus.clone(),
            corpus.join("out"),
            corpus.join("sub"),
            corpus.join("sub/../out"),
            corpus.join("sub/new"),
            corpus.join("new/deeper/still"),
            corpus.join("new/../sub/x"),
            dir.path().join("link/new/deeper"),
            dir.path().join("elsewhere/../corpus/new"),
        ];
        for out in &inside {
            for force in [false, true] {
                let refused = check_output_folder(&corpus, out, force);
                assert!(
                    matches!(refused, Err(OutError::InsideCorpus { .. })),
                    "{} (force {force}): {refused:?}",
                    out.display()
                );
            }
        }
        // Given one article, its folder is the corpus.
        let refused = check_output_folder(&corpus.join("a.txt"), &corpus.join("new/out"), false);
        assert!(
            matches!(refused, Err(OutError::InsideCorpus { .. })),
            "{refused:?}"
        );
        // Beside it is fine, even with a name that starts the same, and so is a path that
        // leaves it.
        check_output_folder(&corpus, &dir.path().join("corpus-out/new"), false)?;
        check_output_folder(&corpus, &corpus.join("new/../../out"), false)?;
        Ok(())
    }

    #[test]
    #[cfg(unix)]
    fn a_file_is_made_fresh_never_written_through_a_link() -> Result {
        let dir = tempfile::tempdir()?;
        let out = dir.path().join("out");
        let outside = dir.path().join("outside");
        std::fs::create_dir_all(&out)?;
        std::fs::create_dir_all(&outside)?;
        std::fs::write(outside.join("victim"), "keep")?;
        std::os::unix::fs::symlink(outside.join("victim"), out.join("a.ann"))?;
        std::os::unix::fs::symlink(&outside, out.join("sub"))?;
        std::fs::hard_link(outside.join("victim"), out.join("b.ann"))?;
        let mut written = Vec::new();
        for rel in ["a.ann", "sub/c.ann", "b.ann"] {
            put(&out, Path::new(rel), b"new", &mut written)?;
        }
        assert_eq!(std::fs::read_to_string(outside.join("victim"))?, "keep");
        assert_eq!(
            std::fs::read_dir(&outside)?.count(),
            1,
            "nothing made outside"
        );
        for rel in ["a.ann", "sub/c.ann", "b.ann"] {
            let path = out.join(rel);
            assert!(!std::fs::symlink_metadata(&path)?.file_type().is_symlink());
            assert_eq!(std::fs::read_to_string(&path)?, "new");
        }
        assert!(std::fs::symlink_metadata(out.join("sub"))?.is_dir());
        Ok(())
    }
}
