//! Where the annotations of the open text live on disk, and how saving went. The app saves
//! from one place, after every event, when the annotations' revision is not the one on disk
//! ([`Store::sync`]); handlers only ask whether the annotations may change
//! ([`Store::editable`]).

use crate::annotate::store::{self, Loaded, Step};
use crate::annotate::Annotations;
use crate::text::Document;
use std::io;
use std::path::{Path, PathBuf};

/// Where the annotations of the open text are saved, and how the last save went.
#[derive(Debug)]
pub struct Session {
    /// The `.ron` file.
    path: PathBuf,
    annotator: Option<String>,
    /// The revision of the annotations that is on disk.
    saved: u64,
    /// Why the last save failed.
    error: Option<String>,
    /// For tests: make saves fail at this step, as a full disk would.
    fault: Option<Step>,
    /// Where the annotations went when they could not be saved at quit.
    recovery: Option<PathBuf>,
}

/// The annotation file of the open text, as far as it is known.
#[derive(Debug)]
pub enum Store {
    /// The annotations cannot be changed: why.
    ReadOnly(String),
    /// The file is read once the whole text is (a big file shows its head first).
    Waiting(Session),
    /// Read, and written after every change.
    Open(Session),
}

/// What the status line says of saving.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaveState {
    /// Every change is on disk.
    Saved,
    /// The last save failed; the annotations are kept in memory.
    NotSaved,
    /// The annotations cannot be changed.
    ReadOnly,
}

impl Store {
    /// The store of the text at `text_path`: `<stem>.ron` beside it, read by
    /// [`Store::load`].
    pub fn beside(text_path: &Path, annotator: Option<String>) -> Store {
        Store::Waiting(Session {
            path: store::ron_path(text_path),
            annotator,
            saved: 0,
            error: None,
            fault: None,
            recovery: None,
        })
    }

    /// Reads the annotation file, if it is waiting to be read. A file that cannot be used
    /// leaves the text read-only, with the reason; it is never written over.
    pub fn load(&mut self, doc: &Document) -> Option<Result<Loaded, String>> {
        let Store::Waiting(session) = self else {
            return None;
        };
        match store::load(&session.path, doc) {
            Ok(loaded) => {
                if session.annotator.is_none() {
                    session.annotator = loaded.annotator.clone().or_else(user_name);
                }
                session.saved = loaded.annotations.revision();
                let open = std::mem::replace(self, Store::ReadOnly(String::new()));
                if let Store::Waiting(s) = open {
                    *self = Store::Open(s);
                }
                Some(Ok(loaded))
            }
            Err(e) => {
                let e = e.to_string();
                *self = Store::ReadOnly(e.clone());
                Some(Err(e))
            }
        }
    }

    /// Why the annotations cannot be changed now, if they cannot.
    pub fn editable(&self) -> Result<(), String> {
        match self {
            Store::Open(_) => Ok(()),
            Store::Waiting(_) => Err("still reading the text".into()),
            Store::ReadOnly(why) => Err(why.clone()),
        }
    }

    /// What the status line says.
    pub fn state(&self) -> SaveState {
        match self {
            Store::Open(s) if s.error.is_some() => SaveState::NotSaved,
            Store::Open(_) => SaveState::Saved,
            _ => SaveState::ReadOnly,
        }
    }

    /// Whether saving failed and should be tried again after a while.
    pub fn wants_retry(&self) -> bool {
        self.state() == SaveState::NotSaved
    }

    fn session(&self) -> Option<&Session> {
        match self {
            Store::Open(s) | Store::Waiting(s) => Some(s),
            Store::ReadOnly(_) => None,
        }
    }

    /// The annotation file, when there is one to write.
    pub fn path(&self) -> Option<&Path> {
        self.session().map(|s| s.path.as_path())
    }

    /// Where the annotations went at quit, when they could not be saved.
    pub fn recovery(&self) -> Option<&Path> {
        self.session().and_then(|s| s.recovery.as_deref())
    }

    /// For tests: saves fail at `step` from now on, as on a full disk (`None`: they work).
    pub fn set_fault(&mut self, step: Option<Step>) {
        if let Store::Open(s) | Store::Waiting(s) = self {
            s.fault = step;
        }
    }

    /// Writes the annotations when they are not the revision on disk, or the last write
    /// failed. Returns what to tell the user when the write fails; the annotations stay in
    /// memory and the next event tries again.
    pub fn sync(&mut self, doc: &Document, annotations: &Annotations) -> Option<String> {
        let Store::Open(session) = self else {
            return None;
        };
        if session.saved == annotations.revision() && session.error.is_none() {
            return None;
        }
        let text = store::render(doc, annotations, session.annotator.as_deref());
        let fault = session.fault;
        let result = store::write_atomic_with(&session.path, text.as_bytes(), &mut |step| {
            if Some(step) == fault {
                Err(io::Error::new(
                    io::ErrorKind::StorageFull,
                    "no space left on device",
                ))
            } else {
                Ok(())
            }
        });
        match result {
            Ok(()) => {
                session.saved = annotations.revision();
                session.error = None;
                None
            }
            Err(e) => {
                let msg = format!("not saved to {}: {e}", session.path.display());
                session.error = Some(msg.clone());
                Some(format!(
                    "{msg}; kept in memory, saving again on the next key"
                ))
            }
        }
    }

    /// At quit: annotations that still cannot be saved go to a recovery file in the data
    /// folder (or the temporary folder). Returns what to tell the user, if anything.
    pub fn finish(&mut self, doc: &Document, annotations: &Annotations) -> Option<String> {
        self.sync(doc, annotations);
        let Store::Open(session) = self else {
            return None;
        };
        session.error.as_ref()?;
        let text = store::render(doc, annotations, session.annotator.as_deref());
        let stem = session
            .path
            .file_stem()
            .map_or("annotations".into(), |s| s.to_string_lossy().into_owned());
        let stamp = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let name = format!("{stem}-{stamp}.ron");
        let dirs = [
            crate::dirs::data_dir().map(|d| d.join("recovery")),
            Some(std::env::temp_dir()),
        ];
        for dir in dirs.into_iter().flatten() {
            let path = dir.join(&name);
            if std::fs::create_dir_all(&dir).is_ok()
                && store::write_atomic(&path, text.as_bytes()).is_ok()
            {
                session.recovery = Some(path.clone());
                return Some(format!(
                    "{}; the annotations were written to {} instead",
                    session.error.as_deref().unwrap_or("not saved"),
                    path.display()
                ));
            }
        }
        Some(format!(
            "{}; and no recovery file could be written",
            session.error.as_deref().unwrap_or("not saved")
        ))
    }
}

fn user_name() -> Option<String> {
    ["USER", "LOGNAME", "USERNAME"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|s| !s.is_empty()))
}
