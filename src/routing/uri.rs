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
        let err = |why: &str| UriError(format!("invalid URI '{uri}': {why}"));
        let (scheme, rest) = uri.split_once("://").ok_or_else(|| {
            err("expected scheme://host[:port], for example neo4j://localhost:7687")
        })?;
        let (routing, encryption) = match scheme.to_ascii_lowercase().as_str() {
            "bolt" => (false, None),
            "bolt+s" => (false, Some(Trust::SystemCas)),
            "bolt+ssc" => (false, Some(Trust::AllCertificates)),
            "neo4j" => (true, None),
            "neo4j+s" => (true, Some(Trust::SystemCas)),
            "neo4j+ssc" => (true, Some(Trust::AllCertificates)),
            other => {
                return Err(err(&format!(
                "unknown scheme '{other}'; use bolt, bolt+s, bolt+ssc, neo4j, neo4j+s or neo4j+ssc"
            )))
            }
        };
        let (authority, query) = match rest.split_once('?') {
            Some((a, q)) => (a, Some(q)),
            None => (rest, None),
        };
        let authority = authority.strip_suffix('/').unwrap_or(authority);
        if authority.contains('/') {
            return Err(err("a path is not allowed after the host and port"));
        }
        let (host, port) = split_host_port(authority).map_err(|why| err(&why))?;
        let mut routing_context = Vec::new();
        if let Some(query) = query.filter(|q| !q.is_empty()) {
            if !routing {
                return Err(err(
                    "a query string (routing context) is only allowed with neo4j:// schemes",
                ));
            }
            for pair in query.split('&') {
                let (key, value) = pair
                    .split_once('=')
                    .filter(|(k, v)| !k.is_empty() && !v.is_empty())
                    .ok_or_else(|| {
                        err(&format!("routing context entry '{pair}' is not key=value"))
                    })?;
                if key == "address" {
                    return Err(err("the routing context may not contain 'address'"));
                }
                if routing_context.iter().any(|(k, _)| k == key) {
                    return Err(err(&format!("routing context key '{key}' appears twice")));
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
        if self.host.contains(':') {
            format!("[{}]:{}", self.host, self.port)
        } else {
            format!("{}:{}", self.host, self.port)
        }
    }
}

fn split_host_port(authority: &str) -> Result<(String, u16), String> {
    let (host, port) = if let Some(rest) = authority.strip_prefix('[') {
        let (host, after) = rest
            .split_once(']')
            .ok_or("an IPv6 address needs a closing ']'")?;
        match after {
            "" => (host, None),
            _ => (
                host,
                Some(
                    after
                        .strip_prefix(':')
                        .ok_or("expected ':port' after ']'")?,
                ),
            ),
        }
    } else {
        match authority.rsplit_once(':') {
            Some((h, p)) if !h.contains(':') => (h, Some(p)),
            Some(_) => {
                return Err("IPv6 addresses must be written in brackets, like [::1]:7687".into())
            }
            None => (authority, None),
        }
    };
    if host.is_empty() {
        return Err("the host is missing".into());
    }
    let port = match port {
        None => DEFAULT_PORT,
        Some(p) => match p.parse::<u16>() {
            Ok(n) if n > 0 => n,
            _ => return Err(format!("port '{p}' is not a number from 1 to 65535")),
        },
    };
    Ok((host.to_string(), port))
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
