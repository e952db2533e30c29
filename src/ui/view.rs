//! Drawing: the article view writes cells from the layout itself, since the text is not
//! plain left-to-right, and paints annotations and the selection on exactly the cells
//! they cover; the footer, the list, the picker and the help use the same engine for any
//! text that may hold Arabic.

use super::app::{Action, App};
use super::edit::quoted;
use super::keymap::keys_for;
use crate::annotate::{Annotation, Schema, Status};
use crate::layout::{self, Cell, CellKind, Direction, Line, Options, ParagraphLayout};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::widgets::{Block, Clear, Paragraph, Widget};
use std::ops::Range;
use std::str::FromStr;

/// Draws visual line `line` of `layout` in the row `y` of `area`, right-aligned when the
/// paragraph is RTL. A line wider than the area loses its end in reading order (the left of
/// an RTL line, the right of an LTR one); cells are never wrapped.
pub fn draw_layout_line(
    buf: &mut Buffer,
    area: Rect,
    y: u16,
    layout: &ParagraphLayout,
    line: &Line,
    style: Style,
) {
    draw_styled_line(buf, area, y, layout, line, |_| style);
}

/// [`draw_layout_line`] with a style per cell.
pub fn draw_styled_line(
    buf: &mut Buffer,
    area: Rect,
    y: u16,
    layout: &ParagraphLayout,
    line: &Line,
    style: impl Fn(&Cell) -> Style,
) {
    let width = area.width as i64;
    let x0 = if layout.rtl {
        area.x as i64 + width - line.width as i64
    } else {
        area.x as i64
    };
    for cell in layout.cells(line) {
        if cell.width == 0 {
            continue;
        }
        let x = x0 + cell.col as i64;
        if x < area.x as i64 {
            continue;
        }
        if x + cell.width as i64 > area.right() as i64 {
            break;
        }
        let style = match cell.kind {
            CellKind::Symbol => style(cell).add_modifier(Modifier::DIM | Modifier::REVERSED),
            _ => style(cell),
        };
        buf.set_stringn(x as u16, y, layout.glyph(cell), cell.width as usize, style);
    }
}

/// `text` laid out on one unwrapped line: names, prompts, messages, list rows.
pub(super) fn one_line(
    text: &str,
    direction: Direction,
    shaping: layout::Shaping,
) -> ParagraphLayout {
    let options = Options {
        width: 0,
        direction,
        shaping,
        show_controls: false,
    };
    layout::layout(text, &options)
}

/// Lays `text` out on one line and draws it in `area` (one row); returns the columns used
/// and whether the line is right to left.
fn draw_text(
    app: &App,
    buf: &mut Buffer,
    area: Rect,
    text: &str,
    direction: Direction,
    style: Style,
) -> (u16, bool) {
    if area.width == 0 || area.height == 0 {
        return (0, false);
    }
    let laid = one_line(text, direction, app.options.shaping);
    let mut used = 0;
    if let Some(line) = laid.lines().first() {
        draw_layout_line(buf, area, area.y, &laid, line, style);
        used = (line.width as u16).min(area.width);
    }
    (used, laid.rtl)
}

/// The style of label `name`: its colour behind black text, or (with `NO_COLOR`) a
/// modifier of its own.
pub fn label_style(schema: &Schema, name: &str, no_color: bool) -> Style {
    let index = schema.index(name);
    if no_color {
        const MODS: [Modifier; 4] = [
            Modifier::BOLD,
            Modifier::UNDERLINED,
            Modifier::ITALIC,
            Modifier::CROSSED_OUT,
        ];
        return Style::default().add_modifier(index.map_or(Modifier::DIM, |i| MODS[i % 4]));
    }
    let colour = schema
        .get(name)
        .and_then(|l| Color::from_str(&l.colour).ok())
        .unwrap_or(Color::Gray);
    Style::default().bg(colour).fg(Color::Black)
}

/// The styles of the schema's labels, each colour parsed once per frame rather than once
/// per cell.
struct LabelStyles<'a> {
    styles: Vec<(&'a str, Style)>,
    no_color: bool,
}

impl<'a> LabelStyles<'a> {
    fn new(schema: &'a Schema, no_color: bool) -> LabelStyles<'a> {
        let styles = schema
            .labels
            .iter()
            .map(|l| (l.name.as_str(), label_style(schema, &l.name, no_color)))
            .collect();
        LabelStyles { styles, no_color }
    }

    fn of(&self, name: &str) -> Style {
        match self.styles.iter().find(|(n, _)| *n == name) {
            Some((_, style)) => *style,
            // A label the schema lacks is still shown.
            None if self.no_color => Style::default().add_modifier(Modifier::DIM),
            None => Style::default().bg(Color::Gray).fg(Color::Black),
        }
    }
}

impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let rows = self.text_rows() as u16;
        let (x, width) = self.text_area();
        let text = Rect {
            x: area.x + x,
            y: area.y,
            width,
            height: rows.min(area.height),
        };
        render_article(self, text, buf);
        let panel = self.panel_width();
        if panel > 0 {
            render_panel(
                self,
                Rect {
                    width: panel,
                    height: rows.min(area.height),
                    ..area
                },
                buf,
            );
        }
        let footer = self.footer_rows() as u16;
        if footer >= 1 {
            let status = Rect {
                y: area.bottom() - 1,
                height: 1,
                ..area
            };
            // On a screen too low for both, an open prompt takes the status line's row.
            if footer == 1 && self.prompt().is_some() {
                render_info(self, status, buf);
            } else {
                render_status(self, status, buf);
            }
        } else if self.prompt().is_some() && area.height == 1 {
            // One row: the prompt has it.
            render_info(self, area, buf);
        }
        if footer >= 2 {
            let info = Rect {
                y: area.bottom() - 2,
                height: 1,
                ..area
            };
            render_info(self, info, buf);
        }
        if self.picker().is_some() {
            render_picker(self, area, buf);
        }
        if self.help {
            render_help(self, area, buf);
        }
    }
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// Whether any of `sorted` (ranges in text order, not overlapping) overlaps `range`.
fn first_overlap(sorted: &[Range<usize>], range: &Range<usize>) -> bool {
    let i = sorted.partition_point(|m| m.end <= range.start);
    sorted.get(i).is_some_and(|m| overlaps(m, range))
}

fn render_article(app: &App, area: Rect, buf: &mut Buffer) {
    let selection = app.selection.range();
    let labels = LabelStyles::new(&app.schema, app.no_color);
    let matches: &[Range<usize>] = app.search.as_ref().map_or(&[], |s| &s.matches);
    let suggestions = app.open_suggestions();
    let match_style = if app.no_color {
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
        let base = app.doc.paragraph_range(pos.para).start;
        let logical = base + line.logical.start..base + line.logical.end;
        let spans: Vec<&Annotation> = app.annotations.overlapping(logical).collect();
        let style = |cell: &Cell| {
            let range = base + cell.logical.start as usize..base + cell.logical.end as usize;
            let mut covering = spans.iter().filter(|a| overlaps(&a.range, &range));
            let mut style = Style::default();
            let mut inner: Option<&Annotation> = None;
            let mut count = 0;
            for a in covering.by_ref() {
                count += 1;
                if app.no_color {
                    style = style.patch(labels.of(&a.label));
                }
                if inner.is_none_or(|i| a.range.len() < i.range.len()) {
                    inner = Some(a);
                }
            }
            if let (Some(a), false) = (inner, app.no_color) {
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
                    style = if app.no_color {
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
        draw_styled_line(buf, area, y, layout, line, style);
    }
}

/// The annotations under the cursor, innermost first, as the info line tells them.
pub fn describe_here(app: &App) -> String {
    let here = app.annotations.at(app.selection.head.start);
    let mut parts = Vec::new();
    for a in here {
        let mut s = format!("[{} #{}] {}", a.label, a.id, app.describe(a));
        if let Some(to) = a.speaker.and_then(|id| app.annotations.get(id)) {
            s.push_str(&format!(" ← {}", app.describe(to)));
        }
        parts.push(s);
    }
    parts.join("  ·  ")
}

fn render_info(app: &App, area: Rect, buf: &mut Buffer) {
    let style = Style::default();
    buf.set_style(area, style);
    if let Some(prompt) = app.prompt() {
        let title = format!(" {}: ", prompt.kind.title());
        let (hint, hint_style) = match &prompt.error {
            Some(e) => (
                format!(" {e} "),
                style.add_modifier(Modifier::BOLD).fg(Color::Red),
            ),
            None if prompt.choices.len() > 1 => (
                " Tab: next · Enter: set · Esc ".to_string(),
                style.add_modifier(Modifier::DIM),
            ),
            None => (
                " Enter: set · Esc: cancel ".to_string(),
                style.add_modifier(Modifier::DIM),
            ),
        };
        let bold = style.add_modifier(Modifier::BOLD);
        buf.set_stringn(area.x, area.y, &title, area.width as usize, bold);
        let x = (area.x + title.chars().count() as u16).min(area.right());
        // What is typed comes first: the hint gets what is left beyond 16 columns of it
        // (an error, all it needs).
        let room = area.right().saturating_sub(x);
        let hint_len = hint.chars().count() as u16;
        let hint_w = if prompt.error.is_some() {
            hint_len.min(room.saturating_sub(room.min(16) / 2))
        } else {
            hint_len.min(room.saturating_sub(16))
        };
        let input_area = Rect {
            x,
            width: area.right().saturating_sub(x + hint_w + 1),
            ..area
        };
        // The suggestion it opened with is shown selected: typing replaces it.
        let input_style = if prompt.fresh {
            style.add_modifier(Modifier::REVERSED)
        } else {
            style.add_modifier(Modifier::UNDERLINED)
        };
        let (used, rtl) = draw_text(
            app,
            buf,
            input_area,
            &prompt.input,
            Direction::Auto,
            input_style,
        );
        // Where typing goes: after the text in reading order.
        let caret_x = if rtl {
            input_area.right().saturating_sub(used + 1)
        } else {
            input_area.x + used
        };
        if caret_x < input_area.right() && caret_x >= input_area.x {
            buf.set_string(caret_x, area.y, " ", style.add_modifier(Modifier::REVERSED));
        }
        let hint_area = Rect {
            x: area.right().saturating_sub(hint_w),
            width: hint_w,
            ..area
        };
        draw_text(app, buf, hint_area, &hint, Direction::Ltr, hint_style);
        return;
    }
    let text = match &app.message {
        Some(m) => m.clone(),
        None => describe_here(app),
    };
    let inner = Rect {
        x: area.x + 1,
        width: area.width.saturating_sub(2),
        ..area
    };
    draw_text(app, buf, inner, &text, Direction::Ltr, style);
}

fn render_status(app: &App, area: Rect, buf: &mut Buffer) {
    let style = Style::default().add_modifier(Modifier::REVERSED);
    buf.set_style(area, style);
    let (para, total, percent) = app.progress();
    let place = if app.partial() {
        format!("¶ {para}/…  reading…")
    } else {
        format!("¶ {para}/{total}  {percent:>3}%")
    };
    let saved = match (&app.session, &app.read_only) {
        (Some(s), _) if s.unsaved => "NOT SAVED",
        (Some(_), None) => "saved",
        _ => "read-only",
    };
    let done = match app.annotations.status {
        Status::Done => "done",
        Status::InProgress => "in progress",
    };
    let selecting = if app.extending { "SELECT  " } else { "" };
    let full = format!(
        " {selecting}{} ann.  {done}  {saved}  {place}  ? help ",
        app.annotations.len()
    );
    // On a narrow screen the counts give way to the file name.
    let right = if full.chars().count() + app.short_name_width() + 3 <= area.width as usize {
        full
    } else {
        format!(" {saved}  {place} ")
    };
    let right_width = right.chars().count() as u16;
    let right_x = area.right().saturating_sub(right_width);
    buf.set_stringn(
        right_x.max(area.x),
        area.y,
        &right,
        area.width as usize,
        style,
    );
    if saved == "NOT SAVED" {
        let start = right.find(saved).map_or(0, |b| right[..b].chars().count()) as u16;
        let x = right_x.max(area.x) + start;
        if x + 9 <= area.right() {
            buf.set_string(
                x,
                area.y,
                saved,
                style.add_modifier(Modifier::BOLD).fg(Color::Red),
            );
        }
    }
    let name_area = Rect {
        x: area.x + 1,
        width: right_x.saturating_sub(area.x + 2),
        ..area
    };
    let name = app.name_layout(name_area.width as usize);
    if let Some(line) = name.lines().first() {
        draw_layout_line(buf, name_area, area.y, name, line, style);
    }
}

/// One row of the list: label, quote, link.
fn render_panel(app: &App, area: Rect, buf: &mut Buffer) {
    Clear.render(area, buf);
    // A border only where there is room for it and the rows.
    let inner = if area.height >= 4 && area.width >= 20 {
        let block = Block::bordered().title(format!(
            " {} annotations · Enter go · d delete · label key relabels ",
            app.annotations.len()
        ));
        let inner = block.inner(area);
        block.render(area, buf);
        inner
    } else {
        area
    };
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    let items = app.annotations.items();
    let selected = app.panel_selected().unwrap_or(0);
    let rows = inner.height as usize;
    let first = selected.saturating_sub(rows.saturating_sub(1) / 2);
    let first = first.min((items.len() + app.annotations.orphans.len()).saturating_sub(rows));
    let label_w = if inner.width >= 24 { 9u16 } else { 0 };
    let link_w = if inner.width >= 24 {
        (inner.width / 4).clamp(4, 16)
    } else {
        0
    };
    let entries = items
        .iter()
        .map(Some)
        .chain(app.annotations.orphans.iter().map(|_| None))
        .enumerate()
        .skip(first)
        .take(rows);
    for (y, (i, item)) in (inner.y..).zip(entries) {
        let row = Rect {
            y,
            height: 1,
            ..inner
        };
        let base = if i == selected {
            Style::default().add_modifier(Modifier::REVERSED)
        } else {
            Style::default()
        };
        buf.set_style(row, base);
        let (label, quote, link, lstyle) = match item {
            Some(a) => {
                let room = link_w.saturating_sub(3) as usize;
                let link = match (&a.entity, &a.country, a.speaker) {
                    (Some(e), _, _) => format!("= {}", quoted(e, room)),
                    (_, Some(c), _) => c.clone(),
                    (_, _, Some(s)) => match app.annotations.get(s) {
                        Some(sp) => {
                            let name = sp.entity.as_deref().unwrap_or_else(|| {
                                app.doc.text().get(sp.range.clone()).unwrap_or("")
                            });
                            format!("← {}", quoted(name, room))
                        }
                        None => format!("← #{s}"),
                    },
                    _ => String::new(),
                };
                let quote = app
                    .doc
                    .text()
                    .get(a.range.clone())
                    .unwrap_or("")
                    .to_string();
                (
                    a.label.clone(),
                    quote,
                    link,
                    label_style(&app.schema, &a.label, app.no_color),
                )
            }
            None => {
                let o = &app.annotations.orphans[i - items.len()];
                (
                    "orphan".to_string(),
                    o.quote.clone(),
                    format!("(a {})", o.label),
                    Style::default().add_modifier(Modifier::DIM),
                )
            }
        };
        let label_text: String = format!("{label:<8}").chars().take(8).collect();
        buf.set_stringn(row.x, y, &label_text, label_w as usize, lstyle);
        let quote_area = Rect {
            x: row.x + label_w,
            width: row.width.saturating_sub(label_w + link_w + 1),
            ..row
        };
        // Too narrow for the label's name: the quote wears the label's style.
        let quote_style = if label_w == 0 {
            base.patch(lstyle)
        } else {
            base
        };
        draw_text(app, buf, quote_area, &quote, Direction::Auto, quote_style);
        let link_area = Rect {
            x: row.right().saturating_sub(link_w),
            width: link_w,
            ..row
        };
        draw_text(app, buf, link_area, &link, Direction::Ltr, base);
    }
}

fn render_picker(app: &App, area: Rect, buf: &mut Buffer) {
    let Some((speakers, selected)) = app.picker() else {
        return;
    };
    let width = area.width.clamp(1, 60);
    let height = (speakers.len() as u16 + 2)
        .min(area.height.saturating_sub(2))
        .max(3)
        .min(area.height);
    let rect = Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    };
    Clear.render(rect, buf);
    let block = Block::bordered().title(" attribute to · Enter choose · d none · Esc ");
    let inner = block.inner(rect);
    block.render(rect, buf);
    let rows = inner.height as usize;
    let first = selected.saturating_sub(rows.saturating_sub(1));
    for (y, (i, id)) in (inner.y..inner.bottom()).zip(speakers.iter().enumerate().skip(first)) {
        let Some(a) = app.annotations.get(*id) else {
            continue;
        };
        let style = if i == selected {
            Style::default().add_modifier(Modifier::REVERSED)
        } else {
            Style::default()
        };
        let row = Rect {
            y,
            height: 1,
            ..inner
        };
        buf.set_style(row, style);
        draw_text(
            app,
            buf,
            row,
            &format!("#{} {}", a.id, app.describe(a)),
            Direction::Ltr,
            style,
        );
    }
}

const HELP_ACTIONS: &[Action] = &[
    Action::ScrollDown(1),
    Action::ScrollUp(1),
    Action::PageDown,
    Action::PageUp,
    Action::HalfPageDown,
    Action::HalfPageUp,
    Action::Top,
    Action::Bottom,
    Action::WordNext,
    Action::WordPrev,
    Action::Left(false),
    Action::Right(false),
    Action::Up(false),
    Action::Down(false),
    Action::Left(true),
    Action::Right(true),
    Action::Up(true),
    Action::Down(true),
    Action::ToggleSelect,
    Action::Cancel,
    Action::StartEarlier,
    Action::StartLater,
    Action::EndEarlier,
    Action::EndLater,
    Action::LinkNearest,
    Action::PickSpeaker,
    Action::EditEntity,
    Action::EditCountry,
    Action::Delete,
    Action::Undo,
    Action::Redo,
    Action::ToggleDone,
    Action::TogglePanel,
    Action::Search,
    Action::SearchNext,
    Action::SearchPrev,
    Action::TagMatches,
    Action::ToggleSuggestions,
    Action::Accept,
    Action::Reject,
    Action::AcceptAll,
    Action::RejectAll,
    Action::NextFile,
    Action::PrevFile,
    Action::NextUnfinished,
    Action::Enter,
    Action::ToggleHelp,
    Action::Quit,
];

/// The help lines: keys, then what they do; the label keys of `schema` first.
pub fn help_lines(schema: &Schema) -> Vec<(String, String)> {
    let labels = schema.labels.iter().map(|l| {
        (
            l.key.to_string(),
            format!("tag the selection (or the word) {}", l.name),
        )
    });
    labels
        .chain(
            HELP_ACTIONS
                .iter()
                .map(|&a| (keys_for(a), a.description().to_string())),
        )
        .chain([(
            "mouse".to_string(),
            "click: cursor · drag: select · double-click: word · wheel".to_string(),
        )])
        .collect()
}

fn render_help(app: &App, area: Rect, buf: &mut Buffer) {
    let lines = help_lines(&app.schema);
    let key_width = lines
        .iter()
        .map(|(k, _)| k.chars().count())
        .max()
        .unwrap_or(0);
    let text: Vec<ratatui::text::Line> = lines
        .iter()
        .skip(app.help_scroll)
        .map(|(k, d)| ratatui::text::Line::from(format!("{k:<key_width$}  {d}")))
        .collect();
    let inner_width = lines
        .iter()
        .map(|(_, d)| key_width + 2 + d.chars().count())
        .max()
        .unwrap_or(0) as u16;
    let width = (inner_width + 4).min(area.width);
    let height = (text.len() as u16 + 2).min(area.height);
    let rect = Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    };
    let more = lines.len() - app.help_scroll > height.saturating_sub(2) as usize;
    let title = if more || app.help_scroll > 0 {
        " hamish: keys (j/k scroll; any other key closes) "
    } else {
        " hamish: keys (any key closes) "
    };
    Clear.render(rect, buf);
    Paragraph::new(text)
        .block(Block::bordered().title(title))
        .render(rect, buf);
}
