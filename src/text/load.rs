//! Reading a text file from disk, with errors that name the file and the place.

use super::Document;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{path}: no such file")]
    NotFound { path: PathBuf },
    #[error("{path}: is a folder, not a text file")]
    IsDir { path: PathBuf },
    #[error("{path}: cannot read: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: not valid UTF-8 at byte offset {offset} (line {line}, column {column})")]
    InvalidUtf8 {
        path: PathBuf,
        offset: usize,
        line: usize,
        column: usize,
    },
    #[error("{path}: looks binary (NUL byte at offset {offset}), not a text file")]
    Binary { path: PathBuf, offset: usize },
}

/// Loads `path` as a [`Document`]. An empty file is an empty document, not an error.
pub fn load(path: &Path) -> Result<Document, LoadError> {
    let io = |source: std::io::Error| match source.kind() {
        std::io::ErrorKind::NotFound => LoadError::NotFound { path: path.into() },
        _ => LoadError::Io {
            path: path.into(),
            source,
        },
    };
    if std::fs::metadata(path).map_err(io)?.is_dir() {
        return Err(LoadError::IsDir { path: path.into() });
    }
    let bytes = std::fs::read(path).map_err(io)?;
    from_bytes(path.display().to_string(), bytes, path)
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
    fn empty_is_fine() {
        let d = from_bytes("f".into(), Vec::new(), Path::new("f")).map_err(|e| e.to_string());
        assert_eq!(d.map(|d| d.len_paragraphs()), Ok(0));
    }
}
