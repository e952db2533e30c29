//! The state of the reader and annotator, made of parts: the document and its viewport, the
//! annotations with their cursor, what is open over the text, the store, search and
//! suggestions, and the message. Fields are the app's own; everything outside reads them
//! through the getters here.

use super::overlay::{Overlay, Prompt};
use super::store::{SaveState, Store};
use super::viewport::{Pos, Viewport};
use crate::annotate::selection;
use crate::annotate::suggest::Suggestion;
use crate::annotate::{Annotation, Annotations, Schema, Selection};
use crate::layout::{Direction, Options, ParagraphLayout};
use crate::text::Document;
use crate::ui::keymap::{Keymap, Mode};
use std::ops::Range;

/// Who lays right-to-left text out on the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Bidi {
    /// hamish: each row is written in visual order, and the terminal is told not to reorder
    /// it (BDSM explicit, mlterm's own layout off).
    #[default]
    App,
    /// The terminal, for terminals that reorder on their own and cannot be told not to
    /// (Konsole, kitty without `force_ltr`): each row is written in logical order, wrapped
    /// where hamish wraps it. The terminal then decides where each letter is drawn, so a
    /// click lands on the cell hamish would have drawn there: mouse positions are
    /// approximate.
    Terminal,
}

/// How an app is set up; everything else is state it makes itself.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// Layout options; the width follows the terminal.
    pub options: Options,
    /// The labels.
    pub schema: Schema,
    /// Draw labels by bold/underline/italic rather than colour (`NO_COLOR`).
    pub no_color: bool,
    /// The keys.
    pub keymap: Keymap,
    /// Who lays right-to-left text out.
    pub bidi: Bidi,
}

/// The cursor and selection, and how the keys move them.
#[derive(Debug, Clone, Default)]
pub struct Cursor {
    /// The selection, or the cursor when nothing is selected.
    pub selection: Selection,
    /// Cursor moves extend the selection (`v`).
    pub extending: bool,
    /// The column Up and Down keep to.
    pub goal: Option<usize>,
    /// Where a mouse drag started.
    pub drag: Option<Range<usize>>,
}

/// The last search: its query and its matches in the text (bytes), and the one the cursor
/// went to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Search {
    /// What was searched for.
    pub query: String,
    /// Every match, in text order.
    pub matches: Vec<Range<usize>>,
    /// The match the cursor is on.
    pub current: usize,
}

/// Suggestions, when shown, and those rejected in this run (label and span).
#[derive(Debug, Clone, Default)]
pub struct Suggestions {
    /// The suggestions, when shown.
    pub shown: Option<Vec<Suggestion>>,
    /// Label and span of each rejected one.
    pub rejected: Vec<(String, Range<usize>)>,
}

/// The file name for the status line, laid out once: it may be Arabic too.
struct Names {
    whole: ParagraphLayout,
    /// Its last component, for when the whole path does not fit.
    short: ParagraphLayout,
}

/// Reader and annotator state. [`App::update`] is the only place it changes (and
/// [`App::complete`], for the rest of a big file); drawing reads it.
pub struct App {
    pub(super) doc: Document,
    pub(super) view: Viewport,
    names: Names,
    pub(super) schema: Schema,
    pub(super) keymap: Keymap,
    pub(super) no_color: bool,
    pub(super) bidi: Bidi,
    pub(super) annotations: Annotations,
    pub(super) cursor: Cursor,
    pub(super) overlay: Overlay,
    pub(super) store: Store,
    pub(super) search: Option<Search>,
    pub(super) suggestions: Suggestions,
    /// The last thing to tell the user.
    pub(super) message: Option<String>,
    /// The document is the head of a big file whose rest is still being read.
    pub(super) partial: bool,
    pub(super) quit: bool,
}

impl App {
    /// An app showing `doc`, read-only until [`App::open_annotations`].
    pub fn new(doc: Document, settings: Settings) -> App {
        let Settings {
            options,
            schema,
            no_color,
            keymap,
            bidi,
        } = settings;
        let one_line = |s: &str| crate::layout::one_line(s, Direction::Ltr, options.shaping);
        let file_name = std::path::Path::new(&doc.name)
            .file_name()
            .map_or(doc.name.clone(), |n| n.to_string_lossy().into_owned());
        let names = Names {
            whole: one_line(&doc.name),
            short: one_line(&file_name),
        };
        let first = selection::first_word(&doc).unwrap_or(0..0);
        App {
            names,
            doc,
            view: Viewport::new(options),
            schema,
            keymap,
            no_color,
            bidi,
            annotations: Annotations::default(),
            cursor: Cursor {
                selection: Selection::cursor(first),
                ..Cursor::default()
            },
            overlay: Overlay::None,
            store: Store::ReadOnly("no annotation file".into()),
            search: None,
            suggestions: Suggestions::default(),
            message: None,
            partial: false,
            quit: false,
        }
    }

    /// Marks the document as the head of a big file whose rest is being read.
    pub fn reading_rest(mut self) -> App {
        self.partial = true;
        self
    }

    /// The text.
    pub fn doc(&self) -> &Document {
        &self.doc
    }

    /// The labels in use.
    pub fn schema(&self) -> &Schema {
        &self.schema
    }

    /// The keys in use.
    pub fn keymap(&self) -> &Keymap {
        &self.keymap
    }

    /// The annotations of the text.
    pub fn annotations(&self) -> &Annotations {
        &self.annotations
    }

    /// The cursor and selection.
    pub fn selection(&self) -> &Selection {
        &self.cursor.selection
    }

    /// Whether cursor moves extend the selection (`v`).
    pub fn extending(&self) -> bool {
        self.cursor.extending
    }

    /// The last thing to tell the user.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// The annotation file and how saving goes.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// What the status line says of saving.
    pub fn save_state(&self) -> SaveState {
        self.store.state()
    }

    /// Why the annotations cannot be changed, when they cannot.
    pub fn read_only(&self) -> Option<String> {
        self.store.editable().err()
    }

    /// For tests: saves fail at `step` from now on, as on a full disk.
    pub fn set_save_fault(&mut self, step: Option<crate::annotate::store::Step>) {
        self.store.set_fault(step);
    }

    /// For tests: recovery files go to `dir` instead of the data folder.
    pub fn set_recovery_dir(&mut self, dir: &std::path::Path) {
        self.store.set_recovery_dir(dir);
    }

    /// Puts the cursor on `selection`, as a click would.
    pub fn set_selection(&mut self, selection: Selection) {
        self.cursor.selection = selection;
    }

    /// The last search, if it found anything.
    pub fn search(&self) -> Option<&Search> {
        self.search.as_ref()
    }

    /// Every suggestion shown, open or not.
    pub fn suggestions(&self) -> Option<&[Suggestion]> {
        self.suggestions.shown.as_deref()
    }

    /// Draw labels without colour.
    pub fn no_color(&self) -> bool {
        self.no_color
    }

    /// Who lays right-to-left text out.
    pub fn bidi(&self) -> Bidi {
        self.bidi
    }

    /// Whether the user asked to quit.
    pub fn quit(&self) -> bool {
        self.quit
    }

    /// Whether the rest of a big file is still being read.
    pub fn partial(&self) -> bool {
        self.partial
    }

    /// The layout options, at the width of the text.
    pub fn options(&self) -> &Options {
        self.view.options()
    }

    /// The terminal's columns and rows.
    pub fn size(&self) -> (u16, u16) {
        self.view.size()
    }

    /// The first row on screen.
    pub fn top(&self) -> Pos {
        self.view.top()
    }

    /// What is open over the text.
    pub fn overlay(&self) -> &Overlay {
        &self.overlay
    }

    /// What keys go to now.
    pub fn mode(&self) -> Mode {
        self.overlay.mode()
    }

    /// Whether saving failed and should be tried again after a while.
    pub fn wants_tick(&self) -> bool {
        self.store.wants_retry()
    }

    /// The file name, laid out for the status line: the whole path when it fits in
    /// `width` columns, else its last component.
    pub fn name_layout(&self, width: usize) -> &ParagraphLayout {
        let fits = self
            .names
            .whole
            .lines()
            .first()
            .is_none_or(|l| l.width <= width);
        if fits {
            &self.names.whole
        } else {
            &self.names.short
        }
    }

    /// Columns of the file name alone.
    pub fn short_name_width(&self) -> usize {
        self.names.short.lines().first().map_or(0, |l| l.width)
    }

    /// Rows of the footer (status line, info line).
    pub fn footer_rows(&self) -> usize {
        self.view.footer_rows()
    }

    /// Rows for the article.
    pub fn text_rows(&self) -> usize {
        self.view.text_rows()
    }

    /// Columns of the list of annotations when it is shown: on the left, beside the text,
    /// or the whole width on a narrow screen.
    pub fn panel_width(&self) -> u16 {
        match (&self.overlay, self.size().0) {
            (Overlay::Panel { .. }, w) if w >= 40 => (w / 2).min(56),
            (Overlay::Panel { .. }, w) => w,
            _ => 0,
        }
    }

    /// The columns of the article, left edge and width.
    pub fn text_area(&self) -> (u16, u16) {
        let margin = self.view.margin();
        let x = self.panel_width() + margin;
        let width = self
            .size()
            .0
            .saturating_sub(self.panel_width() + 2 * margin);
        (x, width)
    }

    /// The layout of paragraph `para`, if it has been laid out for this width.
    pub fn layout(&self, para: usize) -> Option<&ParagraphLayout> {
        self.view.layout(para)
    }

    /// The rows on screen, top to bottom.
    pub fn visible(&self) -> Vec<Pos> {
        self.view.visible(&self.doc)
    }

    /// Where the reader is: paragraph of the top row (1-based), the number of paragraphs,
    /// and the percentage of the text down to the bottom of the screen.
    pub fn progress(&self) -> (usize, usize, usize) {
        self.view.progress(&self.doc)
    }

    /// The row where the head of the selection is drawn.
    pub fn head_pos(&mut self) -> Option<Pos> {
        let at = self.cursor.selection.head.start;
        self.view.pos_of(&self.doc, at)
    }

    /// How many chars of article text a message quotes: enough for the message to keep its
    /// start and its end on one row of this screen.
    pub fn clip(&self) -> usize {
        ((self.size().0 as usize).saturating_sub(16) / 2).clamp(4, 40)
    }

    /// "جون كيري (John Kerry)": a mention as the user knows it.
    pub fn describe(&self, a: &Annotation) -> String {
        let quote = self.doc.text().get(a.range.clone()).unwrap_or("");
        let mut out = quoted(quote, self.clip());
        if let Some(e) = a.entity.as_ref().or(a.country.as_ref()) {
            out.push_str(&format!(" ({})", quoted(e, self.clip())));
        }
        out
    }

    /// The list's selected row, kept within the list.
    pub fn panel_selected(&self) -> Option<usize> {
        match self.overlay {
            Overlay::Panel { selected } => {
                let rows = self.annotations.len() + self.annotations.orphans().len();
                Some(selected.min(rows.saturating_sub(1)))
            }
            _ => None,
        }
    }

    /// The open prompt, if any.
    pub fn prompt(&self) -> Option<&Prompt> {
        match &self.overlay {
            Overlay::Prompt(p) => Some(p),
            _ => None,
        }
    }

    /// The open speaker picker: its speakers and selected row.
    pub fn picker(&self) -> Option<(&[u32], usize)> {
        match &self.overlay {
            Overlay::Picker {
                speakers, selected, ..
            } => Some((speakers, *selected)),
            _ => None,
        }
    }

    /// The first line of the help shown, when it is open.
    pub fn help_scroll(&self) -> Option<usize> {
        match self.overlay {
            Overlay::Help { scroll } => Some(scroll),
            _ => None,
        }
    }

    /// The suggestions still open: not rejected and not already annotations.
    pub fn open_suggestions(&self) -> Vec<(usize, &Suggestion)> {
        let Some(all) = &self.suggestions.shown else {
            return Vec::new();
        };
        all.iter()
            .enumerate()
            .filter(|(_, s)| {
                !self
                    .suggestions
                    .rejected
                    .iter()
                    .any(|(l, r)| *l == s.label && *r == s.range)
                    && !self
                        .annotations
                        .overlapping(s.range.clone())
                        .any(|a| a.label == s.label && a.range == s.range)
            })
            .collect()
    }

    /// The annotations under the cursor, innermost first, as the info line tells them.
    pub fn describe_here(&self) -> String {
        let here = self.annotations.at(self.cursor.selection.head.start);
        let mut parts = Vec::new();
        for a in here {
            // Whose it is, when it is someone else's (a shared file).
            let by = match a.by.as_deref() {
                Some(who) if Some(who) != self.store.user() => {
                    format!(", by {}", quoted(who, self.clip()))
                }
                _ => String::new(),
            };
            let mut s = format!("[{} #{}{by}] {}", a.label, a.id, self.describe(a));
            if let Some(to) = a.speaker.and_then(|id| self.annotations.get(id)) {
                s.push_str(&format!(" ← {}", self.describe(to)));
            }
            if self.annotations.conflict(a.id).is_some() {
                s.push_str(&format!(
                    "  ≠ changed elsewhere too: {} keeps this, {} takes the other",
                    self.key(crate::ui::Command::KeepVersion),
                    self.key(crate::ui::Command::TakeOther)
                ));
            }
            parts.push(s);
        }
        parts.join("  ·  ")
    }
}

/// Text from the article or the user for a message: made safe, cut to `max` chars, and
/// isolated (FSI … PDI), so that Arabic inside an English message keeps its own order and
/// does not pull the words around it into its run.
pub fn quoted(text: &str, max: usize) -> String {
    let clean = crate::layout::chars::sanitize(text);
    let mut out = String::from('\u{2068}');
    if clean.chars().count() > max {
        out.extend(clean.chars().take(max.saturating_sub(1)));
        out.push('…');
    } else {
        out.push_str(&clean);
    }
    out.push('\u{2069}');
    out
}

/// What a handler ends in: done (it says so itself), or refused with what to tell the user.
pub(super) type Outcome = Result<(), String>;

impl App {
    /// Refuses a change the annotations cannot take now, saying why.
    pub(super) fn editable(&self) -> Outcome {
        self.store
            .editable()
            .map_err(|why| format!("read-only: {why}"))
    }

    /// The first key of `command`, for a hint in a message: "u" in "u undoes".
    pub(super) fn key(&self, command: crate::ui::Command) -> &'static str {
        self.keymap.key(command)
    }

    /// Entity names of other mentions close to a speaker quoted as `quote`: with `exact`,
    /// mentions with the very same words (after folding); else also mentions that share a
    /// word with it, or whose entity is its words ("كيري" and "جون كيري").
    pub(super) fn entity_suggestions(&self, quote: &str, exact: bool) -> Vec<String> {
        use crate::text::fold::fold;
        let q = fold(quote);
        let words: Vec<&str> = q.split(' ').filter(|w| w.chars().count() > 2).collect();
        let mut out: Vec<String> = Vec::new();
        for a in self.annotations.items() {
            let Some(e) = &a.entity else { continue };
            let other = fold(self.doc.text().get(a.range.clone()).unwrap_or(""));
            let close = other == q
                || (!exact && (other.split(' ').any(|w| words.contains(&w)) || fold(e) == q));
            if close && !out.contains(e) {
                out.push(e.clone());
            }
        }
        out
    }

    /// A new annotation of `label` on `range`, made by the user, with the code of a
    /// Country.
    pub(super) fn prepared(&self, label: &str, range: Range<usize>) -> Annotation {
        use crate::annotate::countries::Gazetteer;
        let mut a = Annotation::new(label, range.clone());
        a.by = self.store.user().map(str::to_string);
        if *self.schema.link(label) == crate::annotate::Link::CountryCode {
            let quote = self.doc.text().get(range).unwrap_or("");
            a.country = Gazetteer::builtin().lookup(quote).map(|c| c.code.clone());
        }
        a
    }

    /// Lays out again at the width the terminal and the list leave, keeping the line being
    /// read on top.
    pub(super) fn relayout(&mut self) {
        let width = (self.text_area().1 as usize).max(1);
        self.view.set_width(&self.doc, width);
    }

    /// Moves the head to `to` and scrolls to it.
    pub(super) fn cursor_to(&mut self, to: Range<usize>, extend: bool) {
        self.cursor.selection.move_to(to, extend);
        if let Some(pos) = self.head_pos() {
            self.view.scroll_to(&self.doc, pos);
        }
    }
}
