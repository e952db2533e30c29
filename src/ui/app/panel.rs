//! Keys in the list of annotations: moving through it, going to one, deleting and
//! relabelling, orphans included.

use super::overlay::Overlay;
use super::state::{quoted, App, Outcome};
use crate::annotate::countries::Gazetteer;
use crate::annotate::Selection;
use crate::ui::command::Command;

impl App {
    /// Rows of the list: the annotations in text order, then the orphans.
    fn panel_rows(&self) -> usize {
        self.annotations.len() + self.annotations.orphans().len()
    }

    /// The orphan on row `row` of the list, if it is one: its id and quote.
    fn orphan_at(&self, row: usize) -> Option<(u32, String)> {
        row.checked_sub(self.annotations.len())
            .and_then(|i| self.annotations.orphans().get(i))
            .map(|o| (o.id, o.quote.clone()))
    }

    /// A command in the list.
    pub(super) fn panel_command(&mut self, command: Command) -> Outcome {
        let Some(sel) = self.panel_selected() else {
            return Ok(());
        };
        let last = self.panel_rows().saturating_sub(1);
        let orphan = self.orphan_at(sel);
        let delete = self.key(Command::Delete);
        let select = |app: &mut App, row: usize| {
            app.overlay = Overlay::Panel { selected: row };
        };
        match command {
            Command::Down | Command::ScrollDown | Command::NextWord => {
                select(self, (sel + 1).min(last))
            }
            Command::Up | Command::ScrollUp | Command::PrevWord => {
                select(self, sel.saturating_sub(1))
            }
            Command::PageDown | Command::HalfPageDown => select(self, (sel + 10).min(last)),
            Command::PageUp | Command::HalfPageUp => select(self, sel.saturating_sub(10)),
            Command::Top => select(self, 0),
            Command::Bottom => select(self, last),
            Command::Enter => match orphan {
                Some((_, quote)) => {
                    return Err(format!(
                        "orphan: {} is no longer in the text; {delete} deletes it",
                        quoted(&quote, self.clip())
                    ))
                }
                None => self.go_to_row(sel),
            },
            Command::Delete => {
                self.editable()?;
                match orphan {
                    Some((id, _)) => {
                        self.annotations
                            .delete_orphan(id)
                            .map_err(|e| e.to_string())?;
                        let undo = self.key(Command::Undo);
                        self.message = Some(format!("orphan deleted ({undo} undoes)"));
                    }
                    None => {
                        if let Some(id) = self.annotations.items().get(sel).map(|a| a.id) {
                            self.delete(id)?;
                        }
                    }
                }
            }
            Command::KeepVersion | Command::TakeOther => {
                let id = match orphan {
                    Some((id, _)) => Some(id),
                    None => self.annotations.items().get(sel).map(|a| a.id),
                };
                match id.filter(|&id| self.annotations.conflict(id).is_some()) {
                    Some(id) => self.resolve_conflict(id, command == Command::TakeOther)?,
                    None => return Err(self.no_conflict_here()),
                }
            }
            Command::Undo | Command::Redo => self.undo(command == Command::Undo)?,
            Command::ToggleDone => self.toggle_done()?,
            Command::Cancel | Command::TogglePanel => {
                self.overlay = Overlay::None;
                self.relayout();
            }
            _ => {}
        }
        Ok(())
    }

    /// Closes the list and puts the cursor on the annotation of row `row`, on top.
    fn go_to_row(&mut self, row: usize) {
        let Some(range) = self.annotations.items().get(row).map(|a| a.range.clone()) else {
            return;
        };
        self.overlay = Overlay::None;
        self.relayout();
        self.cursor.extending = false;
        self.cursor.selection = Selection::cursor(range);
        if let Some(pos) = self.head_pos() {
            self.view.show_on_top(&self.doc, pos);
        }
    }

    /// A label key in the list: the selected annotation takes that label.
    pub(super) fn panel_tag(&mut self, key: char) -> Outcome {
        let Some(sel) = self.panel_selected() else {
            return Ok(());
        };
        if self.orphan_at(sel).is_some() {
            let delete = self.key(Command::Delete);
            return Err(format!(
                "an orphan has no place in the text to relabel; {delete} deletes it"
            ));
        }
        let label = self
            .schema
            .by_key(key)
            .map(|l| l.name.clone())
            .ok_or_else(|| format!("no label on key {key:?}"))?;
        self.editable()?;
        let Some(a) = self.annotations.items().get(sel) else {
            return Ok(());
        };
        let id = a.id;
        let quote = self.doc.text().get(a.range.clone()).unwrap_or("");
        let country = Gazetteer::builtin().lookup(quote).map(|c| c.code.clone());
        self.annotations
            .relabel(id, &label, &self.schema, country)
            .map_err(|e| e.to_string())?;
        self.message = Some(format!("now a {label}"));
        Ok(())
    }
}
