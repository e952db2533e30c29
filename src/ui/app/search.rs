//! Search (`/`, `n`, `N`) over the article, Arabic-aware, and tagging every match at once.

use super::overlay::{Overlay, Prompt, PromptKind};
use super::state::{quoted, App, Outcome, Search};
use crate::annotate::{Annotation, Selection};
use crate::ui::command::Command;

impl App {
    /// Opens the search prompt, with the last query selected.
    pub(super) fn open_search(&mut self) {
        let last = self.search.as_ref().map(|s| s.query.clone());
        let mut prompt = Prompt::new(
            PromptKind::Search,
            last.clone().unwrap_or_default(),
            last.into_iter().collect(),
        );
        prompt.choice = None;
        self.overlay = Overlay::Prompt(prompt);
    }

    /// Finds every match of `query` (harakat, tatweel, hamza forms and case folded) and
    /// goes to the first at or after the cursor.
    pub(super) fn run_search(&mut self, query: &str) -> Outcome {
        let matches = crate::text::search::find_all(self.doc.text(), query);
        if matches.is_empty() {
            self.search = None;
            return Err(format!("not found: {}", quoted(query, self.clip())));
        }
        let at = self.cursor.selection.head.start;
        let current = matches.iter().position(|m| m.start >= at).unwrap_or(0);
        self.search = Some(Search {
            query: query.to_string(),
            matches,
            current,
        });
        self.go_to_match();
        Ok(())
    }

    fn go_to_match(&mut self) {
        let Some(search) = &self.search else {
            return;
        };
        let Some(m) = search.matches.get(search.current).cloned() else {
            return;
        };
        let (next, prev) = (self.key(Command::SearchNext), self.key(Command::SearchPrev));
        let all = self.key(Command::TagMatches);
        self.message = Some(format!(
            "{} of {} matches of {} · {next} {prev} next, previous · {all} tags them all",
            search.current + 1,
            search.matches.len(),
            quoted(&search.query, self.clip())
        ));
        self.cursor.extending = false;
        self.cursor.selection = Selection {
            anchor: m.clone(),
            head: m,
            selected: true,
        };
        if let Some(pos) = self.head_pos() {
            self.view.scroll_to(&self.doc, pos);
        }
    }

    /// The next (`forward`) or previous match, wrapping around.
    pub(super) fn search_step(&mut self, forward: bool) -> Outcome {
        let slash = self.key(Command::Search);
        let search = self
            .search
            .as_mut()
            .ok_or_else(|| format!("no search yet: {slash} searches"))?;
        let n = search.matches.len();
        search.current = if forward {
            (search.current + 1) % n
        } else {
            (search.current + n - 1) % n
        };
        self.go_to_match();
        Ok(())
    }

    /// Asks for the label to put on every match.
    pub(super) fn open_tag_matches(&mut self) -> Outcome {
        if self.search.is_none() {
            let (slash, t) = (self.key(Command::Search), self.key(Command::TagMatches));
            return Err(format!(
                "no search yet: {slash} searches, then {t} tags every match"
            ));
        }
        self.overlay = Overlay::Prompt(Prompt::new(
            PromptKind::TagMatches,
            String::new(),
            Vec::new(),
        ));
        Ok(())
    }

    /// Tags every match with the label of `key`, as one undoable step.
    pub(super) fn tag_matches(&mut self, key: char) -> Outcome {
        self.overlay = Overlay::None;
        let label = self
            .schema
            .by_key(key)
            .cloned()
            .ok_or_else(|| format!("no label on key {key:?}"))?;
        let Some(search) = self.search.clone() else {
            return Ok(());
        };
        self.editable()?;
        let new: Vec<Annotation> = search
            .matches
            .iter()
            .map(|m| self.prepared(&label.name, m.clone()))
            .collect();
        let n = self
            .annotations
            .add_many(new, &[])
            .map_err(|e| e.to_string())?;
        let undo = self.key(Command::Undo);
        self.message = Some(format!(
            "{n} of {} matches tagged {} ({undo} undoes them all)",
            search.matches.len(),
            label.name
        ));
        Ok(())
    }
}
