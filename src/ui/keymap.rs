//! Keys to events, per mode, from one table: the default keys of each [`Command`]. The help
//! screen, the README's key list and every hint in a message are built from the keymap, so
//! a key named on screen is the key that does it. Chars bound to nothing are label keys (the
//! schema's `key`); in a prompt, chars are text.

use super::command::{Command, Event};
use crate::annotate::Schema;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// What keys go to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// The article.
    Text,
    /// The help.
    Help,
    /// The list of annotations has the keys.
    Panel,
    /// The list of speakers to attribute a claim to.
    Picker,
    /// A line of typed text.
    Prompt,
}

/// A key with its modifiers, as a keymap names it: `w`, `Ctrl-e`, `Shift-Left`, `PgDn`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    /// The key.
    pub code: KeyCode,
    /// Ctrl, Shift, Alt held with it.
    pub mods: KeyModifiers,
}

/// Names of the keys that are not chars, as the help and the README write them.
const NAMED: &[(&str, KeyCode)] = &[
    ("Space", KeyCode::Char(' ')),
    ("Enter", KeyCode::Enter),
    ("Esc", KeyCode::Esc),
    ("Tab", KeyCode::Tab),
    ("Backspace", KeyCode::Backspace),
    ("Del", KeyCode::Delete),
    ("Left", KeyCode::Left),
    ("Right", KeyCode::Right),
    ("Up", KeyCode::Up),
    ("Down", KeyCode::Down),
    ("Home", KeyCode::Home),
    ("End", KeyCode::End),
    ("PgUp", KeyCode::PageUp),
    ("PgDn", KeyCode::PageDown),
    ("F1", KeyCode::F(1)),
];

impl Key {
    /// Reads a key's name: one char, or a name from the list above, after `Ctrl-` or
    /// `Shift-`.
    pub fn parse(name: &str) -> Option<Key> {
        let (mods, rest) = if let Some(r) = name.strip_prefix("Ctrl-") {
            (KeyModifiers::CONTROL, r)
        } else if let Some(r) = name.strip_prefix("Shift-") {
            (KeyModifiers::SHIFT, r)
        } else {
            (KeyModifiers::NONE, name)
        };
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (Some(c), None) => KeyCode::Char(c),
            _ => NAMED.iter().find(|(n, _)| *n == rest)?.1,
        };
        Some(Key { code, mods })
    }

    /// The key of a terminal event, with Shift dropped from chars (it is already in the
    /// char: `G` is Shift-g).
    fn of(event: KeyEvent) -> Key {
        let mods = match event.code {
            KeyCode::Char(_) => event.modifiers - KeyModifiers::SHIFT,
            _ => event.modifiers,
        };
        Key {
            code: event.code,
            mods,
        }
    }
}

/// One binding: the key, how the help names it, and the command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    /// The key.
    pub key: Key,
    /// How the help and the README name it.
    pub label: &'static str,
    /// What it does.
    pub command: Command,
}

/// The bindings of each mode. The article, the lists and the help share one table (a list
/// reads `Down` as the next row); a prompt has its own, and types every other char.
#[derive(Debug, Clone)]
pub struct Keymap {
    normal: Vec<Binding>,
    prompt: Vec<Binding>,
}

fn table(keys: fn(Command) -> &'static [&'static str]) -> Vec<Binding> {
    Command::ALL
        .iter()
        .flat_map(|&command| {
            keys(command).iter().filter_map(move |&label| {
                Key::parse(label).map(|key| Binding {
                    key,
                    label,
                    command,
                })
            })
        })
        .collect()
}

impl Default for Keymap {
    fn default() -> Keymap {
        Keymap {
            normal: table(Command::default_keys),
            prompt: table(Command::default_prompt_keys),
        }
    }
}

impl Keymap {
    /// The bindings of `mode`.
    pub fn bindings(&self, mode: Mode) -> &[Binding] {
        match mode {
            Mode::Prompt => &self.prompt,
            _ => &self.normal,
        }
    }

    /// The event of `key` in `mode`, if any. An unbound plain char is a label key, or text
    /// in a prompt.
    pub fn event(&self, key: KeyEvent, mode: Mode) -> Option<Event> {
        let mut key = Key::of(key);
        let plain = key.mods == KeyModifiers::NONE;
        match (mode, key.code) {
            (Mode::Prompt, KeyCode::Char(c)) if plain => return Some(Event::Input(c)),
            // With an Arabic or Persian keyboard layout, the digit keys give ١ ٢ ٣ or
            // ۱ ۲ ۳: they are the label keys all the same.
            (Mode::Prompt, _) => {}
            (_, KeyCode::Char(c)) => {
                key.code = KeyCode::Char(crate::annotate::schema::label_key(c))
            }
            _ => {}
        }
        let bound = self
            .bindings(mode)
            .iter()
            .find(|b| b.key == key)
            .map(|b| Event::Command(b.command));
        match key.code {
            KeyCode::Char(c) if plain && mode != Mode::Prompt => bound.or(Some(Event::Tag(c))),
            _ => bound,
        }
    }

    /// All the keys bound to `command` in `mode`, joined: "j, Ctrl-e".
    pub fn keys_for(&self, command: Command, mode: Mode) -> String {
        self.bindings(mode)
            .iter()
            .filter(|b| b.command == command)
            .map(|b| b.label)
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The first key of `command`, for a hint in a message ("u undoes"); the command's name
    /// when no key is bound to it.
    pub fn key(&self, command: Command) -> &'static str {
        self.bindings(Mode::Text)
            .iter()
            .chain(self.bindings(Mode::Prompt))
            .find(|b| b.command == command)
            .map_or(command.name(), |b| b.label)
    }

    /// The command a label key would shadow, if any: a label cannot take a key that already
    /// does something.
    pub fn taken(&self, key: char) -> Option<Command> {
        let key = Key {
            code: KeyCode::Char(key),
            mods: KeyModifiers::NONE,
        };
        self.normal.iter().find(|b| b.key == key).map(|b| b.command)
    }

    /// Refuses a schema whose label keys are taken by commands; `file` names it.
    pub fn check_schema(&self, schema: &Schema, file: &str) -> anyhow::Result<()> {
        for l in &schema.labels {
            if let Some(what) = self.taken(l.key) {
                anyhow::bail!(
                    "{file}: label {:?} has key {:?}, which is taken ({}); choose another",
                    l.name,
                    l.key,
                    what.description()
                );
            }
        }
        Ok(())
    }

    /// The help lines: keys, then what they do; the label keys of `schema` first, then
    /// every command, then the mouse.
    pub fn help_lines(&self, schema: &Schema) -> Vec<(String, String)> {
        let labels = schema.labels.iter().map(|l| {
            (
                l.key.to_string(),
                format!("tag the selection (or the word) {}", l.name),
            )
        });
        let commands = Command::ALL.iter().filter_map(|&c| {
            let keys = self.keys_for(c, Mode::Text);
            let keys = if keys.is_empty() {
                self.keys_for(c, Mode::Prompt)
            } else {
                keys
            };
            (!keys.is_empty()).then(|| (keys, c.description().to_string()))
        });
        labels
            .chain(commands)
            .chain([(
                "mouse".to_string(),
                "click: cursor · drag: select · double-click: word · wheel".to_string(),
            )])
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_default_key_name_parses() {
        for &c in Command::ALL {
            for name in c.default_keys().iter().chain(c.default_prompt_keys()) {
                assert!(Key::parse(name).is_some(), "{name} of {}", c.name());
            }
        }
    }

    #[test]
    fn no_key_does_two_things_in_one_mode() {
        let keymap = Keymap::default();
        for mode in [Mode::Text, Mode::Prompt] {
            let b = keymap.bindings(mode);
            for (i, x) in b.iter().enumerate() {
                assert!(
                    b[i + 1..].iter().all(|y| y.key != x.key),
                    "{} is bound twice",
                    x.label
                );
            }
        }
    }

    #[test]
    fn shift_is_in_the_char() {
        let keymap = Keymap::default();
        let g = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(
            keymap.event(g, Mode::Text),
            Some(Event::Command(Command::Bottom))
        );
        let left = KeyEvent::new(KeyCode::Left, KeyModifiers::SHIFT);
        assert_eq!(
            keymap.event(left, Mode::Text),
            Some(Event::Command(Command::ExtendLeft))
        );
    }
}
