//! What the user can ask for. A [`Command`] can be bound to a key; an [`Event`] is what
//! [`App::update`](super::App::update) takes: a command, or something that is not a key
//! binding (a label key, typed text, the mouse, a resize, time passing).
//!
//! Each command is written once, in the table below: its name in a keymap file, its line in
//! the help, and its default keys (in the article and lists, and in a prompt). A new command
//! is one line here and its handler.

use serde::{Deserialize, Serialize};

macro_rules! commands {
    ($(
        $(#[$meta:meta])*
        $variant:ident = $name:literal, $help:literal, [$($key:literal),*], [$($prompt:literal),*];
    )*) => {
        /// A command a key can be bound to; its snake_case name is what a keymap file uses.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum Command {
            $(
                #[doc = $help]
                $(#[$meta])*
                #[serde(rename = $name)]
                $variant,
            )*
        }

        impl Command {
            /// Every command, in the order the help lists them.
            pub const ALL: &'static [Command] = &[$(Command::$variant),*];

            /// The name a keymap file gives it: `next_word`, `tag_matches`.
            pub fn name(self) -> &'static str {
                match self { $(Command::$variant => $name),* }
            }

            /// One line for the help screen.
            pub fn description(self) -> &'static str {
                match self { $(Command::$variant => $help),* }
            }

            /// Its default keys over the article, the lists and the help.
            pub fn default_keys(self) -> &'static [&'static str] {
                match self { $(Command::$variant => &[$($key),*]),* }
            }

            /// Its default keys in a prompt, where any other char is typed.
            pub fn default_prompt_keys(self) -> &'static [&'static str] {
                match self { $(Command::$variant => &[$($prompt),*]),* }
            }
        }
    };
}

commands! {
    ScrollDown = "scroll_down", "scroll down a line (wheel: three)", ["j", "Ctrl-e"], [];
    ScrollUp = "scroll_up", "scroll up a line (wheel: three)", ["k"], [];
    PageDown = "page_down", "page down", ["PgDn", "Space", "Ctrl-f"], [];
    PageUp = "page_up", "page up", ["PgUp", "Ctrl-b"], [];
    HalfPageDown = "half_page_down", "half a page down", ["Ctrl-d"], [];
    HalfPageUp = "half_page_up", "half a page up", ["Ctrl-u"], [];
    /// In a prompt, Home and End keep the text as it is, to be edited at its end.
    Top = "top", "go to the start", ["Home", "g"], ["Home"];
    Bottom = "bottom", "go to the end", ["End", "G"], ["End"];
    NextWord = "next_word", "next word (reading order)", ["w"], [];
    PrevWord = "prev_word", "previous word (reading order)", ["b"], [];
    Left = "left", "word to the left on screen", ["Left"], ["Left"];
    Right = "right", "word to the right on screen", ["Right"], ["Right"];
    Up = "up", "line up, same column", ["Up"], [];
    Down = "down", "line down, same column", ["Down"], [];
    ExtendLeft = "extend_left", "extend the selection left", ["Shift-Left"], [];
    ExtendRight = "extend_right", "extend the selection right", ["Shift-Right"], [];
    ExtendUp = "extend_up", "extend the selection a line up", ["Shift-Up"], [];
    ExtendDown = "extend_down", "extend the selection a line down", ["Shift-Down"], [];
    ToggleSelect = "toggle_select", "start / stop selecting (moves extend)", ["v"], [];
    Cancel = "cancel", "drop the selection; close a list or prompt", ["Esc"], ["Esc", "Ctrl-c"];
    StartEarlier = "start_earlier", "selection starts a letter earlier", ["["], [];
    StartLater = "start_later", "selection starts a letter later (drop و ب ل ال)", ["]"], [];
    EndEarlier = "end_earlier", "selection ends a letter earlier", ["{"], [];
    EndLater = "end_later", "selection ends a letter later (take a quote mark)", ["}"], [];
    LinkNearest = "link_nearest", "attribute the claim to the nearest speaker before it", ["a"], [];
    PickSpeaker = "pick_speaker", "attribute the claim to a speaker from a list", ["s"], [];
    EditEntity = "edit_entity", "name the speaker's entity (groups mentions)", ["e"], [];
    EditCountry = "edit_country", "set the country's ISO code", ["c"], [];
    Delete = "delete", "delete the annotation under the cursor", ["d", "Del"], [];
    /// In the speaker list it removes the attribution; in a prompt, the last letter.
    Backspace = "backspace", "in the speaker list: no speaker", ["Backspace"], ["Backspace"];
    KeepVersion = "keep_version", "merge conflict here: keep the version shown", ["m"], [];
    TakeOther = "take_other", "merge conflict here: take the other version", ["M"], [];
    Undo = "undo", "undo", ["u", "Ctrl-z"], [];
    Redo = "redo", "redo", ["Ctrl-r", "Ctrl-y"], [];
    ToggleDone = "toggle_done", "mark the article done / in progress", ["D"], [];
    TogglePanel = "toggle_panel", "show / hide the list of annotations", ["Tab"], [];
    Search = "search", "search (ignores harakat, tatweel, hamza forms, case)", ["/"], [];
    SearchNext = "search_next", "next match", ["n"], [];
    SearchPrev = "search_prev", "previous match", ["N"], [];
    TagMatches = "tag_matches", "tag every match (then a label key), one undo step", ["t"], [];
    ToggleSuggestions = "toggle_suggestions", "show / hide suggestions (countries, reported speech)", ["S"], [];
    Accept = "accept", "accept the suggestion under the cursor", ["y"], [];
    Reject = "reject", "reject the suggestion under the cursor", ["x"], [];
    AcceptAll = "accept_all", "accept every suggestion", ["Y"], [];
    RejectAll = "reject_all", "reject every suggestion", ["X"], [];
    NextFile = "next_file", "in a folder: next article", [">"], [];
    PrevFile = "prev_file", "in a folder: previous article", ["<"], [];
    NextUnfinished = "next_unfinished", "in a folder: next article not done", ["U"], [];
    Enter = "enter", "in a list: go to / choose", ["Enter"], ["Enter"];
    /// Prompt only: the next suggestion.
    NextChoice = "next_choice", "in a prompt: the next suggestion", [], ["Tab", "Down"];
    /// Prompt only: empty it.
    ClearInput = "clear_input", "in a prompt: clear it", [], ["Ctrl-u"];
    ToggleHelp = "toggle_help", "show or hide this help", ["?", "F1"], [];
    Quit = "quit", "quit, or back to the folder's list (all is saved)", ["q", "Ctrl-c"], [];
}

/// What [`App::update`](super::App::update) takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// A bound key.
    Command(Command),
    /// A label key (the schema's `key`): tag the selection, or the word under the cursor.
    Tag(char),
    /// A char typed into a prompt.
    Input(char),
    /// Text was pasted where it cannot go (outside a prompt).
    Pasted,
    /// This many keys that came right after a paste were dropped: the pasted text ended the
    /// paste early, and its rest would have run as commands.
    KeysDropped(usize),
    /// The mouse wheel turned, down or up.
    Wheel {
        /// Towards the end of the text.
        down: bool,
    },
    /// Mouse button pressed, dragged, double-clicked at (column, row).
    Click(u16, u16),
    /// The mouse moved with its button held.
    Drag(u16, u16),
    /// Two clicks on one cell.
    DoubleClick(u16, u16),
    /// The terminal now has this many columns and rows.
    Resize(u16, u16),
    /// Time passed (unsaved work is saved again).
    Tick,
}

impl From<Command> for Event {
    fn from(command: Command) -> Event {
        Event::Command(command)
    }
}

impl Event {
    /// What the user is told of [`Event::KeysDropped`].
    pub fn keys_dropped(n: usize) -> String {
        let (keys, were) = if n == 1 {
            ("key", "was")
        } else {
            ("keys", "were")
        };
        format!(
            "{n} {keys} right after a paste {were} dropped: the pasted text held the paste's end marker"
        )
    }

    /// The command, if the event is one.
    pub fn command(self) -> Option<Command> {
        match self {
            Event::Command(c) => Some(c),
            _ => None,
        }
    }

    /// Whether the user did it (a key, the mouse, a paste), rather than the terminal or
    /// the clock: what the last key did is told until the next one.
    pub fn is_user(self) -> bool {
        !matches!(self, Event::Resize(..) | Event::Tick)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_round_trip_through_serde() {
        let mut seen = std::collections::HashSet::new();
        for &c in Command::ALL {
            assert!(seen.insert(c.name()), "{} twice", c.name());
            let json = format!("\"{}\"", c.name());
            let back: Command = serde_json::from_str(&json).expect("a command name");
            assert_eq!(back, c);
            assert_eq!(serde_json::to_string(&c).expect("serialize"), json);
            assert!(!c.description().is_empty());
        }
    }
}
