//! hamish (هامش, "margin note"): a terminal reader and annotator for right-to-left news text.
//!
//! `text` loads documents, `layout` turns paragraphs into visual lines (pure, no terminal),
//! `ui` draws them with ratatui.

pub mod annotate;
pub mod corpus;
pub mod layout;
pub mod text;
pub mod ui;

/// The sample article bundled with the binary, opened when no file is given.
pub const SAMPLE_NAME: &str = "000_f8766ef2dd105986.txt";
pub const SAMPLE_TEXT: &str = include_str!("../seeds/000_f8766ef2dd105986.txt");
