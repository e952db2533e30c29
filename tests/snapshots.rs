//! Whole screens, as a user sees them after typing keys: the reader, the list of
//! annotations, a prompt, the help and a folder's list, on Arabic text. Each screen is kept
//! as text under `tests/snapshots/`; a change to what is drawn shows as a diff to review
//! (`cargo insta review`, or `INSTA_UPDATE=always` and `git diff`).

// Test code: an unmet expectation is the test failing, said where it fails.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::tui::{press, screen, Driven};
use hamish::layout::{Options, Shaping};
use hamish::text::Document;
use hamish::ui::{App, Event, Folder, Settings};
use std::path::Path;

const W: u16 = 72;
const H: u16 = 14;

const TEXT: &str = "قال وزير الخارجية الأمريكي جون كيري إن الصين مستعدة للتعاون.\n\
وأضاف كيري أن المحادثات مع بكين كانت «صريحة وبناءة».";

fn settings() -> Settings {
    Settings {
        options: Options {
            shaping: Shaping::Off,
            ..Options::default()
        },
        // Labels by style, not colour: a text snapshot then keeps every label apart.
        no_color: true,
        ..Settings::default()
    }
}

/// The article in `dir`, opened with its annotations, at W × H.
fn article(dir: &Path) -> App {
    let path = dir.join("article.txt");
    std::fs::write(&path, TEXT).expect("write");
    // A path that is the same on every machine, for the status line.
    let doc = Document::new("article.txt", TEXT.to_string());
    let mut app = App::new(doc, settings());
    app.open_annotations(&path, Some("tester".into()));
    app.update(Event::Resize(W, H));
    app
}

/// جون كيري a Speaker, الصين a Country, and the claim after إن, attributed.
fn annotated(dir: &Path) -> App {
    let mut app = article(dir);
    press(&mut app, "w w w w v w 1 Esc");
    press(&mut app, "w w 3 Esc");
    press(&mut app, "v w w 2 Esc a");
    app
}

#[test]
fn reader() {
    let dir = tempfile::tempdir().expect("temp");
    let mut app = annotated(dir.path());
    press(&mut app, "b b");
    insta::assert_snapshot!(screen(&app.draw()));
}

#[test]
fn list_of_annotations() {
    let dir = tempfile::tempdir().expect("temp");
    let mut app = annotated(dir.path());
    press(&mut app, "Tab Down");
    insta::assert_snapshot!(screen(&app.draw()));
}

#[test]
fn entity_prompt() {
    let dir = tempfile::tempdir().expect("temp");
    let mut app = annotated(dir.path());
    press(&mut app, "g");
    let kerry = TEXT.find("كيري").expect("in the text");
    app.set_selection(hamish::annotate::Selection::cursor(
        kerry..kerry + "كيري".len(),
    ));
    press(&mut app, "e");
    insta::assert_snapshot!(screen(&app.draw()));
}

#[test]
fn help() {
    let dir = tempfile::tempdir().expect("temp");
    let mut app = article(dir.path());
    app.update(Event::Resize(100, 30));
    press(&mut app, "?");
    insta::assert_snapshot!(screen(&app.draw()));
}

#[test]
fn folder_list() {
    let dir = tempfile::tempdir().expect("temp");
    for name in ["أخبار.txt", "b.txt", "c.txt"] {
        std::fs::write(dir.path().join(name), TEXT).expect("write");
    }
    // One article annotated and done.
    {
        let path = dir.path().join("b.txt");
        let doc = Document::new("b.txt", TEXT.to_string());
        let mut app = App::new(doc, settings());
        app.open_annotations(&path, Some("tester".into()));
        app.update(Event::Resize(W, H));
        press(&mut app, "1 w 3 D");
    }
    let paths = hamish::corpus::articles(dir.path()).expect("articles");
    let mut folder = Folder::new(dir.path(), paths, settings());
    folder.wait();
    folder.update(Event::Resize(W, 8));
    press(&mut folder, "Down");
    // The folder's own path differs between runs: it is the one line left out.
    let shown: Vec<String> = common::tui::rows(&folder.draw())
        .into_iter()
        .map(|r| r.replace(&dir.path().display().to_string(), "FOLDER"))
        .collect();
    insta::assert_snapshot!(shown.join("\n"));
}
