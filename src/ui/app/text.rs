//! Keys over the article: cursor moves and the selection, scrolling, tagging, deleting,
//! attributing a claim, undo, and the mouse.

use super::overlay::Overlay;
use super::state::{quoted, App, Outcome};
use super::viewport::Pos;
use crate::annotate::countries::Gazetteer;
use crate::annotate::selection::{self, End, LineId};
use crate::annotate::{Annotation, Link, Refusal, Selection, Status};
use crate::ui::command::Command;
use std::ops::Range;

impl App {
    /// A command over the article.
    pub(super) fn text_command(&mut self, command: Command) -> Outcome {
        let doc = &self.doc;
        let head = self.cursor.selection.head.clone();
        let extending = self.cursor.extending;
        let page = self.view.page();
        match command {
            Command::ScrollDown => self.view.down(&self.doc, 1),
            Command::ScrollUp => self.view.up(&self.doc, 1),
            Command::PageDown => self.view.down(&self.doc, page),
            Command::PageUp => self.view.up(&self.doc, page),
            Command::HalfPageDown => self.view.down(&self.doc, page.div_ceil(2)),
            Command::HalfPageUp => self.view.up(&self.doc, page.div_ceil(2)),
            Command::Top => self.view.go_top(),
            Command::Bottom => self.view.go_bottom(&self.doc),
            Command::NextWord => {
                if let Some(w) = selection::word_after(doc, &head) {
                    self.cursor_to(w, extending);
                }
            }
            Command::PrevWord => {
                if let Some(w) = selection::prev_word(doc, head.start) {
                    self.cursor_to(w, extending);
                }
            }
            Command::Left | Command::Right | Command::ExtendLeft | Command::ExtendRight => {
                let left = matches!(command, Command::Left | Command::ExtendLeft);
                let extend = matches!(command, Command::ExtendLeft | Command::ExtendRight);
                let mut screen = self.view.screen(&self.doc);
                if let Some(w) = selection::visual_step(&mut screen, &head, left) {
                    self.cursor_to(w, extend || extending);
                }
            }
            Command::Up | Command::Down | Command::ExtendUp | Command::ExtendDown => {
                let down = matches!(command, Command::Down | Command::ExtendDown);
                let extend = matches!(command, Command::ExtendUp | Command::ExtendDown);
                let mut screen = self.view.screen(&self.doc);
                let goal = match self.cursor.goal {
                    Some(g) => g,
                    None => selection::column_of(&mut screen, &head).unwrap_or(0),
                };
                if let Some(w) = selection::vertical_step(&mut screen, &head, down, goal) {
                    self.cursor_to(w, extend || extending);
                }
                self.cursor.goal = Some(goal);
            }
            Command::ToggleSelect => {
                self.cursor.extending = !extending;
                if extending && !self.cursor.selection.selected {
                    self.cursor.selection = Selection::cursor(head);
                }
            }
            Command::Cancel => {
                self.cursor.extending = false;
                self.cursor.selection = Selection::cursor(head);
                self.message = None;
            }
            Command::StartEarlier
            | Command::StartLater
            | Command::EndEarlier
            | Command::EndLater => {
                let (end, forward) = match command {
                    Command::StartEarlier => (End::Start, false),
                    Command::StartLater => (End::Start, true),
                    Command::EndEarlier => (End::End, false),
                    _ => (End::End, true),
                };
                let range = self.target().unwrap_or(self.cursor.selection.range());
                let adjusted = selection::adjust(&self.doc, range, end, forward);
                self.cursor.selection.set(adjusted);
            }
            Command::Delete => {
                self.editable()?;
                let id = self
                    .annotation_where(None)
                    .ok_or("no annotation under the cursor")?;
                self.delete(id)?;
            }
            Command::KeepVersion | Command::TakeOther => {
                let here = self
                    .annotations
                    .at(self.cursor.selection.head.start)
                    .into_iter()
                    .map(|a| a.id)
                    .find(|&id| self.annotations.conflict(id).is_some());
                match here {
                    Some(id) => self.resolve_conflict(id, command == Command::TakeOther)?,
                    None => return Err(self.no_conflict_here()),
                }
            }
            Command::LinkNearest => self.link_nearest()?,
            Command::PickSpeaker => self.open_picker()?,
            Command::EditEntity => self.open_prompt(true)?,
            Command::EditCountry => self.open_prompt(false)?,
            Command::ToggleDone => self.toggle_done()?,
            Command::Undo | Command::Redo => self.undo(command == Command::Undo)?,
            Command::TogglePanel => {
                let selected = self.annotation_where(None).map_or(0, |id| {
                    self.annotations
                        .items()
                        .iter()
                        .position(|a| a.id == id)
                        .unwrap_or(0)
                });
                self.overlay = Overlay::Panel { selected };
                self.relayout();
            }
            Command::Search => self.open_search(),
            Command::SearchNext => self.search_step(true)?,
            Command::SearchPrev => self.search_step(false)?,
            Command::TagMatches => self.open_tag_matches()?,
            Command::ToggleSuggestions => self.toggle_suggestions(),
            Command::Accept => self.decide(true, false)?,
            Command::Reject => self.decide(false, false)?,
            Command::AcceptAll => self.decide(true, true)?,
            Command::RejectAll => self.decide(false, true)?,
            Command::NextFile | Command::PrevFile | Command::NextUnfinished => {
                return Err("one article open: `hamish FOLDER` lists many".into())
            }
            Command::ToggleHelp => self.overlay = Overlay::Help { scroll: 0 },
            Command::Quit => self.quit = true,
            Command::Enter | Command::Backspace | Command::NextChoice | Command::ClearInput => {}
        }
        Ok(())
    }

    /// The mouse over the article: a click puts the cursor, a drag selects, a double click
    /// takes the word.
    pub(super) fn mouse(&mut self, at: (u16, u16), kind: MouseKind) {
        let Some(cell) = self.view.hit(&self.doc, at, self.text_area()) else {
            return;
        };
        match kind {
            MouseKind::Click => {
                self.cursor.drag = Some(cell.clone());
                self.cursor.extending = false;
                self.cursor_to(cell, false);
            }
            MouseKind::Drag => {
                if let Some(from) = self.cursor.drag.clone() {
                    self.cursor.selection = Selection {
                        anchor: from,
                        head: cell,
                        selected: true,
                    };
                }
            }
            MouseKind::Double => {
                let word = selection::word_at(&self.doc, cell.start).unwrap_or(cell);
                self.cursor.selection.set(word);
                self.cursor.drag = None;
            }
        }
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
        if self.cursor.selection.selected && !self.cursor.extending {
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
            let words = selection::line_words(&mut self.view.screen(&self.doc), id);
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
                let extend = self.cursor.extending;
                self.cursor.selection.move_to(w.range.clone(), extend);
                return;
            }
        }
    }

    /// The span a label key tags: the selection, or the word under the cursor.
    pub(super) fn target(&self) -> Option<Range<usize>> {
        let selection = &self.cursor.selection;
        if selection.selected {
            return Some(selection.range());
        }
        let head = &selection.head;
        if head.is_empty() {
            return None;
        }
        selection::word_at(&self.doc, head.start)
            .filter(|w| w.start <= head.start && w.end >= head.end)
            .or_else(|| Some(head.clone()))
    }

    /// A label key over the article: tags the selection, or the word under the cursor.
    pub(super) fn tag(&mut self, key: char) -> Outcome {
        let help = self.key(Command::ToggleHelp);
        let label = self
            .schema
            .by_key(key)
            .cloned()
            .ok_or_else(|| format!("no label on key {key:?} ({help} lists the keys)"))?;
        self.editable()?;
        let range = self.target().ok_or(Refusal::Empty.to_string())?;
        let quote = self.doc.text()[range.clone()].to_string();
        let mut a = self.prepared(&label.name, range);
        let mut told = format!("{}: {}", label.name, quoted(&quote, self.clip()));
        let change = self.key(Command::EditCountry);
        match label.link {
            // `prepared` looked the code up.
            Link::CountryCode => match a
                .country
                .as_deref()
                .and_then(|code| Gazetteer::builtin().by_code(code))
            {
                Some(c) => {
                    told.push_str(&format!(" = {} ({}); {change} to change", c.code, c.name))
                }
                None => told.push_str(&format!("; no code found, {change} to type one")),
            },
            Link::Entity => {
                if let Some(e) = self.entity_suggestions(&quote, true).into_iter().next() {
                    told.push_str(&format!(" = {}", quoted(&e, self.clip())));
                    a.entity = Some(e);
                }
            }
            _ => {}
        }
        self.annotations.add(a).map_err(|e| e.to_string())?;
        self.message = Some(told);
        self.cursor.extending = false;
        self.cursor.selection = Selection::cursor(self.cursor.selection.head.clone());
        Ok(())
    }

    /// The id of the innermost annotation under the cursor whose label links as `want`
    /// says (any when `None`), preferring one that is exactly the selection.
    pub(super) fn annotation_where(&self, want: Option<fn(&Link) -> bool>) -> Option<u32> {
        let fits = |a: &&Annotation| want.is_none_or(|f| f(self.schema.link(&a.label)));
        let range = self.cursor.selection.range();
        if let Some(a) = self
            .annotations
            .overlapping(range.clone())
            .filter(|a| a.range == range)
            .find(fits)
        {
            return Some(a.id);
        }
        self.annotations
            .at(self.cursor.selection.head.start)
            .into_iter()
            .find(fits)
            .map(|a| a.id)
    }

    pub(super) fn delete(&mut self, id: u32) -> Outcome {
        let a = self.annotations.delete(id).map_err(|e| e.to_string())?;
        let undo = self.key(Command::Undo);
        self.message = Some(format!("deleted {} ({undo} undoes)", a.label));
        Ok(())
    }

    /// Ends the merge conflict on annotation `id`: keeps the version in the text, or takes
    /// the other one.
    pub(super) fn resolve_conflict(&mut self, id: u32, take_other: bool) -> Outcome {
        self.editable()?;
        self.annotations
            .resolve(id, take_other)
            .map_err(|e| e.to_string())?;
        let left = self.annotations.conflicts().len();
        let undo = self.key(Command::Undo);
        let what = if take_other {
            "the other version taken"
        } else {
            "this version kept"
        };
        self.message = Some(if left > 0 {
            format!("{what} ({undo} undoes); {left} conflict(s) left")
        } else {
            format!("{what} ({undo} undoes); no conflict left")
        });
        Ok(())
    }

    /// What to say when a conflict key finds none where it is pressed.
    pub(super) fn no_conflict_here(&self) -> String {
        match self.annotations.conflicts().len() {
            0 => "no merge conflict in this article".to_string(),
            n => format!(
                "no merge conflict here; {n} in this article ({} lists them)",
                self.key(Command::TogglePanel)
            ),
        }
    }

    /// The claim under the cursor.
    pub(super) fn claim_here(&self) -> Result<u32, String> {
        self.annotation_where(Some(|l| matches!(l, Link::Label(_))))
            .ok_or_else(|| "no claim under the cursor".into())
    }

    fn link_nearest(&mut self) -> Outcome {
        self.editable()?;
        let claim = self.claim_here()?;
        let Some(a) = self.annotations.get(claim).cloned() else {
            return Ok(());
        };
        let Link::Label(target) = self.schema.link(&a.label).clone() else {
            return Ok(());
        };
        let speaker = self
            .annotations
            .nearest(&target, a.range.start)
            .cloned()
            .ok_or_else(|| format!("no {target} in the article yet"))?;
        self.annotations
            .link(claim, Some(speaker.id), &self.schema)
            .map_err(|e| e.to_string())?;
        self.message = Some(format!("{} ← {}", a.label, self.describe(&speaker)));
        Ok(())
    }

    pub(super) fn toggle_done(&mut self) -> Outcome {
        self.editable()?;
        let status = self.annotations.toggle_status();
        self.message = Some(match status {
            Status::Done => "marked done".into(),
            Status::InProgress => "marked in progress".into(),
        });
        Ok(())
    }

    pub(super) fn undo(&mut self, undo: bool) -> Outcome {
        self.editable()?;
        let result = if undo {
            self.annotations.undo()
        } else {
            self.annotations.redo()
        };
        result.map_err(|e| e.to_string())?;
        self.message = Some(if undo { "undone" } else { "redone" }.into());
        Ok(())
    }
}

/// What the mouse did over the article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum MouseKind {
    Click,
    Drag,
    Double,
}
