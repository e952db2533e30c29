//! Default key bindings, as data: the help overlay and the README list them from here.

use super::app::Action;
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

const fn ctrl(c: char, label: &'static str, action: Action) -> Binding {
    Binding {
        code: KeyCode::Char(c),
        mods: KeyModifiers::CONTROL,
        label,
        action,
    }
}

pub const BINDINGS: &[Binding] = &[
    key(KeyCode::Down, "Down", Action::ScrollDown(1)),
    key(KeyCode::Char('j'), "j", Action::ScrollDown(1)),
    ctrl('e', "Ctrl-e", Action::ScrollDown(1)),
    key(KeyCode::Up, "Up", Action::ScrollUp(1)),
    key(KeyCode::Char('k'), "k", Action::ScrollUp(1)),
    ctrl('y', "Ctrl-y", Action::ScrollUp(1)),
    key(KeyCode::PageDown, "PgDn", Action::PageDown),
    key(KeyCode::Char(' '), "Space", Action::PageDown),
    ctrl('f', "Ctrl-f", Action::PageDown),
    key(KeyCode::PageUp, "PgUp", Action::PageUp),
    ctrl('b', "Ctrl-b", Action::PageUp),
    ctrl('d', "Ctrl-d", Action::HalfPageDown),
    ctrl('u', "Ctrl-u", Action::HalfPageUp),
    key(KeyCode::Home, "Home", Action::Top),
    key(KeyCode::Char('g'), "g", Action::Top),
    key(KeyCode::End, "End", Action::Bottom),
    key(KeyCode::Char('G'), "G", Action::Bottom),
    key(KeyCode::Char('?'), "?", Action::ToggleHelp),
    key(KeyCode::F(1), "F1", Action::ToggleHelp),
    key(KeyCode::Char('q'), "q", Action::Quit),
    ctrl('c', "Ctrl-c", Action::Quit),
];

/// The action bound to `key`, if any. Shift is ignored for characters (it is already in
/// the char: `G` is Shift-g).
pub fn action_for_key(key: KeyEvent) -> Option<Action> {
    let mods = match key.code {
        KeyCode::Char(_) => key.modifiers - KeyModifiers::SHIFT,
        _ => key.modifiers,
    };
    BINDINGS
        .iter()
        .find(|b| b.code == key.code && b.mods == mods)
        .map(|b| b.action)
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
