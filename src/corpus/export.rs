//! Exports of annotated articles for other tools: brat standoff (`.txt` + `.ann`, and an
//! `annotation.conf`), JSON Lines (one object per article) and CoNLL (one token a line, a
//! BIO column per label), and the check that the folder they go to can take them.
//!
//! Every offset written counts chars (Unicode scalar values) of the text as stored, end
//! exclusive, so Python's `text[start:end]` is the annotated text.
//!
//! Orphans (annotations whose text is gone from the article) are not exported: they have no
//! place in the text. Links to them are left out too.

use super::{io, relative, Article, CorpusError};
use crate::annotate::countries::{self, Gazetteer};
use crate::annotate::{Annotation, Link, Schema, Status};
use serde::Serialize;
use std::fmt::Write as _;
use std::ops::Range;
use std::path::{Component, Path, PathBuf};
use unicode_segmentation::UnicodeSegmentation;

/// The export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// brat standoff: `.txt` and `.ann` per article, with `annotation.conf`.
    Brat,
    /// One JSON object per article, per line.
    Jsonl,
    /// One token per line, a BIO column per label.
    Conll,
}

/// The relation name of a link to another annotation (`Link::Label`) in brat.
pub const RELATION: &str = "Attributed";

/// The database name of country codes in brat normalizations.
pub const ISO3166: &str = "ISO3166";

/// The prefix of the annotator note that holds a Speaker's entity.
pub const ENTITY_NOTE: &str = "entity: ";

/// The brat type of a label: brat type names cannot hold whitespace, which becomes `_`.
pub fn brat_type(label: &str) -> String {
    label
        .chars()
        .map(|c| {
            if c.is_whitespace() || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect()
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
fn clean(s: &str) -> String {
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

/// The brat fragments of byte range `range`, in bytes: the range cut at each line end
/// (`\n` or `\r\n`), the line ends left out. Empty fragments are dropped, except at the two
/// ends, so that the first start and the last end are the range's own.
pub fn fragments(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = range.start;
    let slice = text.get(range.clone()).unwrap_or("");
    for i in memchr::memchr_iter(b'\n', slice.as_bytes()) {
        let nl = range.start + i;
        let end = if nl > start && text.as_bytes()[nl - 1] == b'\r' {
            nl - 1
        } else {
            nl
        };
        out.push(start..end);
        start = nl + 1;
    }
    out.push(start..range.end);
    let last = out.len() - 1;
    out.into_iter()
        .enumerate()
        .filter(|(i, r)| !r.is_empty() || *i == 0 || *i == last)
        .map(|(_, r)| r)
        .collect()
}

/// The text brat records for `fragments` (bytes) of `text`: each fragment's text, joined
/// by a space as brat does, with tabs and line ends made spaces.
pub fn fragments_text(text: &str, fragments: &[Range<usize>]) -> String {
    let pieces: Vec<&str> = fragments
        .iter()
        .map(|r| text.get(r.clone()).unwrap_or(""))
        .collect();
    one_line(&pieces.join(" "))
}

/// The `.ann` file of `article`: `T` lines for the spans (cut into fragments at line ends),
/// `R` lines (`Attributed`) for links to another annotation, `N` lines for country codes,
/// `#` notes for speaker entities. Each kind is numbered from 1 in text order. The schema
/// is not needed: a link is written as it is, and the importer checks it.
pub fn brat_ann(article: &Article, _schema: &Schema) -> String {
    let doc = &article.doc;
    let text = doc.text();
    let items = article.loaded.annotations.items();
    let mut out = String::new();
    for a in items {
        let frags = fragments(text, a.range.clone());
        let offsets: Vec<String> = frags
            .iter()
            .map(|r| format!("{} {}", doc.byte_to_char(r.start), doc.byte_to_char(r.end)))
            .collect();
        let _ = writeln!(
            out,
            "T{}\t{} {}\t{}",
            a.id,
            brat_type(&a.label),
            offsets.join(";"),
            fragments_text(text, &frags)
        );
    }
    let placed = |id: u32| items.iter().any(|b| b.id == id);
    let mut n = 0;
    for a in items {
        if let Some(to) = a.speaker.filter(|&to| placed(to)) {
            n += 1;
            let _ = writeln!(out, "R{n}\t{RELATION} Arg1:T{} Arg2:T{to}", a.id);
        }
    }
    let mut n = 0;
    for a in items {
        let Some(code) = a
            .country
            .as_deref()
            .filter(|c| countries::is_country_code(c))
        else {
            continue;
        };
        n += 1;
        let name = Gazetteer::builtin()
            .by_code(code)
            .map_or(code, |c| c.name.as_str());
        let _ = writeln!(
            out,
            "N{n}\tReference T{} {ISO3166}:{code}\t{}",
            a.id,
            clean(name)
        );
    }
    let mut n = 0;
    for a in items {
        if let Some(entity) = &a.entity {
            n += 1;
            let _ = writeln!(
                out,
                "#{n}\tAnnotatorNotes T{}\t{ENTITY_NOTE}{}",
                a.id,
                clean(entity)
            );
        }
    }
    out
}

/// brat's `annotation.conf` for `schema`: an entity type per label, the `Attributed`
/// relation for each link to another label, and overlapping spans allowed.
pub fn brat_conf(schema: &Schema) -> String {
    let mut out = String::from("# brat configuration written by hamish\n\n[entities]\n");
    for l in &schema.labels {
        let _ = writeln!(out, "{}", brat_type(&l.name));
    }
    out.push_str("\n[relations]\n");
    // One line per target label, the labels that link to it as alternatives.
    let mut targets: Vec<(&str, Vec<String>)> = Vec::new();
    for l in &schema.labels {
        if let Link::Label(target) = &l.link {
            let from = brat_type(&l.name);
            match targets.iter_mut().find(|(t, _)| t == target) {
                Some((_, froms)) => froms.push(from),
                None => targets.push((target, vec![from])),
            }
        }
    }
    for (target, froms) in &targets {
        let _ = writeln!(
            out,
            "{RELATION} Arg1:{}, Arg2:{}",
            froms.join("|"),
            brat_type(target)
        );
    }
    out.push_str("<OVERLAP> Arg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>\n");
    out.push_str("\n[events]\n\n[attributes]\n");
    out
}

#[derive(Serialize)]
struct JsonArticle<'a> {
    file: &'a str,
    text: &'a str,
    sha256: &'a str,
    annotator: Option<&'a str>,
    status: Status,
    spans: Vec<JsonSpan<'a>>,
}

#[derive(Serialize)]
struct JsonSpan<'a> {
    id: u32,
    start: usize,
    end: usize,
    label: &'a str,
    text: &'a str,
    links: JsonLinks<'a>,
}

#[derive(Serialize)]
struct JsonLinks<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    entity: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    country: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    speaker: Option<u32>,
}

/// One JSON object (no line end) for `article`, named `name`: its text, sha256, annotator,
/// status and spans in text order, with char offsets.
pub fn jsonl_line(article: &Article, name: &str) -> String {
    let doc = &article.doc;
    let text = doc.text();
    let spans = article
        .loaded
        .annotations
        .items()
        .iter()
        .map(|a: &Annotation| JsonSpan {
            id: a.id,
            start: doc.byte_to_char(a.range.start),
            end: doc.byte_to_char(a.range.end),
            label: &a.label,
            text: text.get(a.range.clone()).unwrap_or(""),
            links: JsonLinks {
                entity: a.entity.as_deref(),
                country: a.country.as_deref(),
                speaker: a.speaker,
            },
        })
        .collect();
    let object = JsonArticle {
        file: name,
        text,
        sha256: doc.sha256(),
        annotator: article.loaded.annotator.as_deref(),
        status: article.loaded.annotations.status(),
        spans,
    };
    // Strings, numbers and a unit enum: serializing them cannot fail.
    serde_json::to_string(&object).unwrap_or_default()
}

/// The file name of the article's text, for headers.
fn file_name(article: &Article) -> String {
    article.text_path.file_name().map_or_else(
        || article.doc.name.clone(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// The CoNLL file of `article`: `# file = …` and `# columns = token …` first, then one
/// token a line (the word segments of UAX #29 that are not whitespace) with a BIO tag for
/// each label of `schema`, in its order; a blank line between paragraphs. A token is in a
/// span when they overlap; the first token of each span is its `B-`.
pub fn conll(article: &Article, schema: &Schema) -> String {
    let doc = &article.doc;
    let text = doc.text();
    // Tokens (byte ranges), by paragraph; paragraphs without tokens are left out.
    let mut paragraphs: Vec<Range<usize>> = Vec::new();
    let mut tokens: Vec<Range<usize>> = Vec::new();
    for p in 0..doc.len_paragraphs() {
        let range = doc.paragraph_range(p);
        let first = tokens.len();
        for (at, seg) in doc.paragraph(p).split_word_bound_indices() {
            if !seg.chars().all(char::is_whitespace) {
                let start = range.start + at;
                tokens.push(start..start + seg.len());
            }
        }
        if tokens.len() > first {
            paragraphs.push(first..tokens.len());
        }
    }
    // tags[label][token]: 0 O, 1 I, 2 B.
    let mut tags = vec![vec![0u8; tokens.len()]; schema.labels.len()];
    for a in article.loaded.annotations.items() {
        let Some(l) = schema.index(&a.label) else {
            continue;
        };
        let first = tokens.partition_point(|t| t.end <= a.range.start);
        for (i, t) in tokens.iter().enumerate().skip(first) {
            if t.start >= a.range.end {
                break;
            }
            let tag = if i == first { 2 } else { 1 };
            tags[l][i] = tags[l][i].max(tag);
        }
    }
    let mut out = String::new();
    let _ = writeln!(out, "# file = {}", clean(&file_name(article)));
    out.push_str("# columns = token");
    for l in &schema.labels {
        let _ = write!(out, " {}", brat_type(&l.name));
    }
    out.push('\n');
    for (n, p) in paragraphs.iter().enumerate() {
        if n > 0 {
            out.push('\n');
        }
        for i in p.clone() {
            out.push_str(&one_line(text.get(tokens[i].clone()).unwrap_or("")));
            for (l, label) in schema.labels.iter().enumerate() {
                match tags[l][i] {
                    2 => {
                        let _ = write!(out, "\tB-{}", brat_type(&label.name));
                    }
                    1 => {
                        let _ = write!(out, "\tI-{}", brat_type(&label.name));
                    }
                    _ => out.push_str("\tO"),
                }
            }
            out.push('\n');
        }
    }
    out
}

/// `path` relative to `root`, keeping only plain components, so that joining it to the
/// output folder never leaves it.
fn inside(path: &Path, root: &Path) -> PathBuf {
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

/// A relative path with `/` between its parts, for names inside files.
fn slashed(path: &Path) -> String {
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
/// relative to `root`: brat → `rel.txt` and `rel.ann` per article and `annotation.conf` at
/// the top; JSON Lines → `corpus.jsonl`, a line per article; CoNLL → `rel.conll` per
/// article. Folders are made as needed. Returns the files written, in order.
pub fn write(
    articles: &[Article],
    root: &Path,
    format: Format,
    out: &Path,
    schema: &Schema,
) -> Result<Vec<PathBuf>, CorpusError> {
    let mut written = Vec::new();
    let schema = &with_labels_of(schema, articles);
    match format {
        Format::Brat => {
            put(
                out,
                Path::new("annotation.conf"),
                brat_conf(schema).as_bytes(),
                &mut written,
            )?;
            for a in articles {
                let rel = inside(&a.text_path, root);
                put(
                    out,
                    &rel.with_extension("txt"),
                    a.doc.text().as_bytes(),
                    &mut written,
                )?;
                put(
                    out,
                    &rel.with_extension("ann"),
                    brat_ann(a, schema).as_bytes(),
                    &mut written,
                )?;
            }
        }
        Format::Jsonl => {
            let mut lines = String::new();
            for a in articles {
                lines.push_str(&jsonl_line(a, &slashed(&inside(&a.text_path, root))));
                lines.push('\n');
            }
            put(
                out,
                Path::new("corpus.jsonl"),
                lines.as_bytes(),
                &mut written,
            )?;
        }
        Format::Conll => {
            for a in articles {
                let rel = inside(&a.text_path, root);
                put(
                    out,
                    &rel.with_extension("conll"),
                    conll(a, schema).as_bytes(),
                    &mut written,
                )?;
            }
        }
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fragments_leave_out_line_ends_and_keep_the_range_ends() {
        let text = "ab\r\n\ncd\n";
        assert_eq!(fragments(text, 0..2), vec![0..2]);
        assert_eq!(fragments(text, 1..7), [1..2, 5..7]);
        assert_eq!(fragments(text, 5..8), [5..7, 8..8]);
        assert_eq!(fragments(text, 2..6), [2..2, 5..6]);
        assert_eq!(fragments_text(text, &fragments(text, 1..8)), "b cd ");
    }

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
