//! Every overlay (help, list, speaker picker, prompt) opened through the keymap and drawn at
//! every terminal size from 0×0 to 200×60: no panic, and the overlay is still open after the
//! resize.

// Test code: an unmet expectation is the test failing, said where it fails.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::tui::{draw_widget, press};
use hamish::layout::{Options, Shaping};
use hamish::text::Document;
use hamish::ui::{App, Event, Mode, Settings};
use proptest::prelude::*;

const TEXT: &str = "قال جون كيري إن الصين مستعدة\nوقال الوزير إن المحادثات جيدة";

/// An annotated article: a speaker and a claim, open at 80×20.
fn annotated(dir: &std::path::Path) -> App {
    let path = dir.join("article.txt");
    std::fs::write(&path, TEXT).expect("write");
    let settings = Settings {
        options: Options {
            shaping: Shaping::App,
            ..Options::default()
        },
        ..Settings::default()
    };
    let mut app = App::new(
        Document::new(path.display().to_string(), TEXT.into()),
        settings,
    );
    app.open_annotations(&path, Some("tester".into()));
    app.update(Event::Resize(80, 20));
    // جون كيري a Speaker; the rest of the sentence a Claim.
    press(&mut app, "w v w 1 Esc w v w w w 2");
    assert_eq!(app.annotations().len(), 2, "{:?}", app.message());
    press(&mut app, "b");
    app
}

/// The keys that open each overlay from the article, and the mode it gives.
const OPENERS: &[(&str, Mode)] = &[
    ("?", Mode::Help),
    ("Tab", Mode::Panel),
    ("s", Mode::Picker),
    ("/", Mode::Prompt),
    ("b b b b e", Mode::Prompt),
];

#[test]
fn each_opener_opens_its_overlay() {
    let dir = tempfile::tempdir().expect("temp");
    for &(keys, mode) in OPENERS {
        let mut app = annotated(dir.path());
        press(&mut app, keys);
        assert_eq!(app.mode(), mode, "{keys}: {:?}", app.message());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn every_overlay_draws_at_every_size(
        which in 0..OPENERS.len(),
        w in 0u16..=200,
        h in 0u16..=60,
    ) {
        let dir = tempfile::tempdir().expect("temp");
        let mut app = annotated(dir.path());
        let (keys, mode) = OPENERS[which];
        press(&mut app, keys);
        app.update(Event::Resize(w, h));
        draw_widget(&app, w, h);
        prop_assert_eq!(app.mode(), mode);
        // Moving inside it at that size draws too.
        app.update(Event::Wheel { down: true });
        draw_widget(&app, w, h);
    }
}

#[test]
fn the_corners_of_the_range() {
    let dir = tempfile::tempdir().expect("temp");
    for &(keys, _) in OPENERS {
        for (w, h) in [
            (0, 0),
            (0, 60),
            (200, 0),
            (1, 1),
            (200, 60),
            (2, 3),
            (39, 4),
        ] {
            let mut app = annotated(dir.path());
            press(&mut app, keys);
            app.update(Event::Resize(w, h));
            draw_widget(&app, w, h);
        }
    }
}
