//! Hydration: turning a value structure's tag and decoded fields into a driver [`Value`].
//!
//! Kept apart from the decoder so other consumers (for example one building JS values from
//! tokens) can reuse the exact same rules.

use super::{
    error::{DecodeError, DecodeErrorKind, PathProblem},
    tag, vector_type_from_marker, vector_type_info, Date, DateTime, Dialect, Duration,
    LocalDateTime, LocalTime, Map, Node, Path, PathSegment, Point, Relationship, SecondsBasis,
    Time, UnboundRelationship, UnsupportedType, Value, Vector, VectorType, Zone,
};

/// How many fields a value structure has in `dialect`, or `None` when the tag is not a value
/// structure there.
pub(crate) fn expected_fields(tag: u8, dialect: Dialect) -> Option<usize> {
    let ids = dialect.element_ids;
    Some(match tag {
        tag::NODE => 3 + usize::from(ids),
        tag::RELATIONSHIP => 5 + 3 * usize::from(ids),
        tag::UNBOUND_RELATIONSHIP => 3 + usize::from(ids),
        tag::PATH => 3,
        tag::DATE | tag::LOCAL_TIME => 1,
        tag::TIME | tag::LOCAL_DATE_TIME => 2,
        tag::DURATION => 4,
        tag::POINT_2D => 3,
        tag::POINT_3D => 4,
        tag::DATE_TIME | tag::DATE_TIME_ZONE_ID if dialect.utc_datetime => 3,
        tag::LEGACY_DATE_TIME | tag::LEGACY_DATE_TIME_ZONE_ID if !dialect.utc_datetime => 3,
        tag::VECTOR if dialect.vectors => 2,
        tag::UNSUPPORTED if dialect.vectors => 4,
        _ => return None,
    })
}

/// Builds the driver value for a structure with `tag` and already-decoded `fields`, as
/// `dialect` defines it. `offset` (the structure's marker position) goes into any error.
///
/// Checks that the tag is valid in the dialect, the field count matches, and every field has
/// the type the specification gives it. Before Bolt 5.0 element ids are filled in from the
/// numeric ids. A Path's index list is checked and turned into [`PathSegment`]s.
pub fn hydrate(
    tag: u8,
    fields: Vec<Value>,
    dialect: Dialect,
    offset: usize,
) -> Result<Value, DecodeError> {
    let expected = expected_fields(tag, dialect).ok_or(DecodeError::new(
        offset,
        DecodeErrorKind::UnknownStructTag { tag },
    ))?;
    if fields.len() != expected {
        return Err(DecodeError::new(
            offset,
            DecodeErrorKind::WrongFieldCount {
                tag,
                expected,
                found: fields.len(),
            },
        ));
    }
    hydrate_checked(tag, fields, dialect, offset)
}

/// [`hydrate`] for a `tag` valid in `dialect` with the right number of `fields`, which the
/// decoder checks before reading the fields.
pub(super) fn hydrate_checked(
    tag: u8,
    fields: Vec<Value>,
    dialect: Dialect,
    offset: usize,
) -> Result<Value, DecodeError> {
    let mut f = Fields {
        iter: fields.into_iter(),
        wrong: None,
    };
    let ids = dialect.element_ids;
    let value = match tag {
        tag::NODE => Value::Node(node(&mut f, ids)),
        tag::RELATIONSHIP => Value::Relationship(relationship(&mut f, ids)),
        tag::UNBOUND_RELATIONSHIP => Value::UnboundRelationship(unbound(&mut f, ids)),
        tag::PATH => match path(&mut f) {
            Ok(path) => Value::Path(path),
            Err(problem) => {
                return Err(DecodeError::new(offset, DecodeErrorKind::BadPath(problem)))
            }
        },
        tag::DATE => Value::Date(Date {
            days: f.int("days"),
        }),
        tag::TIME => Value::Time(Time {
            nanoseconds: f.int("nanoseconds"),
            tz_offset_seconds: f.int("tz_offset_seconds"),
        }),
        tag::LOCAL_TIME => Value::LocalTime(LocalTime {
            nanoseconds: f.int("nanoseconds"),
        }),
        tag::LOCAL_DATE_TIME => Value::LocalDateTime(LocalDateTime {
            seconds: f.int("seconds"),
            nanoseconds: f.int("nanoseconds"),
        }),
        tag::DATE_TIME
        | tag::LEGACY_DATE_TIME
        | tag::DATE_TIME_ZONE_ID
        | tag::LEGACY_DATE_TIME_ZONE_ID => {
            let seconds = f.int("seconds");
            let nanoseconds = f.int("nanoseconds");
            let zone = if tag == tag::DATE_TIME || tag == tag::LEGACY_DATE_TIME {
                Zone::Offset(f.int("tz_offset_seconds"))
            } else {
                Zone::Id(f.string("tz_id"))
            };
            let basis = if tag == tag::DATE_TIME || tag == tag::DATE_TIME_ZONE_ID {
                SecondsBasis::Utc
            } else {
                SecondsBasis::Local
            };
            Value::DateTime(DateTime {
                seconds,
                nanoseconds,
                zone,
                basis,
            })
        }
        tag::DURATION => Value::Duration(Duration {
            months: f.int("months"),
            days: f.int("days"),
            seconds: f.int("seconds"),
            nanoseconds: f.int("nanoseconds"),
        }),
        tag::POINT_2D | tag::POINT_3D => Value::Point(Point {
            srid: f.int("srid"),
            x: f.float("x"),
            y: f.float("y"),
            z: (tag == tag::POINT_3D).then(|| f.float("z")),
        }),
        tag::VECTOR => Value::Vector(vector(&mut f)),
        tag::UNSUPPORTED => Value::Unsupported(unsupported(&mut f)),
        // `expected_fields` accepted only the tags above.
        _ => {
            return Err(DecodeError::new(
                offset,
                DecodeErrorKind::UnknownStructTag { tag },
            ))
        }
    };
    match f.wrong {
        None => Ok(value),
        Some((field, expected)) => Err(DecodeError::new(
            offset,
            DecodeErrorKind::InvalidField {
                structure: tag::name(tag).unwrap_or("structure"),
                field,
                expected,
            },
        )),
    }
}

/// A structure's fields, taken in order with type checks. A field of the wrong type reads as
/// an empty value and is remembered, so a structure is read without stopping and then
/// reported by its first wrong field (which [`Fields::wrong`] keeps).
struct Fields {
    iter: std::vec::IntoIter<Value>,
    /// The first field found wrong, and what it must be.
    wrong: Option<(&'static str, &'static str)>,
}

impl Fields {
    /// Notes that `field` is not `expected`, unless an earlier field was wrong already.
    #[cold]
    #[inline(never)]
    fn invalid(&mut self, field: &'static str, expected: &'static str) {
        self.wrong.get_or_insert((field, expected));
    }

    fn int(&mut self, field: &'static str) -> i64 {
        match self.iter.next() {
            Some(Value::Integer(i)) => i,
            _ => {
                self.invalid(field, "an integer");
                0
            }
        }
    }

    fn float(&mut self, field: &'static str) -> f64 {
        match self.iter.next() {
            Some(Value::Float(x)) => x,
            _ => {
                self.invalid(field, "a float");
                0.0
            }
        }
    }

    fn string(&mut self, field: &'static str) -> String {
        match self.iter.next() {
            Some(Value::String(s)) => s,
            _ => {
                self.invalid(field, "a string");
                String::new()
            }
        }
    }

    fn bytes(&mut self, field: &'static str) -> Vec<u8> {
        match self.iter.next() {
            Some(Value::Bytes(b)) => b,
            _ => {
                self.invalid(field, "a byte array");
                Vec::new()
            }
        }
    }

    fn map(&mut self, field: &'static str) -> Map {
        match self.iter.next() {
            Some(Value::Map(m)) => m,
            _ => {
                self.invalid(field, "a map");
                Map::new()
            }
        }
    }

    /// The element id `field` (Bolt 5.0+, when the dialect has `element_ids`), or else the
    /// numeric `id` as text, as the server would have sent it.
    fn element_id(&mut self, field: &'static str, id: i64, element_ids: bool) -> String {
        if element_ids {
            self.string(field)
        } else {
            id.to_string()
        }
    }

    /// A list whose every entry `pick` accepts; `expected` describes the whole list.
    fn list_of<T>(
        &mut self,
        field: &'static str,
        expected: &'static str,
        pick: impl Fn(Value) -> Option<T>,
    ) -> Vec<T> {
        let Some(Value::List(items)) = self.iter.next() else {
            self.invalid(field, expected);
            return Vec::new();
        };
        let mut list = Vec::with_capacity(items.len());
        for item in items {
            match pick(item) {
                Some(entry) => list.push(entry),
                None => {
                    self.invalid(field, expected);
                    break;
                }
            }
        }
        list
    }
}

fn node(f: &mut Fields, element_ids: bool) -> Node {
    let id = f.int("id");
    let labels = f.list_of("labels", "a list of strings", |v| match v {
        Value::String(s) => Some(s),
        _ => None,
    });
    let properties = f.map("properties");
    let element_id = f.element_id("element_id", id, element_ids);
    Node {
        id,
        labels,
        properties,
        element_id,
    }
}

fn relationship(f: &mut Fields, element_ids: bool) -> Relationship {
    let id = f.int("id");
    let start_node_id = f.int("startNodeId");
    let end_node_id = f.int("endNodeId");
    let rel_type = f.string("type");
    let properties = f.map("properties");
    let element_id = f.element_id("element_id", id, element_ids);
    let start_node_element_id = f.element_id("start_node_element_id", start_node_id, element_ids);
    let end_node_element_id = f.element_id("end_node_element_id", end_node_id, element_ids);
    Relationship {
        id,
        start_node_id,
        end_node_id,
        rel_type,
        properties,
        element_id,
        start_node_element_id,
        end_node_element_id,
    }
}

fn unbound(f: &mut Fields, element_ids: bool) -> UnboundRelationship {
    let id = f.int("id");
    let rel_type = f.string("type");
    let properties = f.map("properties");
    let element_id = f.element_id("element_id", id, element_ids);
    UnboundRelationship {
        id,
        rel_type,
        properties,
        element_id,
    }
}

/// A Path, or what is wrong with its index list; its steps are worked out only when its
/// fields are right.
fn path(f: &mut Fields) -> Result<Path, PathProblem> {
    let nodes = f.list_of("nodes", "a list of Node structures", |v| match v {
        Value::Node(n) => Some(n),
        _ => None,
    });
    let rels = f.list_of(
        "rels",
        "a list of UnboundRelationship structures",
        |v| match v {
            Value::UnboundRelationship(r) => Some(r),
            _ => None,
        },
    );
    let indices = f.list_of("indices", "a list of integers", |v| match v {
        Value::Integer(i) => Some(i),
        _ => None,
    });
    let segments = match f.wrong {
        None => path_segments(nodes.len(), rels.len(), &indices)?,
        Some(_) => Vec::new(),
    };
    Ok(Path {
        nodes,
        relationships: rels,
        segments,
    })
}

/// Checks a path's index list against its `nodes` and `rels` counts and turns it into steps:
/// the path starts at node 0; each (relationship, node) index pair is one step, the
/// relationship index 1-based and negative when traversed against its direction.
fn path_segments(
    nodes: usize,
    rels: usize,
    indices: &[i64],
) -> Result<Vec<PathSegment>, PathProblem> {
    if indices.len() % 2 != 0 {
        return Err(PathProblem::OddIndexCount(indices.len()));
    }
    if nodes == 0 {
        return Err(PathProblem::NoNodes);
    }
    let mut segments = Vec::with_capacity(indices.len() / 2);
    let mut previous = 0;
    for (step, pair) in indices.chunks_exact(2).enumerate() {
        let &[rel_index, node_index] = pair else {
            continue; // chunks_exact yields pairs only
        };
        let position = step * 2;
        if rel_index == 0 {
            return Err(PathProblem::ZeroRelationshipIndex { position });
        }
        let relationship = usize::try_from(rel_index.unsigned_abs())
            .ok()
            .and_then(|i| i.checked_sub(1))
            .filter(|&i| i < rels)
            .ok_or(PathProblem::RelationshipOutOfRange {
                position,
                index: rel_index,
                relationships: rels,
            })?;
        let next = usize::try_from(node_index)
            .ok()
            .filter(|&i| i < nodes)
            .ok_or(PathProblem::NodeOutOfRange {
                position: position + 1,
                index: node_index,
                nodes,
            })?;
        segments.push(PathSegment {
            start: previous,
            relationship,
            end: next,
            forward: rel_index > 0,
        });
        previous = next;
    }
    Ok(segments)
}

fn vector(f: &mut Fields) -> Vector {
    const TYPE_MARKER: &str = "a single byte C8, C9, CA, CB, C6 or C1";
    let type_marker = f.bytes("type_marker");
    let element_type = match type_marker.as_slice() {
        [m] => vector_type_from_marker(*m),
        _ => None,
    }
    .unwrap_or_else(|| {
        f.invalid("type_marker", TYPE_MARKER);
        VectorType::Int8
    });
    let data = f.bytes("data");
    if data.len() % vector_type_info(element_type).1 != 0 {
        f.invalid(
            "data",
            "a byte array whose length is a multiple of the element size",
        );
    }
    Vector { element_type, data }
}

fn unsupported(f: &mut Fields) -> UnsupportedType {
    const VERSION: &str = "an integer from 0 to 255";
    let name = f.string("name");
    let mut version = |field| {
        let number = f.int(field);
        u8::try_from(number).unwrap_or_else(|_| {
            f.invalid(field, VERSION);
            0
        })
    };
    let minimum_protocol = (
        version("minimum_protocol_major"),
        version("minimum_protocol_minor"),
    );
    let extra = f.map("extra");
    let message = match extra.into_iter().find(|(k, _)| k == "message") {
        None | Some((_, Value::Null)) => None,
        Some((_, Value::String(s))) => Some(s),
        Some(_) => {
            f.invalid("extra", "a map whose `message` entry, if any, is a string");
            None
        }
    };
    UnsupportedType {
        name,
        minimum_protocol,
        message,
    }
}
