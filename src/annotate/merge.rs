//! Three-way merge of annotation sets: what two people (two windows, two clones) made of
//! one common version. Pure: the store merges what is on disk into what is in memory before
//! every save, and `hamish merge` does the same for git.
//!
//! An annotation is known by its id. Per id, with `base`, `ours` and `theirs` its three
//! versions (each possibly absent):
//!
//! * the same on both sides (who made it aside: two people who tagged one span alike):
//!   ours;
//! * changed (or added, or deleted) on one side only: that side's version, so a deletion
//!   wins over an unchanged annotation;
//! * changed on both sides, differently (label, boundaries, entity, code, link; or deleted
//!   on one side and changed on the other): a [`Conflict`]. The merged set holds our version
//!   (theirs when we deleted it), the conflict the other one too, and nothing is dropped.
//!
//! Before that, what both sides added is matched up: the same label on the same span added
//! on both sides under different ids is one annotation added twice (their id maps to ours),
//! and an id both sides gave to different new annotations is renumbered on their side:
//! their additions whose ids collide take the next free ids, in text order, and their links
//! follow. Ids that do not collide never change, so files stay close to what was written.
//!
//! A link left pointing at an annotation the merge removed (a claim added on one side to a
//! speaker deleted on the other) is cleared, and counted.
//!
//! The merge works on the annotations placed in one text (byte ranges) and on orphans
//! (stored char offsets): the store places all three versions in the same text first.

use super::annotation::Annotations;
use super::change::{Annotation, Orphan, Status};
pub use super::change::{Conflict, Record};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// One side of a merge: the annotations placed in the text, the orphans, the status.
#[derive(Debug, Clone, Copy)]
pub struct Side<'a> {
    /// Placed in the text.
    pub items: &'a [Annotation],
    /// Kept as orphans.
    pub orphans: &'a [Orphan],
    /// The article's status.
    pub status: Status,
    /// Conflicts left by an earlier merge.
    pub conflicts: &'a [Conflict],
}

impl<'a> From<&'a Annotations> for Side<'a> {
    fn from(a: &'a Annotations) -> Side<'a> {
        Side {
            items: a.items(),
            orphans: a.orphans(),
            status: a.status(),
            conflicts: a.conflicts(),
        }
    }
}

/// What their side brought into ours.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Report {
    /// Annotations they added.
    pub added: usize,
    /// Annotations they changed (and we did not).
    pub changed: usize,
    /// Annotations they deleted (and we had not changed).
    pub removed: usize,
    /// Their additions that took new ids.
    pub renumbered: usize,
    /// Annotations both added on one span with one label: kept once.
    pub same: usize,
    /// Links cleared because what they pointed to is gone.
    pub unlinked: usize,
    /// The status came from their side.
    pub status: bool,
}

impl Report {
    /// Whether their side brought anything.
    pub fn is_empty(&self) -> bool {
        self.added + self.changed + self.removed + self.unlinked == 0 && !self.status
    }

    /// How many annotations came in, were changed or went.
    pub fn count(&self) -> usize {
        self.added + self.changed + self.removed
    }
}

/// The result of a merge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merged {
    /// Placed in the text, in text order.
    pub items: Vec<Annotation>,
    /// Orphans, by stored place.
    pub orphans: Vec<Orphan>,
    /// The merged status.
    pub status: Status,
    /// What could not be merged: both versions kept.
    pub conflicts: Vec<Conflict>,
    /// What came in from their side.
    pub report: Report,
    /// Their ids that changed (their id → the id in the merged set).
    pub renamed: Vec<(u32, u32)>,
}

fn records(side: Side) -> BTreeMap<u32, Record> {
    side.items
        .iter()
        .cloned()
        .map(Record::Placed)
        .chain(side.orphans.iter().cloned().map(Record::Orphan))
        .map(|r| (r.id(), r))
        .collect()
}

/// Merges `ours` and `theirs`, two versions made from `base`.
pub fn merge(base: Side, ours: Side, theirs: Side) -> Merged {
    let base_status = base.status;
    let old_conflicts = |side: Side| -> BTreeMap<u32, Conflict> {
        side.conflicts.iter().map(|c| (c.id, c.clone())).collect()
    };
    let (base_c, ours_c, mut theirs_c) = (
        old_conflicts(base),
        old_conflicts(ours),
        old_conflicts(theirs),
    );
    let base = records(base);
    let ours_map = records(ours);
    let mut theirs_map = records(theirs);
    let mut report = Report::default();

    // Their additions: matched with ours, or renumbered where the id is taken.
    let ours_added: HashMap<(u8, &str, usize, usize), u32> = ours_map
        .values()
        .filter(|r| !base.contains_key(&r.id()))
        .map(|r| (r.spot(), r.id()))
        .collect();
    let mut added: Vec<&Record> = theirs_map
        .values()
        .filter(|r| !base.contains_key(&r.id()))
        .collect();
    added.sort_by_key(|r| (r.spot().0, r.spot().2, r.spot().3, r.id()));
    let mut used: BTreeSet<u32> = base
        .values()
        .chain(ours_map.values())
        .chain(theirs_map.values())
        .flat_map(|r| [Some(r.id()), r.speaker()])
        .flatten()
        .collect();
    let mut next = used.last().map_or(1, |m| m.saturating_add(1));
    let mut rename: HashMap<u32, u32> = HashMap::new();
    for r in &added {
        if let Some(&id) = ours_added.get(&r.spot()) {
            if id != r.id() {
                rename.insert(r.id(), id);
            }
            report.same += 1;
        } else if ours_map.contains_key(&r.id()) {
            while used.contains(&next) && next != u32::MAX {
                next += 1;
            }
            used.insert(next);
            rename.insert(r.id(), next);
            report.renumbered += 1;
        }
    }
    if !rename.is_empty() {
        let follow = |mut r: Record| {
            if let Some(&id) = rename.get(&r.id()) {
                r.set_id(id);
            }
            if let Some(s) = r.speaker().and_then(|s| rename.get(&s)) {
                r.set_speaker(Some(*s));
            }
            r
        };
        theirs_map = theirs_map
            .into_values()
            .map(|r| {
                let r = follow(r);
                (r.id(), r)
            })
            .collect();
        theirs_c = theirs_c
            .into_values()
            .map(|c| {
                let id = rename.get(&c.id).copied().unwrap_or(c.id);
                let c = Conflict {
                    id,
                    held: follow(c.held),
                    other: c.other.map(follow),
                };
                (id, c)
            })
            .collect();
    }

    // Per id.
    let ids: BTreeSet<u32> = base
        .keys()
        .chain(ours_map.keys())
        .chain(theirs_map.keys())
        .copied()
        .collect();
    let mut merged: BTreeMap<u32, Record> = BTreeMap::new();
    let mut conflicts = Vec::new();
    for id in ids {
        let (b, o, t) = (base.get(&id), ours_map.get(&id), theirs_map.get(&id));
        // Both changed it alike (who made it aside): one annotation, ours.
        let alike = match (o, t) {
            (Some(o), Some(t)) => o.alike(t),
            _ => false,
        };
        let pick = if o == t {
            o
        } else if b == o {
            match (b, t) {
                (None, Some(_)) => report.added += 1,
                (Some(_), Some(_)) => report.changed += 1,
                (Some(_), None) => report.removed += 1,
                (None, None) => {}
            }
            t
        } else if b == t || alike {
            o
        } else {
            let held = o.or(t);
            if let Some(held) = held {
                conflicts.push(Conflict {
                    id,
                    held: held.clone(),
                    other: if o.is_some() { t.cloned() } else { None },
                });
            }
            held
        };
        if let Some(r) = pick {
            merged.insert(id, r.clone());
        }
    }

    // Conflicts of earlier merges, merged by id as annotations are (one resolved on one
    // side is resolved); this merge's own conflicts come on top.
    let new_ids: BTreeSet<u32> = conflicts.iter().map(|c: &Conflict| c.id).collect();
    let ids: BTreeSet<u32> = base_c
        .keys()
        .chain(ours_c.keys())
        .chain(theirs_c.keys())
        .copied()
        .filter(|id| !new_ids.contains(id))
        .collect();
    for id in ids {
        let (b, o, t) = (base_c.get(&id), ours_c.get(&id), theirs_c.get(&id));
        let pick = if o == t || b == t {
            o
        } else if b == o {
            t
        } else {
            o.or(t)
        };
        if let Some(c) = pick {
            if merged.contains_key(&id) {
                conflicts.push(c.clone());
            }
        }
    }
    conflicts.sort_by_key(|c| c.id);

    // Links to what is gone.
    let present: BTreeSet<u32> = merged.keys().copied().collect();
    for r in merged.values_mut() {
        if r.speaker().is_some_and(|s| !present.contains(&s)) {
            r.set_speaker(None);
            report.unlinked += 1;
        }
    }

    // Two values: the side that changed it wins.
    let status = if ours.status == theirs.status || base_status != ours.status {
        ours.status
    } else {
        report.status = true;
        theirs.status
    };

    let mut items = Vec::new();
    let mut orphans = Vec::new();
    for r in merged.into_values() {
        match r {
            Record::Placed(a) => items.push(a),
            Record::Orphan(o) => orphans.push(o),
        }
    }
    items.sort_by_key(|a| (a.range.start, a.range.end, a.id));
    orphans.sort_by_key(|o| (o.start, o.end, o.id));
    let mut renamed: Vec<(u32, u32)> = rename.into_iter().collect();
    renamed.sort_unstable();
    Merged {
        items,
        orphans,
        status,
        conflicts,
        report,
        renamed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn a(id: u32, label: &str, start: usize, end: usize) -> Annotation {
        Annotation {
            id,
            ..Annotation::new(label, start..end)
        }
    }

    fn side(items: &[Annotation]) -> Side<'_> {
        Side {
            items,
            orphans: &[],
            status: Status::InProgress,
            conflicts: &[],
        }
    }

    #[test]
    fn colliding_ids_are_renumbered_in_text_order_and_links_follow() {
        let base = [a(1, "Speaker", 0, 5)];
        let ours = [a(1, "Speaker", 0, 5), a(2, "Country", 50, 55)];
        // They added a speaker and a claim linked to it, with the ids we used too.
        let mut claim = a(2, "Claim", 30, 40);
        claim.speaker = Some(3);
        let theirs = [a(1, "Speaker", 0, 5), claim, a(3, "Speaker", 20, 25)];
        let m = merge(side(&base), side(&ours), side(&theirs));
        let got: Vec<(u32, &str, Option<u32>)> = m
            .items
            .iter()
            .map(|x| (x.id, x.label.as_str(), x.speaker))
            .collect();
        // Their claim's id is ours: it takes the next free one, 4; their speaker's 3 is
        // free and stays; the claim still points at it.
        assert_eq!(
            got,
            [
                (1, "Speaker", None),
                (3, "Speaker", None),
                (4, "Claim", Some(3)),
                (2, "Country", None)
            ]
        );
        assert_eq!(m.renamed, [(2, 4)]);
        assert_eq!((m.report.added, m.report.renumbered), (2, 1));
        assert!(m.conflicts.is_empty());
    }

    #[test]
    fn one_span_tagged_alike_by_two_people_is_one_annotation_under_either_id() {
        let by = |mut x: Annotation, who: &str| {
            x.by = Some(who.into());
            x
        };
        let base: [Annotation; 0] = [];
        // Both tagged الصين first (id 1 on both sides) and a second span under other ids.
        let ours = [
            by(a(2, "Speaker", 0, 4), "mariam"),
            by(a(1, "Country", 10, 15), "mariam"),
        ];
        let theirs = [
            by(a(7, "Speaker", 0, 4), "omar"),
            by(a(1, "Country", 10, 15), "omar"),
        ];
        let m = merge(side(&base), side(&ours), side(&theirs));
        assert!(m.conflicts.is_empty(), "{:?}", m.conflicts);
        assert_eq!(m.items, ours, "kept once, as ours");
        // Told apart by anything else, the same id is a conflict: nothing dropped silently.
        let mut coded = by(a(1, "Country", 10, 15), "omar");
        coded.country = Some("CN".into());
        let m = merge(side(&base), side(&ours[1..]), side(&[coded]));
        assert_eq!(m.conflicts.len(), 1);
    }

    #[test]
    fn renumbering_goes_in_text_order() {
        let base: [Annotation; 0] = [];
        let ours = [a(1, "Country", 0, 5), a(2, "Country", 6, 9)];
        let mut claim = a(1, "Claim", 30, 40);
        claim.speaker = Some(2);
        let theirs = [claim, a(2, "Speaker", 20, 25)];
        let m = merge(side(&base), side(&ours), side(&theirs));
        // Their speaker (at 20) before their claim (at 30): 3 and 4.
        assert_eq!(m.renamed, [(1, 4), (2, 3)]);
        let claim = m.items.iter().find(|x| x.label == "Claim");
        assert_eq!(claim.map(|c| (c.id, c.speaker)), Some((4, Some(3))));
    }

    #[test]
    fn one_span_added_on_both_sides_is_kept_once() {
        let base: [Annotation; 0] = [];
        let ours = [a(1, "Country", 10, 15)];
        let mut claim = a(2, "Claim", 20, 30);
        claim.speaker = Some(1);
        let theirs = [a(1, "Speaker", 0, 5), claim, a(3, "Country", 10, 15)];
        let m = merge(side(&base), side(&ours), side(&theirs));
        let countries = m.items.iter().filter(|x| x.label == "Country").count();
        assert_eq!(countries, 1);
        assert_eq!(m.items.len(), 3);
        assert_eq!(m.report.same, 1);
        // Their speaker took a new id (1 is our country's), and the claim followed it.
        let speaker = m.items.iter().find(|x| x.label == "Speaker").map(|x| x.id);
        let claim = m.items.iter().find(|x| x.label == "Claim");
        assert_eq!(claim.and_then(|c| c.speaker), speaker);
        assert_ne!(speaker, Some(1));
    }

    #[test]
    fn a_deletion_wins_over_unchanged_and_a_change_on_both_sides_is_a_conflict() {
        let base = [
            a(1, "Speaker", 0, 5),
            a(2, "Claim", 10, 20),
            a(3, "Country", 30, 35),
        ];
        let ours = [
            a(1, "Speaker", 0, 5),
            a(2, "Claim", 10, 22),
            a(3, "Country", 30, 35),
        ];
        let theirs = [a(2, "Claim", 12, 20), a(3, "Speaker", 30, 35)];
        let m = merge(side(&base), side(&ours), side(&theirs));
        assert_eq!(m.report.removed, 1, "{m:?}");
        assert_eq!(m.report.changed, 1);
        assert!(m.items.iter().all(|x| x.id != 1));
        assert_eq!(
            m.items.iter().find(|x| x.id == 3).map(|x| &*x.label),
            Some("Speaker")
        );
        assert_eq!(
            m.conflicts,
            [Conflict {
                id: 2,
                held: Record::Placed(a(2, "Claim", 10, 22)),
                other: Some(Record::Placed(a(2, "Claim", 12, 20))),
            }]
        );
        // Ours stays in the set meanwhile.
        assert_eq!(
            m.items.iter().find(|x| x.id == 2).map(|x| x.range.clone()),
            Some(10..22)
        );
    }

    #[test]
    fn deleted_on_one_side_and_changed_on_the_other_keeps_the_change_in_conflict() {
        let base = [a(1, "Speaker", 0, 5)];
        let ours: [Annotation; 0] = [];
        let mut changed = a(1, "Speaker", 0, 5);
        changed.entity = Some("John Kerry".into());
        let theirs = [changed.clone()];
        let m = merge(side(&base), side(&ours), side(&theirs));
        assert_eq!(m.items, [changed.clone()]);
        assert_eq!(m.conflicts.len(), 1);
        // The set holds their change; the other version is our deletion.
        assert_eq!(m.conflicts[0].other, None);
    }

    #[test]
    fn a_link_to_what_the_other_side_deleted_is_cleared() {
        let base = [a(1, "Speaker", 0, 5)];
        let mut claim = a(2, "Claim", 10, 20);
        claim.speaker = Some(1);
        let ours = [a(1, "Speaker", 0, 5), claim];
        let theirs: [Annotation; 0] = [];
        let m = merge(side(&base), side(&ours), side(&theirs));
        assert_eq!(m.items.len(), 1);
        assert_eq!(m.items[0].speaker, None);
        assert_eq!(m.report.unlinked, 1);
    }

    #[test]
    fn the_status_a_side_changed_wins() {
        let none: [Annotation; 0] = [];
        let at = |status| Side {
            items: &none,
            orphans: &[],
            status,
            conflicts: &[],
        };
        let (ip, done) = (Status::InProgress, Status::Done);
        assert_eq!(merge(at(ip), at(ip), at(done)).status, done);
        assert!(merge(at(ip), at(ip), at(done)).report.status);
        assert_eq!(merge(at(ip), at(done), at(ip)).status, done);
        assert_eq!(merge(at(done), at(done), at(ip)).status, ip);
        assert_eq!(merge(at(done), at(ip), at(ip)).status, ip);
    }
}
