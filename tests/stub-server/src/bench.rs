//! `bolt-stub --bench`: a Bolt 5.4 server for driver benchmarks (`bench/run.mjs`), on the same
//! port for TCP and WebSocket as the scripted stub.
//!
//! It answers what drivers send (HELLO, LOGON, LOGOFF, RUN, PULL, DISCARD, BEGIN, COMMIT,
//! ROLLBACK, RESET, TELEMETRY, GOODBYE) without checking it, and streams records that were
//! encoded once at start-up, so the server costs next to nothing per record. Queries:
//!
//! - `BENCH <shape> <rows>`: `rows` copies of one record of the shape (see [`shapes`]);
//! - `RETURN <anything>`: one record `[1]`, its key the text after ` AS `, or `1`;
//! - `UNWIND $rows ...`: no records, and as many nodes created (in the summary's `stats`) as the
//!   list parameter `rows` has entries: a bulk write, acknowledged without storing anything.
//!   List parameters are checked and counted but not kept (see [`Session::decode`]), so that
//!   the server stays cheap however large the write;
//! - anything else fails with `Neo.ClientError.Statement.SyntaxError`.
//!
//! `PULL {n}` sends `n` records then `has_more` (all with `-1`); `DISCARD` drops the rest.

use std::io;
use std::sync::Arc;

use neo4j_wasm::bolt::chunk::write_message;
use neo4j_wasm::bolt::Version;
use neo4j_wasm::packstream::{Decoder, Encoder, Token, Value};

use crate::reply::{
    answer_messages, handshake, map, string, strings, Answerer, Replies, BEGIN, COMMIT, DISCARD,
    GOODBYE, HELLO, IGNORED, LOGOFF, LOGON, PULL, RECORD, RESET, ROLLBACK, RUN, TELEMETRY,
};
use crate::transport::Conn;
use crate::values::{decode_message, Wire};

#[path = "../../../bench/record_shapes.rs"]
mod record_shapes;

/// The one version the server speaks; both official drivers and ours offer it.
pub const VERSION: Version = Version::V5_4;
/// Bytes gathered before a write (and, over WebSocket, one frame).
const FLUSH: usize = 64 * 1024;

/// A record shape, encoded once.
pub struct Shape {
    pub name: &'static str,
    pub keys: Vec<String>,
    /// Bytes of the record's field list alone (what `bench/codec.rs` decodes per record).
    pub list_bytes: usize,
    /// The chunked RECORD message.
    record: Vec<u8>,
    /// Enough copies of `record` back to back to fill one write.
    block: Vec<u8>,
}

impl Shape {
    fn new(name: &'static str, keys: &[&str], fields: Value) -> Self {
        let mut list = Vec::new();
        record_shapes::write_record(&fields, &mut Encoder::new(&mut list))
            .expect("bench records are encodable");
        let mut body = vec![0xB1, RECORD];
        body.extend_from_slice(&list);
        let mut record = Vec::new();
        write_message(&mut record, &body);
        let block = record.repeat((FLUSH / record.len()).max(1));
        Shape {
            name,
            keys: keys.iter().map(|k| (*k).to_owned()).collect(),
            list_bytes: list.len(),
            record,
            block,
        }
    }

    fn records_per_block(&self) -> usize {
        self.block.len() / self.record.len()
    }
}

/// The record shapes of `bench/codec.rs`, so that its native decoding figures are for the very
/// bytes the drivers get; the last one answers `RETURN` queries.
pub fn shapes() -> Vec<Shape> {
    vec![
        Shape::new(
            "ints",
            &["i0", "i1", "i2", "i3", "i4", "i5", "i6", "i7", "i8", "i9"],
            record_shapes::integers(),
        ),
        Shape::new(
            "strings",
            &["s0", "s1", "s2", "s3", "s4"],
            record_shapes::strings(),
        ),
        Shape::new("node", &["n"], record_shapes::node()),
        Shape::new("map", &["m"], record_shapes::mixed_map()),
        Shape::new("return", &["1"], Value::List(vec![Value::Integer(1)])),
    ]
}

/// What a query asks for: a shape (by index) and how many rows, and the keys.
#[derive(Debug, PartialEq)]
struct Query {
    shape: usize,
    rows: u64,
    keys: Vec<String>,
    /// A bulk write: the number of entries of its `rows` parameter.
    written: Option<usize>,
}

/// Reads `BENCH <shape> <rows>`, `RETURN ...` or `UNWIND $rows ...` (with the query's
/// `parameters`); `Err` is the failure message.
fn parse_query(text: &str, parameters: Option<&Wire>, shapes: &[Shape]) -> Result<Query, String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    match words.as_slice() {
        ["BENCH", name, rows] => {
            let shape = shapes
                .iter()
                .position(|s| s.name == *name && s.name != "return")
                .ok_or_else(|| format!("no record shape {name:?}"))?;
            let rows = rows
                .parse()
                .map_err(|_| format!("{rows:?} is not a row count"))?;
            Ok(Query {
                shape,
                rows,
                keys: shapes[shape].keys.clone(),
                written: None,
            })
        }
        ["UNWIND", "$rows", ..] => match crate::reply::entry(parameters, "rows") {
            Some(Wire::Int(n)) => Ok(Query {
                shape: shapes.len() - 1,
                rows: 0,
                keys: vec![],
                written: Some(*n as usize),
            }),
            _ => Err("UNWIND $rows needs a list parameter `rows`".to_owned()),
        },
        [first, ..] if first.eq_ignore_ascii_case("RETURN") => {
            let key = text
                .rsplit_once(" AS ")
                .map_or("1", |(_, alias)| alias.trim());
            Ok(Query {
                shape: shapes.len() - 1,
                rows: 1,
                keys: vec![key.to_owned()],
                written: None,
            })
        }
        _ => Err(format!(
            "the bench server knows `BENCH <shape> <rows>`, `RETURN ...` and `UNWIND $rows ...`, not {text:?}"
        )),
    }
}

/// One connection's state.
struct Session {
    conn: Conn,
    shapes: Arc<Vec<Shape>>,
    replies: Replies,
    id: usize,
    /// The open result: its shape and the rows not sent yet.
    open: Option<(usize, u64)>,
    /// The nodes the open result's bulk write created.
    written: Option<usize>,
    in_tx: bool,
    /// A request failed: everything but RESET is IGNORED.
    failed: bool,
    commits: u64,
}

/// Serves one Bolt connection until the client says GOODBYE or closes.
pub async fn serve(mut conn: Conn, id: usize, shapes: Arc<Vec<Shape>>) -> io::Result<()> {
    let Some(rest) = handshake(&mut conn, VERSION).await? else {
        conn.close().await;
        return Ok(());
    };
    let mut session = Session {
        conn,
        shapes,
        replies: Replies {
            out: Vec::with_capacity(2 * FLUSH),
        },
        id,
        open: None,
        written: None,
        in_tx: false,
        failed: false,
        commits: 0,
    };
    answer_messages(&mut session, &rest).await?;
    session.conn.close().await;
    Ok(())
}

/// The integer `key` of the map `fields[index]`.
fn int_field(fields: &[Wire], index: usize, key: &str) -> Option<i64> {
    match crate::reply::entry(fields.get(index), key) {
        Some(Wire::Int(i)) => Some(*i),
        _ => None,
    }
}

/// A message as [`decode_message`] reads it, except that each list parameter of a RUN stands as
/// its entry count (a `Wire::Int`): its entries are checked to be well formed, not built.
fn decode_with_counted_lists(body: &[u8]) -> Result<(u8, Vec<Wire>), String> {
    let mut dec = Decoder::new(body);
    let run_header = matches!(
        dec.next_token(),
        Ok(Token::Struct {
            tag: RUN,
            fields: 3
        })
    );
    if !run_header {
        return decode_message(body);
    }
    let text = match dec.next_token() {
        Ok(Token::String(text)) => Wire::String(text.to_owned()),
        _ => return decode_message(body),
    };
    let Ok(Token::Map(n)) = dec.next_token() else {
        return decode_message(body);
    };
    let mut parameters = Vec::with_capacity(n);
    for _ in 0..n {
        let Ok(Token::String(key)) = dec.next_token() else {
            return decode_message(body);
        };
        let mut peek = Decoder::new(&body[dec.position()..]);
        let value = match peek.next_token() {
            Ok(Token::List(entries)) => {
                dec.skip_value().map_err(|e| e.to_string())?;
                Wire::Int(entries as i64)
            }
            _ => Wire::decode_one(&mut dec)?,
        };
        parameters.push((key.to_owned(), value));
    }
    let extra = Wire::decode_one(&mut dec)?;
    if !dec.is_at_end() {
        return Err(format!(
            "{} bytes follow the message structure",
            dec.remaining()
        ));
    }
    Ok((RUN, vec![text, Wire::Map(parameters), extra]))
}

impl Answerer for Session {
    fn parts(&mut self) -> (&mut Conn, &mut Replies) {
        (&mut self.conn, &mut self.replies)
    }

    fn decode(&self, body: &[u8]) -> Result<(u8, Vec<Wire>), String> {
        decode_with_counted_lists(body)
    }

    async fn answer(&mut self, signature: u8, fields: &[Wire]) -> io::Result<()> {
        if signature == GOODBYE {
            return Ok(());
        }
        if self.failed && signature != RESET {
            self.message(IGNORED, vec![]);
            return Ok(());
        }
        match signature {
            HELLO => self.success(vec![
                ("server", string("Neo4j/5.26.0")),
                ("connection_id", string(&format!("bolt-{}", self.id))),
                ("hints", Wire::Map(vec![])),
            ]),
            LOGON | LOGOFF | TELEMETRY => self.success(vec![]),
            RESET => {
                self.open = None;
                self.in_tx = false;
                self.failed = false;
                self.success(vec![]);
            }
            BEGIN => {
                self.in_tx = true;
                self.success(vec![]);
            }
            COMMIT | ROLLBACK => {
                self.in_tx = false;
                self.open = None;
                if signature == COMMIT {
                    self.commits += 1;
                    let bookmark = format!("bench:{}:{}", self.id, self.commits);
                    self.success(vec![("bookmark", string(&bookmark))]);
                } else {
                    self.success(vec![]);
                }
            }
            RUN => {
                let text = match fields.first() {
                    Some(Wire::String(text)) => text.as_str(),
                    _ => "",
                };
                match parse_query(text, fields.get(1), &self.shapes) {
                    Ok(query) => {
                        self.open = Some((query.shape, query.rows));
                        self.written = query.written;
                        let mut meta =
                            vec![("fields", strings(&query.keys)), ("t_first", Wire::Int(0))];
                        if self.in_tx {
                            meta.push(("qid", Wire::Int(0)));
                        }
                        self.success(meta);
                    }
                    Err(why) => self.fail("Neo.ClientError.Statement.SyntaxError", &why),
                }
            }
            PULL | DISCARD => {
                let Some((shape, left)) = self.open else {
                    self.fail("Neo.ClientError.Request.Invalid", "no open result");
                    return Ok(());
                };
                let n = match int_field(fields, 0, "n") {
                    Some(n) if n >= 0 => (n as u64).min(left),
                    _ => left,
                };
                if signature == PULL {
                    self.records(shape, n).await?;
                }
                if n < left {
                    self.open = Some((shape, left - n));
                    self.success(vec![("has_more", Wire::Bool(true))]);
                } else {
                    self.open = None;
                    let mut meta = vec![
                        ("type", string("r")),
                        ("t_last", Wire::Int(0)),
                        ("db", string("neo4j")),
                    ];
                    if !self.in_tx {
                        meta.push(("bookmark", string(&format!("bench:{}:0", self.id))));
                    }
                    if let Some(n) = self.written.take() {
                        meta.push(("stats", map(vec![("nodes-created", Wire::Int(n as i64))])));
                    }
                    self.success(meta);
                }
            }
            other => self.fail(
                "Neo.ClientError.Request.Invalid",
                &format!("the bench server does not answer message {other:#04x}"),
            ),
        }
        Ok(())
    }
}

impl Session {
    /// Appends `count` records of the shape, writing whenever a block is full.
    async fn records(&mut self, shape: usize, count: u64) -> io::Result<()> {
        let shapes = self.shapes.clone();
        let shape = &shapes[shape];
        let per_block = shape.records_per_block() as u64;
        let mut left = count;
        while left > 0 {
            let k = left.min(per_block);
            self.replies
                .out
                .extend_from_slice(&shape.block[..k as usize * shape.record.len()]);
            left -= k;
            if self.replies.out.len() >= FLUSH {
                self.replies.flush(&mut self.conn).await?;
            }
        }
        Ok(())
    }

    fn message(&mut self, signature: u8, fields: Vec<Wire>) {
        self.replies.message(signature, fields);
    }

    fn success(&mut self, meta: Vec<(&str, Wire)>) {
        self.replies.success(meta);
    }

    fn fail(&mut self, code: &str, why: &str) {
        self.failed = true;
        self.replies.failure(VERSION, code, why);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reply::offers_version;
    use neo4j_wasm::bolt::handshake::{client_hello, DEFAULT_PROPOSALS};
    use neo4j_wasm::packstream::{Decoder, Dialect, Value};

    #[test]
    fn records_decode_to_the_codec_bench_values() {
        let shapes = shapes();
        let node = &shapes[2];
        // Chunk header, then the RECORD structure, then the end marker.
        let len = usize::from(u16::from_be_bytes([node.record[0], node.record[1]]));
        assert_eq!(len + 4, node.record.len());
        assert_eq!(&node.record[2..4], &[0xB1, RECORD]);
        assert_eq!(len - 2, node.list_bytes);
        let mut d = Decoder::new(&node.record[4..2 + len]);
        let Value::List(fields) = d.read_value(Dialect::BOLT_5).unwrap() else {
            panic!("not a list");
        };
        let Value::Node(n) = &fields[0] else {
            panic!("not a node: {:?}", fields[0]);
        };
        assert_eq!(n.labels, ["Person", "Employee"]);
        assert_eq!(n.properties.len(), 6);
        assert!(shapes
            .iter()
            .all(|s| s.block.len() >= FLUSH.min(s.record.len())));
    }

    #[test]
    fn queries_pick_shapes_and_keys() {
        let shapes = shapes();
        let q = parse_query("BENCH strings 100000", None, &shapes).unwrap();
        assert_eq!((q.shape, q.rows, q.keys.len()), (1, 100_000, 5));
        let q = parse_query("RETURN 1 AS n", None, &shapes).unwrap();
        assert_eq!((q.shape, q.rows, q.keys), (4, 1, vec!["n".to_owned()]));
        assert_eq!(parse_query("RETURN 1", None, &shapes).unwrap().keys, ["1"]);
        assert!(parse_query("BENCH return 1", None, &shapes).is_err());
        assert!(parse_query("BENCH ints many", None, &shapes).is_err());
        assert!(parse_query("MATCH (n) RETURN n", None, &shapes).is_err());
    }

    #[test]
    fn run_list_parameters_are_counted() {
        let run = Wire::Struct(
            RUN,
            vec![
                string("UNWIND $rows AS r"),
                map(vec![
                    ("rows", Wire::List(vec![map(vec![("a", Wire::Int(1))]); 4])),
                    ("n", Wire::Int(7)),
                ]),
                map(vec![]),
            ],
        );
        let mut body = Vec::new();
        run.encode(&mut Encoder::new(&mut body)).unwrap();
        let (signature, fields) = decode_with_counted_lists(&body).unwrap();
        assert_eq!(signature, RUN);
        assert_eq!(
            fields[1],
            map(vec![("rows", Wire::Int(4)), ("n", Wire::Int(7))])
        );
        body.pop();
        assert!(decode_with_counted_lists(&body).is_err());
    }

    #[test]
    fn bulk_writes_count_their_rows() {
        let shapes = shapes();
        let rows = map(vec![("rows", Wire::Int(3))]);
        let q = parse_query("UNWIND $rows AS r CREATE (:R)", Some(&rows), &shapes).unwrap();
        assert_eq!((q.rows, q.keys.len(), q.written), (0, 0, Some(3)));
        assert!(parse_query("UNWIND $rows AS r CREATE (:R)", None, &shapes).is_err());
    }

    #[test]
    fn handshake_needs_5_4() {
        assert!(offers_version(&client_hello(&DEFAULT_PROPOSALS), VERSION));
        // The official drivers: manifest v1, 5.8-5.0, 4.4-4.2, 3.0.
        let official = [
            0x60, 0x60, 0xB0, 0x17, 0, 0, 1, 0xFF, 0, 8, 8, 5, 0, 2, 4, 4, 0, 0, 0, 3,
        ];
        assert!(offers_version(&official, VERSION));
        let old = [
            0x60, 0x60, 0xB0, 0x17, 0, 2, 4, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        ];
        assert!(!offers_version(&old, VERSION));
    }
}
