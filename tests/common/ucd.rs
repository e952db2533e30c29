//! The Unicode data files vendored under tests/data/, read independently of hamish's tables.

use std::collections::BTreeMap;

/// Every pair of tests/data/BidiMirroring.txt (Unicode 15.0): char -> mirror glyph.
pub fn mirror_pairs() -> BTreeMap<char, char> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/BidiMirroring.txt");
    let data = std::fs::read_to_string(path).expect("tests/data/BidiMirroring.txt is vendored");
    let mut pairs = BTreeMap::new();
    for line in data.lines() {
        let data = line.split('#').next().unwrap_or("").trim();
        if data.is_empty() {
            continue;
        }
        let mut fields = data.split(';').map(|f| {
            let cp = u32::from_str_radix(f.trim(), 16).expect("hex code point");
            char::from_u32(cp).expect("scalar value")
        });
        let (from, to) = (fields.next().expect("char"), fields.next().expect("mirror"));
        assert!(pairs.insert(from, to).is_none(), "{from:?} twice");
    }
    pairs
}
