//! brat standoff `.ann` files (as [`crate::corpus::export::brat`] writes them, or as brat
//! itself does) read back into [`Annotations`], one file or a whole folder of them.
//!
//! Nothing is dropped silently: every line that cannot be used comes back as a message.

use super::{ImportError, Skipped, Summary};
use crate::annotate::{countries, store, Annotation, Annotations, Link, Schema, Status};
use crate::corpus::export::{brat_type, fragments_text, one_line, ENTITY_NOTE, ISO3166, RELATION};
use crate::text::Document;
use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;

/// A line that was read, and where.
struct Line<'a> {
    number: usize,
    text: &'a str,
}

impl Line<'_> {
    fn refuse(&self, why: impl std::fmt::Display) -> String {
        format!("line {}: {why}: {}", self.number, self.text)
    }
}

/// The number of an id such as `T12` with prefix `T`.
fn id_number(id: &str, prefix: char) -> Option<u32> {
    let digits = id.strip_prefix(prefix)?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// Chars `start..end` of `doc` in bytes, or why not.
fn to_bytes(doc: &Document, start: usize, end: usize) -> Result<Range<usize>, String> {
    let past = |at: usize| {
        format!(
            "offset {at} is past the end of the text ({} chars)",
            doc.len_chars()
        )
    };
    let s = doc.char_to_byte(start).ok_or_else(|| past(start))?;
    let e = doc.char_to_byte(end).ok_or_else(|| past(end))?;
    Ok(s..e)
}

/// Parses the fragments `a b;c d` into char ranges, in order and not overlapping.
fn parse_fragments(offsets: &str) -> Result<Vec<Range<usize>>, String> {
    let mut out: Vec<Range<usize>> = Vec::new();
    for frag in offsets.split(';') {
        let numbers: Vec<&str> = frag.split_whitespace().collect();
        let [a, b] = numbers[..] else {
            return Err(format!("bad offsets {offsets:?}"));
        };
        let (Ok(a), Ok(b)) = (a.parse::<usize>(), b.parse::<usize>()) else {
            return Err(format!("bad offsets {offsets:?}"));
        };
        if a > b || out.last().is_some_and(|l| l.end > a) {
            return Err(format!("bad offsets {offsets:?}: reversed or out of order"));
        }
        out.push(a..b);
    }
    Ok(out)
}

/// A `T` line as an annotation of `doc`, or why not.
fn text_bound(
    line: &Line,
    doc: &Document,
    types: &HashMap<String, &str>,
) -> Result<Annotation, String> {
    let mut fields = line.text.splitn(3, '\t');
    let (Some(id), Some(middle), Some(quoted)) = (fields.next(), fields.next(), fields.next())
    else {
        return Err(line.refuse("not three tab-separated fields"));
    };
    let id = id_number(id, 'T').ok_or_else(|| line.refuse(format!("bad id {id:?}")))?;
    let (kind, offsets) = middle
        .split_once(' ')
        .ok_or_else(|| line.refuse("no offsets"))?;
    let label = types
        .get(kind)
        .copied()
        .ok_or_else(|| line.refuse(format!("label {kind:?} is not in the schema")))?;
    let frags = parse_fragments(offsets).map_err(|why| line.refuse(why))?;
    let (Some(first), Some(last)) = (frags.first(), frags.last()) else {
        return Err(line.refuse("no offsets"));
    };
    if first.start >= last.end {
        return Err(line.refuse(format!("empty span {}..{}", first.start, last.end)));
    }
    let bytes: Vec<Range<usize>> = frags
        .iter()
        .map(|f| to_bytes(doc, f.start, f.end))
        .collect::<Result<_, _>>()
        .map_err(|why| line.refuse(why))?;
    let text = doc.text();
    // hamish cuts a span at line ends when it writes one; any other gap is not a span of
    // hamish's, which are continuous.
    let gap = bytes.windows(2).any(|w| {
        text.get(w[0].end..w[1].start)
            .is_none_or(|g| !g.bytes().all(|b| b == b'\n' || b == b'\r'))
    });
    if gap {
        let listed: Vec<String> = frags
            .iter()
            .map(|f| format!("{}..{}", f.start, f.end))
            .collect();
        return Err(line.refuse(format!(
            "a discontinuous span ({}): hamish spans are continuous; not imported",
            listed.join(", ")
        )));
    }
    let found = fragments_text(text, &bytes);
    if found != one_line(quoted) {
        return Err(line.refuse(format!(
            "the text at {}..{} is {found:?}",
            first.start, last.end
        )));
    }
    let range = bytes[0].start..bytes[bytes.len() - 1].end;
    if !store::on_boundaries(text, range.start, range.end) {
        return Err(line.refuse("the span splits a letter from its marks"));
    }
    let mut a = Annotation::new(label, range);
    a.id = id;
    Ok(a)
}

/// The annotations of `doc` in the brat `.ann` file `ann`, and a message for every line
/// that could not be used (`line N: why: the line`).
///
/// `T` lines become annotations with the T number as id (fragments `a b;c d` give one span
/// from the first start to the last end when only line ends are between them, as hamish
/// writes a span across lines; a span with any other gap is refused); `R` lines (`Attributed Arg1:T… Arg2:T…`) the
/// `speaker` link of Arg1, when the schema lets Arg1's label link to Arg2's; `N` lines
/// (`Reference T… ISO3166:XX`) country codes of the gazetteer; `#` notes (`AnnotatorNotes T…` with
/// `entity: NAME`) entities. Offsets count chars.
pub fn from_brat(ann: &str, doc: &Document, schema: &Schema) -> (Annotations, Vec<String>) {
    let types: HashMap<String, &str> = schema
        .labels
        .iter()
        .map(|l| (brat_type(&l.name), l.name.as_str()))
        .collect();
    // A byte order mark is not part of the first line.
    let ann = ann.strip_prefix('\u{feff}').unwrap_or(ann);
    let lines: Vec<Line> = ann
        .lines()
        .enumerate()
        .map(|(i, text)| Line {
            number: i + 1,
            text,
        })
        .filter(|l| !l.text.trim().is_empty())
        .collect();
    let mut messages: Vec<(usize, String)> = Vec::new();
    let mut items: Vec<Annotation> = Vec::new();
    // Where each id was defined, for messages about duplicates.
    let mut defined: HashMap<u32, usize> = HashMap::new();
    for line in lines.iter().filter(|l| l.text.starts_with('T')) {
        match text_bound(line, doc, &types) {
            Ok(a) => {
                if let Some(at) = defined.get(&a.id) {
                    let why = format!("T{} is already defined on line {at}", a.id);
                    messages.push((line.number, line.refuse(why)));
                } else if let Some(same) = items
                    .iter()
                    .find(|b| b.label == a.label && b.range == a.range)
                {
                    let why = format!("the same {} span as T{}", a.label, same.id);
                    messages.push((line.number, line.refuse(why)));
                } else {
                    defined.insert(a.id, line.number);
                    items.push(a);
                }
            }
            Err(message) => messages.push((line.number, message)),
        }
    }
    let mut imported = Imported {
        schema,
        items,
        set: HashMap::new(),
    };
    for line in lines.iter().filter(|l| !l.text.starts_with('T')) {
        let result = match line.text.chars().next() {
            Some('R') => imported.relation(line),
            Some('N') => imported.normalization(line),
            Some('#') => imported.note(line),
            _ => Err(line.refuse("unknown kind of line")),
        };
        if let Err(message) = result {
            messages.push((line.number, message));
        }
    }
    messages.sort_by_key(|(n, _)| *n);
    (
        Annotations::new(imported.items, vec![], Status::InProgress),
        messages.into_iter().map(|(_, m)| m).collect(),
    )
}

/// The annotation that `target` (`T12`) names, among those imported.
fn target<'a>(
    line: &Line,
    target: &str,
    items: &'a mut [Annotation],
) -> Result<&'a mut Annotation, String> {
    let id = id_number(target, 'T').ok_or_else(|| line.refuse(format!("bad id {target:?}")))?;
    items
        .iter_mut()
        .find(|a| a.id == id)
        .ok_or_else(|| line.refuse(format!("no T{id} (or its line was not used)")))
}

/// Records that `line` sets field `field` of annotation `id`, refusing a second one.
fn first_time(
    line: &Line,
    set: &mut HashMap<(char, u32), usize>,
    field: char,
    id: u32,
    what: &str,
) -> Result<(), String> {
    if let Some(at) = set.get(&(field, id)) {
        return Err(line.refuse(format!("T{id} already has {what} (line {at})")));
    }
    set.insert((field, id), line.number);
    Ok(())
}

/// The words of the body of an `R` or `N` line (`R1\tbody…`), whose id has `prefix`.
fn body_words<'a>(line: &Line<'a>, prefix: char) -> Result<Vec<&'a str>, String> {
    let mut fields = line.text.split('\t');
    let (Some(id), Some(body)) = (fields.next(), fields.next()) else {
        return Err(line.refuse("not tab-separated"));
    };
    if id_number(id, prefix).is_none() {
        return Err(line.refuse(format!("bad id {id:?}")));
    }
    Ok(body.split_whitespace().collect())
}

/// The imported annotations that `R`, `N` and `#` lines give fields to, and which lines
/// set which field: (field, id) → line number, for messages about a second one.
struct Imported<'s> {
    schema: &'s Schema,
    items: Vec<Annotation>,
    set: HashMap<(char, u32), usize>,
}

impl Imported<'_> {
    /// `R1\tAttributed Arg1:T2 Arg2:T1`: the speaker of T2 is T1.
    fn relation(&mut self, line: &Line) -> Result<(), String> {
        let parts = body_words(line, 'R')?;
        let [kind, arg1, arg2] = parts[..] else {
            return Err(line.refuse("not a relation and two arguments"));
        };
        if kind != RELATION {
            return Err(line.refuse(format!("relation {kind:?} is not {RELATION}")));
        }
        let (Some(from), Some(to)) = (arg1.strip_prefix("Arg1:"), arg2.strip_prefix("Arg2:"))
        else {
            return Err(line.refuse("the arguments are not Arg1: and Arg2:"));
        };
        let to = target(line, to, &mut self.items)?;
        let (to_id, to_label) = (to.id, to.label.clone());
        let from = target(line, from, &mut self.items)?;
        match self.schema.link(&from.label) {
            Link::Label(t) if *t == to_label => {}
            _ => {
                return Err(line.refuse(format!(
                    "the schema does not let a {} link to a {to_label}",
                    from.label
                )))
            }
        }
        first_time(line, &mut self.set, 'R', from.id, "a speaker")?;
        from.speaker = Some(to_id);
        Ok(())
    }

    /// `N1\tReference T3 ISO3166:CN\tChina`: the country code of T3.
    fn normalization(&mut self, line: &Line) -> Result<(), String> {
        let parts = body_words(line, 'N')?;
        let ["Reference", on, reference] = parts[..] else {
            return Err(line.refuse("not Reference, a T id and a reference"));
        };
        let code = match reference.split_once(':') {
            Some((ISO3166, code)) if countries::Gazetteer::builtin().by_code(code).is_some() => {
                code
            }
            Some((ISO3166, code)) if countries::is_country_code(code) => {
                return Err(line.refuse(format!("{code:?} is the code of no country")))
            }
            Some((ISO3166, code)) => {
                return Err(line.refuse(format!("{code:?} is not an ISO 3166-1 alpha-2 code")))
            }
            _ => return Err(line.refuse(format!("not an {ISO3166}: reference"))),
        };
        let a = self.target_to_set(line, on, Link::CountryCode, 'N', ["a", "country code"])?;
        a.country = Some(code.to_string());
        Ok(())
    }

    /// `#1\tAnnotatorNotes T1\tentity: John Kerry`: the entity of T1.
    fn note(&mut self, line: &Line) -> Result<(), String> {
        let mut fields = line.text.splitn(3, '\t');
        let (Some(_), Some(body), Some(note)) = (fields.next(), fields.next(), fields.next())
        else {
            return Err(line.refuse("not three tab-separated fields"));
        };
        let parts: Vec<&str> = body.split_whitespace().collect();
        let ["AnnotatorNotes", on] = parts[..] else {
            return Err(line.refuse("not AnnotatorNotes and a T id"));
        };
        let Some(entity) = note.strip_prefix(ENTITY_NOTE) else {
            return Err(line.refuse(format!("the note does not start with {ENTITY_NOTE:?}")));
        };
        if entity.trim().is_empty() {
            return Err(line.refuse("an empty entity"));
        }
        let a = self.target_to_set(line, on, Link::Entity, '#', ["an", "entity"])?;
        a.entity = Some(entity.to_string());
        Ok(())
    }

    /// The annotation that `on` names, for `line` to set its `field` (`article noun`, to
    /// name it in messages): refused where the schema does not give its label `link`, or
    /// where an earlier line set that field.
    fn target_to_set(
        &mut self,
        line: &Line,
        on: &str,
        link: Link,
        field: char,
        [article, noun]: [&str; 2],
    ) -> Result<&mut Annotation, String> {
        let a = target(line, on, &mut self.items)?;
        if *self.schema.link(&a.label) != link {
            return Err(line.refuse(format!("a {} has no {noun}", a.label)));
        }
        first_time(
            line,
            &mut self.set,
            field,
            a.id,
            &format!("{article} {noun}"),
        )?;
        Ok(a)
    }
}

/// Imports every brat `name.ann` beside its `name.txt` at `path` (an article or a folder
/// of them) into `name.ron`, in `schema`'s labels. An article without a `.ann` (or with an
/// empty one, as brat leaves) has nothing to import; one whose lines were all left out
/// gets no `.ron` either; an existing `.ron` is replaced only with `force`. Whatever is left out (a
/// file, or a line of one) goes to `on_skip` as it is met, and so does every `.ann` with
/// no text beside it, which no article would lead to.
pub fn import_brat(
    path: &Path,
    schema: &Schema,
    force: bool,
    mut on_skip: impl FnMut(Skipped),
) -> Result<Summary, ImportError> {
    let mut skipped = 0;
    let mut skip = |s: Skipped| {
        skipped += 1;
        on_skip(s);
    };
    let mut written = 0;
    for text_path in crate::corpus::articles(path)? {
        let ann = text_path.with_extension("ann");
        let source = match crate::fsio::read_bounded_string(&ann, crate::fsio::DATA_LIMIT) {
            Ok(Some(s)) => s,
            Ok(None) => continue,
            Err(e) => {
                skip(Skipped::Unreadable(e));
                continue;
            }
        };
        if source.trim_start_matches('\u{feff}').trim().is_empty() {
            // brat makes an empty .ann for every text it opens: nothing was annotated.
            continue;
        }
        let ron = store::ron_path(&text_path);
        if ron.exists() && !force {
            skip(Skipped::Exists { ron });
            continue;
        }
        let doc = match crate::text::load(&text_path) {
            Ok(d) => d,
            Err(e) => {
                skip(Skipped::Text(e));
                continue;
            }
        };
        let (annotations, problems) = from_brat(&source, &doc, schema);
        for problem in problems {
            skip(Skipped::Line {
                file: ann.clone(),
                problem,
            });
        }
        if annotations.is_empty() {
            skip(Skipped::Nothing { ron });
            continue;
        }
        let body = store::render(&doc, &annotations, None);
        store::write_atomic(&ron, body.as_bytes())
            .map_err(|error| ImportError::Write { path: ron, error })?;
        written += 1;
    }
    for ann in crate::corpus::files_with_extension(path, "ann")? {
        if !ann.with_extension("txt").exists() {
            skip(Skipped::NoText { ann });
        }
    }
    Ok(Summary { written, skipped })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_fragments_parse_strictly() {
        assert_eq!(id_number("T12", 'T'), Some(12));
        for bad in ["T", "T1a", "R1", "T-1", "T99999999999"] {
            assert_eq!(id_number(bad, 'T'), None, "{bad}");
        }
        assert_eq!(parse_fragments("1 3;5 8"), Ok(vec![1..3, 5..8]));
        for bad in ["1", "1 2 3", "3 1", "1 5;4 6", "a b", "1 2;"] {
            assert!(parse_fragments(bad).is_err(), "{bad}");
        }
    }

    type Result = std::result::Result<(), Box<dyn std::error::Error>>;

    const TEXT: &str = "قال كيري إن الصين مهمة.\n";
    /// كيري a Speaker and الصين a Country, as brat writes them.
    const ANN: &str = "T1\tSpeaker 4 8\tكيري\nT2\tCountry 12 17\tالصين\n";

    /// Imports `path` with the built-in schema, returning what it did and what it told.
    fn import(
        path: &Path,
        force: bool,
    ) -> std::result::Result<(Summary, Vec<String>), ImportError> {
        let mut told = Vec::new();
        let done = import_brat(path, &Schema::default(), force, |s| {
            told.push(s.to_string())
        })?;
        Ok((done, told))
    }

    fn quotes(ron: &Path) -> std::result::Result<Vec<String>, Box<dyn std::error::Error>> {
        let text = std::fs::read_to_string(ron)?;
        Ok(text
            .lines()
            .filter_map(|l| l.split_once("quote: \"").map(|(_, q)| q))
            .filter_map(|q| q.split_once('"').map(|(q, _)| q.to_string()))
            .collect())
    }

    #[test]
    fn a_folder_imports_each_ann_beside_its_text() -> Result {
        let dir = tempfile::tempdir()?;
        let root = dir.path();
        std::fs::create_dir(root.join("sub"))?;
        for name in ["a", "sub/b"] {
            std::fs::write(root.join(format!("{name}.txt")), TEXT)?;
            std::fs::write(root.join(format!("{name}.ann")), ANN)?;
        }
        // An article not annotated in brat has nothing to import, and that is no trouble.
        std::fs::write(root.join("c.txt"), TEXT)?;
        let (done, told) = import(root, false)?;
        assert_eq!(
            done,
            Summary {
                written: 2,
                skipped: 0
            },
            "{told:?}"
        );
        for name in ["a", "sub/b"] {
            assert_eq!(
                quotes(&root.join(format!("{name}.ron")))?,
                ["كيري", "الصين"]
            );
        }
        assert!(!root.join("c.ron").exists());
        Ok(())
    }

    #[test]
    fn an_import_never_replaces_annotations_unless_forced() -> Result {
        let dir = tempfile::tempdir()?;
        let root = dir.path();
        std::fs::write(root.join("a.txt"), TEXT)?;
        std::fs::write(root.join("a.ann"), ANN)?;
        std::fs::write(root.join("a.ron"), "mine")?;
        let (done, told) = import(root, false)?;
        assert_eq!(
            done,
            Summary {
                written: 0,
                skipped: 1
            }
        );
        assert!(
            told[0].ends_with("a.ron exists; not replaced (--force replaces it)"),
            "{told:?}"
        );
        assert_eq!(std::fs::read_to_string(root.join("a.ron"))?, "mine");
        let (done, _) = import(root, true)?;
        assert_eq!(
            done,
            Summary {
                written: 1,
                skipped: 0
            }
        );
        assert_eq!(quotes(&root.join("a.ron"))?, ["كيري", "الصين"]);
        Ok(())
    }

    #[test]
    fn what_an_import_leaves_out_is_told_and_the_rest_imported() -> Result {
        let dir = tempfile::tempdir()?;
        let root = dir.path();
        // A line whose offsets do not hold its text: that line alone is left out.
        std::fs::write(root.join("a.txt"), TEXT)?;
        std::fs::write(root.join("a.ann"), format!("{ANN}T3\tSpeaker 0 3\tكيري\n"))?;
        // A text that cannot be read, and a .ann with no text at all.
        std::fs::write(root.join("bad.txt"), b"\xff")?;
        std::fs::write(root.join("bad.ann"), ANN)?;
        std::fs::write(root.join("lost.ann"), ANN)?;
        let (done, told) = import(root, false)?;
        assert_eq!(
            done,
            Summary {
                written: 1,
                skipped: 3
            },
            "{told:?}"
        );
        assert!(told[0].contains("a.ann: line 3: "), "{told:?}");
        assert!(told[1].contains("bad.txt: not valid UTF-8"), "{told:?}");
        assert!(
            told[2].ends_with("lost.ann: no .txt beside it; not imported"),
            "{told:?}"
        );
        assert_eq!(quotes(&root.join("a.ron"))?, ["كيري", "الصين"]);
        assert!(!root.join("bad.ron").exists() && !root.join("lost.ron").exists());
        Ok(())
    }

    #[test]
    fn an_import_of_nothing_is_an_error_of_the_corpus() -> Result {
        let dir = tempfile::tempdir()?;
        let missing = dir.path().join("missing");
        let err = import(&missing, false)
            .err()
            .ok_or("imported from nothing")?;
        assert!(
            matches!(
                err,
                ImportError::Corpus(crate::corpus::CorpusError::Io { .. })
            ),
            "{err}"
        );
        Ok(())
    }
}
