//! Async orchestration over the sans-IO core: connections driven by a pump task, the pool,
//! sessions. Single-threaded (`!Send` futures), as in a JS event loop; everything the host
//! provides comes through [`crate::runtime::Runtime`].

mod auth;
mod bookmarks;
mod connection;
mod log;
mod pool;
mod routing;
mod session;
mod stream;

use std::rc::Rc;
use std::time::Duration;

pub use auth::{is_security_error, Auth, AuthManager};
pub use bookmarks::{BookmarkManager, BookmarkSet, Bookmarks};
pub use connection::{BoltConnection, ServerInfo};
pub use log::{Level, LogSink, Logger};
pub use pool::{OpenConfig, Pool, PooledConnection};
pub use routing::{Provider, Resolver, Router, Target};
pub use session::{
    Api, BeginSent, QueryOutcome, Session, Transaction, TxOptions, DEFAULT_FETCH_SIZE,
};
pub use stream::{Interrupter, RecordStream, SharedStream};

use crate::bolt::{AccessMode, AuthToken, Feature, Hello, NotificationFilter, TxConfig, Version};
use crate::packstream::{Map, Value};
use crate::pool::PoolConfig;
use crate::retry::RetryPolicy;
use crate::routing::{ConnectionUri, Trust};
use crate::runtime::{whole_millis, Runtime, Security, TlsTrust};
use crate::Error;

/// This driver and its version, the default user agent and the product in the Bolt agent.
const PRODUCT: &str = concat!("neo4j-wasm/", env!("CARGO_PKG_VERSION"));

/// Everything a driver is configured with.
#[derive(Clone)]
pub struct DriverConfig {
    /// Credentials for connections of sessions without their own auth.
    pub auth: Auth,
    /// User agent sent in HELLO (`userAgent`).
    pub user_agent: String,
    /// Pool limits.
    pub pool: PoolConfig,
    /// How long to wait for a free connection (`connectionAcquisitionTimeout`, default 60 s).
    pub acquisition_timeout: Duration,
    /// How long opening a connection may take (`connectionTimeout`, default 30 s).
    pub connection_timeout: Duration,
    /// How long a server may stay silent while an answer is due (`receiveTimeout`); no limit
    /// by default, beyond the server's own hint and transaction timeouts.
    pub receive_timeout: Option<Duration>,
    /// Records per PULL (`fetchSize`).
    pub fetch_size: i64,
    /// Whether TELEMETRY may be sent to servers that ask for it (not `telemetryDisabled`).
    pub telemetry: bool,
    /// Where connection, pool and retry events are logged (`logging`).
    pub logger: Logger,
    /// Encryption set in the config (`encrypted`, `trust`); `None` leaves it to the URI's
    /// scheme. Setting it in both is an error.
    pub security: Option<Security>,
    /// Which notifications servers send (`notificationFilter`, Bolt 5.2+); sessions may
    /// narrow it.
    pub notification_filter: NotificationFilter,
    /// For `neo4j://` drivers: turns the URI's address into the addresses of the routers to
    /// try (`resolver`); the address itself if `None`.
    pub resolver: Option<Resolver>,
}

impl Default for DriverConfig {
    fn default() -> Self {
        DriverConfig {
            auth: Auth::default(),
            user_agent: PRODUCT.to_owned(),
            pool: PoolConfig::default(),
            acquisition_timeout: Duration::from_secs(60),
            connection_timeout: Duration::from_secs(30),
            receive_timeout: None,
            fetch_size: DEFAULT_FETCH_SIZE,
            telemetry: true,
            logger: Logger::default(),
            security: None,
            notification_filter: NotificationFilter::default(),
            resolver: None,
        }
    }
}

/// What a session is opened with (`driver.session({...})`).
#[derive(Clone, Default)]
pub struct SessionConfig {
    /// Database, access mode, bookmarks to start from, user to impersonate.
    pub tx: TxConfig,
    /// Records per PULL; the driver's setting if `None`.
    pub fetch_size: Option<i64>,
    /// Run the session's work as this user (Bolt 5.1+); the driver's auth if `None`.
    pub auth: Option<AuthToken>,
    /// Shares bookmarks with other sessions.
    pub bookmark_manager: Option<Rc<dyn BookmarkManager>>,
}

/// Features the server's negotiated protocol version offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Capabilities {
    /// Databases can be chosen per session (Bolt 4.0+).
    pub multi_db: bool,
    /// Transactions take a timeout and metadata (Bolt 3.0+).
    pub transaction_config: bool,
    /// Work can run as another user (Bolt 4.4+).
    pub user_impersonation: bool,
    /// Sessions can authenticate as someone else than the driver (Bolt 5.1+).
    pub session_auth: bool,
}

impl Capabilities {
    /// What protocol `version` allows (`supportsMultiDb` and friends).
    pub fn of(version: Version) -> Self {
        Capabilities {
            multi_db: version.supports(Feature::MultiDatabase),
            transaction_config: version.supports(Feature::TransactionConfig),
            user_impersonation: version.supports(Feature::Impersonation),
            session_auth: version.supports(Feature::Logon),
        }
    }
}

/// A driver for one server (`bolt://` schemes) or a cluster (`neo4j://` schemes): a pool of
/// connections and the sessions using it.
pub struct Driver {
    pool: Pool,
    provider: Provider,
    fetch_size: i64,
    telemetry: bool,
    runtime: Rc<dyn Runtime>,
    logger: Logger,
    security: Security,
}

impl Driver {
    /// A driver for `uri` running on `runtime`; connections open on first use. Fails if both
    /// the URI's scheme and the config set encryption.
    pub fn new(
        runtime: Rc<dyn Runtime>,
        uri: &ConnectionUri,
        config: DriverConfig,
    ) -> Result<Self, Error> {
        let security = match (uri.encryption, config.security) {
            (Some(_), Some(_)) => return Err(Error::InvalidArgument(
                "encryption and trust can be configured either through the URI (bolt+s, bolt+ssc, \
                 neo4j+s, neo4j+ssc) or through the config (encrypted, trust), not both"
                    .into(),
            )),
            (Some(Trust::SystemCas), None) => Security::Tls(TlsTrust::SystemCas),
            (Some(Trust::AllCertificates), None) => Security::Tls(TlsTrust::AnyCertificate),
            (None, security) => security.unwrap_or_default(),
        };
        let address = uri.address();
        // Routing drivers tell every server the URI's routing context, and which address the
        // application used.
        let routing_context: Option<Map> = uri.routing.then(|| {
            let mut context = vec![("address".to_owned(), Value::String(address.clone()))];
            for (key, value) in &uri.routing_context {
                context.push((key.clone(), Value::String(value.clone())));
            }
            context
        });
        let hello = Hello {
            user_agent: config.user_agent.clone(),
            bolt_agent: crate::bolt::message::BoltAgent {
                product: PRODUCT.to_owned(),
                language: Some("JavaScript".into()),
                ..Default::default()
            },
            notification_filter: config.notification_filter,
            routing: routing_context.clone(),
            ..Hello::default()
        };
        let open = OpenConfig {
            hello,
            auth: config.auth,
            security: security.clone(),
            connection_timeout: config.connection_timeout,
            receive_timeout: config.receive_timeout,
        };
        let pool = Pool::new(
            runtime.clone(),
            config.pool,
            open,
            config.acquisition_timeout,
            config.logger.clone(),
        );
        let provider = match routing_context {
            Some(context) => Provider::Routing(Router::new(
                pool.clone(),
                address,
                context,
                config.resolver,
                runtime.clone(),
                config.logger.clone(),
            )),
            None => Provider::Direct {
                pool: pool.clone(),
                address,
            },
        };
        Ok(Driver {
            pool,
            provider,
            runtime,
            logger: config.logger,
            fetch_size: config.fetch_size,
            telemetry: config.telemetry,
            security,
        })
    }

    /// Whether and how connections are encrypted.
    pub fn security(&self) -> &Security {
        &self.security
    }

    /// A new session with `config`.
    pub fn session(&self, config: SessionConfig) -> Session {
        Session::new(
            self.provider.clone(),
            config.tx,
            config.fetch_size.unwrap_or(self.fetch_size),
            self.telemetry,
            config.auth,
            config.bookmark_manager,
        )
    }

    /// The host runtime the driver runs on.
    pub fn runtime(&self) -> &dyn Runtime {
        &*self.runtime
    }

    /// Where the driver logs.
    pub fn logger(&self) -> &Logger {
        &self.logger
    }

    /// A connection for reading from the home database: the server itself, or a reader of
    /// the cluster after fetching the home database's routing table.
    async fn reader(&self) -> Result<PooledConnection, Error> {
        let target = Target {
            mode: AccessMode::Read,
            database: None,
            impersonated_user: None,
            bookmarks: &[],
            auth: None,
        };
        Ok(self.provider.acquire_checked(&target).await?.0)
    }

    /// Borrows a connection and reports which server answered. It fails unless a connection
    /// can be opened (or borrowed) and authenticated, which is all `verifyConnectivity` asks.
    pub async fn server_info(&self) -> Result<ServerInfo, Error> {
        Ok(self.reader().await?.server_info())
    }

    /// The Bolt version the server in the URI agrees on, from a handshake without logging in.
    pub async fn negotiated_version(&self) -> Result<Version, Error> {
        self.pool.negotiate(self.provider.address()).await
    }

    /// Whether the server accepts `auth` (the driver's own if `None`), checked as neo4j-driver
    /// checks it: on a connection to the server, or to a reader of `database` (`system` unless
    /// given) as that user, which logs on again unless logging on was the last thing it did.
    /// `false` when the server refuses the credentials; `Err` for other failures.
    pub async fn verify_authentication(
        &self,
        auth: Option<AuthToken>,
        database: Option<&str>,
    ) -> Result<bool, Error> {
        const REFUSED: [&str; 4] = [
            "Neo.ClientError.Security.CredentialsExpired",
            "Neo.ClientError.Security.Forbidden",
            "Neo.ClientError.Security.TokenExpired",
            "Neo.ClientError.Security.Unauthorized",
        ];
        let token = match auth {
            Some(token) => token,
            None => self.pool.driver_token().await?,
        };
        let checked = async {
            let target = Target {
                mode: AccessMode::Read,
                database: Some(database.unwrap_or("system")),
                impersonated_user: None,
                bookmarks: &[],
                auth: Some(&token),
            };
            let (connection, _) = self.provider.acquire(&target).await?;
            if !connection.logged_on_last() {
                connection.reauthenticate(token.clone()).await?;
            }
            Ok::<(), Error>(())
        };
        match checked.await {
            Ok(()) => Ok(true),
            Err(e) if REFUSED.contains(&e.code()) => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// Closes the pool: every connection, idle or lent.
    pub fn close(&self) {
        self.pool.close();
    }
}

/// Runs `attempt` until it succeeds, fails with an error `retryable` rejects, or `policy`'s
/// time is up, sleeping on `runtime` between tries as the policy says (`random` picks the
/// jitter). This is the loop of `executeRead`/`executeWrite`.
pub async fn with_retries<T, E>(
    runtime: &dyn Runtime,
    policy: &RetryPolicy,
    logger: &Logger,
    mut random: impl FnMut() -> f64,
    mut attempt: impl AsyncFnMut() -> Result<T, E>,
    retryable: impl Fn(&E) -> bool,
) -> Result<T, E> {
    let started = runtime.now();
    let mut retries = 0;
    loop {
        let error = match attempt().await {
            Ok(value) => return Ok(value),
            Err(error) if retryable(&error) => error,
            Err(error) => return Err(error),
        };
        let elapsed = runtime.now().saturating_sub(started);
        match policy.next_delay(retries, elapsed, random()) {
            Some(delay) => {
                logger.log(Level::Info, || {
                    format!(
                        "a transaction failed with a retryable error; retry {} in {} ms",
                        retries + 1,
                        whole_millis(delay)
                    )
                });
                runtime.sleep(delay).await
            }
            None => return Err(error),
        }
        retries += 1;
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
