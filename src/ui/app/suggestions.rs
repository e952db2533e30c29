//! Suggestions (pre-annotation: countries from the gazetteer, speakers and claims cued by
//! reporting verbs, or another annotator's annotations to adjudicate): showing them, and
//! accepting or rejecting one or all.

use super::state::{quoted, App, Outcome};
use crate::annotate::suggest::{suggest, Suggestion};
use crate::annotate::{Annotation, Link};
use crate::ui::command::Command;

impl App {
    /// Shows or hides the suggestions.
    pub(super) fn toggle_suggestions(&mut self) {
        if self.suggestions.shown.take().is_some() {
            self.message = Some("suggestions hidden".into());
            return;
        }
        let all = self.suggest_for_schema();
        let shown = all.len();
        self.suggestions.shown = Some(all);
        let k = |c| self.key(c);
        self.message = Some(format!(
            "{shown} suggestions, dimmed · {} accepts, {} rejects the one under the cursor · {} {} all",
            k(Command::Accept),
            k(Command::Reject),
            k(Command::AcceptAll),
            k(Command::RejectAll)
        ));
    }

    /// The rules' suggestions under the labels of this schema.
    pub(super) fn suggest_for_schema(&self) -> Vec<Suggestion> {
        suggest(&self.doc, &self.annotations, &self.schema)
    }

    /// The open suggestion under the cursor, innermost first.
    fn suggestion_here(&self) -> Option<usize> {
        let at = self.cursor.selection.head.start;
        self.open_suggestions()
            .into_iter()
            .filter(|(_, s)| s.range.contains(&at))
            .min_by_key(|(_, s)| s.range.len())
            .map(|(i, _)| i)
    }

    /// Accepts (or with `accept` false, rejects) the suggestion under the cursor, or all.
    pub(super) fn decide(&mut self, accept: bool, all: bool) -> Outcome {
        if self.suggestions.shown.is_none() {
            let s = self.key(Command::ToggleSuggestions);
            return Err(format!("no suggestions shown: {s} shows them"));
        }
        let chosen: Vec<usize> = if all {
            self.open_suggestions()
                .into_iter()
                .map(|(i, _)| i)
                .collect()
        } else {
            self.suggestion_here().into_iter().collect()
        };
        if chosen.is_empty() {
            return Err(if all {
                "no suggestions left".into()
            } else {
                "no suggestion under the cursor".into()
            });
        }
        let Some(list) = self.suggestions.shown.clone() else {
            return Ok(());
        };
        if !accept {
            for &i in &chosen {
                if let Some(s) = list.get(i) {
                    self.suggestions
                        .rejected
                        .push((s.label.clone(), s.range.clone()));
                }
            }
            self.message = Some(format!("{} suggestion(s) rejected", chosen.len()));
            return Ok(());
        }
        self.editable()?;
        // A claim's speaker comes along: accepted with it, or already an annotation.
        let mut take: Vec<usize> = chosen.clone();
        for &i in &chosen {
            if let Some(j) = list.get(i).and_then(|s| s.speaker) {
                if !take.contains(&j) {
                    take.push(j);
                }
            }
        }
        let index_of = |j: usize| take.iter().position(|&t| t == j);
        let new: Vec<Annotation> = take
            .iter()
            .filter_map(|&i| list.get(i))
            .map(|s| {
                let mut a = self.prepared(&s.label, s.range.clone());
                match self.schema.link(&s.label) {
                    Link::CountryCode => a.country = s.country.clone().or(a.country),
                    Link::Entity => a.entity = s.entity.clone(),
                    Link::Label(_) => a.speaker = s.link_to,
                    Link::None => {}
                }
                a
            })
            .collect();
        let links: Vec<Option<usize>> = take
            .iter()
            .map(|&i| list.get(i).and_then(|s| s.speaker).and_then(index_of))
            .collect();
        let mut replaced: Vec<u32> = take
            .iter()
            .filter_map(|&i| list.get(i))
            .flat_map(|s| s.replaces.iter().copied())
            .collect();
        replaced.sort_unstable();
        replaced.dedup();
        let n = self
            .annotations
            .replace_many(&replaced, new, &links)
            .map_err(|e| e.to_string())?;
        let instead = if replaced.is_empty() {
            String::new()
        } else {
            format!(", replacing {} of yours", replaced.len())
        };
        let undo = self.key(Command::Undo);
        self.message = Some(format!(
            "{n} suggestion(s) accepted{instead} ({undo} undoes)"
        ));
        Ok(())
    }
}

impl App {
    /// Shows another annotator's annotations that this copy lacks (the same label on the
    /// same span counts as had) as suggestions to take: `y` takes theirs, `x` leaves it.
    pub fn show_theirs(&mut self, theirs: &crate::annotate::Annotations, who: &str) {
        let mine = &self.annotations;
        let differ: Vec<&Annotation> = theirs
            .items()
            .iter()
            .filter(|t| {
                !mine
                    .overlapping(t.range.clone())
                    .any(|m| m.label == t.label && m.range == t.range)
            })
            .collect();
        let list: Vec<Suggestion> = differ
            .iter()
            .map(|t| Suggestion {
                label: t.label.clone(),
                range: t.range.clone(),
                country: t.country.clone(),
                // Their claim's speaker: among the differences, or one of mine on the
                // same span with the same label.
                speaker: t
                    .speaker
                    .and_then(|id| differ.iter().position(|d| d.id == id)),
                why: format!("{who}'s annotation"),
                entity: t.entity.clone(),
                link_to: t.speaker.and_then(|id| theirs.get(id)).and_then(|sp| {
                    mine.overlapping(sp.range.clone())
                        .find(|m| m.label == sp.label && m.range == sp.range)
                        .map(|m| m.id)
                }),
                // My version of the same thing: the same label over part of it, or
                // another label on exactly its span.
                replaces: mine
                    .overlapping(t.range.clone())
                    .filter(|m| {
                        (m.label == t.label && m.range != t.range)
                            || (m.label != t.label && m.range == t.range)
                    })
                    .map(|m| m.id)
                    .collect(),
            })
            .collect();
        let k = |c| self.key(c);
        self.message = Some(format!(
            "{} annotation(s) of {} differ from yours, dimmed · {} takes one, {} all, {} leaves it",
            list.len(),
            quoted(who, self.clip()),
            k(Command::Accept),
            k(Command::AcceptAll),
            k(Command::Reject)
        ));
        self.suggestions.shown = Some(list);
    }
}
