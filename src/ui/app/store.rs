//! Where the annotations of the open text live on disk, and how saving went. The app saves
//! from one place, after every event, when the annotations' revision is not the one on disk
//! ([`Store::sync`]); handlers only ask whether the annotations may change
//! ([`Store::editable`]).
//!
//! The file is shared: another window, another annotator on a shared folder, or `git pull`
//! may change it while it is open. So every save first looks at what is on disk (its bytes'
//! hash against those last read or written); when they changed, the new version is merged
//! three-way ([`crate::annotate::merge`]) into the one in memory, with the version last read
//! or written as the base, and the union is written. Between that look and the write the
//! text file is locked (an advisory lock), so two hamish windows never interleave. A version
//! on disk that cannot be read is never written over: the article turns read-only with the
//! reason, and what was not saved goes to a recovery file at quit. Between saves, a change on
//! disk is noticed by its size and time and merged in the same way.

use super::presence::{self, Presence};
use crate::annotate::merge::{self, Side};
use crate::annotate::store::{self, Loaded, Step};
use crate::annotate::{Annotation, Annotations, Conflict, Orphan, Status};
use crate::text::Document;
use sha2::{Digest, Sha256};
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

/// Where the annotations of the open text are saved, and how the last save went.
#[derive(Debug)]
pub struct Session {
    /// The `.ron` file.
    path: PathBuf,
    /// The annotator named in the file.
    annotator: Option<String>,
    /// Who is annotating (`--annotator`, else the login name): the `by` of what they add.
    user: Option<String>,
    /// The text file, locked while the annotation file is read, merged and written.
    text: PathBuf,
    /// The revision of the annotations that is on disk.
    saved: u64,
    /// Why the last save failed.
    error: Option<String>,
    /// The version on disk, as last read or written: the base of the next merge.
    base: Base,
    /// Why the version on disk cannot be read, while it cannot.
    broken: Option<String>,
    /// The file must be written even if the annotations did not change (re-anchored on
    /// open).
    pending: bool,
    /// For tests: make saves fail at this step, as a full disk would.
    fault: Option<Step>,
    /// Where the annotations went when they could not be saved at quit.
    recovery: Option<PathBuf>,
    /// This window's hold on the article, taken when the file is read.
    presence: Option<Presence>,
    /// Who else has the article open, when another window held it at open.
    elsewhere: Option<String>,
    /// Size and time of the text file as read, to notice it changing.
    text_stamp: Option<(u64, SystemTime)>,
    /// For tests: the folder of recovery files, instead of the data folder.
    recovery_dir: Option<PathBuf>,
}

/// The version of the annotation file last read or written.
#[derive(Debug, Default)]
struct Base {
    /// The hash of its bytes; `None`: there was no file.
    hash: Option<[u8; 32]>,
    /// Size and modification time, for a cheap look between saves.
    stamp: Option<(u64, SystemTime)>,
    items: Vec<Annotation>,
    orphans: Vec<Orphan>,
    status: Status,
    conflicts: Vec<Conflict>,
}

impl Base {
    fn of(bytes: Option<&[u8]>, path: &Path, annotations: &Annotations) -> Base {
        Base::hashed(bytes.map(hash), path, annotations)
    }

    /// [`Base::of`] bytes whose hash is known.
    fn hashed(hash: Option<[u8; 32]>, path: &Path, annotations: &Annotations) -> Base {
        Base {
            hash,
            stamp: stamp(path),
            items: annotations.items().to_vec(),
            orphans: annotations.orphans().to_vec(),
            status: annotations.status(),
            conflicts: annotations.conflicts().to_vec(),
        }
    }

    fn side(&self) -> Side<'_> {
        Side {
            items: &self.items,
            orphans: &self.orphans,
            status: self.status,
            conflicts: &self.conflicts,
        }
    }
}

fn hash(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

fn stamp(path: &Path) -> Option<(u64, SystemTime)> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.len(), meta.modified().ok()?))
}

/// An exclusive advisory lock on the text file while the annotation file is read, merged
/// and written. Waits a little for another window's save; without a lock after that (or on
/// a file system without locks) the hash check still catches what changed.
struct Lock(Option<std::fs::File>);

impl Lock {
    fn take(text: &Path) -> Lock {
        let Ok(file) = std::fs::File::open(text) else {
            return Lock(None);
        };
        let until = Instant::now() + Duration::from_secs(2);
        loop {
            match file.try_lock() {
                Ok(()) => return Lock(Some(file)),
                Err(std::fs::TryLockError::WouldBlock) if Instant::now() < until => {
                    std::thread::sleep(Duration::from_millis(5));
                }
                Err(_) => return Lock(None),
            }
        }
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        if let Some(f) = &self.0 {
            let _ = f.unlock();
        }
    }
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
            text: text_path.to_path_buf(),
            user: annotator.clone().or_else(user_name),
            annotator,
            saved: 0,
            error: None,
            base: Base::default(),
            broken: None,
            pending: false,
            fault: None,
            recovery: None,
            presence: None,
            elsewhere: None,
            text_stamp: None,
            recovery_dir: None,
        })
    }

    /// The same article's store, to be read again (its text changed on disk).
    pub fn reopened(&self) -> Store {
        match self {
            Store::ReadOnly(why) => Store::ReadOnly(why.clone()),
            Store::Open(s) | Store::Waiting(s) => {
                let mut again = Store::beside(&s.text, s.annotator.clone());
                if let Store::Waiting(w) = &mut again {
                    w.user = s.user.clone();
                    w.fault = s.fault;
                    w.recovery_dir = s.recovery_dir.clone();
                }
                again
            }
        }
    }

    /// The text file, when it changed on disk since it was read (its size or time) and
    /// that was not [seen](Store::text_seen) yet.
    pub fn text_changed(&self) -> Option<PathBuf> {
        let Store::Open(session) = self else {
            return None;
        };
        let now = stamp(&session.text);
        (now.is_some() && now != session.text_stamp).then(|| session.text.clone())
    }

    /// The text file as it is now is known: no more [`Store::text_changed`] for it.
    pub fn text_seen(&mut self) {
        if let Store::Open(session) = self {
            session.text_stamp = stamp(&session.text);
        }
    }

    /// Who else had the article open when this window read it.
    pub fn elsewhere(&self) -> Option<&str> {
        self.session().and_then(|s| s.elsewhere.as_deref())
    }

    /// Reads the annotation file, if it is waiting to be read. A file that cannot be used
    /// leaves the text read-only, with the reason; it is never written over.
    pub fn load(&mut self, doc: &Document) -> Option<Result<Loaded, String>> {
        let Store::Waiting(session) = self else {
            return None;
        };
        let file = session.path.display().to_string();
        presence::remove_stale_temporaries_beside(&session.path);
        session.text_stamp = stamp(&session.text);
        let read = store::read(&session.path).and_then(|bytes| match &bytes {
            None => Ok((
                None,
                Loaded {
                    new: true,
                    ..Loaded::default()
                },
            )),
            Some(b) => store::parse_bytes(b, &file, doc).map(|l| (bytes.clone(), l)),
        });
        match read {
            Ok((bytes, loaded)) => {
                if session.annotator.is_none() {
                    session.annotator = loaded.annotator.clone().or_else(user_name);
                }
                session.saved = loaded.annotations.revision();
                session.base = Base::of(bytes.as_deref(), &session.path, &loaded.annotations);
                // Re-anchored: the new places are written at once, so the file and `check`
                // agree with what is shown.
                session.pending = loaded.text_changed && !loaded.new;
                let (presence, elsewhere) = Presence::take(&session.path, session.user.as_deref());
                session.presence = Some(presence);
                session.elsewhere = elsewhere;
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
            Store::Open(s) => match &s.broken {
                Some(why) => Err(why.clone()),
                None => Ok(()),
            },
            Store::Waiting(_) => Err("still reading the text".into()),
            Store::ReadOnly(why) => Err(why.clone()),
        }
    }

    /// What the status line says.
    pub fn state(&self) -> SaveState {
        match self {
            Store::Open(s) if s.error.is_some() || s.broken.is_some() => SaveState::NotSaved,
            Store::Open(_) => SaveState::Saved,
            _ => SaveState::ReadOnly,
        }
    }

    /// Whether the store wants a look every little while, with no key pressed: a failed
    /// save is tried again, and what another window or `git pull` changed on disk (the
    /// annotation file, or the text) comes in.
    pub fn wants_retry(&self) -> bool {
        matches!(self, Store::Open(_))
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

    /// Who is annotating: the name new annotations are made by.
    pub fn user(&self) -> Option<&str> {
        self.session().and_then(|s| s.user.as_deref())
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

    /// For tests: recovery files go to `dir` instead of the data folder.
    pub fn set_recovery_dir(&mut self, dir: &Path) {
        if let Store::Open(s) | Store::Waiting(s) = self {
            s.recovery_dir = Some(dir.to_path_buf());
        }
    }

    /// Brings the file and the annotations together: what changed on disk is merged into
    /// the annotations, and the annotations are written when they are not the revision on
    /// disk (or the last write failed). Returns what to tell the user: what came in from
    /// disk, or why the write failed (the annotations stay in memory and the next event
    /// tries again).
    pub fn sync(&mut self, doc: &Document, annotations: &mut Annotations) -> Option<String> {
        let Store::Open(session) = self else {
            return None;
        };
        let dirty =
            session.saved != annotations.revision() || session.error.is_some() || session.pending;
        if !dirty && session.broken.is_none() && stamp(&session.path) == session.base.stamp {
            return None;
        }
        let _lock = Lock::take(&session.text);
        let mut told = None;
        match store::read(&session.path) {
            Err(e) => return session.failed(e.to_string()),
            Ok(bytes) => {
                let now = bytes.as_deref().map(hash);
                if now != session.base.hash {
                    match bytes {
                        // Deleted on disk: what is in memory is written again (nothing lost).
                        None => {
                            session.base.hash = None;
                            session.pending = true;
                            told = Some(format!(
                                "{} was deleted on disk; written again",
                                session.path.display()
                            ));
                        }
                        Some(bytes) => match session.merge_in(&bytes, now, doc, annotations) {
                            Ok(m) => told = m,
                            Err(why) => return Some(why),
                        },
                    }
                } else {
                    session.base.stamp = stamp(&session.path);
                }
            }
        }
        session.broken = None;
        let dirty =
            session.saved != annotations.revision() || session.error.is_some() || session.pending;
        if !dirty {
            return told;
        }
        let text = store::render(doc, annotations, session.annotator.as_deref());
        let digest = hash(text.as_bytes());
        if session.base.hash == Some(digest) {
            // What the merge made is what is on disk already.
            session.saved = annotations.revision();
            session.pending = false;
            session.base = Base::hashed(Some(digest), &session.path, annotations);
            return told;
        }
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
                session.pending = false;
                session.base = Base::hashed(Some(digest), &session.path, annotations);
                told
            }
            Err(e) => session.failed(format!("not saved to {}: {e}", session.path.display())),
        }
    }

    /// At quit: annotations that still cannot be saved (the last save failed, or the file
    /// on disk turned unreadable before they were written) go to a new recovery file in the
    /// data folder (or the temporary folder). Returns what to tell the user, if anything.
    pub fn finish(&mut self, doc: &Document, annotations: &mut Annotations) -> Option<String> {
        self.sync(doc, annotations);
        let Store::Open(session) = self else {
            return None;
        };
        let unsaved = session.saved != annotations.revision() || session.pending;
        let why = match (&session.error, &session.broken) {
            (Some(error), _) => error.clone(),
            (None, Some(broken)) if unsaved => format!("not saved: {broken}"),
            _ => return None,
        };
        let text = store::render(doc, annotations, session.annotator.as_deref());
        let dirs = match &session.recovery_dir {
            Some(dir) => [Some(dir.clone()), None],
            None => [
                crate::dirs::data_dir().map(|d| d.join("recovery")),
                Some(std::env::temp_dir()),
            ],
        };
        let now = SystemTime::now();
        for dir in dirs.into_iter().flatten() {
            if let Ok(path) = write_recovery(&dir, &session.text, now, text.as_bytes()) {
                session.recovery = Some(path.clone());
                return Some(format!(
                    "{why}; the annotations were written to {} instead",
                    path.display()
                ));
            }
        }
        Some(format!("{why}; and no recovery file could be written"))
    }
}

/// Writes `bytes` to a new recovery file in `dir` (made if missing) for the text at `text`,
/// and returns its path. The name cannot be another article's or another run's: the
/// text's stem, a hash of its full path (two `article.txt` in two folders), the time in
/// UTC and the process id, then a number if that name is taken; a file already there is
/// never written over.
fn write_recovery(dir: &Path, text: &Path, now: SystemTime, bytes: &[u8]) -> io::Result<PathBuf> {
    use std::io::Write;
    std::fs::create_dir_all(dir)?;
    let stem: String = text
        .file_stem()
        .map_or("annotations".into(), |s| s.to_string_lossy().into_owned())
        .chars()
        .take(80)
        .collect();
    let full = std::fs::canonicalize(text)
        .or_else(|_| std::path::absolute(text))
        .unwrap_or_else(|_| text.to_path_buf());
    let digest = hash(full.as_os_str().as_encoded_bytes());
    let path_hash: String = digest[..6].iter().map(|b| format!("{b:02x}")).collect();
    let secs = now
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let base = format!(
        "{stem}-{path_hash}-{}-{}",
        utc_stamp(secs),
        std::process::id()
    );
    let mut tmp = tempfile::Builder::new()
        .prefix(".hamish-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    for n in 0..100 {
        let name = match n {
            0 => format!("{base}.ron"),
            n => format!("{base}-{n}.ron"),
        };
        let path = dir.join(name);
        match tmp.persist_noclobber(&path) {
            Ok(_) => return Ok(path),
            Err(e) if e.error.kind() == io::ErrorKind::AlreadyExists => tmp = e.file,
            Err(e) => return Err(e.error),
        }
    }
    Err(io::Error::new(
        io::ErrorKind::AlreadyExists,
        "every recovery file name is taken",
    ))
}

/// `secs` after the Unix epoch as a UTC stamp, `20240229T235959Z`.
fn utc_stamp(secs: u64) -> String {
    let (days, rest) = (secs / 86_400, secs % 86_400);
    // Days to a civil date (Howard Hinnant's algorithm), in a 400-year era from 0000-03-01.
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z % 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + u64::from(month <= 2);
    format!(
        "{year:04}{month:02}{day:02}T{:02}{:02}{:02}Z",
        rest / 3600,
        rest / 60 % 60,
        rest % 60
    )
}

impl Session {
    /// A save that did not happen: said now, and tried again on the next event.
    fn failed(&mut self, msg: String) -> Option<String> {
        self.error = Some(msg.clone());
        Some(format!(
            "{msg}; kept in memory, saving again on the next key"
        ))
    }

    /// Merges the version on disk (`bytes`, whose hash is `digest`) into `annotations`.
    /// Returns what came in, or,
    /// when that version cannot be read, why the article is read-only now.
    fn merge_in(
        &mut self,
        bytes: &[u8],
        digest: Option<[u8; 32]>,
        doc: &Document,
        annotations: &mut Annotations,
    ) -> Result<Option<String>, String> {
        let file = self.path.display().to_string();
        let theirs = match store::parse_bytes(bytes, &file, doc) {
            Ok(t) => t,
            Err(e) => {
                let why = format!("changed on disk and cannot be read, so not written over: {e}");
                let told = format!("read-only: {why}");
                self.broken = Some(why);
                return Err(told);
            }
        };
        let m = merge::merge(
            self.base.side(),
            Side::from(&*annotations),
            Side::from(&theirs.annotations),
        );
        let report = m.report;
        let conflicts = m
            .conflicts
            .iter()
            .filter(|c| annotations.conflict(c.id) != Some(c))
            .count();
        let t = &theirs.annotations;
        let same_as_disk = m.items == t.items()
            && m.orphans == t.orphans()
            && m.status == t.status()
            && m.conflicts == t.conflicts();
        let same_as_ours = m.items == annotations.items()
            && m.orphans == annotations.orphans()
            && m.status == annotations.status()
            && m.conflicts == annotations.conflicts();
        let dropped = if same_as_ours {
            0
        } else {
            annotations.absorb(m.items, m.orphans, m.status, m.conflicts)
        };
        // The version on disk is the base from now on; when the merge is that version,
        // there is nothing to write (another window's file differs only in its header).
        self.base = Base::hashed(digest, &self.path, t);
        if same_as_disk {
            self.saved = annotations.revision();
            self.error = None;
        }
        let mut told = Vec::new();
        if report.count() > 0 || report.status {
            told.push(format!("merged {} from disk", report.count()));
        }
        if conflicts > 0 {
            told.push(format!(
                "{conflicts} changed both here and on disk: yours shown, both kept (the list marks them)"
            ));
        }
        if report.unlinked > 0 {
            told.push(format!("{} claim(s) lost their speaker", report.unlinked));
        }
        if dropped > 0 {
            told.push(format!("{dropped} undo step(s) dropped"));
        }
        Ok((!told.is_empty()).then(|| told.join(" · ")))
    }
}

fn user_name() -> Option<String> {
    ["USER", "LOGNAME", "USERNAME"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|s| !s.is_empty()))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn recovery_files_of_two_articles_of_one_name_at_one_second_are_two() {
        let root = tempfile::tempdir().expect("temp");
        let recovery = root.path().join("recovery");
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let mut written = Vec::new();
        for folder in ["a", "b"] {
            let dir = root.path().join(folder);
            std::fs::create_dir_all(&dir).expect("mkdir");
            let text = dir.join("article.txt");
            std::fs::write(&text, "نص").expect("write");
            let bytes = format!("annotations of {folder}");
            written.push((
                write_recovery(&recovery, &text, now, bytes.as_bytes()),
                bytes,
            ));
        }
        // The same article twice in that second (closed and opened again in a folder).
        let again = root.path().join("a").join("article.txt");
        written.push((
            write_recovery(&recovery, &again, now, b"a again"),
            "a again".into(),
        ));
        let paths: Vec<PathBuf> = written
            .iter()
            .map(|(p, _)| p.as_ref().expect("written").clone())
            .collect();
        for (path, bytes) in paths.iter().zip(written.iter().map(|(_, b)| b)) {
            assert_eq!(&std::fs::read_to_string(path).expect("read"), bytes);
            let name = path.file_name().and_then(|n| n.to_str()).expect("name");
            assert!(
                name.starts_with("article-") && name.ends_with(".ron"),
                "{name}"
            );
            assert!(name.contains("20231114T221320Z"), "{name}");
            assert!(name.contains(&std::process::id().to_string()), "{name}");
        }
        assert_ne!(paths[0], paths[1]);
        assert_ne!(paths[0], paths[2]);
        assert_ne!(paths[1], paths[2]);
        let left: Vec<_> = std::fs::read_dir(&recovery)
            .expect("read dir")
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".tmp"))
            .collect();
        assert!(left.is_empty(), "{left:?}");
    }

    #[test]
    fn utc_stamps() {
        assert_eq!(utc_stamp(0), "19700101T000000Z");
        assert_eq!(utc_stamp(951_868_799), "20000229T235959Z");
        assert_eq!(utc_stamp(1_709_251_200), "20240301T000000Z");
        assert_eq!(utc_stamp(4_102_444_800), "21000101T000000Z");
    }
}
