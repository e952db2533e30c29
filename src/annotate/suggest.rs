//! Pre-annotation: suggestions of Speakers, Claims and Countries for the annotator to accept
//! or reject, found by rule, never by a model.
//!
//! * Country: a word, or two or three words with only spaces between them ("الولايات
//!   المتحدة", "كوريا الشمالية"), that the gazetteer resolves; the longest wins. A prefix
//!   و ف ب ل ك that is not part of the name is left out of the range ("والصين" → "الصين"), and
//!   a word that only matches by adding the article to a name without one ("المالي",
//!   "financial", is not Mali) is not suggested.
//! * Speaker: after a reporting verb (`assets/reporting_verbs.ron`, with و or ف in front or
//!   not), a quoted name ("قال "كيري"") or the next one to three words, stopping at
//!   punctuation, a quote, a preposition, a time word or إن/أن. With نقل ("ونقلت الوكالة عن
//!   X") the source after عن is the Speaker. With no subject after the verb, a quoted name
//!   just before it ("وانغ يي" قال) is taken; after a relative pronoun (الذي يؤكد) none is.
//! * Claim: the clause from إن/أن (a few words after the Speaker or the verb) to the end of
//!   its sentence (. ؟ ! outside quotes, or the end of the paragraph), or a quotation of two
//!   words or more right after the Speaker or after a colon, without its quote marks.
//!
//! The rules speak of [`Role`]s; a suggestion carries the name of the schema's label for its
//! role, and a role the schema has no label for is not suggested.
//!
//! Nothing is suggested twice, and nothing an annotation already has (same label, same
//! span). The why of each suggestion says which rule made it.

use crate::annotate::countries::{Country, Gazetteer};
use crate::annotate::selection::words;
use crate::annotate::{Annotations, Role, Schema};
use crate::text::fold::{fold, is_ignored};
use crate::text::Document;
use serde::Deserialize;
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::OnceLock;

/// The built-in list of reporting verbs.
pub const REPORTING_VERBS: &str = include_str!("../../assets/reporting_verbs.ron");

/// One reporting verb and the written forms that count as it.
#[derive(Debug, Clone, Deserialize)]
pub struct ReportingVerb {
    /// Its dictionary form (قال), as the why of a suggestion names it.
    pub verb: String,
    /// Its written forms without prefixes (قال قالت يقول …).
    pub forms: Vec<String>,
}

/// A span the annotator may want to tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    /// The name of the schema's label for the suggestion's role.
    pub label: String,
    /// Bytes of the text.
    pub range: Range<usize>,
    /// For a Country: its ISO 3166-1 alpha-2 code.
    pub country: Option<String>,
    /// For a Claim: the index, in the returned list, of the Speaker suggestion it belongs to.
    pub speaker: Option<usize>,
    /// The rule that made it, for the status line.
    pub why: String,
    /// For a Speaker: its entity (from another annotator's copy).
    pub entity: Option<String>,
    /// For a Claim: an annotation already there that it links to.
    pub link_to: Option<u32>,
    /// Annotations already there that taking it replaces (another annotator's version of
    /// the same span: other boundaries or another label).
    pub replaces: Vec<u32>,
}

/// Words a Speaker does not run into: prepositions, time words and conjunctions (and the
/// [`RELATIVES`]), compared with hamza seats folded but ى and ة kept (على is not the name
/// علي).
const SPEAKER_STOPS: &[&str] = &[
    "ل",
    "ب",
    "ك",
    "في",
    "على",
    "عن",
    "من",
    "إلى",
    "مع",
    "أمام",
    "حول",
    "خلال",
    "بعد",
    "قبل",
    "منذ",
    "عند",
    "لدى",
    "أثناء",
    "ضد",
    "عبر",
    "تجاه",
    "نحو",
    "بين",
    "دون",
    "حتى",
    "إثر",
    "وفق",
    "بشأن",
    "عقب",
    "له",
    "لها",
    "لهم",
    "لنا",
    "فيه",
    "فيها",
    "اليوم",
    "أمس",
    "غدا",
    "الليلة",
    "صباح",
    "مساء",
    "يوم",
    "السبت",
    "الأحد",
    "الاثنين",
    "الإثنين",
    "الثلاثاء",
    "الأربعاء",
    "الخميس",
    "الجمعة",
    "الأسبوع",
    "الشهر",
    "لكن",
    "ولكن",
    "بينما",
    "كما",
    "أيضا",
    "أيضاً",
    "كذلك",
    "قائلا",
    "قائلاً",
    "قائلة",
    "و",
    "أو",
    "ثم",
];

/// Relative pronouns: a Speaker does not run into them, and right before a verb they make
/// it a relative clause (its subject came before).
const RELATIVES: &[&str] = &[
    "الذي",
    "التي",
    "الذين",
    "اللذين",
    "اللذان",
    "اللتين",
    "اللتان",
    "اللواتي",
];

/// A relative pronoun that only marks a relative clause, and is not a Speaker stop.
const CLAUSE_RELATIVES: &[&str] = &["اللاتي"];

/// The words that open a reported clause (إنّ/أنّ with a pronoun or ب), folded.
const CLAIM_STARTS: &[&str] = &[
    "ان",
    "انه",
    "انها",
    "انهم",
    "انهما",
    "انهن",
    "اننا",
    "انني",
    "اني",
    "بان",
    "بانه",
    "بانها",
    "بانهم",
    "بانهما",
    "باننا",
];

/// Most words a quoted Speaker name has; a longer quotation is what was said.
const NAME_WORDS: usize = 4;
/// Most words after the Speaker (or the verb) before the إن/أن of its clause.
const CLAUSE_GAP: usize = 8;
/// Most words after the Speaker (or the verb) before a quotation after a colon.
const QUOTE_GAP: usize = 16;

struct Verbs {
    list: Vec<ReportingVerb>,
    /// Folded form → index in `list`.
    index: HashMap<String, usize>,
}

fn verbs() -> &'static Verbs {
    static V: OnceLock<Verbs> = OnceLock::new();
    V.get_or_init(|| {
        // Empty if the list could not be read, which a test rules out.
        let list: Vec<ReportingVerb> = ron::from_str(REPORTING_VERBS).unwrap_or_default();
        let mut index = HashMap::new();
        for (i, v) in list.iter().enumerate() {
            for f in std::iter::once(&v.verb).chain(&v.forms) {
                index.entry(fold(f)).or_insert(i);
            }
        }
        Verbs { list, index }
    })
}

/// The reporting verb `word` is a form of, with or without a leading و or ف.
pub fn reporting_verb(word: &str) -> Option<&'static ReportingVerb> {
    let v = verbs();
    let folded = fold(word);
    let found = v.index.get(&folded).or_else(|| {
        folded
            .strip_prefix(['و', 'ف'])
            .and_then(|rest| v.index.get(rest))
    });
    found.map(|&i| &v.list[i])
}

/// Harakat, tatweel and invisible marks dropped and hamza seats on alef folded, but ى and ة
/// kept: enough to compare with a short list of function words.
fn light(word: &str) -> String {
    word.chars()
        .filter(|&c| !is_ignored(c))
        .map(|c| match c {
            'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
            c => c,
        })
        .collect()
}

fn word_set(lists: &[&[&str]], norm: fn(&str) -> String) -> HashSet<String> {
    lists.concat().into_iter().map(norm).collect()
}

fn is_speaker_stop(word: &str) -> bool {
    static S: OnceLock<HashSet<String>> = OnceLock::new();
    let light_word = light(word);
    S.get_or_init(|| word_set(&[SPEAKER_STOPS, RELATIVES], light))
        .contains(&light_word)
        || light_word.starts_with("لل") // للصحفيين: ل + the article, "to the ..."
        || is_claim_start(word)
        || reporting_verb(word).is_some()
}

fn is_relative(word: &str) -> bool {
    static S: OnceLock<HashSet<String>> = OnceLock::new();
    S.get_or_init(|| word_set(&[RELATIVES, CLAUSE_RELATIVES], light))
        .contains(&light(word))
}

fn is_claim_start(word: &str) -> bool {
    static S: OnceLock<HashSet<String>> = OnceLock::new();
    S.get_or_init(|| word_set(&[CLAIM_STARTS], fold))
        .contains(&fold(word))
}

fn closer_of(open: char) -> Option<char> {
    match open {
        '"' => Some('"'),
        '«' => Some('»'),
        '“' => Some('”'),
        _ => None,
    }
}

fn is_opener(c: char) -> bool {
    closer_of(c).is_some()
}

/// `range` of `text` without the whitespace (and the given punctuation) at its ends.
fn trim(text: &str, range: Range<usize>, punct: &[char]) -> Range<usize> {
    let s = &text[range.clone()];
    let strip = |c: char| c.is_whitespace() || punct.contains(&c);
    let start = range.start + (s.len() - s.trim_start_matches(strip).len());
    let end = range.end - (s.len() - s.trim_end_matches(strip).len());
    start..end.max(start)
}

/// Whether `c` at byte `at` ends a sentence: ؟ ? ! always, a full stop before a space, a
/// closing quote or the end (not in 3.5).
fn ends_sentence(text: &str, at: usize, c: char) -> bool {
    match c {
        '؟' | '?' | '!' => true,
        '.' => text[at + 1..]
            .chars()
            .next()
            .is_none_or(|n| n.is_whitespace() || matches!(n, '"' | '»' | '”')),
        _ => false,
    }
}

/// End (exclusive, before the full stop) of the sentence that goes on from byte `from`:
/// the first sentence end outside quotes, or (quotes left open) the first at all, or the
/// end of the paragraph.
fn sentence_end(text: &str, from: usize, quote_aware: bool) -> usize {
    let (mut straight, mut depth) = (false, 0usize);
    let mut first = None;
    for (i, c) in text[from..].char_indices() {
        let at = from + i;
        match c {
            '"' => straight = !straight,
            '«' | '“' => depth += 1,
            '»' | '”' => depth = depth.saturating_sub(1),
            c if ends_sentence(text, at, c) => {
                if !quote_aware || !straight && depth == 0 {
                    return at;
                }
                first.get_or_insert(at);
            }
            _ => {}
        }
    }
    first.unwrap_or(text.len())
}

/// Whether the straight quote at byte `at` closes one (an odd number of them before it).
fn closes_straight(text: &str, at: usize) -> bool {
    text[..at].matches('"').count() % 2 == 1
}

/// A quotation opening at byte `at`: the bytes of what is inside, and the byte after it.
fn quote_at(text: &str, at: usize) -> Option<(Range<usize>, usize)> {
    let open = text.get(at..)?.chars().next()?;
    let close = closer_of(open)?;
    if open == '"' && closes_straight(text, at) {
        return None;
    }
    let inner = at + open.len_utf8();
    let mut depth = 0usize;
    for (i, c) in text[inner..].char_indices() {
        if c == close {
            if depth == 0 {
                return Some((inner..inner + i, inner + i + close.len_utf8()));
            }
            depth -= 1;
        } else if c == open {
            depth += 1;
        }
    }
    None
}

/// A quotation that ends right before byte `end` (only spaces between): what is inside.
fn quote_before(text: &str, end: usize) -> Option<Range<usize>> {
    let before = text[..end].trim_end();
    let close = before.chars().next_back()?;
    let inner_end = before.len() - close.len_utf8();
    let open = match close {
        '"' if closes_straight(text, inner_end) => '"',
        '»' => '«',
        '”' => '“',
        _ => return None,
    };
    let start = before[..inner_end].rfind(open)?;
    Some(start + open.len_utf8()..inner_end)
}

/// Whether a quotation reads as a name: one to four words, no sentence punctuation.
fn is_name(s: &str) -> bool {
    let n = words(s).count();
    (1..=NAME_WORDS).contains(&n) && !s.contains(['.', ':', '؟', '?', '!', '،', ',', '؛'])
}

/// One paragraph and its words (bytes of the paragraph).
struct Para<'a> {
    text: &'a str,
    words: Vec<Range<usize>>,
}

/// How a Speaker was found, for the why.
enum Found {
    Subject,
    Quoted,
    QuotedBefore,
    Source,
}

impl<'a> Para<'a> {
    fn new(text: &'a str) -> Para<'a> {
        Para {
            text,
            words: words(text).collect(),
        }
    }

    fn word(&self, j: usize) -> &'a str {
        &self.text[self.words[j].clone()]
    }

    /// Index of the first word starting at or after byte `at`.
    fn word_from(&self, at: usize) -> usize {
        self.words.partition_point(|w| w.start < at)
    }

    /// Whether bytes `a..b` hold only spaces (and invisible marks).
    fn blank(&self, a: usize, b: usize) -> bool {
        self.text
            .get(a..b)
            .is_some_and(|g| g.chars().all(|c| c.is_whitespace() || is_ignored(c)))
    }

    /// The next word after byte `at` if only spaces come before it.
    fn next_word(&self, at: usize) -> Option<usize> {
        let j = self.word_from(at);
        (j < self.words.len() && self.blank(at, self.words[j].start)).then_some(j)
    }

    /// A Speaker starting after byte `at`: a quoted name, or one to three words up to a
    /// stop. Its range, the byte after it, and whether it was quoted.
    fn speaker_at(&self, at: usize) -> Option<(Range<usize>, usize, bool)> {
        let rest = &self.text[at..];
        let q = at + (rest.len() - rest.trim_start().len());
        if let Some((inner, after)) = quote_at(self.text, q) {
            let name = trim(self.text, inner, &[]);
            return is_name(&self.text[name.clone()]).then_some((name, after, true));
        }
        let mut got: Option<Range<usize>> = None;
        let mut at = at;
        for _ in 0..3 {
            let Some(j) = self.next_word(at) else { break };
            if is_speaker_stop(self.word(j)) {
                break;
            }
            let w = self.words[j].clone();
            at = w.end;
            got = Some(got.map_or(w.clone(), |g| g.start..w.end));
        }
        got.map(|g| (g.clone(), g.end, false))
    }

    /// The Claim after byte `from` (the end of the Speaker, or of the verb), within the
    /// sentence ending at `limit`: an إن/أن clause or a quotation.
    fn claim_after(&self, from: usize, limit: usize) -> Option<(Range<usize>, bool)> {
        let (mut pos, mut j, mut seen) = (from, self.word_from(from), 0);
        while pos < limit && seen <= QUOTE_GAP {
            let next = self.words.get(j).map_or(self.text.len(), |w| w.start);
            let gap = &self.text[pos..next.min(limit)];
            // The first quote mark in the gap that opens a quotation (not one closing).
            let quote = gap
                .char_indices()
                .filter(|&(_, c)| is_opener(c))
                .find_map(|(off, _)| quote_at(self.text, pos + off).map(|q| (pos + off, q)));
            if let Some((q, (inner, after))) = quote {
                let n = words(&self.text[inner.clone()]).count();
                let colon = self.text[pos..q].contains(':');
                if n >= 2 && (seen == 0 || colon) {
                    let claim = trim(self.text, inner, &['.', '،', ',']);
                    return (!claim.is_empty()).then_some((claim, true));
                }
                // A quoted name or title on the way: stepped over.
                pos = after;
                j = self.word_from(after);
                seen += 1;
                continue;
            }
            if next >= limit || j >= self.words.len() {
                return None;
            }
            let w = self.words[j].clone();
            let word = self.word(j);
            if is_claim_start(word) && seen <= CLAUSE_GAP {
                let end = sentence_end(self.text, w.start, true);
                return Some((trim(self.text, w.start..end, &[]), false));
            }
            if reporting_verb(word).is_some() {
                return None; // its own clause
            }
            seen += 1;
            pos = w.end;
            j += 1;
        }
        None
    }
}

/// A Suggestion before sorting, with its Speaker as an index into the unsorted list.
struct Raw {
    role: Role,
    range: Range<usize>,
    country: Option<String>,
    speaker: Option<usize>,
    why: String,
}

/// The name keys of `c` as the text is compared with them: folded, without spaces.
fn country_names(c: &Country) -> Vec<String> {
    c.ar.iter().map(|n| fold(n).replace(' ', "")).collect()
}

/// Chars to skip at the start of `s` for `n` letters (the marks after them included).
fn skip_letters(s: &str, n: usize) -> usize {
    let mut seen = 0;
    for (i, c) in s.char_indices() {
        if is_ignored(c) {
            continue;
        }
        if seen == n {
            return i;
        }
        seen += 1;
    }
    s.len()
}

/// The country `s` (a word or a few) names, and how many bytes of prefix (و ف ب ل ك) to
/// leave out of its range; `None` when the gazetteer has no such name, or when `s` is a
/// name without an article given one (المالي, "financial", is not مالي).
fn country_in(s: &str) -> Option<(&'static Country, usize)> {
    let c = Gazetteer::builtin().lookup(s)?;
    let names = country_names(c);
    // (letters of prefix left out, what remains), most literal first, as the lookup does.
    let options = crate::annotate::countries::candidates(&fold(s).replace(' ', ""));
    let matches = |rest: &str, name: &str| {
        rest == name || name.strip_prefix("ال").is_some_and(|bare| rest == bare)
    };
    for (k, rest) in &options {
        if names.iter().any(|n| matches(rest, n)) {
            return Some((c, skip_letters(s, *k)));
        }
    }
    let article_added = options.iter().any(|(_, rest)| {
        names
            .iter()
            .any(|n| !n.starts_with("ال") && rest.strip_prefix("ال") == Some(n.as_str()))
    });
    (!article_added).then_some((c, 0))
}

fn countries(p: &Para, base: usize, out: &mut Vec<Raw>) {
    let mut i = 0;
    while i < p.words.len() {
        let mut hit = None;
        for n in (1..=3).rev() {
            if i + n > p.words.len()
                || !(i..i + n - 1).all(|k| p.blank(p.words[k].end, p.words[k + 1].start))
            {
                continue;
            }
            let span = p.words[i].start..p.words[i + n - 1].end;
            if let Some((c, skip)) = country_in(&p.text[span.clone()]) {
                hit = Some((n, span.start + skip..span.end, c, span));
                break;
            }
        }
        let Some((n, range, c, span)) = hit else {
            i += 1;
            continue;
        };
        let mut why = format!("the gazetteer has it as {} ({})", c.code, c.name);
        if range.start > span.start {
            why.push_str(&format!(
                ", without the prefix {}",
                &p.text[span.start..range.start]
            ));
        }
        out.push(Raw {
            role: Role::Country,
            range: base + range.start..base + range.end,
            country: Some(c.code.clone()),
            speaker: None,
            why,
        });
        i += n;
    }
}

fn reported(p: &Para, base: usize, out: &mut Vec<Raw>) {
    for k in 0..p.words.len() {
        let Some(verb) = reporting_verb(p.word(k)) else {
            continue;
        };
        let said = p.word(k);
        let v = p.words[k].clone();
        let relative = k > 0 && is_relative(p.word(k - 1)) && p.blank(p.words[k - 1].end, v.start);
        let mut speaker = if relative {
            None
        } else {
            p.speaker_at(v.end).map(|(r, end, quoted)| {
                let how = if quoted {
                    Found::Quoted
                } else {
                    Found::Subject
                };
                (r, end, how)
            })
        };
        // نقل X عن Y: Y said it, X reports it.
        if verb.verb == "نقل" {
            let after = speaker.as_ref().map_or(v.end, |s| s.1);
            let source = p
                .next_word(after)
                .filter(|&j| light(p.word(j)) == "عن")
                .and_then(|j| p.speaker_at(p.words[j].end));
            if let Some((r, end, _)) = source {
                speaker = Some((r, end, Found::Source));
            }
        }
        if speaker.is_none() && !relative {
            speaker = quote_before(p.text, v.start)
                .map(|inner| trim(p.text, inner, &[]))
                .filter(|r| is_name(&p.text[r.clone()]))
                .map(|r| (r, v.end, Found::QuotedBefore));
        }
        // Where the Claim is looked for: after the Speaker (its closing quote included) when
        // it follows the verb, else after the verb.
        let from = speaker
            .as_ref()
            .map(|s| s.1)
            .filter(|&e| e > v.end)
            .unwrap_or(v.end);
        let speaker_index = speaker.map(|(r, _, how)| {
            let why = match how {
                Found::Subject => format!("subject of the reporting verb {said}"),
                Found::Quoted => format!("quoted name after the reporting verb {said}"),
                Found::QuotedBefore => format!("quoted name before the reporting verb {said}"),
                Found::Source => format!("source after عن with the reporting verb {said}"),
            };
            out.push(Raw {
                role: Role::Speaker,
                range: base + r.start..base + r.end,
                country: None,
                speaker: None,
                why,
            });
            out.len() - 1
        });
        // The Claim starts in the verb's sentence (a full stop in a quotation counts here:
        // a quotation that has one and starts before it is still found whole).
        let limit = sentence_end(p.text, v.end, false);
        if let Some((claim, quoted)) = p.claim_after(from, limit.max(from)) {
            let what = if quoted {
                "quotation".to_string()
            } else {
                format!(
                    "{} clause",
                    p.text[claim.clone()].split(' ').next().unwrap_or("")
                )
            };
            out.push(Raw {
                role: Role::Claim,
                range: base + claim.start..base + claim.end,
                country: None,
                speaker: speaker_index,
                why: format!("{what} after the reporting verb {said}"),
            });
        }
    }
}

/// Suggestions for `doc` under the labels of `schema`, in text order (by start; Speaker,
/// Claim, Country on one span), leaving out what `existing` already has with the same label
/// and span. A Claim's `speaker` is `None` when no Speaker was found, when its Speaker is
/// already annotated, or when the schema has no Speaker label.
pub fn suggest(doc: &Document, existing: &Annotations, schema: &Schema) -> Vec<Suggestion> {
    let mut raws = Vec::new();
    for i in 0..doc.len_paragraphs() {
        let base = doc.paragraph_range(i).start;
        let p = Para::new(doc.paragraph(i));
        countries(&p, base, &mut raws);
        reported(&p, base, &mut raws);
    }
    let mut order: Vec<usize> = (0..raws.len()).collect();
    order.sort_by_key(|&i| (raws[i].range.start, raws[i].role, raws[i].range.end, i));
    let mut placed: Vec<Option<usize>> = vec![None; raws.len()];
    let mut seen: HashMap<(&str, usize, usize), usize> = HashMap::new();
    let mut out: Vec<Suggestion> = Vec::new();
    for i in order {
        let r = &raws[i];
        let Some(label) = schema.label_for(r.role).map(|l| l.name.as_str()) else {
            continue;
        };
        if r.range.is_empty()
            || existing
                .items()
                .iter()
                .any(|a| a.label == label && a.range == r.range)
        {
            continue;
        }
        let key = (label, r.range.start, r.range.end);
        if let Some(&k) = seen.get(&key) {
            placed[i] = Some(k);
            continue;
        }
        seen.insert(key, out.len());
        placed[i] = Some(out.len());
        out.push(Suggestion {
            label: label.to_string(),
            range: r.range.clone(),
            country: r.country.clone(),
            speaker: None,
            why: r.why.clone(),
            entity: None,
            link_to: None,
            replaces: Vec::new(),
        });
    }
    for (i, r) in raws.iter().enumerate() {
        if let (Some(k), Some(s)) = (placed[i], r.speaker) {
            if out[k].speaker.is_none() {
                out[k].speaker = placed[s];
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    // The labels of the built-in schema.
    const SPEAKER: &str = "Speaker";
    const CLAIM: &str = "Claim";
    const COUNTRY: &str = "Country";

    fn texts(text: &str) -> Vec<(String, String, Option<String>)> {
        let doc = Document::new("t", text.to_string());
        suggest(&doc, &Annotations::default(), &Schema::default())
            .into_iter()
            .map(|s| (s.label, text[s.range].to_string(), s.country))
            .collect()
    }

    fn has(found: &[(String, String, Option<String>)], label: &str, text: &str) -> bool {
        found.iter().any(|(l, t, _)| l == label && t == text)
    }

    #[test]
    fn the_verb_list_parses_and_forms_are_found() {
        let list: Vec<ReportingVerb> = ron::from_str(REPORTING_VERBS).expect("parses");
        assert!(list.len() >= 18);
        for w in [
            "قال",
            "وقال",
            "فقالت",
            "يؤكد",
            "وأكدت",
            "اكد",
            "أضاف",
            "ونقلت",
            "لفتت",
        ] {
            assert!(reporting_verb(w).is_some(), "{w}");
        }
        assert_eq!(
            reporting_verb("وتقول").map(|v| v.verb.as_str()),
            Some("قال")
        );
        for w in ["قوله", "وقالب", "رأي", "كيري", "ويذكر"] {
            assert!(reporting_verb(w).is_none(), "{w}");
        }
    }

    #[test]
    fn countries_take_the_longest_name_and_leave_prefixes_out() {
        let found = texts("زار كوريا الشمالية ثم والصين وبالولايات المتحدة ولبنان للصين.");
        let countries: Vec<(&str, Option<&str>)> = found
            .iter()
            .filter(|(l, _, _)| l == COUNTRY)
            .map(|(_, t, c)| (t.as_str(), c.as_deref()))
            .collect();
        assert_eq!(
            countries,
            [
                ("كوريا الشمالية", Some("KP")),
                ("الصين", Some("CN")),
                ("الولايات المتحدة", Some("US")),
                ("لبنان", Some("LB")),
                ("للصين", Some("CN")),
            ]
        );
    }

    #[test]
    fn an_adjective_that_is_a_country_with_the_article_is_not_one() {
        let found = texts("القطاع المالي في مالي.");
        let countries: Vec<&str> = found
            .iter()
            .filter(|(l, _, _)| l == COUNTRY)
            .map(|(_, t, _)| t.as_str())
            .collect();
        assert_eq!(countries, ["مالي"]);
        assert_eq!(found.len(), 1);
    }

    #[test]
    fn names_across_punctuation_are_not_joined() {
        let found = texts("كوريا، الشمالية");
        assert!(found.iter().all(|(_, t, _)| t != "كوريا، الشمالية"));
    }

    #[test]
    fn speaker_and_clause_after_the_verb() {
        let f = texts("وقال وزير الخارجية اليوم إن المحادثات مثمرة. ثم غادر.");
        assert!(has(&f, SPEAKER, "وزير الخارجية"), "{f:?}");
        assert!(has(&f, CLAIM, "إن المحادثات مثمرة"), "{f:?}");
        let f = texts("وأكدت الوزيرة للصحفيين أن الاتفاق قريب");
        assert!(has(&f, SPEAKER, "الوزيرة"), "{f:?}");
        assert!(has(&f, CLAIM, "أن الاتفاق قريب"), "{f:?}");
    }

    #[test]
    fn a_quotation_after_a_colon_is_a_claim_and_a_quoted_name_is_not() {
        let f = texts("وقال المتحدث ل\"رويترز\" في مقابلة: «نحن لن نتراجع أبداً.»");
        assert!(has(&f, SPEAKER, "المتحدث"), "{f:?}");
        assert!(has(&f, CLAIM, "نحن لن نتراجع أبداً"), "{f:?}");
        assert!(!has(&f, CLAIM, "رويترز"), "{f:?}");
    }

    #[test]
    fn a_quotation_after_a_quoted_speaker_and_a_colon_is_the_claim() {
        let text = "وقال \"كيري\": \"نحن لن نتراجع\". ثم غادر.";
        let doc = Document::new("t", text.to_string());
        let s = suggest(&doc, &Annotations::default(), &Schema::default());
        let claim = s.iter().find(|s| s.label == CLAIM).expect("a claim");
        assert_eq!(&text[claim.range.clone()], "نحن لن نتراجع");
        let speaker = claim.speaker.expect("linked");
        assert_eq!(&text[s[speaker].range.clone()], "كيري");
    }

    #[test]
    fn the_source_after_an_is_the_speaker_with_naqala() {
        let f = texts("ونقلت الوكالة عن \"وانغ\" قوله: إن الحوار ضروري.");
        assert!(has(&f, SPEAKER, "وانغ"), "{f:?}");
        assert!(!has(&f, SPEAKER, "الوكالة"), "{f:?}");
        assert!(has(&f, CLAIM, "إن الحوار ضروري"), "{f:?}");
    }

    #[test]
    fn a_relative_clause_verb_has_no_speaker_after_it() {
        let f = texts("موقف الحكومة الذي يؤكد معارضة الصين للاختراق");
        assert!(f.iter().all(|(l, _, _)| l != SPEAKER), "{f:?}");
    }

    #[test]
    fn a_quoted_name_before_the_verb_is_the_speaker() {
        let f = texts("أن الوزير \"وانغ يي\" قال ل \"كيري\": إنه يتعين التعاون.");
        assert!(has(&f, SPEAKER, "وانغ يي"), "{f:?}");
        assert!(has(&f, CLAIM, "إنه يتعين التعاون"), "{f:?}");
    }

    #[test]
    fn a_claim_links_to_its_speaker_and_duplicates_are_dropped() {
        let text = "قال \"كيري\": إن الأمن مهم.";
        let doc = Document::new("t", text.to_string());
        let s = suggest(&doc, &Annotations::default(), &Schema::default());
        let claim = s.iter().find(|s| s.label == CLAIM).expect("a claim");
        let speaker = claim.speaker.expect("linked");
        assert_eq!(&text[s[speaker].range.clone()], "كيري");
        let mut keys: Vec<_> = s.iter().map(|s| (&s.label, s.range.clone())).collect();
        keys.dedup();
        assert_eq!(keys.len(), s.len());
    }
}
