//! Reader and annotator state. [`App::update`] is the only place it changes; drawing reads
//! it. The annotating half (cursor, tagging, links, the list, the store) is in `edit.rs`.

use super::edit::{Overlay, Session};
use crate::annotate::selection::{self, Geometry};
use crate::annotate::{Annotations, Schema, Selection};
use crate::layout::{Layouter, Options, ParagraphLayout};
use crate::text::Document;
use std::collections::HashMap;

/// Everything the user can ask for. Keys and mouse events become these; what a key means
/// in a list or a prompt is decided by [`App::update`] from the mode.
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
    /// Cursor to the next / previous word in reading order.
    WordNext,
    WordPrev,
    /// Cursor to the word on the left / right on screen; `true` extends the selection.
    Left(bool),
    Right(bool),
    /// Cursor to the visual line above / below, keeping the column; `true` extends.
    Up(bool),
    Down(bool),
    /// Start or stop extending the selection with the cursor moves.
    ToggleSelect,
    /// Close what is open, or drop the selection.
    Cancel,
    /// Move the selection's start (first char in reading order) one grapheme earlier /
    /// later; the same for its end.
    StartEarlier,
    StartLater,
    EndEarlier,
    EndLater,
    /// A label key (from the schema): tag the selection, or the word under the cursor.
    Tag(char),
    Delete,
    /// Attribute the claim under the cursor to the nearest speaker before it.
    LinkNearest,
    /// Choose the claim's speaker from a list.
    PickSpeaker,
    /// Type the entity name of the speaker under the cursor.
    EditEntity,
    /// Type the country code of the country under the cursor.
    EditCountry,
    ToggleDone,
    Undo,
    Redo,
    TogglePanel,
    Enter,
    /// A char typed into a prompt.
    Input(char),
    Backspace,
    /// Empty the prompt.
    ClearInput,
    /// Text was pasted where it cannot go (outside a prompt).
    Pasted,
    /// Next suggestion in a prompt.
    NextChoice,
    ToggleHelp,
    Quit,
    /// The terminal now has this many columns and rows.
    Resize(u16, u16),
    /// Mouse button pressed, dragged, released, double-clicked at (column, row).
    Click(u16, u16),
    Drag(u16, u16),
    DoubleClick(u16, u16),
    /// Time passed (unsaved work is saved again).
    Tick,
    /// Search (Arabic-aware), next and previous match, tag every match.
    Search,
    SearchNext,
    SearchPrev,
    TagMatches,
    /// Show or hide suggestions; accept or reject the one under the cursor, or all.
    ToggleSuggestions,
    Accept,
    Reject,
    AcceptAll,
    RejectAll,
    /// In a folder: the next / previous article, the next one not done.
    NextFile,
    PrevFile,
    NextUnfinished,
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
            Action::WordNext => "next word (reading order)",
            Action::WordPrev => "previous word (reading order)",
            Action::Left(false) => "word to the left on screen",
            Action::Right(false) => "word to the right on screen",
            Action::Up(false) => "line up, same column",
            Action::Down(false) => "line down, same column",
            Action::Left(true) => "extend the selection left",
            Action::Right(true) => "extend the selection right",
            Action::Up(true) => "extend the selection a line up",
            Action::Down(true) => "extend the selection a line down",
            Action::ToggleSelect => "start / stop selecting (moves extend)",
            Action::Cancel => "drop the selection; close a list or prompt",
            Action::StartEarlier => "selection starts a letter earlier",
            Action::StartLater => "selection starts a letter later (drop و ب ل ال)",
            Action::EndEarlier => "selection ends a letter earlier",
            Action::EndLater => "selection ends a letter later (take a quote mark)",
            Action::Tag(_) => "tag with the label of this key",
            Action::Delete => "delete the annotation under the cursor",
            Action::LinkNearest => "attribute the claim to the nearest speaker before it",
            Action::PickSpeaker => "attribute the claim to a speaker from a list",
            Action::EditEntity => "name the speaker's entity (groups mentions)",
            Action::EditCountry => "set the country's ISO code",
            Action::ToggleDone => "mark the article done / in progress",
            Action::Undo => "undo",
            Action::Redo => "redo",
            Action::TogglePanel => "show / hide the list of annotations",
            Action::Enter => "in a list: go to / choose",
            Action::ToggleHelp => "show or hide this help",
            Action::Quit => "quit, or back to the folder's list (all is saved)",
            Action::Search => "search (ignores harakat, tatweel, hamza forms, case)",
            Action::SearchNext => "next match",
            Action::SearchPrev => "previous match",
            Action::TagMatches => "tag every match (then a label key), one undo step",
            Action::ToggleSuggestions => "show / hide suggestions (countries, reported speech)",
            Action::Accept => "accept the suggestion under the cursor",
            Action::Reject => "reject the suggestion under the cursor",
            Action::AcceptAll => "accept every suggestion",
            Action::RejectAll => "reject every suggestion",
            Action::NextFile => "in a folder: next article",
            Action::PrevFile => "in a folder: previous article",
            Action::NextUnfinished => "in a folder: next article not done",
            Action::Input(_)
            | Action::Backspace
            | Action::ClearInput
            | Action::Pasted
            | Action::NextChoice
            | Action::Resize(..)
            | Action::Click(..)
            | Action::Drag(..)
            | Action::DoubleClick(..)
            | Action::Tick => "",
        }
    }
}

/// What keys go to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Text,
    Help,
    /// The list of annotations has the keys.
    Panel,
    /// The list of speakers to attribute a claim to.
    Picker,
    /// A line of typed text.
    Prompt,
}

/// A row of the article view: line `row` of paragraph `para`; a row equal to the number of
/// lines is the blank row after the paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, PartialOrd, Ord)]
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
    /// First line of the help shown.
    pub help_scroll: usize,
    /// The document is the head of a big file whose rest is still being read.
    partial: bool,
    pub size: (u16, u16),
    /// First row on screen.
    pub top: Pos,
    cache: HashMap<usize, ParagraphLayout>,
    layouter: Layouter,
    /// The file name for the status line, laid out once: it may be Arabic too.
    name: ParagraphLayout,
    /// Its last component, for when the whole path does not fit.
    short_name: ParagraphLayout,
    pub schema: Schema,
    pub annotations: Annotations,
    pub selection: Selection,
    /// Cursor moves extend the selection (`v`).
    pub extending: bool,
    /// The column Up and Down keep to.
    pub(super) goal: Option<usize>,
    /// Where annotations are saved; `None` reads only.
    pub session: Option<Session>,
    /// Why the annotations cannot be changed, when they cannot.
    pub read_only: Option<String>,
    /// The last thing to tell the user.
    pub message: Option<String>,
    pub(super) overlay: Overlay,
    /// Draw labels by bold/underline/italic rather than colour (`NO_COLOR`).
    pub no_color: bool,
    /// Where a mouse drag started.
    pub(super) drag: Option<std::ops::Range<usize>>,
    /// Opened from a folder's list: `q` goes back to it.
    pub in_folder: bool,
    /// The last search.
    pub search: Option<super::find::Search>,
    /// Suggestions, when shown.
    pub suggestions: Option<Vec<crate::annotate::suggest::Suggestion>>,
    /// Suggestions rejected in this run: label and span.
    pub(super) rejected: Vec<(String, std::ops::Range<usize>)>,
}

/// The layouts of an app, seen as the [`Geometry`] the cursor moves on.
pub(super) struct Screen<'a> {
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

impl App {
    pub fn new(doc: Document, options: Options) -> App {
        let one_line =
            |s: &str| super::view::one_line(s, crate::layout::Direction::Ltr, options.shaping);
        let name = one_line(&doc.name);
        let file_name = std::path::Path::new(&doc.name)
            .file_name()
            .map_or(doc.name.clone(), |n| n.to_string_lossy().into_owned());
        let short_name = one_line(&file_name);
        let first = selection::first_word(&doc).unwrap_or(0..0);
        App {
            name,
            short_name,
            doc,
            options,
            quit: false,
            help: false,
            help_scroll: 0,
            partial: false,
            size: (0, 0),
            top: Pos::default(),
            cache: HashMap::new(),
            layouter: Layouter::default(),
            schema: Schema::default(),
            annotations: Annotations::default(),
            selection: Selection::cursor(first),
            extending: false,
            goal: None,
            session: None,
            read_only: Some("no annotation file".into()),
            message: None,
            overlay: Overlay::None,
            no_color: false,
            drag: None,
            in_folder: false,
            search: None,
            suggestions: None,
            rejected: Vec::new(),
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
        if self.selection.range().end > self.doc.text().len() {
            self.selection = Selection::cursor(selection::first_word(&self.doc).unwrap_or(0..0));
        }
        self.load_pending();
        self.clamp();
        self.ensure_visible();
    }

    /// The file name, laid out for the status line: the whole path when it fits in
    /// `width` columns, else its last component.
    pub fn name_layout(&self, width: usize) -> &ParagraphLayout {
        let fits = self.name.lines().first().is_none_or(|l| l.width <= width);
        if fits {
            &self.name
        } else {
            &self.short_name
        }
    }

    /// Columns of the file name alone.
    pub fn short_name_width(&self) -> usize {
        self.short_name.lines().first().map_or(0, |l| l.width)
    }

    /// Whether the rest of a big file is still being read.
    pub fn partial(&self) -> bool {
        self.partial
    }

    /// What keys go to now.
    pub fn mode(&self) -> Mode {
        if self.help {
            return Mode::Help;
        }
        match self.overlay {
            Overlay::None => Mode::Text,
            Overlay::Panel { .. } => Mode::Panel,
            Overlay::Picker { .. } => Mode::Picker,
            Overlay::Prompt(_) => Mode::Prompt,
        }
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

    /// Columns of the list of annotations when it is shown: on the left, beside the text,
    /// or the whole width on a narrow screen.
    pub fn panel_width(&self) -> u16 {
        match (&self.overlay, self.size.0) {
            (Overlay::Panel { .. }, w) if w >= 40 => (w / 2).min(56),
            (Overlay::Panel { .. }, w) => w,
            _ => 0,
        }
    }

    /// The columns of the article, left edge and width.
    pub fn text_area(&self) -> (u16, u16) {
        let x = self.panel_width() + self.margin();
        let width = self
            .size
            .0
            .saturating_sub(self.panel_width() + 2 * self.margin());
        (x, width)
    }

    fn text_width(&self) -> usize {
        (self.text_area().1 as usize).max(1)
    }

    /// The layout of paragraph `para`, if it has been laid out for this width.
    pub fn layout(&self, para: usize) -> Option<&ParagraphLayout> {
        self.cache.get(&para)
    }

    pub(super) fn screen(&mut self) -> Screen<'_> {
        Screen {
            doc: &self.doc,
            cache: &mut self.cache,
            layouter: &mut self.layouter,
            options: &self.options,
        }
    }

    fn ensure(&mut self, para: usize) -> &ParagraphLayout {
        let mut screen = self.screen();
        screen.layout(para);
        &self.cache[&para]
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

    pub(super) fn down(&mut self, n: usize) {
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
    pub(super) fn clamp(&mut self) {
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

    pub(super) fn up(&mut self, n: usize) {
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

    /// Scrolls as little as needed for row `target` to be on screen.
    pub(super) fn scroll_to(&mut self, target: Pos) {
        if target < self.top {
            self.top = target;
            return;
        }
        let mut pos = self.top;
        let mut seen = 0;
        while pos < target {
            let rows = self.rows(pos.para);
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
            self.down(seen + 1 - rows);
        }
    }

    /// Lays out again at the width the terminal and the list leave, keeping the line being
    /// read on top.
    pub(super) fn relayout(&mut self) {
        let anchor = self
            .layout(self.top.para)
            .and_then(|l| l.lines().get(self.top.row))
            .map(|l| l.logical.start);
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
        if self.help {
            let lines = super::view::help_lines(&self.schema).len();
            let max = lines.saturating_sub(self.size.1.saturating_sub(2) as usize);
            match action {
                Action::Quit | Action::Resize(..) | Action::Tick => {}
                Action::ScrollDown(n) => self.help_scroll += n as usize,
                Action::Down(_) => self.help_scroll += 1,
                Action::PageDown | Action::HalfPageDown => self.help_scroll += 10,
                Action::ScrollUp(n) => {
                    self.help_scroll = self.help_scroll.saturating_sub(n as usize)
                }
                Action::Up(_) => self.help_scroll = self.help_scroll.saturating_sub(1),
                Action::PageUp | Action::HalfPageUp => {
                    self.help_scroll = self.help_scroll.saturating_sub(10)
                }
                _ => {
                    self.help = false;
                    return;
                }
            }
            self.help_scroll = self.help_scroll.min(max);
            if !matches!(action, Action::Quit | Action::Resize(..) | Action::Tick) {
                return;
            }
        }
        if !matches!(action, Action::Resize(..) | Action::Tick) {
            // What the last key did is told until the next one; a failed save says so
            // again when it is tried again.
            self.message = None;
        }
        if !matches!(self.mode(), Mode::Text | Mode::Help)
            && !matches!(action, Action::Resize(..) | Action::Quit)
        {
            // A list or a prompt has the keys.
            self.edit(action);
            self.ensure_visible();
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
            Action::ToggleHelp => {
                self.help = !self.help;
                self.help_scroll = 0;
            }
            Action::Quit => self.quit = true,
            Action::Resize(w, h) => {
                self.size = (w, h);
                self.relayout();
            }
            other => {
                self.edit(other);
                self.ensure_visible();
                return;
            }
        }
        self.ensure_visible();
        if matches!(self.mode(), Mode::Text) {
            self.keep_cursor_on_screen();
        }
        self.retry_save();
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
