//! The decoder's checks: any input, every way of reading it.

use neo4j_wasm::packstream::{DecodeError, Decoder, Dialect, Encoder, Token};

/// Bolt 4.3 (legacy date-times, no element ids), 5.0 and 6.0 (vectors).
pub const DIALECTS: [Dialect; 3] = [Dialect::BOLT_4, Dialect::BOLT_5, Dialect::BOLT_6];

/// Walks one value token by token, returning the end position.
fn token_walk(input: &[u8]) -> Result<usize, DecodeError> {
    let mut d = Decoder::new(input);
    let mut pending = 1u64;
    while pending > 0 {
        pending -= 1;
        match d.next_token()? {
            Token::List(n) | Token::Struct { fields: n, .. } => pending += n as u64,
            Token::Map(n) => pending += 2 * n as u64,
            _ => {}
        }
    }
    Ok(d.position())
}

/// Decodes `input` every way the decoder offers, in every dialect, checking that the readings
/// agree, that errors point into the input, and that a value decoded and re-encoded decodes to
/// the same bytes again.
pub fn check_decoding(input: &[u8]) {
    let walked = token_walk(input);
    let mut d = Decoder::new(input);
    let skipped = d.skip_value().map(|()| d.position());
    assert_eq!(skipped, walked);
    for dialect in DIALECTS {
        if let Err(e) = Decoder::new(input).read_map(dialect) {
            assert!(e.offset <= input.len());
        }
        let mut d = Decoder::new(input);
        let value = match d.read_value(dialect) {
            Ok(value) => value,
            Err(e) => {
                assert!(e.offset <= input.len());
                continue;
            }
        };
        // A value read whole is exactly as long as the skipped one.
        assert_eq!(Ok(d.position()), skipped);
        // Values that are parameters encode; decoding that gives the same encoding back
        // (compared as bytes, so NaNs compare by their bits).
        let mut bytes = Vec::new();
        if Encoder::new(&mut bytes)
            .write_value(&value, dialect)
            .is_ok()
        {
            let again = Decoder::new(&bytes)
                .read_value(dialect)
                .expect("re-decoding");
            let mut bytes_again = Vec::new();
            Encoder::new(&mut bytes_again)
                .write_value(&again, dialect)
                .expect("re-encoding");
            assert_eq!(bytes, bytes_again);
        }
    }
}
