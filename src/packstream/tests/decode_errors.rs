//! Decode errors, each with its offset.
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use super::*;

#[test]
fn unexpected_end_points_at_the_item() {
    let e = decode_err(&[], V5);
    assert_eq!(
        (e.offset, e.kind),
        (
            0,
            DecodeErrorKind::UnexpectedEnd {
                needed: 1,
                available: 0
            }
        )
    );
    let e = decode_err(&[0xC9, 0x01], V5);
    assert_eq!(
        (e.offset, e.kind),
        (
            0,
            DecodeErrorKind::UnexpectedEnd {
                needed: 3,
                available: 2
            }
        )
    );
    let e = decode_err(&[0x92, 0x01, 0xCA, 0x00], V5);
    assert_eq!(
        (e.offset, e.kind.clone()),
        (
            2,
            DecodeErrorKind::UnexpectedEnd {
                needed: 5,
                available: 2
            }
        )
    );
    assert_eq!(
        e.to_string(),
        "PackStream decode error at byte 2: unexpected end of data: needed 5 bytes but only 2 \
         remain"
    );
    // Missing list entry, missing struct tag, truncated size header.
    assert_eq!(
        decode_err(&[0x92, 0x81, 0x61], V5),
        DecodeError::new(
            3,
            DecodeErrorKind::UnexpectedEnd {
                needed: 1,
                available: 0
            }
        )
    );
    assert_eq!(
        decode_err(&[0xB1], V5).kind,
        DecodeErrorKind::UnexpectedEnd {
            needed: 2,
            available: 1
        }
    );
    assert_eq!(
        decode_err(&[0xD1, 0x01], V5).kind,
        DecodeErrorKind::UnexpectedEnd {
            needed: 3,
            available: 2
        }
    );
    assert_eq!(
        decode_err(&[0xC1, 0, 0, 0], V5).kind,
        DecodeErrorKind::UnexpectedEnd {
            needed: 9,
            available: 4
        }
    );
}

#[test]
fn unknown_markers() {
    let mut unknown: Vec<u8> = vec![
        0xC4, 0xC5, 0xC6, 0xC7, 0xCF, 0xD3, 0xD7, 0xDB, 0xDC, 0xDD, 0xDE, 0xDF,
    ];
    unknown.extend(0xE0..=0xEF);
    // 0xE0 (a UUID) is unknown before Bolt 6.1: with its 16 bytes there, still an error.
    for m in &unknown {
        let mut input = vec![0; 17];
        input[0] = *m;
        let e = decode_err(&input, V5);
        assert_eq!((e.offset, e.kind), (0, DecodeErrorKind::UnknownMarker(*m)));
    }
    let e = decode_err(&[0x91, 0xDF], V5);
    assert_eq!(e.offset, 1);
    assert_eq!(
        e.to_string(),
        "PackStream decode error at byte 1: unknown marker byte 0xDF"
    );
    // Every other byte is a valid marker: none reports UnknownMarker.
    for m in 0..=255u8 {
        if !unknown.contains(&m) {
            let e = Decoder::new(&[m]).next_token().err();
            assert!(
                !matches!(
                    e,
                    Some(DecodeError {
                        kind: DecodeErrorKind::UnknownMarker(_),
                        ..
                    })
                ),
                "{m:02X}"
            );
        }
    }
}

#[test]
fn invalid_utf8() {
    let e = decode_err(&[0x82, 0xC3, 0x28], V5);
    assert_eq!(
        (e.offset, e.kind),
        (0, DecodeErrorKind::InvalidUtf8 { valid_up_to: 0 })
    );
    let e = decode_err(&[0x91, 0x83, 0x61, 0xFF, 0x62], V5);
    assert_eq!(
        (e.offset, e.kind.clone()),
        (1, DecodeErrorKind::InvalidUtf8 { valid_up_to: 1 })
    );
    assert_eq!(
        e.to_string(),
        "PackStream decode error at byte 1: string is not valid UTF-8 (first invalid byte 1 \
         bytes into it)"
    );
    // Truncated multi-byte sequence at the end of the string, and as a map key.
    assert!(matches!(
        decode_err(&[0x81, 0xE2], V5).kind,
        DecodeErrorKind::InvalidUtf8 { .. }
    ));
    assert_eq!(decode_err(&[0xA1, 0x81, 0xFF, 0x01], V5).offset, 1);
}

#[test]
fn declared_sizes_beyond_input() {
    // The example from the documentation: 17 bytes of other data first.
    let mut bytes = vec![0x92, 0xD0, 0x0E];
    bytes.extend_from_slice(b"fourteen bytes");
    assert_eq!(bytes.len(), 17);
    bytes.extend_from_slice(&[0xD1, 0x01, 0x2C]);
    bytes.extend_from_slice(&[b'x'; 12]);
    let e = decode_err(&bytes, V5);
    assert_eq!(
        e.kind,
        DecodeErrorKind::SizeBeyondInput {
            item: SizedItem::String,
            declared: 300,
            available: 12
        }
    );
    assert_eq!(
        e.to_string(),
        "PackStream decode error at byte 17: string declares 300 bytes but only 12 remain"
    );
    let e = decode_err(&[0xCE, 0xFF, 0xFF, 0xFF, 0xFF, 1, 2], V5);
    assert_eq!(
        e.kind,
        DecodeErrorKind::SizeBeyondInput {
            item: SizedItem::Bytes,
            declared: u64::from(u32::MAX),
            available: 2
        }
    );
    let e = decode_err(&[0xD6, 0xFF, 0xFF, 0xFF, 0xFF, 0x01], V5);
    assert_eq!(
        e.kind,
        DecodeErrorKind::SizeBeyondInput {
            item: SizedItem::List,
            declared: u64::from(u32::MAX),
            available: 1
        }
    );
    assert_eq!(
        e.to_string(),
        "PackStream decode error at byte 0: list declares 4294967295 entries but only 1 bytes \
         remain"
    );
    let e = decode_err(&[0x91, 0xDA, 0x7F, 0xFF, 0xFF, 0xFF], V5);
    assert_eq!(e.offset, 1);
    assert_eq!(
        e.kind,
        DecodeErrorKind::SizeBeyondInput {
            item: SizedItem::Map,
            declared: 0x7FFF_FFFF,
            available: 0
        }
    );
    // Tiny forms too.
    assert!(matches!(
        decode_err(&[0x9F, 0x01], V5).kind,
        DecodeErrorKind::SizeBeyondInput {
            item: SizedItem::List,
            declared: 15,
            available: 1
        }
    ));
    assert!(matches!(
        decode_err(&[0x85, 0x61], V5).kind,
        DecodeErrorKind::SizeBeyondInput {
            item: SizedItem::String,
            declared: 5,
            available: 1
        }
    ));
}

#[test]
fn nested_huge_headers_do_not_over_allocate() {
    // 120 nested lists each declaring as many entries as could possibly fit, then filler. Each
    // header alone is plausible; preallocation is capped by what the input can still hold
    // for all of them together, so this runs in small memory and fails cleanly.
    let filler = 1 << 16;
    let mut bytes = Vec::new();
    for level in 0..120usize {
        let remaining = 120 - level - 1;
        let declared = (remaining * 5 + filler) as u32;
        bytes.push(0xD6);
        bytes.extend_from_slice(&declared.to_be_bytes());
    }
    bytes.resize(bytes.len() + filler, 0x00);
    let e = decode_err(&bytes, V5);
    assert!(
        matches!(e.kind, DecodeErrorKind::UnexpectedEnd { .. }),
        "{e}"
    );
    // Same with maps.
    let mut bytes = Vec::new();
    for _ in 0..120 {
        bytes.extend_from_slice(&[0xDA, 0x00, 0x00, 0x80, 0x00, 0x80]);
    }
    bytes.resize(bytes.len() + filler, 0x80);
    assert!(decode_err(&bytes, V5).offset > 0);
}

#[test]
fn nesting_depth_limit() {
    let mut ok = vec![0x91; MAX_DEPTH];
    ok.push(0xC0);
    assert!(decode(&ok, V5).is_ok());
    let mut too_deep = vec![0x91; MAX_DEPTH + 1];
    too_deep.push(0xC0);
    let e = decode_err(&too_deep, V5);
    assert_eq!(
        (e.offset, e.kind.clone()),
        (MAX_DEPTH, DecodeErrorKind::TooDeep { limit: MAX_DEPTH })
    );
    assert_eq!(
        e.to_string(),
        "PackStream decode error at byte 128: values are nested more than 128 levels deep"
    );
    // Maps and structures count as levels too.
    let mut mixed = Vec::new();
    for _ in 0..MAX_DEPTH {
        mixed.extend_from_slice(&[0xA1, 0x81, 0x6B]);
    }
    mixed.extend_from_slice(&[0xB1, 0x44, 0x01]);
    assert_eq!(
        decode_err(&mixed, V5).kind,
        DecodeErrorKind::TooDeep { limit: MAX_DEPTH }
    );
    // A very deep hostile input fails fast instead of overflowing the stack.
    let hostile = vec![0x91; 1_000_000];
    assert_eq!(decode_err(&hostile, V5).offset, MAX_DEPTH);
}

#[test]
fn map_keys_must_be_strings() {
    let e = decode_err(&[0xA2, 0x81, 0x61, 0x01, 0x01, 0x01], V5);
    assert_eq!(
        (e.offset, e.kind.clone()),
        (4, DecodeErrorKind::MapKeyNotString)
    );
    assert_eq!(
        e.to_string(),
        "PackStream decode error at byte 4: map key is not a string"
    );
    assert_eq!(decode_err(&[0xA1, 0xC0, 0x01], V5).offset, 1);
}

#[test]
fn unknown_structure_tags() {
    // A message structure is not a value.
    let e = decode_err(&[0x91, 0xB1, 0x70, 0xA0], V5);
    assert_eq!(
        (e.offset, e.kind.clone()),
        (1, DecodeErrorKind::UnknownStructTag { tag: 0x70 })
    );
    assert_eq!(
        e.to_string(),
        "PackStream decode error at byte 1: structure tag 0x70 is not valid in this protocol \
         version"
    );
    // The tag is checked before the fields are read.
    assert_eq!(
        decode_err(&[0xB1, 0x00], V5).kind,
        DecodeErrorKind::UnknownStructTag { tag: 0x00 }
    );
}
