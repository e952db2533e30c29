//! The annotations of one text and every edit of them, each recorded as a reversible
//! [`Change`] so that undo and redo cover everything, links and deletions included.

use super::change::{Annotation, Change, Conflict, Orphan, Record, Status};
use super::history::History;
use super::schema::{Link, Schema};
use std::ops::Range;

/// Why an edit was not made; the message is for the status line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// The span already has an annotation with this label (named).
    #[error("this span is already a {0}")]
    Duplicate(String),
    /// The span is empty.
    #[error("nothing to tag here")]
    Empty,
    /// No annotation has this id.
    #[error("no annotation {0}")]
    Missing(u32),
    /// The label's schema link is not the kind the edit sets.
    #[error("a {label} does not link to {what}")]
    WrongLink {
        /// The annotation's label.
        label: String,
        /// What the edit would set: "an entity", "a country code", "an annotation".
        what: &'static str,
    },
    /// A link to an annotation (the id) that does not have the label (named) the schema
    /// asks for.
    #[error("annotation {0} is not a {1}")]
    WrongTarget(u32, String),
    /// The history has no step to undo.
    #[error("nothing to undo")]
    NothingToUndo,
    /// The history has no step to redo.
    #[error("nothing to redo")]
    NothingToRedo,
    /// The edit would change nothing; no step is recorded.
    #[error("unchanged")]
    Unchanged,
}

/// All annotations of a text, sorted by start, end and id, with the edit history.
#[derive(Debug)]
pub struct Annotations {
    items: Vec<Annotation>,
    orphans: Vec<Orphan>,
    status: Status,
    /// What a merge could not decide: the set holds one version, each conflict the other.
    conflicts: Vec<Conflict>,
    next_id: u32,
    history: History,
    /// Bumped by every change, undo and redo: what is on disk is known by its revision.
    revision: u64,
}

impl Default for Annotations {
    fn default() -> Annotations {
        Annotations::new(Vec::new(), Vec::new(), Status::InProgress)
    }
}

impl Annotations {
    /// The annotations of a text as loaded (sorted here), with an empty history; new ids
    /// start past every id in use or named by a link.
    pub fn new(mut items: Vec<Annotation>, orphans: Vec<Orphan>, status: Status) -> Annotations {
        items.sort_by_key(Annotation::key);
        // Past every id in use and every id a link names, so that a new annotation never
        // takes the id a dangling link still points to.
        let next_id = items
            .iter()
            .flat_map(|a| [Some(a.id), a.speaker])
            .chain(orphans.iter().flat_map(|o| [Some(o.id), o.speaker]))
            .flatten()
            .max()
            .unwrap_or(0)
            .saturating_add(1);
        Annotations {
            items,
            orphans,
            status,
            next_id,
            history: History::default(),
            revision: 0,
            conflicts: Vec::new(),
        }
    }

    /// The same, with conflicts left by a merge.
    pub fn with_conflicts(mut self, conflicts: Vec<Conflict>) -> Annotations {
        self.conflicts = conflicts;
        self.conflicts.sort_by_key(|c| c.id);
        self
    }

    /// Conflicts left by a merge, by id.
    pub fn conflicts(&self) -> &[Conflict] {
        &self.conflicts
    }

    /// The conflict on annotation `id`.
    pub fn conflict(&self, id: u32) -> Option<&Conflict> {
        self.conflicts.iter().find(|c| c.id == id)
    }

    /// Ends the conflict on `id`: keeps the version in the set, or takes the other one
    /// (which may be a deletion), as one undoable step.
    pub fn resolve(&mut self, id: u32, take_other: bool) -> Result<(), Refusal> {
        let Some(c) = self.conflict(id).cloned() else {
            return Err(Refusal::Missing(id));
        };
        let mut changes = vec![Change::Conflict {
            before: Some(c.clone()),
            after: None,
        }];
        if take_other {
            let placed = self.get(id).cloned();
            let orphan = self.orphans.iter().find(|o| o.id == id).cloned();
            let (placed_after, orphan_after) = match &c.other {
                Some(Record::Placed(a)) => (Some(a.clone()), None),
                Some(Record::Orphan(o)) => (None, Some(o.clone())),
                None => (None, None),
            };
            if placed.is_some() || placed_after.is_some() {
                changes.push(Change::Put {
                    before: placed,
                    after: placed_after,
                });
            }
            if orphan.is_some() || orphan_after.is_some() {
                changes.push(Change::Orphan {
                    before: orphan,
                    after: orphan_after,
                });
            }
            if c.other.is_none() {
                changes.extend(self.unlink_all(id));
            }
        }
        self.commit(changes)
    }

    /// In text order.
    pub fn items(&self) -> &[Annotation] {
        &self.items
    }

    /// The annotations that could not be placed in the text, as stored.
    pub fn orphans(&self) -> &[Orphan] {
        &self.orphans
    }

    /// Whether the annotator has finished the text.
    pub fn status(&self) -> Status {
        self.status
    }

    /// The annotation with id `id`.
    pub fn get(&self, id: u32) -> Option<&Annotation> {
        self.items.iter().find(|a| a.id == id)
    }

    /// How many annotations are placed in the text (orphans not counted).
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// No annotation is placed in the text.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Annotations that overlap `range` (bytes), in text order.
    pub fn overlapping(&self, range: Range<usize>) -> impl Iterator<Item = &Annotation> {
        let end = self.items.partition_point(|a| a.range.start < range.end);
        self.items[..end]
            .iter()
            .filter(move |a| a.range.end > range.start)
    }

    /// Annotations that contain byte `at`, innermost (shortest) first.
    pub fn at(&self, at: usize) -> Vec<&Annotation> {
        let mut found: Vec<&Annotation> = self
            .overlapping(at..at + 1)
            .filter(|a| a.range.contains(&at))
            .collect();
        found.sort_by_key(|a| (a.range.len(), a.id));
        found
    }

    /// Replaces the annotations with what a merge made of them and of another version,
    /// as one new revision. Steps of the history that touch an annotation the merge took
    /// away are dropped (undoing them would bring back what another person deleted, or
    /// take away what they changed); returns how many.
    pub fn absorb(
        &mut self,
        items: Vec<Annotation>,
        orphans: Vec<Orphan>,
        status: Status,
        conflicts: Vec<Conflict>,
    ) -> usize {
        let ids = |a: &Annotations| -> std::collections::HashSet<u32> {
            a.items
                .iter()
                .map(|x| x.id)
                .chain(a.orphans.iter().map(|o| o.id))
                .collect()
        };
        let fresh = Annotations::new(items, orphans, status).with_conflicts(conflicts);
        let (was, now) = (ids(self), ids(&fresh));
        let gone: std::collections::HashSet<u32> = was.difference(&now).copied().collect();
        self.items = fresh.items;
        self.orphans = fresh.orphans;
        self.status = fresh.status;
        self.conflicts = fresh.conflicts;
        self.next_id = self.next_id.max(fresh.next_id);
        self.revision = self.revision.wrapping_add(1);
        let touches = |id: u32| gone.contains(&id);
        self.history.retain(|c| match c {
            Change::Put { before, after } => !before.iter().chain(after).any(|a| touches(a.id)),
            Change::Orphan { before, after } => !before.iter().chain(after).any(|o| touches(o.id)),
            Change::Status { .. } | Change::Conflict { .. } => true,
        })
    }

    /// The revision of the annotations: it changes with every change, undo and redo, and
    /// with nothing else.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    fn apply(&mut self, change: &Change) {
        self.revision = self.revision.wrapping_add(1);
        match change {
            Change::Put { before, after } => {
                if let Some(b) = before {
                    if let Some(i) = self.items.iter().position(|a| a.id == b.id) {
                        self.items.remove(i);
                    }
                }
                if let Some(a) = after {
                    let i = self.items.partition_point(|x| x.key() < a.key());
                    self.items.insert(i, a.clone());
                }
            }
            Change::Status { after, .. } => self.status = *after,
            Change::Conflict { before, after } => {
                if let Some(b) = before {
                    self.conflicts.retain(|c| c.id != b.id);
                }
                if let Some(a) = after {
                    let i = self.conflicts.partition_point(|c| c.id < a.id);
                    self.conflicts.insert(i, a.clone());
                }
            }
            Change::Orphan { before, after } => {
                if let Some(b) = before {
                    self.orphans.retain(|o| o.id != b.id);
                }
                if let Some(a) = after {
                    self.orphans.push(a.clone());
                }
            }
        }
    }

    /// A new id: the next after the highest, or (when the highest is `u32::MAX`) the
    /// lowest one free.
    fn alloc_id(&mut self) -> u32 {
        let used = |id: u32| {
            self.items
                .iter()
                .any(|a| a.id == id || a.speaker == Some(id))
                || self
                    .orphans
                    .iter()
                    .any(|o| o.id == id || o.speaker == Some(id))
        };
        let id = if self.next_id != u32::MAX && !used(self.next_id) {
            self.next_id
        } else {
            (1..u32::MAX).find(|&i| !used(i)).unwrap_or(u32::MAX)
        };
        self.next_id = id.saturating_add(1);
        id
    }

    /// Applies `changes` and records them as one undoable step.
    fn commit(&mut self, changes: Vec<Change>) -> Result<(), Refusal> {
        if changes.is_empty() {
            return Err(Refusal::Unchanged);
        }
        for c in &changes {
            self.apply(c);
        }
        self.history.record(changes);
        Ok(())
    }

    fn put(before: Option<&Annotation>, after: Option<Annotation>) -> Change {
        Change::Put {
            before: before.cloned(),
            after,
        }
    }

    /// Adds `a` with a new id, which is returned. The same label on the same span twice is
    /// refused.
    pub fn add(&mut self, mut a: Annotation) -> Result<u32, Refusal> {
        if a.range.is_empty() {
            return Err(Refusal::Empty);
        }
        if self
            .items
            .iter()
            .any(|x| x.range == a.range && x.label == a.label)
        {
            return Err(Refusal::Duplicate(a.label));
        }
        a.id = self.alloc_id();
        let id = a.id;
        self.commit(vec![Self::put(None, Some(a))])?;
        Ok(id)
    }

    /// Adds every annotation of `new` that is not already there (the same label on the same
    /// span), as one undoable step; links between them are given as indexes into `new`
    /// (`speaker_of[i] = Some(j)`: the `i`-th links to the `j`-th, or to the annotation
    /// already on the `j`-th's span with its label). Returns how many were added.
    pub fn add_many(
        &mut self,
        new: Vec<Annotation>,
        speaker_of: &[Option<usize>],
    ) -> Result<usize, Refusal> {
        self.replace_many(&[], new, speaker_of)
    }

    /// [`Self::add_many`], first deleting the annotations `remove` (and the links to them),
    /// all in one undoable step: taking another annotator's version of a span.
    pub fn replace_many(
        &mut self,
        remove: &[u32],
        new: Vec<Annotation>,
        speaker_of: &[Option<usize>],
    ) -> Result<usize, Refusal> {
        let mut ids: Vec<Option<u32>> = Vec::with_capacity(new.len());
        let mut changes = Vec::new();
        for &id in remove {
            if let Some(old) = self.get(id) {
                changes.push(Self::put(Some(old), None));
                changes.extend(self.unlink_all(id).into_iter().filter(|c| {
                    // A link from an annotation removed too needs no change.
                    !matches!(c, Change::Put { before: Some(b), .. } if remove.contains(&b.id))
                }));
            }
        }
        let mut added: Vec<Annotation> = Vec::new();
        for a in &new {
            let existing = self
                .items
                .iter()
                .filter(|x| !remove.contains(&x.id))
                .chain(&added)
                .find(|x| x.range == a.range && x.label == a.label)
                .map(|x| x.id);
            match existing {
                Some(id) => ids.push(Some(id)),
                None if a.range.is_empty() => ids.push(None),
                None => {
                    let mut a = a.clone();
                    a.id = self.alloc_id_among(&added);
                    ids.push(Some(a.id));
                    added.push(a);
                }
            }
        }
        for a in &mut added {
            let i = ids.iter().position(|&id| id == Some(a.id));
            if let Some(j) = i.and_then(|i| speaker_of.get(i).copied().flatten()) {
                a.speaker = a.speaker.or(ids.get(j).copied().flatten());
            }
            changes.push(Self::put(None, Some(a.clone())));
        }
        let count = added.len();
        self.commit(changes)?;
        Ok(count)
    }

    /// [`Self::alloc_id`], also avoiding the ids of `pending` (not yet added).
    fn alloc_id_among(&mut self, pending: &[Annotation]) -> u32 {
        loop {
            let id = self.alloc_id();
            if !pending.iter().any(|p| p.id == id) {
                return id;
            }
        }
    }

    /// Changes that drop every link to annotation `id` from the others, orphans included.
    fn unlink_all(&self, id: u32) -> Vec<Change> {
        let placed = self
            .items
            .iter()
            .filter(|a| a.speaker == Some(id))
            .map(|a| {
                let mut after = a.clone();
                after.speaker = None;
                Self::put(Some(a), Some(after))
            });
        let orphans = self
            .orphans
            .iter()
            .filter(|o| o.speaker == Some(id))
            .map(|o| Change::Orphan {
                before: Some(o.clone()),
                after: Some(Orphan {
                    speaker: None,
                    ..o.clone()
                }),
            });
        placed.chain(orphans).collect()
    }

    /// Deletes the orphan `id` (an annotation whose text is gone), links to it included.
    pub fn delete_orphan(&mut self, id: u32) -> Result<Orphan, Refusal> {
        let o = self
            .orphans
            .iter()
            .find(|o| o.id == id)
            .ok_or(Refusal::Missing(id))?
            .clone();
        let mut changes = self.unlink_all(id);
        changes.push(Change::Orphan {
            before: Some(o.clone()),
            after: None,
        });
        self.commit(changes)?;
        Ok(o)
    }

    /// Deletes annotation `id`; claims linked to it lose the link, in the same step.
    pub fn delete(&mut self, id: u32) -> Result<Annotation, Refusal> {
        let a = self.get(id).ok_or(Refusal::Missing(id))?.clone();
        let mut changes = self.unlink_all(id);
        changes.push(Self::put(Some(&a), None));
        self.commit(changes)?;
        Ok(a)
    }

    /// Gives annotation `id` another label. Links that do not fit the new label are dropped,
    /// and so are links to it from annotations that may no longer point to it. A label
    /// that takes a country code gets `country` (the gazetteer's suggestion), in the same
    /// step.
    pub fn relabel(
        &mut self,
        id: u32,
        label: &str,
        schema: &Schema,
        country: Option<String>,
    ) -> Result<(), Refusal> {
        let a = self.get(id).ok_or(Refusal::Missing(id))?.clone();
        if a.label == label {
            return Err(Refusal::Unchanged);
        }
        if self
            .items
            .iter()
            .any(|x| x.range == a.range && x.label == label)
        {
            return Err(Refusal::Duplicate(label.to_string()));
        }
        let mut after = a.clone();
        after.label = label.to_string();
        let link = schema.link(label);
        if *link != Link::Entity {
            after.entity = None;
        }
        if *link != Link::CountryCode {
            after.country = None;
        } else if after.country.is_none() {
            after.country = country;
        }
        if !matches!(link, Link::Label(_)) {
            after.speaker = None;
        }
        let mut changes: Vec<Change> = self
            .items
            .iter()
            .filter(|x| x.speaker == Some(id))
            .filter(|x| *schema.link(&x.label) != Link::Label(label.to_string()))
            .map(|x| {
                let mut y = x.clone();
                y.speaker = None;
                Self::put(Some(x), Some(y))
            })
            .collect();
        changes.push(Self::put(Some(&a), Some(after)));
        self.commit(changes)
    }

    /// Links annotation `from` (a Claim) to `to` (a Speaker), or unlinks it with `None`.
    pub fn link(&mut self, from: u32, to: Option<u32>, schema: &Schema) -> Result<(), Refusal> {
        let a = self.get(from).ok_or(Refusal::Missing(from))?.clone();
        let Link::Label(target) = schema.link(&a.label) else {
            return Err(Refusal::WrongLink {
                label: a.label,
                what: "another annotation",
            });
        };
        if let Some(to) = to {
            let b = self.get(to).ok_or(Refusal::Missing(to))?;
            if &b.label != target {
                return Err(Refusal::WrongTarget(to, target.clone()));
            }
        }
        let mut after = a.clone();
        after.speaker = to;
        self.set(a, after)
    }

    /// Sets the entity name of a Speaker (`None` clears it).
    pub fn set_entity(
        &mut self,
        id: u32,
        entity: Option<String>,
        schema: &Schema,
    ) -> Result<(), Refusal> {
        self.set_field(
            id,
            schema,
            Link::Entity,
            "an entity",
            |a| &mut a.entity,
            entity,
        )
    }

    /// Sets the country code of a Country (`None` clears it).
    pub fn set_country(
        &mut self,
        id: u32,
        code: Option<String>,
        schema: &Schema,
    ) -> Result<(), Refusal> {
        self.set_field(
            id,
            schema,
            Link::CountryCode,
            "a country code",
            |a| &mut a.country,
            code,
        )
    }

    /// Sets the text field `field` of annotation `id`, whose label must link as `link`; a
    /// blank value clears it.
    fn set_field(
        &mut self,
        id: u32,
        schema: &Schema,
        link: Link,
        what: &'static str,
        field: fn(&mut Annotation) -> &mut Option<String>,
        value: Option<String>,
    ) -> Result<(), Refusal> {
        let a = self.get(id).ok_or(Refusal::Missing(id))?.clone();
        if *schema.link(&a.label) != link {
            return Err(Refusal::WrongLink {
                label: a.label,
                what,
            });
        }
        let mut after = a.clone();
        *field(&mut after) = value.filter(|v| !v.trim().is_empty());
        self.set(a, after)
    }

    fn set(&mut self, before: Annotation, after: Annotation) -> Result<(), Refusal> {
        if before == after {
            return Err(Refusal::Unchanged);
        }
        self.commit(vec![Self::put(Some(&before), Some(after))])
    }

    /// Done ↔ in progress.
    pub fn toggle_status(&mut self) -> Status {
        let after = match self.status {
            Status::InProgress => Status::Done,
            Status::Done => Status::InProgress,
        };
        let before = self.status;
        // A status change is never refused.
        let _ = self.commit(vec![Change::Status { before, after }]);
        after
    }

    /// Undoes the last step.
    pub fn undo(&mut self) -> Result<(), Refusal> {
        let step = self.history.undo().ok_or(Refusal::NothingToUndo)?;
        for c in step.iter().rev() {
            self.apply(&c.inverse());
        }
        Ok(())
    }

    /// Redoes the last undone step.
    pub fn redo(&mut self) -> Result<(), Refusal> {
        let step = self.history.redo().ok_or(Refusal::NothingToRedo)?;
        for c in &step {
            self.apply(c);
        }
        Ok(())
    }

    /// The mention of `label` nearest before byte `at` (ending at or before it first; if
    /// there is none, the nearest after it).
    pub fn nearest(&self, label: &str, at: usize) -> Option<&Annotation> {
        let before = self
            .items
            .iter()
            .filter(|a| a.label == label && a.range.start < at)
            .max_by_key(|a| (a.range.start, a.id));
        before.or_else(|| {
            self.items
                .iter()
                .filter(|a| a.label == label && a.range.start >= at)
                .min_by_key(|a| (a.range.start, a.id))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema() -> Schema {
        Schema::default()
    }

    #[test]
    fn items_stay_in_text_order_and_duplicates_are_refused() {
        let mut s = Annotations::default();
        let b = s.add(Annotation::new("Claim", 10..20)).expect("add");
        let a = s.add(Annotation::new("Speaker", 0..5)).expect("add");
        s.add(Annotation::new("Country", 0..5))
            .expect("other label, same span");
        assert_eq!(
            s.add(Annotation::new("Speaker", 0..5)),
            Err(Refusal::Duplicate("Speaker".into()))
        );
        let order: Vec<u32> = s.items().iter().map(|x| x.id).collect();
        assert_eq!(order, [a, a + 1, b]);
    }

    #[test]
    fn every_edit_undoes_and_redoes() {
        let schema = schema();
        let mut s = Annotations::default();
        let speaker = s.add(Annotation::new("Speaker", 0..5)).expect("add");
        let claim = s.add(Annotation::new("Claim", 6..30)).expect("add");
        s.link(claim, Some(speaker), &schema).expect("link");
        s.set_entity(speaker, Some("John Kerry".into()), &schema)
            .expect("entity");
        s.toggle_status();
        let full: Vec<Annotation> = s.items().to_vec();
        s.delete(speaker).expect("delete");
        assert_eq!(s.get(claim).and_then(|c| c.speaker), None, "link dropped");
        s.undo().expect("undo delete");
        assert_eq!(s.items(), &full[..]);
        for _ in 0..5 {
            s.undo().expect("undo");
        }
        assert!(s.is_empty());
        assert_eq!(s.status, Status::InProgress);
        assert_eq!(s.undo(), Err(Refusal::NothingToUndo));
        for _ in 0..5 {
            s.redo().expect("redo");
        }
        assert_eq!(s.items(), &full[..]);
        assert_eq!(s.status, Status::Done);
    }

    #[test]
    fn every_change_undo_and_redo_bumps_the_revision_and_a_refusal_does_not() {
        let schema = schema();
        let mut s = Annotations::default();
        let mut seen = vec![s.revision()];
        let mut changed = |s: &Annotations, what: &str| {
            assert!(!seen.contains(&s.revision()), "{what}: revision reused");
            seen.push(s.revision());
        };
        let speaker = s.add(Annotation::new("Speaker", 0..5)).expect("add");
        changed(&s, "add");
        let claim = s.add(Annotation::new("Claim", 6..30)).expect("add");
        changed(&s, "add");
        s.link(claim, Some(speaker), &schema).expect("link");
        changed(&s, "link");
        s.set_entity(speaker, Some("John Kerry".into()), &schema)
            .expect("entity");
        changed(&s, "entity");
        let country = s.add(Annotation::new("Country", 31..36)).expect("add");
        s.set_country(country, Some("CN".into()), &schema)
            .expect("country");
        changed(&s, "country");
        s.relabel(country, "Speaker", &schema, None)
            .expect("relabel");
        changed(&s, "relabel");
        s.toggle_status();
        changed(&s, "status");
        s.add_many(vec![Annotation::new("Country", 40..45)], &[None])
            .expect("add many");
        changed(&s, "add many");
        s.delete(speaker).expect("delete");
        changed(&s, "delete");
        s.undo().expect("undo");
        changed(&s, "undo");
        s.redo().expect("redo");
        changed(&s, "redo");

        let before = s.revision();
        assert!(s.add(Annotation::new("Claim", 6..30)).is_err());
        assert!(s.link(claim, Some(claim), &schema).is_err());
        assert!(s.delete(999).is_err());
        assert!(s.redo().is_err());
        assert!(s.set_entity(claim, Some("x".into()), &schema).is_err());
        assert_eq!(s.revision(), before, "a refused edit is no change");
    }

    #[test]
    fn links_go_only_where_the_schema_says() {
        let schema = schema();
        let mut s = Annotations::default();
        let country = s.add(Annotation::new("Country", 0..5)).expect("add");
        let claim = s.add(Annotation::new("Claim", 6..30)).expect("add");
        assert!(matches!(
            s.link(claim, Some(country), &schema),
            Err(Refusal::WrongTarget(..))
        ));
        assert!(s.set_entity(country, Some("x".into()), &schema).is_err());
        s.set_country(country, Some("CN".into()), &schema)
            .expect("code");
        s.relabel(country, "Speaker", &schema, None)
            .expect("relabel");
        let a = s.get(country).expect("still there");
        assert_eq!((a.label.as_str(), a.country.as_deref()), ("Speaker", None));
        s.link(claim, Some(country), &schema)
            .expect("now a speaker");
        s.relabel(country, "Country", &schema, Some("CN".into()))
            .expect("relabel back");
        assert_eq!(s.get(claim).and_then(|c| c.speaker), None);
        assert_eq!(
            s.get(country).and_then(|c| c.country.as_deref()),
            Some("CN")
        );
    }

    #[test]
    fn many_are_added_as_one_step_with_their_links() {
        let mut s = Annotations::default();
        let kept = s.add(Annotation::new("Speaker", 0..3)).expect("add");
        let new = vec![
            Annotation::new("Speaker", 0..3),
            Annotation::new("Claim", 5..20),
            Annotation::new("Country", 8..12),
        ];
        assert_eq!(s.add_many(new, &[None, Some(0), None]), Ok(2));
        let claim = s
            .items()
            .iter()
            .find(|a| a.label == "Claim")
            .expect("claim");
        assert_eq!(
            claim.speaker,
            Some(kept),
            "linked to the speaker already there"
        );
        s.undo().expect("undo");
        assert_eq!(s.len(), 1, "one step");
        assert_eq!(
            s.add_many(vec![Annotation::new("Speaker", 0..3)], &[]),
            Err(Refusal::Unchanged)
        );
    }

    #[test]
    fn ids_never_wrap_nor_take_a_linked_id() {
        let mut top = Annotation::new("Speaker", 0..3);
        top.id = u32::MAX;
        let mut s = Annotations::new(vec![top], Vec::new(), Status::InProgress);
        let a = s.add(Annotation::new("Country", 4..6)).expect("add");
        let b = s.add(Annotation::new("Country", 7..9)).expect("add");
        assert_eq!((a, b), (1, 2));
        // A dangling link to 9 (its speaker was deleted in an earlier run) keeps 9 taken.
        let mut claim = Annotation::new("Claim", 0..9);
        claim.id = 3;
        claim.speaker = Some(9);
        let mut s = Annotations::new(vec![claim], Vec::new(), Status::InProgress);
        assert_eq!(s.add(Annotation::new("Speaker", 0..3)), Ok(10));
    }

    #[test]
    fn deleting_a_speaker_unlinks_orphans_too_and_orphans_can_go() {
        let orphan = Orphan {
            id: 2,
            label: "Claim".into(),
            start: 0,
            end: 4,
            quote: "gone".into(),
            entity: None,
            country: None,
            speaker: Some(1),
            by: None,
        };
        let mut speaker = Annotation::new("Speaker", 0..3);
        speaker.id = 1;
        let mut s = Annotations::new(vec![speaker], vec![orphan.clone()], Status::InProgress);
        s.delete(1).expect("delete");
        assert_eq!(s.orphans[0].speaker, None);
        s.undo().expect("undo");
        assert_eq!(s.orphans, std::slice::from_ref(&orphan));
        s.delete_orphan(2).expect("delete orphan");
        assert!(s.orphans.is_empty());
        s.undo().expect("undo");
        assert_eq!(s.orphans, [orphan]);
    }

    #[test]
    fn nearest_speaker_is_before_the_claim_else_after() {
        let mut s = Annotations::default();
        let far = s.add(Annotation::new("Speaker", 0..3)).expect("add");
        let near = s.add(Annotation::new("Speaker", 10..13)).expect("add");
        let after = s.add(Annotation::new("Speaker", 50..53)).expect("add");
        assert_eq!(s.nearest("Speaker", 20).map(|a| a.id), Some(near));
        assert_eq!(s.nearest("Speaker", 5).map(|a| a.id), Some(far));
        let mut t = Annotations::default();
        let only = t.add(Annotation::new("Speaker", 50..53)).expect("add");
        assert_eq!(t.nearest("Speaker", 20).map(|a| a.id), Some(only));
        let _ = after;
    }
}
