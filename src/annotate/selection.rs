//! The cursor and the selection: anchor + head, each a range of bytes on grapheme
//! boundaries, moved by word in reading order (`w`/`b`), by word on screen (arrows: toward
//! the arrow, whatever the direction of the text), by visual line, or by one grapheme at
//! either end.
//!
//! A word is a Unicode word-boundary segment (UAX #29, unicode-segmentation) holding a
//! letter or a digit, so punctuation and spaces are stepped over.

use crate::layout::ParagraphLayout;
use crate::text::Document;
use std::ops::Range;
use unicode_segmentation::{GraphemeCursor, UnicodeSegmentation};

/// Anchor and head. Without a selection both are the cursor (a word, or the grapheme a
/// click landed on); extending keeps the anchor and moves the head, and the selection is
/// everything from the first to the last of the two.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Selection {
    /// Where the selection started: bytes of the text.
    pub anchor: Range<usize>,
    /// Where it was extended to, and where the cursor is: bytes of the text.
    pub head: Range<usize>,
    /// A span was chosen on purpose (extended, dragged or adjusted), rather than the cursor
    /// just resting on a word.
    pub selected: bool,
}

impl Selection {
    /// A cursor on `range`, nothing selected.
    pub fn cursor(range: Range<usize>) -> Selection {
        Selection {
            anchor: range.clone(),
            head: range,
            selected: false,
        }
    }

    /// From the start of the earlier of anchor and head to the end of the later.
    pub fn range(&self) -> Range<usize> {
        self.anchor.start.min(self.head.start)..self.anchor.end.max(self.head.end)
    }

    /// Moves the head to `to`; without `extend`, the anchor follows and the selection ends.
    pub fn move_to(&mut self, to: Range<usize>, extend: bool) {
        if extend {
            self.head = to;
            self.selected = true;
        } else {
            *self = Selection::cursor(to);
        }
    }

    /// The selection becomes exactly `range` (anchor and head both).
    pub fn set(&mut self, range: Range<usize>) {
        *self = Selection {
            anchor: range.clone(),
            head: range,
            selected: true,
        };
    }
}

/// The words of `text` (relative byte ranges), in reading order.
pub fn words(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    text.split_word_bound_indices()
        .filter(|(_, w)| w.chars().any(char::is_alphanumeric))
        .map(|(i, w)| i..i + w.len())
}

/// Words of paragraph `para` as document byte ranges.
fn para_words(doc: &Document, para: usize) -> impl Iterator<Item = Range<usize>> + '_ {
    let base = doc.paragraph_range(para).start;
    words(doc.paragraph(para)).map(move |w| w.start + base..w.end + base)
}

fn para_of(doc: &Document, byte: usize) -> usize {
    doc.paragraph_at(byte).unwrap_or(0)
}

/// The first word of the text.
pub fn first_word(doc: &Document) -> Option<Range<usize>> {
    (0..doc.len_paragraphs()).find_map(|p| para_words(doc, p).next())
}

/// The last word of the text.
pub fn last_word(doc: &Document) -> Option<Range<usize>> {
    (0..doc.len_paragraphs())
        .rev()
        .find_map(|p| para_words(doc, p).last())
}

/// The first word starting after byte `at`, in reading order.
pub fn next_word(doc: &Document, at: usize) -> Option<Range<usize>> {
    if doc.len_paragraphs() == 0 {
        return None;
    }
    (para_of(doc, at)..doc.len_paragraphs()).find_map(|p| para_words(doc, p).find(|w| w.start > at))
}

/// The word after `head` in reading order: the first that starts where it ends or later
/// (so from a span of several words, the one after the span).
pub fn word_after(doc: &Document, head: &Range<usize>) -> Option<Range<usize>> {
    match head.end.checked_sub(1) {
        Some(last) if !head.is_empty() => next_word(doc, last.max(head.start)),
        _ => next_word(doc, head.start),
    }
}

/// The last word starting before byte `at`, in reading order.
pub fn prev_word(doc: &Document, at: usize) -> Option<Range<usize>> {
    if doc.len_paragraphs() == 0 {
        return None;
    }
    (0..=para_of(doc, at))
        .rev()
        .find_map(|p| para_words(doc, p).filter(|w| w.start < at).last())
}

/// The word holding byte `at`, if it is in one.
pub fn word_at(doc: &Document, at: usize) -> Option<Range<usize>> {
    if doc.len_paragraphs() == 0 {
        return None;
    }
    para_words(doc, para_of(doc, at)).find(|w| w.contains(&at))
}

/// The grapheme boundary after (`forward`) or before byte `at`, within the text.
pub fn grapheme_step(text: &str, at: usize, forward: bool) -> Option<usize> {
    let mut cursor = GraphemeCursor::new(at, text.len(), true);
    let next = if forward {
        cursor.next_boundary(text, 0)
    } else {
        cursor.prev_boundary(text, 0)
    };
    next.ok().flatten()
}

/// Which end of a selection to adjust.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    /// The first byte.
    Start,
    /// The end (exclusive).
    End,
}

/// `range` with one end moved by one grapheme (`forward` = later in reading order). The
/// range never becomes empty and never leaves the paragraph it starts in.
pub fn adjust(doc: &Document, range: Range<usize>, end: End, forward: bool) -> Range<usize> {
    let text = doc.text();
    let para = doc.paragraph_range(para_of(doc, range.start));
    let limit = para.start..para.end.max(range.end);
    let moved = match end {
        End::Start => grapheme_step(text, range.start, forward)
            .filter(|&s| s < range.end && s >= limit.start)
            .map(|s| s..range.end),
        End::End => grapheme_step(text, range.end, forward)
            .filter(|&e| e > range.start && e <= limit.end)
            .map(|e| range.start..e),
    };
    moved.unwrap_or(range)
}

/// What the arrows need of the screen: the layouts and the width they are aligned in.
pub trait Geometry {
    /// The text laid out.
    fn doc(&self) -> &Document;
    /// The layout of paragraph `para` at the current width.
    fn layout(&mut self, para: usize) -> &ParagraphLayout;
    /// Columns of the text area; RTL lines are right-aligned in it.
    fn width(&self) -> usize;
}

/// A visual line: paragraph and line within it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineId {
    /// The paragraph.
    pub para: usize,
    /// The line within it, from 0.
    pub line: usize,
}

/// A word as seen on one visual line: columns from `x0` to `x1` (exclusive), in screen
/// coordinates of the text area.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed {
    /// The first column.
    pub x0: usize,
    /// Past the last column.
    pub x1: usize,
    /// The word's bytes in the text.
    pub range: Range<usize>,
}

/// The screen column where line `line` of `layout` starts.
pub fn line_x(layout: &ParagraphLayout, line: usize, width: usize) -> usize {
    match layout.lines().get(line) {
        Some(l) if layout.rtl => width.saturating_sub(l.width),
        _ => 0,
    }
}

/// The columns `range` (document bytes) covers on line `id`, if any of it is drawn there.
pub fn extent<G: Geometry + ?Sized>(
    g: &mut G,
    id: LineId,
    range: &Range<usize>,
) -> Option<(usize, usize)> {
    let base = g.doc().paragraph_range(id.para).start;
    let width = g.width();
    let layout = g.layout(id.para);
    let line = layout.lines().get(id.line)?;
    let x = line_x(layout, id.line, width);
    let (s, e) = (
        range.start.saturating_sub(base),
        range.end.saturating_sub(base),
    );
    let mut out: Option<(usize, usize)> = None;
    for c in layout.cells(line) {
        if (c.logical.start as usize) < e && (c.logical.end as usize) > s && c.width > 0 {
            let (a, b) = (x + c.col as usize, x + c.col as usize + c.width as usize);
            out = Some(out.map_or((a, b), |(p, q)| (p.min(a), q.max(b))));
        }
    }
    out
}

/// The words drawn on line `id`, left to right on screen.
pub fn line_words<G: Geometry + ?Sized>(g: &mut G, id: LineId) -> Vec<Placed> {
    let base = g.doc().paragraph_range(id.para).start;
    let logical = match g.layout(id.para).lines().get(id.line) {
        Some(l) => l.logical.clone(),
        None => return Vec::new(),
    };
    let in_line: Vec<Range<usize>> = words(g.doc().paragraph(id.para))
        .filter(|w| w.start < logical.end && w.end > logical.start)
        .map(|w| w.start + base..w.end + base)
        .collect();
    let mut out: Vec<Placed> = in_line
        .into_iter()
        .filter_map(|range| extent(g, id, &range).map(|(x0, x1)| Placed { x0, x1, range }))
        .collect();
    out.sort_by_key(|p| (p.x0, p.x1));
    out
}

/// The visual line where byte `at` is drawn.
pub fn line_id<G: Geometry + ?Sized>(g: &mut G, at: usize) -> Option<LineId> {
    let para = g.doc().paragraph_at(at)?;
    let base = g.doc().paragraph_range(para).start;
    let line = g.layout(para).line_of(at - base);
    Some(LineId { para, line })
}

/// The visual line after (`down`) or before `id`, across paragraphs.
pub fn adjacent_line<G: Geometry + ?Sized>(g: &mut G, id: LineId, down: bool) -> Option<LineId> {
    if down {
        if id.line + 1 < g.layout(id.para).lines().len() {
            return Some(LineId {
                line: id.line + 1,
                ..id
            });
        }
        let para = id.para + 1;
        (para < g.doc().len_paragraphs()).then_some(LineId { para, line: 0 })
    } else if id.line > 0 {
        Some(LineId {
            line: id.line - 1,
            ..id
        })
    } else if id.para > 0 {
        let para = id.para - 1;
        let lines = g.layout(para).lines().len();
        Some(LineId {
            para,
            line: lines.saturating_sub(1),
        })
    } else {
        None
    }
}

/// The nearest line after or before `id` that has a word on it, with its words.
fn line_with_words<G: Geometry + ?Sized>(
    g: &mut G,
    mut id: LineId,
    down: bool,
) -> Option<Vec<Placed>> {
    loop {
        id = adjacent_line(g, id, down)?;
        let words = line_words(g, id);
        if !words.is_empty() {
            return Some(words);
        }
    }
}

/// The word next to `head` on screen, toward the left (`left`) or the right. Past the end
/// of a line it goes on where reading goes on: in a right-to-left paragraph, left of the
/// leftmost word is the rightmost word of the next line.
pub fn visual_step<G: Geometry + ?Sized>(
    g: &mut G,
    head: &Range<usize>,
    left: bool,
) -> Option<Range<usize>> {
    let id = line_id(g, head.start)?;
    let (hx, _) = extent(g, id, head)?;
    let on_line = line_words(g, id);
    let found = if left {
        on_line.iter().rev().find(|p| p.x0 < hx)
    } else {
        on_line.iter().find(|p| p.x0 > hx)
    };
    if let Some(p) = found {
        return Some(p.range.clone());
    }
    let rtl = g.layout(id.para).rtl;
    // Leaving by the left edge goes on to the next line in an RTL paragraph, to the
    // previous one in an LTR paragraph; entering, it lands on the side it came from.
    let down = left == rtl;
    let words = line_with_words(g, id, down)?;
    let p = if left { words.last() } else { words.first() };
    p.map(|p| p.range.clone())
}

/// The word on the visual line below (`down`) or above `head` nearest to column `goal`.
pub fn vertical_step<G: Geometry + ?Sized>(
    g: &mut G,
    head: &Range<usize>,
    down: bool,
    goal: usize,
) -> Option<Range<usize>> {
    let id = line_id(g, head.start)?;
    let words = line_with_words(g, id, down)?;
    words
        .into_iter()
        .min_by_key(|p| {
            if goal < p.x0 {
                p.x0 - goal
            } else if goal >= p.x1 {
                goal + 1 - p.x1
            } else {
                0
            }
        })
        .map(|p| p.range)
}

/// The column at the middle of `range` on its first visual line.
pub fn column_of<G: Geometry + ?Sized>(g: &mut G, range: &Range<usize>) -> Option<usize> {
    let id = line_id(g, range.start)?;
    extent(g, id, range).map(|(a, b)| (a + b) / 2)
}

/// Every paragraph laid out once at one width: the [`Geometry`] of tests and of tools
/// that have no screen.
pub struct Laid {
    /// The text.
    pub doc: Document,
    /// One per paragraph.
    pub layouts: Vec<ParagraphLayout>,
    /// The width the lines are aligned in: the layout options' width.
    pub width: usize,
}

impl Laid {
    /// Lays out every paragraph of `doc` with `options`.
    pub fn new(doc: Document, options: &crate::layout::Options) -> Laid {
        let layouts = (0..doc.len_paragraphs())
            .map(|p| crate::layout::layout(doc.paragraph(p), options))
            .collect();
        Laid {
            doc,
            layouts,
            width: options.width,
        }
    }
}

impl Geometry for Laid {
    fn doc(&self) -> &Document {
        &self.doc
    }
    fn layout(&mut self, para: usize) -> &ParagraphLayout {
        &self.layouts[para]
    }
    fn width(&self) -> usize {
        self.width
    }
}
