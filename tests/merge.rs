//! Properties of the three-way merge of annotation sets: an unchanged side gives the other
//! side, the merge is symmetric up to ids, and nothing either side added is lost.

// Test code: an unmet expectation is the test failing, said where it fails.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use hamish::annotate::merge::{merge, Merged, Record, Side};
use hamish::annotate::{Annotation, Orphan, Status};
use proptest::prelude::*;
use std::collections::BTreeSet;

const LABELS: [&str; 3] = ["Speaker", "Claim", "Country"];

/// A version of a set: annotations, orphans and status.
#[derive(Debug, Clone)]
struct Set {
    items: Vec<Annotation>,
    orphans: Vec<Orphan>,
    status: Status,
}

impl Set {
    fn side(&self) -> Side<'_> {
        Side {
            items: &self.items,
            orphans: &self.orphans,
            status: self.status,
            conflicts: &[],
        }
    }

    fn next_id(&self) -> u32 {
        self.items
            .iter()
            .map(|a| a.id)
            .chain(self.orphans.iter().map(|o| o.id))
            .max()
            .unwrap_or(0)
            + 1
    }
}

/// An edit one annotator makes.
#[derive(Debug, Clone)]
enum Edit {
    Add {
        label: usize,
        start: usize,
        len: usize,
    },
    Delete(prop::sample::Index),
    Relabel(prop::sample::Index, usize),
    Move(prop::sample::Index, usize),
    Entity(prop::sample::Index, u8),
    Link(prop::sample::Index, prop::sample::Index),
    Status,
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        3 => (0..3usize, 0..40usize, 1..6usize).prop_map(|(label, start, len)| Edit::Add { label, start, len }),
        1 => any::<prop::sample::Index>().prop_map(Edit::Delete),
        1 => (any::<prop::sample::Index>(), 0..3usize).prop_map(|(i, l)| Edit::Relabel(i, l)),
        1 => (any::<prop::sample::Index>(), 0..40usize).prop_map(|(i, s)| Edit::Move(i, s)),
        1 => (any::<prop::sample::Index>(), 0..3u8).prop_map(|(i, e)| Edit::Entity(i, e)),
        1 => (any::<prop::sample::Index>(), any::<prop::sample::Index>()).prop_map(|(a, b)| Edit::Link(a, b)),
        1 => Just(Edit::Status),
    ]
}

/// `set` after `edits` by `who`, made as the app makes them: new ids past the highest, no
/// second annotation with one label on one span.
fn apply(set: &Set, edits: &[Edit], who: &str) -> Set {
    let mut s = set.clone();
    for e in edits {
        let n = s.items.len();
        match e {
            Edit::Add { label, start, len } => {
                let a = Annotation {
                    id: s.next_id(),
                    by: Some(who.to_string()),
                    ..Annotation::new(LABELS[*label], *start..start + len)
                };
                if !s
                    .items
                    .iter()
                    .any(|x| x.label == a.label && x.range == a.range)
                {
                    s.items.push(a);
                }
            }
            Edit::Delete(i) if n > 0 => {
                let gone = s.items.remove(i.index(n)).id;
                for x in &mut s.items {
                    if x.speaker == Some(gone) {
                        x.speaker = None;
                    }
                }
            }
            Edit::Relabel(i, l) if n > 0 => {
                let k = i.index(n);
                let label = LABELS[*l];
                let range = s.items[k].range.clone();
                if !s.items.iter().any(|x| x.label == label && x.range == range) {
                    s.items[k].label = label.to_string();
                }
            }
            Edit::Move(i, start) if n > 0 => {
                let k = i.index(n);
                let len = s.items[k].range.len();
                let range = *start..start + len;
                let label = s.items[k].label.clone();
                if !s.items.iter().any(|x| x.label == label && x.range == range) {
                    s.items[k].range = range;
                }
            }
            Edit::Entity(i, e) if n > 0 => {
                let k = i.index(n);
                s.items[k].entity = Some(format!("entity {e}"));
            }
            Edit::Link(a, b) if n > 0 => {
                let (a, b) = (a.index(n), b.index(n));
                if a != b {
                    s.items[a].speaker = Some(s.items[b].id);
                }
            }
            Edit::Status => {
                s.status = match s.status {
                    Status::Done => Status::InProgress,
                    Status::InProgress => Status::Done,
                }
            }
            _ => {}
        }
    }
    s.items.sort_by_key(|a| (a.range.start, a.range.end, a.id));
    s
}

fn sets() -> impl Strategy<Value = (Set, Set, Set)> {
    (
        prop::collection::vec(edit(), 0..12),
        prop::collection::vec(edit(), 0..8),
        prop::collection::vec(edit(), 0..8),
        prop::collection::vec((0..3usize, 0..40usize), 0..3),
    )
        .prop_map(|(b, o, t, orphans)| {
            let empty = Set {
                items: Vec::new(),
                orphans: Vec::new(),
                status: Status::InProgress,
            };
            let mut base = apply(&empty, &b, "base");
            for (label, start) in orphans {
                let id = base.next_id();
                base.orphans.push(Orphan {
                    id,
                    label: LABELS[label].into(),
                    start,
                    end: start + 2,
                    quote: "غائب".into(),
                    entity: None,
                    country: None,
                    speaker: None,
                    by: None,
                });
            }
            base.orphans.sort_by_key(|o| (o.start, o.end, o.id));
            // Two people: what both tag alike differs in who made it.
            let ours = apply(&base, &o, "ours");
            let theirs = apply(&base, &t, "theirs");
            (base, ours, theirs)
        })
}

/// Where an annotation is: label and place.
type Spot = (String, usize, usize);

/// An annotation without its id; its link as the place of what it links to (both places,
/// when that is in conflict and each merge keeps its own side's version).
type Plain = (String, usize, usize, Option<String>, Option<Vec<Spot>>);

fn spot(r: &Record) -> Spot {
    match r {
        Record::Placed(a) => (a.label.clone(), a.range.start, a.range.end),
        Record::Orphan(o) => (o.label.clone(), o.start + 1000, o.end + 1000),
    }
}

fn plain_of(r: &Record, m: &Merged, all: &[Record]) -> Plain {
    let (label, start, end) = spot(r);
    let entity = match r {
        Record::Placed(a) => a.entity.clone(),
        Record::Orphan(o) => o.entity.clone(),
    };
    let link = r.speaker().map(|s| {
        let mut spots: Vec<Spot> = match m.conflicts.iter().find(|c| c.id == s) {
            Some(c) => std::iter::once(&c.held).chain(&c.other).map(spot).collect(),
            None => all.iter().filter(|x| x.id() == s).map(spot).collect(),
        };
        spots.sort();
        spots
    });
    (label, start, end, entity, link)
}

fn all_records(m: &Merged) -> Vec<Record> {
    m.items
        .iter()
        .cloned()
        .map(Record::Placed)
        .chain(m.orphans.iter().cloned().map(Record::Orphan))
        .collect()
}

/// The merged set without ids, conflicts as unordered pairs.
/// Two versions of a conflict, without ids, in order.
type Pair = (Option<Plain>, Option<Plain>);

fn plain(m: &Merged) -> (Vec<Plain>, Vec<Pair>, Status) {
    let all = all_records(m);
    let conflicted: BTreeSet<u32> = m.conflicts.iter().map(|c| c.id).collect();
    let mut set: Vec<Plain> = all
        .iter()
        .filter(|r| !conflicted.contains(&r.id()))
        .map(|r| plain_of(r, m, &all))
        .collect();
    set.sort();
    let mut conflicts: Vec<Pair> = m
        .conflicts
        .iter()
        .map(|c| {
            let a = Some(plain_of(&c.held, m, &all));
            let b = c.other.as_ref().map(|r| plain_of(r, m, &all));
            if a <= b {
                (a, b)
            } else {
                (b, a)
            }
        })
        .collect();
    conflicts.sort();
    (set, conflicts, m.status)
}

fn ids_unique(m: &Merged) -> bool {
    let mut seen = BTreeSet::new();
    all_records(m).iter().all(|r| seen.insert(r.id()))
}

proptest! {
    #![proptest_config(common::annotations::config(400))]

    #[test]
    fn an_unchanged_side_gives_the_other((base, ours, theirs) in sets()) {
        let m = merge(base.side(), base.side(), theirs.side());
        prop_assert_eq!(&m.items, &theirs.items);
        prop_assert_eq!(&m.orphans, &theirs.orphans);
        prop_assert_eq!(m.status, theirs.status);
        prop_assert!(m.conflicts.is_empty());
        let m = merge(base.side(), ours.side(), base.side());
        prop_assert_eq!(&m.items, &ours.items);
        prop_assert_eq!(&m.orphans, &ours.orphans);
        prop_assert_eq!(m.status, ours.status);
        prop_assert!(m.conflicts.is_empty());
        prop_assert!(m.report.is_empty());
    }

    #[test]
    fn the_merge_is_symmetric_up_to_ids((base, ours, theirs) in sets()) {
        let a = merge(base.side(), ours.side(), theirs.side());
        let b = merge(base.side(), theirs.side(), ours.side());
        prop_assert!(ids_unique(&a) && ids_unique(&b));
        prop_assert_eq!(plain(&a).1, plain(&b).1);
        prop_assert_eq!(plain(&a).2, plain(&b).2);
        // Outside conflicts (where each keeps its own side's version) the sets agree.
        prop_assert_eq!(plain(&a).0, plain(&b).0);
    }

    #[test]
    fn nothing_either_side_added_is_lost((base, ours, theirs) in sets()) {
        let m = merge(base.side(), ours.side(), theirs.side());
        let kept: BTreeSet<(String, usize, usize)> = m
            .items
            .iter()
            .map(|a| (a.label.clone(), a.range.start, a.range.end))
            .chain(m.conflicts.iter().flat_map(|c| std::iter::once(&c.held).chain(&c.other)).filter_map(|r| match r {
                Record::Placed(a) => Some((a.label.clone(), a.range.start, a.range.end)),
                Record::Orphan(_) => None,
            }))
            .collect();
        let base_ids: BTreeSet<u32> = base.items.iter().map(|a| a.id).chain(base.orphans.iter().map(|o| o.id)).collect();
        for a in ours.items.iter().chain(&theirs.items).filter(|a| !base_ids.contains(&a.id)) {
            prop_assert!(
                kept.contains(&(a.label.clone(), a.range.start, a.range.end)),
                "lost {:?}", a
            );
        }
        // Every link points at an annotation of the set.
        let ids: BTreeSet<u32> = m.items.iter().map(|a| a.id).chain(m.orphans.iter().map(|o| o.id)).collect();
        for a in &m.items {
            prop_assert!(a.speaker.is_none_or(|s| ids.contains(&s)), "{:?}", a);
        }
    }

    #[test]
    fn merging_twice_gives_the_same_bytes((base, ours, theirs) in sets()) {
        prop_assert_eq!(
            merge(base.side(), ours.side(), theirs.side()),
            merge(base.side(), ours.side(), theirs.side())
        );
    }
}
