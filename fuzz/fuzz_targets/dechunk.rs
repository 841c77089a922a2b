//! Feeds arbitrary bytes to the dechunker split at arbitrary points, checking that the split
//! changes nothing, and decodes every message it yields.
#![no_main]

use libfuzzer_sys::fuzz_target;
use neo4j_wasm::packstream::{Decoder, Dialect};

#[path = "../../tests/checks/chunking.rs"]
mod chunking;

fuzz_target!(|input: (u16, Vec<u16>, &[u8])| {
    let (max, cuts, stream) = input;
    // 0xFFFF stands for "no limit" so that big messages are reached too.
    let max = if max == u16::MAX {
        usize::MAX
    } else {
        usize::from(max)
    };
    let cuts: Vec<usize> = cuts.into_iter().map(usize::from).collect();
    let messages = chunking::check_splits_change_nothing(stream, &cuts, max).0;
    for body in messages.iter().flatten() {
        let _ = Decoder::new(body).read_value(Dialect::BOLT_5);
    }
});
