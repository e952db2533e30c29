//! The TUI as a user drives it: keys typed as their names (`"w w 3"`, `"Ctrl-r"`,
//! `"Shift-Left"`), each through the app's own keymap in the mode it is in, and a draw after
//! each, as the terminal loop does; and the screen read back as text.

use crossterm::event::{KeyCode, KeyEvent};
use hamish::ui::{App, Event, Folder, Key, Keymap, Mode};
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::widgets::Widget;
use ratatui::Terminal;

/// What takes keys: one article, or a folder.
pub trait Driven {
    fn keymap(&self) -> &Keymap;
    fn mode(&self) -> Mode;
    fn take(&mut self, event: Event);
    fn draw(&self) -> Buffer;
}

impl Driven for App {
    fn keymap(&self) -> &Keymap {
        App::keymap(self)
    }
    fn mode(&self) -> Mode {
        App::mode(self)
    }
    fn take(&mut self, event: Event) {
        self.update(event);
    }
    fn draw(&self) -> Buffer {
        let (w, h) = self.size();
        draw_widget(self, w, h)
    }
}

impl Driven for Folder {
    fn keymap(&self) -> &Keymap {
        &self.settings.keymap
    }
    fn mode(&self) -> Mode {
        Folder::mode(self)
    }
    fn take(&mut self, event: Event) {
        self.update(event);
    }
    fn draw(&self) -> Buffer {
        draw_widget(self, self.size.0, self.size.1)
    }
}

/// Draws `widget` on a `w`×`h` test terminal.
pub fn draw_widget(widget: impl Widget, w: u16, h: u16) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("backend");
    terminal
        .draw(|frame| frame.render_widget(widget, frame.area()))
        .expect("draw");
    terminal.backend().buffer().clone()
}

/// The terminal event of the key named `name`.
pub fn key_event(name: &str) -> KeyEvent {
    let key = Key::parse(name).unwrap_or_else(|| panic!("no key is named {name:?}"));
    // A terminal sends Shift with an upper-case letter.
    let mods = match key.code {
        KeyCode::Char(c) if c.is_uppercase() => key.mods | crossterm::event::KeyModifiers::SHIFT,
        _ => key.mods,
    };
    KeyEvent::new(key.code, mods)
}

/// Types `keys`, names separated by spaces, each through the keymap and followed by a draw.
/// A key the keymap ignores in that mode does nothing, as in the terminal.
pub fn press(screen: &mut impl Driven, keys: &str) {
    for name in keys.split(' ').filter(|n| !n.is_empty()) {
        if let Some(event) = screen.keymap().event(key_event(name), screen.mode()) {
            screen.take(event);
        }
        screen.draw();
    }
}

/// Types `text` into a prompt, char by char, as keys.
pub fn type_text(screen: &mut impl Driven, text: &str) {
    for c in text.chars() {
        let key = KeyEvent::new(KeyCode::Char(c), crossterm::event::KeyModifiers::NONE);
        if let Some(event) = screen.keymap().event(key, screen.mode()) {
            screen.take(event);
        }
        screen.draw();
    }
}

/// The rows of a screen, each as the symbols of its cells.
pub fn rows(buf: &Buffer) -> Vec<String> {
    (0..buf.area.height)
        .map(|y| {
            (0..buf.area.width)
                .map(|x| buf[(x, y)].symbol())
                .collect::<String>()
        })
        .collect()
}

/// The whole screen as text, one line a row.
pub fn screen(buf: &Buffer) -> String {
    rows(buf).join("\n")
}

/// Feeds `events` that are not keys (a resize, the wheel, a paste) in order, each followed
/// by a draw.
pub fn feed(screen: &mut impl Driven, events: &[Event]) {
    for &event in events {
        screen.take(event);
        screen.draw();
    }
}
