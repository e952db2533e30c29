//! The annotator driven through `App::update` and drawn into ratatui's TestBackend: tagging
//! from the keyboard, highlights on the right cells, links, the list, undo, and what the
//! annotation file holds after each step, including when saving fails.

// Test code: an unmet expectation is the test failing, said where it fails.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use hamish::annotate::store::Step;
use hamish::layout::{Options, Shaping};
use hamish::text::Document;
mod common;

use common::tui::{draw_widget, feed, press};
use hamish::ui::{App, Command, Event, SaveState, Settings};
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};
use std::path::{Path, PathBuf};

const W: u16 = 80;
const H: u16 = 12;

fn draw(app: &App) -> Buffer {
    draw_widget(app, app.size().0, app.size().1)
}

/// An app on `text` saved as `article.txt` in a fresh folder, with its annotations there.
fn open(dir: &Path, text: &str) -> App {
    open_with(dir, text, false)
}

/// [`open`], drawing labels without colour with `no_color`.
fn open_with(dir: &Path, text: &str, no_color: bool) -> App {
    let path = dir.join("article.txt");
    if !path.exists() {
        std::fs::write(&path, text).expect("write the article");
    }
    let doc = Document::new(path.display().to_string(), text.to_string());
    let options = Options {
        shaping: Shaping::Off,
        ..Options::default()
    };
    let settings = Settings {
        options,
        no_color,
        ..Settings::default()
    };
    let mut app = App::new(doc, settings);
    app.open_annotations(&path, Some("tester".into()));
    app.update(Event::Resize(W, H));
    app
}

fn ron(dir: &Path) -> String {
    std::fs::read_to_string(dir.join("article.ron")).unwrap_or_default()
}

fn ron_path(dir: &Path) -> PathBuf {
    dir.join("article.ron")
}

/// Annotation lines of the file.
fn lines(dir: &Path) -> Vec<String> {
    ron(dir)
        .lines()
        .filter(|l| l.contains("label:"))
        .map(|l| l.trim().to_string())
        .collect()
}

/// The symbols of the cells of row `y` whose background is `colour`, left to right.
fn cells_with(buf: &Buffer, y: u16, test: impl Fn(&ratatui::buffer::Cell) -> bool) -> String {
    (0..buf.area.width)
        .map(|x| &buf[(x, y)])
        .filter(|c| test(c))
        .map(|c| c.symbol())
        .collect()
}

/// The status line, the last row of the screen.
fn status_row(app: &App) -> String {
    (0..W)
        .map(|x| draw(app)[(x, H - 1)].symbol().to_string())
        .collect()
}

/// Types `text` into the prompt, a key a char.
fn type_in(app: &mut App, text: &str) {
    for c in text.chars() {
        feed(app, &[Event::Input(c)]);
    }
}

const KERRY: &str = "قال وزير الخارجية جون كيري إن الصين والولايات المتحدة اتفقتا.";

/// In KERRY, tags جون كيري as a Speaker and the claim after it as a Claim linked to him,
/// from the keyboard.
fn tag_speaker_and_claim(app: &mut App) {
    // جون كيري: words 4 and 5; select them and press 1.
    press(app, "w w w");
    press(app, "v w 1");
    // The claim: from إن to the end of the sentence (before the full stop).
    press(app, "w v");
    for _ in 0..6 {
        press(app, "w");
    }
    press(app, "2 a");
}

#[test]
fn tag_link_name_and_undo_from_the_keyboard() {
    let dir = tempfile::tempdir().expect("temp");
    let mut app = open(dir.path(), KERRY);
    tag_speaker_and_claim(&mut app);
    // الصين, a country: its code comes from the gazetteer.
    press(&mut app, "b b b");
    press(&mut app, "3");
    let told = app.message().unwrap_or("").to_string();
    assert!(
        told.starts_with("Country: ") && told.contains(" = CN ("),
        "{told}"
    );
    assert_eq!(
        lines(dir.path()),
        [
            r#"(id: 1, label: "Speaker", start: 18, end: 26, quote: "جون كيري", by: Some("tester")),"#,
            r#"(id: 2, label: "Claim", start: 27, end: 60, quote: "إن الصين والولايات المتحدة اتفقتا", speaker: Some(1), by: Some("tester")),"#,
            r#"(id: 3, label: "Country", start: 30, end: 35, quote: "الصين", country: Some("CN"), by: Some("tester")),"#,
        ]
    );
    assert!(ron(dir.path()).contains(r#"annotator: Some("tester")"#));
    // Name the speaker's entity in the prompt: typed, Arabic or Latin.
    press(&mut app, "g");
    let kerry = app.annotations().get(1).expect("speaker").range.clone();
    app.set_selection(hamish::annotate::Selection::cursor(kerry));
    press(&mut app, "e");
    assert!(app.prompt().is_some(), "the prompt opens");
    for _ in 0..20 {
        press(&mut app, "Backspace");
    }
    type_in(&mut app, "John Kerry");
    press(&mut app, "Enter");
    assert!(lines(dir.path())[0].ends_with(r#"entity: Some("John Kerry"), by: Some("tester")),"#));
    // Undo takes back the entity, then the country; redo puts the country back.
    press(&mut app, "u");
    assert!(!ron(dir.path()).contains("John Kerry"));
    press(&mut app, "u");
    assert!(!ron(dir.path()).contains("Country"));
    press(&mut app, "Ctrl-r");
    assert!(ron(dir.path()).contains("Country"));
    // The same label on the same span again is refused, with a message.
    let country = app.annotations().get(3).expect("country").range.clone();
    app.set_selection(hamish::annotate::Selection::cursor(country));
    press(&mut app, "3");
    assert_eq!(app.annotations().len(), 3);
    assert_eq!(app.message(), Some("this span is already a Country"));
    // Deleting the speaker drops the claim's link; undo brings both back.
    let speaker = app.annotations().get(1).expect("s").range.clone();
    app.set_selection(hamish::annotate::Selection::cursor(speaker));
    press(&mut app, "d");
    assert!(!ron(dir.path()).contains("speaker: Some(1)"));
    press(&mut app, "u");
    assert!(ron(dir.path()).contains("speaker: Some(1)"));
}

#[test]
fn nested_and_split_spans_are_painted_on_their_cells() {
    let dir = tempfile::tempdir().expect("temp");
    let mut app = open(dir.path(), "قال جون كيري إن\nقال John Kerry اليوم");
    let text = app.doc().text().to_string();
    let find = |s: &str| {
        let at = text.find(s).expect("in the text");
        at..at + s.len()
    };
    // Each span selected, then tagged with its label's key.
    let mut tag = |range: std::ops::Range<usize>, key: &str| {
        app.set_selection(hamish::annotate::Selection {
            anchor: range.clone(),
            head: range,
            selected: true,
        });
        press(&mut app, key);
    };
    tag(find("جون كيري إن"), "2");
    tag(find("كيري"), "1");
    tag(find("Kerry اليوم"), "1");
    assert_eq!(app.annotations().len(), 3);
    // The cursor elsewhere, so that only annotations are painted.
    app.set_selection(hamish::annotate::Selection::cursor(0..0));
    let buf = draw(&app);
    let speaker = Color::LightGreen;
    let claim = Color::LightYellow;
    // Row 0, visual order: «إن كيري جون قال». The inner Speaker has its colour and the
    // outer Claim's underline; the rest of the claim has the claim's colour.
    assert_eq!(cells_with(&buf, 0, |c| c.bg == speaker), "يريك");
    assert_eq!(
        cells_with(&buf, 0, |c| c.bg == speaker
            && c.modifier.contains(Modifier::UNDERLINED)),
        "يريك"
    );
    assert_eq!(cells_with(&buf, 0, |c| c.bg == claim), "نإ  نوج");
    assert_eq!(
        cells_with(&buf, 0, |c| c.bg == claim
            && c.modifier.contains(Modifier::UNDERLINED)),
        ""
    );
    // Row 2, visual order: «اليوم John Kerry قال». "Kerry اليوم" is one span in reading
    // order, drawn in two places with John between them, unpainted.
    assert_eq!(cells_with(&buf, 2, |c| c.bg == speaker), "مويلا Kerry");
    let row2: String = (0..W).map(|x| buf[(x, 2)].symbol()).collect();
    assert!(row2.contains("مويلا John Kerry لاق"), "{row2}");
}

#[test]
fn without_colour_labels_differ_by_style() {
    let dir = tempfile::tempdir().expect("temp");
    let mut app = open_with(dir.path(), KERRY, true);
    press(&mut app, "1 w 3");
    app.set_selection(hamish::annotate::Selection::cursor(0..0));
    let buf = draw(&app);
    assert_eq!(cells_with(&buf, 0, |c| c.bg != Color::Reset), "");
    assert_eq!(
        cells_with(&buf, 0, |c| c.modifier.contains(Modifier::BOLD)),
        "لاق"
    );
    assert_eq!(
        cells_with(&buf, 0, |c| c.modifier.contains(Modifier::ITALIC)),
        "ريزو"
    );
}

#[test]
fn the_list_jumps_deletes_and_relabels() {
    let dir = tempfile::tempdir().expect("temp");
    let long: String = (0..40)
        .map(|i| format!("سطر رقم {i}\n"))
        .collect::<String>()
        + KERRY;
    let mut app = open(dir.path(), &long);
    press(&mut app, "1 G Down");
    press(&mut app, "3");
    assert_eq!(app.annotations().len(), 2);
    press(&mut app, "Tab");
    let buf = draw(&app);
    let screen: String = (0..H)
        .map(|y| (0..W).map(|x| buf[(x, y)].symbol()).collect::<String>())
        .collect();
    assert!(screen.contains("2 annotations"), "{screen}");
    assert!(
        screen.contains("Speaker") && screen.contains("Country"),
        "{screen}"
    );
    // The list opens on the annotation under the cursor; relabel the first one.
    assert_eq!(app.panel_selected(), Some(1));
    press(&mut app, "g 2");
    assert!(lines(dir.path())[0].contains(r#"label: "Claim""#));
    press(&mut app, "g Enter");
    assert_eq!(app.top().para, 0, "back at the first annotation");
    press(&mut app, "Tab Down d");
    assert_eq!(app.annotations().len(), 1);
    assert!(!ron(dir.path()).contains("Country"));
    press(&mut app, "u");
    assert_eq!(app.annotations().len(), 2);
}

#[test]
fn a_failed_save_keeps_everything_and_tries_again() {
    let dir = tempfile::tempdir().expect("temp");
    let mut app = open(dir.path(), KERRY);
    press(&mut app, "1");
    let before = ron(dir.path());
    for step in [Step::Create, Step::Write, Step::Sync, Step::Rename] {
        app.set_save_fault(Some(step));
        press(&mut app, "w 3");
        assert_eq!(ron(dir.path()), before, "the file is untouched at {step:?}");
        let status = status_row(&app);
        assert!(status.contains("NOT SAVED"), "{status}");
        assert!(app.message().is_some_and(|m| m.contains("not saved")));
        press(&mut app, "u");
    }
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .expect("read dir")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "no temporary file left behind");
    // The disk has room again: the next key saves all that is in memory.
    app.set_save_fault(None);
    press(&mut app, "w 3");
    assert_eq!(lines(dir.path()).len(), 2);
    assert_eq!(app.save_state(), SaveState::Saved);
}

#[test]
fn unsaved_work_goes_to_a_recovery_file_at_quit() {
    let dir = tempfile::tempdir().expect("temp");
    let data = tempfile::tempdir().expect("temp");
    std::env::set_var("XDG_DATA_HOME", data.path());
    let mut app = open(dir.path(), KERRY);
    app.set_save_fault(Some(Step::Rename));
    press(&mut app, "1 q");
    let told = app.finish().expect("the user is told");
    let recovery = app
        .store()
        .recovery()
        .map(Path::to_path_buf)
        .expect("a recovery file");
    assert!(told.contains(&recovery.display().to_string()), "{told}");
    let saved = std::fs::read_to_string(&recovery).expect("recovery file");
    assert!(saved.contains(r#"quote: "قال""#), "{saved}");
    assert!(
        !ron_path(dir.path()).exists(),
        "nothing half-written beside the text"
    );
}

#[test]
fn two_articles_of_one_name_never_share_a_recovery_file() {
    // Two annotators' `article.txt` in two folders, both on a full disk, quit together:
    // each gets its own recovery file, with its own annotations.
    let root = tempfile::tempdir().expect("temp");
    let recovery = root.path().join("recovery");
    let mut apps = Vec::new();
    for (folder, keys) in [("a", "1"), ("b", "w w w w w w 3")] {
        let dir = root.path().join(folder);
        std::fs::create_dir_all(&dir).expect("mkdir");
        let mut app = open(&dir, KERRY);
        app.set_recovery_dir(&recovery);
        app.set_save_fault(Some(Step::Rename));
        press(&mut app, keys);
        apps.push(app);
    }
    let mut files = Vec::new();
    for app in &mut apps {
        press(app, "q");
        let told = app.finish().expect("the user is told");
        let file = app
            .store()
            .recovery()
            .map(Path::to_path_buf)
            .expect("a recovery file");
        assert!(told.contains(&file.display().to_string()), "{told}");
        files.push(file);
    }
    assert_ne!(files[0], files[1]);
    let a = std::fs::read_to_string(&files[0]).expect("recovery file of a");
    let b = std::fs::read_to_string(&files[1]).expect("recovery file of b");
    assert!(
        a.contains(r#"label: "Speaker", start: 0, end: 3, quote: "قال""#),
        "{a}"
    );
    assert!(
        b.contains(r#"label: "Country""#) && b.contains(r#"quote: "الصين""#),
        "{b}"
    );
    assert!(!a.contains("Country") && !b.contains("Speaker"), "{a}\n{b}");
}

#[test]
fn changes_not_written_before_the_file_broke_go_to_a_recovery_file() {
    let dir = tempfile::tempdir().expect("temp");
    let recovery = tempfile::tempdir().expect("temp");
    let mut app = open(dir.path(), KERRY);
    app.set_recovery_dir(recovery.path());
    press(&mut app, "1 w");
    // Someone breaks the file; the next tag, made before that is seen, cannot be written.
    std::fs::write(ron_path(dir.path()), "(broken").expect("write");
    press(&mut app, "1");
    assert!(app.read_only().is_some());
    press(&mut app, "q");
    let told = app.finish().expect("the user is told");
    let file = app
        .store()
        .recovery()
        .map(Path::to_path_buf)
        .expect("a recovery file");
    assert!(told.contains(&file.display().to_string()), "{told}");
    let saved = std::fs::read_to_string(&file).expect("recovery file");
    assert_eq!(saved.matches(r#"label: "Speaker""#).count(), 2, "{saved}");
    assert_eq!(ron(dir.path()), "(broken", "never written over");
}

#[test]
fn a_broken_file_is_reported_and_left_alone() {
    let dir = tempfile::tempdir().expect("temp");
    let broken =
        "(\n    format: 1,\n    text: (file: \"article.txt\" sha256: \"x\", chars: 3),\n)\n";
    std::fs::write(ron_path(dir.path()), broken).expect("write");
    let mut app = open(dir.path(), KERRY);
    let why = app.read_only().expect("read-only");
    assert!(why.contains("article.ron:3:"), "{why}");
    press(&mut app, "1 u D");
    assert!(app.message().is_some_and(|m| m.starts_with("read-only")));
    assert_eq!(ron(dir.path()), broken, "never written over");
    let status = status_row(&app);
    assert!(status.contains("read-only"), "{status}");
}

#[test]
fn reopening_restores_the_annotations_and_a_changed_text_reanchors() {
    let dir = tempfile::tempdir().expect("temp");
    let mut app = open(dir.path(), KERRY);
    press(&mut app, "1 D");
    assert!(ron(dir.path()).contains("status: Done"));
    // The same text: everything is back, status included.
    let again = open(dir.path(), KERRY);
    assert_eq!(again.annotations().len(), 1);
    assert_eq!(again.annotations().status(), hamish::annotate::Status::Done);
    // A line added before: the annotation is found further on, and the user is told.
    let edited = format!("سطر جديد\n{KERRY}");
    std::fs::write(dir.path().join("article.txt"), &edited).expect("edit");
    let moved = open(dir.path(), &edited);
    let a = &moved.annotations().items()[0];
    assert_eq!(&edited[a.range.clone()], "قال");
    assert!(moved.message().is_some_and(|m| m.contains("1 moved")));
}

#[test]
fn the_speaker_list_attributes_a_claim_to_any_speaker() {
    let dir = tempfile::tempdir().expect("temp");
    let text = "قال كيري وأضاف وانغ يي إن الاتفاق مهم.";
    let mut app = open(dir.path(), text);
    // Speakers كيري and «وانغ يي», then the claim «الاتفاق مهم».
    press(&mut app, "w 1");
    press(&mut app, "w w v");
    press(&mut app, "w 1");
    press(&mut app, "w w v");
    press(&mut app, "w 2");
    // The list opens on the nearest speaker before the claim; Up chooses كيري.
    press(&mut app, "s");
    let (speakers, selected) = app.picker().expect("the list is open");
    assert_eq!((speakers.to_vec(), selected), (vec![1, 2], 1));
    let buf = draw(&app);
    let screen: String = (0..H)
        .map(|y| (0..W).map(|x| buf[(x, y)].symbol()).collect::<String>())
        .collect();
    assert!(screen.contains("#1 يريك"), "{screen}");
    press(&mut app, "Up Enter");
    assert!(app.picker().is_none());
    assert!(
        lines(dir.path())[2].ends_with(r#"speaker: Some(1), by: Some("tester")),"#),
        "{:?}",
        lines(dir.path())
    );
    // And the attribution can be taken away from the same list.
    press(&mut app, "s d");
    assert!(!ron(dir.path()).contains("speaker:"));
}

#[test]
fn scrolling_brings_the_cursor_along() {
    let dir = tempfile::tempdir().expect("temp");
    let long: String = (0..60).map(|i| format!("سطر رقم {i}\n")).collect();
    let mut app = open(dir.path(), &long);
    press(&mut app, "PgDn PgDn");
    let head = app.head_pos().expect("on a row");
    let visible = app.visible();
    assert_eq!(Some(&head), visible.first(), "the cursor is on the top row");
    // A word key from there scrolls no more than needed.
    let top = app.top();
    press(&mut app, "w");
    assert_eq!(app.top(), top);
}

#[test]
fn a_big_file_is_annotated_once_it_is_all_read() {
    let dir = tempfile::tempdir().expect("temp");
    let full = "قال كيري\n".repeat(30);
    let path = dir.path().join("article.txt");
    std::fs::write(&path, &full).expect("write");
    // An annotation on the last line, beyond the head that is drawn first.
    let last = full.len() - "كيري\n".len();
    let mut annotations = hamish::annotate::Annotations::default();
    annotations
        .add(hamish::annotate::Annotation::new(
            "Speaker",
            last..last + "كيري".len(),
        ))
        .expect("add");
    let doc = Document::new(path.display().to_string(), full.clone());
    let saved = hamish::annotate::store::render(&doc, &annotations, None);
    std::fs::write(ron_path(dir.path()), &saved).expect("write");

    let head = Document::new(path.display().to_string(), "قال كيري\n".repeat(3));
    let mut app = App::new(head, Settings::default()).reading_rest();
    app.open_annotations(&path, None);
    app.update(Event::Resize(W, H));
    press(&mut app, "1");
    assert!(
        app.annotations().is_empty(),
        "nothing is tagged before the whole text is read"
    );
    assert_eq!(ron(dir.path()), saved);
    app.complete(Document::new(path.display().to_string(), full));
    assert_eq!(app.annotations().len(), 1, "{:?}", app.message());
    assert!(app.annotations().orphans().is_empty());
    press(&mut app, "1");
    assert_eq!(lines(dir.path()).len(), 2);
}

#[test]
fn the_entity_prompt_offers_the_name_of_a_close_mention() {
    let dir = tempfile::tempdir().expect("temp");
    let mut app = open(dir.path(), "قال جون كيري إن وزير الصين رد على كيري.");
    let text = app.doc().text().to_string();
    let at = |s: &str, nth: usize| {
        let start = text.match_indices(s).nth(nth).expect("in the text").0;
        start..start + s.len()
    };
    let set = |app: &mut App, range| {
        app.set_selection(hamish::annotate::Selection::cursor(range));
    };
    set(&mut app, at("جون", 0));
    press(&mut app, "v w 1");
    press(&mut app, "e");
    assert_eq!(app.prompt().map(|p| p.input.as_str()), Some("جون كيري"));
    for _ in 0..8 {
        press(&mut app, "Backspace");
    }
    type_in(&mut app, "John Kerry");
    press(&mut app, "Enter");
    // «كيري» alone: the prompt offers John Kerry, the entity of «جون كيري».
    set(&mut app, at("كيري", 1));
    press(&mut app, "1 e");
    assert_eq!(app.prompt().map(|p| p.input.as_str()), Some("John Kerry"));
    press(&mut app, "Enter");
    // «الصين» as a speaker shares no word with them: its own words are offered, and Tab
    // goes on to the other names.
    set(&mut app, at("الصين", 0));
    press(&mut app, "1 e");
    assert_eq!(app.prompt().map(|p| p.input.as_str()), Some("الصين"));
    press(&mut app, "Tab");
    assert_eq!(app.prompt().map(|p| p.input.as_str()), Some("John Kerry"));
    press(&mut app, "Esc");
    let entities: Vec<bool> = lines(dir.path())
        .iter()
        .map(|l| l.contains(r#"entity: Some("John Kerry")"#))
        .collect();
    assert_eq!(entities, [true, false, true]);
}

fn screen(app: &App) -> String {
    let buf = draw(app);
    (0..app.size().1)
        .map(|y| {
            (0..app.size().0)
                .map(|x| buf[(x, y)].symbol())
                .collect::<String>()
                + "\n"
        })
        .collect()
}

#[test]
fn the_country_prompt_takes_codes_and_names_and_says_what_it_refuses() {
    let dir = tempfile::tempdir().expect("temp");
    let mut app = open(dir.path(), "قال وزير بريطانيا كلاما.");
    press(&mut app, "w w 3");
    assert!(lines(dir.path())[0].contains(r#"country: Some("GB")"#));
    press(&mut app, "c");
    type_in(&mut app, "foo");
    press(&mut app, "Enter");
    assert!(
        app.prompt().is_some(),
        "a refused input keeps the prompt open"
    );
    assert!(
        screen(&app).contains("not a code or country I know: foo"),
        "{}",
        screen(&app)
    );
    for input in ["zz", "usa"] {
        press(&mut app, "Ctrl-u");
        type_in(&mut app, input);
        press(&mut app, "Enter");
    }
    assert!(app.prompt().is_none());
    assert!(
        lines(dir.path())[0].contains(r#"country: Some("US")"#),
        "ZZ refused, USA taken"
    );
    assert_eq!(
        app.message(),
        Some("set to \u{2068}US (United States)\u{2069}")
    );
}

#[test]
fn typing_replaces_the_suggestion_the_prompt_opened_with() {
    let dir = tempfile::tempdir().expect("temp");
    let mut app = open(dir.path(), KERRY);
    press(&mut app, "1 e");
    assert_eq!(app.prompt().map(|p| p.input.as_str()), Some("قال"));
    type_in(&mut app, "Qala");
    assert_eq!(app.prompt().map(|p| p.input.as_str()), Some("Qala"));
    press(&mut app, "Backspace");
    assert_eq!(app.prompt().map(|p| p.input.as_str()), Some("Qal"));
}

#[test]
fn paging_while_selecting_extends_the_selection() {
    let dir = tempfile::tempdir().expect("temp");
    let long: String = (0..60).map(|i| format!("سطر رقم {i}\n")).collect();
    let mut app = open(dir.path(), &long);
    press(&mut app, "v w PgDn");
    assert!(app.extending(), "still selecting");
    let range = app.selection().range();
    assert_eq!(range.start, 0, "the anchor stays on the first word");
    assert!(
        range.end > long.find("سطر رقم 5").expect("line 5"),
        "{range:?}"
    );
    press(&mut app, "2");
    assert!(lines(dir.path())[0].contains("start: 0,"));
}

#[test]
fn a_message_lasts_until_the_next_key() {
    let dir = tempfile::tempdir().expect("temp");
    let mut app = open(dir.path(), KERRY);
    press(&mut app, "1");
    assert!(app.message().is_some());
    press(&mut app, "w");
    assert_eq!(app.message(), None);
    // With no message, the row tells what is under the cursor.
    press(&mut app, "b");
    assert!(screen(&app).contains("[Speaker #1]"), "{}", screen(&app));
}

#[test]
fn orphans_are_listed_and_can_be_deleted() {
    let dir = tempfile::tempdir().expect("temp");
    let mut app = open(dir.path(), KERRY);
    press(&mut app, "1");
    // The word is gone from the text: the annotation is an orphan.
    let edited = KERRY.replace("قال", "ذكر");
    std::fs::write(dir.path().join("article.txt"), &edited).expect("edit");
    let mut app = open(dir.path(), &edited);
    assert_eq!(
        (app.annotations().len(), app.annotations().orphans().len()),
        (0, 1)
    );
    press(&mut app, "Tab");
    assert!(screen(&app).contains("orphan"), "{}", screen(&app));
    press(&mut app, "d");
    assert!(app.annotations().orphans().is_empty());
    assert!(!ron(dir.path()).contains("orphans"));
    press(&mut app, "u");
    assert!(ron(dir.path()).contains("orphans: ["));
}

#[test]
fn a_narrow_or_low_screen_still_shows_the_list_and_the_prompt() {
    let dir = tempfile::tempdir().expect("temp");
    let mut app = open(dir.path(), KERRY);
    feed(
        &mut app,
        &[
            Event::Tag('1'),
            Event::Resize(30, 10),
            Event::Command(Command::TogglePanel),
        ],
    );
    assert!(screen(&app).contains("annotations"), "{}", screen(&app));
    feed(
        &mut app,
        &[
            Event::Command(Command::Cancel),
            Event::Resize(60, 3),
            Event::Command(Command::EditEntity),
        ],
    );
    assert!(screen(&app).contains("entity:"), "{}", screen(&app));
}

#[test]
fn relabelling_to_country_in_the_list_finds_the_code() {
    let dir = tempfile::tempdir().expect("temp");
    let mut app = open(dir.path(), KERRY);
    let at = KERRY.find("الصين").expect("in the text");
    app.set_selection(hamish::annotate::Selection::cursor(at..at + "الصين".len()));
    press(&mut app, "1 Tab 3");
    assert!(lines(dir.path())[0].contains(r#"label: "Country""#));
    assert!(lines(dir.path())[0].contains(r#"country: Some("CN")"#));
}

#[test]
fn pasting_outside_a_prompt_does_nothing_but_say_so() {
    let dir = tempfile::tempdir().expect("temp");
    let mut app = open(dir.path(), KERRY);
    feed(&mut app, &[Event::Pasted]);
    assert!(app.annotations().is_empty());
    assert!(app.message().is_some_and(|m| m.contains("prompt")));
}

#[test]
fn small_screens_keep_what_matters_in_view() {
    let dir = tempfile::tempdir().expect("temp");
    let mut app = open(dir.path(), KERRY);
    // A long claim on a 40-column screen: the row above the status line keeps its first
    // words (drawn at the right of its isolated run) and the speaker.
    tag_speaker_and_claim(&mut app);
    feed(
        &mut app,
        &[Event::Resize(40, 12), Event::Command(Command::PrevWord)],
    );
    let info = screen(&app).lines().nth(10).unwrap_or("").to_string();
    assert!(info.contains("نإ"), "the claim's first word: {info}");
    assert!(
        info.contains("John") || info.contains("يريك"),
        "the speaker: {info}"
    );
    // A prompt on 35 columns shows what is typed.
    let speaker = app.annotations().get(1).expect("the speaker").range.clone();
    app.set_selection(hamish::annotate::Selection::cursor(speaker));
    feed(
        &mut app,
        &[Event::Resize(35, 12), Event::Command(Command::EditEntity)],
    );
    type_in(&mut app, "Kerry");
    assert!(screen(&app).contains("Kerry"), "{}", screen(&app));
    // One row: the prompt has it.
    feed(&mut app, &[Event::Resize(40, 1)]);
    assert!(screen(&app).contains("entity:"), "{}", screen(&app));
    press(&mut app, "Esc");
    // A 12-column list still lists.
    feed(
        &mut app,
        &[Event::Resize(12, 6), Event::Command(Command::TogglePanel)],
    );
    let list = screen(&app);
    assert!(list.contains("ريزو") || list.contains("نوج"), "{list}");
}

#[test]
fn an_arrow_in_a_prompt_keeps_the_text_to_edit_its_end() {
    let dir = tempfile::tempdir().expect("temp");
    let mut app = open(dir.path(), KERRY);
    press(&mut app, "1 e Right");
    type_in(&mut app, " Jr");
    assert_eq!(app.prompt().map(|p| p.input.as_str()), Some("قال Jr"));
}
