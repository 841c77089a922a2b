//! The seed corpus of the `connection` fuzz target (`fuzz/seeds/connection`), written from the
//! server answers of [`super::vectors`]: sessions that go where real ones go, for the fuzzer to
//! mutate. The inputs are laid out as `tests/checks/session.rs` reads them.
//!
//! A test checks that the committed files are exactly these; `NEO4J_WASM_WRITE_FUZZ_SEEDS=1
//! cargo test --lib fuzz_seeds` writes them again after a vector changes.

use std::collections::BTreeMap;
use std::fs;
use std::path::PathBuf;

use super::chunk::write_message;
use super::vectors::{
    FAILURE, FAILURE_GQL, IGNORED, MALFORMED_ANSWERS, MALFORMED_RECORDS, RECORD, SUCCESS_EMPTY,
    SUCCESS_FIELDS, SUCCESS_HAS_MORE, SUCCESS_HELLO, SUCCESS_ROUTE, SUCCESS_SUMMARY,
};
use crate::test_support::hex;

// The script actions of tests/checks/session.rs (a step's low four bits).
const RUN: u8 = 0;
const RUN_CONFIGURED: u8 = 1;
const RUN_IN_TX: u8 = 2;
const PULL_ALL: u8 = 3;
const PULL_TWO: u8 = 4;
const DISCARD_ALL: u8 = 5;
const DISCARD_ONE: u8 = 6;
const BEGIN: u8 = 7;
const BEGIN_TIMEOUT: u8 = 8;
const COMMIT: u8 = 9;
const RESET: u8 = 11;
const ROUTE: u8 = 12;
const TELEMETRY: u8 = 13;
const REAUTH: u8 = 14;
const WAIT: u8 = 15;

// Its flags.
const UTC_PATCH: u8 = 1;
const RECV_TIMEOUT_HINT: u8 = 2;
const TRACE: u8 = 8;
const TRACE_UNREDACTED: u8 = 16;
const SMALL_MESSAGES: u8 = 32;
const SERVER_ANSWERS_HELLO: u8 = 64;

/// One step: an action, then that many of the server's messages (15: all the rest).
fn step(action: u8, messages: u8) -> u8 {
    messages << 4 | action
}

/// An input: `version` as `0xMm`, flags, the script, and the server's messages chunked.
fn session(version: u8, flags: u8, script: &[u8], answers: &[&str]) -> Vec<u8> {
    let mut input = vec![version, flags, script.len() as u8];
    input.extend_from_slice(script);
    for answer in answers {
        write_message(&mut input, &hex(answer));
    }
    input
}

/// Every seed, by file name: `ok-*` sessions end with every request answered, `fatal-*` ones
/// break the connection.
fn seeds() -> BTreeMap<String, Vec<u8>> {
    let mut seeds = BTreeMap::new();
    let mut add = |name: String, input| assert!(seeds.insert(name, input).is_none());
    let auto_commit = [step(RUN, 1), step(PULL_ALL, 15)];
    let streamed = [SUCCESS_FIELDS, RECORD, RECORD, SUCCESS_SUMMARY];
    for version in [0x42, 0x44, 0x50, 0x51, 0x54, 0x56, 0x58, 0x60, 0x61] {
        let v = format!("{}.{}", version >> 4, version & 0xF);
        add(
            format!("ok-auto-commit-{v}"),
            session(version, 0, &auto_commit, &streamed),
        );
        add(
            format!("ok-transaction-{v}"),
            session(
                version,
                0,
                &[
                    step(BEGIN_TIMEOUT, 1),
                    step(RUN_IN_TX, 1),
                    step(PULL_TWO, 3),
                    step(RUN_IN_TX, 1),
                    step(DISCARD_ONE, 1),
                    step(DISCARD_ALL, 1),
                    step(PULL_ALL, 2),
                    step(COMMIT, 15),
                ],
                &[
                    SUCCESS_EMPTY,
                    SUCCESS_FIELDS,
                    RECORD,
                    RECORD,
                    SUCCESS_HAS_MORE,
                    SUCCESS_FIELDS,
                    SUCCESS_HAS_MORE,
                    SUCCESS_EMPTY,
                    RECORD,
                    SUCCESS_EMPTY,
                    SUCCESS_SUMMARY,
                ],
            ),
        );
        let failure = if version >= 0x57 {
            FAILURE_GQL
        } else {
            FAILURE
        };
        add(
            format!("ok-failure-reset-{v}"),
            session(
                version,
                0,
                &[step(RUN_CONFIGURED, 0), step(PULL_ALL, 2), step(RESET, 1)],
                &[failure, IGNORED, SUCCESS_EMPTY],
            ),
        );
    }
    add(
        "ok-utc-patch-4.4".into(),
        session(0x44, UTC_PATCH | TRACE, &auto_commit, &streamed),
    );
    add(
        "ok-traced-5.4".into(),
        session(0x54, TRACE | TRACE_UNREDACTED, &auto_commit, &streamed),
    );
    add(
        "ok-route-telemetry-5.4".into(),
        session(
            0x54,
            0,
            &[step(ROUTE, 1), step(TELEMETRY, 1)],
            &[SUCCESS_ROUTE, SUCCESS_EMPTY],
        ),
    );
    add(
        "ok-reauth-5.1".into(),
        session(
            0x51,
            0,
            &[step(REAUTH, 2), step(BEGIN, 1), step(RESET, 1)],
            &[SUCCESS_EMPTY, SUCCESS_EMPTY, SUCCESS_EMPTY, SUCCESS_EMPTY],
        ),
    );
    add(
        "ok-hello-hints-5.0".into(),
        session(
            0x50,
            SERVER_ANSWERS_HELLO | RECV_TIMEOUT_HINT,
            &auto_commit,
            &[SUCCESS_HELLO, SUCCESS_FIELDS, RECORD, SUCCESS_SUMMARY],
        ),
    );
    add(
        "fatal-receive-timeout-5.4".into(),
        session(0x54, RECV_TIMEOUT_HINT, &[step(RUN, 0), step(WAIT, 0)], &[]),
    );
    add(
        "fatal-too-large-5.4".into(),
        session(
            0x54,
            SMALL_MESSAGES,
            &auto_commit,
            &[
                SUCCESS_FIELDS,
                &format!("B1 71 91 D1 0800 {}", "61".repeat(2048)),
            ],
        ),
    );
    for (i, record) in MALFORMED_RECORDS.iter().enumerate() {
        add(
            format!("ok-malformed-record-{i}"),
            session(
                0x54,
                0,
                &auto_commit,
                &[SUCCESS_FIELDS, RECORD, record, SUCCESS_SUMMARY],
            ),
        );
    }
    for (i, answer) in MALFORMED_ANSWERS.iter().enumerate() {
        add(
            format!("fatal-malformed-answer-{i}"),
            session(0x54, 0, &auto_commit, &[SUCCESS_FIELDS, answer]),
        );
    }
    seeds
}

#[test]
fn fuzz_seeds_are_written_from_the_vectors() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds/connection");
    let seeds = seeds();
    if std::env::var_os("NEO4J_WASM_WRITE_FUZZ_SEEDS").is_some() {
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        for (name, input) in &seeds {
            fs::write(dir.join(name), input).unwrap();
        }
    }
    let committed: BTreeMap<String, Vec<u8>> = fs::read_dir(&dir)
        .unwrap()
        .map(|entry| {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, fs::read(&path).unwrap())
        })
        .collect();
    assert!(
        committed == seeds,
        "fuzz/seeds/connection differs from the vectors: run \
         NEO4J_WASM_WRITE_FUZZ_SEEDS=1 cargo test --lib fuzz_seeds"
    );
}
