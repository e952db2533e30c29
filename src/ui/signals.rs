//! What ends the reader from outside: SIGHUP (the SSH connection or the terminal window
//! closed), SIGTERM (a shutdown, `kill`), SIGINT (`kill -INT`; in raw mode `Ctrl-c` is a
//! key, not a signal), and the terminal hanging up. A signal's default action would end the
//! process at once, with the terminal left in raw mode and the annotations that could not
//! be saved lost. So while the reader runs they only set a flag and wake the event loop,
//! which then ends the way a quit does (saving, or writing the recovery file, and restoring
//! the terminal); the process exits with 128 + the signal's number, as a shell reports a
//! process ended by it.
//!
//! SIGTSTP (`kill -TSTP`; in raw mode `Ctrl-z` is a key too, undo's) would stop the process
//! with the terminal still set up for hamish. It only sets a flag too: the loop gives the
//! terminal back, stops the process itself, and sets the terminal up again when it is
//! continued ([`Waited::Suspend`]).
//!
//! Nothing but an atomic store and a write to a socket happens in the handlers. A second
//! signal while the reader is finishing takes the signal's default action: a user who sends
//! it twice means it.
//!
//! The loop waits for input here, in `poll(2)` on the terminal and on a socket the handlers
//! write to, rather than in crossterm: a signal is seen at once, and so is a terminal that
//! hung up. Once the terminal is gone, reading it returns nothing, forever; crossterm would
//! read it again and again, and the reader would never get to save. So crossterm is asked
//! for events only when the terminal has some and is still there.

use rustix::event::{PollFd, PollFlags};
use signal_hook::consts::signal::{SIGHUP, SIGINT, SIGTERM, SIGTSTP, SIGWINCH};
use signal_hook::SigId;
use std::cell::Cell;
use std::io::{self, IsTerminal, Read};
use std::os::fd::{AsFd, BorrowedFd};
use std::os::unix::net::UnixStream;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The signals caught, with their names.
const CAUGHT: [(i32, &str); 3] = [(SIGHUP, "SIGHUP"), (SIGTERM, "SIGTERM"), (SIGINT, "SIGINT")];

/// The terminal the keys come from: standard input, else `/dev/tty` (as crossterm reads).
enum Tty {
    Stdin(io::Stdin),
    Dev(std::fs::File),
}

impl Tty {
    fn open() -> io::Result<Tty> {
        let stdin = io::stdin();
        if stdin.is_terminal() {
            Ok(Tty::Stdin(stdin))
        } else {
            std::fs::File::open("/dev/tty").map(Tty::Dev)
        }
    }

    fn fd(&self) -> BorrowedFd<'_> {
        match self {
            Tty::Stdin(s) => s.as_fd(),
            Tty::Dev(f) => f.as_fd(),
        }
    }
}

/// What the wait for input ended with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Waited {
    /// There may be an event to read (keys, or a resize).
    Input,
    /// The time given passed first.
    Timeout,
    /// A signal, or the terminal's hangup, asks the reader to end.
    Ended(Signal),
    /// SIGTSTP asks the reader to stop for now.
    Suspend,
}

/// The handlers while they are installed, and the terminal they watch; dropping this puts
/// the signals' defaults back.
pub struct Watch {
    /// The number of the last signal caught, 0 for none.
    caught: Arc<AtomicUsize>,
    /// SIGTSTP came and was not yet taken.
    stop: Arc<AtomicBool>,
    ids: Vec<SigId>,
    /// The handlers write a byte here: the wait wakes up.
    wake: UnixStream,
    tty: Tty,
    /// The terminal hung up.
    hung_up: Cell<bool>,
}

impl Watch {
    /// Installs the handlers of SIGHUP, SIGTERM and SIGINT (and a wake-up on SIGWINCH, which
    /// crossterm turns into a resize), and watches the terminal.
    pub fn start() -> io::Result<Watch> {
        let (wake, sender) = UnixStream::pair()?;
        wake.set_nonblocking(true)?;
        let caught = Arc::new(AtomicUsize::new(0));
        let armed = Arc::new(AtomicBool::new(false));
        let stop = Arc::new(AtomicBool::new(false));
        let mut watch = Watch {
            caught: Arc::clone(&caught),
            stop: Arc::clone(&stop),
            ids: Vec::new(),
            wake,
            tty: Tty::open()?,
            hung_up: Cell::new(false),
        };
        for (signal, _) in CAUGHT {
            // In this order: the default action runs only once a first signal has armed it.
            watch
                .ids
                .push(signal_hook::flag::register_conditional_default(
                    signal,
                    Arc::clone(&armed),
                )?);
            watch
                .ids
                .push(signal_hook::flag::register(signal, Arc::clone(&armed))?);
            watch.ids.push(signal_hook::flag::register_usize(
                signal,
                Arc::clone(&caught),
                usize::try_from(signal).unwrap_or(0),
            )?);
            watch.ids.push(signal_hook::low_level::pipe::register(
                signal,
                sender.try_clone()?,
            )?);
        }
        watch.ids.push(signal_hook::flag::register(SIGTSTP, stop)?);
        watch.ids.push(signal_hook::low_level::pipe::register(
            SIGTSTP,
            sender.try_clone()?,
        )?);
        watch
            .ids
            .push(signal_hook::low_level::pipe::register(SIGWINCH, sender)?);
        Ok(watch)
    }

    /// Why the reader must end, if it must: the signal caught, or a hangup.
    pub fn ended(&self) -> Option<Signal> {
        match self.caught.load(Ordering::SeqCst) {
            0 => self.hung_up.get().then_some(Signal::HANGUP),
            n => i32::try_from(n).ok().map(Signal),
        }
    }

    /// Whether SIGTSTP came since this was last asked.
    pub fn suspended(&self) -> bool {
        self.stop.swap(false, Ordering::SeqCst)
    }

    /// Waits for input for at most `timeout` (`None`: for as long as it takes), or until
    /// a signal or the terminal's hangup ends the reader.
    pub fn wait(&self, timeout: Option<Duration>) -> io::Result<Waited> {
        let until = timeout.map(|t| Instant::now() + t);
        loop {
            if let Some(signal) = self.ended() {
                return Ok(Waited::Ended(signal));
            }
            let left = until.map(|u| u.saturating_duration_since(Instant::now()));
            let spec = match left.map(rustix::event::Timespec::try_from) {
                Some(Ok(spec)) => Some(spec),
                // Too far to say: wait without an end.
                Some(Err(_)) | None => None,
            };
            let (tty, wake) = {
                let mut fds = [
                    PollFd::from_borrowed_fd(self.tty.fd(), PollFlags::IN),
                    PollFd::new(&self.wake, PollFlags::IN),
                ];
                match rustix::event::poll(&mut fds, spec.as_ref()) {
                    Ok(_) => {}
                    Err(rustix::io::Errno::INTR) => continue,
                    Err(e) => return Err(e.into()),
                }
                (fds[0].revents(), fds[1].revents())
            };
            if !wake.is_empty() {
                self.drain_wake();
            }
            if gone(tty) {
                self.hung_up.set(true);
            }
            if let Some(signal) = self.ended() {
                return Ok(Waited::Ended(signal));
            }
            if self.suspended() {
                return Ok(Waited::Suspend);
            }
            // A resize wakes the wait too: crossterm has it.
            if tty.contains(PollFlags::IN) || !wake.is_empty() {
                return Ok(Waited::Input);
            }
            if left.is_some_and(|l| l.is_zero()) {
                return Ok(Waited::Timeout);
            }
        }
    }

    /// Whether the terminal hung up, looked at now (asking crossterm for more events from a
    /// terminal that hung up would never return).
    pub fn hung_up(&self) -> bool {
        if !self.hung_up.get() {
            let mut fds = [PollFd::from_borrowed_fd(self.tty.fd(), PollFlags::IN)];
            if rustix::event::poll(&mut fds, Some(&rustix::event::Timespec::default())).is_ok()
                && gone(fds[0].revents())
            {
                self.hung_up.set(true);
            }
        }
        self.hung_up.get()
    }

    fn drain_wake(&self) {
        let mut buf = [0u8; 64];
        while matches!((&self.wake).read(&mut buf), Ok(1..)) {}
    }
}

/// The terminal is gone: hung up, or its descriptor is no longer one.
fn gone(revents: PollFlags) -> bool {
    revents.intersects(PollFlags::HUP | PollFlags::ERR | PollFlags::NVAL)
}

impl Drop for Watch {
    fn drop(&mut self) {
        for id in self.ids.drain(..) {
            signal_hook::low_level::unregister(id);
        }
    }
}

/// A signal, by its number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Signal(pub i32);

impl Signal {
    /// The hangup of the terminal.
    pub const HANGUP: Signal = Signal(SIGHUP);

    /// Its name (`SIGHUP`), or its number.
    pub fn name(self) -> String {
        CAUGHT.iter().find(|(n, _)| *n == self.0).map_or_else(
            || format!("signal {}", self.0),
            |(_, name)| name.to_string(),
        )
    }

    /// The exit status of a process it ended: 128 + its number.
    pub fn exit_status(self) -> u8 {
        u8::try_from(128 + self.0).unwrap_or(u8::MAX)
    }
}

/// The reader was ended by a signal: the error the terminal loop returns, after saving and
/// restoring the terminal, for the binary to exit with [`Signal::exit_status`].
#[derive(Debug)]
pub struct Stopped {
    /// The signal.
    pub signal: Signal,
    /// What the user must be told: annotations that could not be saved, and where they went.
    pub told: Option<String>,
}

impl std::fmt::Display for Stopped {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "stopped by {}", self.signal.name())?;
        match &self.told {
            Some(told) => write!(f, "; {told}"),
            None => f.write_str("; nothing was left unsaved"),
        }
    }
}

impl std::error::Error for Stopped {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_status_is_128_plus_the_number() {
        assert_eq!(Signal(SIGHUP).exit_status(), 129);
        assert_eq!(Signal(SIGINT).exit_status(), 130);
        assert_eq!(Signal(SIGTERM).exit_status(), 143);
        assert_eq!(Signal(SIGTERM).name(), "SIGTERM");
    }
}
