//! Reader state. [`App::update`] is the only place it changes; drawing reads it.

use crate::layout::{Layouter, Options, ParagraphLayout};
use crate::text::Document;
use std::collections::HashMap;

/// Everything the user can ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    ScrollDown(u16),
    ScrollUp(u16),
    PageDown,
    PageUp,
    HalfPageDown,
    HalfPageUp,
    Top,
    Bottom,
    ToggleHelp,
    Quit,
    /// The terminal now has this many columns and rows.
    Resize(u16, u16),
}

impl Action {
    /// One line for the help screen.
    pub fn description(self) -> &'static str {
        match self {
            Action::ScrollDown(_) => "scroll down a line (wheel: three)",
            Action::ScrollUp(_) => "scroll up a line (wheel: three)",
            Action::PageDown => "page down",
            Action::PageUp => "page up",
            Action::HalfPageDown => "half a page down",
            Action::HalfPageUp => "half a page up",
            Action::Top => "go to the start",
            Action::Bottom => "go to the end",
            Action::ToggleHelp => "show or hide this help",
            Action::Quit => "quit",
            Action::Resize(..) => "",
        }
    }
}

/// A row of the article view: line `row` of paragraph `para`; a row equal to the number of
/// lines is the blank row after the paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pos {
    pub para: usize,
    pub row: usize,
}

/// Laid-out paragraphs kept for the current width; cleared when it grows past this.
const CACHE_LIMIT: usize = 4096;

pub struct App {
    pub doc: Document,
    /// Layout options; `width` follows the terminal.
    pub options: Options,
    pub quit: bool,
    pub help: bool,
    /// The document is the head of a big file whose rest is still being read.
    partial: bool,
    pub size: (u16, u16),
    /// First row on screen.
    pub top: Pos,
    cache: HashMap<usize, ParagraphLayout>,
    layouter: Layouter,
    /// The file name for the status line, laid out once: it may be Arabic too.
    name: ParagraphLayout,
}

impl App {
    pub fn new(doc: Document, options: Options) -> App {
        let name_options = Options {
            width: 0,
            direction: crate::layout::Direction::Ltr,
            shaping: crate::layout::Shaping::App,
            show_controls: false,
        };
        let name = crate::layout::layout(&doc.name, &name_options);
        App {
            name,
            doc,
            options,
            quit: false,
            help: false,
            partial: false,
            size: (0, 0),
            top: Pos::default(),
            cache: HashMap::new(),
            layouter: Layouter::default(),
        }
    }

    /// Marks the document as the head of a big file whose rest is being read.
    pub fn reading_rest(mut self) -> App {
        self.partial = true;
        self
    }

    /// Replaces the head of a big file with the whole file: with [`App::update`], the other
    /// way state changes, for the one event that is not the user's. The head is the file's
    /// first whole lines, so the reading position stays valid; layouts are made anew in case
    /// the file changed between the two reads.
    pub fn complete(&mut self, doc: Document) {
        self.doc = doc;
        self.partial = false;
        self.cache.clear();
        if self.top.para >= self.doc.len_paragraphs() {
            self.top = Pos::default();
        }
        self.clamp();
        self.ensure_visible();
    }

    /// The file name, laid out for the status line.
    pub fn name_layout(&self) -> &ParagraphLayout {
        &self.name
    }

    /// Whether the rest of a big file is still being read.
    pub fn partial(&self) -> bool {
        self.partial
    }

    /// Columns left and right of the text.
    pub fn margin(&self) -> u16 {
        if self.size.0 >= 3 {
            1
        } else {
            0
        }
    }

    /// Rows for the article (the last row is the status line when there are two or more).
    pub fn text_rows(&self) -> usize {
        match self.size.1 {
            0 | 1 => self.size.1 as usize,
            h => h as usize - 1,
        }
    }

    fn text_width(&self) -> usize {
        (self.size.0.saturating_sub(2 * self.margin()) as usize).max(1)
    }

    /// The layout of paragraph `para`, if it has been laid out for this width.
    pub fn layout(&self, para: usize) -> Option<&ParagraphLayout> {
        self.cache.get(&para)
    }

    fn ensure(&mut self, para: usize) -> &ParagraphLayout {
        let App {
            cache,
            layouter,
            doc,
            options,
            ..
        } = self;
        cache.entry(para).or_insert_with(|| {
            let mut out = ParagraphLayout::default();
            layouter.layout(doc.paragraph(para), options, &mut out);
            out
        })
    }

    /// Rows paragraph `para` takes: its lines and, after a non-empty paragraph that is not
    /// the last, a blank row.
    fn rows(&mut self, para: usize) -> usize {
        if para >= self.doc.len_paragraphs() {
            return 0; // an empty file has no paragraph 0
        }
        let gap = self.gap(para);
        self.ensure(para).lines().len() + gap
    }

    /// 1 if a blank row follows paragraph `para` (a non-empty paragraph that is not the
    /// last), else 0.
    fn gap(&self, para: usize) -> usize {
        usize::from(!self.doc.paragraph(para).is_empty() && para + 1 < self.doc.len_paragraphs())
    }

    /// The rows on screen, top to bottom.
    pub fn visible(&self) -> Vec<Pos> {
        let mut out = Vec::with_capacity(self.text_rows());
        let mut pos = self.top;
        while out.len() < self.text_rows() && pos.para < self.doc.len_paragraphs() {
            let Some(layout) = self.layout(pos.para) else {
                break;
            };
            if pos.row < layout.lines().len() + self.gap(pos.para) {
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

    fn down(&mut self, n: usize) {
        for _ in 0..n {
            if self.top.row + 1 < self.rows(self.top.para) {
                self.top.row += 1;
            } else if self.top.para + 1 < self.doc.len_paragraphs() {
                self.top = Pos {
                    para: self.top.para + 1,
                    row: 0,
                };
            } else {
                break;
            }
        }
        self.clamp();
    }

    /// Keeps the end of the text on the last row rather than scrolling it up the screen.
    /// Only the rows from the top down are looked at, so a big file's tail is laid out only
    /// when the reader gets there.
    fn clamp(&mut self) {
        let mut pos = self.top;
        let mut seen = 0;
        while pos.para < self.doc.len_paragraphs() {
            seen += self.rows(pos.para).saturating_sub(pos.row);
            if seen >= self.text_rows() {
                return;
            }
            pos = Pos {
                para: pos.para + 1,
                row: 0,
            };
        }
        self.top = self.max_top();
    }

    fn up(&mut self, n: usize) {
        for _ in 0..n {
            if self.top.row > 0 {
                self.top.row -= 1;
            } else if self.top.para > 0 {
                self.top.para -= 1;
                self.top.row = self.rows(self.top.para).saturating_sub(1);
            } else {
                break;
            }
        }
    }

    /// The top row that shows the end of the document on the last row of the screen.
    fn max_top(&mut self) -> Pos {
        let count = self.doc.len_paragraphs();
        if count == 0 {
            return Pos::default();
        }
        let mut left = self.text_rows().max(1);
        let mut para = count - 1;
        loop {
            let rows = self.rows(para);
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

    fn ensure_visible(&mut self) {
        if self.cache.len() > CACHE_LIMIT {
            self.cache.clear();
        }
        let mut pos = self.top;
        let mut seen = 0;
        while seen < self.text_rows() && pos.para < self.doc.len_paragraphs() {
            let rows = self.rows(pos.para);
            seen += rows.saturating_sub(pos.row);
            pos = Pos {
                para: pos.para + 1,
                row: 0,
            };
        }
    }

    fn resize(&mut self, width: u16, height: u16) {
        let anchor = self
            .layout(self.top.para)
            .and_then(|l| l.lines().get(self.top.row))
            .map(|l| l.logical.start);
        self.size = (width, height);
        let new_width = self.text_width();
        if new_width != self.options.width {
            self.options.width = new_width;
            self.cache.clear();
            if self.top.para < self.doc.len_paragraphs() {
                let on_gap = self.top.row > 0;
                let layout = self.ensure(self.top.para);
                // Keep the line being read on top; the blank row stays the blank row.
                let row = match anchor {
                    Some(byte) => layout.line_of(byte),
                    None if on_gap => layout.lines().len(),
                    None => 0,
                };
                self.top.row = row;
            }
        }
        self.clamp();
    }

    pub fn update(&mut self, action: Action) {
        if self.help && !matches!(action, Action::Quit | Action::Resize(..)) {
            self.help = false;
            return;
        }
        let page = self.text_rows().saturating_sub(1).max(1);
        match action {
            Action::ScrollDown(n) => self.down(n as usize),
            Action::ScrollUp(n) => self.up(n as usize),
            Action::PageDown => self.down(page),
            Action::PageUp => self.up(page),
            Action::HalfPageDown => self.down(page.div_ceil(2)),
            Action::HalfPageUp => self.up(page.div_ceil(2)),
            Action::Top => self.top = Pos::default(),
            Action::Bottom => self.top = self.max_top(),
            Action::ToggleHelp => self.help = !self.help,
            Action::Quit => self.quit = true,
            Action::Resize(w, h) => self.resize(w, h),
        }
        self.ensure_visible();
    }

    /// Where the reader is: paragraph of the top row (1-based), the number of paragraphs,
    /// and the percentage of the text down to the bottom of the screen.
    pub fn progress(&self) -> (usize, usize, usize) {
        let total = self.doc.len_paragraphs();
        let len = self.doc.text().len();
        // Down to the end of the bottom row's line; a blank row or a paragraph's last line
        // counts its whole paragraph, and the last paragraph the whole text.
        let byte = match self.visible().last() {
            Some(pos) => {
                let range = self.doc.paragraph_range(pos.para);
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
