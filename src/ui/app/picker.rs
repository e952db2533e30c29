//! The speaker picker: the speakers of the article, to attribute the claim under the cursor
//! to one of them, or to none.

use super::overlay::Overlay;
use super::state::{App, Outcome};
use crate::annotate::Link;
use crate::ui::command::Command;

impl App {
    /// Opens the list of speakers for the claim under the cursor, on its speaker (or the
    /// nearest one before it).
    pub(super) fn open_picker(&mut self) -> Outcome {
        self.editable()?;
        let claim = self.claim_here()?;
        let Some(a) = self.annotations.get(claim) else {
            return Ok(());
        };
        let Link::Label(target) = self.schema.link(&a.label) else {
            return Ok(());
        };
        let speakers: Vec<u32> = self
            .annotations
            .items()
            .iter()
            .filter(|s| &s.label == target)
            .map(|s| s.id)
            .collect();
        if speakers.is_empty() {
            return Err(format!("no {target} in the article yet"));
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
        Ok(())
    }

    /// A command in the picker.
    pub(super) fn picker_command(&mut self, command: Command) -> Outcome {
        let Overlay::Picker {
            claim,
            speakers,
            selected,
        } = &mut self.overlay
        else {
            return Ok(());
        };
        let last = speakers.len().saturating_sub(1);
        match command {
            Command::Down | Command::ScrollDown | Command::NextWord => {
                *selected = (*selected + 1).min(last)
            }
            Command::Up | Command::ScrollUp | Command::PrevWord => {
                *selected = selected.saturating_sub(1)
            }
            Command::Enter | Command::Delete | Command::Backspace => {
                let claim = *claim;
                let speaker = match command {
                    Command::Enter => speakers.get(*selected).copied(),
                    _ => None,
                };
                self.overlay = Overlay::None;
                self.annotations
                    .link(claim, speaker, &self.schema)
                    .map_err(|e| e.to_string())?;
                self.message = Some(match speaker.and_then(|s| self.annotations.get(s)) {
                    Some(s) => format!("attributed to {}", self.describe(s)),
                    None if speaker.is_some() => "attributed to ".into(),
                    None => "attribution removed".into(),
                });
            }
            Command::Cancel | Command::PickSpeaker | Command::Quit => self.overlay = Overlay::None,
            _ => {}
        }
        Ok(())
    }
}
