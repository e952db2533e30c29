//! Random annotation sets for the property tests, made through the editing API as the app
//! makes them.

use hamish::annotate::selection::words;
use hamish::annotate::store;
use hamish::annotate::{Annotation, Annotations, Orphan, Schema};
use proptest::prelude::*;
use proptest::sample::Index;
use std::ops::Range;

/// The configuration of these property tests: `cases` cases, and no file of failures.
pub fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// The pieces every random string is made of: Arabic with harakat, a haraka alone, and the
/// characters that need escaping.
pub const PIECES: &[&str] = &["جون كيري", "مُحَمَّد", "\u{64B}", "\"", "\\"];

/// Strings of `count` pieces, one after another, of [`PIECES`] and `more`.
pub fn piece_string(
    more: &'static [&'static str],
    count: Range<usize>,
) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select([PIECES, more].concat()), count)
        .prop_map(|v| v.concat())
}

/// One annotation to make: where, which label, and what it links to (used only where the
/// label has that link).
#[derive(Debug, Clone)]
pub struct Spec {
    pub by_words: bool,
    pub at: Index,
    /// Words, or steps of chars (see [`build`]).
    pub len: usize,
    pub label: Index,
    pub entity: Option<String>,
    pub country: Option<String>,
    pub speaker: Option<Index>,
    /// Who made it.
    pub by: Option<String>,
}

/// Annotators' names: plain, Arabic, with a quote, a backslash and bidi and control chars.
const MAKERS: &[&str] = &[
    "alice",
    "مريم",
    "o'neil \"x\"",
    "a\\b",
    "\u{202E}z\u{1B}[2J",
];

/// Specs `len` long, with entities and countries drawn from `entity` and `country`.
pub fn spec(
    len: Range<usize>,
    entity: impl Strategy<Value = String>,
    country: impl Strategy<Value = String>,
) -> impl Strategy<Value = Spec> {
    (
        any::<bool>(),
        any::<Index>(),
        len,
        any::<Index>(),
        prop::option::of(entity),
        prop::option::of(country),
        prop::option::of(any::<Index>()),
        prop::option::of(prop::sample::select(MAKERS).prop_map(String::from)),
    )
        .prop_map(
            |(by_words, at, len, label, entity, country, speaker, by)| Spec {
                by_words,
                at,
                len,
                label,
                entity,
                country,
                speaker,
                by,
            },
        )
}

/// Makes the annotations of `specs` through the editing API, as the app does (a spec not
/// by words covers `len * char_step` chars), marks them done if `done`, and gives back the
/// set as a file would load it, with `orphans`.
pub fn build(
    text: &str,
    schema: &Schema,
    specs: &[Spec],
    char_step: usize,
    orphans: Vec<Orphan>,
    done: bool,
) -> Annotations {
    let words: Vec<Range<usize>> = words(text).collect();
    let bounds: Vec<usize> = text
        .char_indices()
        .map(|(b, _)| b)
        .chain([text.len()])
        .collect();
    let mut a = Annotations::default();
    let mut made = Vec::new();
    for s in specs {
        let range = if s.by_words {
            let i = s.at.index(words.len());
            let j = (i + s.len - 1).min(words.len() - 1);
            words[i].start..words[j].end
        } else {
            let i = s.at.index(bounds.len() - 1);
            let j = (i + s.len * char_step).min(bounds.len() - 1);
            bounds[i]..bounds[j]
        };
        if !store::on_boundaries(text, range.start, range.end) {
            continue;
        }
        let label = &schema.labels[s.label.index(schema.labels.len())].name;
        let mut new = Annotation::new(label, range);
        new.by = s.by.clone();
        if let Ok(id) = a.add(new) {
            made.push((id, s));
        }
    }
    let speakers: Vec<u32> = a
        .items()
        .iter()
        .filter(|x| x.label == "Speaker")
        .map(|x| x.id)
        .collect();
    for (id, s) in made {
        // Each of these is refused for labels without the link, or when nothing changes.
        let _ = a.set_entity(id, s.entity.clone(), schema);
        let _ = a.set_country(id, s.country.clone(), schema);
        if !speakers.is_empty() {
            let to = s.speaker.map(|i| speakers[i.index(speakers.len())]);
            let _ = a.link(id, to, schema);
        }
    }
    if done {
        a.toggle_status();
    }
    Annotations::new(a.items().to_vec(), orphans, a.status())
}
