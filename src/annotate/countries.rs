//! The country gazetteer (`assets/countries.ron`): Arabic names and variants of every UN
//! member, looked up after folding and after the prefixes و ف ب ل ك and ال are taken off,
//! so "والصين", "بالصين" and "للصين" all find CN.

use crate::text::fold::fold;
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::OnceLock;

/// The built-in gazetteer.
pub const COUNTRIES: &str = include_str!("../../assets/countries.ron");

/// One country of the gazetteer.
#[derive(Debug, Clone, Deserialize)]
pub struct Country {
    /// ISO 3166-1 alpha-2.
    pub code: String,
    /// Its English short name.
    pub name: String,
    /// Its Arabic names and spellings, the first the usual one.
    pub ar: Vec<String>,
    /// Other English names ("UK", "Turkey").
    #[serde(default)]
    pub en: Vec<String>,
}

/// Countries and an index of their names, folded and without a leading ال.
#[derive(Debug)]
pub struct Gazetteer {
    /// In the order of the file.
    pub countries: Vec<Country>,
    index: HashMap<String, usize>,
}

impl Gazetteer {
    /// Reads a gazetteer in the form of `assets/countries.ron`.
    pub fn parse(source: &str) -> Result<Gazetteer, ron::error::SpannedError> {
        let countries: Vec<Country> = ron::from_str(source)?;
        let mut index = HashMap::new();
        for (i, c) in countries.iter().enumerate() {
            for name in &c.ar {
                index.entry(key(&fold(name))).or_insert(i);
            }
        }
        Ok(Gazetteer { countries, index })
    }

    /// The built-in gazetteer (empty if it could not be read, which a test rules out).
    pub fn builtin() -> &'static Gazetteer {
        static G: OnceLock<Gazetteer> = OnceLock::new();
        G.get_or_init(|| {
            Gazetteer::parse(COUNTRIES).unwrap_or(Gazetteer {
                countries: Vec::new(),
                index: HashMap::new(),
            })
        })
    }

    /// The country that `text` names, trying it as written first, then without the
    /// conjunctions و ف, the prepositions ب ل ك and the article ال.
    /// The country a span of text names: compared folded and without ال, trying the
    /// forms with a conjunction (و ف) and a preposition (ب ل ك) taken off, most literal
    /// first.
    pub fn lookup(&self, text: &str) -> Option<&Country> {
        let folded = fold(text.trim_matches(|c: char| !c.is_alphanumeric()));
        candidates(&folded)
            .into_iter()
            .find_map(|(_, c)| self.index.get(&key(&c)))
            .map(|&i| &self.countries[i])
    }

    /// The country with ISO 3166-1 alpha-2 code `code` (capitals).
    pub fn by_code(&self, code: &str) -> Option<&Country> {
        self.countries.iter().find(|c| c.code == code)
    }

    /// The country a user typed: a code (any case), an English name, or an Arabic name.
    pub fn resolve(&self, typed: &str) -> Option<&Country> {
        let typed = typed.trim();
        let code = typed.to_ascii_uppercase();
        let simple = |s: &str| -> String {
            fold(s)
                .chars()
                .filter(|c| c.is_alphanumeric())
                .collect::<String>()
        };
        let wanted = simple(typed);
        self.by_code(&code)
            .or_else(|| {
                self.countries.iter().find(|c| {
                    std::iter::once(&c.name)
                        .chain(&c.en)
                        .any(|n| simple(n) == wanted)
                })
            })
            .or_else(|| self.lookup(typed))
    }
}

/// A folded name without its leading article and its spaces: "الصين" and "صين" are one
/// key, and so are "الولايات المتحدة" and the run-together "الولاياتالمتحدة" some
/// articles have.
fn key(folded: &str) -> String {
    folded.strip_prefix("ال").unwrap_or(folded).replace(' ', "")
}

/// `word` (folded) and the forms left by taking off one conjunction, then one preposition
/// (with لل for ل + ال), most literal first; each with how many letters of prefix were
/// taken off (the ل of لل stays: there is no ال to start at without it).
pub fn candidates(word: &str) -> Vec<(usize, String)> {
    let mut out = vec![(0, word.to_string())];
    if let Some(rest) = word.strip_prefix(['و', 'ف']) {
        out.push((1, rest.to_string()));
    }
    for (k, stem) in out.clone() {
        if let Some(rest) = stem.strip_prefix("لل") {
            out.push((k, format!("ال{rest}")));
        }
        if let Some(rest) = stem.strip_prefix(['ب', 'ل', 'ك']) {
            out.push((k + 1, rest.to_string()));
        }
    }
    out
}

/// Two ASCII capital letters: the shape of an ISO 3166-1 alpha-2 code (whether it names a
/// country is [`Gazetteer::by_code`]'s question).
pub fn is_country_code(code: &str) -> bool {
    code.len() == 2 && code.bytes().all(|b| b.is_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(text: &str) -> Option<&'static str> {
        Gazetteer::builtin().lookup(text).map(|c| c.code.as_str())
    }

    #[test]
    fn the_gazetteer_has_every_un_member() {
        let g = Gazetteer::parse(COUNTRIES).expect("countries.ron parses");
        assert!(g.countries.len() >= 195, "{}", g.countries.len());
        for c in &g.countries {
            assert!(is_country_code(&c.code), "{}", c.code);
            assert!(!c.ar.is_empty(), "{}", c.code);
        }
    }

    #[test]
    fn prefixes_and_spelling_variants_are_found() {
        assert_eq!(code("الصين"), Some("CN"));
        assert_eq!(code("والصين"), Some("CN"));
        assert_eq!(code("بالصين"), Some("CN"));
        assert_eq!(code("للصين"), Some("CN"));
        assert_eq!(code("وللصين"), Some("CN"));
        assert_eq!(code("الولايات المتحدة"), Some("US"));
        assert_eq!(
            code("والولاياتالمتحدة"),
            Some("US"),
            "as the sample spells it"
        );
        assert_eq!(code("أميركا"), Some("US"));
        assert_eq!(code("وامريكا"), Some("US"));
        assert_eq!(code("«مصر»"), Some("EG"));
        assert_eq!(
            code("لبنان"),
            Some("LB"),
            "a ل that belongs to the name stays"
        );
        assert_eq!(code("وفلسطين"), Some("PS"));
        assert_eq!(code("كيري"), None);
    }

    #[test]
    fn what_a_user_types_is_resolved() {
        let g = Gazetteer::builtin();
        let code = |t: &str| g.resolve(t).map(|c| c.code.as_str());
        assert_eq!(code("cn"), Some("CN"));
        assert_eq!(code("UK"), Some("GB"));
        assert_eq!(code("united kingdom"), Some("GB"));
        assert_eq!(code("Turkey"), Some("TR"));
        assert_eq!(code("Türkiye"), Some("TR"));
        assert_eq!(code("USA"), Some("US"));
        assert_eq!(code("بالصين"), Some("CN"));
        assert_eq!(code("ZZ"), None);
        assert_eq!(code("foo"), None);
    }
}
