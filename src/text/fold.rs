//! Arabic-aware folding for matching: harakat and tatweel dropped, أ إ آ ٱ → ا, ى → ي,
//! ة → ه, Latin lowercased, runs of spaces made one. "الأمريكي" and "الامريكي" fold alike.

/// Whether `c` is dropped by [`fold`]: harakat, Quranic marks, superscript alef, tatweel,
/// and the invisible joiners and bidi marks that may sit inside a word.
pub fn is_ignored(c: char) -> bool {
    matches!(c, '\u{0610}'..='\u{061A}' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}'
        | '\u{06D6}'..='\u{06ED}' | '\u{200B}'..='\u{200F}' | '\u{2066}'..='\u{2069}' | '\u{061C}')
}

/// The folded form of `c`, or `None` when it is dropped.
pub fn fold_char(c: char) -> Option<char> {
    if is_ignored(c) {
        return None;
    }
    Some(match c {
        'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
        'ى' => 'ي',
        'ة' => 'ه',
        c if c.is_whitespace() => ' ',
        c => c.to_lowercase().next().unwrap_or(c),
    })
}

/// `s` folded, trimmed, with each run of whitespace one space.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().filter_map(fold_char) {
        if c == ' ' && (out.is_empty() || out.ends_with(' ')) {
            continue;
        }
        out.push(c);
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::fold;

    #[test]
    fn hamza_harakat_tatweel_and_case_fold() {
        assert_eq!(fold("الأمريكي"), fold("الامريكي"));
        assert_eq!(fold("فعلياً"), "فعليا");
        assert_eq!(fold("مـــصر"), "مصر");
        assert_eq!(fold("مكة المكرمة"), "مكه المكرمه");
        assert_eq!(fold("مستشفى"), "مستشفي");
        assert_eq!(fold("  John\u{a0} KERRY "), "john kerry");
    }
}
