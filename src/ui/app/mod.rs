//! The reader and annotator: its state ([`state`]) and the one path that changes it,
//! [`App::update`], which hands each event to the handler of what is open (the article,
//! the list, the picker, a prompt, the help) and then saves, from this one place, when the
//! annotations changed.
//!
//! Handlers never draw and never save; they return what to tell the user when they refuse.

mod overlay;
mod panel;
mod picker;
mod presence;
mod prompt;
mod search;
mod state;
mod store;
mod suggestions;
mod text;
mod viewport;

pub use overlay::{Overlay, Prompt, PromptKind};
pub use state::{quoted, App, Bidi, Cursor, Search, Settings, Suggestions};
pub use store::{SaveState, Store};
pub use viewport::Pos;

use crate::text::Document;
use crate::ui::command::{Command, Event};
use overlay::Overlay as O;
use std::path::Path;
use text::MouseKind;

impl App {
    /// Reads the annotations of the text at `text_path` (from `<stem>.ron` beside it) and
    /// saves there after every change. A file that cannot be used leaves the text
    /// read-only, with the reason on screen; it is never written over.
    pub fn open_annotations(&mut self, text_path: &Path, annotator: Option<String>) {
        self.store = Store::beside(text_path, annotator);
        if !self.partial {
            self.load_pending();
        }
    }

    fn load_pending(&mut self) {
        match self.store.load(&self.doc) {
            None => {}
            Some(Ok(loaded)) => {
                let list = self.key(Command::TogglePanel);
                self.message = if loaded.text_changed && !loaded.new {
                    Some(format!(
                        "text changed: {} moved, {} not found (orphans, {list} lists them)",
                        loaded.moved, loaded.orphaned
                    ))
                } else if loaded.orphaned > 0 {
                    Some(format!(
                        "{} orphan annotation(s), see the list",
                        loaded.orphaned
                    ))
                } else {
                    None
                };
                if let Some(who) = self.store.elsewhere() {
                    let also = format!("also open elsewhere ({who}): saves merge with it");
                    self.message = Some(match self.message.take() {
                        Some(m) => format!("{m} · {also}"),
                        None => also,
                    });
                }
                self.annotations = loaded.annotations;
                if self.schema.suggestions && self.suggestions.shown.is_none() {
                    self.suggestions.shown = Some(self.suggest_for_schema());
                }
            }
            Some(Err(e)) => self.message = Some(format!("read-only: {e}")),
        }
    }

    /// Replaces the head of a big file with the whole file: with [`App::update`], the other
    /// way state changes, for the one event that is not the user's. The head is the file's
    /// first whole lines, so the reading position stays valid; layouts are made anew in case
    /// the file changed between the two reads.
    pub fn complete(&mut self, doc: Document) {
        self.doc = doc;
        self.partial = false;
        self.view.forget(&self.doc);
        if self.cursor.selection.range().end > self.doc.text().len() {
            let first = crate::annotate::selection::first_word(&self.doc).unwrap_or(0..0);
            self.cursor.selection = crate::annotate::Selection::cursor(first);
        }
        self.load_pending();
        self.view.clamp(&self.doc);
        self.view.ensure_visible(&self.doc);
    }

    /// Leaves the annotations read-only for `why`, and says so.
    pub fn read_only_because(&mut self, why: String) {
        self.message = Some(format!("read-only: {why}"));
        self.store = Store::ReadOnly(why);
    }

    /// Tells the user `message` (what opened the article has to say about it).
    pub fn tell(&mut self, message: String) {
        self.message = Some(message);
    }

    /// At quit: annotations that still cannot be saved go to a recovery file. Returns what
    /// to tell the user, if anything.
    pub fn finish(&mut self) -> Option<String> {
        self.store.finish(&self.doc, &mut self.annotations)
    }

    /// Takes one event: the only place the state changes.
    pub fn update(&mut self, event: impl Into<Event>) {
        let event = event.into();
        if event.is_user() {
            // What the last key did is told until the next one; a failed save says so
            // again when it is tried again.
            self.message = None;
        }
        let result = self.dispatch(event);
        if let Err(told) = result {
            self.message = Some(told);
        }
        let vertical = matches!(
            event.command(),
            Some(Command::Up | Command::Down | Command::ExtendUp | Command::ExtendDown)
        );
        if event.is_user() && !vertical {
            // Up and Down keep to a column only while they are pressed one after another.
            self.cursor.goal = None;
        }
        self.view.ensure_visible(&self.doc);
        // The one save point: whatever changed the annotations, they are written here.
        if let Some(failed) = self.store.sync(&self.doc, &mut self.annotations) {
            self.message = Some(failed);
        }
        if !self.partial {
            if let Some(text) = self.store.text_changed() {
                self.reload_text(&text);
            }
        }
    }

    /// The text file changed on disk: read again, and the annotations (all saved, with
    /// the old text's offsets) re-anchored in it as on open. The undo history goes with
    /// the old offsets.
    fn reload_text(&mut self, path: &Path) {
        if self.store.state() != SaveState::Saved {
            // Read once what is in memory is on disk, with the offsets of the old text.
            return;
        }
        self.store.text_seen();
        let doc = match crate::text::load(path) {
            Ok(doc) => doc,
            Err(e) => {
                self.message = Some(format!("the text changed on disk and cannot be read: {e}"));
                return;
            }
        };
        if doc.sha256() == self.doc.sha256() {
            return;
        }
        self.store = self.store.reopened();
        self.complete(doc);
        if let Some(failed) = self.store.sync(&self.doc, &mut self.annotations) {
            self.message = Some(failed);
        }
    }

    fn dispatch(&mut self, event: Event) -> state::Outcome {
        match event {
            Event::Resize(w, h) => {
                self.view.set_size((w, h));
                self.relayout();
                self.after_scroll();
                return Ok(());
            }
            Event::Tick => return Ok(()),
            Event::Command(Command::Quit) => {
                self.quit = true;
                return Ok(());
            }
            Event::KeysDropped(n) => {
                let told = Event::keys_dropped(n);
                // A prompt has the row of messages: it says it on its line.
                if let O::Prompt(prompt) = &mut self.overlay {
                    prompt.error = Some(told);
                    return Ok(());
                }
                return Err(told);
            }
            Event::Pasted => {
                let (e, c) = (
                    self.key(Command::EditEntity),
                    self.key(Command::EditCountry),
                );
                return Err(format!(
                    "pasted text goes into a prompt ({e}, {c}), not the article"
                ));
            }
            _ => {}
        }
        match &self.overlay {
            O::Help { .. } => self.help_event(event),
            O::Prompt(_) => self.prompt_event(event),
            O::Picker { .. } => match event {
                Event::Command(c) => self.picker_command(c),
                Event::Wheel { down } => self.picker_command(scroll_command(down)),
                _ => Ok(()),
            },
            O::Panel { .. } => match event {
                Event::Command(c) => self.panel_command(c),
                Event::Wheel { down } => self.panel_command(scroll_command(down)),
                Event::Tag(key) => self.panel_tag(key),
                _ => Ok(()),
            },
            O::None => {
                let result = match event {
                    Event::Command(c) => self.text_command(c),
                    Event::Tag(key) => self.tag(key),
                    Event::Wheel { down } => {
                        if down {
                            self.view.down(&self.doc, WHEEL)
                        } else {
                            self.view.up(&self.doc, WHEEL)
                        }
                        Ok(())
                    }
                    Event::Click(x, y) => {
                        self.mouse((x, y), MouseKind::Click);
                        Ok(())
                    }
                    Event::Drag(x, y) => {
                        self.mouse((x, y), MouseKind::Drag);
                        Ok(())
                    }
                    Event::DoubleClick(x, y) => {
                        self.mouse((x, y), MouseKind::Double);
                        Ok(())
                    }
                    _ => Ok(()),
                };
                if is_scroll(event) {
                    self.after_scroll();
                }
                result
            }
        }
    }

    /// After the view scrolled under it, the cursor comes back on screen.
    fn after_scroll(&mut self) {
        self.view.ensure_visible(&self.doc);
        if matches!(self.overlay, O::None) {
            self.keep_cursor_on_screen();
        }
    }

    /// Keys over the help: scrolling it, or closing it.
    fn help_event(&mut self, event: Event) -> state::Outcome {
        let O::Help { scroll } = &mut self.overlay else {
            return Ok(());
        };
        let lines = self.keymap.help_lines(&self.schema).len();
        let max = lines.saturating_sub(self.view.size().1.saturating_sub(2) as usize);
        let down = |s: usize, n: usize| (s + n).min(max);
        *scroll = match event {
            Event::Wheel { down: true } => down(*scroll, WHEEL),
            Event::Wheel { down: false } => scroll.saturating_sub(WHEEL),
            Event::Command(Command::ScrollDown | Command::Down) => down(*scroll, 1),
            Event::Command(Command::ScrollUp | Command::Up) => scroll.saturating_sub(1),
            Event::Command(Command::PageDown | Command::HalfPageDown) => down(*scroll, 10),
            Event::Command(Command::PageUp | Command::HalfPageUp) => scroll.saturating_sub(10),
            _ => {
                self.overlay = O::None;
                return Ok(());
            }
        };
        Ok(())
    }
}

/// Lines the mouse wheel scrolls.
const WHEEL: usize = 3;

/// A list reads the wheel as a move of its selected row.
fn scroll_command(down: bool) -> Command {
    if down {
        Command::ScrollDown
    } else {
        Command::ScrollUp
    }
}

/// Whether the event scrolls the article under the cursor.
fn is_scroll(event: Event) -> bool {
    matches!(
        event,
        Event::Wheel { .. }
            | Event::Command(
                Command::ScrollDown
                    | Command::ScrollUp
                    | Command::PageDown
                    | Command::PageUp
                    | Command::HalfPageDown
                    | Command::HalfPageUp
                    | Command::Top
                    | Command::Bottom
                    | Command::ToggleHelp
            )
    )
}
