//! A folder of articles: finding them, reading each with its annotations, and the headless
//! work done on them (stats, export, import, agreement between annotators).

pub mod agree;
pub mod export;
pub mod import;
pub mod stats;

use crate::annotate::store::{self, Loaded, StoreError};
use crate::text::{Document, LoadError};
use std::path::{Path, PathBuf};

/// One article: its text and what its annotation file holds.
#[derive(Debug)]
pub struct Article {
    pub text_path: PathBuf,
    pub doc: Document,
    pub loaded: Loaded,
}

#[derive(Debug, thiserror::Error)]
pub enum CorpusError {
    #[error(transparent)]
    Text(#[from] LoadError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{path}: {error}")]
    Io { path: String, error: std::io::Error },
    #[error("{0}: no .txt files in it")]
    Empty(String),
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

/// The schema of the corpus at `path` (a folder, or an article in it): its `schema.ron`
/// when there is one, else the built-in schema.
pub fn schema_for(
    path: &Path,
) -> Result<crate::annotate::Schema, crate::annotate::schema::SchemaError> {
    let dir = if path.is_dir() {
        path
    } else {
        path.parent().unwrap_or(Path::new("."))
    };
    let file = dir.join("schema.ron");
    if file.is_file() {
        crate::annotate::Schema::load(&file)
    } else {
        Ok(crate::annotate::Schema::default())
    }
}
