//! The terminal reader: the only place that knows ratatui and crossterm.
//!
//! `command` names what the user can ask for; `keymap` turns keys into those events, per
//! mode; `app` holds the state that [`App::update`] alone changes; `draw` reads it and
//! draws; `folder` is the list of a corpus's articles; `terminal` sets the terminal up and
//! always restores it, also when `signals` (a hangup, SIGTERM) end the reader.

mod app;
mod command;
mod draw;
mod folder;
mod folder_view;
mod keymap;
mod signals;
mod terminal;

pub use app::{
    quoted, App, Bidi, Cursor, Overlay, Pos, Prompt, PromptKind, SaveState, Search, Settings,
    Store, Suggestions,
};
pub use command::{Command, Event};
pub use draw::draw_layout_line;
pub use folder::{Entry, Folder, State};
pub use keymap::{Binding, Key, Keymap, Mode};
pub use signals::{Signal, Stopped};
pub use terminal::{run, run_folder, tmux_notice};
