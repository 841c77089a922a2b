//! PackStream throughput: decoding and encoding four record shapes (`record_shapes.rs`), in MB/s
//! and records/s.
//!
//! Native:
//!     cargo bench --bench codec
//! wasm32 in Node 20: the same file, whose `codec` wasm test prints the table, run by
//! wasm-bindgen-test-runner (the target's runner, set by `.tools/env.sh`). `cargo test` rather
//! than `cargo bench`, because given `--bench` the runner looks for `#[wasm_bindgen_bench]`s:
//!     source .tools/env.sh && $WASM_CARGO test --release --target wasm32-unknown-unknown --bench codec -- --nocapture
//!
//! Both build with the release profile (`opt-level = "s"`, LTO); the module the package ships
//! is built for size with its hot paths for speed (`scripts/build.sh`).
//! A record is a RECORD message's field list, decoded with `Decoder::read_value` (hydration
//! included) and encoded with `Encoder::write_value`, except the Node, which is not a parameter
//! and is written field by field as a server would. The tape column is writing records onto a
//! `Tape`, as the JS facade does for each batch. Natively without `--bench` (as
//! `cargo test --all-targets` runs it) each shape is only checked to round-trip.

use std::hint::black_box;

use neo4j_wasm::packstream::{Decoder, EncodeError, Encoder, Tape, Value};

mod record_shapes;

use record_shapes::{write_record, DIALECT};

/// Records encoded or decoded per timed batch.
const RECORDS: usize = 1000;
/// How long each measurement runs at least, in seconds.
const MIN_SECONDS: f64 = 1.0;

/// One record shape: its decoded field list and how to encode it.
struct Shape {
    name: &'static str,
    record: Value,
    encode: fn(&Value, &mut Encoder<'_>) -> Result<(), EncodeError>,
}

fn write_parameters(record: &Value, e: &mut Encoder<'_>) -> Result<(), EncodeError> {
    e.write_value(record, DIALECT)
}

fn shapes() -> Vec<Shape> {
    vec![
        Shape {
            name: "10 integers",
            record: record_shapes::integers(),
            encode: write_parameters,
        },
        Shape {
            name: "5 strings",
            record: record_shapes::strings(),
            encode: write_parameters,
        },
        Shape {
            name: "Node",
            record: record_shapes::node(),
            encode: write_record,
        },
        Shape {
            name: "mixed map",
            record: record_shapes::mixed_map(),
            encode: write_parameters,
        },
    ]
}

/// Seconds since some fixed instant.
#[cfg(not(target_arch = "wasm32"))]
fn now() -> f64 {
    use std::sync::OnceLock;
    use std::time::Instant;
    static START: OnceLock<Instant> = OnceLock::new();
    START.get_or_init(Instant::now).elapsed().as_secs_f64()
}

/// Seconds since the epoch, to the millisecond.
#[cfg(target_arch = "wasm32")]
fn now() -> f64 {
    js_sys::Date::now() / 1000.0
}

fn print(line: &str) {
    #[cfg(not(target_arch = "wasm32"))]
    println!("{line}");
    #[cfg(target_arch = "wasm32")]
    wasm_bindgen_test::console_log!("{line}");
}

/// Runs `batch` (RECORDS records each time) for at least `seconds`; returns records per second.
fn records_per_second(seconds: f64, mut batch: impl FnMut()) -> f64 {
    let start = now();
    let mut batches = 0u32;
    loop {
        batch();
        batches += 1;
        let elapsed = now() - start;
        if elapsed >= seconds {
            return f64::from(batches) * RECORDS as f64 / elapsed;
        }
    }
}

/// `RECORDS` copies of the shape's record, one after the other.
fn encode_batch(shape: &Shape, buf: &mut Vec<u8>) {
    buf.clear();
    let mut e = Encoder::new(buf);
    for _ in 0..RECORDS {
        (shape.encode)(black_box(&shape.record), &mut e).unwrap();
    }
}

fn decode_batch(bytes: &[u8]) {
    let mut d = Decoder::new(bytes);
    for _ in 0..RECORDS {
        black_box(d.read_value(DIALECT).unwrap());
    }
}

/// `RECORDS` times the one record in `bytes`, only checked to be well formed (as records are
/// when they arrive).
fn check_batch(bytes: &[u8]) {
    for _ in 0..RECORDS {
        Decoder::new(black_box(bytes)).skip_value().unwrap();
    }
}

/// `RECORDS` times the one record in `bytes`, onto a tape as one batch.
fn tape_batch(bytes: &[u8], tape: &mut Tape) {
    tape.clear();
    tape.write_list_header(RECORDS);
    for _ in 0..RECORDS {
        tape.write_list(black_box(bytes), DIALECT).unwrap();
    }
}

/// Measures every shape and prints the table.
fn bench() {
    print(&format!(
        "{:<12} {:>12} {:>12} {:>16} {:>12} {:>16} {:>16} {:>16}",
        "shape",
        "bytes/record",
        "decode MB/s",
        "decode records/s",
        "encode MB/s",
        "encode records/s",
        "tape records/s",
        "check records/s"
    ));
    for shape in shapes() {
        let mut buf = Vec::new();
        encode_batch(&shape, &mut buf);
        let bytes = buf.len() / RECORDS;
        // Warm up caches and the allocator, then measure.
        records_per_second(0.2, || decode_batch(&buf));
        let decode = records_per_second(MIN_SECONDS, || decode_batch(&buf));
        let mut out = Vec::with_capacity(buf.len());
        records_per_second(0.2, || encode_batch(&shape, &mut out));
        let encode = records_per_second(MIN_SECONDS, || encode_batch(&shape, &mut out));
        let record = &buf[..bytes];
        let mut tape = Tape::new();
        records_per_second(0.2, || tape_batch(record, &mut tape));
        let taped = records_per_second(MIN_SECONDS, || tape_batch(record, &mut tape));
        records_per_second(0.2, || check_batch(record));
        let checked = records_per_second(MIN_SECONDS, || check_batch(record));
        let mb = |records: f64| records * bytes as f64 / 1e6;
        print(&format!(
            "{:<12} {:>12} {:>12.1} {:>16.0} {:>12.1} {:>16.0} {:>16.0} {:>16.0}",
            shape.name,
            bytes,
            mb(decode),
            decode,
            mb(encode),
            encode,
            taped,
            checked
        ));
    }
}

/// Checks that every shape round-trips, without timing anything.
fn check() {
    for shape in shapes() {
        let mut buf = Vec::new();
        (shape.encode)(&shape.record, &mut Encoder::new(&mut buf)).unwrap();
        let mut d = Decoder::new(&buf);
        assert_eq!(
            d.read_value(DIALECT).unwrap(),
            shape.record,
            "{}",
            shape.name
        );
        assert!(d.is_at_end(), "{}", shape.name);
        print(&format!("{}: {} bytes, round-trips", shape.name, buf.len()));
    }
}

#[cfg(target_arch = "wasm32")]
#[wasm_bindgen_test::wasm_bindgen_test]
fn codec() {
    bench();
}

fn main() {
    // On wasm32 the runner calls the `codec` test instead.
    if cfg!(target_arch = "wasm32") {
        return;
    }
    if std::env::args().any(|a| a == "--bench") {
        bench();
    } else {
        check();
    }
}
