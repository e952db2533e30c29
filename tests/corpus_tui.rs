//! A folder of articles driven through `Folder::update` / `App::update` and drawn into
//! ratatui's TestBackend: the list with each article's status and counts, opening and
//! leaving articles, a corpus's own schema, search, suggestions, and adjudication against
//! another annotator's copy. Every check is on what is drawn or on what the files hold.

// Test code: an unmet expectation is the test failing, said where it fails.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use hamish::annotate::store;
use hamish::annotate::{Annotation, Annotations, Schema, Selection, Status};
use hamish::layout::{Options, Shaping};
use hamish::text::Document;
mod common;

use common::tui::{draw_widget, press, type_text};
use hamish::ui::{App, Command, Event, Folder, PromptKind, Settings, State};
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};
use std::ops::Range;
use std::path::{Path, PathBuf};

const W: u16 = 100;
const H: u16 = 16;

fn settings(schema: Schema) -> Settings {
    let options = Options {
        shaping: Shaping::Off,
        ..Options::default()
    };
    Settings {
        options,
        schema,
        ..Settings::default()
    }
}

fn draw_folder(folder: &Folder) -> Buffer {
    draw_widget(folder, folder.size.0, folder.size.1)
}

fn draw(app: &App) -> Buffer {
    draw_widget(app, app.size().0, app.size().1)
}

/// The rows of the screen, each as the symbols of its cells.
fn rows(buf: &Buffer) -> Vec<String> {
    (0..buf.area.height)
        .map(|y| {
            (0..buf.area.width)
                .map(|x| buf[(x, y)].symbol())
                .collect::<String>()
        })
        .collect()
}

fn screen(buf: &Buffer) -> String {
    rows(buf).join("\n")
}

/// The one row of the list that names `name`.
fn row_of(buf: &Buffer, name: &str) -> String {
    let found: Vec<String> = rows(buf).into_iter().filter(|r| r.contains(name)).collect();
    assert_eq!(found.len(), 1, "one row names {name}: {found:#?}");
    found.into_iter().next().expect("one row")
}

fn write(path: &Path, text: &str) {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).expect("create the folder");
    }
    std::fs::write(path, text).expect("write the file");
}

/// Byte range of the `n`-th (from 0) occurrence of `needle` in `text`.
fn nth(text: &str, needle: &str, n: usize) -> Range<usize> {
    let (at, _) = text
        .match_indices(needle)
        .nth(n)
        .unwrap_or_else(|| panic!("{needle} is in the text {} times or more", n + 1));
    at..at + needle.len()
}

fn find(text: &str, needle: &str) -> Range<usize> {
    nth(text, needle, 0)
}

fn annotation(id: u32, label: &str, range: Range<usize>) -> Annotation {
    Annotation {
        id,
        ..Annotation::new(label, range)
    }
}

/// Writes the annotation file of the article at `text_path`, as hamish writes it.
fn write_ron(text_path: &Path, items: Vec<Annotation>, status: Status, annotator: &str) {
    let text = std::fs::read_to_string(text_path).expect("read the article");
    let doc = Document::new(text_path.display().to_string(), text);
    let annotations = Annotations::new(items, Vec::new(), status);
    let ron = store::render(&doc, &annotations, Some(annotator));
    write(&store::ron_path(text_path), &ron);
}

fn ron_of(text_path: &Path) -> String {
    std::fs::read_to_string(store::ron_path(text_path)).unwrap_or_default()
}

/// The annotation lines of the file of the article at `text_path`.
fn lines_of(text_path: &Path) -> Vec<String> {
    ron_of(text_path)
        .lines()
        .filter(|l| l.contains("label:"))
        .map(|l| l.trim().to_string())
        .collect()
}

/// A folder of articles as `hamish FOLDER` opens it, with its schema, at W × H.
fn folder_at(dir: &Path, schema: Schema) -> Folder {
    let paths = hamish::corpus::articles(dir).expect("the folder has articles");
    let mut folder = Folder::new(dir, paths, settings(schema));
    folder.update(Event::Resize(W, H));
    folder
}

/// An app on `text` saved as `article.txt` in `dir`, with its annotations beside it.
fn open(dir: &Path, text: &str, w: u16, h: u16) -> (App, PathBuf) {
    let path = dir.join("article.txt");
    write(&path, text);
    let doc = Document::new(path.display().to_string(), text.to_string());
    let mut app = App::new(doc, settings(Schema::default()));
    app.open_annotations(&path, Some("tester".into()));
    app.update(Event::Resize(w, h));
    (app, path)
}

/// The screen cells (x, y) that draw bytes `range` of the text, on the rows shown.
fn cells_of(app: &App, range: &Range<usize>) -> Vec<(u16, u16)> {
    let (left, _) = app.text_area();
    let mut out = Vec::new();
    for (y, pos) in app.visible().into_iter().enumerate() {
        let Some(layout) = app.layout(pos.para) else {
            continue;
        };
        let Some(line) = layout.lines().get(pos.row) else {
            continue;
        };
        let base = app.doc().paragraph_range(pos.para).start;
        let x0 = hamish::annotate::selection::line_x(layout, pos.row, app.options().width);
        for cell in layout.cells(line) {
            let start = base + cell.logical.start as usize;
            let end = base + cell.logical.end as usize;
            if start < range.end && range.start < end {
                for dx in 0..cell.width.max(1) {
                    let x = left as usize + x0 + cell.col as usize + dx as usize;
                    out.push((x as u16, y as u16));
                }
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------------------
// 1. The folder's list, opening, leaving and moving between articles.

const A: &str = "قال وزير الخارجية جون كيري إن الصين اتفقت مع alpha.";
const B: &str = "قالت الوكالة إن beta وصل.";
const C: &str = "أكد gamma أن الاجتماع انتهى.";

/// A folder: a.txt (done), b.txt (a broken annotation file), sub/c.txt (not started).
fn three_articles(dir: &Path) -> (PathBuf, PathBuf, PathBuf) {
    let (a, b, c) = (
        dir.join("a.txt"),
        dir.join("b.txt"),
        dir.join("sub").join("c.txt"),
    );
    write(&a, A);
    write(&b, B);
    write(&c, C);
    write_ron(
        &a,
        vec![
            annotation(1, "Speaker", find(A, "جون كيري")),
            annotation(2, "Speaker", find(A, "كيري")),
            annotation(3, "Country", find(A, "الصين")),
        ],
        Status::Done,
        "someone",
    );
    // `text: oops` where a (file: …) struct belongs: line 3.
    write(
        &store::ron_path(&b),
        "(\n    format: 1,\n    text: oops,\n    annotations: [],\n)\n",
    );
    (a, b, c)
}

#[test]
fn the_folder_lists_each_article_with_its_status_and_counts() {
    let dir = tempfile::tempdir().expect("temp");
    three_articles(dir.path());
    let mut folder = folder_at(dir.path(), Schema::default());
    folder.wait();
    assert!(!folder.reading());
    let buf = draw_folder(&folder);
    let all = screen(&buf);
    assert!(rows(&buf)[0].contains("1 of 3 done"), "{all}");
    assert!(!all.contains("reading"), "{all}");

    let a = row_of(&buf, "a.txt");
    assert!(a.contains("done"), "{a}");
    assert!(a.contains("Speaker 2 · Country 1"), "{a}");

    let b = row_of(&buf, "b.txt");
    assert!(b.contains("broken"), "{b}");
    // The reason names the file, its line and its column.
    let State::Broken(why) = &folder.entries[1].state else {
        panic!("b.txt is broken: {:?}", folder.entries[1].state);
    };
    let ron = store::ron_path(&dir.path().join("b.txt"));
    let place = why
        .strip_prefix(&format!("{}:", ron.display()))
        .unwrap_or_else(|| panic!("the reason starts with the file: {why}"));
    let mut parts = place.splitn(3, ':');
    let line = parts.next().expect("a line");
    let column = parts.next().expect("a column");
    assert_eq!(line, "3", "{why}");
    assert!(
        !column.is_empty() && column.bytes().all(|c| c.is_ascii_digit()),
        "{why}"
    );
    assert!(
        b.contains(&format!("b.ron:{line}:{column}")),
        "the row shows the file:line:col of the reason: {b}"
    );

    let c = row_of(&buf, "sub/c.txt");
    assert!(c.contains("not started"), "{c}");
    assert!(!c.contains("Speaker"), "{c}");
    // Done is green, broken red.
    let status_cell = |row: &str| {
        let y = rows(&buf)
            .iter()
            .position(|r| r == row)
            .expect("the row is on screen");
        buf[(1, y as u16)].fg
    };
    assert_eq!(status_cell(&a), Color::Green);
    assert_eq!(status_cell(&b), Color::Red);
}

#[test]
fn enter_opens_an_article_and_q_goes_back_to_a_list_read_again() {
    let dir = tempfile::tempdir().expect("temp");
    let (_, _, c) = three_articles(dir.path());
    let mut folder = folder_at(dir.path(), Schema::default());
    folder.wait();
    // Enter on the first row opens a.txt.
    press(&mut folder, "Enter");
    assert!(folder.open.is_some(), "Enter opens the selected article");
    let shown = screen(&draw_folder(&folder));
    assert!(shown.contains("alpha"), "{shown}");
    assert!(
        !shown.contains("of 3 done"),
        "the article, not the list: {shown}"
    );
    press(&mut folder, "q");
    assert!(folder.open.is_none(), "q goes back to the list");
    assert!(!folder.quit, "and does not quit hamish");

    // sub/c.txt: tag its first word, then back to the list: its counts are read again.
    press(&mut folder, "Down Down Enter");
    assert_eq!(folder.selected, 2);
    let shown = screen(&draw_folder(&folder));
    assert!(shown.contains("gamma"), "{shown}");
    press(&mut folder, "1");
    assert_eq!(lines_of(&c).len(), 1, "the tag is saved at once");
    press(&mut folder, "q");
    assert!(folder.open.is_none());
    let buf = draw_folder(&folder);
    let row = row_of(&buf, "sub/c.txt");
    assert!(row.contains("in progress"), "{row}");
    assert!(row.contains("Speaker 1"), "{row}");
    assert!(rows(&buf)[0].contains("1 of 3 done"));

    // Marked done inside, the bar counts it when back.
    press(&mut folder, "Enter D q");
    let buf = draw_folder(&folder);
    assert!(rows(&buf)[0].contains("2 of 3 done"), "{}", screen(&buf));
    assert!(row_of(&buf, "sub/c.txt").contains("done"));
}

#[test]
fn next_unfinished_and_next_previous_file_move_between_articles() {
    let dir = tempfile::tempdir().expect("temp");
    three_articles(dir.path());
    let mut folder = folder_at(dir.path(), Schema::default());
    folder.wait();
    // From the list: a.txt is done, so U opens b.txt (read-only, its file is broken).
    press(&mut folder, "U");
    assert_eq!(folder.selected, 1);
    let app = folder.open.as_ref().expect("an article is open");
    assert!(app.doc().name.ends_with("b.txt"), "{}", app.doc().name);
    assert!(
        app.read_only().is_some(),
        "a broken file is never written over"
    );
    assert!(screen(&draw_folder(&folder)).contains("beta"));

    // Inside an article: U goes to the next one not done, wrapping past a.txt.
    press(&mut folder, "U");
    assert_eq!(folder.selected, 2);
    assert!(screen(&draw_folder(&folder)).contains("gamma"));
    press(&mut folder, "U");
    assert_eq!(folder.selected, 1, "a.txt is skipped: it is done");

    // > and < while one is open.
    press(&mut folder, ">");
    assert_eq!(folder.selected, 2);
    assert!(folder.open.is_some());
    assert!(screen(&draw_folder(&folder)).contains("gamma"));
    press(&mut folder, "< <");
    assert_eq!(folder.selected, 0);
    assert!(screen(&draw_folder(&folder)).contains("alpha"));
    let app = folder.open.as_ref().expect("a.txt is open");
    assert!(app.doc().name.ends_with("a.txt"));
    assert_eq!(app.annotations().len(), 3, "its annotations are loaded");
    // Nothing before the first: it stays open and says so; the same after the last.
    press(&mut folder, "<");
    let app = folder.open.as_ref().expect("a.txt stays open");
    assert!(app.doc().name.ends_with("a.txt"));
    assert_eq!(app.message(), Some("no more articles that way"));
    press(&mut folder, "> > >");
    let app = folder.open.as_ref().expect("c.txt stays open");
    assert!(app.doc().name.ends_with("c.txt"));
}

#[test]
fn a_thousand_articles_are_listed_before_their_states_are_read() {
    let dir = tempfile::tempdir().expect("temp");
    for i in 0..1000 {
        write(&dir.path().join(format!("{i:04}.txt")), "خبر قصير.");
    }
    let paths = hamish::corpus::articles(dir.path()).expect("articles");
    assert_eq!(paths.len(), 1000);
    let mut folder = Folder::new(dir.path(), paths, settings(Schema::default()));
    folder.update(Event::Resize(W, H));
    // The first draw, before waiting for anything, already shows the names.
    let buf = draw_folder(&folder);
    let all = screen(&buf);
    assert!(rows(&buf)[0].contains("of 1000 done"), "{all}");
    for name in ["0000.txt", "0001.txt", "0005.txt"] {
        assert!(all.contains(name), "{name} is listed at once: {all}");
    }
    folder.wait();
    let buf = draw_folder(&folder);
    assert!(rows(&buf)[0].contains("0 of 1000 done"));
    assert!(row_of(&buf, "0000.txt").contains("not started"));
    assert!(folder.entries.iter().all(|e| e.state == State::NotStarted));
    // The end of the list is reached with the keys.
    press(&mut folder, "G");
    assert!(screen(&draw_folder(&folder)).contains("0999.txt"));
}

// ---------------------------------------------------------------------------------------
// 2. A corpus with its own schema.

const PEOPLE_SCHEMA: &str = r#"(
    labels: [
        (name: "Person", key: 'p', colour: "light_green", link: Entity),
        (name: "Place", key: 'l', colour: "light_cyan"),
    ],
)
"#;

#[test]
fn a_corpus_schema_gives_its_labels_and_keys() {
    let dir = tempfile::tempdir().expect("temp");
    write(&dir.path().join("schema.ron"), PEOPLE_SCHEMA);
    let text = "التقى كيري نظيره في بكين أمس.";
    let article = dir.path().join("news.txt");
    write(&article, text);
    let schema = hamish::corpus::schema_for(dir.path())
        .expect("the corpus schema")
        .schema;
    assert_eq!(schema.labels.len(), 2);
    let mut folder = folder_at(dir.path(), schema);
    folder.wait();
    press(&mut folder, "Enter");
    let app = folder.open.as_mut().expect("open");
    app.set_selection(Selection::cursor(find(text, "كيري")));
    press(&mut folder, "p");
    let app = folder.open.as_mut().expect("open");
    app.set_selection(Selection::cursor(find(text, "بكين")));
    press(&mut folder, "l");
    assert_eq!(
        lines_of(&article),
        [
            r#"(id: 1, label: "Person", start: 6, end: 10, quote: "كيري"),"#,
            r#"(id: 2, label: "Place", start: 20, end: 24, quote: "بكين"),"#,
        ]
    );
    // The built-in keys are not labels here.
    let app = folder.open.as_mut().expect("open");
    app.set_selection(Selection::cursor(find(text, "نظيره")));
    press(&mut folder, "1");
    assert_eq!(lines_of(&article).len(), 2);
    let app = folder.open.as_ref().expect("open");
    assert!(
        app.message().is_some_and(|m| m.contains("no label")),
        "{:?}",
        app.message()
    );
    // Back in the list, the counts are per the corpus's labels.
    press(&mut folder, "q");
    let row = row_of(&draw_folder(&folder), "news.txt");
    assert!(row.contains("Person 1 · Place 1"), "{row}");
}

#[test]
fn an_annotation_whose_label_the_schema_lacks_is_shown_and_kept() {
    let dir = tempfile::tempdir().expect("temp");
    write(&dir.path().join("schema.ron"), PEOPLE_SCHEMA);
    let text = "التقى كيري نظيره في بكين أمس.";
    let article = dir.path().join("news.txt");
    write(&article, text);
    // Written by hand, with a label of another schema.
    write_ron(
        &article,
        vec![annotation(1, "Claim", find(text, "نظيره في"))],
        Status::InProgress,
        "someone",
    );
    assert_eq!(lines_of(&article).len(), 1);
    let schema = hamish::corpus::schema_for(dir.path())
        .expect("the corpus schema")
        .schema;
    let mut folder = folder_at(dir.path(), schema);
    folder.wait();
    press(&mut folder, "Enter");
    let app = folder.open.as_mut().expect("open");
    assert_eq!(app.read_only(), None);
    assert_eq!(app.annotations().len(), 1, "loaded");
    // The cursor away from it, so that only the annotation paints its cells.
    app.set_selection(Selection::cursor(find(text, "أمس")));
    let claim = find(text, "نظيره في");
    let cells = cells_of(app, &claim);
    assert_eq!(cells.len(), "نظيره في".chars().count());
    let buf = draw_folder(&folder);
    for &(x, y) in &cells {
        let cell = &buf[(x, y)];
        assert_ne!(cell.bg, Color::Reset, "({x}, {y}) {:?}", cell.symbol());
    }
    // Another change keeps it in the file.
    let app = folder.open.as_mut().expect("open");
    app.set_selection(Selection::cursor(find(text, "بكين")));
    press(&mut folder, "l");
    assert_eq!(
        lines_of(&article),
        [
            r#"(id: 1, label: "Claim", start: 11, end: 19, quote: "نظيره في"),"#,
            r#"(id: 2, label: "Place", start: 20, end: 24, quote: "بكين"),"#,
        ]
    );
    press(&mut folder, "q");
    let row = row_of(&draw_folder(&folder), "news.txt");
    assert!(row.contains("Claim 1 · Place 1"), "{row}");
}

#[test]
fn a_broken_corpus_schema_is_an_error_with_line_and_column() {
    let dir = tempfile::tempdir().expect("temp");
    write(
        &dir.path().join("schema.ron"),
        "(\n    labels: [\n        (name: \"Person\" key: 'p', colour: \"red\"),\n    ],\n)\n",
    );
    write(&dir.path().join("a.txt"), "نص.");
    let err = hamish::corpus::schema_for(dir.path()).expect_err("a comma is missing");
    let text = err.to_string();
    let file = dir.path().join("schema.ron");
    let place = text
        .strip_prefix(&format!("{}:", file.display()))
        .unwrap_or_else(|| panic!("the error names the file: {text}"));
    let mut parts = place.splitn(3, ':');
    assert_eq!(parts.next(), Some("3"), "{text}");
    let column = parts.next().expect("a column");
    assert!(
        !column.is_empty() && column.bytes().all(|c| c.is_ascii_digit()),
        "{text}"
    );
    // The same for an article in the folder.
    assert!(hamish::corpus::schema_for(&dir.path().join("a.txt")).is_err());
}

// ---------------------------------------------------------------------------------------
// 3. Search.

const NEWS: &str = "قال المسؤول الأمريكي إن الوفد الأمريكي وصل، وكتبت الصحف الامريكية ذلك فعلياً.";

#[test]
fn search_folds_hamza_and_goes_to_the_match_at_or_after_the_cursor() {
    let dir = tempfile::tempdir().expect("temp");
    let (mut app, _) = open(dir.path(), NEWS, 80, 12);
    let expected = [
        nth(NEWS, "الأمريكي", 0),
        nth(NEWS, "الأمريكي", 1),
        find(NEWS, "الامريكي"),
    ];
    // The cursor on إن, after the first match.
    app.set_selection(Selection::cursor(find(NEWS, "إن")));
    press(&mut app, "/");
    assert_eq!(app.prompt().map(|p| p.kind), Some(PromptKind::Search));
    type_text(&mut app, "الامريكي");
    press(&mut app, "Enter");
    assert!(app.prompt().is_none());
    let search = app.search().cloned().expect("a search");
    assert_eq!(search.matches, expected);
    assert_eq!(
        app.selection().range(),
        expected[1],
        "the first match after إن"
    );
    assert!(app.selection().selected);
    assert!(
        app.message().is_some_and(|m| m.starts_with("2 of 3")),
        "{:?}",
        app.message()
    );
    // n and N move and wrap.
    press(&mut app, "n");
    assert_eq!(app.selection().range(), expected[2]);
    press(&mut app, "n");
    assert_eq!(app.selection().range(), expected[0], "n wraps to the first");
    press(&mut app, "N");
    assert_eq!(app.selection().range(), expected[2], "N wraps to the last");
    press(&mut app, "N");
    assert_eq!(app.selection().range(), expected[1]);

    // The matches are drawn bold (magenta), and nothing else in the text is.
    let buf = draw(&app);
    let mut match_cells: Vec<(u16, u16)> =
        expected.iter().flat_map(|m| cells_of(&app, m)).collect();
    assert_eq!(match_cells.len(), 3 * "الامريكي".chars().count());
    for &(x, y) in &match_cells {
        let cell = &buf[(x, y)];
        assert!(
            cell.modifier.contains(Modifier::BOLD),
            "({x}, {y}) {:?} {:?}",
            cell.symbol(),
            cell.modifier
        );
        assert_eq!(cell.fg, Color::LightMagenta, "({x}, {y})");
    }
    let mut bold: Vec<(u16, u16)> = (0..app.text_rows() as u16)
        .flat_map(|y| (0..app.size().0).map(move |x| (x, y)))
        .filter(|&(x, y)| buf[(x, y)].modifier.contains(Modifier::BOLD))
        .collect();
    bold.sort_unstable();
    match_cells.sort_unstable();
    assert_eq!(bold, match_cells);
}

#[test]
fn every_match_is_tagged_in_one_undoable_step() {
    let dir = tempfile::tempdir().expect("temp");
    let (mut app, path) = open(dir.path(), NEWS, 80, 12);
    press(&mut app, "/");
    type_text(&mut app, "الامريكي");
    press(&mut app, "Enter t");
    assert_eq!(app.prompt().map(|p| p.kind), Some(PromptKind::TagMatches));
    press(&mut app, "1");
    assert!(app.prompt().is_none());
    assert_eq!(
        lines_of(&path),
        [
            r#"(id: 1, label: "Speaker", start: 12, end: 20, quote: "الأمريكي", by: Some("tester")),"#,
            r#"(id: 2, label: "Speaker", start: 30, end: 38, quote: "الأمريكي", by: Some("tester")),"#,
            r#"(id: 3, label: "Speaker", start: 56, end: 64, quote: "الامريكي", by: Some("tester")),"#,
        ]
    );
    press(&mut app, "u");
    assert!(lines_of(&path).is_empty(), "one undo takes them all back");
    assert!(app.annotations().is_empty());
    press(&mut app, "Ctrl-r");
    assert_eq!(lines_of(&path).len(), 3);
    // Again with the Country key: three more, in one step.
    press(&mut app, "t 3 u");
    assert_eq!(app.annotations().len(), 3);
    press(&mut app, "Ctrl-r");
    assert_eq!(lines_of(&path).len(), 6);
    assert_eq!(
        lines_of(&path)
            .iter()
            .filter(|l| l.contains(r#"label: "Country""#))
            .count(),
        3
    );
}

#[test]
fn search_ignores_harakat() {
    let dir = tempfile::tempdir().expect("temp");
    let (mut app, _) = open(dir.path(), NEWS, 80, 12);
    press(&mut app, "/");
    type_text(&mut app, "فعليا");
    press(&mut app, "Enter");
    let range = app.selection().range();
    assert_eq!(&NEWS[range], "فعلياً", "the match takes its tanween");
    // The prompt opens again with the last query, which typing replaces.
    press(&mut app, "/");
    assert_eq!(app.prompt().map(|p| p.input.as_str()), Some("فعليا"));
    type_text(&mut app, "كلمة");
    press(&mut app, "Enter");
    assert!(app.search().is_none());
    assert!(
        app.message().is_some_and(|m| m.starts_with("not found")),
        "{:?}",
        app.message()
    );
}

// ---------------------------------------------------------------------------------------
// 4. Suggestions.

/// Bytes of chars `chars` of the sample.
fn sample_bytes(doc: &Document, chars: Range<usize>) -> Range<usize> {
    doc.char_to_byte(chars.start).expect("in the text")
        ..doc.char_to_byte(chars.end).expect("in the text")
}

#[test]
fn suggestions_are_dimmed_unsaved_until_accepted_and_rejected_ones_hide() {
    let dir = tempfile::tempdir().expect("temp");
    let (mut app, path) = open(dir.path(), hamish::SAMPLE_TEXT, 80, 24);
    press(&mut app, "S");
    let open_count = app.open_suggestions().len();
    assert!(open_count > 0);
    let china = sample_bytes(app.doc(), 52..57);
    assert_eq!(&hamish::SAMPLE_TEXT[china.clone()], "الصين");
    assert!(app
        .open_suggestions()
        .iter()
        .any(|(_, s)| s.label == "Country" && s.range == china));

    // الصين: its letters in the Country's colour, dimmed, with no background.
    let buf = draw(&app);
    let cells = cells_of(&app, &china);
    assert_eq!(cells.len(), 5);
    for &(x, y) in &cells {
        let cell = &buf[(x, y)];
        assert_eq!(cell.bg, Color::Reset, "({x}, {y}) has no background");
        assert!(cell.modifier.contains(Modifier::DIM), "({x}, {y})");
        assert_ne!(cell.fg, Color::Reset, "({x}, {y}) is in a label's colour");
    }
    assert!(
        lines_of(&path).is_empty(),
        "nothing is saved until accepted"
    );

    // Accept الصين.
    app.set_selection(Selection::cursor(china.clone()));
    press(&mut app, "y");
    assert_eq!(
        lines_of(&path),
        [
            r#"(id: 1, label: "Country", start: 52, end: 57, quote: "الصين", country: Some("CN"), by: Some("tester")),"#
        ]
    );
    assert_eq!(app.open_suggestions().len(), open_count - 1);
    // Now an annotation: a background.
    app.set_selection(Selection::cursor(0..0));
    let buf = draw(&app);
    for &(x, y) in &cells {
        assert_eq!(buf[(x, y)].bg, Color::LightCyan, "({x}, {y})");
        assert!(!buf[(x, y)].modifier.contains(Modifier::DIM), "({x}, {y})");
    }

    // Reject another one, which no other suggestion overlaps: it is no longer offered
    // nor drawn.
    let open_now = app.open_suggestions();
    let other = open_now
        .iter()
        .map(|(_, s)| *s)
        .find(|s| {
            s.label == "Country"
                && open_now.iter().all(|(_, t)| {
                    (t.range == s.range && t.label == s.label)
                        || t.range.end <= s.range.start
                        || s.range.end <= t.range.start
                })
        })
        .cloned()
        .expect("a country no other suggestion overlaps");
    for _ in 0..500 {
        if !cells_of(&app, &other.range).is_empty() {
            break;
        }
        app.update(Command::ScrollDown);
    }
    let other_cells = cells_of(&app, &other.range);
    assert!(!other_cells.is_empty(), "scrolled to it");
    app.set_selection(Selection::cursor(0..0));
    let buf = draw(&app);
    for &(x, y) in &other_cells {
        assert!(buf[(x, y)].modifier.contains(Modifier::DIM), "({x}, {y})");
    }
    app.set_selection(Selection::cursor(other.range.clone()));
    press(&mut app, "x");
    assert_eq!(app.open_suggestions().len(), open_count - 2);
    assert!(!app
        .open_suggestions()
        .iter()
        .any(|(_, s)| s.range == other.range && s.label == other.label));
    app.set_selection(Selection::cursor(0..0));
    let buf = draw(&app);
    for &(x, y) in &other_cells {
        let cell = &buf[(x, y)];
        assert!(!cell.modifier.contains(Modifier::DIM), "({x}, {y})");
        assert_eq!(cell.bg, Color::Reset, "({x}, {y})");
    }
    assert_eq!(lines_of(&path).len(), 1, "a rejection writes nothing");

    // Accept all: every open suggestion, in one undo step.
    let left = app.open_suggestions().len();
    press(&mut app, "Y");
    assert_eq!(app.annotations().len(), 1 + left);
    assert_eq!(lines_of(&path).len(), 1 + left);
    assert!(app.open_suggestions().is_empty());
    assert!(
        !app.annotations()
            .items()
            .iter()
            .any(|a| a.range == other.range && a.label == other.label),
        "the rejected one is not accepted with the others"
    );
    press(&mut app, "u");
    assert_eq!(app.annotations().len(), 1);
    assert_eq!(lines_of(&path).len(), 1);
}

#[test]
fn a_claim_is_accepted_with_its_speaker_and_linked_to_it() {
    let dir = tempfile::tempdir().expect("temp");
    let (mut app, path) = open(dir.path(), hamish::SAMPLE_TEXT, 80, 24);
    press(&mut app, "S");
    let suggestions = app.suggestions().map(<[_]>::to_vec).expect("shown");
    let claim = suggestions
        .iter()
        .find(|s| s.label == "Claim" && s.speaker.is_some())
        .expect("a claim with its speaker")
        .clone();
    let speaker = suggestions[claim.speaker.expect("a speaker")].clone();
    assert_eq!(speaker.label, "Speaker");
    // The cursor on the claim's first word, which nothing else suggested covers.
    let word = hamish::annotate::selection::word_at(app.doc(), claim.range.start)
        .expect("a word starts the claim");
    app.set_selection(Selection::cursor(word));
    press(&mut app, "y");
    assert_eq!(app.annotations().len(), 2, "the claim and its speaker");
    let items = app.annotations().items();
    let s = items
        .iter()
        .find(|a| a.label == "Speaker")
        .expect("the speaker");
    let c = items
        .iter()
        .find(|a| a.label == "Claim")
        .expect("the claim");
    assert_eq!(s.range, speaker.range);
    assert_eq!(c.range, claim.range);
    assert_eq!(c.speaker, Some(s.id));
    let claim_line = lines_of(&path)
        .into_iter()
        .find(|l| l.contains(r#"label: "Claim""#))
        .expect("the claim is saved");
    assert!(
        claim_line.ends_with(&format!(r#"speaker: Some({}), by: Some("tester")),"#, s.id)),
        "{claim_line}"
    );
    press(&mut app, "u");
    assert!(lines_of(&path).is_empty(), "both in one step");
}

// ---------------------------------------------------------------------------------------
// 5. Adjudication against another annotator's copy.

const KERRY: &str = "قال وزير الخارجية جون كيري إن الصين والولايات المتحدة اتفقتا.";

#[test]
fn compare_offers_their_differing_annotations_to_take() {
    let root = tempfile::tempdir().expect("temp");
    let mine = root.path().join("mine");
    let theirs = root.path().join("theirs");
    let (my_text, their_text) = (mine.join("a.txt"), theirs.join("a.txt"));
    write(&my_text, KERRY);
    write(&their_text, KERRY);
    let china = find(KERRY, "الصين");
    let us = find(KERRY, "الولايات المتحدة");
    let mut my_country = annotation(2, "Country", china.clone());
    my_country.country = Some("CN".into());
    write_ron(
        &my_text,
        vec![
            annotation(1, "Speaker", find(KERRY, "جون كيري")),
            my_country,
        ],
        Status::InProgress,
        "me",
    );
    let mut their_china = annotation(1, "Country", china.clone());
    their_china.country = Some("CN".into());
    let mut their_us = annotation(3, "Country", us.clone());
    their_us.country = Some("US".into());
    write_ron(
        &their_text,
        vec![
            annotation(2, "Speaker", find(KERRY, "كيري")),
            their_china,
            their_us,
        ],
        Status::InProgress,
        "them",
    );
    let theirs_before = ron_of(&their_text);

    let mut folder = folder_at(&mine, Schema::default());
    folder.compare = Some(theirs.clone());
    folder.wait();
    press(&mut folder, "Enter");
    let app = folder.open.as_mut().expect("open");
    let offered: Vec<(String, Range<usize>, Option<String>)> = app
        .open_suggestions()
        .into_iter()
        .map(|(_, s)| (s.label.clone(), s.range.clone(), s.country.clone()))
        .collect();
    assert_eq!(
        offered,
        [
            ("Speaker".to_string(), find(KERRY, "كيري"), None),
            ("Country".to_string(), us.clone(), Some("US".to_string())),
        ],
        "exactly their differing annotations; the identical الصين is not offered"
    );
    assert!(
        app.message().is_some_and(|m| m.contains("them")),
        "{:?}",
        app.message()
    );
    // Take their Country.
    app.set_selection(Selection::cursor(us.clone()));
    press(&mut folder, "y");
    let lines = lines_of(&my_text);
    assert_eq!(lines.len(), 3, "{lines:#?}");
    assert!(
        lines.contains(
            &r#"(id: 3, label: "Country", start: 37, end: 53, quote: "الولايات المتحدة", country: Some("US")),"#
                .to_string()
        ),
        "{lines:#?}"
    );
    assert!(ron_of(&my_text).contains(r#"annotator: Some("me")"#));
    assert_eq!(
        ron_of(&their_text),
        theirs_before,
        "their copy is untouched"
    );
    let app = folder.open.as_ref().expect("open");
    assert_eq!(app.open_suggestions().len(), 1, "their speaker is left");
}

#[test]
fn a_suggestion_inside_another_is_drawn_in_its_own_colour() {
    let dir = tempfile::tempdir().expect("temp");
    let (mut app, _) = open(dir.path(), hamish::SAMPLE_TEXT, W, H);
    app.set_selection(hamish::annotate::Selection::cursor(0..0));
    press(&mut app, "S");
    // الصين (a Country) lies inside the suggested Claim «إن الصين …».
    let china = find(hamish::SAMPLE_TEXT, "الصين");
    let buf = draw(&app);
    let cells = cells_of(&app, &china);
    assert_eq!(cells.len(), 5);
    for (x, y) in cells {
        assert_eq!(
            buf[(x, y)].fg,
            ratatui::style::Color::LightCyan,
            "({x}, {y})"
        );
    }
}

#[test]
fn arabic_digits_are_label_keys_after_t() {
    use hamish::annotate::Schema;
    // The label key after `t` may be an Arabic-Indic digit.
    assert_eq!(
        Schema::default().by_key('٣').map(|l| l.name.as_str()),
        Some("Country")
    );
    assert_eq!(
        Schema::default().by_key('۱').map(|l| l.name.as_str()),
        Some("Speaker")
    );
}

#[test]
fn taking_their_version_brings_its_entity_and_link_and_replaces_mine() {
    let mine = tempfile::tempdir().expect("temp");
    let theirs = tempfile::tempdir().expect("temp");
    let text = "قال جون كيري إن الاتفاق مهم.";
    for dir in [mine.path(), theirs.path()] {
        write(&dir.join("a.txt"), text);
    }
    let kerry = find(text, "كيري");
    let john_kerry = find(text, "جون كيري");
    let claim = find(text, "إن الاتفاق مهم");
    // Mine: Speaker on كيري only. Theirs: Speaker on جون كيري with an entity, and a claim
    // linked to it.
    write_ron(
        &mine.path().join("a.txt"),
        vec![annotation(1, "Speaker", kerry)],
        Status::InProgress,
        "me",
    );
    let mut speaker = annotation(1, "Speaker", john_kerry.clone());
    speaker.entity = Some("John Kerry".into());
    let mut said = annotation(2, "Claim", claim.clone());
    said.speaker = Some(1);
    write_ron(
        &theirs.path().join("a.txt"),
        vec![speaker, said],
        Status::InProgress,
        "them",
    );
    let mut folder = folder_at(mine.path(), Schema::default());
    folder.compare = Some(theirs.path().to_path_buf());
    folder.wait();
    press(&mut folder, "Enter Y");
    let lines = lines_of(&mine.path().join("a.txt"));
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(
        lines[0].contains("quote: \"جون كيري\", entity: Some(\"John Kerry\")"),
        "{lines:?}"
    );
    assert!(
        lines[1].contains("label: \"Claim\"") && lines[1].contains("speaker: Some("),
        "{lines:?}"
    );
    // One undo gives mine back.
    press(&mut folder, "u");
    assert_eq!(lines_of(&mine.path().join("a.txt")).len(), 1);
}

#[test]
fn suggestions_take_the_corpus_labels() {
    let dir = tempfile::tempdir().expect("temp");
    write(&dir.path().join("a.txt"), hamish::SAMPLE_TEXT);
    let schema = r#"(labels: [(name: "Person", key: 'p', colour: "green", link: Entity), (name: "Place", key: 'l', colour: "cyan", link: CountryCode)])"#;
    write(&dir.path().join("schema.ron"), schema);
    let schema = hamish::corpus::schema_for(dir.path())
        .expect("schema")
        .schema;
    let mut folder = folder_at(dir.path(), schema);
    folder.wait();
    press(&mut folder, "Enter S");
    let app = folder.open.as_ref().expect("open");
    let labels: std::collections::BTreeSet<&str> = app
        .open_suggestions()
        .iter()
        .map(|(_, s)| s.label.as_str())
        .collect();
    assert_eq!(labels, ["Person", "Place"].into_iter().collect());
}
