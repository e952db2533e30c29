//! What is open over the article: the help, the list of annotations, the speaker picker or
//! a prompt. One at a time; which one decides the [`Mode`] keys go to.

use crate::ui::keymap::Mode;

/// A line of typed text and what it is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    /// What it asks for.
    pub kind: PromptKind,
    /// What is typed so far.
    pub input: String,
    /// Suggestions, cycled with Tab.
    pub choices: Vec<String>,
    /// The suggestion shown, if the input is one.
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
    /// Nothing: keys go to the article.
    None,
    /// The help, scrolled to this line.
    Help {
        /// The first line shown.
        scroll: usize,
    },
    /// The list of annotations, with the selected row.
    Panel {
        /// The selected row.
        selected: usize,
    },
    /// Speakers to attribute claim `claim` to.
    Picker {
        /// The claim to attribute.
        claim: u32,
        /// The ids of the speakers, in text order.
        speakers: Vec<u32>,
        /// The selected row.
        selected: usize,
    },
    /// A line of typed text.
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
