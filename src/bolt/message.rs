//! Bolt messages: requests encoded with their per-version fields, responses parsed.

use std::borrow::Cow;
use std::fmt;

use super::chunk::{begin_message, end_message, Bodies};
use super::{Feature, Version};
use crate::packstream::{
    DecodeError, DecodeErrorKind, Decoder, Dialect, EncodeError, Encoder, Map, TapedMap, Token,
    Value,
};

/// Whether work goes to a writer or may go to a reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AccessMode {
    /// Writes allowed (the default).
    #[default]
    Write,
    /// Reads only; routing drivers may send it to a reader.
    Read,
}

/// Which transaction a RUN runs in.
#[derive(Debug, Clone, PartialEq)]
pub enum Within {
    /// An auto-commit transaction of its own, with this config.
    AutoCommit(TxConfig),
    /// The explicit transaction open on the connection (BEGIN came before).
    Transaction,
}

/// A query's parameters: values, or a map as a host wrote it on a parameter tape (the JS layer's
/// parameters, encoded straight from the tape).
#[derive(Debug, Clone, PartialEq)]
pub enum Parameters {
    /// Values.
    Map(Map),
    /// A map on a parameter tape.
    Taped(TapedMap),
}

impl From<Map> for Parameters {
    fn from(map: Map) -> Self {
        Parameters::Map(map)
    }
}

impl From<TapedMap> for Parameters {
    fn from(map: TapedMap) -> Self {
        Parameters::Taped(map)
    }
}

/// Credentials for HELLO (up to Bolt 5.0) or LOGON (5.1+). `Debug` never shows credentials.
#[derive(Clone, PartialEq)]
pub struct AuthToken {
    fields: Map,
}

impl AuthToken {
    /// No authentication.
    pub fn none() -> Self {
        Self::custom_fields(vec![("scheme".into(), Value::String("none".into()))])
    }

    /// User name and password, optionally in a realm.
    pub fn basic(user: &str, password: &str, realm: Option<&str>) -> Self {
        let mut fields = vec![
            ("scheme".into(), Value::String("basic".into())),
            ("principal".into(), Value::String(user.into())),
            ("credentials".into(), Value::String(password.into())),
        ];
        if let Some(realm) = realm {
            fields.push(("realm".into(), Value::String(realm.into())));
        }
        Self::custom_fields(fields)
    }

    /// A bearer token (SSO).
    pub fn bearer(token: &str) -> Self {
        Self::custom_fields(vec![
            ("scheme".into(), Value::String("bearer".into())),
            ("credentials".into(), Value::String(token.into())),
        ])
    }

    /// A base64 Kerberos ticket.
    pub fn kerberos(ticket: &str) -> Self {
        Self::custom_fields(vec![
            ("scheme".into(), Value::String("kerberos".into())),
            ("principal".into(), Value::String(String::new())),
            ("credentials".into(), Value::String(ticket.into())),
        ])
    }

    /// Any scheme, with the fields the server's auth plugin expects.
    pub fn custom_fields(fields: Map) -> Self {
        AuthToken { fields }
    }

    /// The token's fields as sent on the wire.
    pub fn fields(&self) -> &Map {
        &self.fields
    }

    /// The `scheme` field, if it is a string.
    pub fn scheme(&self) -> Option<&str> {
        self.fields.iter().find_map(|(k, v)| match (k.as_str(), v) {
            ("scheme", Value::String(s)) => Some(s.as_str()),
            _ => None,
        })
    }
}

impl Default for AuthToken {
    fn default() -> Self {
        AuthToken::none()
    }
}

impl fmt::Debug for AuthToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Only the scheme: principals and credentials stay out of logs and errors.
        write!(
            f,
            "AuthToken {{ scheme: {:?} }}",
            self.scheme().unwrap_or("?")
        )
    }
}

/// Which notifications the server should send (Bolt 5.2+).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NotificationFilter {
    /// `"OFF"`, `"WARNING"` or `"INFORMATION"`; `None` leaves the server default.
    pub minimum_severity: Option<String>,
    /// Categories (classifications from 5.6) not to send; `None` leaves the server default.
    pub disabled_classifications: Option<Vec<String>>,
}

impl NotificationFilter {
    /// Whether the filter leaves everything to the server (nothing to send).
    pub fn is_empty(&self) -> bool {
        self.minimum_severity.is_none() && self.disabled_classifications.is_none()
    }

    fn write_fields(&self, version: Version, out: &mut Vec<(String, Value)>) {
        if !version.supports_notification_filters() {
            return;
        }
        if let Some(severity) = &self.minimum_severity {
            put(out, "notifications_minimum_severity", text(severity));
        }
        if let Some(disabled) = &self.disabled_classifications {
            let key = if version.supports(Feature::DisabledClassifications) {
                "notifications_disabled_classifications"
            } else {
                "notifications_disabled_categories"
            };
            let list = disabled.iter().map(|c| text(c)).collect();
            put(out, key, Value::List(list));
        }
    }
}

/// How the driver describes itself in HELLO's `bolt_agent` (Bolt 5.3+).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BoltAgent {
    /// `name/version` of the driver.
    pub product: String,
    /// Operating system or browser description, if known.
    pub platform: Option<String>,
    /// Language and version, e.g. `JavaScript/ES2022`.
    pub language: Option<String>,
    /// Runtime details, e.g. `Node/22.0.0`.
    pub language_details: Option<String>,
}

/// The fields of HELLO.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Hello {
    /// The user agent string (`userAgent` in the driver config).
    pub user_agent: String,
    /// The structured agent (5.3+).
    pub bolt_agent: BoltAgent,
    /// Routing context for `neo4j://` drivers (4.1+); `None` for direct drivers.
    pub routing: Option<Map>,
    /// Notification filter (5.2+).
    pub notification_filter: NotificationFilter,
    /// Credentials; sent in HELLO up to 5.0, in a separate LOGON from 5.1.
    pub auth: AuthToken,
}

/// The transaction fields shared by an auto-commit RUN and BEGIN.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TxConfig {
    /// Bookmarks the transaction must see.
    pub bookmarks: Vec<String>,
    /// Server-side timeout in milliseconds (`Some(0)` means none, `None` the server default).
    pub timeout_ms: Option<i64>,
    /// Metadata attached to the transaction (visible in `SHOW TRANSACTIONS`).
    pub metadata: Map,
    /// Read or write.
    pub mode: AccessMode,
    /// Target database; `None` means the user's home database.
    pub database: Option<String>,
    /// User to impersonate (4.4+).
    pub impersonated_user: Option<String>,
    /// Notification filter (5.2+).
    pub notification_filter: NotificationFilter,
}

impl TxConfig {
    fn extra(&self, version: Version) -> Map {
        let mut extra = Map::new();
        if !self.bookmarks.is_empty() {
            let list = self.bookmarks.iter().map(|b| text(b)).collect();
            put(&mut extra, "bookmarks", Value::List(list));
        }
        if let Some(ms) = self.timeout_ms {
            put(&mut extra, "tx_timeout", Value::Integer(ms));
        }
        if !self.metadata.is_empty() {
            put(&mut extra, "tx_metadata", Value::Map(self.metadata.clone()));
        }
        if self.mode == AccessMode::Read {
            put(&mut extra, "mode", text("r"));
        }
        if let Some(db) = &self.database {
            put(&mut extra, "db", text(db));
        }
        if let Some(user) = &self.impersonated_user {
            put(&mut extra, "imp_user", text(user));
        }
        self.notification_filter.write_fields(version, &mut extra);
        extra
    }
}

/// "All remaining records" for PULL and DISCARD.
pub const ALL: i64 = -1;
/// "The last query run" as a query id for PULL and DISCARD.
pub const LAST_QUERY: i64 = -1;

/// A request the client sends.
#[derive(Debug, Clone, PartialEq)]
pub enum Request {
    /// Opens the session: agent, routing context, auth (up to 5.0).
    Hello(Hello),
    /// Authenticates (5.1+).
    Logon(AuthToken),
    /// Drops the authentication (5.1+), to LOGON as someone else.
    Logoff,
    /// Announces a clean close.
    Goodbye,
    /// Returns the connection to a clean state, ending any transaction.
    Reset,
    /// Runs a query, in an auto-commit transaction of its own or in the explicit one open.
    Run {
        /// Cypher text.
        query: String,
        /// Query parameters.
        parameters: Parameters,
        /// Which transaction the query runs in.
        within: Within,
    },
    /// Opens an explicit transaction.
    Begin(TxConfig),
    /// Commits the open transaction.
    Commit,
    /// Rolls the open transaction back.
    Rollback,
    /// Fetches up to `n` records ([`ALL`] for all) of query `qid`.
    Pull {
        /// How many records.
        n: i64,
        /// Which query ([`LAST_QUERY`] for the last one).
        qid: i64,
    },
    /// Discards up to `n` records of query `qid`.
    Discard {
        /// How many records.
        n: i64,
        /// Which query.
        qid: i64,
    },
    /// Asks for a routing table (4.3+).
    Route {
        /// Routing context.
        routing: Map,
        /// Bookmarks the answer must reflect.
        bookmarks: Vec<String>,
        /// Database whose table is wanted; `None` for the home database.
        database: Option<String>,
        /// User whose home database is meant (4.4+).
        impersonated_user: Option<String>,
    },
    /// Tells the server which driver API ran the work (5.4+; only in the READY state).
    Telemetry {
        /// 0 managed transaction, 1 explicit transaction, 2 implicit (auto-commit)
        /// transaction, 3 driver-level `executeQuery`.
        api: i64,
    },
}

impl Request {
    /// The message's structure signature.
    pub fn signature(&self) -> u8 {
        match self {
            Request::Hello(_) => signature::HELLO,
            Request::Goodbye => signature::GOODBYE,
            Request::Reset => signature::RESET,
            Request::Run { .. } => signature::RUN,
            Request::Begin(_) => signature::BEGIN,
            Request::Commit => signature::COMMIT,
            Request::Rollback => signature::ROLLBACK,
            Request::Discard { .. } => signature::DISCARD,
            Request::Pull { .. } => signature::PULL,
            Request::Telemetry { .. } => signature::TELEMETRY,
            Request::Route { .. } => signature::ROUTE,
            Request::Logon(_) => signature::LOGON,
            Request::Logoff => signature::LOGOFF,
        }
    }

    /// The message's name, for errors and logs.
    pub fn name(&self) -> &'static str {
        signature::name(self.signature())
    }

    /// Whether `version` has this message at all.
    pub fn available_in(&self, version: Version) -> bool {
        match self {
            Request::Logon(_) | Request::Logoff => version.supports_logon(),
            Request::Route { .. } => version.supports_route(),
            Request::Telemetry { .. } => version.supports_telemetry(),
            _ => true,
        }
    }

    /// The first field this request carries that `version` does not know, if any: sending it
    /// anyway would silently drop it (running as the wrong user, say), so [`Connection::send`]
    /// refuses instead.
    ///
    /// [`Connection::send`]: super::Connection::send
    pub fn unsupported_field(&self, version: Version) -> Option<&'static str> {
        // Impersonation arrived in 4.4 (RUN, BEGIN and ROUTE alike), notification filters in 5.2.
        let impersonation = version.supports(Feature::Impersonation);
        let (imp_user, filter) = match self {
            Request::Hello(hello) => (false, &hello.notification_filter),
            Request::Run {
                within: Within::AutoCommit(tx),
                ..
            }
            | Request::Begin(tx) => (tx.impersonated_user.is_some(), &tx.notification_filter),
            Request::Route {
                impersonated_user, ..
            } => return (impersonated_user.is_some() && !impersonation).then_some("imp_user"),
            _ => return None,
        };
        if imp_user && !impersonation {
            Some("imp_user")
        } else if !filter.is_empty() && !version.supports_notification_filters() {
            Some("notification filters")
        } else {
            None
        }
    }

    /// Appends the chunked message to `out`, with the fields `version` defines. On error
    /// `out` is left as it was.
    pub fn encode(
        &self,
        version: Version,
        dialect: Dialect,
        out: &mut Vec<u8>,
    ) -> Result<(), EncodeError> {
        let start_len = out.len();
        let start = begin_message(out);
        let result = self.encode_body(version, dialect, &mut Encoder::new(out));
        match result {
            Ok(()) => {
                end_message(out, start);
                Ok(())
            }
            Err(e) => {
                out.truncate(start_len);
                Err(e)
            }
        }
    }

    /// The message unchunked, as [`Request::encode`] writes it: for describing it in a log.
    pub fn body(&self, version: Version, dialect: Dialect) -> Result<Vec<u8>, EncodeError> {
        let mut body = Vec::new();
        self.encode_body(version, dialect, &mut Encoder::new(&mut body))?;
        Ok(body)
    }

    /// How many fields the message's structure has.
    fn field_count(&self) -> usize {
        match self {
            Request::Goodbye
            | Request::Reset
            | Request::Commit
            | Request::Rollback
            | Request::Logoff => 0,
            Request::Run { .. } | Request::Route { .. } => 3,
            _ => 1,
        }
    }

    /// Writes the structure: its header, its leading fields, then the map most requests end
    /// with.
    fn encode_body(
        &self,
        version: Version,
        dialect: Dialect,
        enc: &mut Encoder<'_>,
    ) -> Result<(), EncodeError> {
        enc.write_struct_header(self.signature(), self.field_count())?;
        let extra: Cow<'_, Map> = match self {
            Request::Goodbye
            | Request::Reset
            | Request::Commit
            | Request::Rollback
            | Request::Logoff => return Ok(()),
            Request::Telemetry { api } => {
                // The field is the bare integer (`TELEMETRY 0`), not a map.
                enc.write_int(*api);
                return Ok(());
            }
            Request::Hello(hello) => Cow::Owned(hello_extra(hello, version)),
            Request::Logon(auth) => Cow::Borrowed(auth.fields()),
            Request::Run {
                query,
                parameters,
                within,
            } => {
                enc.write_string(query)?;
                match parameters {
                    Parameters::Map(map) => enc.write_map(map, dialect)?,
                    Parameters::Taped(map) => enc.write_taped_map(map, dialect)?,
                }
                Cow::Owned(match within {
                    Within::AutoCommit(tx) => tx.extra(version),
                    Within::Transaction => Map::new(),
                })
            }
            Request::Begin(tx) => Cow::Owned(tx.extra(version)),
            Request::Pull { n, qid } | Request::Discard { n, qid } => {
                let mut extra = Map::new();
                put(&mut extra, "n", Value::Integer(*n));
                if *qid != LAST_QUERY {
                    put(&mut extra, "qid", Value::Integer(*qid));
                }
                Cow::Owned(extra)
            }
            Request::Route {
                routing,
                bookmarks,
                database,
                impersonated_user,
            } => {
                enc.write_map(routing, dialect)?;
                enc.write_list_header(bookmarks.len())?;
                for b in bookmarks {
                    enc.write_string(b)?;
                }
                if !version.route_has_db_map() {
                    match database {
                        Some(db) => return enc.write_string(db),
                        None => {
                            enc.write_null();
                            return Ok(());
                        }
                    }
                }
                let mut extra = Map::new();
                if let Some(db) = database {
                    put(&mut extra, "db", text(db));
                }
                if let Some(user) = impersonated_user {
                    put(&mut extra, "imp_user", text(user));
                }
                Cow::Owned(extra)
            }
        };
        enc.write_map(&extra, dialect)
    }
}

/// Adds the entry `key`: `value` to a map that a request carries.
fn put(map: &mut Map, key: &str, value: Value) {
    map.push((key.to_owned(), value));
}

/// `text` as a string value.
fn text(text: &str) -> Value {
    Value::String(text.to_owned())
}

fn hello_extra(hello: &Hello, version: Version) -> Map {
    let mut extra = Map::new();
    put(&mut extra, "user_agent", text(&hello.user_agent));
    if version.utc_patch_available() {
        put(&mut extra, "patch_bolt", Value::List(vec![text("utc")]));
    }
    if let Some(routing) = &hello.routing {
        put(&mut extra, "routing", Value::Map(routing.clone()));
    }
    if !version.supports_logon() {
        extra.extend(hello.auth.fields().iter().cloned());
    }
    if version.supports_bolt_agent() {
        let agent = &hello.bolt_agent;
        let mut map = Map::new();
        put(&mut map, "product", text(&agent.product));
        for (key, value) in [
            ("platform", &agent.platform),
            ("language", &agent.language),
            ("language_details", &agent.language_details),
        ] {
            if let Some(v) = value {
                put(&mut map, key, text(v));
            }
        }
        put(&mut extra, "bolt_agent", Value::Map(map));
    }
    hello.notification_filter.write_fields(version, &mut extra);
    extra
}

/// An error the server reported in FAILURE, with its GQL details (5.7+) and cause chain.
#[derive(Debug, Clone, PartialEq)]
pub struct ServerError {
    /// Neo4j status code, e.g. `Neo.ClientError.Statement.SyntaxError`.
    pub code: String,
    /// The server's message.
    pub message: String,
    /// GQLSTATUS code (5.7+), e.g. `42001`.
    pub gql_status: Option<String>,
    /// GQLSTATUS description (5.7+).
    pub description: Option<String>,
    /// Diagnostic record (5.7+).
    pub diagnostic_record: Option<Map>,
    /// The error this one was caused by (5.7+).
    pub cause: Option<Box<ServerError>>,
}

impl ServerError {
    /// Builds the error from FAILURE metadata; missing fields get neutral defaults.
    pub fn from_metadata(meta: Map) -> Self {
        let mut err = ServerError {
            code: "Neo.DatabaseError.General.UnknownError".into(),
            message: String::new(),
            gql_status: None,
            description: None,
            diagnostic_record: None,
            cause: None,
        };
        for (key, value) in meta {
            match (key.as_str(), value) {
                ("code" | "neo4j_code", Value::String(s)) => err.code = reclassified(s),
                ("message", Value::String(s)) => err.message = s,
                ("gql_status", Value::String(s)) => err.gql_status = Some(s),
                ("description", Value::String(s)) => err.description = Some(s),
                ("diagnostic_record", Value::Map(m)) => err.diagnostic_record = Some(m),
                ("cause", Value::Map(m)) => {
                    err.cause = Some(Box::new(ServerError::from_metadata(m)))
                }
                _ => {}
            }
        }
        err
    }

    /// The classification part of the code: `ClientError`, `TransientError` or `DatabaseError`.
    pub fn classification(&self) -> &str {
        self.code.split('.').nth(1).unwrap_or("")
    }
}

/// The code applications see: older servers call two failures transient that retrying cannot
/// fix (the transaction was terminated, or its locks were stopped); newer ones, and
/// neo4j-driver, call them client errors.
fn reclassified(code: String) -> String {
    match code.as_str() {
        "Neo.TransientError.Transaction.Terminated" => {
            "Neo.ClientError.Transaction.Terminated".into()
        }
        "Neo.TransientError.Transaction.LockClientStopped" => {
            "Neo.ClientError.Transaction.LockClientStopped".into()
        }
        _ => code,
    }
}

impl fmt::Display for ServerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

/// Its GQL cause, when the server gave one, is the source.
impl std::error::Error for ServerError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.cause
            .as_deref()
            .map(|cause| cause as &(dyn std::error::Error + 'static))
    }
}

/// A message the server sends.
#[derive(Debug, Clone, PartialEq)]
pub enum Response {
    /// The request succeeded, with metadata.
    Success(Map),
    /// Records of a result, one or more in a row; their bodies (field lists) are kept encoded
    /// and unchecked (see [`decode_record`]) so that the consumer decodes them straight into its
    /// own values.
    Records(RecordBatch),
    /// The request was ignored because an earlier one failed.
    Ignored,
    /// The request failed (boxed: it is much larger than the other answers, and every answer
    /// passes through the driver's futures).
    Failure(Box<ServerError>),
}

/// The bodies of RECORD messages that arrived one after another (each the record's field list,
/// still encoded), back to back in one buffer: records arrive by the thousand, and a buffer per
/// batch spares an allocation, a queue entry and a wake-up per record.
pub type RecordBatch = Bodies;

/// The field list of a well-formed RECORD message (`B1 71` then one field), without parsing
/// it: records are the bulk of what arrives, and are checked once, when decoded.
pub fn record_fields(message: &[u8]) -> Option<&[u8]> {
    message.strip_prefix(&[0xB1, signature::RECORD])
}

/// The structure signatures of Bolt's messages, the client's then the server's (the two sets
/// do not overlap), and their names.
pub mod signature {
    /// HELLO.
    pub const HELLO: u8 = 0x01;
    /// GOODBYE.
    pub const GOODBYE: u8 = 0x02;
    /// RESET.
    pub const RESET: u8 = 0x0F;
    /// RUN.
    pub const RUN: u8 = 0x10;
    /// BEGIN.
    pub const BEGIN: u8 = 0x11;
    /// COMMIT.
    pub const COMMIT: u8 = 0x12;
    /// ROLLBACK.
    pub const ROLLBACK: u8 = 0x13;
    /// DISCARD.
    pub const DISCARD: u8 = 0x2F;
    /// PULL.
    pub const PULL: u8 = 0x3F;
    /// TELEMETRY.
    pub const TELEMETRY: u8 = 0x54;
    /// ROUTE.
    pub const ROUTE: u8 = 0x66;
    /// LOGON.
    pub const LOGON: u8 = 0x6A;
    /// LOGOFF.
    pub const LOGOFF: u8 = 0x6B;
    /// SUCCESS.
    pub const SUCCESS: u8 = 0x70;
    /// RECORD.
    pub const RECORD: u8 = 0x71;
    /// IGNORED.
    pub const IGNORED: u8 = 0x7E;
    /// FAILURE.
    pub const FAILURE: u8 = 0x7F;

    /// The name of the message with signature `tag`, `?` for none.
    pub fn name(tag: u8) -> &'static str {
        match tag {
            HELLO => "HELLO",
            GOODBYE => "GOODBYE",
            RESET => "RESET",
            RUN => "RUN",
            BEGIN => "BEGIN",
            COMMIT => "COMMIT",
            ROLLBACK => "ROLLBACK",
            DISCARD => "DISCARD",
            PULL => "PULL",
            TELEMETRY => "TELEMETRY",
            ROUTE => "ROUTE",
            LOGON => "LOGON",
            LOGOFF => "LOGOFF",
            SUCCESS => "SUCCESS",
            RECORD => "RECORD",
            IGNORED => "IGNORED",
            FAILURE => "FAILURE",
            _ => "?",
        }
    }
}

/// Parses one dechunked message from the server.
pub fn parse_response(body: &[u8], dialect: Dialect) -> Result<Response, DecodeError> {
    let mut dec = Decoder::new(body);
    let (tag, fields) = match dec.next_token()? {
        Token::Struct { tag, fields } => (tag, fields),
        other => {
            return Err(DecodeError::new(
                0,
                DecodeErrorKind::UnexpectedType {
                    expected: "message structure",
                    found: other.type_name(),
                },
            ))
        }
    };
    let expect = |n: usize| {
        if fields == n {
            Ok(())
        } else {
            Err(DecodeError::new(
                0,
                DecodeErrorKind::WrongFieldCount {
                    tag,
                    expected: n,
                    found: fields,
                },
            ))
        }
    };
    let response = match tag {
        signature::SUCCESS => {
            expect(1)?;
            Response::Success(dec.read_map(dialect)?)
        }
        signature::FAILURE => {
            expect(1)?;
            Response::Failure(Box::new(ServerError::from_metadata(dec.read_map(dialect)?)))
        }
        signature::IGNORED => {
            expect(0)?;
            Response::Ignored
        }
        signature::RECORD => {
            // The fields are checked once, when they are decoded (`decode_record`, the tape).
            expect(1)?;
            let fields = body.get(dec.position()..).unwrap_or_default();
            return Ok(Response::Records(RecordBatch::of(fields)));
        }
        _ => {
            return Err(DecodeError::new(
                0,
                DecodeErrorKind::UnknownStructTag { tag },
            ))
        }
    };
    if !dec.is_at_end() {
        return Err(DecodeError::trailing(dec.position()));
    }
    Ok(response)
}

/// Decodes a RECORD body (as in [`Response::Record`]) into its field values: one list, and
/// nothing after it.
pub fn decode_record(body: &[u8], dialect: Dialect) -> Result<Vec<Value>, DecodeError> {
    let mut decoder = Decoder::new(body);
    let Value::List(values) = decoder.read_value(dialect)? else {
        return Err(DecodeError::new(
            0,
            DecodeErrorKind::UnexpectedType {
                expected: "list",
                found: "another value",
            },
        ));
    };
    if !decoder.is_at_end() {
        return Err(DecodeError::trailing(decoder.position()));
    }
    Ok(values)
}

/// Looks a key up in response metadata.
pub fn meta<'m>(metadata: &'m Map, key: &str) -> Option<&'m Value> {
    metadata.iter().find(|(k, _)| k == key).map(|(_, v)| v)
}
