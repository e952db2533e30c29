//! The window on the article: the terminal's size, the first row on screen, the layouts of
//! the paragraphs for the current width, and what is where on screen (rows, hit testing).
//! It knows nothing of annotations or overlays: the app tells it the width the text gets.

use crate::annotate::selection::{self, Geometry};
use crate::layout::{Layouter, Options, ParagraphLayout};
use crate::text::Document;
use std::collections::HashMap;
use std::ops::Range;

/// A row of the article view: line `row` of paragraph `para`; a row equal to the number of
/// lines is the blank row after the paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, PartialOrd, Ord)]
pub struct Pos {
    /// The paragraph.
    pub para: usize,
    /// Its visual line (or its blank row).
    pub row: usize,
}

/// Laid-out paragraphs kept for the current width; cleared when it grows past this.
const CACHE_LIMIT: usize = 4096;

/// Scroll position, size and layouts.
pub struct Viewport {
    /// Layout options; `width` follows the terminal.
    options: Options,
    size: (u16, u16),
    top: Pos,
    cache: HashMap<usize, ParagraphLayout>,
    layouter: Layouter,
}

/// The layouts of a viewport, seen as the [`Geometry`] the cursor moves on.
pub struct Screen<'a> {
    doc: &'a Document,
    cache: &'a mut HashMap<usize, ParagraphLayout>,
    layouter: &'a mut Layouter,
    options: &'a Options,
}

impl Geometry for Screen<'_> {
    fn doc(&self) -> &Document {
        self.doc
    }
    fn layout(&mut self, para: usize) -> &ParagraphLayout {
        let Screen {
            cache,
            layouter,
            doc,
            options,
        } = self;
        cache.entry(para).or_insert_with(|| {
            let mut out = ParagraphLayout::default();
            layouter.layout(doc.paragraph(para), options, &mut out);
            out
        })
    }
    fn width(&self) -> usize {
        self.options.width
    }
}

impl Viewport {
    pub fn new(options: Options) -> Viewport {
        Viewport {
            options,
            size: (0, 0),
            top: Pos::default(),
            cache: HashMap::new(),
            layouter: Layouter::default(),
        }
    }

    pub fn options(&self) -> &Options {
        &self.options
    }

    /// The terminal's columns and rows.
    pub fn size(&self) -> (u16, u16) {
        self.size
    }

    pub fn set_size(&mut self, size: (u16, u16)) {
        self.size = size;
    }

    /// The first row on screen.
    pub fn top(&self) -> Pos {
        self.top
    }

    /// Columns left and right of the text.
    pub fn margin(&self) -> u16 {
        if self.size.0 >= 3 {
            1
        } else {
            0
        }
    }

    /// Rows of the footer: the status line and, on screens of four rows or more, the line
    /// above it for the annotation under the cursor, messages and prompts.
    pub fn footer_rows(&self) -> usize {
        match self.size.1 {
            0 | 1 => 0,
            2 | 3 => 1,
            _ => 2,
        }
    }

    /// Rows for the article.
    pub fn text_rows(&self) -> usize {
        self.size.1 as usize - self.footer_rows()
    }

    /// The layout of paragraph `para`, if it has been laid out for this width.
    pub fn layout(&self, para: usize) -> Option<&ParagraphLayout> {
        self.cache.get(&para)
    }

    /// Forgets every layout (the text changed).
    pub fn forget(&mut self, doc: &Document) {
        self.cache.clear();
        if self.top.para >= doc.len_paragraphs() {
            self.top = Pos::default();
        }
    }

    pub fn screen<'a>(&'a mut self, doc: &'a Document) -> Screen<'a> {
        Screen {
            doc,
            cache: &mut self.cache,
            layouter: &mut self.layouter,
            options: &self.options,
        }
    }

    fn ensure(&mut self, doc: &Document, para: usize) -> &ParagraphLayout {
        self.screen(doc).layout(para);
        &self.cache[&para]
    }

    /// Rows paragraph `para` takes: its lines and, after a non-empty paragraph that is not
    /// the last, a blank row.
    fn rows(&mut self, doc: &Document, para: usize) -> usize {
        if para >= doc.len_paragraphs() {
            return 0; // an empty file has no paragraph 0
        }
        let gap = gap(doc, para);
        self.ensure(doc, para).lines().len() + gap
    }

    /// The rows on screen, top to bottom.
    pub fn visible(&self, doc: &Document) -> Vec<Pos> {
        let mut out = Vec::with_capacity(self.text_rows());
        let mut pos = self.top;
        while out.len() < self.text_rows() && pos.para < doc.len_paragraphs() {
            let Some(layout) = self.layout(pos.para) else {
                break;
            };
            if pos.row < layout.lines().len() + gap(doc, pos.para) {
                out.push(pos);
                pos.row += 1;
            } else {
                pos = Pos {
                    para: pos.para + 1,
                    row: 0,
                };
            }
        }
        out
    }

    pub fn down(&mut self, doc: &Document, n: usize) {
        for _ in 0..n {
            if self.top.row + 1 < self.rows(doc, self.top.para) {
                self.top.row += 1;
            } else if self.top.para + 1 < doc.len_paragraphs() {
                self.top = Pos {
                    para: self.top.para + 1,
                    row: 0,
                };
            } else {
                break;
            }
        }
        self.clamp(doc);
    }

    pub fn up(&mut self, doc: &Document, n: usize) {
        for _ in 0..n {
            if self.top.row > 0 {
                self.top.row -= 1;
            } else if self.top.para > 0 {
                self.top.para -= 1;
                self.top.row = self.rows(doc, self.top.para).saturating_sub(1);
            } else {
                break;
            }
        }
    }

    /// A page: the text's rows but one.
    pub fn page(&self) -> usize {
        self.text_rows().saturating_sub(1).max(1)
    }

    pub fn go_top(&mut self) {
        self.top = Pos::default();
    }

    pub fn go_bottom(&mut self, doc: &Document) {
        self.top = self.max_top(doc);
    }

    /// Puts row `pos` on top, as near as the end of the text allows.
    pub fn show_on_top(&mut self, doc: &Document, pos: Pos) {
        self.top = pos;
        self.clamp(doc);
    }

    /// Keeps the end of the text on the last row rather than scrolling it up the screen.
    /// Only the rows from the top down are looked at, so a big file's tail is laid out only
    /// when the reader gets there.
    pub fn clamp(&mut self, doc: &Document) {
        let mut pos = self.top;
        let mut seen = 0;
        while pos.para < doc.len_paragraphs() {
            seen += self.rows(doc, pos.para).saturating_sub(pos.row);
            if seen >= self.text_rows() {
                return;
            }
            pos = Pos {
                para: pos.para + 1,
                row: 0,
            };
        }
        self.top = self.max_top(doc);
    }

    /// The top row that shows the end of the document on the last row of the screen.
    fn max_top(&mut self, doc: &Document) -> Pos {
        let count = doc.len_paragraphs();
        if count == 0 {
            return Pos::default();
        }
        let mut left = self.text_rows().max(1);
        let mut para = count - 1;
        loop {
            let rows = self.rows(doc, para);
            if rows >= left {
                return Pos {
                    para,
                    row: rows - left,
                };
            }
            if para == 0 {
                return Pos::default();
            }
            left -= rows;
            para -= 1;
        }
    }

    /// Lays out what the screen shows, so that drawing finds it.
    pub fn ensure_visible(&mut self, doc: &Document) {
        if self.cache.len() > CACHE_LIMIT {
            self.cache.clear();
        }
        let mut pos = self.top;
        let mut seen = 0;
        while seen < self.text_rows() && pos.para < doc.len_paragraphs() {
            let rows = self.rows(doc, pos.para);
            seen += rows.saturating_sub(pos.row);
            pos = Pos {
                para: pos.para + 1,
                row: 0,
            };
        }
    }

    /// Scrolls as little as needed for row `target` to be on screen.
    pub fn scroll_to(&mut self, doc: &Document, target: Pos) {
        if target < self.top {
            self.top = target;
            return;
        }
        let mut pos = self.top;
        let mut seen = 0;
        while pos < target {
            let rows = self.rows(doc, pos.para);
            if pos.para == target.para {
                seen += target.row - pos.row;
                break;
            }
            seen += rows.saturating_sub(pos.row);
            pos = Pos {
                para: pos.para + 1,
                row: 0,
            };
        }
        let rows = self.text_rows().max(1);
        if seen >= rows {
            self.down(doc, seen + 1 - rows);
        }
    }

    /// Lays out again at `width` columns, keeping the line being read on top.
    pub fn set_width(&mut self, doc: &Document, width: usize) {
        let anchor = self
            .layout(self.top.para)
            .and_then(|l| l.lines().get(self.top.row))
            .map(|l| l.logical.start);
        if width != self.options.width {
            self.options.width = width;
            self.cache.clear();
            if self.top.para < doc.len_paragraphs() {
                let on_gap = self.top.row > 0;
                let layout = self.ensure(doc, self.top.para);
                // Keep the line being read on top; the blank row stays the blank row.
                let row = match anchor {
                    Some(byte) => layout.line_of(byte),
                    None if on_gap => layout.lines().len(),
                    None => 0,
                };
                self.top.row = row;
            }
        }
        self.clamp(doc);
    }

    /// The row where the text at byte `at` is drawn.
    pub fn pos_of(&mut self, doc: &Document, at: usize) -> Option<Pos> {
        let id = selection::line_id(&mut self.screen(doc), at)?;
        Some(Pos {
            para: id.para,
            row: id.line,
        })
    }

    /// The grapheme (cell) at screen position (x, y), as a document byte range, for text
    /// drawn from column `left` in `width` columns.
    pub fn hit(
        &self,
        doc: &Document,
        (x, y): (u16, u16),
        (left, width): (u16, u16),
    ) -> Option<Range<usize>> {
        let row = self.visible(doc).get(y as usize).copied()?;
        let base = doc.paragraph_range(row.para).start;
        let layout = self.layout(row.para)?;
        let line = layout.lines().get(row.row)?;
        let x0 = selection::line_x(layout, row.row, width as usize);
        let col = (x as usize).checked_sub(left as usize + x0);
        let cells = layout.cells(line);
        let cell = match col.and_then(|c| layout.cell_at(row.row, c)) {
            Some(c) => c,
            // Beyond the text of the line: its nearest end.
            None if (x as usize) < left as usize + x0 => cells.first()?,
            None => cells.last()?,
        };
        Some(base + cell.logical.start as usize..base + cell.logical.end as usize)
    }

    /// Where the reader is: paragraph of the top row (1-based), the number of paragraphs,
    /// and the percentage of the text down to the bottom of the screen.
    pub fn progress(&self, doc: &Document) -> (usize, usize, usize) {
        let total = doc.len_paragraphs();
        let len = doc.text().len();
        // Down to the end of the bottom row's line; a blank row or a paragraph's last line
        // counts its whole paragraph, and the last paragraph the whole text.
        let byte = match self.visible(doc).last() {
            Some(pos) => {
                let range = doc.paragraph_range(pos.para);
                let lines = self.layout(pos.para).map_or(&[][..], |l| l.lines());
                match lines.get(pos.row) {
                    Some(line) if pos.row + 1 < lines.len() => range.start + line.logical.end,
                    _ if pos.para + 1 >= total => len,
                    _ => range.end,
                }
            }
            None => len,
        };
        let percent = (byte * 100).checked_div(len).unwrap_or(100);
        ((self.top.para + 1).min(total), total, percent)
    }
}

/// 1 if a blank row follows paragraph `para` (a non-empty paragraph that is not the last),
/// else 0.
fn gap(doc: &Document, para: usize) -> usize {
    usize::from(!doc.paragraph(para).is_empty() && para + 1 < doc.len_paragraphs())
}
