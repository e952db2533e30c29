//! Undo and redo: a linear history of steps, each a list of reversible changes.

use super::annotation::{Annotation, Orphan, Status};

/// One reversible change. `Put` replaces an annotation (`before` → `after`): with no
/// `before` it adds, with no `after` it removes, with both it edits.
// A step holds a handful of changes; boxing them would cost an allocation each for nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Put {
        before: Option<Annotation>,
        after: Option<Annotation>,
    },
    Status {
        before: Status,
        after: Status,
    },
    /// The same as `Put`, for an annotation that could not be placed in the text.
    Orphan {
        before: Option<Orphan>,
        after: Option<Orphan>,
    },
}

impl Change {
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
        }
    }
}

/// Steps done and undone. Unlimited within a run: a step holds a few annotations.
#[derive(Debug, Default)]
pub struct History {
    done: Vec<Vec<Change>>,
    undone: Vec<Vec<Change>>,
}

impl History {
    /// Records a new step; what was undone can no longer be redone.
    pub fn record(&mut self, step: Vec<Change>) {
        self.done.push(step);
        self.undone.clear();
    }

    /// The step to undo (its changes are to be applied inverted, last first).
    pub fn undo(&mut self) -> Option<Vec<Change>> {
        let step = self.done.pop()?;
        self.undone.push(step.clone());
        Some(step)
    }

    /// The step to redo.
    pub fn redo(&mut self) -> Option<Vec<Change>> {
        let step = self.undone.pop()?;
        self.done.push(step.clone());
        Some(step)
    }
}
