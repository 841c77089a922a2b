//! Structures: temporal, spatial, vector, unsupported.
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use super::*;

#[test]
fn temporal_and_spatial_round_trip_in_every_dialect() {
    let values = [
        Value::Date(Date { days: -719_162 }),
        Value::Date(Date { days: 19_000 }),
        Value::Time(Time {
            nanoseconds: 3_600_000_000_123,
            tz_offset_seconds: -18_000,
        }),
        Value::LocalTime(LocalTime {
            nanoseconds: 86_399_999_999_999,
        }),
        Value::LocalDateTime(LocalDateTime {
            seconds: -1,
            nanoseconds: 999_999_999,
        }),
        Value::Duration(Duration {
            months: 14,
            days: -3,
            seconds: 3661,
            nanoseconds: 5,
        }),
        Value::Point(Point {
            srid: 7203,
            x: 1.5,
            y: -2.0,
            z: None,
        }),
        Value::Point(Point {
            srid: 4979,
            x: 12.9,
            y: 55.6,
            z: Some(100.0),
        }),
    ];
    for dialect in [V43, V44_UTC, V5, V6] {
        for v in &values {
            round_trip(v, dialect);
        }
    }
}

#[test]
fn temporal_and_spatial_exact_bytes() {
    assert_eq!(
        encode(&Value::Date(Date { days: 1 }), V5),
        [0xB1, 0x44, 0x01]
    );
    assert_eq!(
        encode(
            &Value::Time(Time {
                nanoseconds: 1,
                tz_offset_seconds: 3600
            }),
            V5
        ),
        [0xB2, 0x54, 0x01, 0xC9, 0x0E, 0x10]
    );
    assert_eq!(
        encode(&Value::LocalTime(LocalTime { nanoseconds: 2 }), V5),
        [0xB1, 0x74, 0x02]
    );
    assert_eq!(
        encode(
            &Value::LocalDateTime(LocalDateTime {
                seconds: 3,
                nanoseconds: 4
            }),
            V5
        ),
        [0xB2, 0x64, 0x03, 0x04]
    );
    assert_eq!(
        encode(
            &Value::Duration(Duration {
                months: 1,
                days: 2,
                seconds: 3,
                nanoseconds: 4
            }),
            V5
        ),
        [0xB4, 0x45, 0x01, 0x02, 0x03, 0x04]
    );
    let p2 = encode(
        &Value::Point(Point {
            srid: 7203,
            x: 1.0,
            y: 2.0,
            z: None,
        }),
        V5,
    );
    assert_eq!(&p2[..5], &[0xB3, 0x58, 0xC9, 0x1C, 0x23]);
    assert_eq!(p2.len(), 5 + 9 + 9);
    let p3 = encode(
        &Value::Point(Point {
            srid: 9157,
            x: 1.0,
            y: 2.0,
            z: Some(3.0),
        }),
        V5,
    );
    assert_eq!(&p3[..2], &[0xB4, 0x59]);
    assert_eq!(p3.len(), 2 + 3 + 27);
}

#[test]
fn temporal_and_spatial_field_types_are_checked() {
    let bad_date = [0xB1, 0x44, 0x81, 0x61];
    let e = decode_err(&bad_date, V5);
    assert_eq!(
        e.kind,
        DecodeErrorKind::InvalidField {
            structure: "Date",
            field: "days",
            expected: "an integer"
        }
    );
    // Point coordinates must be floats, not integers.
    let bad_point = [0xB3, 0x58, 0x01, 0x02, 0x03];
    assert_eq!(
        decode_err(&bad_point, V5).kind,
        DecodeErrorKind::InvalidField {
            structure: "Point2D",
            field: "x",
            expected: "a float"
        }
    );
    let bad_tz = build(|e| {
        e.write_struct_header(tag::DATE_TIME_ZONE_ID, 3).unwrap();
        e.write_int(0);
        e.write_int(0);
        e.write_int(3600);
    });
    assert_eq!(
        decode_err(&bad_tz, V5).kind,
        DecodeErrorKind::InvalidField {
            structure: "DateTimeZoneId",
            field: "tz_id",
            expected: "a string"
        }
    );
    assert_eq!(
        decode_err(&[0xB2, 0x44, 0x01, 0x01], V5).kind,
        DecodeErrorKind::WrongFieldCount {
            tag: 0x44,
            expected: 1,
            found: 2
        }
    );
}

pub(super) fn date_time_bytes(tag: u8, seconds: i64, nanos: i64, zone: &Zone) -> Vec<u8> {
    build(|e| {
        e.write_struct_header(tag, 3).unwrap();
        e.write_int(seconds);
        e.write_int(nanos);
        match zone {
            Zone::Offset(o) => e.write_int(*o),
            Zone::Id(id) => e.write_string(id).unwrap(),
        }
    })
}

#[test]
fn date_time_structures_per_dialect() {
    let offset = Zone::Offset(3600);
    let paris = Zone::Id("Europe/Paris".to_owned());
    let dt = |seconds, zone: &Zone, basis| {
        Value::DateTime(DateTime {
            seconds,
            nanoseconds: 42,
            zone: zone.clone(),
            basis,
        })
    };
    // UTC forms (5.0+, 4.4 with the patch).
    for dialect in [V44_UTC, V5, V6] {
        assert_eq!(
            decode(&date_time_bytes(0x49, 4500, 42, &offset), dialect).unwrap(),
            dt(4500, &offset, SecondsBasis::Utc)
        );
        assert_eq!(
            decode(&date_time_bytes(0x69, 4500, 42, &paris), dialect).unwrap(),
            dt(4500, &paris, SecondsBasis::Utc)
        );
        for legacy in [0x46, 0x66] {
            let e = decode_err(&date_time_bytes(legacy, 8100, 42, &offset), dialect);
            assert_eq!(e.kind, DecodeErrorKind::UnknownStructTag { tag: legacy });
        }
    }
    // Legacy forms (up to 4.4 without the patch).
    assert_eq!(
        decode(&date_time_bytes(0x46, 8100, 42, &offset), V43).unwrap(),
        dt(8100, &offset, SecondsBasis::Local)
    );
    assert_eq!(
        decode(&date_time_bytes(0x66, 8100, 42, &paris), V43).unwrap(),
        dt(8100, &paris, SecondsBasis::Local)
    );
    for utc in [0x49, 0x69] {
        let e = decode_err(&date_time_bytes(utc, 4500, 42, &offset), V43);
        assert_eq!(e.kind, DecodeErrorKind::UnknownStructTag { tag: utc });
    }
    let e = decode_err(&date_time_bytes(0x46, 0, 0, &offset), V5);
    assert_eq!(
        e.to_string(),
        "PackStream decode error at byte 0: structure tag 0x46 (Legacy DateTime) is not valid in \
         this protocol version"
    );
}

#[test]
fn date_time_dehydration_converts_offset_zones_between_bases() {
    // 1970-01-01T02:15:00.000000042+01:00: UTC seconds 4500, local seconds 8100.
    let utc = Value::DateTime(DateTime {
        seconds: 4500,
        nanoseconds: 42,
        zone: Zone::Offset(3600),
        basis: SecondsBasis::Utc,
    });
    let local = Value::DateTime(DateTime {
        seconds: 8100,
        nanoseconds: 42,
        zone: Zone::Offset(3600),
        basis: SecondsBasis::Local,
    });
    let utc_bytes = [0xB3, 0x49, 0xC9, 0x11, 0x94, 0x2A, 0xC9, 0x0E, 0x10];
    let legacy_bytes = [0xB3, 0x46, 0xC9, 0x1F, 0xA4, 0x2A, 0xC9, 0x0E, 0x10];
    for v in [&utc, &local] {
        assert_eq!(encode(v, V5), utc_bytes);
        assert_eq!(encode(v, V44_UTC), utc_bytes);
        assert_eq!(encode(v, V43), legacy_bytes);
    }
    // Decoding gives the form of the dialect.
    assert_eq!(decode(&encode(&local, V5), V5).unwrap(), utc);
    assert_eq!(decode(&encode(&utc, V43), V43).unwrap(), local);
    // Negative offsets work the same way.
    let west = Value::DateTime(DateTime {
        seconds: 0,
        nanoseconds: 0,
        zone: Zone::Offset(-18_000),
        basis: SecondsBasis::Local,
    });
    assert_eq!(
        decode(&encode(&west, V5), V5).unwrap(),
        Value::DateTime(DateTime {
            seconds: 18_000,
            nanoseconds: 0,
            zone: Zone::Offset(-18_000),
            basis: SecondsBasis::Utc,
        })
    );
}

#[test]
fn date_time_with_zone_id_needs_matching_basis() {
    let zone = Zone::Id("Europe/Stockholm".to_owned());
    let utc = Value::DateTime(DateTime {
        seconds: 100,
        nanoseconds: 0,
        zone: zone.clone(),
        basis: SecondsBasis::Utc,
    });
    let local = Value::DateTime(DateTime {
        seconds: 100,
        nanoseconds: 0,
        zone,
        basis: SecondsBasis::Local,
    });
    assert_eq!(&encode(&utc, V5)[..2], &[0xB3, 0x69]);
    assert_eq!(&encode(&local, V43)[..2], &[0xB3, 0x66]);
    round_trip(&utc, V5);
    round_trip(&local, V43);
    let e = encode_err(&local, V5);
    assert_eq!(
        e,
        EncodeError::ZoneIdConversion {
            zone_id: "Europe/Stockholm".to_owned(),
            from: SecondsBasis::Local,
            to: SecondsBasis::Utc,
        }
    );
    assert_eq!(
        e.to_string(),
        "PackStream encode error: a DateTime in zone Europe/Stockholm with local seconds cannot \
         be converted to UTC seconds without a time zone database"
    );
    assert!(matches!(
        encode_err(&utc, V43),
        EncodeError::ZoneIdConversion {
            from: SecondsBasis::Utc,
            to: SecondsBasis::Local,
            ..
        }
    ));
}

#[test]
fn date_time_conversion_overflow_is_an_error() {
    let v = Value::DateTime(DateTime {
        seconds: i64::MIN,
        nanoseconds: 0,
        zone: Zone::Offset(1),
        basis: SecondsBasis::Local,
    });
    assert_eq!(encode_err(&v, V5), EncodeError::SecondsOverflow);
    let v = Value::DateTime(DateTime {
        seconds: i64::MAX,
        nanoseconds: 0,
        zone: Zone::Offset(1),
        basis: SecondsBasis::Utc,
    });
    assert_eq!(encode_err(&v, V43), EncodeError::SecondsOverflow);
}

pub(super) fn vector_bytes(type_marker: &[u8], data: &[u8]) -> Vec<u8> {
    build(|e| {
        e.write_struct_header(tag::VECTOR, 2).unwrap();
        e.write_bytes(type_marker).unwrap();
        e.write_bytes(data).unwrap();
    })
}

#[test]
fn vectors_in_bolt_6() {
    let cases = [
        (VectorType::Int8, 0xC8, 1),
        (VectorType::Int16, 0xC9, 2),
        (VectorType::Int32, 0xCA, 4),
        (VectorType::Int64, 0xCB, 8),
        (VectorType::Float32, 0xC6, 4),
        (VectorType::Float64, 0xC1, 8),
    ];
    for (element_type, type_marker, size) in cases {
        let data: Vec<u8> = (0..size * 3).map(|i| i as u8).collect();
        let v = Value::Vector(Vector {
            element_type,
            data: data.clone(),
        });
        let bytes = encode(&v, V6);
        assert_eq!(bytes, vector_bytes(&[type_marker], &data));
        assert_eq!(&bytes[..5], &[0xB2, 0x56, 0xCC, 0x01, type_marker]);
        assert_eq!(decode(&bytes, V6).unwrap(), v);
        // Not before 6.0, either way.
        assert_eq!(
            encode_err(&v, V5),
            EncodeError::NotInDialect {
                type_name: "Vector",
                needs: "Bolt 6.0"
            }
        );
        assert_eq!(
            decode_err(&bytes, V5).kind,
            DecodeErrorKind::UnknownStructTag { tag: 0x56 }
        );
        // Data not a whole number of elements.
        if size > 1 {
            let bad = Value::Vector(Vector {
                element_type,
                data: vec![0; size + 1],
            });
            assert_eq!(
                encode_err(&bad, V6),
                EncodeError::VectorLength {
                    len: size + 1,
                    element_size: size
                }
            );
            assert!(matches!(
                decode_err(&vector_bytes(&[type_marker], &vec![0; size + 1]), V6).kind,
                DecodeErrorKind::InvalidField {
                    structure: "Vector",
                    field: "data",
                    ..
                }
            ));
        }
    }
    // Empty vectors are fine.
    round_trip(
        &Value::Vector(Vector {
            element_type: VectorType::Float32,
            data: vec![],
        }),
        V6,
    );
    for bad_marker in [&[][..], &[0xC0], &[0xC8, 0xC8], &[0x01]] {
        assert!(matches!(
            decode_err(&vector_bytes(bad_marker, &[]), V6).kind,
            DecodeErrorKind::InvalidField {
                structure: "Vector",
                field: "type_marker",
                ..
            }
        ));
    }
}

pub(super) fn unsupported_bytes(major: i64, minor: i64, extra: &[(&str, Value)]) -> Vec<u8> {
    let mut buf = Vec::new();
    let mut e = Encoder::new(&mut buf);
    e.write_struct_header(tag::UNSUPPORTED, 4).unwrap();
    e.write_string("FancyType").unwrap();
    e.write_int(major);
    e.write_int(minor);
    let Value::Map(extra) = map(extra) else {
        unreachable!()
    };
    e.write_map(&extra, V6).unwrap();
    buf
}

#[test]
fn unsupported_type_in_bolt_6() {
    let with_message = unsupported_bytes(7, 1, &[("message", s("upgrade"))]);
    let expected = UnsupportedType {
        name: "FancyType".to_owned(),
        minimum_protocol: (7, 1),
        message: Some("upgrade".to_owned()),
    };
    assert_eq!(
        decode(&with_message, V6).unwrap(),
        Value::Unsupported(expected.clone())
    );
    assert_eq!(
        decode(
            &unsupported_bytes(7, 0, &[("other", Value::Integer(1))]),
            V6
        )
        .unwrap(),
        Value::Unsupported(UnsupportedType {
            name: "FancyType".to_owned(),
            minimum_protocol: (7, 0),
            message: None,
        })
    );
    assert_eq!(
        decode_err(&with_message, V5).kind,
        DecodeErrorKind::UnknownStructTag { tag: 0x3F }
    );
    assert!(matches!(
        decode_err(&unsupported_bytes(256, 0, &[]), V6).kind,
        DecodeErrorKind::InvalidField {
            field: "minimum_protocol_major",
            ..
        }
    ));
    assert!(matches!(
        decode_err(&unsupported_bytes(6, -1, &[]), V6).kind,
        DecodeErrorKind::InvalidField {
            field: "minimum_protocol_minor",
            ..
        }
    ));
    assert!(matches!(
        decode_err(
            &unsupported_bytes(6, 1, &[("message", Value::Integer(1))]),
            V6
        )
        .kind,
        DecodeErrorKind::InvalidField {
            structure: "UnsupportedType",
            field: "extra",
            ..
        }
    ));
    // It cannot be sent back.
    assert_eq!(
        encode_err(&Value::Unsupported(expected), V6),
        EncodeError::NotAParameter {
            type_name: "UnsupportedType"
        }
    );
}

#[test]
fn hydrate_is_usable_on_its_own() {
    assert_eq!(
        hydrate(tag::DATE, vec![Value::Integer(3)], V5, 0).unwrap(),
        Value::Date(Date { days: 3 })
    );
    let e = hydrate(tag::DATE, vec![], V5, 9).unwrap_err();
    assert_eq!(e.offset, 9);
    assert_eq!(
        e.kind,
        DecodeErrorKind::WrongFieldCount {
            tag: 0x44,
            expected: 1,
            found: 0
        }
    );
    assert_eq!(
        hydrate(0x70, vec![], V5, 1).unwrap_err().kind,
        DecodeErrorKind::UnknownStructTag { tag: 0x70 }
    );
    assert_eq!(tag::name(tag::NODE), Some("Node"));
    assert_eq!(tag::name(0x70), None);
}
