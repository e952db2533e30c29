//! What is annotated and how it changes: one span ([`Annotation`]), one that lost its place
//! in a changed text ([`Orphan`]), the article's [`Status`], and the reversible [`Change`]
//! that every edit, undo and redo is made of. The types the history and the annotations
//! both speak of, so that neither has to import the other.

use std::ops::Range;

/// One annotated span. `range` is in bytes of the text; the store writes chars.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Annotation {
    /// Unique within the article's file, never reused while a link may name it.
    pub id: u32,
    /// The name of its schema label.
    pub label: String,
    /// Bytes of the text, on grapheme boundaries.
    pub range: Range<usize>,
    /// For a Speaker: the name that groups its mentions.
    pub entity: Option<String>,
    /// For a Country: its ISO 3166-1 alpha-2 code.
    pub country: Option<String>,
    /// For a Claim: the id of its Speaker mention.
    pub speaker: Option<u32>,
    /// Who made it (the annotator's name), where known: a file shared by a team still
    /// tells whose each annotation is.
    pub by: Option<String>,
}

impl Annotation {
    /// A span with a label and nothing else; [`Annotations::add`](super::Annotations::add)
    /// gives it its id.
    pub fn new(label: &str, range: Range<usize>) -> Annotation {
        Annotation {
            id: 0,
            label: label.to_string(),
            range,
            entity: None,
            country: None,
            speaker: None,
            by: None,
        }
    }

    /// The order annotations are kept in: by start, end and id.
    pub(super) fn key(&self) -> (usize, usize, u32) {
        (self.range.start, self.range.end, self.id)
    }
}

/// Whether the annotator has finished the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum Status {
    /// Being annotated (also a text not started).
    #[default]
    InProgress,
    /// Marked done by the annotator.
    Done,
}

/// An annotation that could not be placed in a changed text: kept as it was stored, shown,
/// and written back, never dropped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Orphan {
    /// Its id, as stored: it keeps it among the placed annotations.
    pub id: u32,
    /// The name of its label.
    pub label: String,
    /// Chars, as stored.
    pub start: usize,
    /// Chars, as stored (exclusive).
    pub end: usize,
    /// The text it covered when it was stored.
    pub quote: String,
    /// As [`Annotation::entity`].
    pub entity: Option<String>,
    /// As [`Annotation::country`].
    pub country: Option<String>,
    /// As [`Annotation::speaker`].
    pub speaker: Option<u32>,
    /// As [`Annotation::by`].
    pub by: Option<String>,
}

/// One version of an annotation: placed in the text, or kept as an orphan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Record {
    /// Placed in the text.
    Placed(Annotation),
    /// Not placed: as stored.
    Orphan(Orphan),
}

impl Record {
    /// Its id.
    pub fn id(&self) -> u32 {
        match self {
            Record::Placed(a) => a.id,
            Record::Orphan(o) => o.id,
        }
    }

    /// The id of the annotation it links to.
    pub fn speaker(&self) -> Option<u32> {
        match self {
            Record::Placed(a) => a.speaker,
            Record::Orphan(o) => o.speaker,
        }
    }

    pub(super) fn set_id(&mut self, id: u32) {
        match self {
            Record::Placed(a) => a.id = id,
            Record::Orphan(o) => o.id = id,
        }
    }

    pub(super) fn set_speaker(&mut self, speaker: Option<u32>) {
        match self {
            Record::Placed(a) => a.speaker = speaker,
            Record::Orphan(o) => o.speaker = speaker,
        }
    }

    /// The same annotation in every field but who made it: what two people who tagged
    /// one span alike both made.
    pub fn alike(&self, other: &Record) -> bool {
        let anonymous = |r: &Record| {
            let mut r = r.clone();
            match &mut r {
                Record::Placed(a) => a.by = None,
                Record::Orphan(o) => o.by = None,
            }
            r
        };
        anonymous(self) == anonymous(other)
    }

    /// What makes two additions the same annotation: label and place.
    pub(super) fn spot(&self) -> (u8, &str, usize, usize) {
        match self {
            Record::Placed(a) => (0, &a.label, a.range.start, a.range.end),
            Record::Orphan(o) => (1, &o.label, o.start, o.end),
        }
    }
}

/// An annotation changed on two sides of a merge, differently: both versions are kept
/// until someone chooses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    /// The id in the merged set.
    pub id: u32,
    /// The version the set holds: ours, or theirs where we deleted it.
    pub held: Record,
    /// The other version (`None`: that side deleted it).
    pub other: Option<Record>,
}

/// One reversible change. `Put` replaces an annotation (`before` → `after`): with no
/// `before` it adds, with no `after` it removes, with both it edits.
// A step holds a handful of changes; boxing them would cost an allocation each for nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// An annotation added, removed or edited.
    Put {
        /// The annotation as it was, if it was there.
        before: Option<Annotation>,
        /// The annotation as it becomes, if it stays.
        after: Option<Annotation>,
    },
    /// The article's status set.
    Status {
        /// As it was.
        before: Status,
        /// As it becomes.
        after: Status,
    },
    /// The same as `Put`, for an annotation that could not be placed in the text.
    Orphan {
        /// The orphan as it was, if it was there.
        before: Option<Orphan>,
        /// The orphan as it becomes, if it stays.
        after: Option<Orphan>,
    },
    /// A conflict of a merge recorded or resolved.
    Conflict {
        /// The conflict as it was, if there was one.
        before: Option<Conflict>,
        /// The conflict as it becomes, if it stays.
        after: Option<Conflict>,
    },
}

impl Change {
    /// The change that undoes this one.
    pub fn inverse(&self) -> Change {
        match self {
            Change::Put { before, after } => Change::Put {
                before: after.clone(),
                after: before.clone(),
            },
            Change::Status { before, after } => Change::Status {
                before: *after,
                after: *before,
            },
            Change::Orphan { before, after } => Change::Orphan {
                before: after.clone(),
                after: before.clone(),
            },
            Change::Conflict { before, after } => Change::Conflict {
                before: after.clone(),
                after: before.clone(),
            },
        }
    }
}
