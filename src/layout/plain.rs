//! Laid-out paragraphs as plain text lines: one paragraph (for tests), or a whole document
//! laid out a chunk of paragraphs per thread and written in order (`hamish render`).

use super::{CellKind, Layouter, Options, ParagraphLayout};
use crate::text::Document;
use std::io::{self, Write};
use std::ops::Range;
use std::sync::mpsc;

/// Appends the visual lines of `layout` to `out` as UTF-8, each ending in `\n`. With `pad_to`,
/// an RTL paragraph's lines are padded on the left to that width so they end at the right
/// edge.
pub fn write_lines(layout: &ParagraphLayout, pad_to: Option<usize>, out: &mut Vec<u8>) {
    for line in layout.lines() {
        if let Some(width) = pad_to.filter(|_| layout.rtl) {
            out.resize(out.len() + width.saturating_sub(line.width), b' ');
        }
        for cell in layout.cells(line) {
            if cell.kind != CellKind::Collapsed {
                out.extend_from_slice(layout.glyph_bytes(cell));
            }
        }
        out.push(b'\n');
    }
}

/// The visual lines of `layout` as strings, without padding.
pub fn lines(layout: &ParagraphLayout) -> Vec<String> {
    let mut s = Vec::new();
    write_lines(layout, None, &mut s);
    String::from_utf8_lossy(&s)
        .lines()
        .map(str::to_string)
        .collect()
}

/// How [`write_document`] shares out the work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split {
    /// Threads laying out chunks (0 counts as 1).
    pub threads: usize,
    /// About how many bytes of text a chunk holds; a chunk is whole paragraphs, at least one.
    pub chunk_bytes: usize,
}

impl Split {
    /// A thread per core, up to 8 (more only wait on the writer), and 32 KB chunks.
    pub fn for_this_machine() -> Split {
        Split {
            threads: std::thread::available_parallelism().map_or(1, |n| n.get().min(8)),
            chunk_bytes: 1 << 15,
        }
    }
}

/// Consecutive paragraphs of `doc` grouped into chunks of about `bytes` bytes (line ends
/// included): every paragraph in exactly one chunk, in order, none empty.
pub fn chunk_paragraphs(doc: &Document, bytes: usize) -> Vec<Range<usize>> {
    let mut chunks = Vec::new();
    let mut start = 0;
    let mut size = 0;
    for i in 0..doc.len_paragraphs() {
        size += doc.paragraph_range(i).len() + 1;
        if size >= bytes {
            chunks.push(start..i + 1);
            start = i + 1;
            size = 0;
        }
    }
    if start < doc.len_paragraphs() {
        chunks.push(start..doc.len_paragraphs());
    }
    chunks
}

/// Writes the visual lines of every paragraph of `doc` to `out`, as [`write_lines`] does,
/// in the order of the text. Paragraphs are independent, so each thread lays out every
/// n-th chunk into a buffer and hands it over a small channel to this thread, which writes
/// them in turn: memory stays bounded by the chunks in flight, whatever the file's size.
/// The first write error (a closed pipe) stops the threads and is returned.
pub fn write_document(
    doc: &Document,
    options: &Options,
    pad_to: Option<usize>,
    split: Split,
    out: &mut impl Write,
) -> io::Result<()> {
    let threads = split.threads.max(1);
    let chunks = chunk_paragraphs(doc, split.chunk_bytes);
    let chunks = &chunks;
    std::thread::scope(|scope| {
        let receivers: Vec<_> = (0..threads)
            .map(|t| {
                let (send, receive) = mpsc::sync_channel::<Vec<u8>>(2);
                scope.spawn(move || {
                    let mut worker = Worker::default();
                    for range in chunks.iter().skip(t).step_by(threads) {
                        let text = worker.render(doc, range.clone(), options, pad_to);
                        if send.send(text).is_err() {
                            break; // the writer stopped
                        }
                    }
                });
                receive
            })
            .collect();
        // Chunk i comes from thread i % threads, which sends its chunks in order.
        for receiver in receivers.iter().cycle().take(chunks.len()) {
            let Ok(text) = receiver.recv() else {
                break;
            };
            out.write_all(&text)?;
        }
        Ok(())
        // Returning drops the receivers, so threads still laying out stop at their next send.
    })
}

/// One thread's buffers for [`write_document`].
#[derive(Default)]
struct Worker {
    layouter: Layouter,
    layout: ParagraphLayout,
}

impl Worker {
    /// Paragraphs `paragraphs` (not empty) of `doc` as text lines.
    fn render(
        &mut self,
        doc: &Document,
        paragraphs: Range<usize>,
        options: &Options,
        pad_to: Option<usize>,
    ) -> Vec<u8> {
        let bytes = doc.paragraph_range(paragraphs.start).start
            ..doc.paragraph_range(paragraphs.end - 1).end;
        let mut out = Vec::with_capacity(bytes.len() * 5 / 4 + 1024);
        for i in paragraphs {
            self.layouter
                .layout(doc.paragraph(i), options, &mut self.layout);
            write_lines(&self.layout, pad_to, &mut out);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::Shaping;

    fn doc(paragraphs: &[&str]) -> Document {
        Document::new("test", paragraphs.join("\n"))
    }

    /// The document's lines laid out one paragraph after the other on this thread.
    fn one_by_one(doc: &Document, options: &Options, pad_to: Option<usize>) -> Vec<u8> {
        let mut out = Vec::new();
        for i in 0..doc.len_paragraphs() {
            write_lines(
                &super::super::layout(doc.paragraph(i), options),
                pad_to,
                &mut out,
            );
        }
        out
    }

    #[test]
    fn chunks_cover_every_paragraph_once_in_order() {
        let d = doc(&["aaaa", "bb", "", "cccccc", "d"]);
        // Sizes with line ends: 5, 3, 1, 7, 2.
        assert_eq!(chunk_paragraphs(&d, 8), [0..2, 2..4, 4..5]);
        assert_eq!(chunk_paragraphs(&d, 1), [0..1, 1..2, 2..3, 3..4, 4..5]);
        assert_eq!(chunk_paragraphs(&d, 1 << 20), vec![0..5]);
        // A paragraph is never split: a big one ends its chunk.
        assert_eq!(
            chunk_paragraphs(&doc(&["a", "x".repeat(100).as_str(), "b"]), 10),
            [0..2, 2..3]
        );
        assert!(chunk_paragraphs(&Document::new("empty", String::new()), 8).is_empty());
    }

    #[test]
    fn the_document_comes_out_in_order_whatever_the_threads() -> io::Result<()> {
        let paragraphs: Vec<String> = (0..200)
            .map(|i| match i % 3 {
                0 => format!("{i} قال وزير الخارجية الأمريكي جون كيري إن الصين مهمة"),
                1 => format!("paragraph {i}: (Latin) and «عربي» mixed"),
                _ => String::new(),
            })
            .collect();
        let refs: Vec<&str> = paragraphs.iter().map(String::as_str).collect();
        let d = doc(&refs);
        let options = Options {
            width: 17,
            shaping: Shaping::App,
            ..Options::default()
        };
        let want = one_by_one(&d, &options, Some(17));
        for threads in [0, 1, 3, 8] {
            for chunk_bytes in [1, 64, 1 << 15] {
                let mut out = Vec::new();
                let split = Split {
                    threads,
                    chunk_bytes,
                };
                write_document(&d, &options, Some(17), split, &mut out)?;
                assert!(out == want, "{threads} threads, {chunk_bytes}-byte chunks");
            }
        }
        Ok(())
    }

    /// Takes `left` bytes, then fails as a closed pipe does.
    struct Closing {
        left: usize,
        got: Vec<u8>,
    }

    impl Write for Closing {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            if self.left == 0 {
                return Err(io::ErrorKind::BrokenPipe.into());
            }
            let n = buf.len().min(self.left);
            self.left -= n;
            self.got.extend_from_slice(&buf[..n]);
            Ok(n)
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_closed_output_stops_the_threads_with_its_error() {
        let text = "سطر عربي وبعض الكلمات\n".repeat(5000);
        let d = Document::new("big", text);
        let mut out = Closing {
            left: 100,
            got: Vec::new(),
        };
        let split = Split {
            threads: 4,
            chunk_bytes: 256,
        };
        let result = write_document(&d, &Options::default(), None, split, &mut out);
        assert_eq!(result.map_err(|e| e.kind()), Err(io::ErrorKind::BrokenPipe));
        assert_eq!(out.got.len(), 100);
    }
}
