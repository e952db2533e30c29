//! The brat import as brat users meet it: spans with gaps refused (hamish's own line-end
//! fragments read back as one span), a brat corpus with its annotation.conf and no schema
//! imported with labels taken from it, country codes checked against the gazetteer; and
//! the brat export's tools.conf and normalization file, against files made by
//! tests/data/expected/brat_tools.py.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use assert_cmd::Command;
use hamish::annotate::store::{self, Loaded};
use hamish::annotate::{Annotation, Annotations, Link, Schema, Status};
use hamish::corpus::export::{self, Format};
use hamish::corpus::import::from_brat;
use hamish::corpus::Article;
use hamish::text::Document;
use std::path::{Path, PathBuf};

fn hamish() -> Command {
    let mut cmd = Command::cargo_bin("hamish").expect("the binary");
    cmd.env_remove("HAMISH_ANNOTATOR");
    cmd
}

fn expected(file: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/expected")
        .join(file);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// قال0 كيري4 إن9 الصين12 مهمة18 .22
const TEXT: &str = "قال كيري إن الصين مهمة.\n";

fn doc(text: &str) -> Document {
    Document::new("a.txt", text.to_string())
}

#[test]
fn a_span_with_a_gap_is_refused_and_nothing_widened() {
    let doc = doc(TEXT);
    let ann = "T1\tSpeaker 4 8\tكيري\n\
               T2\tClaim 0 3;9 11\tقال إن\n\
               R1\tAttributed Arg1:T2 Arg2:T1\n";
    let (got, messages) = from_brat(ann, &doc, &Schema::default());
    let labels: Vec<&str> = got.items().iter().map(|a| a.label.as_str()).collect();
    assert_eq!(labels, ["Speaker"]);
    assert_eq!(
        messages,
        [
            "line 2: a discontinuous span (0..3, 9..11): hamish spans are continuous; \
             not imported: T2\tClaim 0 3;9 11\tقال إن",
            "line 3: no T2 (or its line was not used): R1\tAttributed Arg1:T2 Arg2:T1",
        ]
    );
}

fn article(doc: Document, annotations: Annotations) -> Article {
    Article {
        text_path: PathBuf::from(&doc.name),
        doc,
        loaded: Loaded {
            annotations,
            ..Loaded::default()
        },
    }
}

/// Byte range of chars `start..end` of `text`.
fn bytes(text: &str, start: usize, end: usize) -> std::ops::Range<usize> {
    let at = |c: usize| {
        text.char_indices()
            .map(|(b, _)| b)
            .chain([text.len()])
            .nth(c)
            .expect("in the text")
    };
    at(start)..at(end)
}

#[test]
fn hamish_line_end_fragments_read_back_as_one_span() {
    // A Claim over three lines, one ending in \n, one in \r\n, and a blank line between.
    let text = "قال كيري\nإن الصين\r\n\r\nمهمة جدا.\n";
    let doc = doc(text);
    let mut a = Annotations::default();
    let range = bytes(text, 4, 25);
    a.add(Annotation::new("Claim", range.clone()))
        .expect("claim");
    let art = article(Document::new("a.txt", text.to_string()), a);
    let ann = export::brat_ann(&art, &Schema::default());
    assert!(ann.starts_with("T1\tClaim 4 8;9 17;21 25\t"), "{ann}");
    let (back, messages) = from_brat(&ann, &doc, &Schema::default());
    assert!(messages.is_empty(), "{messages:?}");
    let ranges: Vec<_> = back.items().iter().map(|a| a.range.clone()).collect();
    assert_eq!(ranges, [range]);
}

#[test]
fn country_codes_are_checked_against_the_gazetteer() {
    let doc = doc(TEXT);
    // N1 as brat writes it back when it saves a file (its tail keeps the tab: two tabs).
    let ann = "T1\tCountry 12 17\tالصين\nT2\tCountry 0 3\tقال\n\
               N1\tReference T1 ISO3166:CN\t\tChina\nN2\tReference T2 ISO3166:XX\tnowhere\n";
    let (got, messages) = from_brat(ann, &doc, &Schema::default());
    let codes: Vec<Option<&str>> = got.items().iter().map(|a| a.country.as_deref()).collect();
    // In text order: T2 (0..3) first.
    assert_eq!(codes, [None, Some("CN")]);
    assert_eq!(
        messages,
        ["line 4: \"XX\" is the code of no country: N2\tReference T2 ISO3166:XX\tnowhere"]
    );
}

const CONF: &str = "# a brat project\n[entities]\n!Actor\n\tPER\nLOC\nClaim\nNamed Entity\n\n\
                    [relations]\nAttributed Arg1:Claim, Arg2:PER\n\
                    <OVERLAP> Arg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>\n\
                    [events]\n\n[attributes]\n";

const ANN: &str = "T1\tPER 4 8\tكيري\nT2\tLOC 12 17\tالصين\nT3\tClaim 9 22\tإن الصين مهمة\n\
                   R1\tAttributed Arg1:T3 Arg2:T1\nN1\tReference T2 ISO3166:CN\tChina\n\
                   #1\tAnnotatorNotes T1\tentity: John Kerry\n";

/// A brat collection: `a` annotated, `b` with only a type hamish cannot take, `c` never
/// annotated (brat's empty .ann).
fn brat_collection() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    std::fs::write(root.join("annotation.conf"), CONF).unwrap();
    for name in ["a", "b", "c"] {
        std::fs::write(root.join(format!("{name}.txt")), TEXT).unwrap();
    }
    std::fs::write(root.join("a.ann"), ANN).unwrap();
    std::fs::write(root.join("b.ann"), "T1\tThing 0 3\tقال\n").unwrap();
    std::fs::write(root.join("c.ann"), "").unwrap();
    dir
}

fn import(root: &Path) -> (bool, String) {
    let out = hamish()
        .arg("import")
        .arg(root)
        .args(["--from", "brat"])
        .output()
        .expect("run");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// An annotation's label, id, entity, country code and speaker.
type Fields<'a> = (&'a str, u32, Option<&'a str>, Option<&'a str>, Option<u32>);

#[test]
fn a_brat_corpus_without_a_schema_takes_its_labels_from_annotation_conf() {
    let dir = brat_collection();
    let root = dir.path();
    let (ok, err) = import(root);
    // b's line could not be used: the command says so and fails, after importing a.
    assert!(!ok, "{err}");
    let schema_file = root.join(".hamish/schema.ron");
    assert!(
        err.contains(&format!("wrote {}", schema_file.display())),
        "{err}"
    );
    assert!(
        err.contains("line 7: brat reads the type \"Named\""),
        "the type with a space is told: {err}"
    );
    let schema = Schema::load(&schema_file).unwrap().expect("the schema");
    let labels: Vec<(&str, char, &Link)> = schema
        .labels
        .iter()
        .map(|l| (l.name.as_str(), l.key, &l.link))
        .collect();
    assert_eq!(
        labels,
        [
            ("PER", '1', &Link::Entity),
            ("LOC", '2', &Link::CountryCode),
            ("Claim", '3', &Link::Label("PER".into())),
        ]
    );
    // Every span and link of a.
    let doc = doc(TEXT);
    let loaded = store::load(&root.join("a.ron"), &doc).unwrap();
    let items = loaded.annotations.items();
    let got: Vec<Fields> = items
        .iter()
        .map(|a| {
            (
                a.label.as_str(),
                a.id,
                a.entity.as_deref(),
                a.country.as_deref(),
                a.speaker,
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("PER", 1, Some("John Kerry"), None, None),
            ("Claim", 3, None, None, Some(1)),
            ("LOC", 2, None, Some("CN"), None),
        ]
    );
    // b had nothing that could be imported, c nothing at all: no .ron for either.
    assert!(err.contains("b.ann: line 1: label \"Thing\""), "{err}");
    assert!(err.contains("b.ron: nothing to import"), "{err}");
    assert!(!root.join("b.ron").exists() && !root.join("c.ron").exists());
    // brat's empty .ann of a text never annotated is no trouble.
    assert!(!err.contains("c.ann") && !err.contains("c.ron"), "{err}");
    assert!(err.contains("1 annotation files written"), "{err}");

    // The same command again: only a.ron exists; the schema is the corpus's now, kept.
    let before = std::fs::read_to_string(&schema_file).unwrap();
    let (ok, err) = import(root);
    assert!(!ok);
    let exists: Vec<&str> = err.lines().filter(|l| l.contains("exists")).collect();
    assert_eq!(exists.len(), 1, "{err}");
    assert!(exists[0].contains("a.ron exists; not replaced"), "{err}");
    assert!(!err.contains("wrote"), "{err}");
    assert_eq!(std::fs::read_to_string(&schema_file).unwrap(), before);
}

#[test]
fn a_corpus_schema_is_never_replaced_by_annotation_conf() {
    let dir = brat_collection();
    let root = dir.path();
    hamish().arg("init").arg(root).assert().success();
    let before = std::fs::read_to_string(root.join(".hamish/schema.ron")).unwrap();
    let (_, err) = import(root);
    assert!(!err.contains("wrote"), "{err}");
    // The built-in labels have no PER: those spans are refused; b's only span too, and
    // b gets no .ron.
    assert!(err.contains("label \"PER\" is not in the schema"), "{err}");
    assert!(root.join("a.ron").exists() && !root.join("b.ron").exists());
    assert_eq!(
        std::fs::read_to_string(root.join(".hamish/schema.ron")).unwrap(),
        before
    );
}

#[test]
fn the_brat_export_writes_tools_conf_and_the_country_codes_for_norm_db_init() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    std::fs::write(corpus.join("a.txt"), TEXT).unwrap();
    let doc = hamish::text::load(&corpus.join("a.txt")).unwrap();
    let art = Article {
        text_path: corpus.join("a.txt"),
        doc,
        loaded: Loaded {
            annotations: Annotations::new(vec![], vec![], Status::InProgress),
            ..Loaded::default()
        },
    };
    let out = dir.path().join("brat");
    let written = export::write(&[art], &corpus, Format::Brat, &out, &Schema::default())
        .unwrap()
        .written;
    assert!(written.contains(&out.join("tools.conf")), "{written:?}");
    let tools = std::fs::read_to_string(out.join("tools.conf")).unwrap();
    assert_eq!(tools, expected("tools.conf"));
    let tsv = std::fs::read_to_string(out.join("ISO3166.tsv")).unwrap();
    assert_eq!(tsv, expected("ISO3166.tsv"));
    // The DB named in tools.conf is the one norm_db_init.py makes of that file: its name
    // without the extension.
    assert!(tools.contains("\nISO3166\tDB:ISO3166, "));
}
