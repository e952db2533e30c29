//! The RON file beside the text (`article.txt` → `article.ron`): loading with re-anchoring,
//! deterministic writing, atomic saving, and the checks of `hamish check`.
//!
//! Parsing uses `ron`. Writing is done here rather than by `ron`'s serializer for two
//! reasons: one annotation per line with its fields in a fixed order (small diffs in git),
//! and Arabic with its harakat written as text, where `ron` would escape every combining
//! mark as `\u{…}`. Control and format characters are still escaped, so the file is plain
//! to read and safe to print.

use super::annotation::Annotations;
use super::change::{Annotation, Conflict, Orphan, Record, Status};
use super::countries::{is_country_code, Gazetteer};
use super::schema::{Link, Schema};
use crate::text::Document;
use serde::Deserialize;
use std::fmt::Write as _;
use std::io::{self, Write as _};
use std::ops::Range;
use std::path::{Path, PathBuf};
use unicode_segmentation::GraphemeCursor;

/// The version of the format this build writes (it reads every version up to it). Format 2
/// added `conflicts` and `by` (who made each annotation); a format 1 file reads as it
/// always did.
pub const FORMAT: u32 = 2;

/// The annotation file of a text file: same folder, same stem, `.ron`.
pub fn ron_path(text: &Path) -> PathBuf {
    text.with_extension("ron")
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileRon {
    format: u32,
    text: TextRon,
    #[serde(default)]
    annotator: Option<String>,
    #[serde(default)]
    status: Status,
    #[serde(default)]
    annotations: Vec<StoredRon>,
    #[serde(default)]
    orphans: Vec<StoredRon>,
    #[serde(default)]
    conflicts: Vec<ConflictRon>,
}

/// A conflict left by a merge: the annotation (or orphan) with this id holds one version,
/// `other` the other one (`None`: the other side deleted it).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConflictRon {
    id: u32,
    other: Option<StoredRon>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TextRon {
    file: String,
    sha256: String,
    chars: usize,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct StoredRon {
    id: u32,
    label: String,
    start: usize,
    end: usize,
    quote: String,
    #[serde(default)]
    entity: Option<String>,
    #[serde(default)]
    country: Option<String>,
    #[serde(default)]
    speaker: Option<u32>,
    #[serde(default)]
    by: Option<String>,
}

impl StoredRon {
    fn into_orphan(self) -> Orphan {
        Orphan {
            id: self.id,
            label: self.label,
            start: self.start,
            end: self.end,
            quote: self.quote,
            entity: self.entity,
            country: self.country,
            speaker: self.speaker,
            by: self.by,
        }
    }

    fn placed(&self, range: std::ops::Range<usize>) -> Annotation {
        Annotation {
            id: self.id,
            label: self.label.clone(),
            range,
            entity: self.entity.clone(),
            country: self.country.clone(),
            speaker: self.speaker,
            by: self.by.clone(),
        }
    }
}

/// Why an annotation file cannot be used. The file is never written over in these cases.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The file could not be read.
    #[error("{file}: {error}")]
    Io {
        /// The file, as named in messages.
        file: String,
        /// Why.
        error: io::Error,
    },
    /// The file is not one to read (a FIFO, a device, too big) or could not be read.
    #[error(transparent)]
    Read(#[from] crate::fsio::ReadError),
    /// Not RON, or not the shape of an annotation file (git conflict markers included).
    #[error("{file}:{line}:{column}: {message}")]
    Syntax {
        /// The file, as named in messages.
        file: String,
        /// From 1.
        line: usize,
        /// From 1.
        column: usize,
        /// What is wrong there.
        message: String,
    },
    /// Written by a newer hamish, in a format this one does not know.
    #[error("{file}: format {found}, but this hamish reads format {FORMAT}; it is newer")]
    Version {
        /// The file, as named in messages.
        file: String,
        /// The format it says it is in.
        found: u32,
    },
    /// Two annotations share an id: links would be ambiguous.
    #[error("{file}: annotation id {id} is used twice")]
    DuplicateId {
        /// The file, as named in messages.
        file: String,
        /// The id.
        id: u32,
    },
    /// The file was made for another text: none of its quotes is found in this one.
    #[error("{file}: it annotates {other:?}, and none of its quotes is in this text")]
    OtherText {
        /// The file, as named in messages.
        file: String,
        /// The text file it names.
        other: String,
    },
}

/// What was read: the annotations placed in the text, and what re-anchoring did.
#[derive(Debug, Default)]
pub struct Loaded {
    /// Placed in the text, or kept as orphans.
    pub annotations: Annotations,
    /// Who the file says made it.
    pub annotator: Option<String>,
    /// The text differs from the one the file was made for.
    pub text_changed: bool,
    /// Annotations found at another place than stored.
    pub moved: usize,
    /// Annotations that could not be placed (kept as orphans).
    pub orphaned: usize,
    /// The file did not exist.
    pub new: bool,
}

fn syntax(file: &str, e: ron::error::SpannedError) -> StoreError {
    StoreError::Syntax {
        file: file.to_string(),
        line: e.span.start.line,
        column: e.span.start.col,
        message: e.code.to_string(),
    }
}

/// Reads the annotation file at `path` for `doc`; a missing file is an empty set.
pub fn load(path: &Path, doc: &Document) -> Result<Loaded, StoreError> {
    let file = path.display().to_string();
    match read(path)? {
        None => Ok(Loaded {
            new: true,
            ..Loaded::default()
        }),
        Some(bytes) => parse_bytes(&bytes, &file, doc),
    }
}

/// The bytes of the annotation file at `path`; `None` when there is none. Only a regular
/// file of at most [`crate::fsio::DATA_LIMIT`] bytes is read.
pub fn read(path: &Path) -> Result<Option<Vec<u8>>, StoreError> {
    Ok(crate::fsio::read_bounded(path, crate::fsio::DATA_LIMIT)?)
}

/// The annotations in the bytes of an annotation file (`file` names it in errors), placed
/// in `doc`.
pub fn parse_bytes(bytes: &[u8], file: &str, doc: &Document) -> Result<Loaded, StoreError> {
    let source = std::str::from_utf8(bytes).map_err(|e| StoreError::Io {
        file: file.to_string(),
        error: io::Error::new(
            io::ErrorKind::InvalidData,
            format!("not UTF-8 at byte {}", e.valid_up_to()),
        ),
    })?;
    parse(source, file, doc, text_file_name(doc))
}

/// The file name of the text, as the annotation file records it.
fn text_file_name(doc: &Document) -> &str {
    Path::new(&doc.name)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or(&doc.name)
}

fn parse(source: &str, file: &str, doc: &Document, name: &str) -> Result<Loaded, StoreError> {
    let ron: FileRon = ron::from_str(source).map_err(|e| syntax(file, e))?;
    if ron.format == 0 || ron.format > FORMAT {
        return Err(StoreError::Version {
            file: file.to_string(),
            found: ron.format,
        });
    }
    let mut ids = std::collections::HashSet::new();
    for a in ron.annotations.iter().chain(&ron.orphans) {
        if !ids.insert(a.id) {
            return Err(StoreError::DuplicateId {
                file: file.to_string(),
                id: a.id,
            });
        }
    }
    let text = doc.text();
    let text_changed = ron.text.sha256 != doc.sha256();
    let stored: Vec<StoredRon> = ron.annotations.into_iter().chain(ron.orphans).collect();
    let offsets: Vec<usize> = stored.iter().flat_map(|a| [a.start, a.end]).collect();
    let bytes = to_bytes(text, &offsets);
    let mut placed: Vec<Annotation> = Vec::new();
    let mut orphans = Vec::new();
    let mut moved = 0;
    // Annotations still at their place first, so that one that moved never takes the
    // place of one that did not.
    let mut lost = Vec::new();
    for (i, a) in stored.into_iter().enumerate() {
        let at = (bytes[2 * i], bytes[2 * i + 1]);
        match still_there(text, at, &a.quote) {
            Some(range) => placed.push(a.placed(range)),
            None => lost.push((at.0.unwrap_or(text.len()), a)),
        }
    }
    for (near, a) in lost {
        let taken = |s: usize| {
            placed
                .iter()
                .any(|p| p.label == a.label && p.range == (s..s + a.quote.len()))
        };
        match find_nearest(text, &a.quote, near, taken) {
            Some(s) => {
                moved += 1;
                placed.push(a.placed(s..s + a.quote.len()));
            }
            None => orphans.push(a.into_orphan()),
        }
    }
    if ron.text.file != name && placed.is_empty() && !orphans.is_empty() {
        return Err(StoreError::OtherText {
            file: file.to_string(),
            other: ron.text.file,
        });
    }
    let conflicts = place_conflicts(text, ron.conflicts, &placed, &orphans);
    let orphaned = orphans.len();
    Ok(Loaded {
        annotations: Annotations::new(placed, orphans, ron.status).with_conflicts(conflicts),
        annotator: ron.annotator,
        text_changed,
        moved,
        orphaned,
        new: false,
    })
}

/// The bytes `at` (a stored annotation's offsets, in bytes where they fall on a char) when
/// its `quote` is still there, on grapheme boundaries.
fn still_there(
    text: &str,
    at: (Option<usize>, Option<usize>),
    quote: &str,
) -> Option<Range<usize>> {
    match at {
        (Some(s), Some(e))
            if s < e && text.get(s..e) == Some(quote) && on_boundaries(text, s, e) =>
        {
            Some(s..e)
        }
        _ => None,
    }
}

/// The conflicts of a file, each with the version the set holds and the other one placed
/// in `text` as an annotation is (at its offsets, else the nearest occurrence of its quote,
/// else as an orphan). A conflict on an id the file does not hold is left out.
fn place_conflicts(
    text: &str,
    stored: Vec<ConflictRon>,
    placed: &[Annotation],
    orphans: &[Orphan],
) -> Vec<Conflict> {
    let offsets: Vec<usize> = stored
        .iter()
        .flat_map(|c| c.other.iter().flat_map(|o| [o.start, o.end]))
        .collect();
    let bytes = to_bytes(text, &offsets);
    let mut at = bytes.chunks(2);
    let mut out = Vec::new();
    for c in stored {
        let held = placed
            .iter()
            .find(|a| a.id == c.id)
            .cloned()
            .map(Record::Placed)
            .or_else(|| {
                orphans
                    .iter()
                    .find(|o| o.id == c.id)
                    .cloned()
                    .map(Record::Orphan)
            });
        let other = c.other.map(|o| {
            let here = at.next().unwrap_or(&[]);
            let here = (
                here.first().copied().flatten(),
                here.get(1).copied().flatten(),
            );
            let near = here.0.unwrap_or(0);
            match still_there(text, here, &o.quote).or_else(|| {
                find_nearest(text, &o.quote, near, |_| false).map(|s| s..s + o.quote.len())
            }) {
                Some(range) => Record::Placed(o.placed(range)),
                None => Record::Orphan(o.into_orphan()),
            }
        });
        if let Some(held) = held {
            out.push(Conflict {
                id: c.id,
                held,
                other,
            });
        }
    }
    out
}

/// Whether `start` and `end` lie on grapheme cluster boundaries of `text`.
pub fn on_boundaries(text: &str, start: usize, end: usize) -> bool {
    [start, end].iter().all(|&at| {
        text.is_char_boundary(at)
            && GraphemeCursor::new(at, text.len(), true)
                .is_boundary(text, 0)
                .unwrap_or(false)
    })
}

/// The occurrence of `quote` in `text` on grapheme boundaries, not `taken`, whose start is
/// nearest to byte `near`. Occurrences may overlap ("بب" is twice in "ببب").
fn find_nearest(
    text: &str,
    quote: &str,
    near: usize,
    taken: impl Fn(usize) -> bool,
) -> Option<usize> {
    if quote.is_empty() {
        return None;
    }
    let finder = memchr::memmem::Finder::new(quote.as_bytes());
    let mut best: Option<usize> = None;
    let mut from = 0;
    while let Some(i) = finder.find(&text.as_bytes()[from..]) {
        let s = from + i;
        if on_boundaries(text, s, s + quote.len())
            && !taken(s)
            && best.is_none_or(|b| s.abs_diff(near) < b.abs_diff(near))
        {
            best = Some(s);
        }
        // The next char, for overlapping occurrences.
        from = s + text[s..].chars().next().map_or(1, char::len_utf8);
    }
    best
}

/// Byte offsets of char offsets (in one pass over the text); `None` past its end.
fn to_bytes(text: &str, chars: &[usize]) -> Vec<Option<usize>> {
    let mut order: Vec<usize> = (0..chars.len()).collect();
    order.sort_by_key(|&i| chars[i]);
    let mut out = vec![None; chars.len()];
    let mut it = text
        .char_indices()
        .map(|(b, _)| b)
        .chain(std::iter::once(text.len()))
        .enumerate()
        .peekable();
    for i in order {
        while it.peek().is_some_and(|&(c, _)| c < chars[i]) {
            it.next();
        }
        out[i] = it.peek().filter(|&&(c, _)| c == chars[i]).map(|&(_, b)| b);
    }
    out
}

/// Char offsets of byte offsets on char boundaries (in one pass over the text).
fn to_chars(text: &str, bytes: &[usize]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..bytes.len()).collect();
    order.sort_by_key(|&i| bytes[i]);
    let mut out = vec![0; bytes.len()];
    let (mut at, mut chars) = (0, 0);
    for i in order {
        let b = bytes[i].min(text.len());
        chars += crate::text::count_chars(&text.as_bytes()[at..b]);
        at = b;
        out[i] = chars;
    }
    out
}

/// Writes a RON string: `"` and `\` escaped, and every control or format character (bidi
/// marks, zero-width joiners) as `\u{…}`, so the file never carries them raw.
fn write_str(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            // Most chars of a quote: printable, visible, never escaped.
            c if crate::layout::chars::flags(c as u32) & crate::layout::chars::PLAIN != 0 => {
                out.push(c)
            }
            c if crate::layout::chars::needs_escape(c) => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

fn write_option_str(out: &mut String, name: &str, value: &Option<String>) {
    if let Some(v) = value {
        let _ = write!(out, ", {name}: Some(");
        write_str(out, v);
        out.push(')');
    }
}

struct Line<'a> {
    id: u32,
    label: &'a str,
    start: usize,
    end: usize,
    quote: &'a str,
    entity: &'a Option<String>,
    country: &'a Option<String>,
    speaker: Option<u32>,
    by: &'a Option<String>,
}

fn write_line(out: &mut String, l: &Line) {
    out.push_str("        ");
    write_fields(out, l);
    out.push_str(",\n");
}

fn write_fields(out: &mut String, l: &Line) {
    let _ = write!(out, "(id: {}, label: ", l.id);
    write_str(out, l.label);
    let _ = write!(out, ", start: {}, end: {}, quote: ", l.start, l.end);
    write_str(out, l.quote);
    write_option_str(out, "entity", l.entity);
    write_option_str(out, "country", l.country);
    if let Some(s) = l.speaker {
        let _ = write!(out, ", speaker: Some({s})");
    }
    write_option_str(out, "by", l.by);
    out.push(')');
}

/// The file's content for `annotations` of `doc`: the same input always gives the same
/// bytes.
pub fn render(doc: &Document, annotations: &Annotations, annotator: Option<&str>) -> String {
    let items = annotations.items();
    let text = doc.text();
    let others: Vec<&Annotation> = annotations
        .conflicts()
        .iter()
        .filter_map(|c| match c.other.as_ref() {
            Some(Record::Placed(a)) => Some(a),
            _ => None,
        })
        .collect();
    let offsets: Vec<usize> = items
        .iter()
        .chain(others.iter().copied())
        .flat_map(|a| [a.range.start, a.range.end])
        .collect();
    let chars = to_chars(text, &offsets);
    let mut out = String::with_capacity(256 + items.len() * 128);
    out.push_str("// hamish annotations; offsets count Unicode scalar values, end exclusive\n(\n");
    let _ = writeln!(out, "    format: {FORMAT},");
    out.push_str("    text: (file: ");
    write_str(&mut out, text_file_name(doc));
    let _ = writeln!(
        out,
        ", sha256: \"{}\", chars: {}),",
        doc.sha256(),
        doc.len_chars()
    );
    out.push_str("    annotator: ");
    match annotator {
        Some(a) => {
            out.push_str("Some(");
            write_str(&mut out, a);
            out.push_str("),\n");
        }
        None => out.push_str("None,\n"),
    }
    let status = match annotations.status() {
        Status::InProgress => "InProgress",
        Status::Done => "Done",
    };
    let _ = writeln!(out, "    status: {status},");
    out.push_str("    annotations: [\n");
    for (i, a) in items.iter().enumerate() {
        write_line(
            &mut out,
            &Line::of_placed(a, text, chars[2 * i], chars[2 * i + 1]),
        );
    }
    out.push_str("    ],\n");
    if !annotations.orphans().is_empty() {
        out.push_str("    orphans: [\n");
        let mut orphans: Vec<&Orphan> = annotations.orphans().iter().collect();
        orphans.sort_by_key(|o| (o.start, o.end, o.id));
        for o in orphans {
            write_line(&mut out, &Line::of_orphan(o));
        }
        out.push_str("    ],\n");
    }
    if !annotations.conflicts().is_empty() {
        out.push_str("    conflicts: [\n");
        let mut placed_other = 0;
        for c in annotations.conflicts() {
            let _ = write!(out, "        (id: {}, other: ", c.id);
            match c.other.as_ref() {
                None => out.push_str("None"),
                Some(Record::Placed(a)) => {
                    let k = items.len() + placed_other;
                    placed_other += 1;
                    out.push_str("Some(");
                    write_fields(
                        &mut out,
                        &Line::of_placed(a, text, chars[2 * k], chars[2 * k + 1]),
                    );
                    out.push(')');
                }
                Some(Record::Orphan(o)) => {
                    out.push_str("Some(");
                    write_fields(&mut out, &Line::of_orphan(o));
                    out.push(')');
                }
            }
            out.push_str("),\n");
        }
        out.push_str("    ],\n");
    }
    out.push_str(")\n");
    out
}

impl<'a> Line<'a> {
    /// An annotation placed in `text`, at chars `start..end`.
    fn of_placed(a: &'a Annotation, text: &'a str, start: usize, end: usize) -> Line<'a> {
        Line {
            id: a.id,
            label: &a.label,
            start,
            end,
            quote: text.get(a.range.clone()).unwrap_or(""),
            entity: &a.entity,
            country: &a.country,
            speaker: a.speaker,
            by: &a.by,
        }
    }

    fn of_orphan(o: &'a Orphan) -> Line<'a> {
        Line {
            id: o.id,
            label: &o.label,
            start: o.start,
            end: o.end,
            quote: &o.quote,
            entity: &o.entity,
            country: &o.country,
            speaker: o.speaker,
            by: &o.by,
        }
    }
}

/// The steps of an atomic save, for tests that interrupt it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Creating the temporary file beside the target.
    Create,
    /// Writing: after the first half of the bytes.
    Write,
    /// Flushing the temporary file to the disk.
    Sync,
    /// Renaming it over the target.
    Rename,
}

/// Writes `bytes` to `path` atomically: a temporary file in the same folder, written,
/// flushed to the disk, then renamed over `path`. Readers see the old or the new content,
/// never a mix; a failure leaves the old file as it was and no temporary file behind.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_atomic_with(path, bytes, &mut |_| Ok(()))
}

/// [`write_atomic`], calling `fault` before each step: an error it returns stops the save
/// there, as a full disk or a read-only folder would.
pub fn write_atomic_with(
    path: &Path,
    bytes: &[u8],
    fault: &mut dyn FnMut(Step) -> io::Result<()>,
) -> io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    fault(Step::Create)?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".hamish-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    let half = bytes.len() / 2;
    tmp.write_all(&bytes[..half])?;
    fault(Step::Write)?;
    tmp.write_all(&bytes[half..])?;
    fault(Step::Sync)?;
    tmp.as_file().sync_all()?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // Keep the old file's mode; a new file is readable by all, as an editor would
        // leave it (the temporary file is made private).
        let mode = std::fs::metadata(path).map_or(0o644, |m| m.permissions().mode());
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(mode))?;
    }
    fault(Step::Rename)?;
    tmp.persist(path).map_err(|e| e.error)?;
    // The rename itself reaches the disk with the folder's entry.
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// One problem found by [`check`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The annotation it is about, if it is about one.
    pub id: Option<u32>,
    /// What is wrong, for a person.
    pub message: String,
}

/// Checks an annotation file against its text without placing anything: quotes equal the
/// text at their offsets, ids are unique, links point to annotations of the right label,
/// spans lie on grapheme boundaries. An empty list means the file is clean.
pub fn check(
    source: &str,
    file: &str,
    doc: &Document,
    schema: &Schema,
) -> Result<Vec<Problem>, StoreError> {
    let ron: FileRon = ron::from_str(source).map_err(|e| syntax(file, e))?;
    let mut problems = Vec::new();
    let mut problem = |id: Option<u32>, message: String| problems.push(Problem { id, message });
    if ron.format == 0 || ron.format > FORMAT {
        problem(
            None,
            format!("format {} (this hamish reads 1 to {FORMAT})", ron.format),
        );
    }
    if ron.text.file != text_file_name(doc) {
        problem(
            None,
            format!(
                "made for {:?}, checked against {:?}",
                ron.text.file,
                text_file_name(doc)
            ),
        );
    }
    if ron.text.sha256 != doc.sha256() {
        problem(
            None,
            "the text has changed since the annotations were saved (sha256 differs)".into(),
        );
    }
    if ron.text.chars != doc.len_chars() {
        problem(
            None,
            format!(
                "the file says the text has {} chars; it has {}",
                ron.text.chars,
                doc.len_chars()
            ),
        );
    }
    let text = doc.text();
    let mut seen = std::collections::HashMap::new();
    for a in ron.annotations.iter().chain(&ron.orphans) {
        if seen.insert(a.id, a.label.as_str()).is_some() {
            problem(Some(a.id), format!("id {} is used twice", a.id));
        }
    }
    for o in &ron.orphans {
        problem(
            Some(o.id),
            format!("orphan: \"{}\" was not found in the text", o.quote),
        );
    }
    let offsets: Vec<usize> = ron
        .annotations
        .iter()
        .flat_map(|a| [a.start, a.end])
        .collect();
    let bytes = to_bytes(text, &offsets);
    for (i, a) in ron.annotations.iter().enumerate() {
        let id = Some(a.id);
        if schema.get(&a.label).is_none() {
            problem(id, format!("label {:?} is not in the schema", a.label));
        }
        match (bytes[2 * i], bytes[2 * i + 1]) {
            _ if a.start >= a.end => {
                problem(id, format!("empty or reversed span {}..{}", a.start, a.end))
            }
            (Some(s), Some(e)) => {
                if text[s..e] != a.quote {
                    problem(
                        id,
                        format!(
                            "quote \"{}\" differs from the text at {}..{}: \"{}\"",
                            a.quote,
                            a.start,
                            a.end,
                            &text[s..e]
                        ),
                    );
                } else if !on_boundaries(text, s, e) {
                    problem(
                        id,
                        format!("{}..{} splits a letter from its marks", a.start, a.end),
                    );
                }
            }
            _ => problem(
                id,
                format!(
                    "{}..{} is past the end of the text ({} chars)",
                    a.start,
                    a.end,
                    doc.len_chars()
                ),
            ),
        }
        let link = schema.link(&a.label);
        if a.entity.is_some() && *link != Link::Entity {
            problem(id, format!("a {} has no entity", a.label));
        }
        match (&a.country, link) {
            (Some(_), l) if *l != Link::CountryCode => {
                problem(id, format!("a {} has no country code", a.label))
            }
            (Some(c), _) if !is_country_code(c) || Gazetteer::builtin().by_code(c).is_none() => {
                problem(id, format!("\"{c}\" is not an ISO 3166-1 alpha-2 code"))
            }
            _ => {}
        }
        if let Some(to) = a.speaker {
            match (link, seen.get(&to)) {
                (Link::Label(target), Some(&label)) if label == target => {}
                (Link::Label(target), Some(&label)) => {
                    problem(id, format!("links to {to}, a {label}, not a {target}"))
                }
                (Link::Label(_), None) => {
                    problem(id, format!("links to {to}, which does not exist"))
                }
                _ => problem(id, format!("a {} links to no annotation", a.label)),
            }
        }
    }
    for c in &ron.conflicts {
        let other = match &c.other {
            Some(o) => format!("a {} at {}..{} {:?}", o.label, o.start, o.end, o.quote),
            None => "a deletion".to_string(),
        };
        problem(
            Some(c.id),
            format!(
                "a merge conflict: the other version is {other}; open the article and choose one"
            ),
        );
    }
    Ok(problems)
}

/// What an annotation file says about its article, read without its text: for lists of
/// many articles, where placing every annotation would cost reading every text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// As stored.
    pub status: Status,
    /// Who the file says made it.
    pub annotator: Option<String>,
    /// Annotations per label, in the order labels first appear.
    pub counts: Vec<(String, usize)>,
    /// Annotations the file keeps as orphans.
    pub orphans: usize,
}

/// Reads the [`Summary`] of an annotation file.
pub fn summary(source: &str, file: &str) -> Result<Summary, StoreError> {
    let ron: FileRon = ron::from_str(source).map_err(|e| syntax(file, e))?;
    let mut counts: Vec<(String, usize)> = Vec::new();
    for a in &ron.annotations {
        match counts.iter_mut().find(|(l, _)| *l == a.label) {
            Some((_, n)) => *n += 1,
            None => counts.push((a.label.clone(), 1)),
        }
    }
    Ok(Summary {
        status: ron.status,
        annotator: ron.annotator,
        counts,
        orphans: ron.orphans.len(),
    })
}

/// Three annotation files merged: what `hamish merge` writes over ours.
#[derive(Debug)]
pub struct FileMerge {
    /// The merged file's content.
    pub content: String,
    /// What came in from theirs.
    pub report: super::merge::Report,
    /// Conflicts the merged file keeps (this merge's and earlier ones').
    pub conflicts: usize,
}

/// Merges the annotation files `theirs` and `ours`, both made from `base`, for `doc` (the
/// text as it is now): each is read and placed in the text as on open, merged three-way,
/// and written as hamish writes a file, with ours' annotator. An empty `base` (a file
/// added on both sides) is an empty set. `names` name the three in errors.
pub fn merge_files(
    base: &[u8],
    ours: &[u8],
    theirs: &[u8],
    doc: &Document,
    names: [&str; 3],
) -> Result<FileMerge, StoreError> {
    let read = |bytes: &[u8], name: &str| -> Result<Loaded, StoreError> {
        if bytes.iter().all(u8::is_ascii_whitespace) {
            Ok(Loaded::default())
        } else {
            parse_bytes(bytes, name, doc)
        }
    };
    let (b, o, t) = (
        read(base, names[0])?,
        read(ours, names[1])?,
        read(theirs, names[2])?,
    );
    let side = super::merge::Side::from;
    let m = super::merge::merge(
        side(&b.annotations),
        side(&o.annotations),
        side(&t.annotations),
    );
    let conflicts = m.conflicts.len();
    let merged = Annotations::new(m.items, m.orphans, m.status).with_conflicts(m.conflicts);
    let annotator = o.annotator.as_deref().or(t.annotator.as_deref());
    Ok(FileMerge {
        content: render(doc, &merged, annotator),
        report: m.report,
        conflicts,
    })
}

/// The name of the text file an annotation file records, if it can be read.
pub fn recorded_text_file(source: &str) -> Option<String> {
    ron::from_str::<FileRon>(source).ok().map(|f| f.text.file)
}

/// The text that the annotation file at `ron`, holding `source`, belongs to: the file it
/// records, in the same folder, else the same stem with `.txt`. A recorded name with a
/// folder part is not followed: the file must not lead a check to any other place.
pub fn recorded_text_path(ron: &Path, source: &str) -> PathBuf {
    recorded_text_file(source)
        .filter(|name| Path::new(name).file_name() == Some(std::ffi::OsStr::new(name)))
        .map_or_else(
            || ron.with_extension("txt"),
            |name| ron.with_file_name(name),
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_byte_maps_agree_with_std() {
        let text = "\u{feff}قال جون كيري: «الصين» 5.7%";
        let chars: Vec<usize> = (0..=text.chars().count() + 1).rev().collect();
        let bytes = to_bytes(text, &chars);
        for (i, &c) in chars.iter().enumerate() {
            let want = text
                .char_indices()
                .map(|(b, _)| b)
                .chain([text.len()])
                .nth(c);
            assert_eq!(bytes[i], want, "char {c}");
        }
        let all: Vec<usize> = text.char_indices().map(|(b, _)| b).rev().collect();
        let back = to_chars(text, &all);
        let want: Vec<usize> = (0..text.chars().count()).rev().collect();
        assert_eq!(back, want);
    }

    #[test]
    fn strings_keep_arabic_and_escape_controls() {
        let mut out = String::new();
        write_str(&mut out, "مُحَمَّد \"x\" \\ \u{200f}\u{1b}\n");
        assert_eq!(out, "\"مُحَمَّد \\\"x\\\" \\\\ \\u{200f}\\u{1b}\\n\"");
        let back: String = ron::from_str(&out).expect("ron reads it");
        assert_eq!(back, "مُحَمَّد \"x\" \\ \u{200f}\u{1b}\n");
    }

    #[test]
    fn an_annotation_file_leads_to_the_text_it_records_beside_it() {
        let file = |name: &str| {
            format!(
                "(format: 1, text: (file: {name:?}, sha256: \"00\", chars: 0), annotations: [])"
            )
        };
        let ron = Path::new("corpus/copy.ron");
        assert_eq!(
            recorded_text_path(ron, &file("article.txt")),
            Path::new("corpus/article.txt")
        );
        // A name with a folder part, or a file that cannot be read: the same stem.
        for source in [
            file("../secret.txt"),
            file("sub/a.txt"),
            file("/etc/passwd"),
            "(format: 1,".into(),
        ] {
            assert_eq!(
                recorded_text_path(ron, &source),
                Path::new("corpus/copy.txt"),
                "{source}"
            );
        }
    }
}
