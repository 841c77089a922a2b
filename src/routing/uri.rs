//! Connection URIs: `bolt`, `bolt+s`, `bolt+ssc`, `neo4j`, `neo4j+s`, `neo4j+ssc`.

use std::fmt;

/// Port used when the URI names none.
pub const DEFAULT_PORT: u16 = 7687;

/// How the certificate of an encrypted connection is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trust {
    /// Against the system's certificate authorities (`+s`).
    SystemCas,
    /// Any certificate, including self-signed ones (`+ssc`).
    AllCertificates,
}

/// A parsed connection URI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnectionUri {
    /// `neo4j` schemes route across a cluster; `bolt` schemes talk to one server.
    pub routing: bool,
    /// `Some` when the scheme asks for TLS (`+s`, `+ssc`).
    pub encryption: Option<Trust>,
    /// Host name or IP address (IPv6 without brackets).
    pub host: String,
    /// Port.
    pub port: u16,
    /// The routing context from the query string (`neo4j` schemes only).
    pub routing_context: Vec<(String, String)>,
}

/// Why a URI was rejected; the message says what is accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UriError(String);

impl fmt::Display for UriError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UriError {}

impl ConnectionUri {
    /// Parses `scheme://host[:port][?key=value&...]`.
    pub fn parse(uri: &str) -> Result<Self, UriError> {
        let after_scheme = uri.as_bytes().windows(3).position(|w| w == b"://");
        let Some(at) = after_scheme else {
            return Err(invalid(
                uri,
                format_args!("expected scheme://host[:port], for example neo4j://localhost:7687"),
            ));
        };
        let (scheme, rest) = (&uri[..at], &uri[at + 3..]);
        let (routing, encryption) = match scheme.to_ascii_lowercase().as_str() {
            "bolt" => (false, None),
            "bolt+s" => (false, Some(Trust::SystemCas)),
            "bolt+ssc" => (false, Some(Trust::AllCertificates)),
            "neo4j" => (true, None),
            "neo4j+s" => (true, Some(Trust::SystemCas)),
            "neo4j+ssc" => (true, Some(Trust::AllCertificates)),
            other => {
                return Err(invalid(
                    uri,
                    format_args!(
                "unknown scheme '{other}'; use bolt, bolt+s, bolt+ssc, neo4j, neo4j+s or neo4j+ssc"
            ),
                ))
            }
        };
        let (authority, query) = split_at_first(rest, b'?');
        let authority = authority.strip_suffix('/').unwrap_or(authority);
        if contains(authority, b'/') {
            return Err(invalid(
                uri,
                format_args!("a path is not allowed after the host and port"),
            ));
        }
        let (host, port) = split_host_port(uri, authority)?;
        let mut routing_context = Vec::new();
        if let Some(query) = query.filter(|q| !q.is_empty()) {
            if !routing {
                return Err(invalid(
                    uri,
                    format_args!(
                        "a query string (routing context) is only allowed with neo4j:// schemes"
                    ),
                ));
            }
            let mut pairs = Some(query);
            while let Some(text) = pairs {
                let (pair, more) = split_at_first(text, b'&');
                pairs = more;
                let (key, value) = match split_at_first(pair, b'=') {
                    (key, Some(value)) if !key.is_empty() && !value.is_empty() => (key, value),
                    _ => {
                        return Err(invalid(
                            uri,
                            format_args!("routing context entry '{pair}' is not key=value"),
                        ))
                    }
                };
                if key == "address" {
                    return Err(invalid(
                        uri,
                        format_args!("the routing context may not contain 'address'"),
                    ));
                }
                if routing_context.iter().any(|(k, _)| k == key) {
                    return Err(invalid(
                        uri,
                        format_args!("routing context key '{key}' appears twice"),
                    ));
                }
                routing_context.push((key.to_string(), value.to_string()));
            }
        }
        Ok(ConnectionUri {
            routing,
            encryption,
            host,
            port,
            routing_context,
        })
    }

    /// `host:port`, with brackets around IPv6 hosts.
    pub fn address(&self) -> String {
        if contains(&self.host, b':') {
            format!("[{}]:{}", self.host, self.port)
        } else {
            format!("{}:{}", self.host, self.port)
        }
    }
}

/// The host and port of `authority`, the part of `uri` after the scheme.
fn split_host_port(uri: &str, authority: &str) -> Result<(String, u16), UriError> {
    let (host, port) = if let Some(rest) = authority.strip_prefix('[') {
        let (host, Some(after)) = split_at_first(rest, b']') else {
            return Err(invalid(
                uri,
                format_args!("an IPv6 address needs a closing ']'"),
            ));
        };
        match after {
            "" => (host, None),
            _ => (
                host,
                Some(
                    after
                        .strip_prefix(':')
                        .ok_or_else(|| invalid(uri, format_args!("expected ':port' after ']'")))?,
                ),
            ),
        }
    } else {
        match split_at_last(authority, b':') {
            Some((h, p)) if !contains(h, b':') => (h, Some(p)),
            Some(_) => {
                return Err(invalid(
                    uri,
                    format_args!("IPv6 addresses must be written in brackets, like [::1]:7687"),
                ))
            }
            None => (authority, None),
        }
    };
    if host.is_empty() {
        return Err(invalid(uri, format_args!("the host is missing")));
    }
    let port = match port {
        None => DEFAULT_PORT,
        Some(p) => match parse_port(p) {
            Some(n) if n > 0 => n,
            _ => {
                return Err(invalid(
                    uri,
                    format_args!("port '{p}' is not a number from 1 to 65535"),
                ))
            }
        },
    };
    Ok((host.to_string(), port))
}

/// The error for `uri`, saying `why` it is invalid.
fn invalid(uri: &str, why: fmt::Arguments<'_>) -> UriError {
    UriError(format!("invalid URI '{uri}': {why}"))
}

// Addresses and URIs are cut at ASCII separators with the byte loops below, not with `str`'s
// pattern methods (`split_once`, `rsplit_once`, `contains`, `parse`): each of those brings its
// own generic search or parse code into the module, several times the size of these.

/// Whether `text` contains `byte` (an ASCII character).
fn contains(text: &str, byte: u8) -> bool {
    text.bytes().any(|b| b == byte)
}

/// `text` up to the first `byte` (an ASCII character), and what follows that byte if there is
/// one; all of `text` and `None` otherwise.
fn split_at_first(text: &str, byte: u8) -> (&str, Option<&str>) {
    match text.as_bytes().iter().position(|&b| b == byte) {
        Some(at) => {
            let (before, after) = around(text, at);
            (before, Some(after))
        }
        None => (text, None),
    }
}

/// `text` before and after its last `byte` (an ASCII character), as `str::rsplit_once` cuts.
fn split_at_last(text: &str, byte: u8) -> Option<(&str, &str)> {
    let at = text.as_bytes().iter().rposition(|&b| b == byte)?;
    Some(around(text, at))
}

/// What comes before and after the ASCII character at `at` in `text`.
fn around(text: &str, at: usize) -> (&str, &str) {
    (&text[..at], &text[at + 1..])
}

/// The port number `text` spells, as `str::parse::<u16>` reads it: decimal digits, optionally
/// after a `+`; `None` if it is not one or is above 65535.
fn parse_port(text: &str) -> Option<u16> {
    let digits = text.strip_prefix('+').unwrap_or(text);
    if digits.is_empty() {
        return None;
    }
    digits.bytes().try_fold(0u16, |port, b| {
        let digit = b.checked_sub(b'0').filter(|d| *d < 10)?;
        port.checked_mul(10)?.checked_add(u16::from(digit))
    })
}

/// `address` (`host:port`) cut at its last `:` into the host and the port; `None` if it has
/// no `:` followed by a port number (0 included).
pub fn host_and_port(address: &str) -> Option<(&str, u16)> {
    let (host, port) = split_at_last(address, b':')?;
    Some((host, parse_port(port)?))
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    #[test]
    fn schemes_ports_and_hosts() {
        let u = ConnectionUri::parse("bolt://localhost").unwrap();
        assert_eq!(
            (u.routing, u.encryption, u.address()),
            (false, None, "localhost:7687".to_string())
        );
        let u = ConnectionUri::parse("neo4j+s://db.example.com:7688").unwrap();
        assert_eq!(
            (u.routing, u.encryption, u.port),
            (true, Some(Trust::SystemCas), 7688)
        );
        let u = ConnectionUri::parse("bolt+ssc://[::1]:9000/").unwrap();
        assert_eq!(
            (u.host.as_str(), u.encryption, u.address()),
            ("::1", Some(Trust::AllCertificates), "[::1]:9000".into())
        );
    }

    #[test]
    fn routing_context_only_on_neo4j() {
        let u = ConnectionUri::parse("neo4j://h?policy=europe&region=west").unwrap();
        assert_eq!(
            u.routing_context,
            vec![
                ("policy".into(), "europe".into()),
                ("region".into(), "west".into())
            ]
        );
        let e = ConnectionUri::parse("bolt://h?policy=europe").unwrap_err();
        assert!(e.to_string().contains("only allowed with neo4j://"), "{e}");
        assert!(ConnectionUri::parse("neo4j://h?address=x").is_err());
        assert!(ConnectionUri::parse("neo4j://h?policy").is_err());
    }

    #[test]
    fn ports_read_as_str_parse_reads_them() {
        for text in [
            "7687", "+7687", "007687", "0", "65535", "65536", "99999", "", "+", "-1", "-0", "1a",
            " 1", "++1", "\u{0661}",
        ] {
            assert_eq!(parse_port(text), text.parse::<u16>().ok(), "{text:?}");
        }
        assert_eq!(host_and_port("[::1]:9000"), Some(("[::1]", 9000)));
        assert_eq!(host_and_port("h:0"), Some(("h", 0)));
        assert_eq!(host_and_port("h"), None);
        assert_eq!(host_and_port("h:x"), None);
    }

    #[test]
    fn bad_uris_say_what_is_wrong() {
        for (uri, says) in [
            ("localhost:7687", "expected scheme://"),
            ("http://localhost", "unknown scheme 'http'"),
            ("bolt://:7687", "host is missing"),
            ("bolt://h:0", "port '0'"),
            ("bolt://h:70000", "port '70000'"),
            ("bolt://h:abc", "port 'abc'"),
            ("bolt://::1", "brackets"),
            ("bolt://h/db", "path"),
        ] {
            let e = ConnectionUri::parse(uri).unwrap_err().to_string();
            assert!(e.contains(says), "{uri}: {e}");
        }
    }
}
