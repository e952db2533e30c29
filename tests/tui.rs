//! The reader drawn into ratatui's TestBackend: where the Arabic lands on screen.

// Test code: an unmet expectation is the test failing, said where it fails.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use hamish::layout::{Options, Shaping};
use hamish::text::Document;
mod common;

use common::tui::{draw_widget, press};
use hamish::ui::{App, Bidi, Command, Event, Settings};
use ratatui::buffer::Buffer;

fn draw(app: &App, width: u16, height: u16) -> Buffer {
    draw_widget(app, width, height)
}

fn app(text: &str, shaping: Shaping, width: u16, height: u16) -> App {
    let doc = Document::new("article.txt", text.to_string());
    let options = Options {
        shaping,
        ..Options::default()
    };
    let mut app = App::new(
        doc,
        Settings {
            options,
            ..Settings::default()
        },
    );
    app.update(Event::Resize(width, height));
    app
}

fn row(buf: &Buffer, y: u16) -> Vec<String> {
    (0..buf.area.width)
        .map(|x| buf[(x, y)].symbol().to_string())
        .collect()
}

#[test]
fn sample_first_word_is_at_the_right_edge() {
    let app = app(hamish::SAMPLE_TEXT, Shaping::Off, 80, 24);
    let buf = draw(&app, 80, 24);
    let first = row(&buf, 0);
    // One column of margin on each side: the text ends at column 78.
    assert_eq!(first[79], " ");
    assert_eq!(&first[76..79], ["ل", "ا", "ق"], "row 0: {first:?}");
    // Right-aligned: every line of the first paragraph ends at column 78; the last line of
    // the paragraph is shorter and starts further right than column 1.
    let lines = app.layout(0).expect("laid out").lines().len();
    for y in 0..lines as u16 {
        assert_ne!(
            row(&buf, y)[78],
            " ",
            "row {y} does not reach the right edge"
        );
    }
    let last = row(&buf, lines as u16 - 1);
    assert_eq!(last[1], " ", "the short last line is right-aligned");
    // A blank row between paragraphs.
    assert!(row(&buf, lines as u16).iter().all(|s| s == " "));
}

#[test]
fn shaped_letters_are_joined() {
    let app = app("قال", Shaping::App, 20, 3);
    let buf = draw(&app, 20, 3);
    // ق initial, ا final, ل isolated (alef does not join to the left), left to right.
    assert_eq!(&row(&buf, 0)[16..19], ["\u{FEDD}", "\u{FE8E}", "\u{FED7}"]);
}

#[test]
fn status_line_names_the_file_and_the_place() {
    let mut app = app(hamish::SAMPLE_TEXT, Shaping::Off, 80, 10);
    let status = |buf: &Buffer| row(buf, 9).concat();
    let top = status(&draw(&app, 80, 10));
    assert!(top.contains("article.txt"), "{top}");
    assert!(top.contains("¶ 1/9"), "{top}");
    app.update(Command::Bottom);
    let bottom = status(&draw(&app, 80, 10));
    assert!(bottom.contains("100%"), "{bottom}");
    assert!(bottom.contains("/9"), "{bottom}");
    app.update(Command::Top);
    assert!(status(&draw(&app, 80, 10)).contains("¶ 1/9"));
}

#[test]
fn scrolling_moves_by_rows_and_stops_at_the_ends() {
    let mut app = app(hamish::SAMPLE_TEXT, Shaping::Off, 80, 10);
    let before = draw(&app, 80, 10);
    app.update(Command::ScrollDown);
    let after = draw(&app, 80, 10);
    assert_eq!(row(&before, 1), row(&after, 0), "one row up");
    press(&mut app, "k k k k k");
    assert_eq!(
        row(&draw(&app, 80, 10), 0),
        row(&before, 0),
        "stops at the top"
    );
    for _ in 0..100 {
        app.update(Command::PageDown);
    }
    let end = draw(&app, 80, 10);
    // The end of the text is on the last text row, not scrolled away.
    let last = app.text_rows() as u16 - 1;
    assert!(
        row(&end, last).iter().any(|s| s != " "),
        "last row is empty at the end"
    );
}

#[test]
fn resizing_keeps_the_line_being_read() {
    let mut app = app(hamish::SAMPLE_TEXT, Shaping::Off, 80, 20);
    press(&mut app, "j j");
    let para = app.top().para;
    let top_line = |app: &App| {
        app.layout(app.top().para).expect("laid out").lines()[app.top().row]
            .logical
            .clone()
    };
    let byte = top_line(&app).start;
    assert!(byte > 0, "scrolled into the first paragraph");
    app.update(Event::Resize(40, 20));
    assert_eq!(app.top().para, para);
    assert!(
        top_line(&app).contains(&byte),
        "the line being read is still on top"
    );
    // A storm of sizes, down to one cell, never panics and keeps the paragraph.
    for (w, h) in [(1, 1), (2, 80), (200, 5), (3, 2), (80, 20)] {
        app.update(Event::Resize(w, h));
        draw(&app, w, h);
    }
    assert_eq!(app.top().para, para);
}

#[test]
fn escape_sequences_are_drawn_as_symbols() {
    let app = app("a\u{1b}[2J\u{1b}]0;t\u{7}", Shaping::App, 30, 3);
    let text = row(&draw(&app, 30, 3), 0).concat();
    assert!(text.contains("a\u{241b}[2J\u{241b}]0;t\u{2407}"), "{text}");
    assert!(!text.contains('\u{1b}'));
}

#[test]
fn help_lists_every_key() {
    let mut app = app(hamish::SAMPLE_TEXT, Shaping::Off, 100, 30);
    app.update(Command::ToggleHelp);
    // The help scrolls when it is longer than the screen: read it page by page.
    let mut keys: Vec<String> = Vec::new();
    for _ in 0..10 {
        let buf = draw(&app, 100, 30);
        // The overlay's rows: between its top and bottom borders, inside its side borders.
        let rows: Vec<String> = (0..30).map(|y| row(&buf, y).concat()).collect();
        let top = rows
            .iter()
            .position(|r| r.contains("hamish: keys"))
            .expect("overlay");
        let bottom = top
            + rows[top..]
                .iter()
                .position(|r| r.contains('└'))
                .expect("bottom border");
        keys.extend(
            rows[top + 1..bottom]
                .iter()
                .filter_map(|r| r.split('│').nth(1))
                .flat_map(|inside| {
                    // The key column, then two spaces, then the description.
                    let column = inside.split("  ").next().unwrap_or("");
                    column
                        .split(", ")
                        .map(|k| k.trim().to_string())
                        .collect::<Vec<_>>()
                }),
        );
        app.update(Command::PageDown);
    }
    for binding in hamish::ui::Keymap::default().bindings(hamish::ui::Mode::Text) {
        assert!(
            keys.iter().any(|k| k == binding.label),
            "help lacks {}: {keys:?}",
            binding.label
        );
    }
    for label in hamish::annotate::Schema::default().labels {
        assert!(
            keys.contains(&label.key.to_string()),
            "help lacks {}",
            label.key
        );
    }
    app.update(Command::NextWord);
    let buf = draw(&app, 100, 30);
    assert!(
        !(0..30).any(|y| row(&buf, y).concat().contains("hamish: keys")),
        "any key closes the help"
    );
}

#[test]
fn an_empty_file_is_an_empty_view() {
    let mut app = app("", Shaping::App, 40, 5);
    let buf = draw(&app, 40, 5);
    assert!((0..4).all(|y| row(&buf, y).iter().all(|s| s == " ")));
    assert!(row(&buf, 4).concat().contains("article.txt"));
    app.update(Event::Wheel { down: true });
    press(&mut app, "PgDn G PgUp");
}

#[test]
fn one_cell_terminal_draws_without_panicking() {
    let mut app = app(hamish::SAMPLE_TEXT, Shaping::App, 1, 1);
    draw(&app, 1, 1);
    press(&mut app, "j G ? g");
}

mod random {
    use super::*;
    use proptest::prelude::*;

    fn action() -> impl Strategy<Value = Event> {
        prop_oneof![
            Just(Event::Command(Command::ScrollDown)),
            Just(Event::Command(Command::ScrollUp)),
            Just(Event::Wheel { down: true }),
            Just(Event::Wheel { down: false }),
            Just(Event::Command(Command::PageDown)),
            Just(Event::Command(Command::PageUp)),
            Just(Event::Command(Command::HalfPageDown)),
            Just(Event::Command(Command::HalfPageUp)),
            Just(Event::Command(Command::Top)),
            Just(Event::Command(Command::Bottom)),
            Just(Event::Command(Command::ToggleHelp)),
            (1u16..120, 1u16..40).prop_map(|(w, h)| Event::Resize(w, h)),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// Any text, any sequence of keys and sizes: no panic, and the top row is always a
        /// row of the document.
        #[test]
        fn any_keys_any_sizes(
            text in "([\u{627}-\u{64A} a-z0-9\u{64B}\u{202E}\u{1b}\t]{0,120}\n?){0,12}",
            actions in proptest::collection::vec(action(), 1..40),
        ) {
            let mut app = app(&text, Shaping::App, 30, 8);
            for action in actions {
                app.update(action);
                let (w, h) = app.size();
                draw(&app, w, h);
                let paras = app.doc().len_paragraphs();
                prop_assert!(app.top().para < paras.max(1));
            }
        }
    }
}

#[test]
fn a_big_file_shows_its_head_then_the_whole() {
    let full = "قال\n".repeat(50);
    let head = "قال\n".repeat(3);
    let mut app = app(&head, Shaping::Off, 40, 6).reading_rest();
    let status = |app: &App| row(&draw(app, 40, 6), 5).concat();
    assert!(status(&app).contains("¶ 1/…"), "{}", status(&app));
    app.complete(Document::new("article.txt", full));
    assert!(status(&app).contains("¶ 1/50"), "{}", status(&app));
    app.update(Command::Bottom);
    assert!(status(&app).contains("/50"));
    // Five rows: paragraphs 48 and 49 with their blank rows, and 50.
    assert_eq!(app.top().para, 47, "the end of the whole text is reachable");
}

#[test]
fn the_readme_lists_every_key() {
    let readme = include_str!("../README.md");
    let keymap = hamish::ui::Keymap::default();
    let all = keymap
        .bindings(hamish::ui::Mode::Text)
        .iter()
        .chain(keymap.bindings(hamish::ui::Mode::Prompt));
    for binding in all {
        assert!(
            readme.contains(&format!("`{}`", binding.label)),
            "README lacks `{}`",
            binding.label
        );
    }
}

#[test]
fn arabic_and_persian_digit_keys_are_label_keys() {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    use hamish::ui::Mode;
    let keymap = hamish::ui::Keymap::default();
    let action_for_key = |key, mode| keymap.event(key, mode);
    let key = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
    assert_eq!(action_for_key(key('١'), Mode::Text), Some(Event::Tag('1')));
    assert_eq!(action_for_key(key('۳'), Mode::Text), Some(Event::Tag('3')));
    assert_eq!(action_for_key(key('٢'), Mode::Panel), Some(Event::Tag('2')));
    // In a prompt they are text.
    assert_eq!(
        action_for_key(key('١'), Mode::Prompt),
        Some(Event::Input('١'))
    );
    assert_eq!(
        action_for_key(key('q'), Mode::Prompt),
        Some(Event::Input('q'))
    );
}

#[test]
fn help_lists_the_label_keys_of_the_schema_in_use() {
    let schema = hamish::annotate::Schema::parse(
        r#"(labels: [(name: "Person", key: 'p', colour: "green", link: Entity)])"#,
        "schema.ron",
    )
    .expect("schema");
    let doc = Document::new("article.txt", hamish::SAMPLE_TEXT.to_string());
    let options = Options {
        shaping: Shaping::Off,
        ..Options::default()
    };
    let settings = Settings {
        options,
        schema,
        ..Settings::default()
    };
    let mut app = App::new(doc, settings);
    app.update(Event::Resize(100, 40));
    press(&mut app, "?");
    let buf = draw(&app, 100, 40);
    let screen: String = (0..40).map(|y| row(&buf, y).concat()).collect();
    assert!(
        screen.contains("tag the selection (or the word) Person"),
        "{screen}"
    );
    assert!(!screen.contains("Speaker"), "{screen}");
}

/// A corpus whose labels are named in Arabic: the help and the list draw the names as
/// the reader draws Arabic, right to left (with shaping off, a name's letters appear from
/// the left in the reverse of the order they are typed), never in typing order.
#[test]
fn arabic_label_names_are_drawn_right_to_left_in_the_help_and_the_list() {
    let schema = hamish::annotate::Schema::parse(
        r#"(labels: [(name: "متكلم", key: '7', colour: "green", link: Entity)])"#,
        "schema.ron",
    )
    .expect("schema");
    let doc = Document::new("article.txt", hamish::SAMPLE_TEXT.to_string());
    let settings = Settings {
        options: Options {
            shaping: Shaping::Off,
            ..Options::default()
        },
        schema,
        ..Settings::default()
    };
    let dir = tempfile::tempdir().expect("temp");
    let path = dir.path().join("article.txt");
    std::fs::write(&path, hamish::SAMPLE_TEXT).expect("write");
    let mut app = App::new(doc, settings);
    app.open_annotations(&path, None);
    app.update(Event::Resize(100, 40));
    let typed = "متكلم";
    let seen: String = typed.chars().rev().collect();
    let screen = |app: &App| -> String {
        let buf = draw(app, 100, 40);
        (0..40).map(|y| row(&buf, y).concat() + "\n").collect()
    };

    press(&mut app, "?");
    let help = screen(&app);
    assert!(
        help.contains(&format!("tag the selection (or the word) {seen}")),
        "{help}"
    );
    assert!(!help.contains(typed), "{help}");

    press(&mut app, "Esc 7 Tab");
    assert_eq!(app.annotations().len(), 1);
    let list = screen(&app);
    let label_row = list
        .lines()
        .find(|l| l.contains(&seen))
        .unwrap_or_else(|| panic!("no row with the label: {list}"));
    assert!(!list.contains(typed), "{list}");
    // The name starts the row's label column, right after the border.
    assert!(label_row.contains(&format!("│{seen}")), "{label_row}");
}

/// An app whose rows the terminal lays out (`--bidi terminal`).
fn terminal_bidi_app(text: &str, shaping: Shaping, width: u16, height: u16) -> App {
    let doc = Document::new("article.txt", text.to_string());
    let settings = Settings {
        options: Options {
            shaping,
            ..Options::default()
        },
        bidi: Bidi::Terminal,
        ..Settings::default()
    };
    let mut app = App::new(doc, settings);
    app.update(Event::Resize(width, height));
    app
}

/// The letters of `row` without the blanks around them.
fn text_of(row: &[String]) -> String {
    row.concat().trim().to_string()
}

#[test]
fn with_bidi_by_the_terminal_a_row_holds_its_text_in_reading_order() {
    let text = "قال كيري (John Kerry) في 12 أيار";
    let visual = text_of(&row(&draw(&app(text, Shaping::Off, 60, 6), 60, 6), 0));
    let app = terminal_bidi_app(text, Shaping::Off, 60, 6);
    let buf = draw(&app, 60, 6);
    let first = row(&buf, 0);
    // The cells the terminal is given are the file's text, brackets unmirrored: its own
    // bidi mirrors them and puts the words in place.
    assert_eq!(text_of(&first), text, "row 0: {first:?}");
    assert_ne!(visual, text, "hamish's own rows are in visual order");
    // Where hamish would draw the line: right-aligned, ending one column before the edge.
    assert_eq!(first[58], "ر", "row 0: {first:?}");
    assert_eq!(first[59], " ");
    let status = row(&buf, 5).concat();
    assert!(status.contains("mouse approximate"), "status: {status}");
}

#[test]
fn with_bidi_by_the_terminal_letters_stay_joined_and_wrapping_is_hamish_s() {
    let text = "قال وزير الخارجية الأمريكي جون كيري اليوم";
    let app = terminal_bidi_app(text, Shaping::App, 24, 8);
    let buf = draw(&app, 24, 8);
    // ق initial, ا final, ل isolated: joined forms, in reading order.
    let first = row(&buf, 0);
    let start = first.iter().position(|c| c != " ").expect("row 0 has text");
    assert_eq!(
        &first[start..start + 3],
        ["\u{FED7}", "\u{FE8E}", "\u{FEDD}"],
        "row 0: {first:?}"
    );
    // Each row holds what hamish put on that line, nothing more.
    let layout = app.layout(0).expect("laid out");
    assert!(
        layout.lines().len() > 1,
        "the paragraph wraps at 24 columns"
    );
    for (y, line) in layout.lines().iter().enumerate() {
        let cells = text_of(&row(&buf, y as u16))
            .chars()
            .filter(|c| *c != ' ')
            .count();
        let want = text[line.logical.clone()]
            .chars()
            .filter(|c| *c != ' ')
            .count();
        // A lam–alef ligature is one cell for two letters.
        assert!(
            cells <= want && cells + 2 >= want,
            "row {y}: {cells} letters of {want}"
        );
    }
}
