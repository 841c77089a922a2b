//! Driver errors as JS errors: a core [`Error`] becomes the `Neo4jError` (or plain `Error`)
//! that a JS caller catches. Change this file to change which JS error, or which of its
//! properties, a driver error gives; the error classes themselves are built by the JS layer
//! (see [`make_error`]).
//!
//! With `impl From<Error> for JsValue`, `?` turns a driver error into a JS error in any
//! function that returns `Result<_, JsValue>`.

use js_sys::Reflect;
use wasm_bindgen::JsValue;

use super::values::{make_error, Hydrator, IntegerMode};
use crate::bolt::ServerError;
use crate::{Error, Source};

/// The JS error for a driver error: a `Neo4jError` built by the JS layer (`code`,
/// `retriable`, `classification`, and for server errors `gqlStatus`, `gqlStatusDescription`,
/// `diagnosticRecord` and `cause`), or a plain `Error` for invalid arguments, as neo4j-driver
/// throws for a bad URI or config. A parameter that cannot be sent is a `Neo4jError` (code
/// `N/A`), as neo4j-driver's is.
impl From<Error> for JsValue {
    fn from(error: Error) -> JsValue {
        let js = match &error {
            Error::InvalidArgument(detail) if !matches!(detail.source(), Some(Source::Send(_))) => {
                return js_sys::Error::new(&error.to_string()).into()
            }
            Error::Server(e) | Error::AuthRenewed(e) => server_error(e),
            other => {
                let (gql_status, description, cause) = match other {
                    Error::SessionExpired(expiry) => (None, None, server_error(&expiry.cause)),
                    // GQL's own status for it: "connection exception - transaction resolution
                    // unknown".
                    Error::CommitOutcomeUnknown(_) => (
                        Some("08007"),
                        Some("error: connection exception - transaction resolution unknown"),
                        JsValue::UNDEFINED,
                    ),
                    _ => (None, None, JsValue::UNDEFINED),
                };
                // One call for every kind, so that building the error is written once.
                make_error(
                    &other.to_string(),
                    Some(other.code()),
                    gql_status,
                    description,
                    JsValue::UNDEFINED,
                    cause,
                )
            }
        };
        // The driver knows more than the code tells (a renewed token makes Unauthorized worth
        // retrying).
        for spelling in ["retriable", "retryable"] {
            let _ = Reflect::set(&js, &spelling.into(), &error.is_retryable().into());
        }
        js
    }
}

/// A `Neo4jError` for a server FAILURE, with its chain of causes (`GQLError`s, which have no
/// code of their own).
fn server_error(e: &ServerError) -> JsValue {
    gql_error(e, Some(&e.code))
}

/// The error of `e` and its causes: a `Neo4jError` with `code`, a `GQLError` without.
fn gql_error(e: &ServerError, code: Option<&str>) -> JsValue {
    let record = e
        .diagnostic_record
        .as_ref()
        .and_then(|r| Hydrator::new(IntegerMode::Lossless).ok()?.map(r).ok())
        .unwrap_or(JsValue::UNDEFINED);
    let cause = e
        .cause
        .as_deref()
        .map(|cause| gql_error(cause, None))
        .unwrap_or(JsValue::UNDEFINED);
    make_error(
        &e.message,
        code,
        e.gql_status.as_deref(),
        e.description.as_deref(),
        record,
        cause,
    )
}
