//! Bolt protocol versions and the features each one brings.
//!
//! Everything version-dependent in the core asks a [`Version`] (or a [`Feature`]) instead of
//! comparing numbers inline, so the "which version added what" knowledge lives in one table:
//! [`Feature::since`].

use std::fmt;

use crate::packstream::Dialect;

/// A negotiated Bolt protocol version, `major.minor`.
///
/// Ordered by major, then minor, so `Version::V5_0 > Version::V4_4`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Version {
    /// The major version (4, 5, 6, ...).
    pub major: u8,
    /// The minor version within `major`.
    pub minor: u8,
}

impl Version {
    /// Bolt 4.2, the oldest version the core speaks.
    pub const V4_2: Version = Version::new(4, 2);
    /// Bolt 4.3: ROUTE message, `patch_bolt: ["utc"]` becomes available.
    pub const V4_3: Version = Version::new(4, 3);
    /// Bolt 4.4: ROUTE carries an `{db, imp_user}` map.
    pub const V4_4: Version = Version::new(4, 4);
    /// Bolt 5.0: element ids, UTC date-times by default.
    pub const V5_0: Version = Version::new(5, 0);
    /// Bolt 5.1: LOGON/LOGOFF.
    pub const V5_1: Version = Version::new(5, 1);
    /// Bolt 5.2: notification filters.
    pub const V5_2: Version = Version::new(5, 2);
    /// Bolt 5.3: `bolt_agent` in HELLO.
    pub const V5_3: Version = Version::new(5, 3);
    /// Bolt 5.4: TELEMETRY.
    pub const V5_4: Version = Version::new(5, 4);
    /// Bolt 5.6: GQL-style notification statuses.
    pub const V5_6: Version = Version::new(5, 6);
    /// Bolt 5.7: GQL errors, handshake manifest v1.
    pub const V5_7: Version = Version::new(5, 7);
    /// Bolt 5.8: server-side routing hint (`ssr.enabled`).
    pub const V5_8: Version = Version::new(5, 8);
    /// Bolt 6.0: vector values.
    pub const V6_0: Version = Version::new(6, 0);
    /// Bolt 6.1: UUID values.
    pub const V6_1: Version = Version::new(6, 1);

    /// Builds a version from its parts.
    pub const fn new(major: u8, minor: u8) -> Self {
        Version { major, minor }
    }

    /// Whether this version has `feature` (see [`Feature::since`]).
    pub fn supports(self, feature: Feature) -> bool {
        self >= feature.since()
    }

    /// The value structures this version uses; `utc_patch`: the server accepted the `utc`
    /// patch in HELLO, which only 4.3 and 4.4 know.
    pub fn dialect(self, utc_patch: bool) -> Dialect {
        Dialect {
            element_ids: self.supports(Feature::ElementIds),
            utc_datetime: self.supports(Feature::UtcDateTimes)
                || (utc_patch && self.utc_patch_available()),
            vectors: self.supports(Feature::Vectors),
            uuids: self.supports(Feature::Uuids),
        }
    }

    /// LOGON/LOGOFF messages: auth is sent after HELLO, and can be changed (5.1+).
    pub fn supports_logon(self) -> bool {
        self.supports(Feature::Logon)
    }

    /// Whether the HELLO should ask for `patch_bolt: ["utc"]`: only 4.3 and 4.4 know that patch.
    pub fn utc_patch_available(self) -> bool {
        self == Version::V4_3 || self == Version::V4_4
    }

    /// Nodes and relationships carry string element ids next to the integer ids (5.0+).
    pub fn element_ids(self) -> bool {
        self.supports(Feature::ElementIds)
    }

    /// HELLO/BEGIN may carry notification filters (minimum severity, disabled categories) (5.2+).
    pub fn supports_notification_filters(self) -> bool {
        self.supports(Feature::NotificationFilters)
    }

    /// HELLO carries a `bolt_agent` map (5.3+).
    pub fn supports_bolt_agent(self) -> bool {
        self.supports(Feature::BoltAgent)
    }

    /// The TELEMETRY message exists (5.4+).
    pub fn supports_telemetry(self) -> bool {
        self.supports(Feature::Telemetry)
    }

    /// FAILURE metadata is GQL-shaped (`gql_status`, `description`, `diagnostic_record`, `cause`) (5.7+).
    pub fn supports_gql_errors(self) -> bool {
        self.supports(Feature::GqlErrors)
    }

    /// The server may send the `ssr.enabled` connection hint (server-side routing) (5.8+).
    pub fn supports_ssr_hint(self) -> bool {
        self.supports(Feature::SsrHint)
    }

    /// The vector value type exists in PackStream (6.0+).
    pub fn supports_vectors(self) -> bool {
        self.supports(Feature::Vectors)
    }

    /// ROUTE's third field is a map `{db, imp_user}` rather than a database name string (4.4+).
    pub fn route_has_db_map(self) -> bool {
        self.supports(Feature::RouteDbMap)
    }

    /// The ROUTE message exists (4.3+); older versions route through a procedure call.
    pub fn supports_route(self) -> bool {
        self.supports(Feature::Route)
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

/// A protocol feature whose availability depends only on the negotiated version.
///
/// Features never go away in a later version, so each has a single first version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Feature {
    /// Transactions take a timeout and metadata.
    TransactionConfig,
    /// Sessions choose their database.
    MultiDatabase,
    /// The ROUTE message.
    Route,
    /// ROUTE's third field is `{db, imp_user}`.
    RouteDbMap,
    /// Work runs as another user (`imp_user`).
    Impersonation,
    /// String element ids on graph entities.
    ElementIds,
    /// Date-times as UTC seconds (before, only with the `utc` patch on 4.3 and 4.4).
    UtcDateTimes,
    /// LOGON/LOGOFF messages.
    Logon,
    /// Notification filters in HELLO/BEGIN.
    NotificationFilters,
    /// `bolt_agent` in HELLO.
    BoltAgent,
    /// The TELEMETRY message.
    Telemetry,
    /// Notification filters name classifications (`notifications_disabled_classifications`),
    /// no longer categories.
    DisabledClassifications,
    /// GQL-shaped FAILURE metadata.
    GqlErrors,
    /// The `ssr.enabled` connection hint.
    SsrHint,
    /// The vector value type.
    Vectors,
    /// The UUID value type.
    Uuids,
}

impl Feature {
    /// The first Bolt version that has this feature.
    pub const fn since(self) -> Version {
        match self {
            Feature::TransactionConfig => Version::new(3, 0),
            Feature::MultiDatabase => Version::new(4, 0),
            Feature::Route => Version::V4_3,
            Feature::RouteDbMap | Feature::Impersonation => Version::V4_4,
            Feature::ElementIds | Feature::UtcDateTimes => Version::V5_0,
            Feature::Logon => Version::V5_1,
            Feature::NotificationFilters => Version::V5_2,
            Feature::BoltAgent => Version::V5_3,
            Feature::Telemetry => Version::V5_4,
            Feature::DisabledClassifications => Version::V5_6,
            Feature::GqlErrors => Version::V5_7,
            Feature::SsrHint => Version::V5_8,
            Feature::Vectors => Version::V6_0,
            Feature::Uuids => Version::V6_1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn each_version_has_the_dialect_of_its_features() {
        let dialect = |major, minor, utc_patch| Version::new(major, minor).dialect(utc_patch);
        assert_eq!(dialect(3, 0, false), Dialect::BOLT_4);
        assert_eq!(
            dialect(4, 2, true),
            Dialect::BOLT_4,
            "the utc patch exists from 4.3"
        );
        assert_eq!(dialect(4, 3, false), Dialect::BOLT_4);
        assert_eq!(dialect(4, 3, true), Dialect::BOLT_4_UTC);
        assert_eq!(dialect(4, 4, true), Dialect::BOLT_4_UTC);
        assert_eq!(dialect(5, 0, false), Dialect::BOLT_5);
        assert_eq!(dialect(5, 8, true), Dialect::BOLT_5);
        assert_eq!(dialect(6, 0, false), Dialect::BOLT_6);
        assert_eq!(dialect(6, 1, false), Dialect::BOLT_6_1);
    }

    #[test]
    fn ordering_and_display() {
        assert!(Version::V5_0 > Version::V4_4);
        assert!(Version::new(5, 10) > Version::V5_8);
        assert!(Version::V6_0 > Version::new(5, 255));
        assert_eq!(Version::V5_4.to_string(), "5.4");
        assert_eq!(Version::new(4, 4).to_string(), "4.4");
    }

    #[test]
    fn predicates_switch_on_at_their_version() {
        type Pred = fn(Version) -> bool;
        let table: [(Pred, Version); 10] = [
            (Version::supports_route, Version::V4_3),
            (Version::route_has_db_map, Version::V4_4),
            (Version::element_ids, Version::V5_0),
            (Version::supports_logon, Version::V5_1),
            (Version::supports_notification_filters, Version::V5_2),
            (Version::supports_bolt_agent, Version::V5_3),
            (Version::supports_telemetry, Version::V5_4),
            (Version::supports_gql_errors, Version::V5_7),
            (Version::supports_ssr_hint, Version::V5_8),
            (Version::supports_vectors, Version::V6_0),
        ];
        let all = [
            Version::V4_2,
            Version::V4_3,
            Version::V4_4,
            Version::V5_0,
            Version::V5_1,
            Version::V5_2,
            Version::V5_3,
            Version::V5_4,
            Version::V5_6,
            Version::V5_7,
            Version::V5_8,
            Version::V6_0,
        ];
        for (pred, since) in table {
            for v in all {
                assert_eq!(pred(v), v >= since, "{v} vs {since}");
            }
        }
    }

    #[test]
    fn utc_patch() {
        assert!(Version::V4_3.utc_patch_available());
        assert!(Version::V4_4.utc_patch_available());
        assert!(!Version::V4_2.utc_patch_available());
        assert!(!Version::V5_0.utc_patch_available());
    }
}
