// What the server says about a query once its records are all read: counters, plans,
// notifications and GQL statuses, timings, the server and the database. Built from the Bolt
// SUCCESS metadata of RUN and of the last PULL (or DISCARD), merged.

import { Integer } from './integer.js';
import { diagnosticRecordToJson, POLYFILLED_DIAGNOSTIC_RECORD } from './error.js';
import { notificationClassification, notificationSeverityLevel } from './notification-filter.js';

/** The values of {@link ResultSummary#queryType}. */
export const queryType = {
  READ_ONLY: 'r',
  READ_WRITE: 'rw',
  WRITE_ONLY: 'w',
  SCHEMA_WRITE: 's'
};

/**
 * The summary of a query.
 *
 * `metadata` holds the Bolt field names (`type`, `stats`, `plan`, `profile`, `notifications`,
 * `statuses`, `db`, `t_first`, `t_last`) with values already decoded, plus
 * `server: { address, version }` and, when the caller knows it, `stream_summary:
 * { have_records_streamed, pulled, has_keys }`, which picks the first GQL status of servers that
 * send none. `result_available_after` and `result_consumed_after` are read where `t_first` and
 * `t_last` are absent, so metadata shaped for neo4j-driver's constructor works too.
 */
export class ResultSummary {
  /**
   * @param {string} query the query text
   * @param {Object} parameters the query parameters
   * @param {Object} metadata see above
   * @param {ProtocolVersion} [protocolVersion] the connection's Bolt version
   */
  constructor(query, parameters, metadata, protocolVersion) {
    const { statuses } = metadata;
    /** The query and its parameters. */
    this.query = { text: query, parameters };
    /** `r`, `rw`, `w` or `s`: see {@link queryType}. */
    this.queryType = metadata.type;
    /** What the query changed. */
    this.counters = new QueryStatistics(metadata.stats ?? {});
    /** The plan (of an `EXPLAIN` or `PROFILE` query), or `false`. */
    this.plan = metadata.plan != null || metadata.profile != null
      ? new Plan(metadata.plan ?? metadata.profile)
      : false;
    /**
     * The profile (of a `PROFILE` query), or `false`.
     * @deprecated use {@link ResultSummary#queryProfile}
     */
    this.profile = metadata.profile != null ? new ProfiledPlan(metadata.profile) : false;
    /** The profile (of a `PROFILE` query), or `false`. */
    this.queryProfile = metadata.profile != null ? new QueryProfile(metadata.profile) : false;
    /**
     * The server's notifications.
     * @deprecated use {@link ResultSummary#gqlStatusObjects}
     */
    this.notifications = notificationsOf(metadata.notifications, statuses);
    /** The GQL statuses of the query: as sent, or made from the stream and the notifications. */
    this.gqlStatusObjects = gqlStatusObjectsOf(statuses, metadata.notifications,
      metadata.stream_summary);
    /** The server that ran the query. */
    this.server = new ServerInfo(metadata.server, protocolVersion);
    /** Milliseconds the server took to stream all records (as decoded: Integer by default). */
    this.resultConsumedAfter = metadata.t_last ?? metadata.result_consumed_after;
    /** Milliseconds until the first record was available (as decoded: Integer by default). */
    this.resultAvailableAfter = metadata.t_first ?? metadata.result_available_after;
    /** The database the query ran on. */
    this.database = { name: metadata.db ?? null };
  }

  /**
   * Whether the summary has a plan.
   * @returns {boolean}
   */
  hasPlan() {
    return this.plan instanceof Plan;
  }

  /**
   * Whether the summary has a profile.
   * @returns {boolean}
   */
  hasProfile() {
    return this.queryProfile instanceof QueryProfile;
  }
}

/** The plan of a query, as `EXPLAIN` shows it: one operator and its children. */
export class Plan {
  /** @param {Object} plan the Bolt `plan` (or `profile`) map */
  constructor(plan) {
    this.operatorType = plan.operatorType;
    this.identifiers = plan.identifiers;
    this.arguments = plan.args;
    this.children = plan.children != null ? plan.children.map((child) => new Plan(child)) : [];
  }
}

/**
 * The profile of a query, as `PROFILE` shows it; missing counters are 0.
 * @deprecated use {@link QueryProfile}
 */
export class ProfiledPlan {
  /** @param {Object} profile the Bolt `profile` map */
  constructor(profile) {
    this.operatorType = profile.operatorType;
    this.identifiers = profile.identifiers;
    this.arguments = profile.args;
    Object.assign(this, profileCounters(profile, 0));
    this.children = profile.children != null
      ? profile.children.map((child) => new ProfiledPlan(child))
      : [];
  }

  /**
   * Whether the profile has page cache figures.
   * @returns {boolean}
   */
  hasPageCacheStats() {
    return this.pageCacheMisses > 0 || this.pageCacheHits > 0 || this.pageCacheHitRatio > 0;
  }
}

/** The profile of a query, as `PROFILE` shows it; missing counters are `null`. */
export class QueryProfile {
  /** @param {Object} profile the Bolt `profile` map */
  constructor(profile) {
    this.operatorType = profile.operatorType;
    this.identifiers = profile.identifiers;
    this.arguments = profile.args;
    Object.assign(this, profileCounters(profile, null));
    this.children = profile.children != null
      ? profile.children.map((child) => new QueryProfile(child))
      : [];
  }
}

// Counters arrive as Integer, number or BigInt (the driver's integer mode decides); summaries
// show them as numbers.
const PROFILE_COUNTERS = ['dbHits', 'rows', 'pageCacheMisses', 'pageCacheHits',
  'pageCacheHitRatio', 'time'];

function profileCounters(profile, missing) {
  return Object.fromEntries(PROFILE_COUNTERS.map(
    (name) => [name, name in profile ? Integer.toNumber(profile[name]) : missing]));
}

/** The changes a query made, counted. */
export class QueryStatistics {
  /** @param {Object} statistics the Bolt `stats` map (`nodes-created`, ...) */
  constructor(statistics) {
    this._stats = {
      nodesCreated: 0,
      nodesDeleted: 0,
      relationshipsCreated: 0,
      relationshipsDeleted: 0,
      propertiesSet: 0,
      labelsAdded: 0,
      labelsRemoved: 0,
      indexesAdded: 0,
      indexesRemoved: 0,
      constraintsAdded: 0,
      constraintsRemoved: 0
    };
    this._systemUpdates = 0;
    for (const [boltName, value] of Object.entries(statistics)) {
      const name = boltName.replace(/-\w/g, (dashed) => dashed[1].toUpperCase());
      if (name in this._stats) {
        this._stats[name] = Integer.toNumber(value);
      } else if (name === 'systemUpdates') {
        this._systemUpdates = Integer.toNumber(value);
      } else if (name === 'containsSystemUpdates') {
        this._containsSystemUpdates = value;
      } else if (name === 'containsUpdates') {
        this._containsUpdates = value;
      }
    }
    Object.freeze(this._stats);
  }

  /**
   * Whether the query changed the database (as the server says, or as the counters show).
   * @returns {boolean}
   */
  containsUpdates() {
    return this._containsUpdates !== undefined
      ? this._containsUpdates
      : Object.values(this._stats).reduce((sum, count) => sum + count, 0) > 0;
  }

  /**
   * The counters, as numbers: `nodesCreated`, `propertiesSet`, ...
   * @returns {Object<string, number>}
   */
  updates() {
    return this._stats;
  }

  /**
   * Whether the query changed the system database.
   * @returns {boolean}
   */
  containsSystemUpdates() {
    return this._containsSystemUpdates !== undefined
      ? this._containsSystemUpdates
      : this._systemUpdates > 0;
  }

  /**
   * The number of changes to the system database.
   * @returns {number}
   */
  systemUpdates() {
    return this._systemUpdates;
  }
}

/** The server a result came from: `address`, `agent` and the Bolt `protocolVersion`. */
export class ServerInfo {
  /**
   * @param {{address: string, version: string}} [serverMeta] `version` is the agent string
   * @param {ProtocolVersion} [protocolVersion]
   */
  constructor(serverMeta, protocolVersion) {
    if (serverMeta != null) {
      this.address = serverMeta.address;
      this.agent = serverMeta.version;
    }
    this.protocolVersion = protocolVersion;
  }
}

/**
 * A notification of the server about a query (a warning, a hint, ...).
 * @deprecated use {@link GqlStatusObject}
 */
export class Notification {
  /** @param {Object} notification a Bolt `notifications` entry */
  constructor(notification) {
    this.code = notification.code;
    this.title = notification.title;
    this.description = notification.description;
    /** Where in the query: `{ offset, line, column }`, or `{}`. */
    this.position = positionOf(notification.position) ?? {};
    /** `WARNING`, `INFORMATION` or `UNKNOWN`. */
    this.severityLevel = knownSeverity(notification.severity);
    this.rawSeverityLevel = notification.severity;
    /** One of {@link notificationCategory}; `UNKNOWN` for other values. */
    this.category = knownClassification(notification.category);
    this.rawCategory = notification.category;
  }
}

/** A GQL status of a query: its outcome, or a notification. Immutable. */
export class GqlStatusObject {
  /** @param {Object} status a Bolt `statuses` entry */
  constructor(status) {
    this.gqlStatus = status.gql_status;
    this.statusDescription = status.status_description;
    this.diagnosticRecord = status.diagnostic_record ?? {};
    /** Where in the query: `{ offset, line, column }`, or undefined. */
    this.position = positionOf(this.diagnosticRecord._position);
    /** `WARNING`, `INFORMATION` or `UNKNOWN`. */
    this.severity = knownSeverity(this.diagnosticRecord._severity);
    this.rawSeverity = this.diagnosticRecord._severity;
    /** One of {@link notificationClassification}; `UNKNOWN` for other values. */
    this.classification = knownClassification(this.diagnosticRecord._classification);
    this.rawClassification = this.diagnosticRecord._classification;
    /** Whether this status is a notification (which notification filters act on). */
    this.isNotification = status.neo4j_code != null;
    Object.freeze(this);
  }

  /** The diagnostic record as JSON text, for inspection by people. */
  get diagnosticRecordAsJsonString() {
    return diagnosticRecordToJson(this.diagnosticRecord);
  }
}

// Severities and classifications the enumerations do not list read as UNKNOWN.
const SEVERITIES = Object.values(notificationSeverityLevel);
const CLASSIFICATIONS = Object.values(notificationClassification);

function knownSeverity(severity) {
  return SEVERITIES.includes(severity) ? severity : notificationSeverityLevel.UNKNOWN;
}

function knownClassification(classification) {
  return CLASSIFICATIONS.includes(classification)
    ? classification
    : notificationClassification.UNKNOWN;
}

// --- GQL statuses and notifications, from whichever of the two the server sent ---

// The first status of a server that sends none, from how the stream went.
const SUCCESS = clientStatus('00000', 'note: successful completion');
const OMITTED_RESULT = clientStatus('00001', 'note: successful completion - omitted result');
const NO_DATA = clientStatus('02000', 'note: no data');
const NO_DATA_UNKNOWN = clientStatus('02N42', 'note: no data - unknown subcondition');

function clientStatus(gqlStatus, description) {
  return new GqlStatusObject({
    gql_status: gqlStatus,
    status_description: description,
    diagnostic_record: POLYFILLED_DIAGNOSTIC_RECORD
  });
}

// Order of statuses by GQLSTATUS class: no data, then warnings, then success, then the rest.
const CLASS_RANK = { '02': 0, '01': 1, '00': 2 };

function rank(status) {
  return CLASS_RANK[status.gqlStatus?.slice(0, 2)] ?? 9999;
}

/**
 * Internal: a server's `statuses` with the standard fields in every diagnostic record (defaults
 * where absent; a null record stays null), as the driver reads them off the wire. A summary an
 * application makes itself keeps its statuses as given.
 * @param {Object[]|undefined} statuses
 * @returns {Object[]|undefined}
 */
export function withDefaultDiagnosticRecords(statuses) {
  if (!Array.isArray(statuses)) return statuses;
  return statuses.map((status) => ({
    ...status,
    diagnostic_record: status.diagnostic_record !== null
      ? { ...POLYFILLED_DIAGNOSTIC_RECORD, ...status.diagnostic_record }
      : null
  }));
}

function gqlStatusObjectsOf(statuses, notifications, streamSummary) {
  if (statuses != null) return statuses.map((status) => new GqlStatusObject(status));
  const first = streamSummary?.have_records_streamed === true ? SUCCESS
    : streamSummary?.has_keys === false ? OMITTED_RESULT
      : streamSummary?.pulled === true ? NO_DATA
        : NO_DATA_UNKNOWN;
  return [first, ...(notifications ?? []).map(statusFromNotification)]
    .sort((a, b) => rank(a) - rank(b));
}

function statusFromNotification(notification) {
  const warning = notification.severity === notificationSeverityLevel.WARNING;
  const diagnosticRecord = { ...POLYFILLED_DIAGNOSTIC_RECORD };
  if (notification.severity != null) diagnosticRecord._severity = notification.severity;
  if (notification.category != null) diagnosticRecord._classification = notification.category;
  if (notification.position != null) diagnosticRecord._position = notification.position;
  return new GqlStatusObject({
    gql_status: warning ? '01N42' : '03N42',
    status_description: notification.description ??
      (warning ? 'warn: unknown warning' : 'info: unknown notification'),
    neo4j_code: notification.code,
    diagnostic_record: diagnosticRecord
  });
}

function notificationsOf(notifications, statuses) {
  if (notifications != null) return notifications.map((n) => new Notification(n));
  if (statuses == null) return [];
  return statuses
    .filter((status) => status.neo4j_code != null)
    .map((status) => new Notification({
      code: status.neo4j_code,
      title: status.title,
      description: status.description,
      severity: status.diagnostic_record?._severity,
      category: status.diagnostic_record?._classification,
      position: status.diagnostic_record?._position
    }));
}

function positionOf(position) {
  if (position == null) return undefined;
  return {
    offset: Integer.toNumber(position.offset),
    line: Integer.toNumber(position.line),
    column: Integer.toNumber(position.column)
  };
}
