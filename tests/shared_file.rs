//! One annotation file touched by more than one hand: two windows on one article, a file
//! replaced on disk (as `git pull` does), broken, or deleted while it is open. Nothing
//! acknowledged as saved is lost, and a file that cannot be read is never written over.

// Test code: an unmet expectation is the test failing, said where it fails.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::tui::{feed, press};
use hamish::annotate::store;
use hamish::annotate::Status;
use hamish::text::Document;
use hamish::ui::{App, Event, SaveState, Settings};
use std::path::{Path, PathBuf};

const TEXT: &str = "قال وزير الخارجية الأمريكي جون كيري إن الصين مستعدة للتعاون مع الهند.\n\
وأضاف كيري أن المحادثات مع روسيا كانت صريحة.";

fn article(dir: &Path) -> PathBuf {
    let path = dir.join("article.txt");
    std::fs::write(&path, TEXT).expect("write");
    path
}

fn open(path: &Path, who: &str) -> App {
    let doc = Document::new("article.txt", TEXT.to_string());
    let mut app = App::new(doc, Settings::default());
    app.open_annotations(path, Some(who.into()));
    app.update(Event::Resize(100, 30));
    app
}

/// The label and quote of every annotation in the file, in text order.
fn on_disk(path: &Path) -> Vec<(String, String)> {
    let doc = Document::new("article.txt", TEXT.to_string());
    let loaded = store::load(&store::ron_path(path), &doc).expect("the file loads");
    loaded
        .annotations
        .items()
        .iter()
        .map(|a| (a.label.clone(), TEXT[a.range.clone()].to_string()))
        .collect()
}

/// Who made each annotation in the file, in text order.
fn makers(path: &Path) -> Vec<String> {
    let doc = Document::new("article.txt", TEXT.to_string());
    let loaded = store::load(&store::ron_path(path), &doc).expect("the file loads");
    loaded
        .annotations
        .items()
        .iter()
        .map(|a| a.by.clone().unwrap_or_default())
        .collect()
}

/// An article in a new folder, open in a window of `who` who tagged الصين (the eighth word).
fn china_tagged(who: &str) -> (tempfile::TempDir, PathBuf, App) {
    let dir = tempfile::tempdir().expect("temp");
    let path = article(dir.path());
    let mut app = open(&path, who);
    press(&mut app, "w w w w w w w 3");
    (dir, path, app)
}

fn quotes(app: &App) -> Vec<String> {
    app.annotations()
        .items()
        .iter()
        .map(|a| TEXT[a.range.clone()].to_string())
        .collect()
}

#[test]
fn two_windows_on_one_article_keep_every_annotation() {
    let dir = tempfile::tempdir().expect("temp");
    let path = article(dir.path());
    let mut one = open(&path, "one");
    let mut two = open(&path, "two");
    // One tags الصين (the eighth word), the other كيري (the sixth), both say saved.
    press(&mut one, "w w w w w w w 3");
    assert_eq!(one.save_state(), SaveState::Saved);
    // The other window sees it come in without a key: an open article asks for ticks.
    assert!(two.wants_tick());
    feed(&mut two, &[Event::Tick]);
    assert_eq!(two.message(), Some("merged 1 from disk"));
    assert_eq!(quotes(&two), ["الصين"]);
    press(&mut two, "w w w w w 1");
    assert_eq!(two.save_state(), SaveState::Saved);
    // A second round, the other way round.
    press(&mut one, "w w w w 3");
    press(&mut two, "w 1");
    let file = on_disk(&path);
    let quotes_on_disk: Vec<&str> = file.iter().map(|(_, q)| q.as_str()).collect();
    assert_eq!(quotes_on_disk, ["كيري", "إن", "الصين", "الهند"], "{file:?}");
    // The first window learns of the second's work on its next look at the file.
    feed(&mut one, &[Event::Tick]);
    assert_eq!(quotes(&one), ["كيري", "إن", "الصين", "الهند"]);
    assert_eq!(quotes(&two), quotes(&one));
    // The shared file still tells whose each annotation is.
    assert_eq!(makers(&path), ["two", "two", "one", "one"]);
}

#[test]
fn a_file_replaced_on_disk_is_merged_not_overwritten() {
    let dir = tempfile::tempdir().expect("temp");
    let path = article(dir.path());
    let ron = store::ron_path(&path);
    let mut app = open(&path, "me");
    press(&mut app, "w w w w w w w 3");
    // Someone else's version arrives (git pull): their Speaker, and the article done.
    let mut other = open(&path, "other");
    press(&mut other, "w w w w 1 D");
    let theirs = std::fs::read_to_string(&ron).expect("read");
    // The first window never looked at the file since; now it tags again.
    std::fs::write(&ron, &theirs).expect("write");
    press(&mut app, "w w w w w 3");
    let file = on_disk(&path);
    assert_eq!(file.len(), 3, "{file:?}");
    assert!(file.contains(&("Speaker".into(), "جون".into())), "{file:?}");
    let doc = Document::new("article.txt", TEXT.to_string());
    let loaded = store::load(&ron, &doc).expect("loads");
    assert_eq!(loaded.annotations.status(), Status::Done);
    // Undo still undoes this window's last tag, and that is saved too.
    press(&mut app, "u");
    assert_eq!(on_disk(&path).len(), 2);
}

#[test]
fn a_broken_file_on_disk_is_never_written_over() {
    let dir = tempfile::tempdir().expect("temp");
    let path = article(dir.path());
    let ron = store::ron_path(&path);
    let mut app = open(&path, "me");
    press(&mut app, "w w w w w w w 3");
    let good = std::fs::read_to_string(&ron).expect("read");
    let broken = format!("<<<<<<< HEAD\n{good}=======\n{good}>>>>>>> theirs\n");
    std::fs::write(&ron, &broken).expect("write");
    press(&mut app, "w 3");
    assert_eq!(std::fs::read_to_string(&ron).expect("read"), broken);
    assert_ne!(app.save_state(), SaveState::Saved);
    let told = app.message().unwrap_or("");
    assert!(told.contains("cannot be read"), "{told}");
    // Read-only now: a tag is refused with the reason.
    press(&mut app, "w 3");
    assert_eq!(std::fs::read_to_string(&ron).expect("read"), broken);
    // Mended on disk (the conflict resolved by hand): the next key merges and saves.
    std::fs::write(&ron, &good).expect("write");
    press(&mut app, "w");
    assert_eq!(app.save_state(), SaveState::Saved);
    press(&mut app, "3");
    assert_eq!(on_disk(&path).len(), 2);
}

#[test]
fn a_file_deleted_on_disk_is_written_again() {
    let dir = tempfile::tempdir().expect("temp");
    let path = article(dir.path());
    let ron = store::ron_path(&path);
    let mut app = open(&path, "me");
    press(&mut app, "w w w w w w w 3");
    std::fs::remove_file(&ron).expect("remove");
    feed(&mut app, &[Event::Tick]);
    assert!(app.message().unwrap_or("").contains("deleted on disk"));
    assert_eq!(on_disk(&path).len(), 1);
    press(&mut app, "w w w w 3");
    assert_eq!(on_disk(&path).len(), 2);
}

#[test]
fn re_anchored_annotations_are_saved_at_once() {
    let (_dir, path, app) = china_tagged("me");
    drop(app);
    // The text gains a line at its head: every annotation moves.
    let changed = format!("عنوان جديد.\n{TEXT}");
    reopen_changed(&path, &changed);
    check_clean(&path, &changed);
}

/// Writes `changed` over the text at `path` and opens it as the app does.
fn reopen_changed(path: &Path, changed: &str) -> App {
    std::fs::write(path, changed).expect("write");
    let mut app = App::new(
        Document::new("article.txt", changed.to_string()),
        Settings::default(),
    );
    app.open_annotations(path, Some("me".into()));
    app.update(Event::Resize(100, 30));
    app
}

#[test]
fn one_annotation_changed_in_two_windows_is_a_conflict_kept_until_chosen() {
    let (_dir, path, mut one) = china_tagged("one");
    let mut two = open(&path, "two");
    // Both relabel the same span, differently, before either sees the other.
    // Two has the panel open on it when one relabels and saves; two then picks another label:
    // both changed it since they last read the file.
    press(&mut two, "w w w w w w w Tab");
    press(&mut one, "Tab 2 Esc");
    press(&mut two, "1");
    // Two's save merged one's: a conflict, two's version shown.
    let told = two.message().unwrap_or("").to_string();
    assert!(told.contains("changed both here and on disk"), "{told}");
    assert_eq!(two.annotations().conflicts().len(), 1);
    assert_eq!(two.annotations().items()[0].label, "Speaker");
    // The row above the status line says whose it is and that it is in conflict.
    press(&mut two, "Esc");
    let here = two.describe_here();
    assert!(here.contains(", by \u{2068}one\u{2069}"), "{here}");
    assert!(
        here.contains("≠ changed elsewhere too: m keeps this, M takes the other"),
        "{here}"
    );
    // The file keeps both versions; the first window learns of it too.
    feed(&mut one, &[Event::Tick]);
    assert_eq!(one.annotations().conflicts().len(), 1);
    // Two takes the other version: the conflict is gone everywhere.
    press(&mut two, "M");
    assert_eq!(two.annotations().items()[0].label, "Claim");
    assert!(two.annotations().conflicts().is_empty());
    feed(&mut one, &[Event::Tick]);
    assert!(one.annotations().conflicts().is_empty());
    assert_eq!(on_disk(&path), [("Claim".to_string(), "الصين".to_string())]);
}

/// `check` finds nothing wrong with the annotation file of `path` holding `text`.
fn check_clean(path: &Path, text: &str) {
    let source = std::fs::read_to_string(store::ron_path(path)).expect("read");
    let doc = Document::new("article.txt", text.to_string());
    let schema = hamish::annotate::Schema::default();
    let problems = store::check(&source, "article.ron", &doc, &schema).expect("checks");
    assert!(problems.is_empty(), "{problems:?}\n{source}");
}

#[test]
fn a_text_that_only_grew_is_saved_at_once_too() {
    let (_dir, path, app) = china_tagged("me");
    drop(app);
    // A line added at the end: nothing moves, but the file must name the new text.
    let changed = format!("{TEXT}\nسطر أخير.");
    reopen_changed(&path, &changed);
    check_clean(&path, &changed);
}

#[test]
fn the_text_changing_while_open_is_read_again_and_re_anchored() {
    let (_dir, path, mut app) = china_tagged("me");
    let changed = format!("عنوان جديد.\n{TEXT}");
    std::fs::write(&path, &changed).expect("write");
    feed(&mut app, &[Event::Tick]);
    assert_eq!(app.doc().text(), changed);
    assert_eq!(
        app.annotations()
            .items()
            .iter()
            .map(|a| &changed[a.range.clone()])
            .collect::<Vec<_>>(),
        ["الصين"]
    );
    let told = app.message().unwrap_or("").to_string();
    assert!(told.contains("text changed: 1 moved"), "{told}");
    check_clean(&path, &changed);
    // It goes on as before: the next tag is saved against the new text.
    press(&mut app, "w 1");
    assert_eq!(app.annotations().len(), 2);
    let source = std::fs::read_to_string(store::ron_path(&path)).expect("read");
    assert_eq!(source.matches("by: Some(\"me\")").count(), 2, "{source}");
    check_clean(&path, &changed);
}

#[test]
fn a_second_window_is_told_the_article_is_open_elsewhere() {
    let dir = tempfile::tempdir().expect("temp");
    let path = article(dir.path());
    let one = open(&path, "one");
    assert!(one.message().is_none_or(|m| !m.contains("elsewhere")));
    let two = open(&path, "two");
    let told = two.message().unwrap_or("").to_string();
    assert!(
        told.contains("also open elsewhere") && told.contains("one"),
        "{told}"
    );
    // Once the first window is closed, the next one is alone again.
    drop(one);
    drop(two);
    let three = open(&path, "three");
    assert!(three.message().is_none_or(|m| !m.contains("elsewhere")));
}

#[test]
fn temporary_files_left_by_a_killed_save_are_removed_on_open() {
    let dir = tempfile::tempdir().expect("temp");
    let path = article(dir.path());
    let left = dir.path().join(".hamish-Xk3p9a.tmp");
    std::fs::write(&left, "(format: 2, half a").expect("write");
    let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    std::fs::File::options()
        .write(true)
        .open(&left)
        .and_then(|f| f.set_modified(hour_ago))
        .expect("set the time");
    let fresh = dir.path().join(".hamish-inprogress.tmp");
    std::fs::write(&fresh, "another window's save").expect("write");
    let _app = open(&path, "me");
    assert!(!left.exists(), "the old one is gone");
    assert!(fresh.exists(), "a save in progress is left alone");
}

#[test]
fn a_label_changed_on_disk_comes_in_and_our_additions_stay() {
    let (_dir, path, mut one) = china_tagged("one");
    // Another window relabels it (Country → Claim); this one adds another in the meantime.
    let mut two = open(&path, "two");
    press(&mut two, "w w w w w w w Tab 2 Esc");
    // Its next key looks at the disk first.
    press(&mut one, "w");
    let told = one.message().unwrap_or("").to_string();
    assert!(told.contains("merged 1 from disk"), "{told}");
    assert_eq!(one.annotations().items()[0].label, "Claim");
    press(&mut one, "w w w 3");
    assert_eq!(
        on_disk(&path),
        [
            ("Claim".to_string(), "الصين".to_string()),
            ("Country".to_string(), "الهند".to_string())
        ]
    );
    assert!(one.annotations().conflicts().is_empty());
    // Undo in this window takes back its own tag, not the other's relabel.
    press(&mut one, "u");
    assert_eq!(on_disk(&path), [("Claim".to_string(), "الصين".to_string())]);
}
