//! A folder of articles: finding them, reading each with its annotations, and the headless
//! work done on them (stats, export, import, agreement between annotators).

pub mod agree;
pub mod export;
pub mod import;
pub mod json;
pub mod root;
pub mod stats;
pub mod tokens;

pub use root::{schema_for, CorpusSchema};

use crate::annotate::store::{self, Loaded, StoreError};
use crate::text::{Document, LoadError};
use std::path::{Path, PathBuf};

/// One article: its text and what its annotation file holds.
#[derive(Debug)]
pub struct Article {
    /// Where its text was read from.
    pub text_path: PathBuf,
    /// The text.
    pub doc: Document,
    /// Its annotations, from the file beside it.
    pub loaded: Loaded,
}

/// Why an article or a folder of them could not be read (or an export written).
#[derive(Debug, thiserror::Error)]
pub enum CorpusError {
    /// The text file.
    #[error(transparent)]
    Text(#[from] LoadError),
    /// Its annotation file.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A folder or a file, by path.
    #[error("{path}: {error}")]
    Io {
        /// The path, as shown.
        path: String,
        /// What the file system said.
        error: std::io::Error,
    },
    /// A folder with no article in it.
    #[error("{0}: no .txt files in it")]
    Empty(String),
}

/// The articles of a corpus that could be read, and what could not.
#[derive(Debug, Default)]
pub struct Opened {
    /// The articles, named by their path relative to the folder given, in path order.
    pub articles: Vec<(String, Article)>,
    /// Annotation files with no text beside them.
    pub strays: Vec<PathBuf>,
    /// Articles that could not be read, each with its file and the reason.
    pub unreadable: Vec<CorpusError>,
}

impl Opened {
    /// Everything was read: no stray and no unreadable article.
    pub fn complete(&self) -> bool {
        self.strays.is_empty() && self.unreadable.is_empty()
    }

    /// One line per file left out, for the user (not yet sanitized).
    pub fn left_out(&self) -> Vec<String> {
        let strays = self.strays.iter().map(|stray| {
            format!(
                "{}: no text beside it (its .txt is missing)",
                stray.display()
            )
        });
        strays
            .chain(self.unreadable.iter().map(ToString::to_string))
            .collect()
    }
}

/// Opens every article at `path` (a file or a folder, as [`walk`] finds them). One that
/// cannot be read is left out and told in [`Opened::unreadable`], so that one broken file
/// does not stop a count or an export of the others. An error is a `path` with no article.
pub fn open_all(path: &Path) -> Result<Opened, CorpusError> {
    let (paths, strays) = walk(path)?;
    let mut opened = Opened {
        articles: Vec::with_capacity(paths.len()),
        strays,
        unreadable: Vec::new(),
    };
    for p in paths {
        match open(&p) {
            Ok(article) => {
                let name = relative(&p, path).display().to_string();
                opened.articles.push((name, article));
            }
            Err(e) => opened.unreadable.push(e),
        }
    }
    Ok(opened)
}

fn io(path: &Path, error: std::io::Error) -> CorpusError {
    CorpusError::Io {
        path: path.display().to_string(),
        error,
    }
}

/// The articles at `path`: the file itself, or every `*.txt` below the folder (subfolders
/// included), sorted by path. A `.ron` names its text beside it.
pub fn articles(path: &Path) -> Result<Vec<PathBuf>, CorpusError> {
    Ok(walk(path)?.0)
}

/// [`articles`], and the annotation files below the folder that have no text beside them
/// (to be reported, since nothing else would read them).
pub fn walk(path: &Path) -> Result<(Vec<PathBuf>, Vec<PathBuf>), CorpusError> {
    let meta = std::fs::metadata(path).map_err(|e| io(path, e))?;
    if !meta.is_dir() {
        if path.extension().is_some_and(|e| e == "ron") {
            return Ok((vec![path.with_extension("txt")], Vec::new()));
        }
        return Ok((vec![path.to_path_buf()], Vec::new()));
    }
    let mut out = Vec::new();
    let mut rons = Vec::new();
    let mut stack = vec![path.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let entries = std::fs::read_dir(&dir).map_err(|e| io(&dir, e))?;
        for entry in entries {
            let entry = entry.map_err(|e| io(&dir, e))?;
            let p = entry.path();
            let kind = entry.file_type().map_err(|e| io(&p, e))?;
            if kind.is_dir() {
                // Hidden folders (.git) hold no articles.
                if !entry.file_name().to_string_lossy().starts_with('.') {
                    stack.push(p);
                }
            } else if p.extension().is_some_and(|e| e == "txt") {
                out.push(p);
            } else if p.extension().is_some_and(|e| e == "ron")
                && p.file_name().is_some_and(|n| n != "schema.ron")
            {
                rons.push(p);
            }
        }
    }
    if out.is_empty() {
        return Err(CorpusError::Empty(path.display().to_string()));
    }
    out.sort();
    let mut strays: Vec<PathBuf> = rons
        .into_iter()
        .filter(|r| !r.with_extension("txt").exists())
        .collect();
    strays.sort();
    Ok((out, strays))
}

/// Every file below `path` (or `path` itself) whose name ends in `.{ext}`, sorted.
pub fn files_with_extension(path: &Path, ext: &str) -> Result<Vec<PathBuf>, CorpusError> {
    if !path.is_dir() {
        let own = path.with_extension(ext);
        return Ok(own.is_file().then_some(own).into_iter().collect());
    }
    let mut out = Vec::new();
    let mut stack = vec![path.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).map_err(|e| io(&dir, e))? {
            let entry = entry.map_err(|e| io(&dir, e))?;
            let p = entry.path();
            if entry.file_type().map_err(|e| io(&p, e))?.is_dir() {
                if !entry.file_name().to_string_lossy().starts_with('.') {
                    stack.push(p);
                }
            } else if p.extension().is_some_and(|e| e == ext) {
                out.push(p);
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Reads the article at `text_path` and its annotations (`<stem>.ron` beside it; none is
/// an empty set).
pub fn open(text_path: &Path) -> Result<Article, CorpusError> {
    let doc = crate::text::load(text_path)?;
    let loaded = store::load(&store::ron_path(text_path), &doc)?;
    Ok(Article {
        text_path: text_path.to_path_buf(),
        doc,
        loaded,
    })
}

/// `path` relative to `root` (the folder given by the user), for messages and output names.
pub fn relative(path: &Path, root: &Path) -> PathBuf {
    let base = if root.is_dir() {
        root
    } else {
        root.parent().unwrap_or(root)
    };
    path.strip_prefix(base).unwrap_or(path).to_path_buf()
}

#[cfg(test)]
mod tests {
    use super::*;

    type Result = std::result::Result<(), Box<dyn std::error::Error>>;

    #[test]
    fn open_all_keeps_the_readable_articles_and_tells_the_rest() -> Result {
        let dir = tempfile::tempdir()?;
        let root = dir.path();
        std::fs::create_dir(root.join("sub"))?;
        std::fs::write(root.join("a.txt"), "قال كيري\n")?;
        std::fs::write(root.join("sub/b.txt"), "وقالت مصر\n")?;
        std::fs::write(root.join("bad.txt"), b"\xff\xfe")?;
        std::fs::write(root.join("broken.txt"), "نص\n")?;
        std::fs::write(root.join("broken.ron"), "(format: 1,")?;
        std::fs::write(root.join("lost.ron"), "(format: 1)")?;
        let opened = open_all(root)?;
        let names: Vec<&str> = opened.articles.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["a.txt", "sub/b.txt"]);
        assert!(!opened.complete());
        let told = opened.left_out();
        assert_eq!(told.len(), 3, "{told:?}");
        assert!(told[0].ends_with("lost.ron: no text beside it (its .txt is missing)"));
        assert!(
            told[1].contains("bad.txt: not valid UTF-8 at byte offset 0"),
            "{told:?}"
        );
        assert!(told[2].contains("broken.ron:1:"), "{told:?}");
        Ok(())
    }

    #[test]
    fn open_all_of_one_file_names_it_by_its_file_name() -> Result {
        let dir = tempfile::tempdir()?;
        let text = dir.path().join("a.txt");
        std::fs::write(&text, "نص\n")?;
        let opened = open_all(&text)?;
        assert!(opened.complete());
        assert_eq!(opened.articles.len(), 1);
        assert_eq!(opened.articles[0].0, "a.txt");
        assert!(opened.articles[0].1.loaded.new, "no annotation file yet");
        // And a folder without articles is an error, not an empty corpus.
        let empty = tempfile::tempdir()?;
        assert!(matches!(open_all(empty.path()), Err(CorpusError::Empty(_))));
        Ok(())
    }
}
