//! Arabic contextual shaping for terminals that draw every letter isolated.
//!
//! Each letter is swapped for its presentation form (isolated, final, initial
//! or medial), chosen from its neighbours' joining types in logical order, and
//! lam followed by an alef becomes one lam-alef ligature drawn in one cell.
//!
//! We do not use the `ar-reshaper` crate: it returns a new string with no map
//! from output back to input offsets, but every drawn cell must know which
//! logical chars it stands for (and lam-alef is two chars in one cell). It
//! also scans its letter table for every char, which measured about 190 ms on
//! a 3.5 MB file. A direct-index table plus `unicode-joining-type` keeps the
//! offset map and shapes the same file in under 10 ms, about twice the time
//! it takes merely to decode it with `char_indices`.

use std::sync::OnceLock;

use unicode_joining_type::{get_joining_type, JoiningType};

/// One char whose drawn glyph differs from itself. `at` is the byte offset in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shaped {
    /// Byte offset of the char in the paragraph.
    pub at: u32,
    /// Its contextual form.
    pub glyph: char,
    /// The offset of the alef that joins it in a lam-alef.
    pub ligature_with: Option<u32>,
}

/// Marks a form that Unicode does not encode, in [`FORMS`].
const NONE: char = '\0';
const LAM: char = '\u{0644}';

/// Appends to `out`, sorted by `at`, an entry for every char of `text` whose glyph changes.
/// For a lam–alef ligature the entry is on the lam: `glyph` is the ligature and
/// `ligature_with` is the byte offset of the alef that it swallows (the alef gets no entry;
/// the caller draws lam..=alef, with any harakat between them, in one cell).
///
/// Offsets are `u32`, so `text` must be shorter than 4 GiB.
pub fn shape(text: &str, out: &mut Vec<Shaped>) {
    let low = low_classes();
    let bytes = text.as_bytes();
    // A letter's form depends on the next joining char, so the last
    // non-transparent char waits here until that one is seen.
    let mut pending = Pending::EMPTY;
    let mut i = 0;
    while let Some(&lead) = bytes.get(i) {
        let (u, len, class) = if lead < 0xE0 {
            // One or two bytes: nearly every char of Arabic-script text.
            // Decoding by hand, without a branch on the length: spaces
            // alternate with letters at every word, so such a branch would
            // be mispredicted there, as it is in `char_indices`.
            let b1 = bytes.get(i + 1).copied().unwrap_or(0);
            let two = lead >= 0x80;
            let two_byte = u32::from(lead & 0x1F) << 6 | u32::from(b1 & 0x3F);
            let u = if two { two_byte } else { u32::from(lead) };
            (u, 1 + usize::from(two), low[u as usize & (LOW_LEN - 1)])
        } else {
            let Some(ch) = text.get(i..).and_then(|s| s.chars().next()) else {
                break;
            };
            (u32::from(ch), ch.len_utf8(), class_of(get_joining_type(ch)))
        };
        let at = i as u32;
        i += len;
        if class & TRANSPARENT != 0 {
            continue;
        }
        // `&` rather than `&&`: both sides are cheap, and a short circuit
        // would be one more unpredictable branch.
        let joins_prev = (pending.class & OFFERS_NEXT != 0) & (class & ACCEPTS_PREV != 0);
        if (pending.class & IS_LAM != 0) & (class & IS_ALEF != 0) {
            if let Some(glyph) = lam_alef(u, pending.joins_prev) {
                out.push(Shaped {
                    at: pending.at,
                    glyph,
                    ligature_with: Some(at),
                });
                // Every alef is right-joining, so nothing joins the ligature
                // from the left.
                pending = Pending::EMPTY;
                continue;
            }
        }
        emit(out, &pending, joins_prev);
        pending = Pending {
            at,
            u,
            class,
            joins_prev,
        };
    }
    emit(out, &pending, false);
}

/// Quick check: true if `text` may need shaping (contains a char in U+0600..=U+06FF or
/// U+0750..=U+077F or U+08A0..=U+08FF); lets the caller skip non-Arabic paragraphs.
pub fn needs_shaping(text: &str) -> bool {
    // Works on UTF-8 lead bytes, without decoding: the text is valid UTF-8,
    // so a lead byte is always followed by its continuation bytes. All
    // three ranges have lead bytes in D8..=E0; a branch-free test for those
    // over a block vectorizes, and only blocks that have one are looked at
    // closely.
    const BLOCK: usize = 64;
    let b = text.as_bytes();
    let arabic_at = |i: usize| match b[i] {
        // U+0600..=U+06FF
        0xD8..=0xDB => true,
        // U+0740..=U+077F; U+0750 is DD 90.
        0xDD => b.get(i + 1).is_some_and(|&y| y >= 0x90),
        // U+0800..=U+0FFF; U+08A0 is E0 A2 A0, U+08FF is E0 A3 BF.
        0xE0 => match (b.get(i + 1), b.get(i + 2)) {
            (Some(0xA3), _) => true,
            (Some(0xA2), Some(&z)) => z >= 0xA0,
            _ => false,
        },
        _ => false,
    };
    b.chunks(BLOCK).enumerate().any(|(k, block)| {
        block
            .iter()
            .fold(false, |any, &x| any | (0xD8..=0xE0).contains(&x))
            && (k * BLOCK..k * BLOCK + block.len()).any(arabic_at)
    })
}

/// The last non-transparent char, waiting for its next neighbour.
struct Pending {
    at: u32,
    /// Code point; 0 (no forms) before the first char and after a ligature.
    u: u32,
    class: u8,
    joins_prev: bool,
}

impl Pending {
    const EMPTY: Pending = Pending {
        at: 0,
        u: 0,
        class: 0,
        joins_prev: false,
    };
}

// What the loop needs to know of a char, as bits.
const TRANSPARENT: u8 = 1;
/// Dual-joining, right-joining or join-causing.
const ACCEPTS_PREV: u8 = 2;
/// Dual-joining, left-joining or join-causing.
const OFFERS_NEXT: u8 = 4;
const IS_LAM: u8 = 8;
/// An alef that lam swallows into a ligature.
const IS_ALEF: u8 = 16;

fn class_of(t: JoiningType) -> u8 {
    match t {
        JoiningType::Transparent => TRANSPARENT,
        JoiningType::DualJoining | JoiningType::JoinCausing => ACCEPTS_PREV | OFFERS_NEXT,
        JoiningType::RightJoining => ACCEPTS_PREV,
        JoiningType::LeftJoining => OFFERS_NEXT,
        // NonJoining, and whatever a later version of the crate adds.
        _ => 0,
    }
}

/// Chars below U+0800 are the one- and two-byte ones in UTF-8.
const LOW_LEN: usize = 0x800;

/// Classes of U+0000..U+07FF, which hold nearly every char of Arabic-script
/// text. A flat copy of the crate's data saves its two-level lookup and a
/// call per char.
fn low_classes() -> &'static [u8; LOW_LEN] {
    static LOW: OnceLock<[u8; LOW_LEN]> = OnceLock::new();
    LOW.get_or_init(|| {
        let mut t = [0; LOW_LEN];
        for (u, class) in (0u32..).zip(t.iter_mut()) {
            // No surrogates below U+0800, so every value is a char.
            if let Some(c) = char::from_u32(u) {
                *class = class_of(get_joining_type(c));
            }
        }
        t[LAM as usize] |= IS_LAM;
        for &(alef, _, _) in &LAM_ALEF {
            t[alef as usize & (LOW_LEN - 1)] |= IS_ALEF;
        }
        t
    })
}

#[inline]
fn emit(out: &mut Vec<Shaped>, p: &Pending, joins_next: bool) {
    let row = FORMS
        .get(p.u.wrapping_sub(FORMS_FIRST) as usize)
        .unwrap_or(&[NONE; 4]);
    // Bit 0: joins the previous char; bit 1: joins the next. This is the
    // column order of `FORMS`: isolated, final, initial, medial.
    let slot = usize::from(p.joins_prev) | usize::from(joins_next) << 1;
    // Unicode lacks some joining forms of dual-joining letters (noon ghunna
    // has only isolated and final). The glyph then cannot show the join to
    // the next letter, but it can still show the one to the previous
    // letter: medial falls back to final, initial to isolated.
    let (want, fallback) = (row[slot], row[slot & 1]);
    let glyph = std::hint::select_unpredictable(want == NONE, fallback, want);
    // Pushing always and taking the entry back when there is no glyph
    // avoids a branch that word boundaries make unpredictable.
    out.push(Shaped {
        at: p.at,
        glyph,
        ligature_with: None,
    });
    out.truncate(out.len() - usize::from(glyph == NONE));
}

/// The lam-alef ligature for a lam followed by `alef`, if `alef` is one.
#[inline]
fn lam_alef(alef: u32, lam_joins_prev: bool) -> Option<char> {
    let &(_, isolated, fin) = LAM_ALEF.iter().find(|&&(a, _, _)| u32::from(a) == alef)?;
    Some(if lam_joins_prev { fin } else { isolated })
}

// The tables below are regenerated with
// `python3 tools/gen_shaping_table.py [UnicodeData.txt] --update src/layout/shape.rs`.

// BEGIN GENERATED by tools/gen_shaping_table.py
// from UnicodeData.txt, Unicode 15.0.0. Do not edit by hand.

/// First code point of [`FORMS`].
const FORMS_FIRST: u32 = 0x0620;

/// Presentation forms of U+0620..=U+06FF, indexed by `c - FORMS_FIRST`:
/// `[isolated, final, initial, medial]`, `NONE` where Unicode has no such form.
#[rustfmt::skip]
static FORMS: [[char; 4]; 224] = [
    [NONE, NONE, NONE, NONE], // U+0620
    ['\u{FE80}', NONE, NONE, NONE], // U+0621
    ['\u{FE81}', '\u{FE82}', NONE, NONE], // U+0622
    ['\u{FE83}', '\u{FE84}', NONE, NONE], // U+0623
    ['\u{FE85}', '\u{FE86}', NONE, NONE], // U+0624
    ['\u{FE87}', '\u{FE88}', NONE, NONE], // U+0625
    ['\u{FE89}', '\u{FE8A}', '\u{FE8B}', '\u{FE8C}'], // U+0626
    ['\u{FE8D}', '\u{FE8E}', NONE, NONE], // U+0627
    ['\u{FE8F}', '\u{FE90}', '\u{FE91}', '\u{FE92}'], // U+0628
    ['\u{FE93}', '\u{FE94}', NONE, NONE], // U+0629
    ['\u{FE95}', '\u{FE96}', '\u{FE97}', '\u{FE98}'], // U+062A
    ['\u{FE99}', '\u{FE9A}', '\u{FE9B}', '\u{FE9C}'], // U+062B
    ['\u{FE9D}', '\u{FE9E}', '\u{FE9F}', '\u{FEA0}'], // U+062C
    ['\u{FEA1}', '\u{FEA2}', '\u{FEA3}', '\u{FEA4}'], // U+062D
    ['\u{FEA5}', '\u{FEA6}', '\u{FEA7}', '\u{FEA8}'], // U+062E
    ['\u{FEA9}', '\u{FEAA}', NONE, NONE], // U+062F
    ['\u{FEAB}', '\u{FEAC}', NONE, NONE], // U+0630
    ['\u{FEAD}', '\u{FEAE}', NONE, NONE], // U+0631
    ['\u{FEAF}', '\u{FEB0}', NONE, NONE], // U+0632
    ['\u{FEB1}', '\u{FEB2}', '\u{FEB3}', '\u{FEB4}'], // U+0633
    ['\u{FEB5}', '\u{FEB6}', '\u{FEB7}', '\u{FEB8}'], // U+0634
    ['\u{FEB9}', '\u{FEBA}', '\u{FEBB}', '\u{FEBC}'], // U+0635
    ['\u{FEBD}', '\u{FEBE}', '\u{FEBF}', '\u{FEC0}'], // U+0636
    ['\u{FEC1}', '\u{FEC2}', '\u{FEC3}', '\u{FEC4}'], // U+0637
    ['\u{FEC5}', '\u{FEC6}', '\u{FEC7}', '\u{FEC8}'], // U+0638
    ['\u{FEC9}', '\u{FECA}', '\u{FECB}', '\u{FECC}'], // U+0639
    ['\u{FECD}', '\u{FECE}', '\u{FECF}', '\u{FED0}'], // U+063A
    [NONE, NONE, NONE, NONE], // U+063B
    [NONE, NONE, NONE, NONE], // U+063C
    [NONE, NONE, NONE, NONE], // U+063D
    [NONE, NONE, NONE, NONE], // U+063E
    [NONE, NONE, NONE, NONE], // U+063F
    [NONE, NONE, NONE, NONE], // U+0640
    ['\u{FED1}', '\u{FED2}', '\u{FED3}', '\u{FED4}'], // U+0641
    ['\u{FED5}', '\u{FED6}', '\u{FED7}', '\u{FED8}'], // U+0642
    ['\u{FED9}', '\u{FEDA}', '\u{FEDB}', '\u{FEDC}'], // U+0643
    ['\u{FEDD}', '\u{FEDE}', '\u{FEDF}', '\u{FEE0}'], // U+0644
    ['\u{FEE1}', '\u{FEE2}', '\u{FEE3}', '\u{FEE4}'], // U+0645
    ['\u{FEE5}', '\u{FEE6}', '\u{FEE7}', '\u{FEE8}'], // U+0646
    ['\u{FEE9}', '\u{FEEA}', '\u{FEEB}', '\u{FEEC}'], // U+0647
    ['\u{FEED}', '\u{FEEE}', NONE, NONE], // U+0648
    ['\u{FEEF}', '\u{FEF0}', '\u{FBE8}', '\u{FBE9}'], // U+0649
    ['\u{FEF1}', '\u{FEF2}', '\u{FEF3}', '\u{FEF4}'], // U+064A
    [NONE, NONE, NONE, NONE], // U+064B
    [NONE, NONE, NONE, NONE], // U+064C
    [NONE, NONE, NONE, NONE], // U+064D
    [NONE, NONE, NONE, NONE], // U+064E
    [NONE, NONE, NONE, NONE], // U+064F
    [NONE, NONE, NONE, NONE], // U+0650
    [NONE, NONE, NONE, NONE], // U+0651
    [NONE, NONE, NONE, NONE], // U+0652
    [NONE, NONE, NONE, NONE], // U+0653
    [NONE, NONE, NONE, NONE], // U+0654
    [NONE, NONE, NONE, NONE], // U+0655
    [NONE, NONE, NONE, NONE], // U+0656
    [NONE, NONE, NONE, NONE], // U+0657
    [NONE, NONE, NONE, NONE], // U+0658
    [NONE, NONE, NONE, NONE], // U+0659
    [NONE, NONE, NONE, NONE], // U+065A
    [NONE, NONE, NONE, NONE], // U+065B
    [NONE, NONE, NONE, NONE], // U+065C
    [NONE, NONE, NONE, NONE], // U+065D
    [NONE, NONE, NONE, NONE], // U+065E
    [NONE, NONE, NONE, NONE], // U+065F
    [NONE, NONE, NONE, NONE], // U+0660
    [NONE, NONE, NONE, NONE], // U+0661
    [NONE, NONE, NONE, NONE], // U+0662
    [NONE, NONE, NONE, NONE], // U+0663
    [NONE, NONE, NONE, NONE], // U+0664
    [NONE, NONE, NONE, NONE], // U+0665
    [NONE, NONE, NONE, NONE], // U+0666
    [NONE, NONE, NONE, NONE], // U+0667
    [NONE, NONE, NONE, NONE], // U+0668
    [NONE, NONE, NONE, NONE], // U+0669
    [NONE, NONE, NONE, NONE], // U+066A
    [NONE, NONE, NONE, NONE], // U+066B
    [NONE, NONE, NONE, NONE], // U+066C
    [NONE, NONE, NONE, NONE], // U+066D
    [NONE, NONE, NONE, NONE], // U+066E
    [NONE, NONE, NONE, NONE], // U+066F
    [NONE, NONE, NONE, NONE], // U+0670
    ['\u{FB50}', '\u{FB51}', NONE, NONE], // U+0671
    [NONE, NONE, NONE, NONE], // U+0672
    [NONE, NONE, NONE, NONE], // U+0673
    [NONE, NONE, NONE, NONE], // U+0674
    [NONE, NONE, NONE, NONE], // U+0675
    [NONE, NONE, NONE, NONE], // U+0676
    ['\u{FBDD}', NONE, NONE, NONE], // U+0677
    [NONE, NONE, NONE, NONE], // U+0678
    ['\u{FB66}', '\u{FB67}', '\u{FB68}', '\u{FB69}'], // U+0679
    ['\u{FB5E}', '\u{FB5F}', '\u{FB60}', '\u{FB61}'], // U+067A
    ['\u{FB52}', '\u{FB53}', '\u{FB54}', '\u{FB55}'], // U+067B
    [NONE, NONE, NONE, NONE], // U+067C
    [NONE, NONE, NONE, NONE], // U+067D
    ['\u{FB56}', '\u{FB57}', '\u{FB58}', '\u{FB59}'], // U+067E
    ['\u{FB62}', '\u{FB63}', '\u{FB64}', '\u{FB65}'], // U+067F
    ['\u{FB5A}', '\u{FB5B}', '\u{FB5C}', '\u{FB5D}'], // U+0680
    [NONE, NONE, NONE, NONE], // U+0681
    [NONE, NONE, NONE, NONE], // U+0682
    ['\u{FB76}', '\u{FB77}', '\u{FB78}', '\u{FB79}'], // U+0683
    ['\u{FB72}', '\u{FB73}', '\u{FB74}', '\u{FB75}'], // U+0684
    [NONE, NONE, NONE, NONE], // U+0685
    ['\u{FB7A}', '\u{FB7B}', '\u{FB7C}', '\u{FB7D}'], // U+0686
    ['\u{FB7E}', '\u{FB7F}', '\u{FB80}', '\u{FB81}'], // U+0687
    ['\u{FB88}', '\u{FB89}', NONE, NONE], // U+0688
    [NONE, NONE, NONE, NONE], // U+0689
    [NONE, NONE, NONE, NONE], // U+068A
    [NONE, NONE, NONE, NONE], // U+068B
    ['\u{FB84}', '\u{FB85}', NONE, NONE], // U+068C
    ['\u{FB82}', '\u{FB83}', NONE, NONE], // U+068D
    ['\u{FB86}', '\u{FB87}', NONE, NONE], // U+068E
    [NONE, NONE, NONE, NONE], // U+068F
    [NONE, NONE, NONE, NONE], // U+0690
    ['\u{FB8C}', '\u{FB8D}', NONE, NONE], // U+0691
    [NONE, NONE, NONE, NONE], // U+0692
    [NONE, NONE, NONE, NONE], // U+0693
    [NONE, NONE, NONE, NONE], // U+0694
    [NONE, NONE, NONE, NONE], // U+0695
    [NONE, NONE, NONE, NONE], // U+0696
    [NONE, NONE, NONE, NONE], // U+0697
    ['\u{FB8A}', '\u{FB8B}', NONE, NONE], // U+0698
    [NONE, NONE, NONE, NONE], // U+0699
    [NONE, NONE, NONE, NONE], // U+069A
    [NONE, NONE, NONE, NONE], // U+069B
    [NONE, NONE, NONE, NONE], // U+069C
    [NONE, NONE, NONE, NONE], // U+069D
    [NONE, NONE, NONE, NONE], // U+069E
    [NONE, NONE, NONE, NONE], // U+069F
    [NONE, NONE, NONE, NONE], // U+06A0
    [NONE, NONE, NONE, NONE], // U+06A1
    [NONE, NONE, NONE, NONE], // U+06A2
    [NONE, NONE, NONE, NONE], // U+06A3
    ['\u{FB6A}', '\u{FB6B}', '\u{FB6C}', '\u{FB6D}'], // U+06A4
    [NONE, NONE, NONE, NONE], // U+06A5
    ['\u{FB6E}', '\u{FB6F}', '\u{FB70}', '\u{FB71}'], // U+06A6
    [NONE, NONE, NONE, NONE], // U+06A7
    [NONE, NONE, NONE, NONE], // U+06A8
    ['\u{FB8E}', '\u{FB8F}', '\u{FB90}', '\u{FB91}'], // U+06A9
    [NONE, NONE, NONE, NONE], // U+06AA
    [NONE, NONE, NONE, NONE], // U+06AB
    [NONE, NONE, NONE, NONE], // U+06AC
    ['\u{FBD3}', '\u{FBD4}', '\u{FBD5}', '\u{FBD6}'], // U+06AD
    [NONE, NONE, NONE, NONE], // U+06AE
    ['\u{FB92}', '\u{FB93}', '\u{FB94}', '\u{FB95}'], // U+06AF
    [NONE, NONE, NONE, NONE], // U+06B0
    ['\u{FB9A}', '\u{FB9B}', '\u{FB9C}', '\u{FB9D}'], // U+06B1
    [NONE, NONE, NONE, NONE], // U+06B2
    ['\u{FB96}', '\u{FB97}', '\u{FB98}', '\u{FB99}'], // U+06B3
    [NONE, NONE, NONE, NONE], // U+06B4
    [NONE, NONE, NONE, NONE], // U+06B5
    [NONE, NONE, NONE, NONE], // U+06B6
    [NONE, NONE, NONE, NONE], // U+06B7
    [NONE, NONE, NONE, NONE], // U+06B8
    [NONE, NONE, NONE, NONE], // U+06B9
    ['\u{FB9E}', '\u{FB9F}', NONE, NONE], // U+06BA
    ['\u{FBA0}', '\u{FBA1}', '\u{FBA2}', '\u{FBA3}'], // U+06BB
    [NONE, NONE, NONE, NONE], // U+06BC
    [NONE, NONE, NONE, NONE], // U+06BD
    ['\u{FBAA}', '\u{FBAB}', '\u{FBAC}', '\u{FBAD}'], // U+06BE
    [NONE, NONE, NONE, NONE], // U+06BF
    ['\u{FBA4}', '\u{FBA5}', NONE, NONE], // U+06C0
    ['\u{FBA6}', '\u{FBA7}', '\u{FBA8}', '\u{FBA9}'], // U+06C1
    [NONE, NONE, NONE, NONE], // U+06C2
    [NONE, NONE, NONE, NONE], // U+06C3
    [NONE, NONE, NONE, NONE], // U+06C4
    ['\u{FBE0}', '\u{FBE1}', NONE, NONE], // U+06C5
    ['\u{FBD9}', '\u{FBDA}', NONE, NONE], // U+06C6
    ['\u{FBD7}', '\u{FBD8}', NONE, NONE], // U+06C7
    ['\u{FBDB}', '\u{FBDC}', NONE, NONE], // U+06C8
    ['\u{FBE2}', '\u{FBE3}', NONE, NONE], // U+06C9
    [NONE, NONE, NONE, NONE], // U+06CA
    ['\u{FBDE}', '\u{FBDF}', NONE, NONE], // U+06CB
    ['\u{FBFC}', '\u{FBFD}', '\u{FBFE}', '\u{FBFF}'], // U+06CC
    [NONE, NONE, NONE, NONE], // U+06CD
    [NONE, NONE, NONE, NONE], // U+06CE
    [NONE, NONE, NONE, NONE], // U+06CF
    ['\u{FBE4}', '\u{FBE5}', '\u{FBE6}', '\u{FBE7}'], // U+06D0
    [NONE, NONE, NONE, NONE], // U+06D1
    ['\u{FBAE}', '\u{FBAF}', NONE, NONE], // U+06D2
    ['\u{FBB0}', '\u{FBB1}', NONE, NONE], // U+06D3
    [NONE, NONE, NONE, NONE], // U+06D4
    [NONE, NONE, NONE, NONE], // U+06D5
    [NONE, NONE, NONE, NONE], // U+06D6
    [NONE, NONE, NONE, NONE], // U+06D7
    [NONE, NONE, NONE, NONE], // U+06D8
    [NONE, NONE, NONE, NONE], // U+06D9
    [NONE, NONE, NONE, NONE], // U+06DA
    [NONE, NONE, NONE, NONE], // U+06DB
    [NONE, NONE, NONE, NONE], // U+06DC
    [NONE, NONE, NONE, NONE], // U+06DD
    [NONE, NONE, NONE, NONE], // U+06DE
    [NONE, NONE, NONE, NONE], // U+06DF
    [NONE, NONE, NONE, NONE], // U+06E0
    [NONE, NONE, NONE, NONE], // U+06E1
    [NONE, NONE, NONE, NONE], // U+06E2
    [NONE, NONE, NONE, NONE], // U+06E3
    [NONE, NONE, NONE, NONE], // U+06E4
    [NONE, NONE, NONE, NONE], // U+06E5
    [NONE, NONE, NONE, NONE], // U+06E6
    [NONE, NONE, NONE, NONE], // U+06E7
    [NONE, NONE, NONE, NONE], // U+06E8
    [NONE, NONE, NONE, NONE], // U+06E9
    [NONE, NONE, NONE, NONE], // U+06EA
    [NONE, NONE, NONE, NONE], // U+06EB
    [NONE, NONE, NONE, NONE], // U+06EC
    [NONE, NONE, NONE, NONE], // U+06ED
    [NONE, NONE, NONE, NONE], // U+06EE
    [NONE, NONE, NONE, NONE], // U+06EF
    [NONE, NONE, NONE, NONE], // U+06F0
    [NONE, NONE, NONE, NONE], // U+06F1
    [NONE, NONE, NONE, NONE], // U+06F2
    [NONE, NONE, NONE, NONE], // U+06F3
    [NONE, NONE, NONE, NONE], // U+06F4
    [NONE, NONE, NONE, NONE], // U+06F5
    [NONE, NONE, NONE, NONE], // U+06F6
    [NONE, NONE, NONE, NONE], // U+06F7
    [NONE, NONE, NONE, NONE], // U+06F8
    [NONE, NONE, NONE, NONE], // U+06F9
    [NONE, NONE, NONE, NONE], // U+06FA
    [NONE, NONE, NONE, NONE], // U+06FB
    [NONE, NONE, NONE, NONE], // U+06FC
    [NONE, NONE, NONE, NONE], // U+06FD
    [NONE, NONE, NONE, NONE], // U+06FE
    [NONE, NONE, NONE, NONE], // U+06FF
];

/// Lam-alef ligatures: `(alef, isolated, final)`, sorted by alef.
#[rustfmt::skip]
static LAM_ALEF: [(char, char, char); 4] = [
    ('\u{0622}', '\u{FEF5}', '\u{FEF6}'),
    ('\u{0623}', '\u{FEF7}', '\u{FEF8}'),
    ('\u{0625}', '\u{FEF9}', '\u{FEFA}'),
    ('\u{0627}', '\u{FEFB}', '\u{FEFC}'),
];
// END GENERATED

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> Vec<Shaped> {
        let mut out = Vec::new();
        shape(text, &mut out);
        out
    }

    fn at(at: u32, glyph: u32) -> Shaped {
        Shaped {
            at,
            glyph: char::from_u32(glyph).expect("valid glyph"),
            ligature_with: None,
        }
    }

    fn lig(at: u32, glyph: u32, alef: u32) -> Shaped {
        Shaped {
            at,
            glyph: char::from_u32(glyph).expect("valid glyph"),
            ligature_with: Some(alef),
        }
    }

    #[test]
    fn bayt_takes_initial_medial_final() {
        // ب ي ت
        assert_eq!(
            run("بيت"),
            vec![at(0, 0xFE91), at(2, 0xFEF4), at(4, 0xFE96)]
        );
    }

    #[test]
    fn single_letter_is_isolated() {
        assert_eq!(run("ب"), vec![at(0, 0xFE8F)]);
        assert_eq!(run("ء"), vec![at(0, 0xFE80)]);
    }

    #[test]
    fn la_is_one_isolated_ligature_on_the_lam() {
        assert_eq!(run("لا"), vec![lig(0, 0xFEFB, 2)]);
    }

    #[test]
    fn salam_has_final_ligature_and_meem_does_not_join_alef() {
        // س ل ا م: seen initial, lam-alef final, meem isolated.
        assert_eq!(
            run("سلام"),
            vec![at(0, 0xFEB3), lig(2, 0xFEFC, 4), at(6, 0xFEE1)]
        );
    }

    #[test]
    fn every_alef_variant_forms_a_ligature() {
        assert_eq!(run("لآ"), vec![lig(0, 0xFEF5, 2)]);
        assert_eq!(run("لأ"), vec![lig(0, 0xFEF7, 2)]);
        assert_eq!(run("لإ"), vec![lig(0, 0xFEF9, 2)]);
        assert_eq!(run("فلأ"), vec![at(0, 0xFED3), lig(2, 0xFEF8, 4)]);
        // ا ل آ ن: alef isolated; the lam does not join it, so the ligature
        // is isolated; noon does not join the ligature.
        assert_eq!(
            run("الآن"),
            vec![at(0, 0xFE8D), lig(2, 0xFEF5, 4), at(6, 0xFEE5)]
        );
    }

    #[test]
    fn harakat_between_lam_and_alef_stay_inside_the_ligature() {
        // ل + fatha + ا
        assert_eq!(run("لَا"), vec![lig(0, 0xFEFB, 4)]);
    }

    #[test]
    fn lam_before_other_letters_is_not_a_ligature() {
        // ل م: lam initial, meem final.
        assert_eq!(run("لم"), vec![at(0, 0xFEDF), at(2, 0xFEE2)]);
        // A tatweel between lam and alef is a real letter joint, not a ligature.
        assert_eq!(run("لـا"), vec![at(0, 0xFEDF), at(4, 0xFE8E)]);
    }

    #[test]
    fn harakat_do_not_break_joining_and_get_no_entry() {
        // ب + fatha + ي ت
        assert_eq!(
            run("بَيت"),
            vec![at(0, 0xFE91), at(4, 0xFEF4), at(6, 0xFE96)]
        );
        // Superscript alef U+0670 is transparent too.
        assert_eq!(run("بٰت"), vec![at(0, 0xFE91), at(4, 0xFE96)]);
    }

    #[test]
    fn zwnj_breaks_joining() {
        // Persian می‌خواهم: م ی ZWNJ خ و ا ه م
        assert_eq!(
            run("می\u{200C}خواهم"),
            vec![
                at(0, 0xFEE3),  // meem initial
                at(2, 0xFBFD),  // farsi yeh final
                at(7, 0xFEA7),  // khah initial
                at(9, 0xFEEE),  // waw final
                at(11, 0xFE8D), // alef isolated
                at(13, 0xFEEB), // heh initial
                at(15, 0xFEE2), // meem final
            ]
        );
    }

    #[test]
    fn tatweel_and_zwj_cause_joining_without_entries() {
        // ص + damma + tatweel + د ف ة
        assert_eq!(
            run("صُـدفة"),
            vec![at(0, 0xFEBB), at(6, 0xFEAA), at(8, 0xFED3), at(10, 0xFE94)]
        );
        assert_eq!(run("ب\u{200D}"), vec![at(0, 0xFE91)]);
        assert_eq!(run("\u{200D}ب"), vec![at(3, 0xFE90)]);
        assert_eq!(run("ـ"), vec![]);
    }

    #[test]
    fn latin_digits_and_punctuation_produce_nothing_and_break_joining() {
        assert_eq!(run("Hello, world 2024!"), vec![]);
        assert_eq!(run("٢٠٢٤ ۱۴۰۳"), vec![]);
        // ب, ب: the comma and the space break joining.
        assert_eq!(run("ب, ب"), vec![at(0, 0xFE8F), at(4, 0xFE8F)]);
        // A line end breaks joining too.
        assert_eq!(run("ب\nب"), vec![at(0, 0xFE8F), at(3, 0xFE8F)]);
    }

    #[test]
    fn persian_letters_shape() {
        // گ ی گ: gaf initial, farsi yeh medial, gaf final.
        assert_eq!(
            run("گیگ"),
            vec![at(0, 0xFB94), at(2, 0xFBFF), at(4, 0xFB93)]
        );
        // پ چ ژ: peh initial, tcheh medial, jeh final.
        assert_eq!(
            run("پچژ"),
            vec![at(0, 0xFB58), at(2, 0xFB7D), at(4, 0xFB8B)]
        );
        // ک alone is isolated.
        assert_eq!(run("ک"), vec![at(0, 0xFB8E)]);
    }

    #[test]
    fn urdu_letters_shape() {
        // ہ ے: heh goal initial, yeh barree final.
        assert_eq!(run("ہے"), vec![at(0, 0xFBA8), at(2, 0xFBAF)]);
        // ٹ ھ ڈ: tteh initial, heh doachashmee medial, ddal final.
        assert_eq!(
            run("ٹھڈ"),
            vec![at(0, 0xFB68), at(2, 0xFBAD), at(4, 0xFB89)]
        );
        // ب ڑ ں: beh initial, rreh final, noon ghunna isolated.
        assert_eq!(
            run("بڑں"),
            vec![at(0, 0xFE91), at(2, 0xFB8D), at(4, 0xFB9E)]
        );
    }

    #[test]
    fn missing_medial_form_falls_back_to_final() {
        // Noon ghunna has no initial or medial presentation form.
        // ب ں ب: the noon keeps its join to the beh before it.
        assert_eq!(
            run("بںب"),
            vec![at(0, 0xFE91), at(2, 0xFB9F), at(4, 0xFE90)]
        );
        // ں ب: no initial form either, so it falls back to isolated.
        assert_eq!(run("ںب"), vec![at(0, 0xFB9E), at(2, 0xFE90)]);
    }

    #[test]
    fn presentation_forms_are_left_alone() {
        assert_eq!(run("ﺑﻴﺖ ﻻ ﺳﻼﻡ"), vec![]);
        // Mixed with plain letters they do not join: ي ت next to ﺑ.
        assert_eq!(run("ﺑيت"), vec![at(3, 0xFEF3), at(5, 0xFE96)]);
    }

    #[test]
    fn offsets_count_bytes_after_ascii() {
        assert_eq!(
            run("abc بيت"),
            vec![at(4, 0xFE91), at(6, 0xFEF4), at(8, 0xFE96)]
        );
        assert_eq!(run("x لا"), vec![lig(2, 0xFEFB, 4)]);
    }

    #[test]
    fn offsets_count_bytes_after_three_and_four_byte_chars() {
        // Emoji (4 bytes) then بيت.
        assert_eq!(
            run("😀بيت"),
            vec![at(4, 0xFE91), at(6, 0xFEF4), at(8, 0xFE96)]
        );
        // A curly quote (3 bytes) breaks joining like any punctuation.
        assert_eq!(run("ب”ب"), vec![at(0, 0xFE8F), at(5, 0xFE8F)]);
    }

    #[test]
    fn word_final_lam_is_final_not_a_ligature() {
        // ك ل: kaf initial, lam final; then a space and an alef.
        assert_eq!(
            run("كل ا"),
            vec![at(0, 0xFEDB), at(2, 0xFEDE), at(5, 0xFE8D)]
        );
        // Lam and alef in different words do not fuse either.
        assert_eq!(run("ل ا"), vec![at(0, 0xFEDD), at(3, 0xFE8D)]);
    }

    /// The obvious way to shape, char by char, to check the byte-level loop against.
    fn reference(text: &str) -> Vec<Shaped> {
        let jt = |c: char| get_joining_type(c);
        let accepts = |t| {
            matches!(
                t,
                JoiningType::DualJoining | JoiningType::RightJoining | JoiningType::JoinCausing
            )
        };
        let offers = |t| {
            matches!(
                t,
                JoiningType::DualJoining | JoiningType::LeftJoining | JoiningType::JoinCausing
            )
        };
        let solid: Vec<(usize, char)> = text
            .char_indices()
            .filter(|&(_, c)| jt(c) != JoiningType::Transparent)
            .collect();
        let joins =
            |k: usize| k + 1 < solid.len() && offers(jt(solid[k].1)) && accepts(jt(solid[k + 1].1));
        let mut out = Vec::new();
        let mut k = 0;
        while k < solid.len() {
            let (at, c) = solid[k];
            // After a ligature `joins(k - 1)` is false: every alef is right-joining.
            let prev = k > 0 && joins(k - 1);
            if c == LAM && k + 1 < solid.len() && is_alef(solid[k + 1].1) {
                let &(_, iso, fin) = LAM_ALEF
                    .iter()
                    .find(|&&(a, _, _)| a == solid[k + 1].1)
                    .expect("alef in table");
                let glyph = if prev { fin } else { iso };
                out.push(Shaped {
                    at: at as u32,
                    glyph,
                    ligature_with: Some(solid[k + 1].0 as u32),
                });
                k += 2;
                continue;
            }
            let next = joins(k);
            if let Some(row) = (c as u32)
                .checked_sub(FORMS_FIRST)
                .and_then(|i| FORMS.get(i as usize))
            {
                let [iso, fin, ini, med] = *row;
                let glyph = match (prev, next) {
                    (false, false) => iso,
                    (true, false) => fin,
                    (false, true) => {
                        if ini != NONE {
                            ini
                        } else {
                            iso
                        }
                    }
                    (true, true) => {
                        if med != NONE {
                            med
                        } else {
                            fin
                        }
                    }
                };
                if glyph != NONE {
                    out.push(Shaped {
                        at: at as u32,
                        glyph,
                        ligature_with: None,
                    });
                }
            }
            k += 1;
        }
        out
    }

    fn is_alef(c: char) -> bool {
        matches!(c, '\u{0622}' | '\u{0623}' | '\u{0625}' | '\u{0627}')
    }

    #[test]
    fn matches_a_char_by_char_reference() {
        let samples = [
            "قالَ الرئيسُ: «لا للإرهاب» — في مؤتمرٍ صحفي (2024) می‌خواهم ہے",
            "الآن فلأ لـا لَا كل ا ل\u{200D}ا ﻻ ﺑيت 😀بيت ںب بںب",
            "ب\u{200D}\u{200D}ب ـبـ \u{0670}ب ب\u{064B}\u{0651}ت",
            "",
            "ل",
            "لا",
        ];
        for text in samples {
            assert_eq!(run(text), reference(text), "{text:?}");
        }
        // Every char of the Arabic block, each next to every joining kind.
        let mut all = String::new();
        for c in '\u{0600}'..='\u{06FF}' {
            for neighbour in ['ب', 'ا', ' ', 'ل', '\u{064E}', 'ـ', '\u{200C}'] {
                all.push(c);
                all.push(neighbour);
                all.push(c);
            }
        }
        assert_eq!(run(&all), reference(&all));
    }

    #[test]
    fn appends_without_clearing() {
        let mut out = vec![at(99, 0x41)];
        shape("ب", &mut out);
        assert_eq!(out, vec![at(99, 0x41), at(0, 0xFE8F)]);
    }

    #[test]
    fn entries_are_sorted_and_on_char_boundaries() {
        let text = "قالَ الرئيسُ: «لا للإرهاب» — في مؤتمرٍ صحفي (2024) می‌خواهم ہے";
        let out = run(text);
        assert!(!out.is_empty());
        assert!(out.windows(2).all(|w| w[0].at < w[1].at));
        for s in &out {
            let c = text[s.at as usize..]
                .chars()
                .next()
                .expect("entry inside text");
            assert_ne!(c, s.glyph);
            if let Some(a) = s.ligature_with {
                assert_eq!(c, LAM);
                assert!(a > s.at);
                assert!(text.is_char_boundary(a as usize));
                // The swallowed alef never has an entry of its own.
                assert!(out.iter().all(|t| t.at != a));
            }
        }
    }

    #[test]
    fn every_dual_joining_basic_letter_has_all_four_forms() {
        let mut checked = 0;
        for c in '\u{0621}'..='\u{064A}' {
            if get_joining_type(c) != JoiningType::DualJoining {
                continue;
            }
            let row = FORMS[(c as u32 - FORMS_FIRST) as usize];
            // Keheh and farsi yeh variants added in Unicode 5.1, after the
            // presentation-form blocks were closed: they have no forms and
            // are drawn as themselves.
            if ('\u{063B}'..='\u{063F}').contains(&c) {
                assert_eq!(row, [NONE; 4], "U+{:04X}", c as u32);
                continue;
            }
            assert!(
                row.iter().all(|&g| g != NONE),
                "U+{:04X} lacks a form: {row:04X?}",
                c as u32
            );
            checked += 1;
        }
        // beh, teh, theh, jeem, ..., yeh: a short table would hide a broken generator.
        assert!(checked >= 20, "only {checked} dual-joining letters");
    }

    #[test]
    fn every_right_joining_basic_letter_has_isolated_and_final() {
        for c in '\u{0621}'..='\u{064A}' {
            if get_joining_type(c) != JoiningType::RightJoining {
                continue;
            }
            let [iso, fin, ini, med] = FORMS[(c as u32 - FORMS_FIRST) as usize];
            assert!(
                iso != NONE && fin != NONE && ini == NONE && med == NONE,
                "U+{:04X}",
                c as u32
            );
        }
    }

    #[test]
    fn lam_alef_table_covers_the_four_alefs() {
        let alefs: Vec<char> = LAM_ALEF.iter().map(|&(a, _, _)| a).collect();
        assert_eq!(alefs, ['\u{0622}', '\u{0623}', '\u{0625}', '\u{0627}']);
        for &(_, iso, fin) in &LAM_ALEF {
            assert!(('\u{FEF5}'..='\u{FEFC}').contains(&iso));
            assert_eq!(u32::from(fin), u32::from(iso) + 1);
        }
    }

    #[test]
    fn needs_shaping_sees_chars_across_block_edges() {
        // The scan goes by 64-byte blocks; put each char across an edge.
        for pad in 56..72 {
            let x = "x".repeat(pad);
            for c in ['ب', '\u{0750}', '\u{077F}', '\u{08A0}', '\u{08FF}'] {
                assert!(
                    needs_shaping(&format!("{x}{c}")),
                    "{pad} U+{:04X}",
                    c as u32
                );
                assert!(
                    needs_shaping(&format!("{x}{c}{x}")),
                    "{pad} U+{:04X}",
                    c as u32
                );
            }
            for c in [
                '\u{0740}', '\u{074F}', '\u{0800}', '\u{089F}', '\u{0900}', 'ก',
            ] {
                assert!(
                    !needs_shaping(&format!("{x}{c}{x}")),
                    "{pad} U+{:04X}",
                    c as u32
                );
            }
        }
        assert!(!needs_shaping(&"हिन्दी समाचार ".repeat(20)));
    }

    #[test]
    fn needs_shaping_checks_the_three_ranges() {
        assert!(!needs_shaping(""));
        assert!(!needs_shaping("Plain ASCII, digits 123."));
        assert!(!needs_shaping("עברית בלבד")); // Hebrew
        assert!(!needs_shaping("ﺑﻴﺖ")); // already presentation forms
        assert!(!needs_shaping("\u{0740}\u{074F}")); // Syriac, just below U+0750
        assert!(!needs_shaping("\u{0800}\u{089F}")); // below U+08A0
        assert!(!needs_shaping("\u{0900}")); // Devanagari, just above U+08FF
        assert!(needs_shaping("abc بيت"));
        assert!(needs_shaping("\u{0600}"));
        assert!(needs_shaping("\u{06FF}"));
        assert!(needs_shaping("\u{0750}"));
        assert!(needs_shaping("\u{077F}"));
        assert!(needs_shaping("x\u{08A0}"));
        assert!(needs_shaping("\u{08FF}"));
    }
}
