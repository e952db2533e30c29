//! Where hamish keeps its own files: the data folder (XDG), and the copy of the bundled
//! sample made there so that its annotations have a place beside it.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// Why the sample could not be put in the data folder.
#[derive(Debug, thiserror::Error)]
pub enum SampleError {
    /// Neither variable that names the data folder is set.
    #[error("neither $XDG_DATA_HOME nor $HOME is set")]
    NoDataDir,
    /// The folder or the copy could not be written.
    #[error("cannot copy the sample to {}: {error}", .path.display())]
    Copy {
        /// Where the copy was to go.
        path: PathBuf,
        /// What the file system said.
        error: std::io::Error,
    },
}

/// The data folder of hamish: `$XDG_DATA_HOME/hamish`, else `~/.local/share/hamish`; `None`
/// when neither variable is set.
pub fn data_dir() -> Option<PathBuf> {
    data_dir_from(std::env::var_os("XDG_DATA_HOME"), std::env::var_os("HOME"))
}

/// [`data_dir`] from the values of `$XDG_DATA_HOME` and `$HOME`.
fn data_dir_from(xdg: Option<OsString>, home: Option<OsString>) -> Option<PathBuf> {
    // An empty value counts as unset, as the XDG spec says.
    let base = match xdg.filter(|v| !v.is_empty()) {
        Some(x) => PathBuf::from(x),
        None => PathBuf::from(home.filter(|v| !v.is_empty())?).join(".local/share"),
    };
    Some(base.join("hamish"))
}

/// The bundled sample in the data folder, copied there on first use; nothing is written
/// into the source tree. Returns its path.
pub fn sample_copy() -> Result<PathBuf, SampleError> {
    sample_copy_in(&data_dir().ok_or(SampleError::NoDataDir)?)
}

/// [`sample_copy`] into `dir` (made if missing). A copy already there is kept as it is.
fn sample_copy_in(dir: &Path) -> Result<PathBuf, SampleError> {
    let path = dir.join(crate::SAMPLE_NAME);
    if !path.exists() {
        std::fs::create_dir_all(dir)
            .and_then(|()| {
                crate::annotate::store::write_atomic(&path, crate::SAMPLE_TEXT.as_bytes())
            })
            .map_err(|error| SampleError::Copy {
                path: path.clone(),
                error,
            })?;
    }
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn os(s: &str) -> Option<OsString> {
        Some(OsString::from(s))
    }

    #[test]
    fn the_data_folder_follows_xdg_then_home() {
        assert_eq!(
            data_dir_from(os("/x"), os("/home/me")),
            Some(PathBuf::from("/x/hamish"))
        );
        assert_eq!(
            data_dir_from(os(""), os("/home/me")),
            Some(PathBuf::from("/home/me/.local/share/hamish")),
            "an empty $XDG_DATA_HOME is unset"
        );
        assert_eq!(
            data_dir_from(None, os("/home/me")),
            Some(PathBuf::from("/home/me/.local/share/hamish"))
        );
        assert_eq!(data_dir_from(None, os("")), None);
        assert_eq!(data_dir_from(None, None), None);
    }

    #[test]
    fn the_sample_is_copied_once_and_a_copy_there_is_kept() -> Result<(), Box<dyn std::error::Error>>
    {
        let data = tempfile::tempdir()?;
        let dir = data.path().join("new/hamish");
        let path = sample_copy_in(&dir)?;
        assert_eq!(path, dir.join(crate::SAMPLE_NAME));
        assert_eq!(std::fs::read_to_string(&path)?, crate::SAMPLE_TEXT);
        // The user's copy may have been edited: it is not written over.
        std::fs::write(&path, "edited")?;
        assert_eq!(sample_copy_in(&dir)?, path);
        assert_eq!(std::fs::read_to_string(&path)?, "edited");
        Ok(())
    }

    #[test]
    fn a_folder_that_cannot_be_made_is_told_with_its_path() -> Result<(), Box<dyn std::error::Error>>
    {
        let data = tempfile::tempdir()?;
        let file = data.path().join("file");
        std::fs::write(&file, "")?;
        let err = sample_copy_in(&file.join("hamish"))
            .err()
            .ok_or("copied under a file")?;
        assert!(matches!(err, SampleError::Copy { .. }), "{err}");
        assert!(
            err.to_string().starts_with("cannot copy the sample to "),
            "{err}"
        );
        Ok(())
    }
}
