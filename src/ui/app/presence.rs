//! Who else has the article open, and what a save cut short left behind.
//!
//! The first window on an article holds an exclusive advisory lock on a small hidden file
//! beside it (`.article.ron.lock`) that names its process, machine and user; a second
//! window cannot take the lock, reads the name, and says the article is open elsewhere. It
//! still works: every save merges with what is on disk. The lock goes with the process, so
//! a window that was killed leaves a file that the next one takes over. `hamish init`
//! lists the file in `.gitignore`.
//!
//! A save writes a temporary file (`.hamish-*.tmp`) and renames it over the annotation
//! file; a process killed in between leaves the temporary file. Those older than any save
//! could take are removed when an article of their folder opens.

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// A temporary file this old is left over from a save that was cut short.
const STALE: Duration = Duration::from_secs(15 * 60);

/// The presence file of the annotation file at `ron`: hidden, beside it.
pub fn lock_path(ron: &Path) -> PathBuf {
    let name = ron.file_name().map_or("annotations.ron".into(), |n| {
        n.to_string_lossy().into_owned()
    });
    ron.with_file_name(format!(".{name}.lock"))
}

/// This window's hold on an article, while it is open.
#[derive(Debug)]
pub struct Presence {
    /// Held: the locked file, removed when the article closes.
    held: Option<(File, PathBuf)>,
}

impl Presence {
    /// Takes the article whose annotation file is `ron`. Returns the hold, and who else has
    /// it open (their process, machine and user) when another window holds it.
    pub fn take(ron: &Path, user: Option<&str>) -> (Presence, Option<String>) {
        let path = lock_path(ron);
        let none = Presence { held: None };
        let mut options = OpenOptions::new();
        options.read(true).write(true).create(true).truncate(false);
        #[cfg(unix)]
        {
            // Never through a link (a corpus could carry one to a file of the user's, which
            // would be emptied) and never waiting on a FIFO.
            use std::os::unix::fs::OpenOptionsExt;
            options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_NOCTTY);
        }
        let Ok(mut file) = options.open(&path) else {
            // A folder that cannot be written, or a link: nothing to tell others with.
            return (none, None);
        };
        if !file.metadata().is_ok_and(|m| m.is_file()) {
            return (none, None);
        }
        match file.try_lock() {
            Ok(()) => {
                let who = format!(
                    "pid {} on {}{}\n",
                    std::process::id(),
                    host(),
                    user.map(|u| format!(", {u}")).unwrap_or_default()
                );
                let _ = file.set_len(0);
                let _ = file.rewind();
                let _ = file.write_all(who.as_bytes());
                let _ = file.flush();
                (
                    Presence {
                        held: Some((file, path)),
                    },
                    None,
                )
            }
            Err(std::fs::TryLockError::WouldBlock) => {
                let mut who = String::new();
                let _ = (&file).take(256).read_to_string(&mut who);
                let who = who.lines().next().unwrap_or("").trim().to_string();
                let who = if who.is_empty() {
                    "another window".to_string()
                } else {
                    who
                };
                (none, Some(who))
            }
            // A file system without locks.
            Err(_) => (none, None),
        }
    }

    /// Whether this window holds the article.
    #[cfg(test)]
    pub fn held(&self) -> bool {
        self.held.is_some()
    }
}

impl Drop for Presence {
    fn drop(&mut self) {
        if let Some((file, path)) = self.held.take() {
            // Removed while still locked, so no other window reads it half gone.
            let _ = std::fs::remove_file(&path);
            let _ = file.unlock();
        }
    }
}

/// The machine's name, for telling where else an article is open.
fn host() -> String {
    ["/proc/sys/kernel/hostname", "/etc/hostname"]
        .iter()
        .find_map(|p| std::fs::read_to_string(p).ok())
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .or_else(|| std::env::var("HOSTNAME").ok().filter(|s| !s.is_empty()))
        .unwrap_or_else(|| "this machine".into())
}

/// Removes the temporary files of saves cut short in the folder of `file` (see the module
/// comment). Returns how many.
pub fn remove_stale_temporaries_beside(file: &Path) -> usize {
    let dir = match file.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    remove_temporaries_older_than(dir, STALE)
}

fn remove_temporaries_older_than(dir: &Path, age: Duration) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let now = SystemTime::now();
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !(name.starts_with(".hamish-") && name.ends_with(".tmp")) {
            continue;
        }
        let Ok(meta) = entry.metadata() else {
            continue;
        };
        let old = meta
            .modified()
            .ok()
            .and_then(|m| now.duration_since(m).ok())
            .is_some_and(|d| d >= age);
        if meta.is_file() && old && std::fs::remove_file(entry.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_window_is_told_who_holds_the_article_and_takes_it_once_free() {
        let dir = tempfile::tempdir().expect("temp");
        let ron = dir.path().join("a.ron");
        let (first, told) = Presence::take(&ron, Some("alice"));
        assert!(first.held() && told.is_none());
        let (second, told) = Presence::take(&ron, Some("bob"));
        assert!(!second.held());
        let told = told.expect("told who has it");
        assert!(
            told.contains(&format!("pid {}", std::process::id())),
            "{told}"
        );
        assert!(told.ends_with(", alice"), "{told}");
        drop(second);
        assert!(
            lock_path(&ron).exists(),
            "the second window leaves it alone"
        );
        drop(first);
        assert!(!lock_path(&ron).exists(), "gone when the article closes");
        let (third, told) = Presence::take(&ron, None);
        assert!(third.held() && told.is_none());
    }

    #[cfg(unix)]
    #[test]
    fn a_presence_file_that_is_a_link_is_never_written_through() {
        let dir = tempfile::tempdir().expect("temp");
        let precious = dir.path().join("notes.txt");
        std::fs::write(&precious, "my notes").expect("write");
        let ron = dir.path().join("a.ron");
        std::os::unix::fs::symlink(&precious, lock_path(&ron)).expect("link");
        let (presence, told) = Presence::take(&ron, Some("me"));
        assert!(!presence.held() && told.is_none());
        drop(presence);
        assert_eq!(
            std::fs::read_to_string(&precious).expect("read"),
            "my notes"
        );
    }

    #[test]
    fn only_old_temporary_files_of_saves_are_removed() {
        let dir = tempfile::tempdir().expect("temp");
        let stale = dir.path().join(".hamish-abc.tmp");
        let other = dir.path().join("notes.tmp");
        std::fs::write(&stale, "half a save").expect("write");
        std::fs::write(&other, "mine").expect("write");
        // Fresh: a save in progress in another window, kept.
        assert_eq!(
            remove_stale_temporaries_beside(&dir.path().join("a.ron")),
            0
        );
        assert!(stale.exists());
        assert_eq!(remove_temporaries_older_than(dir.path(), Duration::ZERO), 1);
        assert!(!stale.exists() && other.exists());
    }
}
