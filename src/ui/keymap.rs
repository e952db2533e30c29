//! Default key bindings, as data: the help overlay and the README list them from here.
//! Chars bound to nothing are label keys (the schema's `key`); in a prompt, chars are text.

use super::app::{Action, Mode};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// One binding: the key, its modifiers, how the help screen names it, and the action.
pub struct Binding {
    pub code: KeyCode,
    pub mods: KeyModifiers,
    pub label: &'static str,
    pub action: Action,
}

const fn key(code: KeyCode, label: &'static str, action: Action) -> Binding {
    Binding {
        code,
        mods: KeyModifiers::NONE,
        label,
        action,
    }
}

const fn ch(c: char, label: &'static str, action: Action) -> Binding {
    key(KeyCode::Char(c), label, action)
}

const fn ctrl(c: char, label: &'static str, action: Action) -> Binding {
    Binding {
        code: KeyCode::Char(c),
        mods: KeyModifiers::CONTROL,
        label,
        action,
    }
}

const fn shift(code: KeyCode, label: &'static str, action: Action) -> Binding {
    Binding {
        code,
        mods: KeyModifiers::SHIFT,
        label,
        action,
    }
}

pub const BINDINGS: &[Binding] = &[
    ch('j', "j", Action::ScrollDown(1)),
    ctrl('e', "Ctrl-e", Action::ScrollDown(1)),
    ch('k', "k", Action::ScrollUp(1)),
    key(KeyCode::PageDown, "PgDn", Action::PageDown),
    ch(' ', "Space", Action::PageDown),
    ctrl('f', "Ctrl-f", Action::PageDown),
    key(KeyCode::PageUp, "PgUp", Action::PageUp),
    ctrl('b', "Ctrl-b", Action::PageUp),
    ctrl('d', "Ctrl-d", Action::HalfPageDown),
    ctrl('u', "Ctrl-u", Action::HalfPageUp),
    key(KeyCode::Home, "Home", Action::Top),
    ch('g', "g", Action::Top),
    key(KeyCode::End, "End", Action::Bottom),
    ch('G', "G", Action::Bottom),
    ch('w', "w", Action::WordNext),
    ch('b', "b", Action::WordPrev),
    key(KeyCode::Left, "Left", Action::Left(false)),
    key(KeyCode::Right, "Right", Action::Right(false)),
    key(KeyCode::Up, "Up", Action::Up(false)),
    key(KeyCode::Down, "Down", Action::Down(false)),
    shift(KeyCode::Left, "Shift-Left", Action::Left(true)),
    shift(KeyCode::Right, "Shift-Right", Action::Right(true)),
    shift(KeyCode::Up, "Shift-Up", Action::Up(true)),
    shift(KeyCode::Down, "Shift-Down", Action::Down(true)),
    ch('v', "v", Action::ToggleSelect),
    key(KeyCode::Esc, "Esc", Action::Cancel),
    ch('[', "[", Action::StartEarlier),
    ch(']', "]", Action::StartLater),
    ch('{', "{", Action::EndEarlier),
    ch('}', "}", Action::EndLater),
    ch('a', "a", Action::LinkNearest),
    ch('s', "s", Action::PickSpeaker),
    ch('e', "e", Action::EditEntity),
    ch('c', "c", Action::EditCountry),
    ch('d', "d", Action::Delete),
    key(KeyCode::Delete, "Del", Action::Delete),
    ch('u', "u", Action::Undo),
    ctrl('z', "Ctrl-z", Action::Undo),
    ctrl('r', "Ctrl-r", Action::Redo),
    ctrl('y', "Ctrl-y", Action::Redo),
    ch('D', "D", Action::ToggleDone),
    key(KeyCode::Tab, "Tab", Action::TogglePanel),
    ch('/', "/", Action::Search),
    ch('n', "n", Action::SearchNext),
    ch('N', "N", Action::SearchPrev),
    ch('t', "t", Action::TagMatches),
    ch('S', "S", Action::ToggleSuggestions),
    ch('y', "y", Action::Accept),
    ch('x', "x", Action::Reject),
    ch('Y', "Y", Action::AcceptAll),
    ch('X', "X", Action::RejectAll),
    ch('>', ">", Action::NextFile),
    ch('<', "<", Action::PrevFile),
    ch('U', "U", Action::NextUnfinished),
    key(KeyCode::Enter, "Enter", Action::Enter),
    ch('?', "?", Action::ToggleHelp),
    key(KeyCode::F(1), "F1", Action::ToggleHelp),
    ch('q', "q", Action::Quit),
    ctrl('c', "Ctrl-c", Action::Quit),
];

/// Keys of a prompt; any other char is typed.
const PROMPT: &[Binding] = &[
    key(KeyCode::Enter, "Enter", Action::Enter),
    key(KeyCode::Esc, "Esc", Action::Cancel),
    key(KeyCode::Backspace, "Backspace", Action::Backspace),
    key(KeyCode::Tab, "Tab", Action::NextChoice),
    key(KeyCode::Down, "Down", Action::NextChoice),
    ctrl('u', "Ctrl-u", Action::ClearInput),
    // Moving keeps the text as it is, to be edited at its end.
    key(KeyCode::Left, "Left", Action::Left(false)),
    key(KeyCode::Right, "Right", Action::Right(false)),
    key(KeyCode::Home, "Home", Action::Top),
    key(KeyCode::End, "End", Action::Bottom),
    ctrl('c', "Ctrl-c", Action::Cancel),
];

fn find(table: &[Binding], key: KeyEvent) -> Option<Action> {
    let mods = match key.code {
        KeyCode::Char(_) => key.modifiers - KeyModifiers::SHIFT,
        _ => key.modifiers,
    };
    table
        .iter()
        .find(|b| b.code == key.code && b.mods == mods)
        .map(|b| b.action)
}

/// The action bound to `key` in `mode`, if any. Shift is ignored for characters (it is
/// already in the char: `G` is Shift-g). An unbound plain char is a label key, or text in
/// a prompt.
pub fn action_for_key(mut key: KeyEvent, mode: Mode) -> Option<Action> {
    let plain = key.modifiers - KeyModifiers::SHIFT == KeyModifiers::NONE;
    match (mode, key.code) {
        (Mode::Prompt, KeyCode::Char(c)) if plain => return Some(Action::Input(c)),
        (Mode::Prompt, _) => return find(PROMPT, key),
        // With an Arabic or Persian keyboard layout, the digit keys give ١ ٢ ٣ or ۱ ۲ ۳:
        // they are the label keys all the same.
        (_, KeyCode::Char(c)) => key.code = KeyCode::Char(crate::annotate::schema::label_key(c)),
        _ => {}
    }
    match (mode, key.code) {
        (_, KeyCode::Backspace) => Some(Action::Backspace),
        (_, KeyCode::Char(c)) => find(BINDINGS, key).or((plain).then_some(Action::Tag(c))),
        _ => find(BINDINGS, key),
    }
}

/// The command a schema's label key would shadow, if any: a label cannot take a key that
/// already does something.
pub fn taken(key: char) -> Option<&'static str> {
    BINDINGS
        .iter()
        .find(|b| b.code == KeyCode::Char(key) && b.mods == KeyModifiers::NONE)
        .map(|b| b.action.description())
}

/// Refuses a schema whose label keys are taken by commands; `file` names it.
pub fn check_schema_keys(schema: &crate::annotate::Schema, file: &str) -> anyhow::Result<()> {
    for l in &schema.labels {
        if let Some(what) = taken(l.key) {
            anyhow::bail!(
                "{file}: label {:?} has key {:?}, which is taken ({what}); choose another",
                l.name,
                l.key
            );
        }
    }
    Ok(())
}

/// All the labels of the keys bound to `action`, joined: "Down, j, Ctrl-e".
pub fn keys_for(action: Action) -> String {
    BINDINGS
        .iter()
        .filter(|b| b.action == action)
        .map(|b| b.label)
        .collect::<Vec<_>>()
        .join(", ")
}
