//! The dechunker's checks: any byte stream, split anywhere.

use neo4j_wasm::bolt::{ChunkError, Dechunker};

/// Everything a dechunker yields (its messages, then its error if any), its NOOP count and
/// whether it holds part of a message at the end.
pub type Dechunked = (Vec<Result<Vec<u8>, ChunkError>>, u64, bool);

/// `input` cut at the given points (taken modulo its length plus one, in any order).
pub fn split(input: &[u8], cuts: &[usize]) -> Vec<Vec<u8>> {
    let mut cuts: Vec<usize> = cuts.iter().map(|c| c % (input.len() + 1)).collect();
    cuts.sort_unstable();
    let mut pieces = Vec::new();
    let mut from = 0;
    for cut in cuts.into_iter().chain([input.len()]) {
        pieces.push(input[from..cut].to_vec());
        from = cut;
    }
    pieces
}

/// What a dechunker limited to messages of `max` bytes yields for `pieces`.
pub fn dechunk(pieces: &[impl AsRef<[u8]>], max: usize) -> Dechunked {
    let mut d = Dechunker::new().with_max_message_size(max);
    let mut out = Vec::new();
    for piece in pieces {
        d.push(piece.as_ref());
        while let Some(m) = d.next_message() {
            let failed = m.is_err();
            out.push(m);
            if failed {
                // Every later call repeats the error.
                return (out, d.take_noops(), d.has_partial());
            }
        }
    }
    (out, d.take_noops(), d.has_partial())
}

/// Checks that `stream` cut at `cuts` dechunks as it does whole; returns what it yields.
pub fn check_splits_change_nothing(stream: &[u8], cuts: &[usize], max: usize) -> Dechunked {
    let whole = dechunk(&[stream], max);
    assert_eq!(dechunk(&split(stream, cuts), max), whole);
    whole
}
