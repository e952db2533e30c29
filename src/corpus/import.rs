//! Imports of annotations made with other tools: brat standoff `.ann` files (as
//! [`super::export`] writes them, or as brat itself does) read back into [`Annotations`].
//!
//! Nothing is dropped silently: every line that cannot be used comes back as a message.

use super::export::{brat_type, fragments_text, one_line, ENTITY_NOTE, ISO3166, RELATION};
use crate::annotate::{store, Annotation, Annotations, Link, Schema, Status};
use crate::text::Document;
use std::collections::HashMap;
use std::ops::Range;

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
/// from the first start to the last end); `R` lines (`Attributed Arg1:T… Arg2:T…`) the
/// `speaker` link of Arg1, when the schema lets Arg1's label link to Arg2's; `N` lines
/// (`Reference T… ISO3166:XX`) country codes; `#` notes (`AnnotatorNotes T…` with
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
            Some((ISO3166, code)) if store::is_country_code(code) => code,
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
}
