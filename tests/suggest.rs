//! Pre-annotation suggestions on the bundled sample article, and Arabic-aware search
//! through its public entry point.

// Test code: an unmet expectation is the test failing, said where it fails.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use hamish::annotate::suggest::{suggest, Suggestion};
use hamish::annotate::{Annotation, Annotations, Schema};
use hamish::text::search::find_all;
use hamish::text::Document;
use hamish::SAMPLE_TEXT;

fn sample() -> Document {
    Document::new("sample", SAMPLE_TEXT.to_string())
}

fn text_of(s: &Suggestion) -> &'static str {
    &SAMPLE_TEXT[s.range.clone()]
}

fn chars(doc: &Document, s: &Suggestion) -> (usize, usize) {
    (
        doc.byte_to_char(s.range.start),
        doc.byte_to_char(s.range.end),
    )
}

#[test]
fn china_is_found_where_it_first_appears() {
    let doc = sample();
    let all = suggest(&doc, &Annotations::default(), &Schema::default());
    let first = all
        .iter()
        .find(|s| s.label == "Country")
        .expect("a country");
    assert_eq!(text_of(first), "الصين");
    assert_eq!(first.country.as_deref(), Some("CN"));
    assert_eq!(chars(&doc, first), (52, 57));
}

#[test]
fn the_run_together_united_states_is_found_without_its_conjunction() {
    let doc = sample();
    let all = suggest(&doc, &Annotations::default(), &Schema::default());
    let word = "والولاياتالمتحدة";
    let at = SAMPLE_TEXT.find(word).expect("the sample spells it so");
    let us = all
        .iter()
        .find(|s| s.label == "Country" && s.range.start >= at && s.range.end <= at + word.len())
        .expect("a country in the run-together word");
    assert_eq!(us.country.as_deref(), Some("US"));
    assert_eq!(text_of(us), "الولاياتالمتحدة");
    assert_eq!(us.range.end, at + word.len());
    assert_eq!(
        all.iter()
            .filter(|s| s.country.as_deref() == Some("US"))
            .count(),
        5,
        "every الولاياتالمتحدة of the sample"
    );
}

#[test]
fn kerry_is_the_quoted_speaker_and_his_claim_starts_at_inna() {
    let doc = sample();
    let all = suggest(&doc, &Annotations::default(), &Schema::default());
    let sentence = "وقال \"كيري\": إن أمن الفضاء الإلكتروني";
    let at = SAMPLE_TEXT.find(sentence).expect("the sample has it");
    let kerry = all
        .iter()
        .position(|s| s.label == "Speaker" && s.range.start > at && text_of(s) == "كيري")
        .expect("كيري as a Speaker");
    assert_eq!(
        all[kerry].range.start,
        at + "وقال \"".len(),
        "the name, not its quotes"
    );
    let claim = all
        .iter()
        .find(|s| s.label == "Claim" && s.speaker == Some(kerry))
        .expect("his claim");
    assert_eq!(claim.range.start, at + "وقال \"كيري\": ".len());
    assert!(text_of(claim).starts_with("إن أمن الفضاء الإلكتروني \"يؤثر"));
    assert!(
        text_of(claim).ends_with("بنيتها التحتية\""),
        "to the end of the sentence, the closing quote in and the full stop out"
    );
}

#[test]
fn the_sample_gets_these_suggestions_in_text_order() {
    let doc = sample();
    let all = suggest(&doc, &Annotations::default(), &Schema::default());
    let got: Vec<(&str, &str)> = all.iter().map(|s| (s.label.as_str(), text_of(s))).collect();
    let short: Vec<(&str, String)> = got
        .iter()
        .map(|(l, t)| (*l, t.split(' ').take(3).collect::<Vec<_>>().join(" ")))
        .collect();
    let want = [
        ("Speaker", "وزير الخارجية الأمريكي"),
        ("Claim", "إن الصين والولاياتالمتحدة"),
        ("Country", "الصين"),
        ("Country", "الولاياتالمتحدة"),
        ("Speaker", "كيري"),
        ("Claim", "إن أمن الفضاء"),
        ("Speaker", "وكالة أنباء الصين"),
        ("Country", "الصين"),
        ("Claim", "أن وزير الخارجية"),
        ("Speaker", "وانغ يي"),
        ("Claim", "إنه يتعين على"),
        ("Country", "الصين"),
        ("Country", "الولاياتالمتحدة"),
        ("Speaker", "وانغ"),
        ("Claim", "إن الفضاء الإلكتروني"),
        ("Speaker", "الولاياتالمتحدة"),
        ("Country", "الولاياتالمتحدة"),
        ("Claim", "إن عمليات اختراق"),
        ("Country", "الصين"),
        ("Claim", "إنه يعتقد أن"),
        ("Country", "الولاياتالمتحدة"),
        ("Speaker", "الصين"),
        ("Country", "الصين"),
        ("Claim", "إن هجمات إلكترونية"),
        ("Country", "الولاياتالمتحدة"),
        ("Speaker", "وانغ"),
        ("Country", "الصين"),
        ("Speaker", "وكيل وزارة الخارجية"),
        ("Claim", "من المهم أن"),
        ("Speaker", "رئيس وزراء الصين"),
        ("Country", "الصين"),
    ];
    let want: Vec<(&str, String)> = want.iter().map(|(l, t)| (*l, t.to_string())).collect();
    assert_eq!(short, want);
    for w in all.windows(2) {
        assert!(w[0].range.start <= w[1].range.start, "text order");
    }
    for s in &all {
        assert!(SAMPLE_TEXT.is_char_boundary(s.range.start));
        assert!(SAMPLE_TEXT.is_char_boundary(s.range.end));
        if let Some(i) = s.speaker {
            assert_eq!(all[i].label, "Speaker");
        }
        assert!(!s.why.is_empty());
    }
}

#[test]
fn an_existing_annotation_suppresses_its_suggestion() {
    let doc = sample();
    let fresh = suggest(&doc, &Annotations::default(), &Schema::default());
    let china = fresh
        .iter()
        .find(|s| s.label == "Country")
        .expect("a country")
        .clone();
    let kerry = fresh
        .iter()
        .find(|s| s.label == "Speaker" && text_of(s) == "كيري")
        .expect("كيري")
        .clone();
    let mut existing = Annotations::default();
    existing
        .add(Annotation::new("Country", china.range.clone()))
        .expect("add");
    existing
        .add(Annotation::new("Speaker", kerry.range.clone()))
        .expect("add");
    // Another label on the same span is no duplicate.
    existing
        .add(Annotation::new("Claim", china.range.clone()))
        .expect("add");
    let now = suggest(&doc, &existing, &Schema::default());
    assert_eq!(now.len(), fresh.len() - 2);
    assert!(!now
        .iter()
        .any(|s| s.label == "Country" && s.range == china.range));
    assert!(!now
        .iter()
        .any(|s| s.label == "Speaker" && s.range == kerry.range));
    let claim = now
        .iter()
        .find(|s| text_of(s).starts_with("إن أمن الفضاء"))
        .expect("his claim is still suggested");
    assert_eq!(claim.speaker, None, "its speaker is annotated already");
    for s in &now {
        if let Some(i) = s.speaker {
            assert_eq!(now[i].label, "Speaker");
        }
    }
}

#[test]
fn search_folds_hamza_tanween_alef_maqsura_and_tatweel() {
    let text = SAMPLE_TEXT;
    let found =
        |q: &str| -> Vec<&str> { find_all(text, q).into_iter().map(|r| &text[r]).collect() };
    // In الأمريكي and twice in الأمريكية: a search finds words inside words.
    assert_eq!(found("الامريكي"), ["الأمريكي"; 3]);
    assert_eq!(found("الامريكيه"), ["الأمريكية"; 2]);
    assert_eq!(found("فعليا"), ["فعلياً"]);
    assert_eq!(found("الصينى"), found("الصيني"));
    assert!(found("الصيني").contains(&"الصينى"));
    assert_eq!(found("لاي شكل"), ["لأى شكل"]);
    assert_eq!(found("وقال \"كيري\""), ["وقال \"كيري\""]);
    assert_eq!(found("كيري").len(), 5);
    let tatweel = "وصل إلى مـصر وغادر مصـــر";
    let hits: Vec<&str> = find_all(tatweel, "مصر")
        .into_iter()
        .map(|r| &tatweel[r])
        .collect();
    assert_eq!(hits, ["مـصر", "مصـــر"]);
    assert!(find_all(text, "").is_empty());
    assert!(find_all(text, "ًّ").is_empty());
}

mod props {
    use super::*;
    use hamish::text::fold::fold;
    use proptest::prelude::*;

    /// Text made of what the rules look at: verbs, names, prepositions, إن, quotes of
    /// every kind, sentence ends, harakat, tatweel, invisible marks and line ends.
    fn piece() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "وقال",
            "قالت",
            "ونقلت",
            "عن",
            "الذي",
            "يؤكد",
            "إن",
            "أن",
            "الصين",
            "والولايات",
            "المتحدة",
            "المالي",
            "ل",
            "كيري",
            "وانغ يي",
            " ",
            "  ",
            ":",
            ".",
            "؟",
            "،",
            "\"",
            "«",
            "»",
            "“",
            "”",
            "\u{064E}",
            "\u{0640}",
            "\u{200F}",
            "\n",
            "\r\n",
            "3.5",
            "John",
        ])
    }

    proptest! {
        #[test]
        fn suggestions_stay_on_char_boundaries(pieces in prop::collection::vec(piece(), 0..40)) {
            let text: String = pieces.concat();
            let doc = Document::new("p", text.clone());
            let all = suggest(&doc, &Annotations::default(), &Schema::default());
            for s in &all {
                prop_assert!(s.range.start < s.range.end && s.range.end <= text.len());
                prop_assert!(text.is_char_boundary(s.range.start));
                prop_assert!(text.is_char_boundary(s.range.end));
                if let Some(i) = s.speaker {
                    prop_assert_eq!(all[i].label.as_str(), "Speaker");
                }
            }
        }

        #[test]
        fn every_match_folds_to_the_query(
            pieces in prop::collection::vec(piece(), 0..40),
            query in prop::collection::vec(piece(), 1..4),
        ) {
            let text: String = pieces.concat();
            let query: String = query.concat();
            let mut last = 0;
            for r in find_all(&text, &query) {
                prop_assert!(r.start >= last, "left to right, no overlap");
                prop_assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
                prop_assert_eq!(fold(&text[r.clone()]), fold(&query));
                last = r.end;
            }
        }
    }
}

#[test]
fn a_schema_with_other_names_gets_the_same_suggestions_under_its_labels() {
    let doc = sample();
    let default = suggest(&doc, &Annotations::default(), &Schema::default());
    let renamed = Schema::parse(
        r#"(labels: [
            (name: "Place", key: 'l', colour: "cyan", link: CountryCode),
            (name: "Source", key: 's', colour: "green", link: Entity),
            (name: "Quote", key: 'q', colour: "yellow", link: Label("Source")),
        ])"#,
        "schema.ron",
    )
    .expect("schema");
    let name = |l: &str| match l {
        "Speaker" => "Source",
        "Claim" => "Quote",
        "Country" => "Place",
        other => panic!("{other}"),
    };
    let all = suggest(&doc, &Annotations::default(), &renamed);
    let want: Vec<(&str, _, Option<usize>)> = default
        .iter()
        .map(|s| (name(&s.label), s.range.clone(), s.speaker))
        .collect();
    let got: Vec<(&str, _, Option<usize>)> = all
        .iter()
        .map(|s| (s.label.as_str(), s.range.clone(), s.speaker))
        .collect();
    assert_eq!(got, want);

    // An annotation under the corpus's own label name suppresses its suggestion.
    let place = all.iter().find(|s| s.label == "Place").expect("a country");
    let mut existing = Annotations::default();
    existing
        .add(Annotation::new("Place", place.range.clone()))
        .expect("add");
    let now = suggest(&doc, &existing, &renamed);
    assert_eq!(now.len(), all.len() - 1);
    assert!(!now
        .iter()
        .any(|s| s.label == "Place" && s.range == place.range));
}

#[test]
fn a_role_the_schema_lacks_is_not_suggested() {
    let doc = sample();
    let default = suggest(&doc, &Annotations::default(), &Schema::default());
    let no_speaker = Schema::parse(
        r#"(labels: [(name: "Country", key: '3', colour: "cyan", link: CountryCode)])"#,
        "schema.ron",
    )
    .expect("schema");
    let only_countries = suggest(&doc, &Annotations::default(), &no_speaker);
    let want: Vec<_> = default
        .iter()
        .filter(|s| s.label == "Country")
        .map(|s| s.range.clone())
        .collect();
    assert!(!want.is_empty());
    assert!(only_countries.iter().all(|s| s.label == "Country"));
    assert_eq!(
        only_countries
            .iter()
            .map(|s| s.range.clone())
            .collect::<Vec<_>>(),
        want
    );

    // Roles come from links, not names: with no label linking to an entity there is no
    // Speaker, and so no label linking to the Speaker's: no Claim either.
    let no_entity = Schema::parse(
        r#"(labels: [(name: "Speaker", key: '1', colour: "green"), (name: "Claim", key: '2', colour: "yellow", link: Label("Speaker"))])"#,
        "schema.ron",
    )
    .expect("schema");
    let claims = suggest(&doc, &Annotations::default(), &no_entity);
    assert!(claims.is_empty(), "{claims:?}");
}
