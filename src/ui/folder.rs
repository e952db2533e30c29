//! `hamish DIR`: the list of a folder's articles with their status and counts, and the
//! article being annotated. Statuses are read in the background, so a folder of a thousand
//! articles lists at once and fills in.

use super::app::{App, Settings};
use super::command::{Command, Event};
use super::keymap::Mode;
use crate::annotate::store::{self, Summary};
use crate::annotate::Status;
use crate::layout::{Direction, ParagraphLayout, Shaping};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, TryRecvError};

/// What is known of an article's annotations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum State {
    /// Not read yet.
    Unread,
    /// No annotation file.
    NotStarted,
    /// Read: its status and counts.
    Read(Summary),
    /// The annotation file cannot be read: why.
    Broken(String),
}

#[derive(Debug)]
/// One article of the folder's list.
pub struct Entry {
    /// The text file.
    pub path: PathBuf,
    /// The path relative to the folder, laid out (names may be Arabic).
    pub name: String,
    /// The name laid out on one line.
    pub name_layout: ParagraphLayout,
    /// What is known of its annotations.
    pub state: State,
}

impl Entry {
    /// The entry of `path`, named relative to the folder `root`.
    fn new(path: &Path, root: &Path, state: State, shaping: Shaping) -> Entry {
        let name = crate::corpus::relative(path, root).display().to_string();
        Entry {
            path: path.to_path_buf(),
            name_layout: crate::layout::one_line(&name, Direction::Ltr, shaping),
            name,
            state,
        }
    }

    /// Whether its annotations are marked done.
    pub fn done(&self) -> bool {
        matches!(&self.state, State::Read(s) if s.status == Status::Done)
    }
}

/// The folder screen, and the article open over it.
pub struct Folder {
    /// The folder.
    pub root: PathBuf,
    /// Its articles, sorted by path, then annotation files without a text.
    pub entries: Vec<Entry>,
    /// The selected row.
    pub selected: usize,
    /// First row of the list on screen.
    pub top: usize,
    /// The terminal's columns and rows.
    pub size: (u16, u16),
    /// The user asked to quit.
    pub quit: bool,
    /// The last thing to tell the user.
    pub message: Option<String>,
    /// The article being annotated.
    pub open: Option<App>,
    /// How each article opens.
    pub settings: Settings,
    /// Whose annotations: recorded in each file saved.
    pub annotator: Option<String>,
    /// Another annotator's copy of the folder, to adjudicate against.
    pub compare: Option<PathBuf>,
    pending: Option<Receiver<(usize, State)>>,
}

/// Reads the state of one article from its annotation file.
fn read_state(text: &Path) -> State {
    let ron = store::ron_path(text);
    let file = ron.display().to_string();
    // Through the bounded reader: a FIFO or a device there is told, never waited on.
    match crate::fsio::read_bounded_string(&ron, crate::fsio::DATA_LIMIT) {
        Ok(Some(source)) => match store::summary(&source, &file) {
            Ok(s) => State::Read(s),
            Err(e) => State::Broken(e.to_string()),
        },
        Ok(None) => State::NotStarted,
        Err(e) => State::Broken(e.to_string()),
    }
}

impl Folder {
    /// The folder's articles (`paths`, sorted), listed at once; their states are read on
    /// another thread and arrive through [`Folder::poll`].
    pub fn new(root: &Path, paths: Vec<PathBuf>, settings: Settings) -> Folder {
        let entries: Vec<Entry> = paths
            .iter()
            .map(|p| Entry::new(p, root, State::Unread, settings.options.shaping))
            .collect();
        let (send, receive) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for (i, p) in paths.iter().enumerate() {
                if send.send((i, read_state(p))).is_err() {
                    break; // the folder was closed
                }
            }
        });
        Folder {
            root: root.to_path_buf(),
            entries,
            selected: 0,
            top: 0,
            size: (0, 0),
            quit: false,
            message: None,
            open: None,
            settings,
            annotator: None,
            compare: None,
            pending: Some(receive),
        }
    }

    /// Lists annotation files that have no text beside them, as broken entries (they
    /// cannot be opened; they are not lost either).
    pub fn report_strays(&mut self, strays: Vec<PathBuf>) {
        for p in strays {
            let why = State::Broken("no text beside it (its .txt is missing)".into());
            let entry = Entry::new(&p, &self.root, why, self.settings.options.shaping);
            self.entries.push(entry);
        }
    }

    /// Takes the states read so far; true if any arrived.
    pub fn poll(&mut self) -> bool {
        let Some(pending) = &self.pending else {
            return false;
        };
        let mut any = false;
        loop {
            match pending.try_recv() {
                Ok((i, state)) => {
                    if let Some(e) = self.entries.get_mut(i) {
                        e.state = state;
                    }
                    any = true;
                }
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => {
                    self.pending = None;
                    break;
                }
            }
        }
        any
    }

    /// Waits until every state is read (for tests and tools).
    pub fn wait(&mut self) {
        if let Some(pending) = self.pending.take() {
            for (i, state) in pending {
                if let Some(e) = self.entries.get_mut(i) {
                    e.state = state;
                }
            }
        }
    }

    /// Whether states are still being read.
    pub fn reading(&self) -> bool {
        self.pending.is_some()
    }

    /// How many articles are marked done.
    pub fn done(&self) -> usize {
        self.entries.iter().filter(|e| e.done()).count()
    }

    /// What keys go to.
    pub fn mode(&self) -> Mode {
        self.open.as_ref().map_or(Mode::Text, App::mode)
    }

    /// Rows of the list (below the progress line, above the status line).
    pub fn list_rows(&self) -> usize {
        (self.size.1 as usize).saturating_sub(3)
    }

    fn keep_selected_visible(&mut self) {
        let rows = self.list_rows().max(1);
        if self.selected < self.top {
            self.top = self.selected;
        } else if self.selected >= self.top + rows {
            self.top = self.selected + 1 - rows;
        }
    }

    /// Opens entry `i`; a text that cannot be read is told in the list.
    fn open_entry(&mut self, i: usize) {
        let Some(entry) = self.entries.get(i) else {
            return;
        };
        if entry.path.extension().is_some_and(|e| e == "ron") {
            self.message = Some(format!("{}: no text beside it to open", entry.name));
            return;
        }
        match crate::text::load(&entry.path) {
            Ok(doc) => {
                let mut app = App::new(doc, self.settings.clone());
                app.open_annotations(&entry.path, self.annotator.clone());
                app.update(Event::Resize(self.size.0, self.size.1));
                if let Some(other) = &self.compare {
                    self.load_theirs(&mut app, other, i);
                }
                self.selected = i;
                self.open = Some(app);
            }
            Err(e) => self.message = Some(e.to_string()),
        }
    }

    /// The other annotator's copy of article `i`, shown as differences to take.
    fn load_theirs(&self, app: &mut App, other: &Path, i: usize) {
        let Some(entry) = self.entries.get(i) else {
            return;
        };
        let theirs = other.join(crate::corpus::relative(&entry.path, &self.root));
        let ron = store::ron_path(&theirs);
        match store::load(&ron, app.doc()) {
            Ok(loaded) if loaded.new => {
                app.tell(format!("no {} to compare with", ron.display()));
            }
            Ok(loaded) => {
                let who = loaded
                    .annotator
                    .clone()
                    .unwrap_or_else(|| other.display().to_string());
                app.show_theirs(&loaded.annotations, &who);
            }
            Err(e) => app.tell(format!("cannot compare: {e}")),
        }
    }

    /// Closes the open article, saving what it could not save before to a recovery file,
    /// and reads its state again.
    fn close(&mut self) {
        if let Some(mut app) = self.open.take() {
            if let Some(told) = app.finish() {
                self.message = Some(told);
            }
        }
        if let Some(e) = self.entries.get_mut(self.selected) {
            e.state = read_state(&e.path);
        }
        self.keep_selected_visible();
    }

    /// The next article after the selected one that is not done, wrapping around.
    fn next_unfinished(&self) -> Option<usize> {
        let n = self.entries.len();
        (1..=n)
            .map(|k| (self.selected + k) % n)
            .find(|&i| !self.entries[i].done())
    }

    /// Takes one event: the list's, or the open article's.
    pub fn update(&mut self, event: impl Into<Event>) {
        let event = event.into();
        if let Event::Resize(w, h) = event {
            self.size = (w, h);
            self.keep_selected_visible();
        }
        if self.open.is_some() {
            let (step, unfinished) = match event {
                Event::Command(Command::NextFile) => (Some(1isize), false),
                Event::Command(Command::PrevFile) => (Some(-1), false),
                Event::Command(Command::NextUnfinished) => (None, true),
                _ => (None, false),
            };
            if step.is_some() || unfinished {
                // The open article saved every change: its state is read again first.
                if let Some(e) = self.entries.get_mut(self.selected) {
                    e.state = read_state(&e.path);
                }
                let target = if unfinished {
                    self.next_unfinished()
                } else {
                    let t = self.selected as isize + step.unwrap_or(0);
                    (t >= 0 && (t as usize) < self.entries.len()).then_some(t as usize)
                };
                match target {
                    Some(t) => {
                        self.close();
                        self.open_entry(t);
                    }
                    // The article stays open.
                    None => {
                        if let Some(app) = self.open.as_mut() {
                            app.tell("no more articles that way".into());
                        }
                    }
                }
                return;
            }
            if let Some(app) = self.open.as_mut() {
                app.update(event);
                if app.quit() {
                    // q in an article goes back to the list.
                    self.close();
                }
            }
            return;
        }
        self.message = None;
        let n = self.entries.len();
        let page = self.list_rows().saturating_sub(1).max(1);
        let command = match event {
            Event::Wheel { down: true } => Command::ScrollDown,
            Event::Wheel { down: false } => Command::ScrollUp,
            Event::Command(c) => c,
            Event::Tick => {
                self.poll();
                return;
            }
            Event::KeysDropped(n) => {
                self.message = Some(Event::keys_dropped(n));
                return;
            }
            _ => return,
        };
        match command {
            Command::Down | Command::ExtendDown | Command::ScrollDown | Command::NextWord => {
                self.selected = (self.selected + 1).min(n.saturating_sub(1))
            }
            Command::Up | Command::ExtendUp | Command::ScrollUp | Command::PrevWord => {
                self.selected = self.selected.saturating_sub(1)
            }
            Command::PageDown | Command::HalfPageDown => {
                self.selected = (self.selected + page).min(n.saturating_sub(1))
            }
            Command::PageUp | Command::HalfPageUp => {
                self.selected = self.selected.saturating_sub(page)
            }
            Command::Top => self.selected = 0,
            Command::Bottom => self.selected = n.saturating_sub(1),
            Command::Enter
            | Command::Right
            | Command::Left
            | Command::ExtendRight
            | Command::ExtendLeft => self.open_entry(self.selected),
            Command::NextUnfinished => match self.next_unfinished() {
                Some(i) => self.open_entry(i),
                None => self.message = Some("every article is done".into()),
            },
            Command::NextFile => self.open_entry((self.selected + 1).min(n.saturating_sub(1))),
            Command::PrevFile => self.open_entry(self.selected.saturating_sub(1)),
            Command::Quit => self.quit = true,
            _ => {}
        }
        self.keep_selected_visible();
    }

    /// At quit: what the open article could not save.
    pub fn finish(&mut self) -> Option<String> {
        self.open.as_mut().and_then(App::finish)
    }

    /// Whether something waits on time: states still being read, or a save to try again.
    pub fn wants_tick(&self) -> bool {
        self.pending.is_some() || self.open.as_ref().is_some_and(App::wants_tick)
    }
}

/// Words for a state, and the counts per label.
pub fn describe_state(state: &State) -> (&'static str, String) {
    match state {
        State::Unread => ("…", String::new()),
        State::NotStarted => ("not started", String::new()),
        State::Read(s) => {
            let status = match s.status {
                Status::Done => "done",
                Status::InProgress => "in progress",
            };
            let counts: Vec<String> = s.counts.iter().map(|(l, n)| format!("{l} {n}")).collect();
            let mut text = counts.join(" · ");
            if s.orphans > 0 {
                text.push_str(&format!(" · {} orphans", s.orphans));
            }
            (status, text)
        }
        State::Broken(why) => ("broken", why.clone()),
    }
}
