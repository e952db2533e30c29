//! Reading a text file from disk (through [`crate::fsio`], so that only a regular file is
//! read), with errors that name the file and the place.

use super::Document;
use crate::fsio::ReadError;
use std::path::{Path, PathBuf};

/// Why a text could not be loaded; each names the file (`path`) and, where there is one,
/// the place: `offset` in bytes, `line` and `column` from 1.
#[derive(Debug, thiserror::Error)]
#[allow(missing_docs)] // the fields are named for what they hold, as said above
pub enum LoadError {
    /// The file does not exist.
    #[error("{path}: no such file")]
    NotFound { path: PathBuf },
    /// A folder was given where a file was expected.
    #[error("{path}: is a folder, not a text file")]
    IsDir { path: PathBuf },
    /// A FIFO, a device or a socket: reading it could block or never end.
    #[error("{path}: is not a regular file ({kind})")]
    NotAFile { path: PathBuf, kind: &'static str },
    /// The system could not read it.
    #[error("{path}: cannot read: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// Bytes that are not UTF-8.
    #[error("{path}: not valid UTF-8 at byte offset {offset} (line {line}, column {column})")]
    InvalidUtf8 {
        path: PathBuf,
        offset: usize,
        line: usize,
        column: usize,
    },
    /// A NUL byte: not text.
    #[error("{path}: looks binary (NUL byte at offset {offset}), not a text file")]
    Binary { path: PathBuf, offset: usize },
}

/// Loads `path` as a [`Document`]. An empty file is an empty document, not an error.
pub fn load(path: &Path) -> Result<Document, LoadError> {
    // No file has more than usize::MAX bytes: this is always the whole file.
    match load_head(path, usize::MAX)? {
        Head::Whole(doc) | Head::Part(doc) => Ok(doc),
    }
}

/// Bytes the reader reads before its first frame; a bigger file is read whole right after
/// it, so a 3.5 MB file opens about as fast as a short one.
pub const HEAD_BYTES: usize = 256 * 1024;

/// The beginning of a file, for drawing a first screen before a big file is read whole.
pub enum Head {
    /// The file was at most the asked size: this is all of it.
    Whole(Document),
    /// The whole lines of the file's first bytes; [`load`] the file for the rest.
    Part(Document),
}

/// Loads `path` whole if it has at most `max` bytes, else the whole lines of its first `max`
/// bytes (checked like a whole file: a bad byte there is reported at its true offset).
pub fn load_head(path: &Path, max: usize) -> Result<Head, LoadError> {
    // Only a regular file is read (a FIFO or /dev/zero would be read forever), through
    // the one guarded reader.
    let (mut bytes, whole) = crate::fsio::read_head(path, max as u64)
        .map_err(|e| LoadError::from_read(path, e))?
        .ok_or_else(|| LoadError::NotFound { path: path.into() })?;
    let name = path.display().to_string();
    if whole {
        return from_bytes(name, bytes, path).map(Head::Whole);
    }
    // Whole lines only, so that the paragraphs are those of the whole file.
    let end = memchr::memrchr(b'\n', &bytes).map_or(0, |i| i + 1);
    bytes.truncate(end);
    from_bytes(name, bytes, path).map(Head::Part)
}

impl LoadError {
    /// The error of the text at `path` that `fsio` could not read.
    fn from_read(path: &Path, e: ReadError) -> LoadError {
        match e {
            ReadError::IsDir { .. } => LoadError::IsDir { path: path.into() },
            ReadError::NotAFile { kind, .. } => LoadError::NotAFile {
                path: path.into(),
                kind,
            },
            ReadError::Io { source, .. } if source.kind() == std::io::ErrorKind::NotFound => {
                LoadError::NotFound { path: path.into() }
            }
            ReadError::Io { source, .. } => LoadError::Io {
                path: path.into(),
                source,
            },
            // A text has no limit and is not read as UTF-8 here: these are not met, but
            // are told as they are if they ever are.
            other @ (ReadError::TooBig { .. } | ReadError::NotUtf8 { .. }) => LoadError::Io {
                path: path.into(),
                source: std::io::Error::other(other.to_string()),
            },
        }
    }
}

/// Validates `bytes` as text. `path` only names the source in errors.
pub fn from_bytes(name: String, bytes: Vec<u8>, path: &Path) -> Result<Document, LoadError> {
    if let Some(offset) = memchr::memchr(0, &bytes) {
        return Err(LoadError::Binary {
            path: path.into(),
            offset,
        });
    }
    // std's check runs at about 450 MB/s on Arabic (two-byte chars); simdutf8's is many
    // times faster, which is most of the time it takes to open a 3.5 MB file.
    match simdutf8::compat::from_utf8(&bytes) {
        Ok(_) => {
            // SAFETY: simdutf8 has just validated these exact bytes as UTF-8.
            let text = unsafe { String::from_utf8_unchecked(bytes) };
            Ok(Document::new(name, text))
        }
        Err(e) => {
            let offset = e.valid_up_to();
            let before = &bytes[..offset];
            let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
            let line_start = before
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |p| p + 1);
            // Column in chars, counted from 1; the prefix is valid UTF-8.
            let column = String::from_utf8_lossy(&before[line_start..])
                .chars()
                .count()
                + 1;
            Err(LoadError::InvalidUtf8 {
                path: path.into(),
                offset,
                line,
                column,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_names_the_byte_offset() {
        let err = from_bytes("f".into(), b"ab\n\xd9\x82\xff".to_vec(), Path::new("f.txt"))
            .map(|_| ())
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "f.txt: not valid UTF-8 at byte offset 5 (line 2, column 2)"
        );
    }

    #[test]
    fn nul_bytes_look_binary() {
        let err = from_bytes(
            "f".into(),
            b"PK\x03\x04\x00\x00".to_vec(),
            Path::new("f.zip"),
        )
        .map(|_| ())
        .unwrap_err();
        assert!(err.to_string().contains("looks binary"), "{err}");
    }

    #[test]
    fn head_is_whole_lines_of_the_start() {
        let dir = std::env::temp_dir().join(format!("hamish-head-{}", std::process::id()));
        std::fs::create_dir_all(&dir)
            .map_err(|e| e.to_string())
            .expect("temp dir");
        let path = dir.join("a.txt");
        std::fs::write(&path, "قال\nجون كيري\nالصين\n").expect("writes");
        match load_head(&path, 12) {
            Ok(Head::Part(doc)) => assert_eq!(doc.text(), "قال\n"),
            _ => panic!("expected the first line"),
        }
        match load_head(&path, 1000) {
            Ok(Head::Whole(doc)) => assert_eq!(doc.len_paragraphs(), 3),
            _ => panic!("expected the whole file"),
        }
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn empty_is_fine() {
        let d = from_bytes("f".into(), Vec::new(), Path::new("f")).map_err(|e| e.to_string());
        assert_eq!(d.map(|d| d.len_paragraphs()), Ok(0));
    }
}
