//! The Bolt handshake, sans-IO: the client hello, then the server's answer parsed incrementally.
//!
//! ```text
//! C: 60 60 B0 17  + four 4-byte proposals          (client_hello)
//! S: 00 00 mm MM                                   classic answer: the chosen version
//!  or 00 00 01 FF  varint N  N×[00 rr mm MM]  varint capabilities     (manifest v1)
//! C: 00 00 mm MM  varint capabilities              (only after a manifest answer)
//! ```
//!
//! Feed whatever the transport delivers to [`Handshake::push`] until it returns
//! [`HandshakeStatus::Done`]; then send [`Negotiated::to_send`] (may be empty) and hand
//! [`Negotiated::leftover`] to the dechunker.

use std::error::Error;
use std::fmt;

use super::version::Version;

/// The four bytes every Bolt connection starts with.
pub const MAGIC: [u8; 4] = [0x60, 0x60, 0xB0, 0x17];

/// The proposal / answer that means "handshake manifest v1" (Bolt 5.7+ servers).
pub const MANIFEST_V1: [u8; 4] = [0x00, 0x00, 0x01, 0xFF];

/// What a server on an HTTP port answers: the start of `HTTP/1.1 400 ...`.
const HTTP_ANSWER: [u8; 4] = *b"HTTP";

/// At most this many version ranges are accepted in a manifest; real servers send a handful.
pub const MAX_MANIFEST_RANGES: u64 = 64;

/// The longest varint accepted: ten 7-bit groups hold a `u64`.
const MAX_VARINT_LEN: usize = 10;

/// One of the four slots of the client hello.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Proposal {
    /// "I speak handshake manifest v1" (`00 00 01 FF`): a 5.7+ server then lists its versions.
    ManifestV1,
    /// `top` and the `range` minor versions just below it, same major (`[0][range][minor][major]`).
    ///
    /// Servers before 4.3 ignore the range and read only `top`.
    Range {
        /// The highest version of the range.
        top: Version,
        /// How many minor versions below `top` are included too.
        range: u8,
    },
}

impl Proposal {
    /// A single version.
    pub const fn exact(version: Version) -> Self {
        Proposal::Range {
            top: version,
            range: 0,
        }
    }

    /// `top` down to `top.minor - range` (clamped at minor 0).
    pub const fn range(top: Version, range: u8) -> Self {
        Proposal::Range { top, range }
    }

    /// The four bytes of this slot on the wire.
    pub const fn to_bytes(self) -> [u8; 4] {
        match self {
            Proposal::ManifestV1 => MANIFEST_V1,
            Proposal::Range { top, range } => [0, range, top.minor, top.major],
        }
    }

    /// Whether `version` is one of the versions this proposal stands for (never for the manifest).
    pub fn contains(self, version: Version) -> bool {
        match self {
            Proposal::ManifestV1 => false,
            Proposal::Range { top, range } => {
                version.major == top.major
                    && version.minor <= top.minor
                    && top.minor - version.minor <= range
            }
        }
    }

    /// The versions of this proposal, highest first (none for the manifest).
    pub fn versions(self) -> impl Iterator<Item = Version> {
        let (major, low, high) = match self {
            Proposal::ManifestV1 => (0, 1, 0), // `1..=0` is empty
            Proposal::Range { top, range } => {
                (top.major, top.minor.saturating_sub(range), top.minor)
            }
        };
        (low..=high)
            .rev()
            .map(move |minor| Version::new(major, minor))
    }
}

impl fmt::Display for Proposal {
    /// `5.8–5.6`, `6.0`, or `manifest v1`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Proposal::ManifestV1 => f.write_str("manifest v1"),
            Proposal::Range { top, range } => {
                let low = top.minor.saturating_sub(range);
                if low == top.minor {
                    write!(f, "{top}")
                } else {
                    write!(f, "{top}\u{2013}{}.{low}", top.major)
                }
            }
        }
    }
}

/// What today's official drivers offer: manifest v1, then 5.8–5.6, 5.4–5.0 and 4.4–4.2.
///
/// 5.5 is deliberately left out (it was withdrawn); a server answering 5.5 is rejected.
pub const DEFAULT_PROPOSALS: [Proposal; 4] = [
    Proposal::ManifestV1,
    Proposal::range(Version::V5_8, 2),
    Proposal::range(Version::V5_4, 4),
    Proposal::range(Version::V4_4, 2),
];

/// The versions the core implements, used to choose from a manifest: 6.1–6.0, 5.8–5.6, 5.4–5.0,
/// 4.4–4.2.
pub const SUPPORTED_VERSIONS: [Proposal; 4] = [
    Proposal::range(Version::V6_1, 1),
    Proposal::range(Version::V5_8, 2),
    Proposal::range(Version::V5_4, 4),
    Proposal::range(Version::V4_4, 2),
];

/// The 20 bytes the client sends first: [`MAGIC`] and four slots (missing ones are zero).
///
/// Only the first four proposals fit; any further ones are ignored.
pub fn client_hello(proposals: &[Proposal]) -> [u8; 20] {
    debug_assert!(proposals.len() <= 4, "a Bolt hello has only four slots");
    let mut hello = [0u8; 20];
    let mut slots = hello.chunks_exact_mut(4);
    if let Some(magic) = slots.next() {
        magic.copy_from_slice(&MAGIC);
    }
    for (slot, proposal) in slots.zip(proposals) {
        slot.copy_from_slice(&proposal.to_bytes());
    }
    hello
}

/// Why a handshake failed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum HandshakeError {
    /// The server supports none of the versions the client can speak.
    NoCommonVersion {
        /// What the client offered (classic answer) or can speak (manifest answer).
        offered: Vec<Proposal>,
        /// The versions a manifest v1 server listed; `None` for the classic `00 00 00 00` answer.
        server_offered: Option<Vec<Proposal>>,
    },
    /// The server answered `HTTP...`: the address is an HTTP port, not a Bolt one.
    HttpPort,
    /// The server answered with a TLS record: it expects an encrypted connection.
    TlsExpected,
    /// The server chose something the client did not offer (or offered but cannot speak).
    NotOffered {
        /// The four bytes the server answered.
        answer: [u8; 4],
        /// What the client offered.
        offered: Vec<Proposal>,
    },
    /// A manifest varint was longer than ten bytes or did not fit in 64 bits.
    BadVarint,
    /// A manifest announced more version ranges than [`MAX_MANIFEST_RANGES`].
    TooManyRanges {
        /// The announced count.
        count: u64,
    },
    /// [`Handshake::push`] was called after the handshake had already finished or failed.
    Finished,
}

/// `5.8–5.6, 5.4–5.0, 4.4–4.2 (manifest v1 also offered)`.
struct ProposalList<'a>(&'a [Proposal]);

impl fmt::Display for ProposalList<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        for p in self.0.iter().filter(|p| !matches!(p, Proposal::ManifestV1)) {
            if !first {
                f.write_str(", ")?;
            }
            first = false;
            write!(f, "{p}")?;
        }
        if first {
            f.write_str("(none)")?;
        }
        if self.0.contains(&Proposal::ManifestV1) {
            f.write_str(" (manifest v1 also offered)")?;
        }
        Ok(())
    }
}

/// The server's four answer bytes: `Bolt 5.5`, `manifest v1`, or hex for anything else.
struct Answer([u8; 4]);

impl fmt::Display for Answer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            MANIFEST_V1 => f.write_str("manifest v1"),
            [0, 0, minor, major] => write!(f, "Bolt {}", Version::new(major, minor)),
            [a, b, c, d] => write!(f, "the bytes {a:02X} {b:02X} {c:02X} {d:02X}"),
        }
    }
}

impl fmt::Display for HandshakeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HandshakeError::NoCommonVersion {
                offered,
                server_offered: None,
            } => write!(
                f,
                "the server supports none of the offered Bolt versions {}",
                ProposalList(offered)
            ),
            HandshakeError::NoCommonVersion {
                offered,
                server_offered: Some(server),
            } => write!(
                f,
                "the server supports none of the offered Bolt versions {}; its manifest lists {}",
                ProposalList(offered),
                ProposalList(server)
            ),
            HandshakeError::TlsExpected => f.write_str(
                "the server answered the Bolt handshake with TLS: it only accepts encrypted \
                 connections; use bolt+s:// or neo4j+s:// (bolt+ssc:// for a self-signed certificate)",
            ),
            HandshakeError::HttpPort => f.write_str(
                "the server answered the Bolt handshake with HTTP: this address is an HTTP port, \
                 not a Bolt one (Neo4j's HTTP port is usually 7474, its Bolt port 7687)",
            ),
            HandshakeError::NotOffered { answer, offered } => write!(
                f,
                "the server chose {}, which was not offered; offered Bolt versions {}",
                Answer(*answer),
                ProposalList(offered)
            ),
            HandshakeError::BadVarint => f.write_str(
                "malformed handshake manifest: a varint is longer than 10 bytes or exceeds 64 bits",
            ),
            HandshakeError::TooManyRanges { count } => write!(
                f,
                "malformed handshake manifest: {count} version ranges announced, at most \
                 {MAX_MANIFEST_RANGES} accepted"
            ),
            HandshakeError::Finished => f.write_str("the Bolt handshake has already finished"),
        }
    }
}

impl Error for HandshakeError {}

/// A successful handshake.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Negotiated {
    /// The Bolt version both sides now speak.
    pub version: Version,
    /// Bytes the client must send before (or together with) its first message: empty after a
    /// classic answer, the chosen version and capabilities after a manifest.
    pub to_send: Vec<u8>,
    /// Bytes that arrived after the handshake; they belong to the message stream.
    pub leftover: Vec<u8>,
    /// Whether the server answered with handshake manifest v1.
    pub via_manifest: bool,
    /// The capability bits a manifest server offered (0 after a classic answer; none are used yet).
    pub server_capabilities: u64,
}

/// Progress of [`Handshake::push`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HandshakeStatus {
    /// The answer is incomplete: push more bytes.
    NeedMore,
    /// The handshake is complete.
    Done(Negotiated),
}

/// The client side of the handshake after the hello: buffers the server's answer and parses it.
#[derive(Debug, Clone)]
pub struct Handshake {
    offered: Vec<Proposal>,
    supported: Vec<Proposal>,
    buf: Vec<u8>,
    finished: bool,
}

impl Handshake {
    /// A handshake offering `proposals` (at most four are sent), choosing from
    /// [`SUPPORTED_VERSIONS`] if the server answers with a manifest.
    pub fn new(proposals: &[Proposal]) -> Self {
        Handshake {
            offered: proposals.iter().copied().take(4).collect(),
            supported: SUPPORTED_VERSIONS.to_vec(),
            buf: Vec::new(),
            finished: false,
        }
    }

    /// Replaces the set of versions the client can speak (default [`SUPPORTED_VERSIONS`]).
    ///
    /// A classic answer is accepted only if it is both offered and supported.
    pub fn with_supported(mut self, supported: &[Proposal]) -> Self {
        self.supported = supported.to_vec();
        self
    }

    /// The 20-byte hello for this handshake's proposals.
    pub fn hello(&self) -> [u8; 20] {
        client_hello(&self.offered)
    }

    /// Feeds bytes from the server. Returns [`HandshakeStatus::NeedMore`] until the answer is
    /// complete; any error, or a call after `Done`, ends the handshake.
    pub fn push(&mut self, bytes: &[u8]) -> Result<HandshakeStatus, HandshakeError> {
        if self.finished {
            return Err(HandshakeError::Finished);
        }
        // Parse straight from `bytes` when nothing is buffered, so a large first read is not
        // copied twice. Every parse step has a bounded size, so `buf` stays small.
        let result = if self.buf.is_empty() {
            self.parse(bytes)
        } else {
            self.buf.extend_from_slice(bytes);
            self.parse(&self.buf)
        };
        match result {
            Ok(None) => {
                if self.buf.is_empty() {
                    self.buf.extend_from_slice(bytes);
                }
                Ok(HandshakeStatus::NeedMore)
            }
            Ok(Some(done)) => {
                self.finished = true;
                self.buf = Vec::new();
                Ok(HandshakeStatus::Done(done))
            }
            Err(e) => {
                self.finished = true;
                self.buf = Vec::new();
                Err(e)
            }
        }
    }

    /// Parses a complete answer from the start of `input`, or `None` if more bytes are needed.
    fn parse(&self, input: &[u8]) -> Result<Option<Negotiated>, HandshakeError> {
        let Some((answer, rest)) = split_array::<4>(input) else {
            return Ok(None);
        };
        match answer {
            [0, 0, 0, 0] => Err(HandshakeError::NoCommonVersion {
                offered: self.offered.clone(),
                server_offered: None,
            }),
            HTTP_ANSWER => Err(HandshakeError::HttpPort),
            // A TLS record: content type 0x15 (alert) or 0x16 (handshake), version 3.x.
            [0x15 | 0x16, 0x03, ..] => Err(HandshakeError::TlsExpected),
            MANIFEST_V1 if self.offered.contains(&Proposal::ManifestV1) => {
                self.parse_manifest(rest)
            }
            [0, 0, minor, major] if self.acceptable(Version::new(major, minor)) => {
                Ok(Some(Negotiated {
                    version: Version::new(major, minor),
                    to_send: Vec::new(),
                    leftover: rest.to_vec(),
                    via_manifest: false,
                    server_capabilities: 0,
                }))
            }
            _ => Err(HandshakeError::NotOffered {
                answer,
                offered: self.offered.clone(),
            }),
        }
    }

    /// Whether a classic answer `version` was offered and can be spoken.
    fn acceptable(&self, version: Version) -> bool {
        let within = |list: &[Proposal]| list.iter().any(|p| p.contains(version));
        within(&self.offered) && within(&self.supported)
    }

    /// Parses the manifest body after `00 00 01 FF`.
    fn parse_manifest(&self, input: &[u8]) -> Result<Option<Negotiated>, HandshakeError> {
        let Some((count, mut rest)) = read_varint(input)? else {
            return Ok(None);
        };
        if count > MAX_MANIFEST_RANGES {
            return Err(HandshakeError::TooManyRanges { count });
        }
        let mut server_offered = Vec::with_capacity(count as usize); // <= MAX_MANIFEST_RANGES
        for _ in 0..count {
            let Some(([_reserved, range, minor, major], after)) = split_array::<4>(rest) else {
                return Ok(None);
            };
            server_offered.push(Proposal::range(Version::new(major, minor), range));
            rest = after;
        }
        let Some((capabilities, rest)) = read_varint(rest)? else {
            return Ok(None);
        };
        let chosen = self
            .supported
            .iter()
            .flat_map(|p| p.versions())
            .filter(|v| server_offered.iter().any(|p| p.contains(*v)))
            .max();
        let Some(version) = chosen else {
            return Err(HandshakeError::NoCommonVersion {
                offered: self.supported.clone(),
                server_offered: Some(server_offered),
            });
        };
        let mut to_send = vec![0, 0, version.minor, version.major];
        write_varint(&mut to_send, 0); // no capabilities requested
        Ok(Some(Negotiated {
            version,
            to_send,
            leftover: rest.to_vec(),
            via_manifest: true,
            server_capabilities: capabilities,
        }))
    }
}

/// Splits `N` bytes off the front of `input`, if there are that many.
fn split_array<const N: usize>(input: &[u8]) -> Option<([u8; N], &[u8])> {
    let head = input.get(..N)?;
    let rest = input.get(N..)?;
    let array = <[u8; N]>::try_from(head).ok()?;
    Some((array, rest))
}

/// Reads an unsigned LEB128-style varint (7-bit groups, least significant first, high bit =
/// more follows). `Ok(None)` if `input` ends first.
fn read_varint(input: &[u8]) -> Result<Option<(u64, &[u8])>, HandshakeError> {
    let mut value: u64 = 0;
    for (i, &byte) in input.iter().enumerate().take(MAX_VARINT_LEN) {
        let group = u64::from(byte & 0x7F);
        let shift = 7 * i as u32;
        // The tenth group may only contribute bit 63.
        if i == MAX_VARINT_LEN - 1 && group > 1 {
            return Err(HandshakeError::BadVarint);
        }
        value |= group << shift;
        if byte & 0x80 == 0 {
            return Ok(input.get(i + 1..).map(|rest| (value, rest)));
        }
    }
    if input.len() >= MAX_VARINT_LEN {
        Err(HandshakeError::BadVarint)
    } else {
        Ok(None)
    }
}

/// Appends `value` as a varint (see [`read_varint`]).
fn write_varint(out: &mut Vec<u8>, mut value: u64) {
    loop {
        let group = (value & 0x7F) as u8;
        value >>= 7;
        if value == 0 {
            out.push(group);
            return;
        }
        out.push(group | 0x80);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn default_handshake() -> Handshake {
        Handshake::new(&DEFAULT_PROPOSALS)
    }

    /// Feeds `bytes` in one push and in one-byte pushes; both must agree.
    fn run(bytes: &[u8]) -> Result<Negotiated, HandshakeError> {
        let whole = match default_handshake().push(bytes) {
            Ok(HandshakeStatus::Done(n)) => Ok(n),
            Ok(HandshakeStatus::NeedMore) => panic!("incomplete: {bytes:02X?}"),
            Err(e) => Err(e),
        };
        let mut hs = default_handshake();
        let mut split = None;
        for (i, b) in bytes.iter().enumerate() {
            match hs.push(std::slice::from_ref(b)) {
                Ok(HandshakeStatus::NeedMore) => {}
                Ok(HandshakeStatus::Done(mut n)) => {
                    // Bytes after the end arrive in later pushes here; collect them as leftover.
                    n.leftover.extend_from_slice(&bytes[i + 1..]);
                    split = Some(Ok(n));
                    break;
                }
                Err(e) => {
                    split = Some(Err(e));
                    break;
                }
            }
        }
        assert_eq!(
            split.as_ref(),
            Some(&whole),
            "byte-by-byte differs for {bytes:02X?}"
        );
        whole
    }

    fn manifest(ranges: &[[u8; 4]], caps: &[u8], extra: &[u8]) -> Vec<u8> {
        let mut v = MANIFEST_V1.to_vec();
        write_varint(&mut v, ranges.len() as u64);
        for r in ranges {
            v.extend_from_slice(r);
        }
        v.extend_from_slice(caps);
        v.extend_from_slice(extra);
        v
    }

    #[test]
    fn default_hello_bytes() {
        assert_eq!(
            client_hello(&DEFAULT_PROPOSALS),
            [
                0x60, 0x60, 0xB0, 0x17, //
                0x00, 0x00, 0x01, 0xFF, //
                0x00, 0x02, 0x08, 0x05, //
                0x00, 0x04, 0x04, 0x05, //
                0x00, 0x02, 0x04, 0x04,
            ]
        );
        assert_eq!(
            default_handshake().hello(),
            client_hello(&DEFAULT_PROPOSALS)
        );
    }

    #[test]
    fn hello_pads_with_zeros() {
        let hello = client_hello(&[Proposal::exact(Version::V4_4)]);
        assert_eq!(hello[..8], [0x60, 0x60, 0xB0, 0x17, 0, 0, 4, 4]);
        assert_eq!(hello[8..], [0; 12]);
        assert_eq!(client_hello(&[])[4..], [0; 16]);
    }

    #[test]
    fn proposal_ranges() {
        let p = Proposal::range(Version::V5_8, 2);
        let got: Vec<_> = p.versions().collect();
        assert_eq!(got, [Version::V5_8, Version::new(5, 7), Version::V5_6]);
        assert!(p.contains(Version::V5_6) && !p.contains(Version::new(5, 5)));
        assert!(!p.contains(Version::new(4, 8)));
        let clamped = Proposal::range(Version::new(5, 1), 9);
        assert_eq!(clamped.versions().count(), 2);
        assert_eq!(clamped.to_string(), "5.1\u{2013}5.0");
        assert_eq!(Proposal::exact(Version::V6_0).to_string(), "6.0");
        assert_eq!(Proposal::ManifestV1.versions().count(), 0);
        assert!(!Proposal::ManifestV1.contains(Version::new(255, 1)));
    }

    #[test]
    fn classic_answers() {
        for (bytes, version) in [
            ([0, 0, 8, 5], Version::V5_8),
            ([0, 0, 6, 5], Version::V5_6),
            ([0, 0, 4, 5], Version::V5_4),
            ([0, 0, 0, 5], Version::V5_0),
            ([0, 0, 4, 4], Version::V4_4),
            ([0, 0, 2, 4], Version::V4_2),
        ] {
            let n = run(&bytes).unwrap();
            assert_eq!(n.version, version);
            assert!(n.to_send.is_empty() && n.leftover.is_empty() && !n.via_manifest);
        }
    }

    #[test]
    fn classic_answer_keeps_leftover() {
        let n = run(&[0, 0, 4, 5, 0x00, 0x03, 0xB1, 0x70, 0xA0]).unwrap();
        assert_eq!(n.version, Version::V5_4);
        assert_eq!(n.leftover, [0x00, 0x03, 0xB1, 0x70, 0xA0]);
    }

    #[test]
    fn zero_answer_lists_offer() {
        let err = run(&[0, 0, 0, 0]).unwrap_err();
        assert!(matches!(
            err,
            HandshakeError::NoCommonVersion {
                server_offered: None,
                ..
            }
        ));
        assert_eq!(
            err.to_string(),
            "the server supports none of the offered Bolt versions 5.8\u{2013}5.6, 5.4\u{2013}5.0, \
             4.4\u{2013}4.2 (manifest v1 also offered)"
        );
    }

    #[test]
    fn http_answer() {
        let err = run(b"HTTP/1.1 400 Bad Request\r\n").unwrap_err();
        assert_eq!(err, HandshakeError::HttpPort);
        let text = err.to_string();
        assert!(text.contains("HTTP port") && text.contains("7474") && text.contains("7687"));
    }

    #[test]
    fn unoffered_answers_rejected() {
        for bytes in [
            [0, 0, 5, 5],
            [0, 0, 0, 3],
            [0, 0, 1, 4],
            [0, 0, 0, 6],
            [0, 2, 8, 5],
            [0x17, 3, 3, 0],
        ] {
            let err = run(&bytes).unwrap_err();
            assert!(matches!(err, HandshakeError::NotOffered { answer, .. } if answer == bytes));
        }
        let text = run(&[0, 0, 5, 5]).unwrap_err().to_string();
        assert!(
            text.contains("Bolt 5.5") && text.contains("5.8\u{2013}5.6"),
            "{text}"
        );
        assert!(run(&[0x17, 3, 3, 0])
            .unwrap_err()
            .to_string()
            .contains("17 03 03 00"));
    }

    #[test]
    fn manifest_answer_not_offered() {
        let mut hs = Handshake::new(&[Proposal::range(Version::V5_4, 4)]);
        let err = hs.push(&manifest(&[[0, 2, 8, 5]], &[0], &[])).unwrap_err();
        assert!(err.to_string().contains("manifest v1"), "{err}");
    }

    #[test]
    fn offered_but_unsupported_rejected() {
        let mut hs = Handshake::new(&[Proposal::range(Version::V5_8, 8)]);
        assert!(matches!(
            hs.push(&[0, 0, 5, 5]),
            Err(HandshakeError::NotOffered { .. })
        ));
    }

    #[test]
    fn manifest_picks_highest_common() {
        // The spec's example: 5.8–5.6 and 4.4–4.0, capabilities 0b1001.
        let n = run(&manifest(&[[0, 2, 8, 5], [0, 4, 4, 4]], &[0x09], &[])).unwrap();
        assert_eq!(n.version, Version::V5_8);
        assert_eq!(n.to_send, [0, 0, 8, 5, 0]);
        assert!(n.via_manifest);
        assert_eq!(n.server_capabilities, 9);
        assert!(n.leftover.is_empty());

        let n = run(&manifest(&[[0, 0, 7, 5]], &[0], &[])).unwrap();
        assert_eq!(n.version, Version::new(5, 7));
        assert_eq!(n.to_send, [0, 0, 7, 5, 0]);

        // 5.5 is never chosen, even if the server lists only 5.5 and 5.4.
        let n = run(&manifest(&[[0, 1, 5, 5]], &[0], &[])).unwrap();
        assert_eq!(n.version, Version::V5_4);
    }

    #[test]
    fn manifest_chooses_6_1_or_6_0_when_listed() {
        let n = run(&manifest(
            &[[0, 0, 0, 6], [0, 8, 8, 5], [0, 2, 4, 4]],
            &[0],
            &[],
        ))
        .unwrap();
        assert_eq!(n.version, Version::V6_0);
        assert_eq!(n.to_send, [0, 0, 0, 6, 0]);
        let n = run(&manifest(&[[0, 1, 1, 6], [0, 8, 8, 5]], &[0], &[])).unwrap();
        assert_eq!(n.version, Version::V6_1);
        assert_eq!(n.to_send, [0, 0, 1, 6, 0]);
        // 6.2+ unknown to us: fall back to 6.1 inside the server's range.
        let n = run(&manifest(&[[0, 3, 3, 6]], &[0], &[])).unwrap();
        assert_eq!(n.version, Version::V6_1);
    }

    #[test]
    fn manifest_keeps_leftover_and_big_capabilities() {
        let caps = [0xFF, 0x82, 0x71]; // the spec's example varint
        let n = run(&manifest(&[[0, 0, 8, 5]], &caps, &[0xAB, 0xCD])).unwrap();
        assert_eq!(n.server_capabilities, 0x1C417F);
        assert_eq!(n.leftover, [0xAB, 0xCD]);
        let max = [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01];
        let n = run(&manifest(&[[0, 0, 8, 5]], &max, &[1])).unwrap();
        assert_eq!(n.server_capabilities, u64::MAX);
        assert_eq!(n.leftover, [1]);
    }

    #[test]
    fn manifest_without_common_version() {
        let err = run(&manifest(&[[0, 0, 0, 3], [0, 0, 5, 5]], &[0], &[])).unwrap_err();
        let HandshakeError::NoCommonVersion {
            server_offered: Some(ref server),
            ..
        } = err
        else {
            panic!("{err:?}");
        };
        assert_eq!(server.len(), 2);
        let text = err.to_string();
        assert!(
            text.contains("none of the offered Bolt versions 6.1\u{2013}6.0, 5.8\u{2013}5.6"),
            "{text}"
        );
        assert!(text.ends_with("its manifest lists 3.0, 5.5"), "{text}");

        // Nothing listed at all.
        let err = run(&manifest(&[], &[0], &[])).unwrap_err();
        assert!(err.to_string().contains("lists (none)"), "{err}");
    }

    #[test]
    fn manifest_range_count_capped() {
        let mut bytes = MANIFEST_V1.to_vec();
        write_varint(&mut bytes, MAX_MANIFEST_RANGES + 1);
        assert_eq!(
            run(&bytes),
            Err(HandshakeError::TooManyRanges { count: 65 })
        );
        let mut bytes = MANIFEST_V1.to_vec();
        write_varint(&mut bytes, u64::MAX);
        assert_eq!(
            run(&bytes),
            Err(HandshakeError::TooManyRanges { count: u64::MAX })
        );
        // Exactly the cap is fine.
        let ranges = vec![[0, 0, 8, 5]; MAX_MANIFEST_RANGES as usize];
        assert_eq!(
            run(&manifest(&ranges, &[0], &[])).unwrap().version,
            Version::V5_8
        );
    }

    #[test]
    fn bad_varints() {
        // Eleven bytes with continuation bits.
        let mut bytes = MANIFEST_V1.to_vec();
        bytes.extend_from_slice(&[0x80; 11]);
        assert_eq!(run(&bytes), Err(HandshakeError::BadVarint));
        // Ten continuation bytes: already too long, no need to wait for more.
        let mut hs = default_handshake();
        let mut bytes = MANIFEST_V1.to_vec();
        bytes.extend_from_slice(&[0x80; 10]);
        assert_eq!(hs.push(&bytes), Err(HandshakeError::BadVarint));
        // Tenth group overflows 64 bits.
        let mut bytes = manifest(&[[0, 0, 8, 5]], &[0xFF; 9], &[]);
        bytes.push(0x02);
        assert_eq!(run(&bytes), Err(HandshakeError::BadVarint));
        // Nine continuation bytes are still just "need more".
        let mut hs = default_handshake();
        let mut bytes = MANIFEST_V1.to_vec();
        bytes.extend_from_slice(&[0x80; 9]);
        assert_eq!(hs.push(&bytes), Ok(HandshakeStatus::NeedMore));
        // A redundant (non-minimal) but short encoding is accepted: 0x81 0x00 = 1 range.
        let mut bytes = MANIFEST_V1.to_vec();
        bytes.extend_from_slice(&[0x81, 0x00, 0, 0, 8, 5, 0]);
        assert_eq!(run(&bytes).unwrap().version, Version::V5_8);
    }

    #[test]
    fn varint_round_trip() {
        for v in [
            0,
            1,
            127,
            128,
            300,
            0x1C417F,
            u64::from(u32::MAX),
            u64::MAX - 1,
            u64::MAX,
        ] {
            let mut buf = Vec::new();
            write_varint(&mut buf, v);
            buf.push(0xEE);
            assert_eq!(read_varint(&buf), Ok(Some((v, &[0xEE][..]))));
            assert_eq!(read_varint(&buf[..buf.len() - 2]), Ok(None));
        }
        assert_eq!(read_varint(&[]), Ok(None));
    }

    #[test]
    fn incomplete_answers_need_more() {
        let full = manifest(&[[0, 2, 8, 5], [0, 2, 4, 4]], &[0x80, 0x01], &[]);
        for cut in 0..full.len() {
            let mut hs = default_handshake();
            assert_eq!(
                hs.push(&full[..cut]),
                Ok(HandshakeStatus::NeedMore),
                "cut {cut}"
            );
            let Ok(HandshakeStatus::Done(n)) = hs.push(&full[cut..]) else {
                panic!("cut {cut}")
            };
            assert_eq!((n.version, n.server_capabilities), (Version::V5_8, 128));
        }
    }

    #[test]
    fn push_after_end_is_an_error() {
        let mut hs = default_handshake();
        assert!(matches!(
            hs.push(&[0, 0, 8, 5]),
            Ok(HandshakeStatus::Done(_))
        ));
        assert_eq!(hs.push(&[0]), Err(HandshakeError::Finished));
        let mut hs = default_handshake();
        assert!(hs.push(&[0, 0, 0, 0]).is_err());
        assert_eq!(hs.push(&[0]), Err(HandshakeError::Finished));
    }

    #[test]
    fn a_tls_answer_says_to_use_an_encrypted_scheme() {
        // A TLS alert (protocol version) as a TLS-only server sends it to a plain hello.
        let err = run(&[0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x46]).unwrap_err();
        assert_eq!(err, HandshakeError::TlsExpected);
        assert!(err.to_string().contains("use bolt+s://"), "{err}");
    }

    #[test]
    fn errors_are_std_errors() {
        fn takes(_: &dyn Error) {}
        takes(&HandshakeError::HttpPort);
    }
}
