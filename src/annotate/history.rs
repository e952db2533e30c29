//! Undo and redo: a linear history of steps, each a list of reversible changes.

use super::change::Change;

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

    /// Keeps only the steps (done or undone) whose every change `keep` accepts; returns how
    /// many were dropped.
    pub fn retain(&mut self, keep: impl Fn(&Change) -> bool) -> usize {
        let before = self.done.len() + self.undone.len();
        self.done.retain(|step| step.iter().all(&keep));
        self.undone.retain(|step| step.iter().all(&keep));
        before - self.done.len() - self.undone.len()
    }
}
