//! The annotating half of [`App::update`]: cursor moves, tagging, links, the list of
//! annotations, the speaker picker, the prompt, and saving after every change.

use super::app::{Action, App, Mode, Pos};
use crate::annotate::countries::Gazetteer;
use crate::annotate::selection::{self, End, LineId};
use crate::annotate::store::{self, Step};
use crate::annotate::{Annotation, Link, Refusal, Selection, Status};
use crate::text::fold::fold;
use std::io;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// Where the annotations of the open text are saved, and how the last save went.
#[derive(Debug)]
pub struct Session {
    /// The `.ron` file.
    pub path: PathBuf,
    pub annotator: Option<String>,
    /// Changes not on disk yet (the last save failed).
    pub unsaved: bool,
    /// Why the last save failed.
    pub error: Option<String>,
    /// For tests: make saves fail at this step, as a full disk would.
    pub fault: Option<Step>,
    /// Where the annotations went when they could not be saved at quit.
    pub recovery: Option<PathBuf>,
    /// The annotations are read when the whole text has been read.
    pending: bool,
}

/// A line of typed text and what it is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    pub kind: PromptKind,
    pub input: String,
    /// Suggestions, cycled with Tab.
    pub choices: Vec<String>,
    pub choice: Option<usize>,
    /// The input is the suggestion it opened with: typing replaces it.
    pub fresh: bool,
    /// Why Enter did not take the input.
    pub error: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptKind {
    /// The entity name of Speaker `id`.
    Entity(u32),
    /// The country code of Country `id`.
    Country(u32),
    /// Text to search for.
    Search,
    /// The label key to tag every match with.
    TagMatches,
}

impl PromptKind {
    pub fn title(self) -> &'static str {
        match self {
            PromptKind::Entity(_) => "entity",
            PromptKind::Country(_) => "country",
            PromptKind::Search => "search",
            PromptKind::TagMatches => "tag every match: label key",
        }
    }
}

/// What is open over the text.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Overlay {
    #[default]
    None,
    /// The list of annotations, with the selected row.
    Panel {
        selected: usize,
    },
    /// Speakers to attribute claim `claim` to.
    Picker {
        claim: u32,
        speakers: Vec<u32>,
        selected: usize,
    },
    Prompt(Prompt),
}

/// What a save of the annotations ended in, for the user.
fn save_error(path: &Path, e: &io::Error) -> String {
    format!("not saved to {}: {e}", path.display())
}

/// The data folder of hamish: `$XDG_DATA_HOME/hamish`, else `~/.local/share/hamish`.
pub fn data_dir() -> Option<PathBuf> {
    let xdg = std::env::var_os("XDG_DATA_HOME").filter(|v| !v.is_empty());
    let base = match xdg {
        Some(x) => PathBuf::from(x),
        None => {
            PathBuf::from(std::env::var_os("HOME").filter(|v| !v.is_empty())?).join(".local/share")
        }
    };
    Some(base.join("hamish"))
}

impl App {
    /// Reads the annotations of the text at `text_path` (from `<stem>.ron` beside it) and
    /// saves there after every change. A file that cannot be used leaves the text
    /// read-only, with the reason on screen; it is never written over.
    pub fn open_annotations(&mut self, text_path: &Path, annotator: Option<String>) {
        self.session = Some(Session {
            path: store::ron_path(text_path),
            annotator,
            unsaved: false,
            error: None,
            fault: None,
            recovery: None,
            pending: true,
        });
        self.read_only = Some("still reading the text".into());
        if !self.partial() {
            self.load_pending();
        }
    }

    pub(super) fn load_pending(&mut self) {
        let Some(session) = self.session.as_mut().filter(|s| s.pending) else {
            return;
        };
        session.pending = false;
        match store::load(&session.path, &self.doc) {
            Ok(loaded) => {
                if session.annotator.is_none() {
                    session.annotator = loaded.annotator.clone().or_else(user_name);
                }
                self.read_only = None;
                self.message = if loaded.text_changed && !loaded.new {
                    Some(format!(
                        "text changed: {} moved, {} not found (orphans, Tab lists them)",
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
                self.annotations = loaded.annotations;
                if self.schema.suggestions && self.suggestions.is_none() {
                    self.suggestions = Some(self.suggest_for_schema());
                }
            }
            Err(e) => {
                let e = e.to_string();
                self.message = Some(format!("read-only: {e}"));
                self.read_only = Some(e);
                self.session = None;
            }
        }
    }

    /// Writes the annotations now; on failure they stay in memory and the next action
    /// tries again.
    fn save(&mut self) {
        let Some(session) = self.session.as_mut() else {
            return;
        };
        let text = store::render(&self.doc, &self.annotations, session.annotator.as_deref());
        let fault = session.fault;
        let result = store::write_atomic_with(&session.path, text.as_bytes(), &mut |step| {
            if Some(step) == fault {
                Err(io::Error::new(
                    io::ErrorKind::StorageFull,
                    "no space left on device",
                ))
            } else {
                Ok(())
            }
        });
        match result {
            Ok(()) => {
                session.unsaved = false;
                session.error = None;
            }
            Err(e) => {
                session.unsaved = true;
                let msg = save_error(&session.path, &e);
                self.message = Some(format!(
                    "{msg}; kept in memory, saving again on the next key"
                ));
                session.error = Some(msg);
            }
        }
    }

    pub(super) fn retry_save(&mut self) {
        if self.session.as_ref().is_some_and(|s| s.unsaved) {
            self.save();
        }
    }

    /// Whether saving failed and should be tried again after a while.
    pub fn wants_tick(&self) -> bool {
        self.session.as_ref().is_some_and(|s| s.unsaved)
    }

    /// At quit: annotations that still cannot be saved go to a recovery file in the data
    /// folder (or the temporary folder). Returns what to tell the user, if anything.
    pub fn finish(&mut self) -> Option<String> {
        self.retry_save();
        let session = self.session.as_mut().filter(|s| s.unsaved)?;
        let text = store::render(&self.doc, &self.annotations, session.annotator.as_deref());
        let stem = session
            .path
            .file_stem()
            .map_or("annotations".into(), |s| s.to_string_lossy().into_owned());
        let stamp = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let name = format!("{stem}-{stamp}.ron");
        let dirs = [
            data_dir().map(|d| d.join("recovery")),
            Some(std::env::temp_dir()),
        ];
        for dir in dirs.into_iter().flatten() {
            let path = dir.join(&name);
            if std::fs::create_dir_all(&dir).is_ok()
                && store::write_atomic(&path, text.as_bytes()).is_ok()
            {
                session.recovery = Some(path.clone());
                return Some(format!(
                    "{}; the annotations were written to {} instead",
                    session.error.as_deref().unwrap_or("not saved"),
                    path.display()
                ));
            }
        }
        Some(format!(
            "{}; and no recovery file could be written",
            session.error.as_deref().unwrap_or("not saved")
        ))
    }

    /// Something changed: save it.
    pub(super) fn changed(&mut self) {
        self.save();
    }

    pub(super) fn edit(&mut self, action: Action) {
        if action == Action::Pasted {
            self.message = Some("pasted text goes into a prompt (e, c), not the article".into());
            return;
        }
        match self.mode() {
            Mode::Prompt => self.prompt_key(action),
            Mode::Picker => self.picker_key(action),
            Mode::Panel => self.panel_key(action),
            Mode::Help | Mode::Text => self.text_key(action),
        }
        if !matches!(action, Action::Up(_) | Action::Down(_)) {
            self.goal = None;
        }
    }

    fn text_key(&mut self, action: Action) {
        let doc = &self.doc;
        let head = self.selection.head.clone();
        match action {
            Action::WordNext => {
                if let Some(w) = selection::word_after(doc, &head) {
                    self.cursor_to(w, self.extending);
                }
            }
            Action::WordPrev => {
                if let Some(w) = selection::prev_word(doc, head.start) {
                    self.cursor_to(w, self.extending);
                }
            }
            Action::Left(extend) | Action::Right(extend) => {
                let left = matches!(action, Action::Left(_));
                if let Some(w) = selection::visual_step(&mut self.screen(), &head, left) {
                    self.cursor_to(w, extend || self.extending);
                }
            }
            Action::Up(extend) | Action::Down(extend) => {
                let down = matches!(action, Action::Down(_));
                let goal = match self.goal {
                    Some(g) => g,
                    None => selection::column_of(&mut self.screen(), &head).unwrap_or(0),
                };
                if let Some(w) = selection::vertical_step(&mut self.screen(), &head, down, goal) {
                    self.cursor_to(w, extend || self.extending);
                }
                self.goal = Some(goal);
            }
            Action::ToggleSelect => {
                self.extending = !self.extending;
                if !self.extending && !self.selection.selected {
                    self.selection = Selection::cursor(self.selection.head.clone());
                }
            }
            Action::Cancel => {
                self.extending = false;
                self.selection = Selection::cursor(self.selection.head.clone());
                self.message = None;
            }
            Action::StartEarlier | Action::StartLater | Action::EndEarlier | Action::EndLater => {
                let (end, forward) = match action {
                    Action::StartEarlier => (End::Start, false),
                    Action::StartLater => (End::Start, true),
                    Action::EndEarlier => (End::End, false),
                    _ => (End::End, true),
                };
                let range = self.target().unwrap_or(self.selection.range());
                let adjusted = selection::adjust(&self.doc, range, end, forward);
                self.selection.set(adjusted);
            }
            Action::Tag(key) => self.tag(key),
            Action::Delete => self.delete_here(),
            Action::LinkNearest => self.link_nearest(),
            Action::PickSpeaker => self.open_picker(),
            Action::EditEntity => self.open_prompt(true),
            Action::EditCountry => self.open_prompt(false),
            Action::ToggleDone if self.writable() => {
                let status = self.annotations.toggle_status();
                self.message = Some(match status {
                    Status::Done => "marked done".into(),
                    Status::InProgress => "marked in progress".into(),
                });
                self.changed();
            }
            Action::Undo | Action::Redo if self.writable() => {
                let result = if action == Action::Undo {
                    self.annotations.undo()
                } else {
                    self.annotations.redo()
                };
                match result {
                    Ok(()) => {
                        self.message = Some(if action == Action::Undo {
                            "undone".into()
                        } else {
                            "redone".into()
                        });
                        self.changed();
                    }
                    Err(e) => self.message = Some(e.to_string()),
                }
            }
            Action::TogglePanel => {
                let selected = self.annotation_here().map_or(0, |id| {
                    self.annotations
                        .items()
                        .iter()
                        .position(|a| a.id == id)
                        .unwrap_or(0)
                });
                self.overlay = super::edit::Overlay::Panel { selected };
                self.relayout();
            }
            Action::Click(x, y) => {
                if let Some(cell) = self.hit(x, y) {
                    self.drag = Some(cell.clone());
                    self.extending = false;
                    self.cursor_to(cell, false);
                }
            }
            Action::Drag(x, y) => {
                if let (Some(from), Some(to)) = (self.drag.clone(), self.hit(x, y)) {
                    self.selection = Selection {
                        anchor: from,
                        head: to,
                        selected: true,
                    };
                }
            }
            Action::DoubleClick(x, y) => {
                if let Some(cell) = self.hit(x, y) {
                    let word = selection::word_at(&self.doc, cell.start).unwrap_or(cell);
                    self.selection.set(word);
                    self.drag = None;
                }
            }
            Action::Tick => self.retry_save(),
            Action::Search => self.open_search(),
            Action::SearchNext => self.search_step(true),
            Action::SearchPrev => self.search_step(false),
            Action::TagMatches => self.open_tag_matches(),
            Action::ToggleSuggestions => self.toggle_suggestions(),
            Action::Accept => self.decide(true, false),
            Action::Reject => self.decide(false, false),
            Action::AcceptAll => self.decide(true, true),
            Action::RejectAll => self.decide(false, true),
            Action::NextFile | Action::PrevFile | Action::NextUnfinished => {
                self.message = Some("one article open: `hamish FOLDER` lists many".into())
            }
            _ => {}
        }
        if !matches!(action, Action::Tick | Action::Click(..) | Action::Drag(..)) {
            self.retry_save();
        }
    }

    /// Moves the head to `to` and scrolls to it.
    fn cursor_to(&mut self, to: Range<usize>, extend: bool) {
        self.selection.move_to(to, extend);
        if let Some(pos) = self.head_pos() {
            self.scroll_to(pos);
        }
    }

    /// The row where the head is drawn.
    pub fn head_pos(&mut self) -> Option<Pos> {
        let start = self.selection.head.start;
        let id = selection::line_id(&mut self.screen(), start)?;
        Some(Pos {
            para: id.para,
            row: id.line,
        })
    }

    /// After scrolling, a cursor that left the screen comes back to its nearest edge.
    pub(super) fn keep_cursor_on_screen(&mut self) {
        let visible = self.visible();
        let (Some(&first), Some(&last)) = (visible.first(), visible.last()) else {
            return;
        };
        let Some(head) = self.head_pos() else {
            return;
        };
        if head >= first && head <= last {
            return;
        }
        if self.selection.selected && !self.extending {
            return; // a chosen span stays chosen, on screen or not
        }
        let rows: Vec<Pos> = if head < first {
            visible
        } else {
            visible.into_iter().rev().collect()
        };
        for pos in rows {
            let id = LineId {
                para: pos.para,
                line: pos.row,
            };
            let words = selection::line_words(&mut self.screen(), id);
            let rtl = self.layout(pos.para).is_some_and(|l| l.rtl);
            // The first word in reading order of the top row, the last of the bottom one.
            let word = if rtl == (head < first) {
                words.last()
            } else {
                words.first()
            };
            if let Some(w) = word {
                // While selecting, the head comes along and the anchor stays: a claim
                // longer than a screen is selected by paging.
                let extend = self.extending;
                self.selection.move_to(w.range.clone(), extend);
                return;
            }
        }
    }

    /// The grapheme (cell) at screen position (x, y), as a document byte range.
    fn hit(&mut self, x: u16, y: u16) -> Option<Range<usize>> {
        let (left, width) = self.text_area();
        let row = self.visible().get(y as usize).copied()?;
        let base = self.doc.paragraph_range(row.para).start;
        let layout = self.layout(row.para)?;
        let line = layout.lines().get(row.row)?;
        let x0 = selection::line_x(layout, row.row, width as usize);
        let col = (x as usize).checked_sub(left as usize + x0);
        let cells = layout.cells(line);
        let cell = match col.and_then(|c| layout.cell_at(row.row, c)) {
            Some(c) => c,
            // Beyond the text of the line: its nearest end.
            None if (x as usize) < left as usize + x0 => cells.first()?,
            None => cells.last()?,
        };
        Some(base + cell.logical.start as usize..base + cell.logical.end as usize)
    }

    /// The span a label key tags: the selection, or the word under the cursor.
    fn target(&self) -> Option<Range<usize>> {
        if self.selection.selected {
            return Some(self.selection.range());
        }
        let head = &self.selection.head;
        if head.is_empty() {
            return None;
        }
        selection::word_at(&self.doc, head.start)
            .filter(|w| w.start <= head.start && w.end >= head.end)
            .or_else(|| Some(head.clone()))
    }

    pub(super) fn writable(&mut self) -> bool {
        match &self.read_only {
            Some(why) => {
                self.message = Some(format!("read-only: {why}"));
                false
            }
            None => true,
        }
    }

    fn tag(&mut self, key: char) {
        let Some(label) = self.schema.by_key(key).cloned() else {
            self.message = Some(format!("no label on key {key:?} (? lists the keys)"));
            return;
        };
        if !self.writable() {
            return;
        }
        let Some(range) = self.target() else {
            self.message = Some(Refusal::Empty.to_string());
            return;
        };
        let quote = self.doc.text()[range.clone()].to_string();
        let mut a = Annotation::new(&label.name, range.clone());
        let mut told = format!("{}: {}", label.name, quoted(&quote, self.clip()));
        match label.link {
            Link::CountryCode => {
                if let Some(c) = Gazetteer::builtin().lookup(&quote) {
                    a.country = Some(c.code.clone());
                    told.push_str(&format!(" = {} ({}); c to change", c.code, c.name));
                } else {
                    told.push_str("; no code found, c to type one");
                }
            }
            Link::Entity => {
                if let Some(e) = self.entity_suggestions(&quote, true).into_iter().next() {
                    told.push_str(&format!(" = {}", quoted(&e, self.clip())));
                    a.entity = Some(e);
                }
            }
            _ => {}
        }
        match self.annotations.add(a) {
            Ok(_) => {
                self.message = Some(told);
                self.extending = false;
                self.selection = Selection::cursor(self.selection.head.clone());
                self.changed();
            }
            Err(e) => self.message = Some(e.to_string()),
        }
    }

    /// The id of the innermost annotation under the cursor whose label links as `want`
    /// says (any when `None`), preferring one that is exactly the selection.
    fn annotation_where(&self, want: Option<fn(&Link) -> bool>) -> Option<u32> {
        let fits = |a: &&Annotation| want.is_none_or(|f| f(self.schema.link(&a.label)));
        let range = self.selection.range();
        if let Some(a) = self
            .annotations
            .overlapping(range.clone())
            .filter(|a| a.range == range)
            .find(fits)
        {
            return Some(a.id);
        }
        self.annotations
            .at(self.selection.head.start)
            .into_iter()
            .find(fits)
            .map(|a| a.id)
    }

    fn annotation_here(&self) -> Option<u32> {
        self.annotation_where(None)
    }

    fn delete_here(&mut self) {
        if !self.writable() {
            return;
        }
        match self.annotation_here() {
            Some(id) => self.delete(id),
            None => self.message = Some("no annotation under the cursor".into()),
        }
    }

    fn delete(&mut self, id: u32) {
        match self.annotations.delete(id) {
            Ok(a) => {
                self.message = Some(format!("deleted {} (u undoes)", a.label));
                self.changed();
            }
            Err(e) => self.message = Some(e.to_string()),
        }
    }

    fn claim_here(&mut self) -> Option<u32> {
        let id = self.annotation_where(Some(|l| matches!(l, Link::Label(_))));
        if id.is_none() {
            self.message = Some("no claim under the cursor".into());
        }
        id
    }

    fn link_nearest(&mut self) {
        if !self.writable() {
            return;
        }
        let Some(claim) = self.claim_here() else {
            return;
        };
        let Some(a) = self.annotations.get(claim).cloned() else {
            return;
        };
        let Link::Label(target) = self.schema.link(&a.label).clone() else {
            return;
        };
        let Some(speaker) = self.annotations.nearest(&target, a.range.start).cloned() else {
            self.message = Some(format!("no {target} in the article yet"));
            return;
        };
        match self.annotations.link(claim, Some(speaker.id), &self.schema) {
            Ok(()) => {
                self.message = Some(format!("{} ← {}", a.label, self.describe(&speaker)));
                self.changed();
            }
            Err(e) => self.message = Some(e.to_string()),
        }
    }

    /// How many chars of article text a message quotes: enough for the message to keep its
    /// start and its end on one row of this screen.
    pub fn clip(&self) -> usize {
        ((self.size.0 as usize).saturating_sub(16) / 2).clamp(4, 40)
    }

    /// "جون كيري (John Kerry)": a mention as the user knows it.
    pub fn describe(&self, a: &Annotation) -> String {
        let quote = self.doc.text().get(a.range.clone()).unwrap_or("");
        let mut out = quoted(quote, self.clip());
        if let Some(e) = a.entity.as_ref().or(a.country.as_ref()) {
            out.push_str(&format!(" ({})", quoted(e, self.clip())));
        }
        out
    }

    fn open_picker(&mut self) {
        if !self.writable() {
            return;
        }
        let Some(claim) = self.claim_here() else {
            return;
        };
        let Some(a) = self.annotations.get(claim) else {
            return;
        };
        let Link::Label(target) = self.schema.link(&a.label) else {
            return;
        };
        let speakers: Vec<u32> = self
            .annotations
            .items()
            .iter()
            .filter(|s| &s.label == target)
            .map(|s| s.id)
            .collect();
        if speakers.is_empty() {
            self.message = Some(format!("no {target} in the article yet"));
            return;
        }
        let current = a.speaker.or_else(|| {
            self.annotations
                .nearest(target, a.range.start)
                .map(|s| s.id)
        });
        let selected = speakers
            .iter()
            .position(|&s| Some(s) == current)
            .unwrap_or(0);
        self.overlay = Overlay::Picker {
            claim,
            speakers,
            selected,
        };
    }

    fn picker_key(&mut self, action: Action) {
        let Overlay::Picker {
            claim,
            speakers,
            selected,
        } = &mut self.overlay
        else {
            return;
        };
        let n = speakers.len();
        match action {
            Action::Down(_) | Action::ScrollDown(_) | Action::WordNext => {
                *selected = (*selected + 1).min(n.saturating_sub(1))
            }
            Action::Up(_) | Action::ScrollUp(_) | Action::WordPrev => {
                *selected = selected.saturating_sub(1)
            }
            Action::Enter => {
                let (claim, speaker) = (*claim, speakers.get(*selected).copied());
                self.overlay = Overlay::None;
                match self.annotations.link(claim, speaker, &self.schema) {
                    Ok(()) => {
                        let who = speaker
                            .and_then(|s| self.annotations.get(s))
                            .map(|s| self.describe(s))
                            .unwrap_or_default();
                        self.message = Some(format!("attributed to {who}"));
                        self.changed();
                    }
                    Err(e) => self.message = Some(e.to_string()),
                }
            }
            Action::Delete | Action::Backspace => {
                let claim = *claim;
                self.overlay = Overlay::None;
                match self.annotations.link(claim, None, &self.schema) {
                    Ok(()) => {
                        self.message = Some("attribution removed".into());
                        self.changed();
                    }
                    Err(e) => self.message = Some(e.to_string()),
                }
            }
            Action::Cancel | Action::PickSpeaker | Action::Quit => self.overlay = Overlay::None,
            _ => {}
        }
    }

    /// Entity names of other mentions close to a speaker quoted as `quote`: with `exact`,
    /// mentions with the very same words (after folding); else also mentions that share a
    /// word with it, or whose entity is its words ("كيري" and "جون كيري").
    fn entity_suggestions(&self, quote: &str, exact: bool) -> Vec<String> {
        let q = fold(quote);
        let words: Vec<&str> = q.split(' ').filter(|w| w.chars().count() > 2).collect();
        let mut out: Vec<String> = Vec::new();
        for a in self.annotations.items() {
            let Some(e) = &a.entity else { continue };
            let other = fold(self.doc.text().get(a.range.clone()).unwrap_or(""));
            let close = other == q
                || (!exact && (other.split(' ').any(|w| words.contains(&w)) || fold(e) == q));
            if close && !out.contains(e) {
                out.push(e.clone());
            }
        }
        out
    }

    fn open_prompt(&mut self, entity: bool) {
        if !self.writable() {
            return;
        }
        let want: fn(&Link) -> bool = if entity {
            |l| *l == Link::Entity
        } else {
            |l| *l == Link::CountryCode
        };
        let Some(id) = self.annotation_where(Some(want)) else {
            self.message = Some(if entity {
                "no speaker under the cursor".into()
            } else {
                "no country under the cursor".into()
            });
            return;
        };
        let Some(a) = self.annotations.get(id) else {
            return;
        };
        let quote = self
            .doc
            .text()
            .get(a.range.clone())
            .unwrap_or("")
            .to_string();
        let prompt = if entity {
            // Close names first, then the words themselves, then every other entity.
            let close = self.entity_suggestions(&quote, false);
            let mut choices = close.clone();
            let others = self
                .annotations
                .items()
                .iter()
                .filter_map(|a| a.entity.clone());
            for c in std::iter::once(quote.trim().to_string()).chain(others) {
                if !choices.contains(&c) {
                    choices.push(c);
                }
            }
            let input = a
                .entity
                .clone()
                .or_else(|| close.first().cloned())
                .unwrap_or_else(|| quote.trim().to_string());
            Prompt {
                kind: PromptKind::Entity(id),
                choice: choices.iter().position(|c| *c == input),
                input,
                choices,
                fresh: true,
                error: None,
            }
        } else {
            let suggested = Gazetteer::builtin().lookup(&quote).map(|c| c.code.clone());
            let input = a.country.clone().or(suggested.clone()).unwrap_or_default();
            let choices: Vec<String> = suggested.into_iter().collect();
            Prompt {
                kind: PromptKind::Country(id),
                choice: choices.iter().position(|c| *c == input),
                input,
                choices,
                fresh: true,
                error: None,
            }
        };
        self.overlay = Overlay::Prompt(prompt);
    }

    fn prompt_key(&mut self, action: Action) {
        let Overlay::Prompt(prompt) = &mut self.overlay else {
            return;
        };
        prompt.error = None;
        let fresh = std::mem::replace(&mut prompt.fresh, false);
        if prompt.kind == PromptKind::TagMatches {
            match action {
                Action::Input(c) => self.tag_matches(c),
                _ => self.overlay = Overlay::None,
            }
            return;
        }
        match action {
            Action::Input(c) if !c.is_control() && !crate::layout::chars::needs_escape(c) => {
                if fresh {
                    prompt.input.clear();
                }
                prompt.input.push(c);
            }
            Action::Backspace if fresh => prompt.input.clear(),
            Action::Backspace => {
                let end = prompt.input.len();
                let at = selection::grapheme_step(&prompt.input, end, false).unwrap_or(0);
                prompt.input.truncate(at);
            }
            Action::ClearInput => prompt.input.clear(),
            Action::NextChoice if !prompt.choices.is_empty() => {
                let next = prompt.choice.map_or(0, |c| (c + 1) % prompt.choices.len());
                prompt.choice = Some(next);
                prompt.input = prompt.choices[next].clone();
                prompt.fresh = true;
            }
            Action::Cancel => self.overlay = Overlay::None,
            Action::Enter => {
                let prompt = prompt.clone();
                self.commit_prompt(prompt);
            }
            _ => {}
        }
    }

    fn commit_prompt(&mut self, prompt: Prompt) {
        let input = prompt.input.trim().to_string();
        let result = match prompt.kind {
            PromptKind::Search | PromptKind::TagMatches => {
                self.overlay = Overlay::None;
                if !input.is_empty() {
                    self.run_search(&input);
                }
                return;
            }
            PromptKind::Entity(id) => {
                let value = (!input.is_empty()).then_some(input.clone());
                self.annotations.set_entity(id, value, &self.schema)
            }
            PromptKind::Country(id) => {
                let code = if input.is_empty() {
                    None
                } else {
                    match Gazetteer::builtin().resolve(&input) {
                        Some(c) => Some(c.code.clone()),
                        None => {
                            if let Overlay::Prompt(p) = &mut self.overlay {
                                p.error = Some(format!(
                                    "not a code or country I know: {}",
                                    crate::layout::chars::sanitize(&input)
                                ));
                            }
                            return; // the prompt stays open
                        }
                    }
                };
                self.annotations.set_country(id, code, &self.schema)
            }
        };
        self.overlay = Overlay::None;
        match result {
            Ok(()) => {
                let set = match prompt.kind {
                    PromptKind::Search | PromptKind::TagMatches => None,
                    PromptKind::Entity(id) => {
                        self.annotations.get(id).and_then(|a| a.entity.clone())
                    }
                    PromptKind::Country(id) => self.annotations.get(id).and_then(|a| {
                        let code = a.country.clone()?;
                        let name = Gazetteer::builtin().by_code(&code).map(|c| c.name.clone());
                        Some(format!("{code} ({})", name.unwrap_or_default()))
                    }),
                };
                self.message = Some(match set {
                    Some(v) => format!("set to {}", quoted(&v, self.clip())),
                    None => "cleared".into(),
                });
                self.changed();
            }
            Err(Refusal::Unchanged) => {}
            Err(e) => self.message = Some(e.to_string()),
        }
    }

    /// The rows of the list: annotations in text order.
    fn panel_key(&mut self, action: Action) {
        let Overlay::Panel { selected } = &mut self.overlay else {
            return;
        };
        // Rows: the annotations in text order, then the orphans.
        let n = self.annotations.len() + self.annotations.orphans.len();
        let sel = (*selected).min(n.saturating_sub(1));
        let orphan = sel
            .checked_sub(self.annotations.len())
            .and_then(|i| self.annotations.orphans.get(i))
            .map(|o| (o.id, o.quote.clone()));
        match action {
            Action::Down(_) | Action::ScrollDown(_) | Action::WordNext => {
                *selected = (sel + 1).min(n.saturating_sub(1))
            }
            Action::Up(_) | Action::ScrollUp(_) | Action::WordPrev => {
                *selected = sel.saturating_sub(1)
            }
            Action::PageDown | Action::HalfPageDown => {
                *selected = (sel + 10).min(n.saturating_sub(1))
            }
            Action::PageUp | Action::HalfPageUp => *selected = sel.saturating_sub(10),
            Action::Top => *selected = 0,
            Action::Bottom => *selected = n.saturating_sub(1),
            Action::Tag(_) if orphan.is_some() => {
                self.message =
                    Some("an orphan has no place in the text to relabel; d deletes it".into());
            }
            Action::Enter if orphan.is_some() => {
                let quote = orphan.map(|o| o.1).unwrap_or_default();
                self.message = Some(format!(
                    "orphan: {} is no longer in the text; d deletes it",
                    quoted(&quote, self.clip())
                ));
            }
            Action::Delete if orphan.is_some() && self.writable() => {
                if let Some((id, _)) = orphan {
                    match self.annotations.delete_orphan(id) {
                        Ok(_) => {
                            self.message = Some("orphan deleted (u undoes)".into());
                            self.changed();
                        }
                        Err(e) => self.message = Some(e.to_string()),
                    }
                }
            }
            Action::Enter => {
                if let Some(a) = self.annotations.items().get(sel) {
                    let range = a.range.clone();
                    self.overlay = Overlay::None;
                    self.relayout();
                    self.extending = false;
                    self.selection = Selection::cursor(range);
                    if let Some(pos) = self.head_pos() {
                        self.top = pos;
                        self.clamp();
                    }
                }
            }
            Action::Delete if self.writable() => {
                if let Some(id) = self.annotations.items().get(sel).map(|a| a.id) {
                    self.delete(id);
                }
            }
            Action::Tag(key) => {
                let Some(label) = self.schema.by_key(key).map(|l| l.name.clone()) else {
                    self.message = Some(format!("no label on key {key:?}"));
                    return;
                };
                if self.writable() {
                    if let Some(id) = self.annotations.items().get(sel).map(|a| a.id) {
                        let quote = self
                            .annotations
                            .get(id)
                            .map_or("", |a| self.doc.text().get(a.range.clone()).unwrap_or(""));
                        let country = Gazetteer::builtin().lookup(quote).map(|c| c.code.clone());
                        match self.annotations.relabel(id, &label, &self.schema, country) {
                            Ok(()) => {
                                self.message = Some(format!("now a {label}"));
                                self.changed();
                            }
                            Err(e) => self.message = Some(e.to_string()),
                        }
                    }
                }
            }
            Action::Undo | Action::Redo | Action::ToggleDone => {
                self.text_key(action);
            }
            Action::Cancel | Action::TogglePanel => {
                self.overlay = Overlay::None;
                self.relayout();
            }
            Action::Tick => self.retry_save(),
            _ => {}
        }
    }

    /// The list's selected row, kept within the list.
    pub fn panel_selected(&self) -> Option<usize> {
        match self.overlay {
            Overlay::Panel { selected } => {
                let rows = self.annotations.len() + self.annotations.orphans.len();
                Some(selected.min(rows.saturating_sub(1)))
            }
            _ => None,
        }
    }

    /// The open prompt, if any.
    pub fn prompt(&self) -> Option<&Prompt> {
        match &self.overlay {
            Overlay::Prompt(p) => Some(p),
            _ => None,
        }
    }

    /// The open speaker picker: its speakers and selected row.
    pub fn picker(&self) -> Option<(&[u32], usize)> {
        match &self.overlay {
            Overlay::Picker {
                speakers, selected, ..
            } => Some((speakers, *selected)),
            _ => None,
        }
    }
}

/// Text from the article or the user for a message: made safe, cut to `max` chars, and
/// isolated (FSI … PDI), so that Arabic inside an English message keeps its own order and
/// does not pull the words around it into its run.
pub fn quoted(text: &str, max: usize) -> String {
    let clean = crate::layout::chars::sanitize(text);
    let mut out = String::from('\u{2068}');
    if clean.chars().count() > max {
        out.extend(clean.chars().take(max.saturating_sub(1)));
        out.push('…');
    } else {
        out.push_str(&clean);
    }
    out.push('\u{2069}');
    out
}

fn user_name() -> Option<String> {
    ["USER", "LOGNAME", "USERNAME"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|s| !s.is_empty()))
}
