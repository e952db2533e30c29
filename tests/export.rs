//! Exports and the brat import: the sample article's JSON Lines and CoNLL equal files
//! written by hand (tests/data/expected), every brat span's text is the char slice of the
//! text at its offsets, brat files import back to the same annotations (the sample and
//! random sets), the importer names every line it cannot use, and `write` lays the files
//! out under the output folder as the corpus is laid out.

// Test code: an unmet expectation is the test failing, said where it fails.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::annotations::{self, Spec};
use hamish::annotate::store::{self, Loaded};
use hamish::annotate::{Annotation, Annotations, Schema, Status};
use hamish::corpus::export::{self, Format};
use hamish::corpus::import::from_brat;
use hamish::corpus::{self, Article};
use hamish::text::Document;
use proptest::prelude::*;
use std::ops::Range;
use std::path::{Path, PathBuf};

const NAME: &str = hamish::SAMPLE_NAME;

fn expected(file: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/expected")
        .join(file);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Byte range of chars `start..end` of `text`.
fn chars(text: &str, start: usize, end: usize) -> Range<usize> {
    let at = |c: usize| {
        text.char_indices()
            .map(|(b, _)| b)
            .chain([text.len()])
            .nth(c)
            .expect("in the text")
    };
    at(start)..at(end)
}

/// Python's `text[start:end]`, chars.
fn slice(text: &str, start: usize, end: usize) -> String {
    text.chars().skip(start).take(end - start).collect()
}

fn article(doc: Document, annotations: Annotations, annotator: Option<&str>) -> Article {
    Article {
        text_path: PathBuf::from(&doc.name),
        doc,
        loaded: Loaded {
            annotations,
            annotator: annotator.map(String::from),
            ..Loaded::default()
        },
    }
}

/// The sample with a Speaker (John Kerry), the Claim of his that starts «إن الصين» and its
/// Country (CN), all made as the app makes them.
fn sample() -> Article {
    let doc = Document::new(NAME, hamish::SAMPLE_TEXT.to_string());
    let text = doc.text();
    let schema = Schema::default();
    let mut a = Annotations::default();
    let speaker = a
        .add(Annotation::new("Speaker", chars(text, 27, 35)))
        .expect("speaker");
    let claim = a
        .add(Annotation::new("Claim", chars(text, 49, 129)))
        .expect("claim");
    let country = a
        .add(Annotation::new("Country", chars(text, 52, 57)))
        .expect("country");
    assert_eq!((speaker, claim, country), (1, 2, 3));
    a.set_entity(speaker, Some("John Kerry".into()), &schema)
        .expect("entity");
    a.link(claim, Some(speaker), &schema).expect("link");
    a.set_country(country, Some("CN".into()), &schema)
        .expect("code");
    assert_eq!(slice(text, 27, 35), "جون كيري");
    assert_eq!(slice(text, 52, 57), "الصين");
    assert_eq!(
        slice(text, 49, 129),
        "إن الصين والولاياتالمتحدة اتفقتا على تشكيل مجموعة عمل بشأن أمن الفضاء الإلكتروني"
    );
    let a = Annotations::new(a.items().to_vec(), vec![], Status::InProgress);
    article(doc, a, Some("ليلى"))
}

// 1. JSON Lines and CoNLL, against files written by hand.

#[test]
fn the_sample_as_json_lines_is_the_expected_line() {
    let line = export::jsonl_line(&sample(), NAME);
    assert!(!line.contains('\n'), "one line");
    assert_eq!(line + "\n", expected("sample.jsonl"));
}

#[test]
fn the_sample_as_conll_is_the_expected_file() {
    assert_eq!(
        export::conll(&sample(), &Schema::default()),
        expected("sample.conll")
    );
}

/// The hard article of `make_training.py`: a quoted claim nested in a claim that ends on
/// `"` before `.`, a Country after the clitic و, a claim over a paragraph end.
fn hard() -> Article {
    let text = "قال كيري:  \"إن بكين قالت \"لن نتراجع\" أمس\".\nوالصين تعمل مع\nالعراق.\n";
    let doc = Document::new("hard.txt", text.to_string());
    let schema = Schema::default();
    let mut a = Annotations::default();
    // The offsets the script prints.
    for (label, start, end) in [
        ("Speaker", 4, 8),
        ("Claim", 11, 41),
        ("Claim", 25, 36),
        ("Country", 44, 49),
        ("Claim", 43, 64),
        ("Country", 58, 64),
    ] {
        a.add(Annotation::new(label, chars(text, start, end)))
            .expect("adds");
    }
    a.set_entity(1, Some("John Kerry".into()), &schema)
        .expect("entity");
    a.link(2, Some(1), &schema).expect("link");
    a.set_country(4, Some("CN".into()), &schema).expect("code");
    a.set_country(6, Some("IQ".into()), &schema).expect("code");
    assert_eq!(slice(text, 44, 49), "الصين");
    let a = Annotations::new(a.items().to_vec(), vec![], Status::InProgress);
    article(doc, a, None)
}

#[test]
fn the_hard_article_as_json_lines_and_conll_is_the_expected_files() {
    assert_eq!(
        export::jsonl_line(&hard(), "hard.txt") + "\n",
        expected("hard.jsonl")
    );
    assert_eq!(
        export::conll(&hard(), &Schema::default()),
        expected("hard.conll")
    );
}

#[test]
fn conll_2003_is_a_file_per_label_as_expected() {
    let (files, notes) = export::conll::conll_files(&[sample(), hard()], &Schema::default());
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["Speaker.conll", "Claim.conll", "Country.conll"]);
    for (name, body) in &files {
        assert_eq!(body, &expected(&format!("conll2003/{name}")), "{name}");
    }
    // The quoted claim nested in the other is told, not dropped silently.
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(
        notes[0].starts_with("Claim.conll: 1 Claim spans"),
        "{notes:?}"
    );
}

/// The spans of `article` read back from a CoNLL-2003 file as a whitespace-splitting
/// reader does: (first token, last token) of each `B-` and the `I-` after it, with the
/// tokens of each article numbered as the word tokens of the JSON Lines.
fn conll_spans(body: &str) -> Vec<Vec<(usize, usize)>> {
    let mut docs: Vec<Vec<(usize, usize)>> = Vec::new();
    let mut n = 0;
    for line in body.lines() {
        let cols: Vec<&str> = line.split_whitespace().collect();
        match cols[..] {
            ["-DOCSTART-", "O"] => {
                docs.push(Vec::new());
                n = 0;
            }
            [] => {}
            [_, tag] => {
                let spans = docs.last_mut().expect("a -DOCSTART- first");
                if tag.starts_with("B-") {
                    spans.push((n, n));
                } else if tag.starts_with("I-") {
                    spans.last_mut().expect("I- after B-").1 = n;
                } else {
                    assert_eq!(tag, "O");
                }
                n += 1;
            }
            _ => panic!("not `token TAG`: {line:?}"),
        }
    }
    docs
}

#[test]
fn a_whitespace_reader_recovers_every_outermost_span_from_conll() {
    let articles = [sample(), hard()];
    let schema = Schema::default();
    let (files, _) = export::conll::conll_files(&articles, &schema);
    for (label, (_, body)) in schema.labels.iter().zip(&files) {
        let read = conll_spans(body);
        assert_eq!(read.len(), articles.len());
        for (a, got) in articles.iter().zip(read) {
            let line: serde_json::Value =
                serde_json::from_str(&export::jsonl_line(a, "x")).expect("JSON");
            let text = a.doc.text();
            // The word tokens, as CoNLL numbers them.
            let words: Vec<(usize, usize)> = line["tokens"]
                .as_array()
                .expect("tokens")
                .iter()
                .map(|t| {
                    (
                        t["start"].as_u64().unwrap() as usize,
                        t["end"].as_u64().unwrap() as usize,
                    )
                })
                .filter(|&(s, e)| !slice(text, s, e).trim().is_empty())
                .collect();
            // Each span read back joins its tokens to text that a span of the label has,
            // cut at paragraph ends.
            let spans: Vec<(usize, usize)> = line["spans"]
                .as_array()
                .expect("spans")
                .iter()
                .filter(|s| s["label"] == label.name.as_str())
                .map(|s| {
                    (
                        s["start"].as_u64().unwrap() as usize,
                        s["end"].as_u64().unwrap() as usize,
                    )
                })
                .collect();
            for (first, last) in got {
                let (s, e) = (words[first].0, words[last].1);
                assert!(!slice(text, s, e).contains('\n'));
                assert!(
                    spans.iter().any(|&(a, b)| a <= s
                        && e <= b
                        && (a == s || slice(text, a, s).ends_with('\n'))
                        && (b == e || slice(text, e, b).starts_with('\n'))),
                    "{}: {:?} is no {} span's paragraph part",
                    label.name,
                    slice(text, s, e),
                    label.name
                );
            }
        }
    }
}

#[test]
fn json_tokens_give_the_text_back_and_every_span_sits_on_them() {
    for a in [sample(), hard()] {
        let line: serde_json::Value =
            serde_json::from_str(&export::jsonl_line(&a, "x")).expect("JSON");
        check_tokens(&line);
    }
}

/// The tokens of a JSON line cover its text exactly (spaCy's `Doc(words, spaces)`) and
/// each span's `token_start`/`token_end` are the tokens it starts and ends on.
fn check_tokens(line: &serde_json::Value) {
    let text = line["text"].as_str().expect("text");
    let tokens = line["tokens"].as_array().expect("tokens");
    let mut back = String::new();
    let mut at = 0;
    for (i, t) in tokens.iter().enumerate() {
        let (s, e) = (
            t["start"].as_u64().unwrap() as usize,
            t["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(t["id"].as_u64(), Some(i as u64));
        assert_eq!(s, at, "tokens are contiguous");
        let word = t["text"].as_str().expect("text");
        assert!(!word.is_empty());
        assert_eq!(word, slice(text, s, e));
        back.push_str(word);
        at = e;
        if t["ws"].as_bool().expect("ws") {
            back.push(' ');
            at += 1;
        }
    }
    assert_eq!(back, text, "the tokens give the text back");
    for span in line["spans"].as_array().expect("spans") {
        let ts = span["token_start"].as_u64().unwrap() as usize;
        let te = span["token_end"].as_u64().unwrap() as usize;
        assert!(ts <= te);
        assert_eq!(tokens[ts]["start"], span["start"], "{span}");
        assert_eq!(tokens[te]["end"], span["end"], "{span}");
        let (s, e) = (
            span["start"].as_u64().unwrap() as usize,
            span["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(span["text"].as_str(), Some(slice(text, s, e).as_str()));
    }
}

#[test]
fn json_offsets_are_chars_and_fields_follow_the_article() {
    let mut a = sample();
    a.loaded.annotations.toggle_status();
    a.loaded.annotator = None;
    let line = export::jsonl_line(&a, "sub/x.txt");
    let v: serde_json::Value = serde_json::from_str(&line).expect("JSON");
    assert_eq!(v["file"], "sub/x.txt");
    assert_eq!(v["status"], "Done");
    assert!(v["annotator"].is_null());
    let text = v["text"].as_str().expect("text");
    assert_eq!(text, hamish::SAMPLE_TEXT);
    for span in v["spans"].as_array().expect("spans") {
        let (s, e) = (span["start"].as_u64(), span["end"].as_u64());
        let (s, e) = (s.expect("start") as usize, e.expect("end") as usize);
        assert_eq!(span["text"].as_str(), Some(slice(text, s, e).as_str()));
    }
}

#[test]
fn conll_tags_spans_across_a_line_end_and_skips_empty_lines() {
    let doc = Document::new("t.txt", "قال كيري:\n\n«الصين» هنا\n".to_string());
    let text = doc.text();
    let mut a = Annotations::default();
    // From كيري to الصين, across the empty line.
    a.add(Annotation::new("Claim", chars(text, 4, 17)))
        .expect("claim");
    a.add(Annotation::new("Country", chars(text, 12, 17)))
        .expect("country");
    let got = export::conll(&article(doc, a, None), &Schema::default());
    let want = "# file = t.txt\n\
                # columns = token Speaker Claim Country\n\
                قال\tO\tO\tO\n\
                كيري\tO\tB-Claim\tO\n\
                :\tO\tI-Claim\tO\n\
                \n\
                «\tO\tB-Claim\tO\n\
                الصين\tO\tI-Claim\tB-Country\n\
                »\tO\tO\tO\n\
                هنا\tO\tO\tO\n";
    assert_eq!(got, want);
}

// 2. brat.

/// The fields of each line of an `.ann` file, by kind.
fn ann_lines(ann: &str, kind: char) -> Vec<Vec<&str>> {
    ann.lines()
        .filter(|l| l.starts_with(kind))
        .map(|l| l.split('\t').collect())
        .collect()
}

/// Every T line's text is the char slices of the text at its fragments, joined by a space
/// (brat's way), and no fragment holds a line end.
fn check_text_bounds(ann: &str, text: &str) {
    for fields in ann_lines(ann, 'T') {
        assert_eq!(fields.len(), 3, "{fields:?}");
        let (_, offsets) = fields[1].split_once(' ').expect("label and offsets");
        let pieces: Vec<String> = offsets
            .split(';')
            .map(|f| {
                let (s, e) = f.split_once(' ').expect("start end");
                let (s, e) = (s.parse().expect("start"), e.parse().expect("end"));
                let piece = slice(text, s, e);
                assert!(!piece.contains('\n'), "{fields:?}");
                piece.replace(['\t', '\r'], " ")
            })
            .collect();
        assert_eq!(pieces.join(" "), fields[2], "{fields:?}");
    }
}

#[test]
fn the_sample_in_brat() {
    let a = sample();
    let ann = export::brat_ann(&a, &Schema::default());
    let want = "T1\tSpeaker 27 35\tجون كيري\n\
                T2\tClaim 49 129\tإن الصين والولاياتالمتحدة اتفقتا على تشكيل مجموعة عمل بشأن أمن الفضاء الإلكتروني\n\
                T3\tCountry 52 57\tالصين\n\
                R1\tAttributed Arg1:T2 Arg2:T1\n\
                N1\tReference T3 ISO3166:CN\tChina\n\
                #1\tAnnotatorNotes T1\tentity: John Kerry\n";
    assert_eq!(ann, want);
    check_text_bounds(&ann, a.doc.text());
    let (back, messages) = from_brat(&ann, &a.doc, &Schema::default());
    assert_eq!(messages, Vec::<String>::new());
    assert_eq!(back.items(), a.loaded.annotations.items());
}

#[test]
fn the_brat_configuration_allows_the_links_and_nesting() {
    assert_eq!(
        export::brat_conf(&Schema::default()),
        "# brat configuration written by hamish\n\
         \n\
         [entities]\n\
         Speaker\n\
         Claim\n\
         Country\n\
         \n\
         [relations]\n\
         Attributed Arg1:Claim, Arg2:Speaker\n\
         <OVERLAP> Arg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>\n\
         \n\
         [events]\n\
         \n\
         [attributes]\n"
    );
}

#[test]
fn a_span_across_line_ends_is_written_as_fragments() {
    let text = "قال كيري:\r\n\r\n«الصين» هنا\n";
    let doc = Document::new("t.txt", text.to_string());
    let mut a = Annotations::default();
    // كيري: … «الصين», across a CRLF, an empty line and another CRLF.
    let claim = a
        .add(Annotation::new("Claim", chars(text, 4, 20)))
        .expect("claim");
    // A span that ends with the line end itself.
    let tail = a
        .add(Annotation::new("Speaker", chars(text, 21, 25)))
        .expect("tail");
    let a = article(doc, a, None);
    let ann = export::brat_ann(&a, &Schema::default());
    let t = ann_lines(&ann, 'T');
    assert_eq!(
        t[0],
        [
            format!("T{claim}").as_str(),
            "Claim 4 9;13 20",
            "كيري: «الصين»"
        ]
    );
    assert_eq!(
        t[1],
        [format!("T{tail}").as_str(), "Speaker 21 24;25 25", "هنا "]
    );
    check_text_bounds(&ann, text);
    let (back, messages) = from_brat(&ann, &a.doc, &Schema::default());
    assert_eq!(messages, Vec::<String>::new());
    assert_eq!(back.items(), a.loaded.annotations.items());
}

#[test]
fn orphans_and_links_to_them_are_not_exported_and_fields_stay_on_one_line() {
    let mut a = sample();
    let items: Vec<Annotation> = a
        .loaded
        .annotations
        .items()
        .iter()
        .cloned()
        .map(|mut x| {
            if x.id == 1 {
                x.entity = Some("جون\tكيري\nJK".into());
            }
            if x.id == 2 {
                x.speaker = Some(9);
            }
            x
        })
        .collect();
    let orphan = hamish::annotate::Orphan {
        id: 9,
        label: "Speaker".into(),
        start: 0,
        end: 4,
        quote: "gone".into(),
        entity: None,
        country: None,
        speaker: None,
        by: None,
    };
    a.loaded.annotations = Annotations::new(items, vec![orphan], Status::InProgress);
    let ann = export::brat_ann(&a, &Schema::default());
    assert!(!ann.contains("T9"), "{ann}");
    assert!(ann_lines(&ann, 'R').is_empty(), "{ann}");
    assert_eq!(
        ann_lines(&ann, '#'),
        [["#1", "AnnotatorNotes T1", "entity: جون كيري JK"]]
    );
    let json = export::jsonl_line(&a, NAME);
    assert!(!json.contains("gone"), "{json}");
}

// 3. Random annotation sets go to brat and back unchanged.

/// Pieces of entity names that brat can hold on one line, besides the common ones.
const PIECES: &[&str] = &[
    "\u{200F}", "\u{200D}", "\u{FEFF}", " ", "x", "'", ":", "entity: ", "T1", ";", "😀",
];

fn spec() -> impl Strategy<Value = Spec> {
    annotations::spec(
        1..8,
        annotations::piece_string(PIECES, 1..4),
        prop::sample::select(&["CN", "US", "EG", "SA", "GB", "XK"][..]).prop_map(String::from),
    )
    // brat has no field for who made an annotation: it is not exported.
    .prop_map(|s| Spec { by: None, ..s })
}

/// Makes the annotations through the editing API, as the app does.
fn build(text: &str, schema: &Schema, specs: &[Spec]) -> Annotations {
    annotations::build(text, schema, specs, 7, vec![], false)
}

fn brat_round_trip(doc: Document, specs: &[Spec]) -> Result<(), TestCaseError> {
    let schema = Schema::default();
    let built = build(doc.text(), &schema, specs);
    let a = article(doc, built, None);
    let ann = export::brat_ann(&a, &schema);
    check_text_bounds(&ann, a.doc.text());
    let (back, messages) = from_brat(&ann, &a.doc, &schema);
    prop_assert_eq!(messages, Vec::<String>::new());
    prop_assert_eq!(back.items(), a.loaded.annotations.items());
    Ok(())
}

proptest! {
    #![proptest_config(annotations::config(200))]

    #[test]
    fn random_annotations_go_to_brat_and_back_unchanged(
        specs in prop::collection::vec(spec(), 0..25),
    ) {
        brat_round_trip(Document::new(NAME, hamish::SAMPLE_TEXT.to_string()), &specs)?;
    }

    #[test]
    fn a_text_with_crlf_line_ends_and_tabs_goes_to_brat_and_back_too(
        specs in prop::collection::vec(spec(), 0..15),
    ) {
        let text = hamish::SAMPLE_TEXT.replace('\n', "\r\n\n").replace(' ', "\t ");
        brat_round_trip(Document::new(NAME, text), &specs)?;
    }

    #[test]
    fn tokens_cover_the_text_and_conll_lines_split_in_two(
        specs in prop::collection::vec(spec(), 0..25),
        odd in prop::sample::select(&["  ", "\r\n", " \u{1f}", " \u{64b}", "\u{a0}", " \n "][..]),
    ) {
        let text = hamish::SAMPLE_TEXT.replacen(' ', odd, 40);
        let doc = Document::new(NAME, text);
        let schema = Schema::default();
        let built = build(doc.text(), &schema, &specs);
        let a = article(doc, built, None);
        let line: serde_json::Value =
            serde_json::from_str(&export::jsonl_line(&a, NAME)).expect("JSON");
        check_tokens(&line);
        let (files, _) = export::conll::conll_files(std::slice::from_ref(&a), &schema);
        for (_, body) in files {
            for l in body.lines() {
                let n = l.split_whitespace().count();
                prop_assert!(n == 0 || n == 2 || l == export::conll::DOCSTART, "{:?}", l);
            }
        }
    }
}

// 4. The importer says what it could not use.

#[test]
fn the_importer_reports_every_line_it_cannot_use() {
    let a = sample();
    let schema = Schema::default();
    let good = export::brat_ann(&a, &schema);
    let bad = [
        "A1\tNegated T1",
        "E1\tClaim:T2",
        "T7\tSpeaker 5000 5004\tكيري",
        "T8\tSpeaker 35 27\tكيري",
        "T9\tSpeaker 27 x\tجون",
        "T10\tSpeaker 27 35\tجون كيرى",
        "T11\tPerson 27 35\tجون كيري",
        "T12\tSpeaker 27 35",
        "T1\tCountry 52 57\tالصين",
        "R2\tAttributed Arg1:T2 Arg2:T3",
        "R3\tAttributed Arg1:T2 Arg2:T99",
        "R4\tCauses Arg1:T2 Arg2:T1",
        "N2\tReference T3 Wikipedia:148\tChina",
        "N3\tReference T1 ISO3166:CN\tChina",
        "#2\tAnnotatorNotes T3\tentity: China",
        "#3\tAnnotatorNotes T1\tsaid it twice",
        "#4\tAnnotatorNotes T1\tentity: Kerry",
    ];
    let ann = format!("{good}\n{}\n", bad.join("\n"));
    let (back, messages) = from_brat(&ann, &a.doc, &schema);
    // The good lines still make the sample.
    assert_eq!(back.items(), a.loaded.annotations.items());
    let first = good.lines().count() + 2;
    assert_eq!(messages.len(), bad.len(), "{messages:#?}");
    let whys = [
        "unknown kind",
        "unknown kind",
        "past the end",
        "reversed",
        "bad offsets",
        "the text at 27..35",
        "not in the schema",
        "not three",
        "already defined",
        "does not let a Claim link to a Country",
        "no T99",
        "not Attributed",
        "not an ISO3166",
        "a Speaker has no country code",
        "a Country has no entity",
        "does not start with",
        "already has an entity",
    ];
    for (i, ((m, line), why)) in messages.iter().zip(bad).zip(whys).enumerate() {
        let head = format!("line {}: ", first + i);
        assert!(m.starts_with(&head), "{m}");
        assert!(m.ends_with(&format!(": {line}")), "{m}");
        assert!(m.contains(why), "{m} (wanted {why:?})");
    }
}

#[test]
fn a_span_that_splits_a_letter_from_its_marks_is_reported() {
    let doc = Document::new("t.txt", "مُحَمَّد".to_string());
    let (back, messages) = from_brat("T1\tSpeaker 0 1\tم\n", &doc, &Schema::default());
    assert!(back.is_empty());
    assert_eq!(messages.len(), 1);
    assert!(messages[0].contains("splits a letter"), "{messages:?}");
}

// 5. Writing a corpus.

/// A corpus folder with two articles in `sub/`, the first annotated.
fn corpus_folder() -> (tempfile::TempDir, PathBuf, Vec<Article>) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let root = dir.path().join("corpus");
    let sub = root.join("sub");
    std::fs::create_dir_all(&sub).expect("mkdir");
    std::fs::write(sub.join("a.txt"), hamish::SAMPLE_TEXT).expect("write a");
    std::fs::write(sub.join("b.txt"), "قال وانغ يي:\nنعم.\n").expect("write b");
    let s = sample();
    let doc = hamish::text::load(&sub.join("a.txt")).expect("load a");
    let ron = store::render(&doc, &s.loaded.annotations, Some("ليلى"));
    std::fs::write(sub.join("a.ron"), ron).expect("write a.ron");
    let articles: Vec<Article> = corpus::articles(&root)
        .expect("articles")
        .iter()
        .map(|p| corpus::open(p).expect("open"))
        .collect();
    assert_eq!(articles.len(), 2);
    (dir, root, articles)
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn write_lays_out_each_format_under_the_output_folder() {
    let (dir, root, articles) = corpus_folder();
    let schema = Schema::default();

    let out = dir.path().join("brat");
    let files = export::write(&articles, &root, Format::Brat, &out, &schema)
        .expect("brat")
        .written;
    let want: Vec<PathBuf> = [
        "annotation.conf",
        "tools.conf",
        "ISO3166.tsv",
        "sub/a.txt",
        "sub/a.ann",
        "sub/b.txt",
        "sub/b.ann",
    ]
    .iter()
    .map(|f| out.join(f))
    .collect();
    assert_eq!(files, want);
    assert_eq!(
        read(&out.join("annotation.conf")),
        export::brat_conf(&schema)
    );
    assert_eq!(read(&out.join("sub/a.txt")), hamish::SAMPLE_TEXT);
    assert_eq!(
        read(&out.join("sub/a.ann")),
        export::brat_ann(&sample(), &schema)
    );
    assert_eq!(read(&out.join("sub/b.txt")), "قال وانغ يي:\nنعم.\n");
    assert_eq!(read(&out.join("sub/b.ann")), "");

    let out = dir.path().join("jsonl");
    let files = export::write(&articles, &root, Format::Jsonl, &out, &schema)
        .expect("jsonl")
        .written;
    assert_eq!(files, [out.join("corpus.jsonl")]);
    let jsonl = read(&out.join("corpus.jsonl"));
    let lines: Vec<&str> = jsonl.lines().collect();
    assert_eq!(lines.len(), 2);
    assert!(jsonl.ends_with('\n'));
    assert_eq!(
        format!("{}\n", lines[0]),
        expected("sample.jsonl").replace(NAME, "sub/a.txt")
    );
    let b: serde_json::Value = serde_json::from_str(lines[1]).expect("JSON");
    assert_eq!(b["file"], "sub/b.txt");
    assert_eq!(b["spans"], serde_json::json!([]));
    assert!(b["annotator"].is_null());

    let out = dir.path().join("conll");
    let files = export::write(&articles, &root, Format::ConllMulti, &out, &schema)
        .expect("conll")
        .written;
    assert_eq!(files, [out.join("sub/a.conll"), out.join("sub/b.conll")]);
    assert_eq!(
        read(&out.join("sub/a.conll")),
        expected("sample.conll").replace(NAME, "a.txt")
    );
    assert_eq!(
        read(&out.join("sub/b.conll")),
        "# file = b.txt\n\
         # columns = token Speaker Claim Country\n\
         قال\tO\tO\tO\n\
         وانغ\tO\tO\tO\n\
         يي\tO\tO\tO\n\
         :\tO\tO\tO\n\
         \n\
         نعم\tO\tO\tO\n\
         .\tO\tO\tO\n"
    );

    let out = dir.path().join("conll2003");
    let done = export::write(&articles, &root, Format::Conll, &out, &schema).expect("conll");
    let names = ["Speaker.conll", "Claim.conll", "Country.conll"];
    assert_eq!(done.written, names.map(|n| out.join(n)));
    let claims = read(&out.join("Claim.conll"));
    assert_eq!(claims.matches(export::conll::DOCSTART).count(), 2);
    assert!(
        !claims.lines().any(|l| l.starts_with('#')),
        "no comment lines"
    );
    assert!(done.notes.is_empty(), "{:?}", done.notes);
}
