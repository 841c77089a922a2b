//! Where the driver's credentials come from: a fixed token, or a manager that hands out the
//! current one and is told when the server refuses it (neo4j-driver's `AuthTokenManager`).

use std::fmt;
use std::rc::Rc;

use crate::bolt::AuthToken;
use crate::runtime::LocalFuture;
use crate::Error;

/// Prefix of the server's security error codes.
const SECURITY_ERROR: &str = "Neo.ClientError.Security.";

/// Hands out the driver's current token (the host implements it, e.g. with a JS manager).
pub trait AuthManager {
    /// The token to authenticate with now; asked whenever a connection is opened or lent.
    fn token(&self) -> LocalFuture<'static, Result<AuthToken, Error>>;

    /// Told that the server refused `token` with the security error `code`; `true` if the
    /// manager handled it (for example by refreshing an expired token), so the work may be
    /// tried again.
    fn handle_security_error(&self, token: &AuthToken, code: &str) -> bool;
}

/// The driver's credentials.
#[derive(Clone)]
pub enum Auth {
    /// The same token for every connection.
    Static(AuthToken),
    /// A token asked from a manager each time.
    Managed(Rc<dyn AuthManager>),
}

impl Default for Auth {
    fn default() -> Self {
        Auth::Static(AuthToken::none())
    }
}

impl fmt::Debug for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Auth::Static(token) => write!(f, "Static({token:?})"),
            Auth::Managed(_) => f.write_str("Managed"),
        }
    }
}

impl Auth {
    /// The token to use now.
    pub async fn token(&self) -> Result<AuthToken, Error> {
        match self {
            Auth::Static(token) => Ok(token.clone()),
            Auth::Managed(manager) => manager.token().await,
        }
    }

    /// Tells a manager that the server refused `token` with `code`; whether it handled it.
    pub fn handle_security_error(&self, token: &AuthToken, code: &str) -> bool {
        match self {
            Auth::Static(_) => false,
            Auth::Managed(manager) => manager.handle_security_error(token, code),
        }
    }
}

/// Whether `code` is a security error (`Neo.ClientError.Security.*`).
pub fn is_security_error(code: &str) -> bool {
    code.starts_with(SECURITY_ERROR)
}

/// Whether two tokens have the same fields with the same values, in any order.
pub fn same_token(a: &AuthToken, b: &AuthToken) -> bool {
    a.fields().len() == b.fields().len() && a.fields().iter().all(|f| b.fields().contains(f))
}
