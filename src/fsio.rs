//! Reading the files hamish is given (texts, annotation files, schemas, brat files) so that
//! no file can hang it or fill its memory: only a regular file is read (after following
//! symlinks), and never more than a limit.
//!
//! A FIFO named `article.ron` would block `open` until something writes to it, and
//! `/dev/zero` behind a symlink would be read until memory runs out. So a path is looked at
//! (`metadata`) before it is opened, opened without blocking (`O_NONBLOCK`, and
//! `O_NOCTTY` so that a terminal device never becomes the controlling one), and looked at
//! again on the opened handle, which catches a file swapped between the two; the bytes are
//! then read through `Read::take`, so a file that grows while it is read stops at the
//! limit. std offers each step but not the sequence, and no crate does this one thing, so
//! it is written here, once, for every reader.

use std::fs::{File, Metadata};
use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// The most hamish reads of an annotation file, a schema or a brat file: far above any
/// real one (a 3.5 MB article with an annotation on every word makes about 40 MB).
pub const DATA_LIMIT: u64 = 256 * 1024 * 1024;

/// Why a file could not be read; each names the file.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// A folder where a file was expected.
    #[error("{}: is a folder, not a file", .path.display())]
    IsDir {
        /// The path, as given.
        path: PathBuf,
    },
    /// A FIFO, a device or a socket: reading it could block or never end.
    #[error("{}: is not a regular file ({kind})", .path.display())]
    NotAFile {
        /// The path, as given.
        path: PathBuf,
        /// What it is instead ("a FIFO", "a character device", …).
        kind: &'static str,
    },
    /// More bytes than the limit of its kind of file.
    #[error("{}: is larger than {}, the most hamish reads of such a file", .path.display(), size(*.limit))]
    TooBig {
        /// The path, as given.
        path: PathBuf,
        /// The limit, in bytes.
        limit: u64,
    },
    /// Not UTF-8 (for files read as text).
    #[error("{}: not valid UTF-8 at byte offset {offset}", .path.display())]
    NotUtf8 {
        /// The path, as given.
        path: PathBuf,
        /// The first byte that is not part of a UTF-8 char.
        offset: usize,
    },
    /// The system could not open or read it.
    #[error("{}: cannot read: {source}", .path.display())]
    Io {
        /// The path, as given.
        path: PathBuf,
        /// What the system said.
        source: io::Error,
    },
}

impl ReadError {
    /// The file it is about.
    pub fn path(&self) -> &Path {
        match self {
            ReadError::IsDir { path }
            | ReadError::NotAFile { path, .. }
            | ReadError::TooBig { path, .. }
            | ReadError::NotUtf8 { path, .. }
            | ReadError::Io { path, .. } => path,
        }
    }
}

/// `bytes` for a person: whole MiB or KiB when it is a whole number of them.
fn size(bytes: u64) -> String {
    const KIB: u64 = 1024;
    const MIB: u64 = 1024 * KIB;
    if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else if bytes >= KIB && bytes.is_multiple_of(KIB) {
        format!("{} KiB", bytes / KIB)
    } else {
        format!("{bytes} bytes")
    }
}

/// What a file that is not a regular file is, for the message.
fn kind(meta: &Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return "a FIFO";
        }
        if t.is_char_device() {
            return "a character device";
        }
        if t.is_block_device() {
            return "a block device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    let _ = meta;
    "not a file"
}

/// Refuses anything but a regular file.
fn regular(path: &Path, meta: &Metadata) -> Result<(), ReadError> {
    if meta.is_dir() {
        return Err(ReadError::IsDir { path: path.into() });
    }
    if !meta.is_file() {
        return Err(ReadError::NotAFile {
            path: path.into(),
            kind: kind(meta),
        });
    }
    Ok(())
}

/// Opens `path` for reading if it is a regular file (symlinks followed), checked before
/// and after opening, with its length; `None` when there is no such file.
fn open_regular(path: &Path) -> Result<Option<(File, u64)>, ReadError> {
    let io = |source: io::Error| ReadError::Io {
        path: path.into(),
        source,
    };
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io(e)),
    };
    regular(path, &meta)?;
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // A FIFO put in its place since `metadata` is opened without waiting for a writer,
        // then refused below.
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    let file = match options.open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io(e)),
    };
    let meta = file.metadata().map_err(io)?;
    regular(path, &meta)?;
    Ok(Some((file, meta.len())))
}

/// Reads at most `limit + 1` bytes of `file` (of `len` bytes as it was opened).
fn read_up_to(file: File, len: u64, limit: u64, path: &Path) -> Result<Vec<u8>, ReadError> {
    let expect = usize::try_from(len.min(limit)).unwrap_or(usize::MAX);
    let mut bytes = Vec::new();
    bytes
        .try_reserve_exact(expect.saturating_add(1))
        .map_err(|e| ReadError::Io {
            path: path.into(),
            source: io::Error::new(io::ErrorKind::OutOfMemory, e),
        })?;
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|source| ReadError::Io {
            path: path.into(),
            source,
        })?;
    Ok(bytes)
}

/// The bytes of the regular file at `path`, if it has at most `limit` of them; `None` when
/// there is no such file. A folder, a FIFO, a device or a socket is refused before anything
/// is read from it, and a bigger file (or one that grows past `limit` while it is read)
/// is refused once `limit + 1` bytes are read.
pub fn read_bounded(path: &Path, limit: u64) -> Result<Option<Vec<u8>>, ReadError> {
    let Some((file, len)) = open_regular(path)? else {
        return Ok(None);
    };
    let too_big = || ReadError::TooBig {
        path: path.into(),
        limit,
    };
    if len > limit {
        return Err(too_big());
    }
    let bytes = read_up_to(file, len, limit, path)?;
    if bytes.len() as u64 > limit {
        return Err(too_big());
    }
    Ok(Some(bytes))
}

/// [`read_bounded`], as UTF-8 text.
pub fn read_bounded_string(path: &Path, limit: u64) -> Result<Option<String>, ReadError> {
    read_bounded(path, limit)?
        .map(|bytes| {
            String::from_utf8(bytes).map_err(|e| ReadError::NotUtf8 {
                path: path.into(),
                offset: e.utf8_error().valid_up_to(),
            })
        })
        .transpose()
}

/// The start of a regular file: its first `max` bytes, and whether that is all of it
/// (`None` when there is no such file). Refuses what [`read_bounded`] refuses but a size.
pub fn read_head(path: &Path, max: u64) -> Result<Option<(Vec<u8>, bool)>, ReadError> {
    let Some((file, len)) = open_regular(path)? else {
        return Ok(None);
    };
    let mut bytes = read_up_to(file, len, max, path)?;
    let whole = bytes.len() as u64 <= max;
    bytes.truncate(usize::try_from(max).unwrap_or(usize::MAX));
    Ok(Some((bytes, whole)))
}

#[cfg(test)]
mod tests {
    use super::*;

    type Result = std::result::Result<(), Box<dyn std::error::Error>>;

    #[test]
    fn a_file_is_read_whole_up_to_its_limit_and_refused_above() -> Result {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("a.ron");
        std::fs::write(&path, b"0123456789")?;
        assert_eq!(read_bounded(&path, 10)?, Some(b"0123456789".to_vec()));
        let err = read_bounded(&path, 9).err().ok_or("read past the limit")?;
        assert!(matches!(err, ReadError::TooBig { limit: 9, .. }), "{err}");
        assert_eq!(
            err.to_string(),
            format!(
                "{}: is larger than 9 bytes, the most hamish reads of such a file",
                path.display()
            )
        );
        assert_eq!(read_bounded(&dir.path().join("none.ron"), 10)?, None);
        Ok(())
    }

    #[test]
    fn a_head_is_the_first_bytes_and_says_whether_it_is_all() -> Result {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("a.txt");
        std::fs::write(&path, b"0123456789")?;
        assert_eq!(read_head(&path, 4)?, Some((b"0123".to_vec(), false)));
        assert_eq!(read_head(&path, 10)?, Some((b"0123456789".to_vec(), true)));
        assert_eq!(
            read_head(&path, u64::MAX)?,
            Some((b"0123456789".to_vec(), true))
        );
        Ok(())
    }

    #[test]
    fn sizes_read_as_a_person_writes_them() {
        assert_eq!(size(DATA_LIMIT), "256 MiB");
        assert_eq!(size(64 * 1024), "64 KiB");
        assert_eq!(size(1000), "1000 bytes");
    }

    #[test]
    fn folders_and_devices_are_refused_by_name() -> Result {
        let dir = tempfile::tempdir()?;
        let err = read_bounded(dir.path(), 10).err().ok_or("a folder read")?;
        assert!(matches!(err, ReadError::IsDir { .. }), "{err}");
        #[cfg(unix)]
        {
            let link = dir.path().join("zero.ron");
            std::os::unix::fs::symlink("/dev/zero", &link)?;
            let err = read_bounded(&link, DATA_LIMIT)
                .err()
                .ok_or("/dev/zero read")?;
            assert_eq!(
                err.to_string(),
                format!(
                    "{}: is not a regular file (a character device)",
                    link.display()
                )
            );
            assert!(read_head(&link, 10).is_err());
        }
        Ok(())
    }
}
