//! Speed of annotating a long article heavily annotated (the targets: with
//! 5,000 annotations on the 57 KB `18_saudinewsnet-aawsat.txt`, a key press that moves the
//! cursor, redrawn, under 2 ms; saving 10,000 annotations under 20 ms).
//!
//! - `cursor_move_redraw`: one cursor key and a redraw of the whole 100×30 frame, with 5,000
//!   annotations (some nested, some overlapping) all over the article. `word`: next word in
//!   reading order to the end, then previous word back to the start; `word_first_screen`:
//!   the same over the first 100 words only, on the first screen, which is all text (long
//!   paragraphs, no blank rows) and so the most cells to draw; `visual`: the word on
//!   the left on screen, then on the right, likewise; `panel`: with the list of annotations
//!   open, one row down (then up). The cursor moves on every key and the view scrolls now
//!   and then.
//! - `save_10000`: with 10,000 annotations, `render` is the RON text alone;
//!   `render_write_atomic` is the write itself: the text, then the atomic write into a
//!   temporary folder (a temporary file, fsync, rename, fsync of the folder).
//!   `edit_save` is what an edit costs in the app: one change (the article marked done,
//!   then not), and the save from `App::update`, which first locks the text, reads the
//!   file on disk and checks its hash; `edit_merge_save` is two windows on the file, each
//!   editing in turn, so that every save first merges the other's version (10,000
//!   annotations three ways) before it writes.
//!
//! The article is the copy in `tests/data/corpus`, so this runs on a fresh clone.

// Test code: an unmet expectation is the test failing, said where it fails.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
// `criterion_group!` makes a public function that cannot carry a doc comment.
#![allow(missing_docs)]

use criterion::{criterion_group, criterion_main, Criterion};
use hamish::annotate::selection::words;
use hamish::annotate::{store, Annotation, Annotations, Status};
use hamish::layout::{Options, Shaping};
use hamish::text::{self, Document};
use hamish::ui::{App, Command, Event, SaveState, Settings};
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use std::time::Duration;

const ARTICLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/data/corpus/18_saudinewsnet-aawsat.txt"
);

fn article() -> Document {
    text::load(std::path::Path::new(ARTICLE)).expect("the article loads")
}

const LABELS: [&str; 3] = ["Speaker", "Claim", "Country"];
const COUNTRIES: [&str; 6] = ["SA", "EG", "US", "IR", "YE", "SY"];

/// `n` annotations spread evenly over the words of `doc`, ids 1..=n, labels cycling
/// Speaker, Claim, Country. Most cover one word; every third covers two to five words, so
/// that it holds or overlaps its neighbours. Spans stay within their paragraph. Speakers
/// get an entity, countries a code, and claims link to the speaker just before them.
fn annotations(doc: &Document, n: usize) -> Annotations {
    let text = doc.text();
    let all: Vec<std::ops::Range<usize>> = words(text).collect();
    assert!(!all.is_empty(), "the article has words");
    let mut items = Vec::with_capacity(n);
    let mut last_speaker = None;
    for i in 0..n {
        let first = i * all.len() / n;
        let len = if i % 3 == 2 { 2 + (i / 3) % 4 } else { 1 };
        let para = doc.paragraph_at(all[first].start);
        let last = (first..(first + len).min(all.len()))
            .take_while(|&w| doc.paragraph_at(all[w].start) == para)
            .last()
            .unwrap_or(first);
        let id = i as u32 + 1;
        let label = LABELS[i % LABELS.len()];
        let mut a = Annotation::new(label, all[first].start..all[last].end);
        a.id = id;
        match label {
            "Speaker" => {
                a.entity = Some(format!("Speaker {}", i % 97));
                last_speaker = Some(id);
            }
            "Claim" => a.speaker = last_speaker,
            _ => a.country = Some(COUNTRIES[i % COUNTRIES.len()].to_string()),
        }
        items.push(a);
    }
    let mut spans = std::collections::HashSet::new();
    assert!(
        items
            .iter()
            .all(|a| spans.insert((a.range.clone(), &a.label))),
        "no span has the same label twice"
    );
    Annotations::new(items, vec![], Status::InProgress)
}

/// The article opened with `n` annotations in its file, as a user opens it; the folder
/// holding the file goes with it.
fn open(doc: Document, n: usize) -> (App, Terminal<TestBackend>, tempfile::TempDir) {
    let annotations = annotations(&doc, n);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let text = dir.path().join("article.txt");
    let ron = store::render(&doc, &annotations, Some("bench"));
    std::fs::write(store::ron_path(&text), ron).expect("writes the annotations");
    let options = Options {
        shaping: Shaping::App,
        ..Options::default()
    };
    let settings = Settings {
        options,
        ..Settings::default()
    };
    let mut app = App::new(doc, settings);
    app.open_annotations(&text, Some("bench".into()));
    assert_eq!(app.annotations().len(), annotations.len(), "all are read");
    app.update(Event::Resize(100, 30));
    let terminal = Terminal::new(TestBackend::new(100, 30)).expect("test backend");
    (app, terminal, dir)
}

fn cursor_move_redraw(c: &mut Criterion) {
    let mut group = c.benchmark_group("cursor_move_redraw");
    group
        .sample_size(50)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4));
    // Name, the key forward, the key back, and after how many keys to turn back (else at
    // the end).
    let keys = [
        ("word", Command::NextWord, Command::PrevWord, None),
        (
            "word_first_screen",
            Command::NextWord,
            Command::PrevWord,
            Some(100),
        ),
        ("visual", Command::Left, Command::Right, None),
        ("panel", Command::Down, Command::Up, None),
    ];
    for (name, forward, back, turn_after) in keys {
        let (mut app, mut terminal, _dir) = open(article(), 5_000);
        if name == "panel" {
            app.update(Command::TogglePanel);
            assert!(app.panel_selected().is_some(), "the list is open");
        }
        let place = |app: &App| {
            (
                app.selection().head.clone(),
                app.panel_selected(),
                app.top(),
            )
        };
        let mut scrolls = 0u64;
        let mut keys = 0u64;
        let mut ahead = true;
        let mut run = 0;
        group.bench_function(name, |b| {
            b.iter(|| {
                // To the end (or `turn_after` keys) and back, so that every key moves the
                // cursor (or the row).
                if turn_after == Some(run) {
                    ahead = !ahead;
                    run = 0;
                }
                let before = place(&app);
                app.update(if ahead { forward } else { back });
                run += 1;
                if place(&app) == before {
                    ahead = !ahead;
                    run = 1;
                    app.update(if ahead { forward } else { back });
                }
                keys += 1;
                scrolls += u64::from(app.top() != before.2);
                terminal
                    .draw(|f| f.render_widget(&app, f.area()))
                    .expect("draws");
            })
        });
        eprintln!("cursor_move_redraw/{name}: {scrolls} of {keys} keys scrolled");
    }
    group.finish();
}

fn save_10000(c: &mut Criterion) {
    let doc = article();
    let annotations = annotations(&doc, 10_000);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("18_saudinewsnet-aawsat.ron");
    let bytes = store::render(&doc, &annotations, Some("bench"));
    eprintln!(
        "save_10000: {} annotations, {} bytes of RON",
        annotations.len(),
        bytes.len()
    );
    let mut group = c.benchmark_group("save_10000");
    group
        .sample_size(30)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    group.bench_function("render", |b| {
        b.iter(|| store::render(&doc, &annotations, Some("bench")))
    });
    group.bench_function("render_write_atomic", |b| {
        b.iter(|| {
            let bytes = store::render(&doc, &annotations, Some("bench"));
            store::write_atomic(&path, bytes.as_bytes()).expect("saves");
        })
    });
    let back = store::load(&path, &doc).expect("the saved file reads back");
    assert_eq!(back.annotations.items(), annotations.items());
    let (mut one, _terminal, dir) = open(article(), 10_000);
    group.bench_function("edit_save", |b| {
        b.iter(|| {
            one.update(Command::ToggleDone);
            assert_eq!(one.save_state(), SaveState::Saved);
        })
    });
    let mut two = App::new(article(), Settings::default());
    two.open_annotations(&dir.path().join("article.txt"), Some("two".into()));
    group.bench_function("edit_merge_save", |b| {
        b.iter(|| {
            one.update(Command::ToggleDone);
            two.update(Command::ToggleDone);
            assert_eq!(two.save_state(), SaveState::Saved);
        })
    });
    assert_eq!(
        two.annotations().len(),
        10_000,
        "nothing lost in the merges"
    );
    group.finish();
}

criterion_group!(benches, cursor_move_redraw, save_10000);
criterion_main!(benches);
