//! The connection fuzz target's harness (`tests/checks/session.rs`) on stable Rust: its seed
//! corpus (`fuzz/seeds/connection`, written from the byte vectors of `src/bolt/vectors.rs`)
//! replays cleanly and reaches what it was written to reach.
#![cfg(not(target_arch = "wasm32"))]

use std::fs;
use std::path::Path;

#[path = "checks/session.rs"]
mod session;

use session::check_session;

#[test]
fn seed_corpus_replays_and_reaches_records_answers_and_fatal_errors() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds/connection");
    let mut seeds: Vec<_> = fs::read_dir(&dir)
        .expect("the seed corpus")
        .map(|entry| entry.expect("a seed").path())
        .collect();
    seeds.sort();
    assert!(seeds.len() >= 20, "only {} seeds in {dir:?}", seeds.len());
    let (mut records, mut malformed) = (0, 0);
    for seed in &seeds {
        let name = seed.file_name().unwrap().to_string_lossy().into_owned();
        let outcome = check_session(&fs::read(seed).expect("a readable seed"));
        // `ok-*` sessions end cleanly with every request answered; `fatal-*` ones break the
        // connection.
        if name.starts_with("ok-") {
            assert_eq!(outcome.fatal, None, "{name}");
            assert!(outcome.answers > 0, "{name}: {outcome:?}");
            assert_eq!(outcome.unanswered, 0, "{name}: {outcome:?}");
        } else {
            assert!(name.starts_with("fatal-"), "{name}: neither ok- nor fatal-");
            assert!(outcome.fatal.is_some(), "{name}: {outcome:?}");
        }
        records += outcome.records;
        malformed += outcome.malformed;
    }
    assert!(
        records > 0 && malformed > 0,
        "{records} records, {malformed} malformed"
    );
}

/// A record whose map repeats a key (`{a: 1, a: 2}`) is read without error. Its tape from the
/// wire holds both entries, and the one from the decoded values only `a: 2`: the fuzzer found
/// that the two differ, as they may (the JS reader makes `{a: 2}` of both).
#[test]
fn a_record_whose_map_repeats_a_key_is_read() {
    /// One chunked message.
    fn chunk(body: &[u8]) -> Vec<u8> {
        let mut bytes = (body.len() as u16).to_be_bytes().to_vec();
        bytes.extend_from_slice(body);
        bytes.extend_from_slice(&[0, 0]);
        bytes
    }
    // Bolt 4.4, no flags, a script of two steps: RUN (no server bytes yet), then PULL all, after
    // which every server byte arrives.
    let mut input = vec![0x44, 0, 2, 0x00, 0xF3];
    input.extend(chunk(b"\xB1\x70\xA1\x86fields\x91\x81m"));
    input.extend(chunk(b"\xB1\x71\x91\xA2\x81a\x01\x81a\x02"));
    input.extend(chunk(b"\xB1\x70\xA0"));
    let outcome = check_session(&input);
    assert_eq!(outcome.fatal, None, "{outcome:?}");
    assert_eq!(
        (outcome.records, outcome.repeated_keys, outcome.unanswered),
        (1, 1, 0),
        "{outcome:?}"
    );
}
