//! Bidi levels of one paragraph (temporary: straight from unicode-bidi).
use unicode_bidi::{BidiClass, Level, ParagraphBidiInfo};

#[derive(Debug, Clone, PartialEq)]
pub struct ParagraphLevels {
    pub paragraph_level: Level,
    pub classes: Vec<BidiClass>,
    pub levels: Vec<Level>,
}

pub fn resolve(text: &str, direction: Option<Level>, out: &mut ParagraphLevels) {
    let info = ParagraphBidiInfo::new(text, direction);
    out.paragraph_level = info.paragraph_level;
    out.classes.clear();
    out.classes.extend_from_slice(&info.original_classes);
    out.levels.clear();
    out.levels.extend_from_slice(&info.levels);
}

impl Default for ParagraphLevels {
    fn default() -> Self {
        ParagraphLevels {
            paragraph_level: Level::ltr(),
            classes: Vec::new(),
            levels: Vec::new(),
        }
    }
}
