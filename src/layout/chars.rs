//! What kind of thing a char is for drawing: steering bidi control, invisible, terminal
//! control (never written raw), breakable space.

/// Flag of [`flags`]: Grapheme_Cluster_Break=Other and not Extended_Pictographic nor part of an
/// Indic conjunct, so that two such chars in a row always have a cluster boundary between them.
pub const SIMPLE: u8 = 1;
/// Flag of [`flags`]: printable, one column wide, never invisible, a control or a break; the
/// only care it needs is shaping and (ASCII brackets, guillemets) mirroring.
pub const PLAIN: u8 = 2;

const fn flags_of(c: u32) -> u8 {
    let simple = matches!(c, 0x20..=0x7E | 0xC0..=0xFF | 0x60C | 0x61B | 0x61F | 0x621..=0x64A
        | 0x660..=0x66D | 0x671..=0x6D3 | 0x5D0..=0x5EA);
    let plain = matches!(c, 0x20..=0x7E | 0xA1..=0xAC | 0xAE..=0x2FF | 0x5D0..=0x5EA | 0x60C
        | 0x61B | 0x61F | 0x621..=0x64A | 0x660..=0x66D | 0x671..=0x6D3);
    (simple as u8 * SIMPLE) | (plain as u8 * PLAIN)
}

/// [`SIMPLE`] and [`PLAIN`] for U+0000..U+07FF, looked up instead of tested range by range:
/// these tests run for every char of every paragraph.
static FLAGS: [u8; 0x800] = {
    let mut table = [0u8; 0x800];
    let mut c = 0;
    while c < 0x800 {
        table[c] = flags_of(c as u32);
        c += 1;
    }
    table
};

/// The [`SIMPLE`] and [`PLAIN`] flags of `c` (none above U+07FF).
#[inline]
pub fn flags(c: u32) -> u8 {
    FLAGS.get(c as usize).copied().unwrap_or(0)
}

/// Bidi formatting characters: they steer the algorithm and are not drawn unless asked.
pub fn is_bidi_format(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Short name of a bidi formatting character, shown with `--show-controls`.
pub fn bidi_format_name(c: char) -> &'static str {
    match c {
        '\u{061C}' => "ALM",
        '\u{200E}' => "LRM",
        '\u{200F}' => "RLM",
        '\u{202A}' => "LRE",
        '\u{202B}' => "RLE",
        '\u{202C}' => "PDF",
        '\u{202D}' => "LRO",
        '\u{202E}' => "RLO",
        '\u{2066}' => "LRI",
        '\u{2067}' => "RLI",
        '\u{2068}' => "FSI",
        '\u{2069}' => "PDI",
        _ => "?",
    }
}

/// Default-ignorable chars that terminals treat inconsistently (some draw a box, some a
/// space, some nothing): we never write them; they still belong to the cell of their
/// cluster so offsets stay exact. ZWJ, ZWNJ, variation selectors and emoji tags are not
/// among them: they change how their cluster is drawn (a terminal that joins letters must
/// see a ZWNJ), so they are written inside their cluster.
pub fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
        | '\u{180B}'..='\u{180F}' | '\u{200B}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}' | '\u{3164}' | '\u{FEFF}' | '\u{FFA0}' | '\u{FFF0}'..='\u{FFF8}'
        | '\u{1BCA0}'..='\u{1BCA3}' | '\u{1D173}'..='\u{1D17A}' | '\u{E0000}' | '\u{E0001}'
        | '\u{E0080}'..='\u{E00FF}' | '\u{E01F0}'..='\u{E0FFF}')
}

/// Appends the visible stand-in of a char that must never reach the terminal raw (C0 but
/// TAB, DEL, C1, and the line and paragraph separators, which end lines in some tools) and
/// returns true; returns false for any other char. An escape sequence in an article thus
/// shows as `␛[2J` and does nothing.
pub fn push_control_symbol(c: char, out: &mut String) -> bool {
    match c {
        '\t' => return false,
        '\u{0}'..='\u{1F}' => out.push(char::from_u32(0x2400 + c as u32).unwrap_or('\u{FFFD}')),
        '\u{7F}' => out.push('\u{2421}'),
        // C1 controls have no symbols of their own: their code, as `<9B>`.
        '\u{80}'..='\u{9F}' => {
            out.push('<');
            out.push_str(&format!("{:02X}", c as u32));
            out.push('>');
        }
        '\u{2028}' => out.push('\u{2424}'),
        '\u{2029}' => out.push('\u{00B6}'),
        _ => return false,
    }
    true
}

/// Spaces after which a line may break and which hang at the end of a wrapped line.
pub fn is_breakable_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{1680}' | '\u{2000}'..='\u{2006}' | '\u{2008}'..='\u{200A}' | '\u{205F}' | '\u{3000}')
}

/// Chars that force a line break (UAX #14 classes BK, CR, NL); honoured only when wrapping.
pub fn is_mandatory_break(c: char) -> bool {
    matches!(
        c,
        '\u{0B}' | '\u{0C}' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// Chars a text file written by hamish (the annotation file) spells as escapes: controls,
/// the line and paragraph separators, bidi formatting and other invisible chars, ZWJ and
/// ZWNJ, so the file reads the same in any editor and never steers a terminal.
pub fn needs_escape(c: char) -> bool {
    c.is_control()
        || is_invisible(c)
        || matches!(c, '\u{200C}' | '\u{200D}' | '\u{2028}' | '\u{2029}')
}

/// Makes any text from data safe to write to a terminal (file and folder names, quotes,
/// labels, messages): controls become visible symbols ([`push_control_symbol`]), a tab a
/// space, bidi controls tags such as `<RLO>` (a terminal that reorders would otherwise
/// obey them, and a name could pass for another), other invisible chars tags such as
/// `<U+200B>`. Nothing is dropped: two names that differ look different.
pub fn sanitize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c == '\t' {
            out.push(' ');
        } else if is_bidi_format(c) {
            out.push('<');
            out.push_str(bidi_format_name(c));
            out.push('>');
        } else if is_invisible(c) {
            out.push_str(&format!("<U+{:04X}>", c as u32));
        } else if !push_control_symbol(c, &mut out) {
            out.push(c);
        }
    }
    out
}

/// [`sanitize`], line by line: the line ends stay.
pub fn sanitize_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let (body, end) = match line.strip_suffix('\n') {
            Some(b) => (b, "\n"),
            None => (line, ""),
        };
        out.push_str(&sanitize(body));
        out.push_str(end);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_are_defused() {
        let s = sanitize("a\u{1b}[2J\u{1b}]0;title\u{7}\u{9b}b\u{202e}c\u{2028}\u{7f}");
        assert_eq!(
            s,
            "a\u{241b}[2J\u{241b}]0;title\u{2407}<9B>b<RLO>c\u{2424}\u{2421}"
        );
        assert!(!s.chars().any(|c| c.is_control()));
    }

    #[test]
    fn bidi_controls_and_invisible_chars_are_shown_not_dropped() {
        let every = "\u{202a}\u{202b}\u{202c}\u{202d}\u{202e}\u{2066}\u{2067}\u{2068}\u{2069}\u{200e}\u{200f}\u{61c}";
        assert_eq!(
            sanitize(every),
            "<LRE><RLE><PDF><LRO><RLO><LRI><RLI><FSI><PDI><LRM><RLM><ALM>"
        );
        assert_eq!(sanitize("a\u{200b}b\u{feff}"), "a<U+200B>b<U+FEFF>");
        // ZWNJ and ZWJ belong to Persian and Arabic words: kept as they are.
        assert_eq!(sanitize("می\u{200c}خواهم"), "می\u{200c}خواهم");
    }
}
