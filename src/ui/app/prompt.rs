//! The prompt: a line of typed text for a speaker's entity, a country's code, a search, or
//! the label key to tag every match with.

use super::overlay::{Overlay, Prompt, PromptKind};
use super::state::{quoted, App, Outcome};
use crate::annotate::countries::Gazetteer;
use crate::annotate::selection;
use crate::annotate::{Link, Refusal};
use crate::ui::command::{Command, Event};

impl App {
    /// Opens the prompt for the entity of the speaker (`entity`) or the code of the country
    /// under the cursor.
    pub(super) fn open_prompt(&mut self, entity: bool) -> Outcome {
        self.editable()?;
        let want: fn(&Link) -> bool = if entity {
            |l| *l == Link::Entity
        } else {
            |l| *l == Link::CountryCode
        };
        let id = self.annotation_where(Some(want)).ok_or(if entity {
            "no speaker under the cursor"
        } else {
            "no country under the cursor"
        })?;
        let Some(a) = self.annotations.get(id) else {
            return Ok(());
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
            Prompt::new(PromptKind::Entity(id), input, choices)
        } else {
            let suggested = Gazetteer::builtin().lookup(&quote).map(|c| c.code.clone());
            let input = a.country.clone().or(suggested.clone()).unwrap_or_default();
            Prompt::new(
                PromptKind::Country(id),
                input,
                suggested.into_iter().collect(),
            )
        };
        self.overlay = Overlay::Prompt(prompt);
        Ok(())
    }

    /// An event in the prompt: typed chars, its commands.
    pub(super) fn prompt_event(&mut self, event: Event) -> Outcome {
        let Overlay::Prompt(prompt) = &mut self.overlay else {
            return Ok(());
        };
        prompt.error = None;
        let fresh = std::mem::replace(&mut prompt.fresh, false);
        if prompt.kind == PromptKind::TagMatches {
            // One key: a label's, or anything else to cancel.
            return match event {
                Event::Input(c) => self.tag_matches(c),
                _ => {
                    self.overlay = Overlay::None;
                    Ok(())
                }
            };
        }
        match event {
            Event::Input(c) if !c.is_control() && !crate::layout::chars::needs_escape(c) => {
                if fresh {
                    prompt.input.clear();
                }
                prompt.input.push(c);
            }
            Event::Command(Command::Backspace) if fresh => prompt.input.clear(),
            Event::Command(Command::Backspace) => {
                let end = prompt.input.len();
                let at = selection::grapheme_step(&prompt.input, end, false).unwrap_or(0);
                prompt.input.truncate(at);
            }
            Event::Command(Command::ClearInput) => prompt.input.clear(),
            Event::Command(Command::NextChoice) if !prompt.choices.is_empty() => {
                let next = prompt.choice.map_or(0, |c| (c + 1) % prompt.choices.len());
                prompt.choice = Some(next);
                prompt.input = prompt.choices[next].clone();
                prompt.fresh = true;
            }
            Event::Command(Command::Cancel) => self.overlay = Overlay::None,
            Event::Command(Command::Enter) => {
                let prompt = prompt.clone();
                return self.commit_prompt(prompt);
            }
            _ => {}
        }
        Ok(())
    }

    /// Enter in the prompt: its input is taken, or the prompt stays open and says why.
    fn commit_prompt(&mut self, prompt: Prompt) -> Outcome {
        let input = prompt.input.trim().to_string();
        let result = match prompt.kind {
            PromptKind::Search | PromptKind::TagMatches => {
                self.overlay = Overlay::None;
                if !input.is_empty() {
                    self.run_search(&input)?;
                }
                return Ok(());
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
                            return Ok(()); // the prompt stays open
                        }
                    }
                };
                self.annotations.set_country(id, code, &self.schema)
            }
        };
        self.overlay = Overlay::None;
        match result {
            Ok(()) => {}
            Err(Refusal::Unchanged) => return Ok(()),
            Err(e) => return Err(e.to_string()),
        }
        let set = match prompt.kind {
            PromptKind::Search | PromptKind::TagMatches => None,
            PromptKind::Entity(id) => self.annotations.get(id).and_then(|a| a.entity.clone()),
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
        Ok(())
    }
}
