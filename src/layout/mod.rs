//! Pure layout: one paragraph in, visual lines of cells out, following UAX #9 and #14.
//!
//! The pipeline per paragraph: bidi levels for the whole paragraph (`bidi`), grapheme
//! clusters (`cluster`) with contextual Arabic shaping ([`shape`]) and mirroring, greedy
//! line filling at UAX #14 break opportunities by terminal columns, then per line L1 and L2
//! with the *paragraph's* levels, reversing whole clusters (L3). Every cell knows the
//! logical byte range it draws, so a selection is painted on exactly its cells.

mod bidi;
pub mod chars;
mod cluster;
pub mod linebreak;
pub mod mirror;
pub mod plain;
pub mod shape;

use std::ops::Range;
use unicode_bidi::{BidiClass, Level};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Marks a cluster too wide for the line, drawn as U+FFFD instead.
const TOO_WIDE: u32 = u32::MAX;

/// Tab stops every this many columns.
pub const TAB: usize = 8;

/// Paragraph direction: from the first strong char (rules P2/P3), or forced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Direction {
    #[default]
    /// From the first strong char (rules P2 and P3); left to right without one.
    Auto,
    /// Right to left.
    Rtl,
    /// Left to right.
    Ltr,
}

/// Whether Arabic letters are replaced by their joined presentation forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Shaping {
    /// For terminals that draw every letter in its isolated form (most of them).
    #[default]
    App,
    /// For terminals that join letters themselves, and for plain text.
    Off,
}

/// How to lay out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Options {
    /// Columns; 0 means never wrap (one visual line per paragraph).
    pub width: usize,
    /// The paragraph direction.
    pub direction: Direction,
    /// Whether Arabic letters are given their joined forms.
    pub shaping: Shaping,
    /// Draw bidi formatting characters as tags instead of hiding them.
    pub show_controls: bool,
}

/// What a cell draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellKind {
    /// Text of the paragraph (possibly shaped or mirrored).
    Text,
    /// A stand-in: a control char's symbol or a bidi control's tag.
    Symbol,
    /// Whitespace collapsed at the end of a wrapped line: zero width, draws nothing.
    Collapsed,
}

/// One grapheme cluster (or lam–alef ligature, or tab) on screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    /// Byte range of the drawn text in [`ParagraphLayout::glyphs`].
    glyph: Range<u32>,
    /// Byte range in the paragraph that this cell stands for.
    pub logical: Range<u32>,
    /// Column of the cell in its line, from the line's left edge.
    pub col: u32,
    /// Columns the cell takes: 0, 1 or 2.
    pub width: u16,
    /// Resolved level is odd (drawn right to left).
    pub rtl: bool,
    /// What the cell shows.
    pub kind: CellKind,
}

/// One visual line: cells left to right.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    cells: Range<u32>,
    /// Columns the line takes.
    pub width: usize,
    /// Bytes of the paragraph on this line (lines follow logical order).
    pub logical: Range<usize>,
}

/// A paragraph laid out for one width.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParagraphLayout {
    /// The paragraph level is odd: lines are right-aligned.
    pub rtl: bool,
    glyphs: String,
    cells: Vec<Cell>,
    lines: Vec<Line>,
}

impl ParagraphLayout {
    /// The visual lines, in logical order.
    pub fn lines(&self) -> &[Line] {
        &self.lines
    }

    /// Cells of `line`, left to right.
    pub fn cells(&self, line: &Line) -> &[Cell] {
        &self.cells[line.cells.start as usize..line.cells.end as usize]
    }

    /// The text a cell draws; never contains a control char.
    pub fn glyph(&self, cell: &Cell) -> &str {
        &self.glyphs[cell.glyph.start as usize..cell.glyph.end as usize]
    }

    /// [`Self::glyph`] as bytes, for writing out: whole glyphs concatenate to valid UTF-8.
    pub fn glyph_bytes(&self, cell: &Cell) -> &[u8] {
        &self.glyphs.as_bytes()[cell.glyph.start as usize..cell.glyph.end as usize]
    }

    /// The line holding byte `byte` of the paragraph.
    pub fn line_of(&self, byte: usize) -> usize {
        self.lines
            .partition_point(|l| l.logical.end <= byte)
            .min(self.lines.len().saturating_sub(1))
    }

    /// (line, cell index in that line) of the cell drawing byte `byte`; `None` for a hidden
    /// bidi control.
    pub fn locate(&self, byte: usize) -> Option<(usize, usize)> {
        let line = self.line_of(byte);
        let l = self.lines.get(line)?;
        let b = byte as u32;
        self.cells(l)
            .iter()
            .position(|c| c.logical.start <= b && b < c.logical.end)
            .map(|i| (line, i))
    }

    /// The visible cell at column `col` of line `line`, if any (zero-width cells, such as a
    /// lone ZWSP, are found by [`Self::locate`] only).
    pub fn cell_at(&self, line: usize, col: usize) -> Option<&Cell> {
        let l = self.lines.get(line)?;
        self.cells(l)
            .iter()
            .find(|c| (c.col as usize) <= col && col < c.col as usize + c.width as usize)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum UnitKind {
    Text,
    Symbol,
    Tab,
    /// A bidi control that steers the algorithm and is not drawn.
    Hidden,
}

/// A cluster (or ligature) in logical order, before wrapping.
#[derive(Debug, Clone, Copy)]
struct Unit {
    start: u32,
    end: u32,
    glyph: (u32, u32),
    width: u16,
    level: u8,
    /// The original class rule L1 sees for the whole cluster.
    class: BidiClass,
    kind: UnitKind,
    space: bool,
}

/// Lays out paragraphs, reusing its buffers from one paragraph to the next.
#[derive(Debug, Default)]
pub struct Layouter {
    levels: bidi::ParagraphLevels,
    shaped: Vec<shape::Shaped>,
    ends: Vec<u32>,
    units: Vec<Unit>,
    widths: Vec<u16>,
    line_units: Vec<Range<usize>>,
    line_levels: Vec<u8>,
    order: Vec<u32>,
    order_levels: Vec<u8>,
}

/// Lays out one paragraph (one line of the file, without its line end).
pub fn layout(text: &str, options: &Options) -> ParagraphLayout {
    let mut out = ParagraphLayout::default();
    Layouter::default().layout(text, options, &mut out);
    out
}

/// `text` laid out on one unwrapped line, in `direction`: names, prompts, messages, list
/// rows.
pub fn one_line(text: &str, direction: Direction, shaping: Shaping) -> ParagraphLayout {
    let options = Options {
        width: 0,
        direction,
        shaping,
        show_controls: false,
    };
    layout(text, &options)
}

impl Layouter {
    /// Lays out `text` into `out`, replacing what it held.
    pub fn layout(&mut self, text: &str, options: &Options, out: &mut ParagraphLayout) {
        out.glyphs.clear();
        out.cells.clear();
        out.lines.clear();
        let direction = match options.direction {
            Direction::Auto => None,
            Direction::Rtl => Some(Level::rtl()),
            Direction::Ltr => Some(Level::ltr()),
        };
        bidi::resolve(text, direction, &mut self.levels);
        let para_level = self.levels.paragraph_level.number();
        out.rtl = self.levels.paragraph_level.is_rtl();

        self.shaped.clear();
        if options.shaping == Shaping::App && shape::needs_shaping(text) {
            shape::shape(text, &mut self.shaped);
        }
        self.ends.clear();
        cluster::cluster_ends(text, &mut self.ends);
        let has_mandatory = self.build_units(text, options, out);

        self.wrap(text, options.width, has_mandatory);
        for li in 0..self.line_units.len() {
            self.emit_line(li, para_level, out);
        }
    }

    /// Turns clusters into units with their glyphs; returns whether a mandatory break char
    /// occurs.
    fn build_units(&mut self, text: &str, options: &Options, out: &mut ParagraphLayout) -> bool {
        self.units.clear();
        let mut has_mandatory = false;
        let mut shaped = self.shaped.iter().peekable();
        let mut start = 0u32;
        let mut i = 0;
        while i < self.ends.len() {
            let mut end = self.ends[i];
            i += 1;
            if let Some(c) = plain_char(&text.as_bytes()[start as usize..end as usize]) {
                // Most clusters are one letter, digit or space: skip the general path.
                while shaped.next_if(|s| s.at < start).is_some() {}
                let level = self.levels.levels[start as usize].number();
                let glyph = match shaped.peek() {
                    Some(s) if s.at == start && s.ligature_with.is_none() => Some(s.glyph),
                    Some(s) if s.at == start => None,
                    _ if level % 2 == 1 => Some(mirror_plain(c)),
                    _ => Some(c),
                };
                if let Some(g) = glyph {
                    let glyph_start = out.glyphs.len() as u32;
                    out.glyphs.push(g);
                    self.units.push(Unit {
                        start,
                        end,
                        glyph: (glyph_start, out.glyphs.len() as u32),
                        width: 1,
                        level,
                        class: self.levels.classes[start as usize],
                        kind: UnitKind::Text,
                        space: c == ' ',
                    });
                    start = end;
                    continue;
                }
            }
            let cluster = &text[start as usize..end as usize];
            let first = cluster.chars().next().unwrap_or(' ');
            // The first char the algorithm does not remove gives the cluster its level (a
            // ZWJ before a mark is removed by X9 and only borrows a level).
            let at = (start as usize..end as usize)
                .find(|&b| self.levels.classes[b] != BidiClass::BN && text.is_char_boundary(b))
                .unwrap_or(start as usize);
            let level = self.levels.levels[at].number();
            // Rule L1 reads the original classes char by char: a cluster is trailing
            // whitespace only if every char of it is (a space carrying a mark is not, the
            // mark being NSM). Otherwise it takes the class of its first char that is not.
            let class = (start as usize..end as usize)
                .filter(|&b| text.is_char_boundary(b))
                .map(|b| self.levels.classes[b])
                .find(|&c| !trails_at_line_end(c))
                .unwrap_or(self.levels.classes[at]);
            let glyph_start = out.glyphs.len() as u32;
            let mut kind = UnitKind::Text;
            has_mandatory |= chars::is_mandatory_break(first);
            if chars::is_bidi_format(first) {
                if options.show_controls {
                    kind = UnitKind::Symbol;
                    out.glyphs.push('<');
                    out.glyphs.push_str(chars::bidi_format_name(first));
                    out.glyphs.push('>');
                } else {
                    kind = UnitKind::Hidden;
                }
            } else if first == '\t' {
                kind = UnitKind::Tab;
            } else if chars::push_control_symbol(first, &mut out.glyphs) {
                kind = UnitKind::Symbol;
            } else {
                let mut swallow: Option<u32> = None;
                self.push_cluster(
                    text,
                    cluster,
                    start,
                    level,
                    options,
                    &mut shaped,
                    &mut swallow,
                    out,
                );
                // A lam–alef ligature takes the clusters up to its alef into this unit.
                while let Some(alef) = swallow {
                    if i >= self.ends.len() || alef < end {
                        break;
                    }
                    let next_end = self.ends[i];
                    i += 1;
                    let next = &text[end as usize..next_end as usize];
                    for (b, c) in next.char_indices() {
                        let at = end + b as u32;
                        if at != alef && !chars::is_invisible(c) {
                            out.glyphs.push(c);
                        }
                    }
                    if alef < next_end {
                        swallow = None;
                    }
                    end = next_end;
                }
            }
            let glyph_end = out.glyphs.len() as u32;
            let drawn = &out.glyphs[glyph_start as usize..];
            let mut width = match kind {
                UnitKind::Hidden | UnitKind::Tab => 0,
                _ => glyph_width(drawn),
            };
            let mut glyph = (glyph_start, glyph_end);
            if width == 0 && !drawn.is_empty() {
                // A mark with no letter to sit on: give it a dotted circle.
                let marks = drawn.to_string();
                out.glyphs.truncate(glyph_start as usize);
                out.glyphs.push('\u{25CC}');
                out.glyphs.push_str(&marks);
                glyph.1 = out.glyphs.len() as u32;
                width = 1;
            }
            self.units.push(Unit {
                start,
                end,
                glyph,
                width,
                level,
                class,
                kind,
                // Only a cluster of nothing but spaces hangs at the end of a line; a mark
                // typed after a space keeps its cell (for UAX #14 too it is a letter, LB10).
                space: cluster
                    .chars()
                    .all(|c| chars::is_breakable_space(c) || chars::is_invisible(c)),
            });
            start = end;
        }
        has_mandatory
    }

    /// Appends the drawn form of one cluster: shaped or mirrored base, invisible chars left
    /// out.
    #[allow(clippy::too_many_arguments)]
    fn push_cluster(
        &self,
        text: &str,
        cluster: &str,
        start: u32,
        level: u8,
        options: &Options,
        shaped: &mut std::iter::Peekable<std::slice::Iter<'_, shape::Shaped>>,
        swallow: &mut Option<u32>,
        out: &mut ParagraphLayout,
    ) {
        for (k, (b, c)) in cluster.char_indices().enumerate() {
            let at = start + b as u32;
            while shaped.peek().is_some_and(|s| s.at < at) {
                shaped.next();
            }
            if chars::is_invisible(c) {
                continue;
            }
            let mut g = c;
            if let Some(s) = shaped.next_if(|s| s.at == at) {
                match s.ligature_with {
                    // A shown bidi control between lam and alef needs its own cell: no
                    // ligature then, the lam is drawn as it is.
                    Some(alef)
                        if options.show_controls
                            && text[at as usize..alef as usize]
                                .chars()
                                .any(chars::is_bidi_format) =>
                    {
                        g = c
                    }
                    Some(_) => {
                        g = s.glyph;
                        *swallow = s.ligature_with;
                    }
                    None => g = s.glyph,
                }
            } else if k == 0 && level % 2 == 1 {
                g = mirror::mirrored(c).unwrap_or(c);
            }
            if swallow.is_some_and(|a| a == at) {
                continue;
            }
            out.glyphs.push(g);
        }
    }

    /// Greedy fill of units into lines at UAX #14 break opportunities.
    fn wrap(&mut self, text: &str, width: usize, has_mandatory: bool) {
        let n = self.units.len();
        self.line_units.clear();
        self.widths.clear();
        self.widths.extend(self.units.iter().map(|u| u.width));
        if width == 0 {
            let mut col = 0;
            for (u, w) in self.units.iter().zip(self.widths.iter_mut()) {
                if u.kind == UnitKind::Tab {
                    *w = (TAB - col % TAB) as u16;
                }
                col += *w as usize;
            }
            self.line_units.push(0..n);
            return;
        }
        let (total, has_tab) = self.units.iter().fold((0usize, false), |(t, tab), u| {
            (t + u.width as usize, tab || u.kind == UnitKind::Tab)
        });
        if total <= width && !has_tab && !has_mandatory {
            self.line_units.push(0..n);
            return;
        }
        let mut line_start = 0;
        let mut col = 0usize;
        let mut seg_start = 0;
        let mut u = 0;
        for (pos, opportunity) in linebreak::breaks(text) {
            // Break opportunities inside a cluster or ligature are not ours to take.
            while u < n && (self.units[u].end as usize) < pos {
                u += 1;
            }
            if u < n && self.units[u].end as usize != pos {
                continue;
            }
            let seg_end = (u + 1).min(n);
            if seg_end <= seg_start {
                continue;
            }
            // The segment's width without its trailing spaces, which may hang.
            let mut seg_width = 0;
            let mut acc = 0;
            for unit in &self.units[seg_start..seg_end] {
                acc += unit.width as usize;
                if !unit.space {
                    seg_width = acc;
                }
            }
            if line_start < seg_start && col + seg_width > width {
                self.line_units.push(line_start..seg_start);
                line_start = seg_start;
                col = 0;
            }
            for k in seg_start..seg_end {
                let unit = self.units[k];
                let mut w = match unit.kind {
                    UnitKind::Tab => (TAB - col % TAB) as u16,
                    _ => unit.width,
                };
                if !unit.space && k > line_start && col + w as usize > width {
                    // A word wider than the line breaks between clusters.
                    self.line_units.push(line_start..k);
                    line_start = k;
                    col = 0;
                    if unit.kind == UnitKind::Tab {
                        w = TAB as u16;
                    }
                }
                if w as usize > width && unit.kind != UnitKind::Tab {
                    // A single cluster wider than the whole line (a wide char in one column).
                    self.units[k].kind = UnitKind::Symbol;
                    self.units[k].glyph = (TOO_WIDE, TOO_WIDE);
                    w = 1;
                }
                self.widths[k] = w;
                col += w as usize;
            }
            let mandatory = opportunity == linebreak::Break::Mandatory;
            if mandatory && seg_end < n {
                self.line_units.push(line_start..seg_end);
                line_start = seg_end;
                col = 0;
            }
            seg_start = seg_end;
        }
        if line_start < n || self.line_units.is_empty() {
            self.line_units.push(line_start..n);
        }
        // Whitespace at the end of a wrapped line hangs: it takes no columns. On the last
        // line, whitespace that would overflow is trimmed the same way.
        let last = self.line_units.len() - 1;
        for (li, r) in self.line_units.iter().enumerate() {
            let mut excess = if li < last {
                usize::MAX
            } else {
                let w: usize = self.widths[r.clone()].iter().map(|&w| w as usize).sum();
                w.saturating_sub(width)
            };
            for k in r.clone().rev() {
                if excess == 0 || !self.units[k].space {
                    break;
                }
                let cut = (self.widths[k] as usize).min(excess);
                self.widths[k] -= cut as u16;
                excess -= cut;
            }
        }
    }

    /// Reorders line `li` (L1, L2 on the paragraph's levels) and appends its cells.
    fn emit_line(&mut self, li: usize, para_level: u8, out: &mut ParagraphLayout) {
        let r = self.line_units[li].clone();
        let units = &self.units[r.clone()];
        self.line_levels.clear();
        self.line_levels.extend(units.iter().map(|u| u.level));
        // L1: separators, and whitespace/isolate/removed runs before them or at the line
        // end, take the paragraph level.
        let mut trailing = true;
        for (k, u) in units.iter().enumerate().rev() {
            match u.class {
                BidiClass::S | BidiClass::B => {
                    self.line_levels[k] = para_level;
                    trailing = true;
                }
                c if trailing && trails_at_line_end(c) => self.line_levels[k] = para_level,
                _ => trailing = false,
            }
        }
        // L2: reverse every run at or above each odd level, highest first. Hidden controls
        // take part: an isolate initiator's level separates runs.
        let (min, max) = self
            .line_levels
            .iter()
            .fold((u8::MAX, 0), |(lo, hi), &l| (lo.min(l), hi.max(l)));
        self.order.clear();
        if min >= max {
            // One level on the whole line (a line of plain Arabic): one reversal or none.
            if max % 2 == 1 {
                self.order.extend((0..units.len() as u32).rev());
            } else {
                self.order.extend(0..units.len() as u32);
            }
        } else {
            self.order.extend(0..units.len() as u32);
            let lv = &mut self.order_levels;
            lv.clear();
            lv.extend_from_slice(&self.line_levels);
            let min_odd = if min % 2 == 1 { min } else { min + 1 };
            let mut level = max;
            while level >= min_odd {
                let mut k = 0;
                while k < lv.len() {
                    if lv[k] >= level {
                        let s = k;
                        while k < lv.len() && lv[k] >= level {
                            k += 1;
                        }
                        self.order[s..k].reverse();
                        lv[s..k].reverse();
                    } else {
                        k += 1;
                    }
                }
                level -= 1;
            }
        }
        out.cells.reserve(units.len());
        let cells_start = out.cells.len() as u32;
        let mut col = 0usize;
        for &k in &self.order {
            let u = units[k as usize];
            if u.kind == UnitKind::Hidden {
                continue;
            }
            let w = self.widths[r.start + k as usize];
            let mut glyph = u.glyph;
            let kind = match u.kind {
                _ if w == 0 && u.space => {
                    glyph = (0, 0);
                    CellKind::Collapsed
                }
                UnitKind::Tab => {
                    let s = out.glyphs.len() as u32;
                    out.glyphs.extend(std::iter::repeat_n(' ', w as usize));
                    glyph = (s, out.glyphs.len() as u32);
                    CellKind::Text
                }
                UnitKind::Symbol if glyph.0 == TOO_WIDE => {
                    let s = out.glyphs.len() as u32;
                    out.glyphs.push('\u{FFFD}');
                    glyph = (s, out.glyphs.len() as u32);
                    CellKind::Symbol
                }
                UnitKind::Symbol => CellKind::Symbol,
                _ => CellKind::Text,
            };
            out.cells.push(Cell {
                glyph: glyph.0..glyph.1,
                logical: u.start..u.end,
                col: col as u32,
                width: w,
                rtl: self.line_levels[k as usize] % 2 == 1,
                kind,
            });
            col += w as usize;
        }
        let logical_start = units.first().map_or(0, |u| u.start as usize);
        let logical_end = units.last().map_or(0, |u| u.end as usize);
        out.lines.push(Line {
            cells: cells_start..out.cells.len() as u32,
            width: col,
            logical: logical_start..logical_end,
        });
    }
}

/// Classes that rule L1 resets to the paragraph level when they end a line or precede a
/// separator: whitespace, isolate controls, and what X9 removed.
fn trails_at_line_end(class: BidiClass) -> bool {
    use BidiClass::*;
    matches!(
        class,
        WS | FSI | LRI | RLI | PDI | BN | LRE | RLE | LRO | RLO | PDF
    )
}

/// The char of a one-char cluster that is printable, one column wide and needs no care
/// beyond shaping and mirroring: ASCII, Latin letters, Hebrew and Arabic letters and digits.
#[inline]
fn plain_char(cluster: &[u8]) -> Option<char> {
    let c = match *cluster {
        [b] => b as u32,
        [b0, b1] => ((b0 as u32 & 0x1f) << 6) | (b1 as u32 & 0x3f),
        _ => return None,
    };
    if chars::flags(c) & chars::PLAIN != 0 {
        char::from_u32(c)
    } else {
        None
    }
}

/// L4 for [`plain_char`]s: of them only ASCII brackets and guillemets are mirrored.
#[inline]
fn mirror_plain(c: char) -> char {
    match c {
        '(' => ')',
        ')' => '(',
        '<' => '>',
        '>' => '<',
        '[' => ']',
        ']' => '[',
        '{' => '}',
        '}' => '{',
        '«' => '»',
        '»' => '«',
        c => c,
    }
}

/// Terminal columns of one drawn cluster.
fn glyph_width(g: &str) -> u16 {
    let mut chars = g.chars();
    match (chars.next(), chars.next()) {
        (None, _) => 0,
        (Some(c), None) => c.width().unwrap_or(0) as u16,
        _ => g.width() as u16,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_chars_mirror_as_unicode_says() {
        for b in 0x20u32..0x300 {
            let Some(c) = char::from_u32(b) else { continue };
            let mut buf = [0u8; 4];
            if let Some(p) = plain_char(c.encode_utf8(&mut buf).as_bytes()) {
                assert_eq!(p, c);
                let want = mirror::mirrored(c).unwrap_or(c);
                assert_eq!(mirror_plain(c), want, "{c:?}");
                assert_eq!(glyph_width(&c.to_string()), 1, "{c:?}");
            }
        }
        for c in ('\u{5D0}'..='\u{5EA}')
            .chain('\u{621}'..='\u{64A}')
            .chain('\u{660}'..='\u{6D3}')
        {
            let mut buf = [0u8; 4];
            if plain_char(c.encode_utf8(&mut buf).as_bytes()).is_some() {
                assert_eq!(mirror::mirrored(c), None, "{c:?}");
                assert_eq!(glyph_width(&c.to_string()), 1, "{c:?}");
            }
        }
    }
}
