//! `hamish agree`'s engine on small cases whose figures were computed by hand (the
//! arithmetic is in the comments).

// Test code: an unmet expectation is the test failing, said where it fails.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use hamish::annotate::store::Loaded;
use hamish::annotate::{Annotation, Annotations, Schema, Status};
use hamish::corpus::agree::{compare, Kind, Pair, Report, Scores};
use hamish::corpus::Article;
use hamish::text::Document;
use std::path::PathBuf;

/// Ten two-letter words: word k is at bytes 3k..3k+2 (and chars, it is ASCII).
const TEN: &str = "aa bb cc dd ee ff gg hh ii jj";

/// Bytes of words `first..=last` of [`TEN`].
fn words(first: usize, last: usize) -> std::ops::Range<usize> {
    3 * first..3 * last + 2
}

fn article(name: &str, text: &str, spans: &[(&str, std::ops::Range<usize>)]) -> Article {
    let items = spans
        .iter()
        .enumerate()
        .map(|(i, (label, r))| {
            let mut a = Annotation::new(label, r.clone());
            a.id = i as u32 + 1;
            a
        })
        .collect();
    Article {
        text_path: PathBuf::from(name),
        doc: Document::new(name, text.to_string()),
        loaded: Loaded {
            annotations: Annotations::new(items, vec![], Status::InProgress),
            ..Default::default()
        },
    }
}

fn report(
    text: &str,
    a: &[(&str, std::ops::Range<usize>)],
    b: &[(&str, std::ops::Range<usize>)],
) -> Report {
    let (a, b) = (article("t.txt", text, a), article("t.txt", text, b));
    let pairs = [Pair {
        name: "t.txt".into(),
        a: &a,
        b: &b,
    }];
    compare(&pairs, &Schema::default())
}

fn label<'r>(r: &'r Report, name: &str) -> &'r Scores {
    r.labels
        .iter()
        .find(|s| s.label == name)
        .unwrap_or_else(|| panic!("no row for {name}"))
}

fn close(got: f64, want: f64, what: &str) {
    assert!((got - want).abs() < 1e-9, "{what}: got {got}, want {want}");
}

/// (precision, recall, F1, overlap F1, kappa) of a row.
fn figures(s: &Scores) -> [f64; 5] {
    [s.precision, s.recall, s.f1, s.overlap_f1, s.kappa]
}

fn same(s: &Scores, want: [f64; 5]) {
    let names = ["precision", "recall", "F1", "overlap F1", "kappa"];
    for ((g, w), n) in figures(s).iter().zip(want).zip(names) {
        close(*g, w, &format!("{} {n}", s.label));
    }
}

#[test]
fn rows_follow_the_schema_then_other_labels_by_name() {
    let r = report(
        TEN,
        &[("Zeta", words(0, 0)), ("Alpha", words(1, 1))],
        &[("Claim", words(2, 2))],
    );
    let names: Vec<&str> = r.labels.iter().map(|s| s.label.as_str()).collect();
    assert_eq!(names, ["Speaker", "Claim", "Country", "Alpha", "Zeta"]);
}

#[test]
fn identical_sets_agree_fully() {
    let spans = [("Speaker", words(0, 0)), ("Claim", words(2, 4))];
    let r = report(TEN, &spans, &spans);
    // Every label: P = R = F1 = overlap F1 = 1; kappa: po = 1, pe < 1 → 1. Country is used
    // by no one: both empty → 1.0 by convention, and pe = 1, po = 1 → kappa 1.
    for s in r.labels.iter().chain([&r.overall]) {
        same(s, [1.0; 5]);
    }
    assert_eq!((r.overall.a, r.overall.b, r.overall.matched), (2, 2, 2));
    assert!(r.disagreements.is_empty());
    assert_eq!(r.files, 1);
}

#[test]
fn no_annotations_at_all_is_full_agreement() {
    let r = report(TEN, &[], &[]);
    for s in r.labels.iter().chain([&r.overall]) {
        same(s, [1.0; 5]);
    }
    // An empty text has no tokens: kappa 1 by the pe = 1 convention.
    let r = report("", &[], &[]);
    close(r.overall.kappa, 1.0, "no tokens");
}

#[test]
fn disjoint_sets_score_zero() {
    // A: Speaker on word 0; B: Speaker on word 1. No exact, no overlap match:
    // P = 0/1, R = 0/1, F1 = 0, overlap F1 = 0.
    // Kappa (10 tokens): both 0, A only 1, B only 1, neither 8. po = 8/10 = 0.8,
    // pA = pB = 0.1, pe = 0.1·0.1 + 0.9·0.9 = 0.82, kappa = (0.8 − 0.82)/(1 − 0.82)
    // = −0.02/0.18 = −1/9.
    let r = report(
        TEN,
        &[("Speaker", words(0, 0))],
        &[("Speaker", words(1, 1))],
    );
    same(label(&r, "Speaker"), [0.0, 0.0, 0.0, 0.0, -1.0 / 9.0]);
    same(&r.overall, [0.0, 0.0, 0.0, 0.0, -1.0 / 9.0]);
    let places: Vec<(usize, usize, Kind, &str, &str)> = r
        .disagreements
        .iter()
        .map(|d| (d.start, d.end, d.kind, d.a.as_str(), d.b.as_str()))
        .collect();
    assert_eq!(
        places,
        [
            (0, 2, Kind::OnlyA, "Speaker", "nothing"),
            (3, 5, Kind::OnlyB, "nothing", "Speaker"),
        ]
    );
}

#[test]
fn partial_overlap_is_no_exact_match_but_a_full_overlap_one() {
    // A: Claim words 0..=2 (bytes 0..8); B: Claim words 1..=2 (bytes 3..8).
    // Exact: 0 of 1 → P = R = F1 = 0. Overlap: 1 of 1 → overlap F1 = 2·1/(1+1) = 1.
    // Kappa: both 2 (words 1, 2), A only 1 (word 0), neither 7. po = 9/10, pA = 0.3,
    // pB = 0.2, pe = 0.06 + 0.56 = 0.62, kappa = 0.28/0.38 = 14/19.
    let r = report(TEN, &[("Claim", words(0, 2))], &[("Claim", words(1, 2))]);
    same(label(&r, "Claim"), [0.0, 0.0, 0.0, 1.0, 14.0 / 19.0]);
    let c = label(&r, "Claim");
    assert_eq!((c.matched, c.overlap_matched), (0, 1));
    // One disagreement for the pair, not two.
    assert_eq!(r.disagreements.len(), 1);
    let d = &r.disagreements[0];
    assert_eq!((d.start, d.end, d.kind), (0, 8, Kind::Boundaries));
    assert_eq!((d.a_span, d.b_span), (Some([0, 8]), Some([3, 8])));
    assert_eq!(d.text, "aa bb cc");
    let text = r.to_text();
    assert!(
        text.contains("t.txt:0-8  \"aa bb cc\"  A: Claim  B: Claim 3-8\n"),
        "{text}"
    );
}

#[test]
fn different_labels_on_the_same_span() {
    // A: Speaker on word 0; B: Country on word 0.
    // Speaker: |A| 1, |B| 0 → P = 0 (|B| = 0 but |A| ≠ 0), R = 0/1, F1 = 0.
    // Country: |A| 0, |B| 1 → P = 0/1, R = 0 (|A| = 0 but |B| ≠ 0), F1 = 0.
    // Kappa, Speaker: A only 1, neither 9: po = 0.9, pA = 0.1, pB = 0,
    // pe = 0·0.1 + 1·0.9 = 0.9 → (0.9 − 0.9)/0.1 = 0. Country the same, mirrored.
    // Overall pools the two used labels: 20 tokens, A only 1, B only 1, neither 18:
    // po = 0.9, pA = pB = 0.05, pe = 0.0025 + 0.9025 = 0.905, kappa = −0.005/0.095 = −1/19.
    let r = report(
        TEN,
        &[("Speaker", words(0, 0))],
        &[("Country", words(0, 0))],
    );
    same(label(&r, "Speaker"), [0.0; 5]);
    same(label(&r, "Country"), [0.0; 5]);
    same(label(&r, "Claim"), [1.0; 5]);
    same(&r.overall, [0.0, 0.0, 0.0, 0.0, -1.0 / 19.0]);
    assert_eq!(r.disagreements.len(), 1);
    let d = &r.disagreements[0];
    assert_eq!(
        (d.start, d.end, d.kind, d.a.as_str(), d.b.as_str()),
        (0, 2, Kind::Label, "Speaker", "Country")
    );
    assert!(r
        .to_text()
        .contains("t.txt:0-2  \"aa\"  A: Speaker  B: Country\n"));
}

#[test]
fn one_annotator_empty() {
    // A: Speaker word 0, Claim words 2..=4; B: nothing.
    // |B| = 0, |A| = 2 → P = 0 (convention), R = 0/2, F1 = 2·0/(2+0) = 0.
    // Kappa, Speaker: A only 1, neither 9 → pB = 0, pe = 0.9 = po → 0.
    // Claim: A only 3, neither 7 → po = 0.7, pA = 0.3, pB = 0, pe = 0.7 → 0.
    let r = report(
        TEN,
        &[("Speaker", words(0, 0)), ("Claim", words(2, 4))],
        &[],
    );
    same(&r.overall, [0.0; 5]);
    same(label(&r, "Speaker"), [0.0; 5]);
    same(label(&r, "Claim"), [0.0; 5]);
    let sides: Vec<(Kind, &str, &str)> = r
        .disagreements
        .iter()
        .map(|d| (d.kind, d.a.as_str(), d.b.as_str()))
        .collect();
    assert_eq!(
        sides,
        [
            (Kind::OnlyA, "Speaker", "nothing"),
            (Kind::OnlyA, "Claim", "nothing")
        ]
    );
    // And the other way round: B's spans are all unmatched.
    let r = report(TEN, &[], &[("Speaker", words(0, 0))]);
    same(label(&r, "Speaker"), [0.0; 5]);
    assert_eq!(r.disagreements[0].kind, Kind::OnlyB);
}

#[test]
fn nested_spans_match_one_to_one() {
    // A: Claim words 0..=4 (0..14) and, inside it, Claim words 1..=2 (3..8).
    // B: Claim words 1..=2 only.
    // Exact: B's span equals A's inner one: m = 1. P = 1/1, R = 1/2,
    // F1 = 2·1/(2+1) = 2/3. Overlap: the exact pair first; A's outer span overlaps B's
    // only span, already taken → overlap m = 1, overlap F1 = 2/3.
    // Kappa: A covers words 0..=4, B words 1..=2: both 2, A only 3, neither 5.
    // po = 0.7, pA = 0.5, pB = 0.2, pe = 0.1 + 0.4 = 0.5, kappa = 0.2/0.5 = 0.4.
    let r = report(
        TEN,
        &[("Claim", words(0, 4)), ("Claim", words(1, 2))],
        &[("Claim", words(1, 2))],
    );
    same(label(&r, "Claim"), [1.0, 0.5, 2.0 / 3.0, 2.0 / 3.0, 0.4]);
    assert_eq!(r.disagreements.len(), 1);
    let d = &r.disagreements[0];
    assert_eq!((d.start, d.end, d.kind), (0, 14, Kind::OnlyA));

    // One span of A overlapping two of B matches only one of them.
    // A: Claim words 0..=2 (0..8); B: Claim words 0..=1 (0..5) and words 2..=4 (6..14).
    // Exact m = 0 → F1 0. Overlap: A's span takes B's first (text order) → m = 1,
    // overlap F1 = 2·1/(1+2) = 2/3; B's second is alone.
    // Kappa: A words 0..=2, B words 0..=4: both 3, B only 2, neither 5. po = 0.8,
    // pA = 0.3, pB = 0.5, pe = 0.15 + 0.35 = 0.5, kappa = 0.3/0.5 = 0.6.
    let r = report(
        TEN,
        &[("Claim", words(0, 2))],
        &[("Claim", words(0, 1)), ("Claim", words(2, 4))],
    );
    same(label(&r, "Claim"), [0.0, 0.0, 0.0, 2.0 / 3.0, 0.6]);
    let places: Vec<(usize, usize, Kind)> = r
        .disagreements
        .iter()
        .map(|d| (d.start, d.end, d.kind))
        .collect();
    assert_eq!(places, [(0, 8, Kind::Boundaries), (6, 14, Kind::OnlyB)]);
}

#[test]
fn kappa_on_ten_tokens() {
    // A: Claim words 0..=3; B: Claim words 2..=5.
    // Table: both 2 (words 2, 3), A only 2 (0, 1), B only 2 (4, 5), neither 4 (6..=9).
    // po = (2 + 4)/10 = 0.6; pA = pB = 4/10; pe = 0.4·0.4 + 0.6·0.6 = 0.52;
    // kappa = (0.6 − 0.52)/(1 − 0.52) = 0.08/0.48 = 1/6.
    let r = report(TEN, &[("Claim", words(0, 3))], &[("Claim", words(2, 5))]);
    let c = label(&r, "Claim");
    assert_eq!(
        (
            c.tokens.both,
            c.tokens.a_only,
            c.tokens.b_only,
            c.tokens.neither
        ),
        (2, 2, 2, 4)
    );
    same(c, [0.0, 0.0, 0.0, 1.0, 1.0 / 6.0]);
    // Overall pools only the used label, Claim: the same.
    close(r.overall.kappa, 1.0 / 6.0, "overall kappa");
}

#[test]
fn two_labels_micro_averaged() {
    // A: Speaker word 0, Claim words 2..=4. B: Speaker word 0, Claim words 2..=3,
    // Speaker word 9.
    // Speaker: |A| 1, |B| 2, m 1 → P = 1/2, R = 1, F1 = 2·1/3 = 2/3; overlap the same.
    //   Kappa: both 1, B only 1, neither 8: po = 0.9, pA = 0.1, pB = 0.2,
    //   pe = 0.02 + 0.72 = 0.74, kappa = 0.16/0.26 = 8/13.
    // Claim: |A| 1, |B| 1, m 0, overlap 1 → 0, 0, 0, overlap F1 1.
    //   Kappa: both 2, A only 1, neither 7: po = 0.9, pA = 0.3, pB = 0.2,
    //   pe = 0.06 + 0.56 = 0.62, kappa = 0.28/0.38 = 14/19.
    // Overall: |A| 2, |B| 3, m 1 → P = 1/3, R = 1/2, F1 = 2/5; overlap m 2 → 4/5.
    //   Kappa over 20 (label, token) cells: both 3, A only 1, B only 1, neither 15:
    //   po = 0.9, pA = pB = 0.2, pe = 0.04 + 0.64 = 0.68, kappa = 0.22/0.32 = 0.6875.
    let r = report(
        TEN,
        &[("Speaker", words(0, 0)), ("Claim", words(2, 4))],
        &[
            ("Speaker", words(0, 0)),
            ("Claim", words(2, 3)),
            ("Speaker", words(9, 9)),
        ],
    );
    same(
        label(&r, "Speaker"),
        [0.5, 1.0, 2.0 / 3.0, 2.0 / 3.0, 8.0 / 13.0],
    );
    same(label(&r, "Claim"), [0.0, 0.0, 0.0, 1.0, 14.0 / 19.0]);
    same(label(&r, "Country"), [1.0; 5]);
    same(&r.overall, [1.0 / 3.0, 0.5, 0.4, 0.8, 0.6875]);
    assert_eq!(
        (
            r.overall.a,
            r.overall.b,
            r.overall.matched,
            r.overall.overlap_matched
        ),
        (2, 3, 1, 2)
    );
    let places: Vec<(usize, usize, Kind)> = r
        .disagreements
        .iter()
        .map(|d| (d.start, d.end, d.kind))
        .collect();
    assert_eq!(places, [(6, 14, Kind::Boundaries), (27, 29, Kind::OnlyB)]);
    let text = r.to_text();
    assert!(text.contains("overall"), "{text}");
    // |A| 2, |B| 3, P 0.333, R 0.500, F1 0.400, overlap 0.800, kappa 0.688 (rounded).
    let row = text
        .lines()
        .find(|l| l.starts_with("overall"))
        .unwrap_or_default();
    let cells: Vec<&str> = row.split_whitespace().collect();
    assert_eq!(
        cells,
        ["overall", "2", "3", "0.333", "0.500", "0.400", "0.800", "0.688"]
    );
}

#[test]
fn offsets_are_chars_and_text_is_kept() {
    // "قال كيري": "قال " is 4 chars, 7 bytes; "كيري" is 4 chars, 8 bytes.
    let text = "قال كيري";
    let r = report(text, &[("Speaker", 7..15)], &[]);
    let d = &r.disagreements[0];
    assert_eq!((d.start, d.end, d.text.as_str()), (4, 8, "كيري"));
    assert!(r
        .to_text()
        .contains("t.txt:4-8  \"كيري\"  A: Speaker  B: nothing\n"));
    let json: serde_json::Value =
        serde_json::from_str(&r.to_json()).unwrap_or(serde_json::Value::Null);
    assert_eq!(json["disagreements"][0]["start"], 4);
    assert_eq!(json["disagreements"][0]["a"], "Speaker");
    assert_eq!(json["disagreements"][0]["b"], "nothing");
    assert_eq!(json["disagreements"][0]["kind"], "only_a");
    assert_eq!(json["overall"]["a"], 1);
}

#[test]
fn different_texts_are_reported_and_not_compared() {
    let a1 = article("x.txt", TEN, &[("Speaker", words(0, 0))]);
    let b1 = article("x.txt", "aa bb", &[("Claim", 0..5)]);
    let a2 = article("y.txt", TEN, &[("Claim", words(1, 1))]);
    let b2 = article("y.txt", TEN, &[("Claim", words(1, 1))]);
    let pairs = [
        Pair {
            name: "y.txt".into(),
            a: &a2,
            b: &b2,
        },
        Pair {
            name: "x.txt".into(),
            a: &a1,
            b: &b1,
        },
    ];
    let r = compare(&pairs, &Schema::default());
    assert_eq!(r.files, 1);
    assert_eq!(r.differing.len(), 1);
    assert_eq!(r.differing[0].file, "x.txt");
    assert_ne!(r.differing[0].a_sha256, r.differing[0].b_sha256);
    // Only y.txt counted: its one Claim matches.
    assert_eq!((r.overall.a, r.overall.b, r.overall.matched), (1, 1, 1));
    assert_eq!(label(&r, "Speaker").a, 0);
    assert!(r.disagreements.is_empty());
    assert!(r.to_text().contains("x.txt: the two texts differ"));
}

#[test]
fn disagreements_are_sorted_by_file_then_offset() {
    let a1 = article(
        "b.txt",
        TEN,
        &[("Claim", words(5, 5)), ("Claim", words(1, 1))],
    );
    let b1 = article("b.txt", TEN, &[]);
    let a2 = article("a.txt", TEN, &[]);
    let b2 = article("a.txt", TEN, &[("Speaker", words(3, 3))]);
    let pairs = [
        Pair {
            name: "b.txt".into(),
            a: &a1,
            b: &b1,
        },
        Pair {
            name: "a.txt".into(),
            a: &a2,
            b: &b2,
        },
    ];
    let r = compare(&pairs, &Schema::default());
    let order: Vec<(&str, usize)> = r
        .disagreements
        .iter()
        .map(|d| (d.file.as_str(), d.start))
        .collect();
    assert_eq!(order, [("a.txt", 9), ("b.txt", 3), ("b.txt", 15)]);
    // Tokens pool over both files: Speaker has 20 tokens, B only 1, neither 19.
    // po = 0.95, pA = 0, pB = 0.05, pe = 0.95 → kappa 0.
    let s = label(&r, "Speaker");
    assert_eq!((s.tokens.b_only, s.tokens.neither), (1, 19));
    close(s.kappa, 0.0, "Speaker kappa");
}
