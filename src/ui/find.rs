//! Search (`/`, `n`, `N`, tagging every match at once) and suggestions (pre-annotation:
//! countries from the gazetteer, speakers and claims cued by reporting verbs), both part
//! of [`App::update`].

use super::app::App;
use super::edit::{quoted, Overlay, Prompt, PromptKind};
use crate::annotate::countries::Gazetteer;
use crate::annotate::suggest::{suggest, Suggestion};

use crate::annotate::{Annotation, Link, Selection};
use std::ops::Range;

/// The last search: its query and its matches in the text (bytes), and the one the cursor
/// went to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Search {
    pub query: String,
    pub matches: Vec<Range<usize>>,
    pub current: usize,
}

impl App {
    /// Opens the search prompt, with the last query selected.
    pub(super) fn open_search(&mut self) {
        let last = self.search.as_ref().map(|s| s.query.clone());
        self.overlay = Overlay::Prompt(Prompt {
            kind: PromptKind::Search,
            input: last.clone().unwrap_or_default(),
            choices: last.into_iter().collect(),
            choice: None,
            fresh: true,
            error: None,
        });
    }

    /// Finds every match of `query` (harakat, tatweel, hamza forms and case folded) and
    /// goes to the first at or after the cursor.
    pub(super) fn run_search(&mut self, query: &str) {
        let matches = crate::text::search::find_all(self.doc.text(), query);
        if matches.is_empty() {
            self.message = Some(format!("not found: {}", quoted(query, self.clip())));
            self.search = None;
            return;
        }
        let at = self.selection.head.start;
        let current = matches.iter().position(|m| m.start >= at).unwrap_or(0);
        self.search = Some(Search {
            query: query.to_string(),
            matches,
            current,
        });
        self.go_to_match();
    }

    fn go_to_match(&mut self) {
        let Some(search) = &self.search else {
            return;
        };
        let Some(m) = search.matches.get(search.current).cloned() else {
            return;
        };
        self.message = Some(format!(
            "{} of {} matches of {} · n N next, previous · t tags them all",
            search.current + 1,
            search.matches.len(),
            quoted(&search.query, self.clip())
        ));
        self.extending = false;
        self.selection = Selection {
            anchor: m.clone(),
            head: m,
            selected: true,
        };
        if let Some(pos) = self.head_pos() {
            self.scroll_to(pos);
        }
    }

    /// The next (`forward`) or previous match, wrapping around.
    pub(super) fn search_step(&mut self, forward: bool) {
        let Some(search) = self.search.as_mut() else {
            self.message = Some("no search yet: / searches".into());
            return;
        };
        let n = search.matches.len();
        search.current = if forward {
            (search.current + 1) % n
        } else {
            (search.current + n - 1) % n
        };
        self.go_to_match();
    }

    /// Asks for the label to put on every match.
    pub(super) fn open_tag_matches(&mut self) {
        if self.search.is_none() {
            self.message = Some("no search yet: / searches, then t tags every match".into());
            return;
        }
        self.overlay = Overlay::Prompt(Prompt {
            kind: PromptKind::TagMatches,
            input: String::new(),
            choices: Vec::new(),
            choice: None,
            fresh: false,
            error: None,
        });
    }

    /// Tags every match with the label of `key`, as one undoable step.
    pub(super) fn tag_matches(&mut self, key: char) {
        self.overlay = Overlay::None;
        let Some(label) = self.schema.by_key(key).cloned() else {
            self.message = Some(format!("no label on key {key:?}"));
            return;
        };
        let Some(search) = self.search.clone() else {
            return;
        };
        if !self.writable() {
            return;
        }
        let new: Vec<Annotation> = search
            .matches
            .iter()
            .map(|m| self.prepared(&label.name, m.clone()))
            .collect();
        match self.annotations.add_many(new, &[]) {
            Ok(n) => {
                self.message = Some(format!(
                    "{n} of {} matches tagged {} (u undoes them all)",
                    search.matches.len(),
                    label.name
                ));
                self.changed();
            }
            Err(e) => self.message = Some(e.to_string()),
        }
    }

    /// A new annotation of `label` on `range`, with the code of a Country.
    pub(super) fn prepared(&self, label: &str, range: Range<usize>) -> Annotation {
        let mut a = Annotation::new(label, range.clone());
        if *self.schema.link(label) == Link::CountryCode {
            let quote = self.doc.text().get(range).unwrap_or("");
            a.country = Gazetteer::builtin().lookup(quote).map(|c| c.code.clone());
        }
        a
    }

    /// Shows or hides the suggestions.
    pub(super) fn toggle_suggestions(&mut self) {
        if self.suggestions.take().is_some() {
            self.message = Some("suggestions hidden".into());
            return;
        }
        let all = self.suggest_for_schema();
        let shown = all.len();
        self.suggestions = Some(all);
        self.message = Some(format!(
            "{shown} suggestions, dimmed · y accepts, x rejects the one under the cursor · Y X all"
        ));
    }

    /// Suggestions with the labels of this schema: the built-in rules speak of Speaker,
    /// Claim and Country; a corpus whose labels have other names gets them under the label
    /// that links the same way (to an entity, to that label, to a country code), and none
    /// where its schema has no such label.
    pub(super) fn suggest_for_schema(&self) -> Vec<Suggestion> {
        let find = |want: &dyn Fn(&Link) -> bool| {
            self.schema
                .labels
                .iter()
                .find(|l| want(&l.link))
                .map(|l| l.name.clone())
        };
        let speaker = find(&|l| *l == Link::Entity);
        let claim = speaker
            .clone()
            .and_then(|sp| find(&|l| *l == Link::Label(sp.clone())));
        let country = find(&|l| *l == Link::CountryCode);
        let mut out = suggest(&self.doc, &self.annotations);
        let mut keep = vec![true; out.len()];
        for (i, s) in out.iter_mut().enumerate() {
            let mapped = match s.label.as_str() {
                "Speaker" => speaker.clone(),
                "Claim" => claim.clone(),
                "Country" => country.clone(),
                _ => None,
            };
            match mapped {
                Some(name) => s.label = name,
                None => keep[i] = false,
            }
        }
        // Indexes of the kept ones, for the claims' speakers.
        let mut new_index = vec![None; out.len()];
        let mut next = 0;
        for (i, k) in keep.iter().enumerate() {
            if *k {
                new_index[i] = Some(next);
                next += 1;
            }
        }
        let mut kept = Vec::with_capacity(next);
        for (i, mut s) in out.into_iter().enumerate() {
            if keep[i] {
                s.speaker = s.speaker.and_then(|j| new_index[j]);
                kept.push(s);
            }
        }
        kept
    }

    /// The suggestions still open: not rejected and not already annotations.
    pub fn open_suggestions(&self) -> Vec<(usize, &Suggestion)> {
        let Some(all) = &self.suggestions else {
            return Vec::new();
        };
        all.iter()
            .enumerate()
            .filter(|(_, s)| {
                !self
                    .rejected
                    .iter()
                    .any(|(l, r)| *l == s.label && *r == s.range)
                    && !self
                        .annotations
                        .overlapping(s.range.clone())
                        .any(|a| a.label == s.label && a.range == s.range)
            })
            .collect()
    }

    /// The open suggestion under the cursor, innermost first.
    fn suggestion_here(&self) -> Option<usize> {
        let at = self.selection.head.start;
        self.open_suggestions()
            .into_iter()
            .filter(|(_, s)| s.range.contains(&at))
            .min_by_key(|(_, s)| s.range.len())
            .map(|(i, _)| i)
    }

    /// Accepts (or with `accept` false, rejects) the suggestion under the cursor, or all.
    pub(super) fn decide(&mut self, accept: bool, all: bool) {
        if self.suggestions.is_none() {
            self.message = Some("no suggestions shown: S shows them".into());
            return;
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
            self.message = Some(if all {
                "no suggestions left".into()
            } else {
                "no suggestion under the cursor".into()
            });
            return;
        }
        let Some(list) = self.suggestions.clone() else {
            return;
        };
        if !accept {
            for &i in &chosen {
                if let Some(s) = list.get(i) {
                    self.rejected.push((s.label.clone(), s.range.clone()));
                }
            }
            self.message = Some(format!("{} suggestion(s) rejected", chosen.len()));
            return;
        }
        if !self.writable() {
            return;
        }
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
        match self.annotations.replace_many(&replaced, new, &links) {
            Ok(n) => {
                let instead = if replaced.is_empty() {
                    String::new()
                } else {
                    format!(", replacing {} of yours", replaced.len())
                };
                self.message = Some(format!("{n} suggestion(s) accepted{instead} (u undoes)"));
                self.changed();
            }
            Err(e) => self.message = Some(e.to_string()),
        }
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
        self.message = Some(format!(
            "{} annotation(s) of {} differ from yours, dimmed · y takes one, Y all, x leaves it",
            list.len(),
            quoted(who, self.clip())
        ));
        self.suggestions = Some(list);
    }
}
