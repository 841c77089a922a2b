//! Bolt message framing (chunking), sans-IO.
//!
//! On the wire a message body is split into chunks of at most [`MAX_CHUNK_SIZE`] bytes, each
//! preceded by its length as a big-endian `u16`, and the message is ended by an empty chunk
//! `00 00`. An empty chunk outside a message is a NOOP (a keep-alive) and carries nothing.
//!
//! Writing: encode the body straight into the output buffer between [`begin_message`] and
//! [`end_message`]; headers are filled in afterwards, so a body under 64 KiB is never moved.
//! Reading: [`Dechunker`] takes bytes as they arrive and yields whole message bodies.

use std::error::Error;
use std::fmt;
use std::ops::Range;
use std::rc::Rc;

/// The largest chunk body: the length field is a `u16`.
pub const MAX_CHUNK_SIZE: usize = u16::MAX as usize;

/// Default limit on one incoming message body: 64 MiB.
///
/// Large enough for any reasonable record (bodies of real results are rarely above a few MiB),
/// small enough that a broken or hostile peer cannot make a wasm instance buffer without bound.
pub const DEFAULT_MAX_MESSAGE_SIZE: usize = 64 * 1024 * 1024;

/// Where a message started in the output buffer; returned by [`begin_message`], consumed by
/// [`end_message`].
#[derive(Debug)]
#[must_use = "pass it to end_message, or the message is left without chunk headers"]
pub struct MessageStart(usize);

/// Starts a message at the end of `out` by reserving room for its first chunk header.
///
/// Append the body to `out` afterwards, then call [`end_message`].
#[cfg_attr(size_optimized, optimize(speed))]
pub fn begin_message(out: &mut Vec<u8>) -> MessageStart {
    let start = out.len();
    out.extend_from_slice(&[0, 0]);
    MessageStart(start)
}

/// Finishes the message started at `start`: writes chunk headers into the body appended since
/// [`begin_message`] and the `00 00` end marker.
///
/// An empty body is removed again (empty messages are not sent); returns whether a message was
/// written. A body over [`MAX_CHUNK_SIZE`] is spread over several chunks, moving its tail once.
#[cfg_attr(size_optimized, optimize(speed))]
pub fn end_message(out: &mut Vec<u8>, start: MessageStart) -> bool {
    let header_at = start.0;
    let body_at = header_at + 2;
    let Some(len) = out.len().checked_sub(body_at) else {
        debug_assert!(false, "end_message: buffer shrank below the message start");
        return false;
    };
    if len == 0 {
        out.truncate(header_at);
        return false;
    }
    let chunks = len.div_ceil(MAX_CHUNK_SIZE);
    // Every chunk after the first needs its own header: grow, then move chunks back to front,
    // each by two bytes per header before it.
    let extra = 2 * (chunks - 1);
    out.resize(out.len() + extra, 0);
    for i in (1..chunks).rev() {
        let from = body_at + i * MAX_CHUNK_SIZE;
        let size = chunk_len(len, i);
        out.copy_within(from..from + size, from + 2 * i);
    }
    for i in 0..chunks {
        let at = header_at + i * (MAX_CHUNK_SIZE + 2);
        // `chunk_len` is at most MAX_CHUNK_SIZE, so the cast is lossless.
        let header = (chunk_len(len, i) as u16).to_be_bytes();
        if let Some(slot) = out.get_mut(at..at + 2) {
            slot.copy_from_slice(&header);
        }
    }
    out.extend_from_slice(&[0, 0]);
    true
}

/// The size of chunk `i` of a body of `len` bytes.
#[cfg_attr(size_optimized, optimize(speed))]
fn chunk_len(len: usize, i: usize) -> usize {
    (len - i * MAX_CHUNK_SIZE).min(MAX_CHUNK_SIZE)
}

/// Appends `body` to `out` as one chunked message (nothing for an empty body).
#[cfg_attr(size_optimized, optimize(speed))]
pub fn write_message(out: &mut Vec<u8>, body: &[u8]) {
    let start = begin_message(out);
    out.extend_from_slice(body);
    end_message(out, start);
}

/// Why the incoming message stream cannot be read any further.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ChunkError {
    /// A message grew beyond the configured limit ([`Dechunker::with_max_message_size`]).
    MessageTooLarge {
        /// The limit in bytes.
        limit: usize,
        /// How large the message was about to become (it may be larger still).
        size: usize,
    },
}

impl fmt::Display for ChunkError {
    #[cfg_attr(size_optimized, optimize(speed))]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ChunkError::MessageTooLarge { limit, size } => write!(
                f,
                "the server sent a Bolt message of at least {size} bytes, over the limit of {limit} bytes"
            ),
        }
    }
}

impl Error for ChunkError {}

/// Where the dechunker is in the byte stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Expecting a chunk header; holds its first byte if only that has arrived.
    Header(Option<u8>),
    /// Inside a chunk with this many body bytes still to come.
    Body(usize),
    /// An error occurred; input is ignored from now on.
    Failed,
}

/// Byte strings, such as message bodies, left in the buffers they were received into: each is
/// a span of a shared buffer, so that handing bodies on, or gathering the batches of a result,
/// copies no bytes.
#[derive(Debug, Clone, Default)]
pub struct Bodies {
    /// The buffers the spans lie in.
    buffers: Vec<Rc<Vec<u8>>>,
    /// Each byte string, in order.
    spans: Vec<Span>,
}

/// Where one byte string of [`Bodies`] lies: `buffers[buffer][start..end]`.
#[derive(Debug, Clone, Copy)]
struct Span {
    buffer: usize,
    start: usize,
    end: usize,
}

impl Bodies {
    /// Bodies holding a copy of `body` only.
    pub fn of(body: &[u8]) -> Self {
        let mut bodies = Bodies::default();
        bodies.push_shared(&Rc::new(body.to_vec()), 0..body.len());
        bodies
    }

    /// Adds the bytes at `range` of `buffer` at the end, without copying them.
    #[cfg_attr(size_optimized, optimize(speed))]
    pub fn push_shared(&mut self, buffer: &Rc<Vec<u8>>, range: Range<usize>) {
        let buffer = match self.buffers.last() {
            Some(last) if Rc::ptr_eq(last, buffer) => self.buffers.len() - 1,
            _ => {
                self.buffers.push(buffer.clone());
                self.buffers.len() - 1
            }
        };
        self.spans.push(Span {
            buffer,
            start: range.start,
            end: range.end,
        });
    }

    /// Moves the bodies of `other` to the end.
    #[cfg_attr(size_optimized, optimize(speed))]
    pub fn append(&mut self, other: Bodies) {
        if self.spans.is_empty() {
            *self = other;
            return;
        }
        for (buffer, range) in other.shared() {
            self.push_shared(buffer, range);
        }
    }

    /// Keeps the first `len` bodies only.
    pub fn truncate(&mut self, len: usize) {
        self.spans.truncate(len);
        let buffers = self.spans.last().map_or(0, |span| span.buffer + 1);
        self.buffers.truncate(buffers);
    }

    /// How many bodies there are.
    #[cfg_attr(size_optimized, optimize(speed))]
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// Whether there is no body.
    #[cfg_attr(size_optimized, optimize(speed))]
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// The bodies, in order.
    #[cfg_attr(size_optimized, optimize(speed))]
    pub fn iter(&self) -> impl Iterator<Item = &[u8]> + '_ {
        self.shared()
            .map(|(buffer, range)| buffer.get(range).unwrap_or_default())
    }

    /// The bodies, in order, as the buffer each lies in and where, to hand parts of them on
    /// without copying (see [`Bodies::push_shared`]).
    #[cfg_attr(size_optimized, optimize(speed))]
    pub fn shared(&self) -> impl Iterator<Item = (&Rc<Vec<u8>>, Range<usize>)> + '_ {
        self.spans
            .iter()
            .filter_map(|span| Some((self.buffers.get(span.buffer)?, span.start..span.end)))
    }
}

/// Equal when they hold the same byte strings in the same order, wherever those lie.
impl PartialEq for Bodies {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl Eq for Bodies {}

/// The messages a [`Dechunker`] completed, taken together; then the error that stopped the
/// stream, if one did.
#[derive(Debug)]
pub struct Messages {
    /// The complete message bodies, oldest first.
    pub bodies: Bodies,
    /// Why the stream failed after them.
    pub error: Option<ChunkError>,
}

/// Reassembles message bodies from chunked bytes, whatever way the transport splits them.
///
/// Each body byte is copied once, from the pushed slice into a buffer of bodies, which
/// [`Dechunker::take_messages`] hands out whole and shared: the bodies taken from it, and the
/// records among them, are spans of it until the last is dropped.
#[derive(Debug, Clone)]
pub struct Dechunker {
    state: State,
    /// The complete messages, then the start of the one being received.
    received: Vec<u8>,
    /// Where each complete message ends in `received`.
    ends: Vec<usize>,
    error: Option<ChunkError>,
    noops: u64,
    max_message_size: usize,
}

impl Default for Dechunker {
    #[cfg_attr(size_optimized, optimize(speed))]
    fn default() -> Self {
        Self::new()
    }
}

impl Dechunker {
    /// A dechunker with the [`DEFAULT_MAX_MESSAGE_SIZE`] limit.
    #[cfg_attr(size_optimized, optimize(speed))]
    pub fn new() -> Self {
        Dechunker {
            state: State::Header(None),
            received: Vec::new(),
            ends: Vec::new(),
            error: None,
            noops: 0,
            max_message_size: DEFAULT_MAX_MESSAGE_SIZE,
        }
    }

    /// Sets the largest message body accepted; a larger one fails the stream with
    /// [`ChunkError::MessageTooLarge`] before it is buffered.
    #[cfg_attr(size_optimized, optimize(speed))]
    pub fn with_max_message_size(mut self, max: usize) -> Self {
        self.max_message_size = max;
        self
    }

    /// Feeds bytes as they arrive; any split is fine. After an error, input is ignored.
    #[cfg_attr(size_optimized, optimize(speed))]
    pub fn push(&mut self, mut input: &[u8]) {
        // At most all of it is body bytes: room for them at once, so that the buffer is not
        // moved while they are copied in.
        self.received.reserve(input.len());
        while !input.is_empty() {
            match self.state {
                State::Failed => return,
                State::Body(remaining) => {
                    let (now, rest) = input.split_at(remaining.min(input.len()));
                    self.received.extend_from_slice(now);
                    input = rest;
                    let remaining = remaining - now.len();
                    self.state = if remaining == 0 {
                        State::Header(None)
                    } else {
                        State::Body(remaining)
                    };
                }
                State::Header(first) => {
                    let (high, low, rest) = match (first, input) {
                        (Some(high), [low, rest @ ..]) => (high, *low, rest),
                        (None, [high, low, rest @ ..]) => (*high, *low, rest),
                        (None, [high]) => {
                            self.state = State::Header(Some(*high));
                            return;
                        }
                        (_, []) => return,
                    };
                    input = rest;
                    self.header(usize::from(u16::from_be_bytes([high, low])));
                }
            }
        }
    }

    /// Where the message being received starts in `received`.
    #[cfg_attr(size_optimized, optimize(speed))]
    fn current_start(&self) -> usize {
        self.ends.last().copied().unwrap_or(0)
    }

    /// Handles a complete chunk header announcing `size` bytes.
    #[cfg_attr(size_optimized, optimize(speed))]
    fn header(&mut self, size: usize) {
        let start = self.current_start();
        let current = self.received.len().saturating_sub(start);
        if size == 0 {
            if current == 0 {
                self.noops += 1;
            } else {
                self.ends.push(self.received.len());
            }
            self.state = State::Header(None);
            return;
        }
        let total = current.saturating_add(size);
        if total > self.max_message_size {
            self.error = Some(ChunkError::MessageTooLarge {
                limit: self.max_message_size,
                size: total,
            });
            self.received.truncate(start);
            self.state = State::Failed;
            return;
        }
        self.received.reserve(size);
        self.state = State::Body(size);
    }

    /// Every message completed so far, oldest first, and the error if the stream has failed
    /// (it stays failed: later calls return it again). The part of a message received so far
    /// stays, moved to a buffer of its own.
    #[cfg_attr(size_optimized, optimize(speed))]
    pub fn take_messages(&mut self) -> Messages {
        let mut bodies = Bodies::default();
        if !self.ends.is_empty() {
            let start = self.current_start();
            let partial = self.received.get(start..).unwrap_or_default().to_vec();
            self.received.truncate(start);
            let buffer = Rc::new(std::mem::replace(&mut self.received, partial));
            let mut from = 0;
            for end in self.ends.drain(..) {
                bodies.push_shared(&buffer, from..end);
                from = end;
            }
        }
        Messages {
            bodies,
            error: self.error.clone(),
        }
    }

    /// The next complete message body, oldest first; `None` until one is complete. Each call
    /// moves the rest of the buffer: for readers of a few messages at a time (see
    /// [`Dechunker::take_messages`] for many).
    ///
    /// Once the stream has failed and the messages completed before the failure are taken,
    /// every call returns the error.
    #[cfg_attr(size_optimized, optimize(speed))]
    pub fn next_message(&mut self) -> Option<Result<Vec<u8>, ChunkError>> {
        if self.ends.is_empty() {
            return self.error.clone().map(Err);
        }
        let end = self.ends.remove(0);
        let message = self.received.drain(..end).collect();
        self.ends.iter_mut().for_each(|e| *e -= end);
        Some(Ok(message))
    }

    /// How many NOOP chunks (keep-alives) arrived since the last call; resets the count.
    #[cfg_attr(size_optimized, optimize(speed))]
    pub fn take_noops(&mut self) -> u64 {
        std::mem::take(&mut self.noops)
    }

    /// Whether part of a message (or of a chunk header) has arrived but not the whole of it.
    #[cfg_attr(size_optimized, optimize(speed))]
    pub fn has_partial(&self) -> bool {
        match self.state {
            State::Header(first) => first.is_some() || self.received.len() > self.current_start(),
            State::Body(_) => true,
            State::Failed => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use crate::test_support::Rng;

    #[test]
    fn truncated_bodies_keep_the_first_ones_and_only_their_buffers() {
        let (first, second) = (Rc::new(b"abcdef".to_vec()), Rc::new(b"ghij".to_vec()));
        let mut bodies = Bodies::default();
        bodies.push_shared(&first, 0..2);
        bodies.push_shared(&first, 2..6);
        bodies.push_shared(&second, 0..4);
        bodies.truncate(2);
        assert_eq!(bodies.iter().collect::<Vec<_>>(), [&b"ab"[..], b"cdef"]);
        assert_eq!(Rc::strong_count(&second), 1, "the second buffer is let go");
        bodies.truncate(0);
        assert!(bodies.is_empty());
        assert_eq!(Rc::strong_count(&first), 1);
    }

    fn body(len: usize, seed: u8) -> Vec<u8> {
        (0..len)
            .map(|i| (i as u8).wrapping_mul(31).wrapping_add(seed))
            .collect()
    }

    /// The messages completed so far, taken together.
    fn drain(d: &mut Dechunker) -> Vec<Vec<u8>> {
        let messages = d.take_messages();
        assert_eq!(messages.error, None);
        messages.bodies.iter().map(<[u8]>::to_vec).collect()
    }

    /// Several messages (one over a chunk), NOOPs before, between and after them.
    fn sample_stream() -> (Vec<u8>, Vec<Vec<u8>>, u64) {
        let messages = vec![
            body(3, 1),
            body(70_000, 2),
            body(1, 3),
            body(65_535, 4),
            body(200, 5),
        ];
        let mut wire = vec![0, 0];
        for (i, m) in messages.iter().enumerate() {
            write_message(&mut wire, m);
            if i % 2 == 0 {
                wire.extend_from_slice(&[0, 0, 0, 0]);
            }
        }
        // A message hand-chunked into tiny chunks.
        wire.extend_from_slice(&[0, 1, 0xAA, 0, 2, 0xBB, 0xCC, 0, 0]);
        let mut messages = messages;
        messages.push(vec![0xAA, 0xBB, 0xCC]);
        wire.extend_from_slice(&[0, 0]);
        (wire, messages, 1 + 2 * 3 + 1)
    }

    #[test]
    fn small_message_exact_bytes() {
        let mut out = vec![0xEE];
        write_message(&mut out, &[0xB0, 0x0F]);
        assert_eq!(out, [0xEE, 0x00, 0x02, 0xB0, 0x0F, 0x00, 0x00]);

        let mut out = Vec::new();
        let start = begin_message(&mut out);
        out.extend_from_slice(&[0xB1, 0x10, 0xA0]);
        assert!(end_message(&mut out, start));
        write_message(&mut out, &[0xB0, 0x02]);
        assert_eq!(
            out,
            [0x00, 0x03, 0xB1, 0x10, 0xA0, 0x00, 0x00, 0x00, 0x02, 0xB0, 0x02, 0x00, 0x00]
        );
    }

    #[test]
    fn empty_message_not_sent() {
        let mut out = vec![1, 2];
        let start = begin_message(&mut out);
        assert!(!end_message(&mut out, start));
        assert_eq!(out, [1, 2]);
        write_message(&mut out, &[]);
        assert_eq!(out, [1, 2]);
    }

    /// Checks the chunk layout of a written message of `len` bytes and that it reads back.
    fn check_big(len: usize, expected_chunks: &[usize]) {
        let msg = body(len, 7);
        let mut out = vec![0x42];
        write_message(&mut out, &msg);
        let mut at = 1;
        for &size in expected_chunks {
            assert_eq!(out[at..at + 2], (size as u16).to_be_bytes(), "len {len}");
            at += 2 + size;
        }
        assert_eq!(out[at..], [0, 0], "len {len}");
        assert_eq!(out.len(), 1 + len + 2 * expected_chunks.len() + 2);

        let mut d = Dechunker::new();
        d.push(&out[1..]);
        assert_eq!(drain(&mut d), [msg]);
        assert_eq!(d.take_noops(), 0);
    }

    #[test]
    fn big_message_chunk_boundaries() {
        check_big(65_534, &[65_534]);
        check_big(65_535, &[65_535]);
        check_big(65_536, &[65_535, 1]);
        check_big(131_070, &[65_535, 65_535]);
        check_big(131_071, &[65_535, 65_535, 1]);
        check_big(200_000, &[65_535, 65_535, 65_535, 3_395]);
    }

    #[test]
    fn every_split_point() {
        let (wire, messages, noops) = sample_stream();
        for cut in 0..=wire.len() {
            let mut d = Dechunker::new();
            d.push(&wire[..cut]);
            let mut got = drain(&mut d);
            d.push(&wire[cut..]);
            got.extend(drain(&mut d));
            assert!(got == messages, "cut at {cut}");
            assert_eq!(d.take_noops(), noops, "cut at {cut}");
            assert!(!d.has_partial());
        }
    }

    #[test]
    fn every_two_split_points_on_small_stream() {
        let mut wire = vec![0, 0];
        let messages = [body(5, 1), body(1, 2), body(9, 3)];
        for m in &messages {
            write_message(&mut wire, m);
            wire.extend_from_slice(&[0, 0]);
        }
        for a in 0..=wire.len() {
            for b in a..=wire.len() {
                let mut d = Dechunker::new();
                d.push(&wire[..a]);
                d.push(&wire[a..b]);
                d.push(&wire[b..]);
                assert_eq!(drain(&mut d), messages, "cuts {a} {b}");
                assert_eq!(d.take_noops(), 4);
            }
        }
    }

    #[test]
    fn one_byte_at_a_time() {
        let (wire, messages, noops) = sample_stream();
        let mut d = Dechunker::new();
        let mut got = Vec::new();
        for b in &wire {
            d.push(std::slice::from_ref(b));
            got.extend(drain(&mut d));
        }
        assert!(got == messages);
        assert_eq!(d.take_noops(), noops);
    }

    #[test]
    fn random_split_sizes() {
        let (wire, messages, noops) = sample_stream();
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        for round in 0..200 {
            let max = [3, 17, 300, 70_000][round % 4];
            let mut d = Dechunker::new();
            let mut rest = &wire[..];
            let mut got = Vec::new();
            while !rest.is_empty() {
                let n = (1 + rng.below(max)).min(rest.len());
                let (now, later) = rest.split_at(n);
                d.push(now);
                rest = later;
                if rng.below(3) == 0 {
                    got.extend(drain(&mut d));
                }
            }
            got.extend(drain(&mut d));
            assert!(got == messages, "round {round}");
            assert_eq!(d.take_noops(), noops);
        }
    }

    #[test]
    fn many_messages_in_one_push() {
        let mut wire = Vec::new();
        for i in 0..100u8 {
            write_message(&mut wire, &[i, i]);
        }
        let mut d = Dechunker::new();
        d.push(&wire);
        let got = drain(&mut d);
        assert_eq!(got.len(), 100);
        assert!(got
            .iter()
            .enumerate()
            .all(|(i, m)| m == &[i as u8, i as u8]));
    }

    #[test]
    fn noops_counted_and_reset() {
        let mut d = Dechunker::new();
        d.push(&[0, 0, 0]);
        assert!(d.has_partial());
        d.push(&[0]);
        assert!(!d.has_partial());
        assert_eq!(d.take_noops(), 2);
        assert_eq!(d.take_noops(), 0);
        assert!(d.next_message().is_none());
        d.push(&[0, 1, 9]);
        assert!(d.has_partial());
        assert!(d.next_message().is_none());
        d.push(&[0, 0]);
        assert_eq!(d.next_message(), Some(Ok(vec![9])));
        assert_eq!(d.take_noops(), 0);
    }

    #[test]
    fn too_large_message_fails_without_buffering() {
        let mut d = Dechunker::new().with_max_message_size(10);
        let mut wire = Vec::new();
        write_message(&mut wire, &[1; 10]); // exactly at the limit: fine
        wire.extend_from_slice(&[0, 6, 1, 1, 1, 1, 1, 1, 0, 5]); // 6 + 5 > 10
        wire.extend_from_slice(&[2; 5]);
        d.push(&wire);
        assert_eq!(d.next_message(), Some(Ok(vec![1; 10])));
        let err = ChunkError::MessageTooLarge {
            limit: 10,
            size: 11,
        };
        assert_eq!(d.next_message(), Some(Err(err.clone())));
        // Sticky, and later input is ignored.
        d.push(&[0, 1, 1, 0, 0]);
        assert_eq!(d.next_message(), Some(Err(err.clone())));
        assert!(!d.has_partial());
        assert!(err.to_string().contains("over the limit of 10 bytes"));

        // A single announced chunk over the limit fails at its header.
        let mut d = Dechunker::new().with_max_message_size(100);
        d.push(&[0xFF, 0xFF]);
        assert!(matches!(
            d.next_message(),
            Some(Err(ChunkError::MessageTooLarge { size: 65_535, .. }))
        ));
    }

    #[test]
    fn default_limit() {
        assert_eq!(
            Dechunker::default().max_message_size,
            DEFAULT_MAX_MESSAGE_SIZE
        );
    }
}
