//! The article: each visible row drawn from its layout, with annotations, suggestions,
//! search matches and the selection painted on the cells they cover.

use super::{draw_styled_line, LabelStyles};
use crate::annotate::Annotation;
use crate::layout::Cell;
use crate::ui::app::App;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use std::ops::Range;

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// Whether any of `sorted` (ranges in text order, not overlapping) overlaps `range`.
fn first_overlap(sorted: &[Range<usize>], range: &Range<usize>) -> bool {
    let i = sorted.partition_point(|m| m.end <= range.start);
    sorted.get(i).is_some_and(|m| overlaps(m, range))
}

pub(super) fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let selection = app.selection().range();
    let labels = LabelStyles::new(app.schema(), app.no_color());
    let matches: &[Range<usize>] = app.search().map_or(&[], |s| &s.matches);
    let suggestions = app.open_suggestions();
    let match_style = if app.no_color() {
        Style::default().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    } else {
        Style::default()
            .fg(Color::LightMagenta)
            .add_modifier(Modifier::BOLD)
    };
    for (y, pos) in (area.y..area.bottom()).zip(app.visible()) {
        let Some(layout) = app.layout(pos.para) else {
            continue;
        };
        let Some(line) = layout.lines().get(pos.row) else {
            continue;
        };
        let base = app.doc().paragraph_range(pos.para).start;
        let logical = base + line.logical.start..base + line.logical.end;
        let spans: Vec<&Annotation> = app.annotations().overlapping(logical).collect();
        let style = |cell: &Cell| {
            let range = base + cell.logical.start as usize..base + cell.logical.end as usize;
            let mut covering = spans.iter().filter(|a| overlaps(&a.range, &range));
            let mut style = Style::default();
            let mut inner: Option<&Annotation> = None;
            let mut count = 0;
            for a in covering.by_ref() {
                count += 1;
                if app.no_color() {
                    style = style.patch(labels.of(&a.label));
                }
                if inner.is_none_or(|i| a.range.len() < i.range.len()) {
                    inner = Some(a);
                }
            }
            if let (Some(a), false) = (inner, app.no_color()) {
                style = labels.of(&a.label);
                if count > 1 {
                    // Nested: the inner span's colour, and the outer ones underline it.
                    style = style.add_modifier(Modifier::UNDERLINED);
                }
            }
            if count == 0 {
                // A suggestion: the label's colour on the letters, dimmed, never a
                // background, so it cannot be taken for an annotation.
                let inner = suggestions
                    .iter()
                    .filter(|(_, s)| overlaps(&s.range, &range))
                    .min_by_key(|(i, s)| (s.range.len(), *i));
                if let Some((_, s)) = inner {
                    let colour = labels.of(&s.label).bg.unwrap_or(Color::Gray);
                    style = if app.no_color() {
                        style.add_modifier(Modifier::DIM)
                    } else {
                        style
                            .fg(colour)
                            .add_modifier(Modifier::DIM | Modifier::UNDERLINED)
                    };
                }
            }
            if first_overlap(matches, &range) {
                style = style.patch(match_style);
            }
            if overlaps(&selection, &range) {
                style = style.add_modifier(Modifier::REVERSED);
            }
            style
        };
        draw_styled_line(buf, area, y, layout, line, app.bidi(), style);
    }
}
