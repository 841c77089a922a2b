//! Feeds arbitrary bytes to the dechunker split at arbitrary points, checking that the split
//! changes nothing, and decodes every message it yields.
#![no_main]

use libfuzzer_sys::fuzz_target;
use neo4j_wasm::bolt::{ChunkError, Dechunker};
use neo4j_wasm::packstream::{Decoder, Dialect};

/// Messages (then the error, if any), NOOP count and whether a message is partly buffered.
fn dechunk<'a>(
    pieces: impl IntoIterator<Item = &'a [u8]>,
    max: usize,
) -> (Vec<Result<Vec<u8>, ChunkError>>, u64, bool) {
    let mut d = Dechunker::new().with_max_message_size(max);
    let mut out = Vec::new();
    for piece in pieces {
        d.push(piece);
        while let Some(m) = d.next_message() {
            let failed = m.is_err();
            out.push(m);
            if failed {
                return (out, d.take_noops(), d.has_partial());
            }
        }
    }
    (out, d.take_noops(), d.has_partial())
}

fuzz_target!(|input: (u16, Vec<u16>, &[u8])| {
    let (max, cuts, stream) = input;
    // 0xFFFF stands for "no limit" so that big messages are reached too.
    let max = if max == u16::MAX {
        usize::MAX
    } else {
        usize::from(max)
    };
    // Piece boundaries: 0, the cuts in order, the end.
    let mut bounds: Vec<usize> = cuts
        .iter()
        .map(|&c| usize::from(c) % (stream.len() + 1))
        .chain([0, stream.len()])
        .collect();
    bounds.sort_unstable();
    let pieces = bounds.windows(2).map(|w| &stream[w[0]..w[1]]);
    let split = dechunk(pieces, max);
    let whole = dechunk([stream], max);
    assert_eq!(split, whole);
    for body in split.0.iter().flatten() {
        let _ = Decoder::new(body).read_value(Dialect::BOLT_5);
    }
});
