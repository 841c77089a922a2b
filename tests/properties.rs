//! Property tests of the sans-IO core: parameter values survive encoding and decoding in every
//! dialect, a tape written from the wire holds what the decoded values hold, and the decoder,
//! dechunker, handshake and connection never panic on any input, however it is split.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::HashSet;
use std::time::Duration as Elapsed;

use neo4j_wasm::bolt::message::decode_record;
use neo4j_wasm::bolt::{
    write_message, Connection, ConnectionConfig, Event, Handshake, HandshakeStatus, Request,
    Response, TxConfig, Within, DEFAULT_PROPOSALS,
};
use neo4j_wasm::packstream::{
    Date, DateTime, Decoder, Dialect, Duration, Encoder, LocalDateTime, LocalTime, Point,
    SecondsBasis, Tape, Time, Value, Vector, VectorType, Zone,
};
use proptest::collection::vec;
use proptest::prelude::*;

mod checks;

use checks::chunking::{check_splits_change_nothing, dechunk, split};
use checks::decoding::{check_decoding, DIALECTS};

// ---------------------------------------------------------------------------------------------
// Strategies
// ---------------------------------------------------------------------------------------------

/// Any float: arbitrary bits, and often the special ones (NaNs with payloads, infinities, -0).
fn float() -> impl Strategy<Value = f64> {
    prop_oneof![
        3 => any::<u64>().prop_map(f64::from_bits),
        1 => prop::sample::select(vec![
            f64::NAN,
            -f64::NAN,
            f64::from_bits(0x7FF0_0000_0000_0001),
            f64::INFINITY,
            f64::NEG_INFINITY,
            -0.0,
            f64::MIN_POSITIVE,
        ]),
    ]
}

/// Integers of every encoded width, not only the (mostly 64-bit) uniform ones.
fn int() -> impl Strategy<Value = i64> {
    prop_oneof![
        -16i64..=127,
        any::<i8>().prop_map(i64::from),
        any::<i16>().prop_map(i64::from),
        any::<i32>().prop_map(i64::from),
        any::<i64>(),
    ]
}

/// Short strings and bytes mostly, some crossing the 8-bit size boundary.
fn size() -> impl Strategy<Value = usize> {
    prop_oneof![4 => 0usize..20, 1 => 250usize..270]
}

fn string() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "\\PC{0,20}",
        1 => size().prop_map(|n| "é".repeat(n / 2)),
    ]
}

fn bytes() -> impl Strategy<Value = Vec<u8>> {
    size().prop_flat_map(|n| vec(any::<u8>(), n))
}

/// A DateTime whose seconds are counted as `dialect` sends them, so it comes back unchanged.
fn date_time(dialect: Dialect) -> impl Strategy<Value = DateTime> {
    let basis = if dialect.utc_datetime {
        SecondsBasis::Utc
    } else {
        SecondsBasis::Local
    };
    let zone = prop_oneof![int().prop_map(Zone::Offset), string().prop_map(Zone::Id)];
    (int(), int(), zone).prop_map(move |(seconds, nanoseconds, zone)| DateTime {
        seconds,
        nanoseconds,
        zone,
        basis,
    })
}

fn vector() -> impl Strategy<Value = Vector> {
    let types = [
        (VectorType::Int8, 1),
        (VectorType::Int16, 2),
        (VectorType::Int32, 4),
        (VectorType::Int64, 8),
        (VectorType::Float32, 4),
        (VectorType::Float64, 8),
    ];
    (prop::sample::select(types.to_vec()), 0usize..10).prop_flat_map(|((element_type, size), n)| {
        vec(any::<u8>(), n * size).prop_map(move |data| Vector { element_type, data })
    })
}

/// The scalars, temporal, spatial (and from Bolt 6.0 vector) values a query parameter can be.
fn leaf(dialect: Dialect) -> BoxedStrategy<Value> {
    let common = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Boolean),
        int().prop_map(Value::Integer),
        float().prop_map(Value::Float),
        bytes().prop_map(Value::Bytes),
        string().prop_map(Value::String),
        int().prop_map(|days| Value::Date(Date { days })),
        (int(), int()).prop_map(|(nanoseconds, tz_offset_seconds)| Value::Time(Time {
            nanoseconds,
            tz_offset_seconds
        })),
        int().prop_map(|nanoseconds| Value::LocalTime(LocalTime { nanoseconds })),
        (int(), int()).prop_map(
            |(seconds, nanoseconds)| Value::LocalDateTime(LocalDateTime {
                seconds,
                nanoseconds
            })
        ),
        date_time(dialect).prop_map(Value::DateTime),
        (int(), int(), int(), int()).prop_map(|(months, days, seconds, nanoseconds)| {
            Value::Duration(Duration {
                months,
                days,
                seconds,
                nanoseconds,
            })
        }),
        (int(), float(), float(), proptest::option::of(float()))
            .prop_map(|(srid, x, y, z)| Value::Point(Point { srid, x, y, z })),
    ];
    if dialect.vectors {
        prop_oneof![8 => common, 1 => vector().prop_map(Value::Vector)].boxed()
    } else {
        common.boxed()
    }
}

/// Parameter values nested in lists and maps; map keys are unique, and some maps are past the
/// decoder's small-map limit of 16 entries.
fn value(dialect: Dialect) -> impl Strategy<Value = Value> {
    leaf(dialect).prop_recursive(4, 64, 6, |inner| {
        let entries = prop_oneof![4 => 0usize..6, 1 => 17usize..24];
        prop_oneof![
            vec(inner.clone(), 0..8).prop_map(Value::List),
            entries
                .prop_flat_map(move |n| vec((string(), inner.clone()), n))
                .prop_map(|entries| {
                    let mut seen = HashSet::new();
                    Value::Map(
                        entries
                            .into_iter()
                            .filter(|(k, _)| seen.insert(k.clone()))
                            .collect(),
                    )
                }),
        ]
    })
}

fn encode(value: &Value, dialect: Dialect) -> Vec<u8> {
    let mut buf = Vec::new();
    Encoder::new(&mut buf).write_value(value, dialect).unwrap();
    buf
}

/// Input that is sometimes random, sometimes a valid encoding with a few bytes overwritten or
/// cut short, so that decoding gets deep before it fails.
fn damaged_packstream() -> impl Strategy<Value = Vec<u8>> {
    let damaged = (
        value(DIALECTS[2]),
        vec((any::<usize>(), any::<u8>()), 0..4),
        any::<usize>(),
    )
        .prop_map(|(v, changes, keep)| {
            let mut bytes = encode(&v, DIALECTS[2]);
            for (at, byte) in changes {
                let len = bytes.len();
                bytes[at % len] = byte;
            }
            bytes.truncate(keep % (bytes.len() + 1));
            bytes
        });
    prop_oneof![vec(any::<u8>(), 0..256), damaged]
}

// ---------------------------------------------------------------------------------------------
// PackStream
// ---------------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    #[test]
    fn parameters_round_trip(
        (dialect, v) in prop::sample::select(DIALECTS.to_vec())
            .prop_flat_map(|d| (Just(d), value(d)))
    ) {
        let bytes = encode(&v, dialect);
        let mut d = Decoder::new(&bytes);
        let decoded = d.read_value(dialect).unwrap();
        prop_assert!(d.is_at_end());
        // Debug text makes NaN equal to NaN (and still tells -0.0 from 0.0); re-encoding then
        // checks every float bit, NaN payloads included.
        prop_assert_eq!(format!("{decoded:?}"), format!("{v:?}"));
        prop_assert_eq!(encode(&decoded, dialect), bytes);
    }

    #[test]
    fn offset_date_times_convert_between_bases(
        seconds in any::<i64>(),
        nanoseconds in int(),
        offset in int(),
        utc in any::<bool>(),
    ) {
        let (basis, other, dialect) = if utc {
            (SecondsBasis::Utc, SecondsBasis::Local, DIALECTS[0])
        } else {
            (SecondsBasis::Local, SecondsBasis::Utc, DIALECTS[1])
        };
        let v = Value::DateTime(DateTime { seconds, nanoseconds, zone: Zone::Offset(offset), basis });
        // Local seconds are UTC seconds plus the offset.
        let converted = if utc { seconds.checked_add(offset) } else { seconds.checked_sub(offset) };
        let mut buf = Vec::new();
        let written = Encoder::new(&mut buf).write_value(&v, dialect);
        match converted {
            None => prop_assert!(written.is_err() && buf.is_empty()),
            Some(seconds) => {
                written.unwrap();
                let expected = Value::DateTime(DateTime {
                    seconds,
                    nanoseconds,
                    zone: Zone::Offset(offset),
                    basis: other,
                });
                prop_assert_eq!(Decoder::new(&buf).read_value(dialect).unwrap(), expected);
            }
        }
    }

    #[test]
    fn decoder_never_panics_and_its_readings_agree(input in damaged_packstream()) {
        check_decoding(&input);
    }

    #[test]
    fn tapes_from_the_wire_hold_the_decoded_values(
        (dialect, v) in prop::sample::select(DIALECTS.to_vec())
            .prop_flat_map(|d| (Just(d), value(d)))
    ) {
        let record = encode(&Value::List(vec![v.clone(), v]), dialect);
        let mut from_wire = Tape::new();
        from_wire.write_list(&record, dialect).unwrap();
        let mut from_values = Tape::new();
        from_values.write_value(&Value::List(decode_record(&record, dialect).unwrap()));
        prop_assert_eq!(&from_wire.words, &from_values.words);
        let bits = |t: &Tape| t.floats.iter().map(|f| f.to_bits()).collect::<Vec<_>>();
        prop_assert_eq!(bits(&from_wire), bits(&from_values));
        prop_assert_eq!(&from_wire.ascii, &from_values.ascii);
        prop_assert_eq!(&from_wire.text, &from_values.text);
        prop_assert_eq!(&from_wire.bytes, &from_values.bytes);
    }

    #[test]
    fn tapes_fail_as_the_decoder_does(input in damaged_packstream()) {
        for dialect in DIALECTS {
            let mut tape = Tape::new();
            match decode_record(&input, dialect) {
                Ok(_) => prop_assert!(tape.write_list(&input, dialect).is_ok()),
                Err(e) => prop_assert_eq!(tape.write_list(&input, dialect).unwrap_err(), e),
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Chunking, handshake, connection
// ---------------------------------------------------------------------------------------------

/// Bytes a server might answer the handshake with: a classic version, a manifest with
/// arbitrary entries, or noise; sometimes with trailing bytes.
fn handshake_reply() -> impl Strategy<Value = Vec<u8>> {
    let classic = (any::<u8>(), any::<u8>()).prop_map(|(minor, major)| vec![0, 0, minor, major]);
    let manifest = (vec(any::<[u8; 4]>(), 0..6), vec(any::<u8>(), 0..12)).prop_map(
        |(entries, capabilities)| {
            let mut reply = vec![0, 0, 1, 0xFF, entries.len() as u8];
            reply.extend(entries.concat());
            reply.extend(capabilities);
            reply
        },
    );
    (
        prop_oneof![classic, manifest, vec(any::<u8>(), 0..24)],
        vec(any::<u8>(), 0..8),
    )
        .prop_map(|(mut reply, tail)| {
            reply.extend(tail);
            reply
        })
}

/// What a handshake ends with, whole leftover included: `None` while it needs more.
fn handshake(pieces: &[Vec<u8>]) -> Option<Result<String, String>> {
    let mut h = Handshake::new(&DEFAULT_PROPOSALS);
    for (i, piece) in pieces.iter().enumerate() {
        match h.push(piece) {
            Ok(HandshakeStatus::NeedMore) => {}
            Ok(HandshakeStatus::Done(mut negotiated)) => {
                // Bytes pushed after the answer belong to the message stream.
                negotiated.leftover.extend(pieces[i + 1..].concat());
                return Some(Ok(format!("{negotiated:?}")));
            }
            Err(e) => return Some(Err(e.to_string())),
        }
    }
    None
}

/// Server messages: well-chunked structures with arbitrary signatures and fields, or noise.
fn server_bytes() -> impl Strategy<Value = Vec<u8>> {
    let message = (
        prop::sample::select(vec![0x70u8, 0x71, 0x7E, 0x7F, 0x00]),
        vec(value(DIALECTS[1]), 0..2),
    )
        .prop_map(|(signature, fields)| {
            let mut body = Vec::new();
            let mut e = Encoder::new(&mut body);
            e.write_struct_header(signature, fields.len()).unwrap();
            for f in &fields {
                e.write_value(f, DIALECTS[1]).unwrap();
            }
            let mut out = Vec::new();
            write_message(&mut out, &body);
            out
        });
    prop_oneof![
        vec(message, 0..4).prop_map(|m| m.concat()),
        damaged_packstream(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    #[test]
    fn dechunker_is_indifferent_to_splits(
        input in vec(any::<u8>(), 0..512),
        cuts in vec(any::<usize>(), 0..8),
        max in prop_oneof![Just(usize::MAX), 0usize..300],
    ) {
        check_splits_change_nothing(&input, &cuts, max);
    }

    #[test]
    fn dechunker_returns_the_messages_written(
        bodies in vec(vec(any::<u8>(), 1..200), 0..6),
        noops in 0usize..3,
        cuts in vec(any::<usize>(), 0..8),
    ) {
        let mut stream = vec![0u8; 2 * noops];
        for body in &bodies {
            write_message(&mut stream, body);
        }
        let (messages, seen_noops, partial) = dechunk(&split(&stream, &cuts), usize::MAX);
        prop_assert_eq!(messages, bodies.into_iter().map(Ok).collect::<Vec<_>>());
        prop_assert_eq!(seen_noops, noops as u64);
        prop_assert!(!partial);
    }

    #[test]
    fn handshake_is_indifferent_to_splits(
        reply in handshake_reply(),
        cuts in vec(any::<usize>(), 0..6),
    ) {
        prop_assert_eq!(handshake(&split(&reply, &cuts)), handshake(&[reply]));
    }

    #[test]
    fn connection_never_panics_after_a_handshake(
        (minor, major) in prop::sample::select(vec![(4u8, 4u8), (0, 5), (4, 5), (8, 5)]),
        requests in 0usize..4,
        input in server_bytes(),
        cuts in vec(any::<usize>(), 0..6),
    ) {
        let mut c = Connection::new(ConnectionConfig::default());
        let mut out = Vec::new();
        c.poll_transmit(&mut out);
        c.handle_input(&[0, 0, minor, major], Elapsed::ZERO).unwrap();
        let run = Request::Run {
            query: "RETURN 1".to_owned(),
            parameters: vec![].into(),
            within: Within::AutoCommit(TxConfig::default()),
        };
        let pull = Request::Pull { n: -1, qid: -1 };
        for request in [&run, &pull, &Request::Reset].into_iter().cycle().take(requests) {
            let _ = c.send(request, Elapsed::ZERO);
        }
        let dialect = c.dialect();
        for (i, piece) in split(&input, &cuts).iter().enumerate() {
            let _ = c.handle_input(piece, Elapsed::from_millis(i as u64));
            while let Some(event) = c.poll_event() {
                if let Event::Response { response: Response::Records(batch), .. } = event {
                    batch.iter().for_each(|body| {
                        let _ = decode_record(body, dialect);
                    });
                }
            }
            c.poll_transmit(&mut out);
        }
        let _ = c.handle_timeout(Elapsed::from_secs(3600));
        c.close();
        c.poll_transmit(&mut out);
    }
}
