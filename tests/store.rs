//! The annotation store as a user meets it: what is saved loads back unchanged, the file
//! counts chars, the same annotations always give the same bytes, annotations follow their
//! quotes into an edited text (or are kept as orphans, never dropped), broken or foreign
//! files are refused without being touched, an interrupted save leaves the old file, and
//! `hamish check` names each problem of a file.

// Test code: an unmet expectation is the test failing, said where it fails.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::annotations::{self, Spec};
use hamish::annotate::selection::words;
use hamish::annotate::store::{self, Loaded, Problem, Step, StoreError};
use hamish::annotate::{Annotation, Annotations, Orphan, Schema, Status};
use hamish::text::Document;
use proptest::prelude::*;
use proptest::sample::Index;
use std::io;
use std::ops::Range;
use std::path::{Path, PathBuf};

const NAME: &str = "article.txt";

fn sample() -> Document {
    Document::new(NAME, hamish::SAMPLE_TEXT.to_string())
}

/// Byte range of the `nth` occurrence of `needle` in `text`.
fn span(text: &str, needle: &str, nth: usize) -> Range<usize> {
    let (at, _) = text
        .match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("{needle:?} occurs more than {nth} times"));
    at..at + needle.len()
}

fn chars_before(text: &str, byte: usize) -> usize {
    text[..byte].chars().count()
}

/// Renders and saves the annotations of `doc` into `dir`, as the app does.
fn save(dir: &Path, doc: &Document, a: &Annotations, annotator: Option<&str>) -> PathBuf {
    let path = store::ron_path(&dir.join(&doc.name));
    store::write_atomic(&path, store::render(doc, a, annotator).as_bytes())
        .unwrap_or_else(|e| panic!("save {}: {e}", path.display()));
    path
}

fn load(path: &Path, doc: &Document) -> Loaded {
    store::load(path, doc).unwrap_or_else(|e| panic!("load {}: {e}", path.display()))
}

fn temp_dir() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temporary folder")
}

/// Temporary files of an atomic save left in `dir`.
fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .expect("read the folder")
        .map(|e| {
            e.expect("folder entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|n| n.starts_with(".hamish-") && n.ends_with(".tmp"))
        .collect()
}

fn sorted_orphans(orphans: &[Orphan]) -> Vec<Orphan> {
    let mut v = orphans.to_vec();
    v.sort_by_key(|o| (o.start, o.end, o.id));
    v
}

/// The file as a reader of the format sees it (parsed with `ron`, independently of the
/// store's own reader).
#[derive(Debug, serde::Deserialize)]
struct FileView {
    format: u32,
    text: TextView,
    annotator: Option<String>,
    status: Status,
    annotations: Vec<LineView>,
    #[serde(default)]
    orphans: Vec<LineView>,
}

#[derive(Debug, serde::Deserialize)]
struct TextView {
    file: String,
    sha256: String,
    chars: usize,
}

#[derive(Debug, serde::Deserialize)]
struct LineView {
    id: u32,
    label: String,
    start: usize,
    end: usize,
    quote: String,
}

fn view(file: &str) -> FileView {
    ron::from_str(file).unwrap_or_else(|e| panic!("the file is RON: {e}\n{file}"))
}

// 1. Round trip.

/// Pieces of entity names, country codes, annotator names and orphan quotes, besides the
/// common ones (Arabic with harakat, quotes and backslashes): an escape RON would read,
/// bidi and format characters, controls, and text that looks like RON syntax.
const PIECES: &[&str] = &[
    "\\u{41}",
    "\u{200F}",
    "\u{200E}",
    "\u{202B}",
    "\u{2067}",
    "\u{200D}",
    "\u{FEFF}",
    "\u{E0001}",
    "\u{2028}",
    "\n",
    "\r",
    "\t",
    "\u{1B}",
    "\u{0}",
    "\u{7F}",
    "\u{85}",
    " ",
    "x",
    "'",
    "),",
    "// ",
    "/*",
    "«الصين»",
    "٥٫٧٪",
    "😀",
];

fn piece_string() -> impl Strategy<Value = String> {
    annotations::piece_string(PIECES, 1..5)
}

fn country() -> BoxedStrategy<String> {
    prop_oneof![
        3 => prop::sample::select(&["CN", "US", "EG", "SA", "GB"][..]).prop_map(String::from),
        1 => piece_string(),
    ]
    .boxed()
}

fn spec() -> impl Strategy<Value = Spec> {
    annotations::spec(1..5, piece_string(), country())
}

#[derive(Debug, Clone)]
struct OrphanSpec {
    label: Index,
    start: usize,
    quote: String,
    entity: Option<String>,
    country: Option<String>,
    speaker: Option<u32>,
    by: Option<String>,
}

fn orphan_spec() -> impl Strategy<Value = OrphanSpec> {
    (
        any::<Index>(),
        0usize..6000,
        piece_string(),
        prop::option::of(piece_string()),
        prop::option::of(country()),
        prop::option::of(1u32..40),
        prop::option::of(piece_string()),
    )
        .prop_map(
            |(label, start, quote, entity, country, speaker, by)| OrphanSpec {
                label,
                start,
                quote,
                entity,
                country,
                speaker,
                by,
            },
        )
}

/// Makes the annotations through the editing API, as the app does, with the orphans.
fn build(
    text: &str,
    schema: &Schema,
    specs: &[Spec],
    orphans: &[OrphanSpec],
    done: bool,
) -> Annotations {
    let orphans: Vec<Orphan> = orphans
        .iter()
        .enumerate()
        .map(|(i, o)| {
            // A quote that cannot be in the text, so the orphan stays one.
            let quote = format!("⟦{i}⟧{}", o.quote);
            Orphan {
                id: 1000 + i as u32,
                label: schema.labels[o.label.index(schema.labels.len())]
                    .name
                    .clone(),
                start: o.start,
                end: o.start + quote.chars().count(),
                quote,
                entity: o.entity.clone(),
                country: o.country.clone(),
                speaker: o.speaker,
                by: o.by.clone(),
            }
        })
        .collect();
    annotations::build(text, schema, specs, 3, orphans, done)
}

fn round_trip(
    doc: &Document,
    specs: &[Spec],
    orphans: &[OrphanSpec],
    done: bool,
    annotator: Option<&str>,
) -> Result<(), TestCaseError> {
    let schema = Schema::default();
    let built = build(doc.text(), &schema, specs, orphans, done);
    let dir = temp_dir();
    let path = save(dir.path(), doc, &built, annotator);
    let written = std::fs::read_to_string(&path).expect("read the saved file");
    let loaded = store::load(&path, doc).map_err(|e| TestCaseError::fail(format!("{e}")))?;
    prop_assert_eq!(loaded.annotations.items(), built.items());
    prop_assert_eq!(
        sorted_orphans(loaded.annotations.orphans()),
        sorted_orphans(built.orphans())
    );
    prop_assert_eq!(loaded.annotations.status(), built.status());
    prop_assert_eq!(loaded.annotator.as_deref(), annotator);
    prop_assert!(!loaded.text_changed && !loaded.new);
    prop_assert_eq!(loaded.moved, 0);
    prop_assert_eq!(loaded.orphaned, built.orphans().len());
    let again = store::render(doc, &loaded.annotations, loaded.annotator.as_deref());
    prop_assert_eq!(again, written);
    Ok(())
}

proptest! {
    #![proptest_config(annotations::config(200))]

    #[test]
    fn saved_annotations_load_back_unchanged_and_render_the_same_bytes(
        specs in prop::collection::vec(spec(), 0..25),
        orphans in prop::collection::vec(orphan_spec(), 0..3),
        done in any::<bool>(),
        annotator in prop::option::of(piece_string()),
    ) {
        round_trip(&sample(), &specs, &orphans, done, annotator.as_deref())?;
    }

    #[test]
    fn a_text_with_crlf_line_ends_round_trips_too(
        specs in prop::collection::vec(spec(), 0..15),
        done in any::<bool>(),
    ) {
        let text = hamish::SAMPLE_TEXT.replace('\n', "\r\n");
        round_trip(&Document::new(NAME, text), &specs, &[], done, None)?;
    }
}

#[test]
fn the_file_keeps_entities_with_quotes_backslashes_and_bidi_marks() {
    let doc = sample();
    let schema = Schema::default();
    let mut a = Annotations::default();
    let id = a
        .add(Annotation::new("Speaker", span(doc.text(), "جون كيري", 0)))
        .expect("tag the speaker");
    let entity = "جُون \"كيري\" \\ \u{200F}\n";
    a.set_entity(id, Some(entity.into()), &schema)
        .expect("an entity");
    let dir = temp_dir();
    let path = save(dir.path(), &doc, &a, Some("ليلى"));
    let file = std::fs::read_to_string(&path).expect("read");
    // Harakat stay as text; the quote, the backslash, the mark and the newline are escaped,
    // so each annotation is one line and no bidi mark is written raw.
    assert!(
        file.contains(r#"entity: Some("جُون \"كيري\" \\ \u{200f}\n")"#),
        "{file}"
    );
    assert!(!file.contains('\u{200F}'), "{file}");
    let loaded = load(&path, &doc);
    let got = loaded.annotations.get(id).expect("loaded");
    assert_eq!(got.entity.as_deref(), Some(entity));
    assert_eq!(loaded.annotator.as_deref(), Some("ليلى"));
}

// 2. Offsets are chars.

#[test]
fn offsets_in_the_file_count_chars_not_bytes() {
    let doc = sample();
    let text = doc.text();
    let mut a = Annotations::default();
    a.add(Annotation::new("Country", span(text, "الصين", 0)))
        .expect("tag");
    let file = store::render(&doc, &a, None);
    assert!(
        file.contains(r#"start: 52, end: 57, quote: "الصين""#),
        "{file}"
    );
    let parsed = view(&file);
    assert_eq!(parsed.format, store::FORMAT);
    assert_eq!(parsed.annotator, None);
    assert_eq!(parsed.status, Status::InProgress);
    assert!(parsed.orphans.is_empty());
    assert_eq!(parsed.text.file, NAME);
    assert_eq!(parsed.text.chars, text.chars().count());
    assert_eq!(parsed.text.sha256, doc.sha256());
}

#[test]
fn every_quote_is_the_text_sliced_by_char_offsets() {
    let doc = sample();
    let text = doc.text();
    let words: Vec<Range<usize>> = words(text).collect();
    let mut a = Annotations::default();
    for (i, w) in words.iter().enumerate().step_by(7) {
        a.add(Annotation::new("Speaker", w.clone()))
            .expect("a word");
        // Spans of several words, some across a line end.
        let last = &words[(i + 4).min(words.len() - 1)];
        a.add(Annotation::new("Claim", w.start..last.end))
            .expect("words");
    }
    for (at, _) in text.match_indices("الصين") {
        let _ = a.add(Annotation::new("Country", at..at + "الصين".len()));
    }
    let whole = 0..text.len();
    a.add(Annotation::new("Claim", whole))
        .expect("the whole text");
    let parsed = view(&store::render(&doc, &a, None));
    assert_eq!(parsed.annotations.len(), a.items().len());
    assert!(parsed.annotations.iter().any(|l| l.quote.contains('\n')));
    for line in &parsed.annotations {
        let sliced: String = text
            .chars()
            .skip(line.start)
            .take(line.end - line.start)
            .collect();
        assert_eq!(sliced, line.quote, "annotation {}", line.id);
        let item = a.get(line.id).expect("same id");
        assert_eq!(item.label, line.label);
        assert_eq!(chars_before(text, item.range.start), line.start);
    }
}

// 3. Deterministic.

#[test]
fn the_same_annotations_always_give_the_same_bytes() {
    let doc = sample();
    let text = doc.text();
    let item = |id: u32, label: &str, range: Range<usize>| Annotation {
        id,
        ..Annotation::new(label, range)
    };
    let mut items = vec![
        item(1, "Speaker", span(text, "جون كيري", 0)),
        item(2, "Country", span(text, "الصين", 0)),
        item(3, "Country", span(text, "الصين", 1)),
        // Two labels on one span, and two spans starting together.
        item(4, "Speaker", span(text, "الصين", 1)),
        item(5, "Claim", span(text, "اتفقتا على تشكيل مجموعة عمل", 0)),
        item(6, "Claim", span(text, "اتفقتا على", 0)),
    ];
    items[4].speaker = Some(1);
    items[0].entity = Some("John Kerry".into());
    items[1].country = Some("CN".into());
    let orphan = |id: u32, start: usize| Orphan {
        id,
        label: "Claim".into(),
        start,
        end: start + 4,
        quote: format!("غ{id}ب"),
        entity: None,
        country: None,
        speaker: None,
        by: None,
    };
    let orphans = vec![orphan(7, 100), orphan(8, 10), orphan(9, 10)];
    let forward = Annotations::new(items.clone(), orphans.clone(), Status::Done);
    let first = store::render(&doc, &forward, Some("ليلى"));
    assert_eq!(store::render(&doc, &forward, Some("ليلى")), first);
    // Annotations in text order, then orphans by their stored offsets.
    let parsed = view(&first);
    let ids: Vec<u32> = parsed.annotations.iter().map(|l| l.id).collect();
    assert_eq!(ids, [1, 2, 6, 5, 3, 4]);
    let ids: Vec<u32> = parsed.orphans.iter().map(|l| l.id).collect();
    assert_eq!(ids, [8, 9, 7]);
    for shift in 1..items.len() {
        let mut shuffled = items.clone();
        shuffled.rotate_left(shift);
        shuffled.swap(0, shift % 2);
        let mut o = orphans.clone();
        let by = shift % o.len();
        o.rotate_left(by);
        let other = Annotations::new(shuffled, o, Status::Done);
        assert_eq!(store::render(&doc, &other, Some("ليلى")), first);
    }
}

#[test]
fn annotations_added_in_any_order_render_alike_apart_from_ids() {
    let doc = sample();
    let text = doc.text();
    let spans = [
        ("Country", span(text, "الصين", 2)),
        ("Speaker", span(text, "كيري", 1)),
        ("Claim", span(text, "اتفقتا على تشكيل مجموعة عمل", 0)),
        ("Country", span(text, "الصين", 0)),
        ("Speaker", span(text, "جون كيري", 0)),
    ];
    let render = |order: Vec<&(&str, Range<usize>)>| {
        let mut a = Annotations::default();
        for (label, range) in order {
            a.add(Annotation::new(label, range.clone())).expect("add");
        }
        store::render(&doc, &a, None)
    };
    let forward = render(spans.iter().collect());
    let backward = render(spans.iter().rev().collect());
    assert_ne!(forward, backward, "ids differ");
    let without_ids = |file: &str| -> Vec<String> {
        file.lines()
            .map(|l| match l.split_once("(id: ") {
                Some((head, rest)) => {
                    let (_, tail) = rest.split_once(", ").expect("fields follow the id");
                    format!("{head}({tail}")
                }
                None => l.to_string(),
            })
            .collect()
    };
    assert_eq!(without_ids(&forward), without_ids(&backward));
}

// 4. Re-anchoring.

/// Annotations on the sample: a speaker, a country, a claim linked to the speaker, and a
/// country near the end. Returns them with their ids in that order.
fn annotated_sample() -> (Document, Annotations, [u32; 4]) {
    let doc = sample();
    let text = doc.text();
    let schema = Schema::default();
    let mut a = Annotations::default();
    let speaker = a
        .add(Annotation::new("Speaker", span(text, "جون كيري", 0)))
        .expect("speaker");
    let country = a
        .add(Annotation::new("Country", span(text, "الصين", 0)))
        .expect("country");
    let claim = a
        .add(Annotation::new(
            "Claim",
            span(text, "اتفقتا على تشكيل مجموعة عمل", 0),
        ))
        .expect("claim");
    let last = a
        .add(Annotation::new("Country", span(text, "الصين", 9)))
        .expect("last country");
    a.set_entity(speaker, Some("John Kerry".into()), &schema)
        .expect("entity");
    a.set_country(country, Some("CN".into()), &schema)
        .expect("code");
    a.link(claim, Some(speaker), &schema).expect("link");
    (doc, a, [speaker, country, claim, last])
}

#[test]
fn text_inserted_before_every_span_moves_them_all() {
    let (doc, a, _) = annotated_sample();
    let dir = temp_dir();
    let path = save(dir.path(), &doc, &a, None);
    let prefix = "عاجل: خبر جديد.\n";
    let edited = Document::new(NAME, format!("{prefix}{}", doc.text()));
    let loaded = load(&path, &edited);
    assert!(loaded.text_changed);
    assert_eq!(loaded.moved, a.items().len());
    assert_eq!(loaded.orphaned, 0);
    assert!(loaded.annotations.orphans().is_empty());
    let shifted: Vec<Annotation> = a
        .items()
        .iter()
        .map(|x| Annotation {
            range: x.range.start + prefix.len()..x.range.end + prefix.len(),
            ..x.clone()
        })
        .collect();
    assert_eq!(loaded.annotations.items(), &shifted[..]);
    // Saved again, the offsets are those of the edited text.
    let file = store::render(&edited, &loaded.annotations, None);
    let shift = prefix.chars().count();
    assert!(
        file.contains(&format!(
            r#"start: {}, end: {}, quote: "الصين""#,
            52 + shift,
            57 + shift
        )),
        "{file}"
    );
}

#[test]
fn an_edit_inside_a_span_orphans_it_and_keeps_it() {
    let (doc, a, [speaker, country, claim, last]) = annotated_sample();
    let text = doc.text();
    let dir = temp_dir();
    let path = save(dir.path(), &doc, &a, None);
    let quote = "اتفقتا على تشكيل مجموعة عمل";
    let stored_start = chars_before(text, span(text, quote, 0).start);
    let edited_text = text.replacen(quote, "اتفقتا على تشكيل لجنة عمل", 1);
    assert!(!edited_text.contains(quote));
    let edited = Document::new(NAME, edited_text);
    let loaded = load(&path, &edited);
    assert!(loaded.text_changed);
    assert_eq!(loaded.orphaned, 1);
    // The last country is after the edit: found again, elsewhere.
    assert_eq!(loaded.moved, 1);
    let ids: Vec<u32> = loaded.annotations.items().iter().map(|x| x.id).collect();
    assert_eq!(ids, [speaker, country, last]);
    let orphan = &loaded.annotations.orphans()[0];
    assert_eq!(orphan.id, claim);
    assert_eq!(orphan.label, "Claim");
    assert_eq!(orphan.quote, quote);
    assert_eq!(orphan.speaker, Some(speaker));
    assert_eq!(
        (orphan.start, orphan.end),
        (stored_start, stored_start + quote.chars().count())
    );
    // Saved again, the orphan is written in its own section, as it was stored.
    let file = store::render(&edited, &loaded.annotations, None);
    let (_, section) = file
        .split_once("    orphans: [\n")
        .expect("an orphans section");
    let line = format!(
        r#"(id: {claim}, label: "Claim", start: {stored_start}, end: {}, quote: "{quote}", speaker: Some({speaker}))"#,
        stored_start + quote.chars().count()
    );
    assert!(section.contains(&line), "{file}");
    let dir2 = temp_dir();
    let path2 = save(dir2.path(), &edited, &loaded.annotations, None);
    let again = load(&path2, &edited);
    assert_eq!(again.orphaned, 1);
    assert_eq!(again.annotations.orphans(), loaded.annotations.orphans());
    assert_eq!(again.annotations.items(), loaded.annotations.items());
    assert!(!again.text_changed);
}

#[test]
fn an_orphan_whose_quote_comes_back_is_placed_again() {
    let (doc, a, [_, _, claim, _]) = annotated_sample();
    let text = doc.text();
    let dir = temp_dir();
    let quote = "اتفقتا على تشكيل مجموعة عمل";
    let edited = Document::new(NAME, text.replacen(quote, "اتفقتا", 1));
    save(dir.path(), &doc, &a, None);
    let path = store::ron_path(&dir.path().join(NAME));
    let orphaned = load(&path, &edited);
    assert_eq!(orphaned.orphaned, 1);
    // Saved with the orphan, then the edit is undone in the text.
    save(dir.path(), &edited, &orphaned.annotations, None);
    let back = load(&path, &doc);
    assert_eq!(back.orphaned, 0);
    assert_eq!(back.annotations.items(), a.items());
    assert_eq!(
        back.annotations.get(claim).map(|c| c.range.clone()),
        Some(span(text, quote, 0))
    );
}

#[test]
fn an_edit_after_every_span_moves_nothing() {
    let (doc, a, _) = annotated_sample();
    let dir = temp_dir();
    let path = save(dir.path(), &doc, &a, None);
    let edited = Document::new(NAME, format!("{}\nخاتمة: انتهى الخبر.\n", doc.text()));
    let loaded = load(&path, &edited);
    assert!(loaded.text_changed);
    assert_eq!((loaded.moved, loaded.orphaned), (0, 0));
    assert_eq!(loaded.annotations.items(), a.items());
}

#[test]
fn a_repeated_quote_is_found_at_the_occurrence_nearest_its_old_place() {
    let doc = sample();
    let text = doc.text();
    let mut a = Annotations::default();
    // الصين occurs ten times, كيري five times.
    let third = a
        .add(Annotation::new("Country", span(text, "الصين", 2)))
        .expect("tag");
    let seventh = a
        .add(Annotation::new("Country", span(text, "الصين", 6)))
        .expect("tag");
    let kerry = a
        .add(Annotation::new("Speaker", span(text, "كيري", 3)))
        .expect("tag");
    let dir = temp_dir();
    let path = save(dir.path(), &doc, &a, None);

    // A few words inserted at the start.
    let prefix = "خبر: ";
    let edited = format!("{prefix}{text}");
    let loaded = load(&path, &Document::new(NAME, edited.clone()));
    assert_eq!(loaded.moved, 3);
    for (id, quote, nth) in [
        (third, "الصين", 2),
        (seventh, "الصين", 6),
        (kerry, "كيري", 3),
    ] {
        let got = loaded.annotations.get(id).expect("placed");
        assert_eq!(got.range, span(&edited, quote, nth), "annotation {id}");
    }

    // A sentence removed before them: the text moves the other way.
    let cut = "وقال \"كيري\": إن ";
    let cut_at = span(text, cut, 0);
    assert!(cut_at.end <= span(text, "الصين", 2).start);
    let edited = text.replacen(cut, "", 1);
    let loaded = load(&path, &Document::new(NAME, edited.clone()));
    assert_eq!(loaded.orphaned, 0);
    for (id, quote, nth) in [
        (third, "الصين", 2),
        (seventh, "الصين", 6),
        (kerry, "كيري", 2),
    ] {
        let got = loaded.annotations.get(id).expect("placed");
        assert_eq!(got.range, span(&edited, quote, nth), "annotation {id}");
    }
}

// 5. Failures.

#[test]
fn a_broken_file_names_its_line_and_column_and_is_left_alone() {
    let (doc, a, [speaker, ..]) = annotated_sample();
    let dir = temp_dir();
    let path = save(dir.path(), &doc, &a, Some("ليلى"));
    let good = std::fs::read_to_string(&path).expect("read");
    let lines: Vec<&str> = good.lines().collect();
    assert_eq!(lines[4], r#"    annotator: Some("ليلى"),"#);
    assert!(lines[7].starts_with(&format!("        (id: {speaker}, label:")));

    // A missing comma inside line 8: the error is where the next field starts.
    let broken = good.replacen(
        &format!("(id: {speaker}, label:"),
        &format!("(id: {speaker} label:"),
        1,
    );
    std::fs::write(&path, &broken).expect("write");
    let err = store::load(&path, &doc).expect_err("broken file");
    // 1-based, on the line without the comma: the 0-based index on the line with it.
    let column = lines[7].find("label").expect("label");
    match &err {
        StoreError::Syntax {
            line, column: c, ..
        } => {
            assert_eq!((*line, *c), (8, column), "{err}");
        }
        other => panic!("not a syntax error: {other}"),
    }
    let shown = err.to_string();
    assert!(
        shown.starts_with(&format!("{}:8:{column}: ", path.display())),
        "{shown}"
    );
    assert_eq!(std::fs::read_to_string(&path).expect("read"), broken);

    // A missing comma at the end of line 5 (after the Arabic annotator): the parser finds
    // out at the next field, `status`, at the start of line 6.
    let broken = good.replacen(r#"Some("ليلى"),"#, r#"Some("ليلى") "#, 1);
    std::fs::write(&path, &broken).expect("write");
    let err = store::load(&path, &doc).expect_err("broken file");
    let shown = err.to_string();
    assert!(
        shown.starts_with(&format!("{}:6:5: ", path.display())),
        "{shown}"
    );
    assert_eq!(std::fs::read_to_string(&path).expect("read"), broken);

    // Columns count chars: a stray string after the Arabic name is placed by its chars.
    let broken = good.replacen(r#"Some("ليلى"),"#, r#"Some("ليلى" "x"),"#, 1);
    std::fs::write(&path, &broken).expect("write");
    let err = store::load(&path, &doc).expect_err("broken file");
    assert!(
        matches!(
            err,
            StoreError::Syntax {
                line: 5,
                column: 27,
                ..
            }
        ),
        "{err}"
    );
}

#[test]
fn a_file_made_for_another_text_is_refused() {
    let other = Document::new("other.txt", "Lorem ipsum dolor sit amet.\n".to_string());
    let mut a = Annotations::default();
    a.add(Annotation::new("Speaker", 0..5)).expect("tag");
    let dir = temp_dir();
    let written = save(dir.path(), &other, &a, None);
    let path = store::ron_path(&dir.path().join(NAME));
    std::fs::rename(&written, &path).expect("move the file");
    let bytes = std::fs::read(&path).expect("read");
    match store::load(&path, &sample()) {
        Err(StoreError::OtherText { other, .. }) => assert_eq!(other, "other.txt"),
        other => panic!("not refused as another text's file: {other:?}"),
    }
    assert_eq!(std::fs::read(&path).expect("read"), bytes);
}

#[test]
fn an_id_used_twice_is_refused() {
    let (doc, a, [speaker, country, claim, last]) = annotated_sample();
    let dir = temp_dir();
    let path = save(dir.path(), &doc, &a, None);
    let good = std::fs::read_to_string(&path).expect("read");
    let broken = good.replacen(&format!("(id: {country},"), &format!("(id: {speaker},"), 1);
    std::fs::write(&path, &broken).expect("write");
    match store::load(&path, &doc) {
        Err(StoreError::DuplicateId { id, .. }) => assert_eq!(id, speaker),
        other => panic!("not refused: {other:?}"),
    }
    assert_eq!(std::fs::read_to_string(&path).expect("read"), broken);

    // An annotation and an orphan with one id.
    let with_orphan = Annotations::new(
        a.items().to_vec(),
        vec![Orphan {
            id: last,
            label: "Claim".into(),
            start: 3,
            end: 6,
            quote: "غائب".into(),
            entity: None,
            country: None,
            speaker: None,
            by: None,
        }],
        Status::InProgress,
    );
    assert!(with_orphan.get(claim).is_some());
    let file = store::render(&doc, &with_orphan, None);
    std::fs::write(&path, file).expect("write");
    assert!(matches!(
        store::load(&path, &doc),
        Err(StoreError::DuplicateId { id, .. }) if id == last
    ));
}

#[test]
fn a_newer_format_is_refused() {
    let (doc, a, _) = annotated_sample();
    let dir = temp_dir();
    let path = save(dir.path(), &doc, &a, None);
    let good = std::fs::read_to_string(&path).expect("read");
    let newer = good.replacen(
        &format!("format: {},", store::FORMAT),
        &format!("format: {},", store::FORMAT + 1),
        1,
    );
    assert_ne!(newer, good);
    std::fs::write(&path, &newer).expect("write");
    match store::load(&path, &doc) {
        Err(e @ StoreError::Version { .. }) => {
            assert!(matches!(e, StoreError::Version { found, .. } if found == store::FORMAT + 1));
            assert!(e.to_string().contains("newer"), "{e}");
        }
        other => panic!("not refused: {other:?}"),
    }
    assert_eq!(std::fs::read_to_string(&path).expect("read"), newer);
}

#[test]
fn a_renamed_text_whose_quotes_match_loads() {
    let (doc, a, _) = annotated_sample();
    let dir = temp_dir();
    let path = save(dir.path(), &doc, &a, None);
    let renamed = Document::new("renamed.txt", doc.text().to_string());
    let loaded = load(&path, &renamed);
    assert_eq!(loaded.annotations.items(), a.items());
    assert!(!loaded.text_changed);
    assert_eq!((loaded.moved, loaded.orphaned), (0, 0));
    // Saved again, it records the new name.
    let file = store::render(&renamed, &loaded.annotations, None);
    assert!(file.contains(r#"text: (file: "renamed.txt""#), "{file}");
}

#[test]
fn a_missing_file_is_an_empty_new_set() {
    let dir = temp_dir();
    let loaded = load(&dir.path().join("article.ron"), &sample());
    assert!(loaded.new);
    assert!(loaded.annotations.items().is_empty());
    assert!(leftovers(dir.path()).is_empty());
}

// 6. Interrupted saves.

#[test]
fn an_interrupted_save_leaves_the_old_file_and_no_temporary_file() {
    let old = "old content\n".repeat(10);
    let new = "محتوى جديد\n".repeat(50);
    for step in [Step::Create, Step::Write, Step::Sync, Step::Rename] {
        let dir = temp_dir();
        let path = dir.path().join("article.ron");
        std::fs::write(&path, &old).expect("write the old file");
        let mut seen = Vec::new();
        let result = store::write_atomic_with(&path, new.as_bytes(), &mut |s| {
            seen.push(s);
            if s == step {
                Err(io::Error::other("disk full"))
            } else {
                Ok(())
            }
        });
        let err = result.expect_err("the save fails");
        assert_eq!(err.to_string(), "disk full");
        assert_eq!(seen.last(), Some(&step));
        assert_eq!(
            std::fs::read_to_string(&path).expect("read"),
            old,
            "{step:?}"
        );
        assert!(leftovers(dir.path()).is_empty(), "{step:?}");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .expect("list")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names, ["article.ron"], "{step:?}");

        // The first save of a file, interrupted, creates nothing.
        let fresh = dir.path().join("fresh.ron");
        let result = store::write_atomic_with(&fresh, new.as_bytes(), &mut |s| {
            if s == step {
                Err(io::Error::other("disk full"))
            } else {
                Ok(())
            }
        });
        assert!(result.is_err());
        assert!(!fresh.exists(), "{step:?}");
        assert!(leftovers(dir.path()).is_empty(), "{step:?}");
    }
}

#[test]
fn an_uninterrupted_save_writes_the_new_bytes_in_four_steps() {
    let dir = temp_dir();
    let path = dir.path().join("article.ron");
    std::fs::write(&path, "old").expect("write the old file");
    let new = "محتوى جديد\n".repeat(50);
    let mut seen = Vec::new();
    store::write_atomic_with(&path, new.as_bytes(), &mut |s| {
        // While the save runs, the target still holds the old content.
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "old");
        seen.push(s);
        Ok(())
    })
    .expect("save");
    assert_eq!(seen, [Step::Create, Step::Write, Step::Sync, Step::Rename]);
    assert_eq!(std::fs::read_to_string(&path).expect("read"), new);
    assert!(leftovers(dir.path()).is_empty());
    store::write_atomic(&path, b"third").expect("save again");
    assert_eq!(std::fs::read(&path).expect("read"), b"third");
    assert!(leftovers(dir.path()).is_empty());
}

#[test]
fn a_save_into_a_missing_folder_fails_and_creates_nothing() {
    let dir = temp_dir();
    let missing = dir.path().join("no such folder");
    let path = missing.join("article.ron");
    assert!(store::write_atomic(&path, b"(format: 1)").is_err());
    assert!(!missing.exists());
    assert_eq!(std::fs::read_dir(dir.path()).expect("list").count(), 0);
}

// 7. `hamish check`.

/// A text with harakat, and a clean file for it: a speaker (id 1) on مُحَمَّد, a country
/// (id 2) on الصين, a claim (id 3) linked to the speaker.
fn check_fixture() -> (Document, String) {
    let text = "قال مُحَمَّد إن الصين بعيدة.\nوقال كيري: نعم.\n";
    let doc = Document::new(NAME, text.to_string());
    let items = vec![
        Annotation {
            id: 1,
            entity: Some("Muhammad".into()),
            ..Annotation::new("Speaker", span(text, "مُحَمَّد", 0))
        },
        Annotation {
            id: 2,
            country: Some("CN".into()),
            ..Annotation::new("Country", span(text, "الصين", 0))
        },
        Annotation {
            id: 3,
            speaker: Some(1),
            ..Annotation::new("Claim", span(text, "الصين بعيدة", 0))
        },
    ];
    let file = store::render(
        &doc,
        &Annotations::new(items, Vec::new(), Status::Done),
        None,
    );
    (doc, file)
}

fn check(file: &str, doc: &Document) -> Vec<Problem> {
    store::check(file, "article.ron", doc, &Schema::default()).expect("a readable file")
}

/// The file with one more annotation line.
fn with_line(file: &str, line: &str) -> String {
    file.replacen("    ],\n", &format!("        {line},\n    ],\n"), 1)
}

#[test]
fn check_finds_nothing_wrong_in_a_clean_file() {
    let (doc, file) = check_fixture();
    let problems = check(&file, &doc);
    assert!(problems.is_empty(), "{problems:?}");
    let (doc, a, _) = annotated_sample();
    let problems = check(&store::render(&doc, &a, Some("ليلى")), &doc);
    assert!(problems.is_empty(), "{problems:?}");
}

#[test]
fn check_reports_each_problem_once_with_its_id() {
    let (doc, file) = check_fixture();
    let text = doc.text();
    let n = text.chars().count();
    let name = span(text, "مُحَمَّد", 0);
    let name_start = chars_before(text, name.start);
    // Letter, mark, letter, mark, letter | shadda, fatha, letter.
    let split_end = name_start + 5;
    let split_quote: String = text.chars().skip(name_start).take(5).collect();
    assert!(split_quote.ends_with('م'));
    let cases: Vec<(&str, String, u32)> = vec![
        (
            "wrong quote",
            file.replacen(
                r#"quote: "الصين", country"#,
                r#"quote: "اليابان", country"#,
                1,
            ),
            2,
        ),
        ("duplicate id", file.replacen("(id: 3,", "(id: 2,", 1), 2),
        (
            "claim linked to a country",
            file.replacen("speaker: Some(1)", "speaker: Some(2)", 1),
            3,
        ),
        (
            "span between a letter and its mark",
            with_line(
                &file,
                &format!(
                    r#"(id: 4, label: "Speaker", start: {name_start}, end: {split_end}, quote: "{split_quote}")"#
                ),
            ),
            4,
        ),
        (
            "span past the end",
            with_line(
                &file,
                &format!(
                    r#"(id: 5, label: "Claim", start: {}, end: {}, quote: "نعم.\n")"#,
                    n - 5,
                    n + 3
                ),
            ),
            5,
        ),
        (
            "unknown label",
            with_line(
                &file,
                r#"(id: 6, label: "Person", start: 0, end: 3, quote: "قال")"#,
            ),
            6,
        ),
    ];
    for (what, broken, id) in &cases {
        assert_ne!(broken, &file, "{what}: the fixture changed");
        let problems = check(broken, &doc);
        assert_eq!(problems.len(), 1, "{what}: {problems:?}");
        assert_eq!(problems[0].id, Some(*id), "{what}: {problems:?}");
        assert!(!problems[0].message.is_empty());
    }

    // All at once: each is reported.
    let mut all = file.clone();
    all = all.replacen(
        r#"quote: "الصين", country"#,
        r#"quote: "اليابان", country"#,
        1,
    );
    all = all.replacen("speaker: Some(1)", "speaker: Some(2)", 1);
    all = with_line(
        &all,
        &format!(
            r#"(id: 4, label: "Speaker", start: {name_start}, end: {split_end}, quote: "{split_quote}")"#
        ),
    );
    all = with_line(
        &all,
        &format!(
            r#"(id: 5, label: "Claim", start: {}, end: {}, quote: "x")"#,
            n - 1,
            n + 3
        ),
    );
    all = with_line(
        &all,
        r#"(id: 6, label: "Person", start: 0, end: 3, quote: "قال")"#,
    );
    all = with_line(
        &all,
        r#"(id: 1, label: "Country", start: 0, end: 3, quote: "قال")"#,
    );
    let mut ids: Vec<Option<u32>> = check(&all, &doc).iter().map(|p| p.id).collect();
    ids.sort();
    assert_eq!(
        ids,
        [Some(1), Some(2), Some(3), Some(4), Some(5), Some(6)],
        "{all}"
    );
}

#[test]
fn check_reports_a_changed_text_and_a_broken_file() {
    let (doc, file) = check_fixture();
    let edited = Document::new(NAME, format!("{}نهاية.\n", doc.text()));
    let problems = check(&file, &edited);
    assert!(problems.iter().all(|p| p.id.is_none()), "{problems:?}");
    assert_eq!(problems.len(), 2, "sha256 and length: {problems:?}");
    let broken = file.replacen("(id: 2,", "(id: 2", 1);
    assert!(matches!(
        store::check(&broken, "article.ron", &doc, &Schema::default()),
        Err(StoreError::Syntax { line: 9, .. })
    ));
}

#[test]
fn overlapping_occurrences_are_all_candidates() {
    // "بب" at chars 2..4; the new text "ببب" has it at 0..2 and 1..3: the nearer is 1..3.
    let doc = Document::new(NAME, "ا بب\n".to_string());
    let mut a = Annotations::default();
    let id = a
        .add(Annotation::new("Country", span(doc.text(), "بب", 0)))
        .expect("tag");
    let dir = temp_dir();
    let path = save(dir.path(), &doc, &a, None);
    let edited = Document::new(NAME, "ببب".to_string());
    let loaded = load(&path, &edited);
    let got = loaded.annotations.get(id).expect("placed");
    assert_eq!(got.range, 2..6);
}

#[test]
fn reanchoring_never_stacks_one_label_twice_on_a_span() {
    // Two Countries on two الصين; the second one's word is gone: it must not land on the
    // first one's span (the same label twice), so it is an orphan.
    let doc = Document::new(NAME, "الصين ثم الصين.\n".to_string());
    let mut a = Annotations::default();
    let first = a
        .add(Annotation::new("Country", span(doc.text(), "الصين", 0)))
        .expect("tag");
    let second = a
        .add(Annotation::new("Country", span(doc.text(), "الصين", 1)))
        .expect("tag");
    let dir = temp_dir();
    let path = save(dir.path(), &doc, &a, None);
    let loaded = load(
        &path,
        &Document::new(NAME, "الصين ثم اليابان.\n".to_string()),
    );
    assert_eq!(
        loaded.annotations.get(first).map(|x| x.range.clone()),
        Some(0..10)
    );
    assert!(loaded.annotations.get(second).is_none());
    assert_eq!((loaded.moved, loaded.orphaned), (0, 1));
    assert_eq!(loaded.annotations.orphans()[0].id, second);
}

#[test]
fn an_empty_span_in_the_file_is_an_orphan_not_an_annotation() {
    let doc = Document::new(NAME, "قال كيري\n".to_string());
    let dir = temp_dir();
    let path = dir.path().join("article.ron");
    let file = format!(
        "(format: 1, text: (file: \"{NAME}\", sha256: \"{}\", chars: 9), annotations: [(id: 1, label: \"Claim\", start: 1, end: 1, quote: \"\")])",
        doc.sha256()
    );
    std::fs::write(&path, file).expect("write");
    let loaded = load(&path, &doc);
    assert!(loaded.annotations.is_empty());
    assert_eq!(loaded.orphaned, 1);
}
