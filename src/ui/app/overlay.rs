//! What is open over the article: the help, the list of annotations, the speaker picker or
//! a prompt. One at a time; which one decides the [`Mode`] keys go to.

use crate::ui::keymap::Mode;

/// A line of typed text and what it is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    pub kind: PromptKind,
    pub input: String,
    /// Suggestions, cycled with Tab.
    pub choices: Vec<String>,
    pub choice: Option<usize>,
    /// The input is the suggestion it opened with: typing replaces it.
    pub fresh: bool,
    /// Why Enter did not take the input.
    pub error: Option<String>,
}

impl Prompt {
    /// A prompt for `kind` opening with `input` (replaced by what is typed), one of
    /// `choices` or not. The label-key prompt takes one key and has nothing to replace.
    pub fn new(kind: PromptKind, input: String, choices: Vec<String>) -> Prompt {
        Prompt {
            kind,
            choice: choices.iter().position(|c| *c == input),
            fresh: kind != PromptKind::TagMatches,
            input,
            choices,
            error: None,
        }
    }
}

/// What a prompt asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptKind {
    /// The entity name of Speaker `id`.
    Entity(u32),
    /// The country code of Country `id`.
    Country(u32),
    /// Text to search for.
    Search,
    /// The label key to tag every match with.
    TagMatches,
}

impl PromptKind {
    /// Its name, before the input.
    pub fn title(self) -> &'static str {
        match self {
            PromptKind::Entity(_) => "entity",
            PromptKind::Country(_) => "country",
            PromptKind::Search => "search",
            PromptKind::TagMatches => "tag every match: label key",
        }
    }
}

/// What is open over the text.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Overlay {
    #[default]
    None,
    /// The help, scrolled to this line.
    Help {
        scroll: usize,
    },
    /// The list of annotations, with the selected row.
    Panel {
        selected: usize,
    },
    /// Speakers to attribute claim `claim` to.
    Picker {
        claim: u32,
        speakers: Vec<u32>,
        selected: usize,
    },
    Prompt(Prompt),
}

impl Overlay {
    /// What keys go to while it is open.
    pub fn mode(&self) -> Mode {
        match self {
            Overlay::None => Mode::Text,
            Overlay::Help { .. } => Mode::Help,
            Overlay::Panel { .. } => Mode::Panel,
            Overlay::Picker { .. } => Mode::Picker,
            Overlay::Prompt(_) => Mode::Prompt,
        }
    }
}
