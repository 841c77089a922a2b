// The driver, session and transaction configs (neo4j-driver's keys) read and checked for the
// core, which takes them as arrays of settings in a fixed order, already checked: reading
// objects key by key from WebAssembly takes far more code than here. A new config key, its
// check and its error message belong here, and its place in the order in the core
// (`src/js/config.rs`).

import { newError } from './error.js';

/** The `trust` values, in the order of the core's `Trust` numbers. */
const TRUST = ['TRUST_SYSTEM_CA_SIGNED_CERTIFICATES', 'TRUST_ALL_CERTIFICATES', 'TRUST_CUSTOM_CA_SIGNED_CERTIFICATES'];
const SEVERITIES = ['OFF', 'WARNING', 'INFORMATION'];
const LEVELS = ['error', 'warn', 'info', 'debug'];

/** `object[key]`, or `undefined` when it is `null`, or when `object` is not an object. */
function get(object, key) {
  return typeof object === 'object' && object !== null ? object[key] ?? undefined : undefined;
}

/**
 * `config[key]` if unset or `valid` says it is; otherwise a plain `Error` (a bad config, as
 * neo4j-driver's) saying what it must be. `within` names the key holding `config`, if any.
 */
function checked(config, key, valid, mustBe, within = '') {
  const value = get(config, key);
  if (value === undefined || valid(value)) return value;
  throw new Error(`config ${within}${key} must be ${mustBe}`);
}

const isWhole = (n) => typeof n === 'number' && Number.isInteger(n) && n <= 1e15;
const milliseconds = (config, key) => checked(config, key, (n) => isWhole(n) && n >= 0,
  'a non-negative whole number of milliseconds');
const count = (config, key) => checked(config, key, (n) => isWhole(n) && (n >= 1 || n === -1),
  'a positive whole number');
const isFunction = (f) => typeof f === 'function';
const isStrings = (list) => Array.isArray(list) && [...list].every((item) => typeof item === 'string');

/**
 * `[minimumSeverityLevel, disabledClassifications]` of a driver or session config's
 * `notificationFilter` (whose `disabledCategories` are classifications too).
 */
function notificationFilter(config) {
  const filter = get(config, 'notificationFilter');
  const severity = checked(filter, 'minimumSeverityLevel', (s) => SEVERITIES.includes(s),
    "'OFF', 'WARNING' or 'INFORMATION' (neo4j.notificationFilterMinimumSeverityLevel)", 'notificationFilter.');
  const list = (key) => checked(filter, key, isStrings, 'an array of strings', 'notificationFilter.');
  const categories = list('disabledCategories');
  const classifications = list('disabledClassifications');
  if (categories !== undefined && classifications !== undefined) {
    throw new Error('config notificationFilter can have disabledCategories or disabledClassifications, not both');
  }
  return [severity, classifications ?? categories];
}

/** `[level, logger, unredacted]` of config `logging`, all unset without it. */
function logging(config) {
  const value = get(config, 'logging');
  if (value === undefined) return [undefined, undefined, false];
  const level = get(value, 'level');
  const logger = get(value, 'logger');
  if (!LEVELS.includes(level) || !isFunction(logger)) {
    throw new Error("config logging must be { level: 'error' | 'warn' | 'info' | 'debug', " +
      "logger: (level, message) => ... }, for example neo4j.logging.console('debug')");
  }
  return [level, logger, get(value, 'unredactDebugLogs') === true];
}

/**
 * `[encrypted, trust, trustedCertificates]` as neo4j-driver reads them (TLS only with
 * `encrypted` on); `trust` as its index in {@link TRUST}.
 */
function security(config) {
  const encrypted = checked(config, 'encrypted',
    (e) => typeof e === 'boolean' || e === 'ENCRYPTION_ON' || e === 'ENCRYPTION_OFF',
    "true, false, 'ENCRYPTION_ON' or 'ENCRYPTION_OFF'");
  const trust = checked(config, 'trust', (t) => TRUST.includes(t),
    "'TRUST_SYSTEM_CA_SIGNED_CERTIFICATES', 'TRUST_ALL_CERTIFICATES' or 'TRUST_CUSTOM_CA_SIGNED_CERTIFICATES'");
  const custom = trust === TRUST[2];
  const trusted = get(config, 'trustedCertificates');
  if (custom && !(isStrings(trusted) && trusted.length > 0)) {
    throw new Error(`trust '${TRUST[2]}' needs config trustedCertificates: an array with the paths of one or ` +
      'more PEM files of trusted CAs');
  }
  return [typeof encrypted === 'string' ? encrypted === 'ENCRYPTION_ON' : encrypted,
    trust === undefined ? undefined : TRUST.indexOf(trust), custom ? trusted : undefined];
}

/** Config `resolver`: `address => addresses`, or a promise of them. */
function resolver(config) {
  const value = get(config, 'resolver');
  if (value === undefined || isFunction(value)) return value;
  throw new TypeError('config resolver must be a function from an address to the addresses to try ' +
    `(or a promise of them), such as address => ['a.example.com:7687'], not a ${typeof value}`);
}

/**
 * How integers reach the application, as the core numbers the modes: `useBigInt` (2) wins
 * over `disableLosslessIntegers` (1), as in neo4j-driver; lossless `Integer`s (0) otherwise.
 * @param {object} [config] driver config
 * @returns {number}
 */
export function integerMode(config) {
  if (get(config, 'useBigInt')) return 2;
  return get(config, 'disableLosslessIntegers') ? 1 : 0;
}

/**
 * The settings of a driver config, checked, in the order of the core's `DriverSetting`.
 * @param {object} [config] the config of `neo4j.driver(uri, auth, config)`
 * @param {function} [clientCertificate] the certificate source lib/client-certificate.js made
 * @returns {Array}
 */
export function driverSettings(config, clientCertificate) {
  return [
    milliseconds(config, 'maxTransactionRetryTime'),
    checked(config, 'webSocket', isFunction, "a WebSocket constructor, such as globalThis.WebSocket or require('ws')"),
    integerMode(config),
    checked(config, 'userAgent', (a) => typeof a === 'string', 'a string'),
    count(config, 'maxConnectionPoolSize'),
    milliseconds(config, 'maxConnectionLifetime'),
    milliseconds(config, 'connectionLivenessCheckTimeout'),
    milliseconds(config, 'connectionAcquisitionTimeout'),
    milliseconds(config, 'connectionTimeout'),
    milliseconds(config, 'receiveTimeout'),
    count(config, 'fetchSize'),
    checked(config, 'telemetryDisabled', (d) => typeof d === 'boolean', 'a boolean'),
    ...logging(config),
    ...security(config),
    ...notificationFilter(config),
    resolver(config),
    clientCertificate,
  ];
}

/**
 * The settings of a transaction config (`{ timeout, metadata }`), checked, in the order of
 * the core's `TransactionSetting`.
 * @param {object} [config]
 * @returns {Array}
 */
export function transactionSettings(config) {
  const timeout = get(config, 'timeout');
  if (typeof timeout === 'number' && timeout < 0) {
    // A Neo4jError, as neo4j-driver throws it.
    throw newError('transaction config timeout must not be negative');
  }
  const metadata = get(config, 'metadata');
  if (metadata !== undefined && typeof metadata !== 'object') {
    throw new Error('transaction config metadata must be an object');
  }
  return [milliseconds(config, 'timeout'), metadata];
}

/**
 * The settings of a session config, checked, in the order of the core's `SessionSetting`.
 * `bookmarkManager` is left out when the core holds its bookmarks (`shared`).
 * @param {object} [config] the config of `driver.session(config)`
 * @param {boolean} shared whether the session is given the bookmark manager's own set
 * @returns {Array}
 */
export function sessionSettings(config, shared) {
  const string = (key) => {
    const value = get(config, key);
    if (value === undefined || typeof value === 'string') return value;
    throw new Error(`session config ${key} must be a string`);
  };
  const mode = string('defaultAccessMode');
  if (mode !== undefined && mode !== 'READ' && mode !== 'WRITE') {
    // A Neo4jError, as neo4j-driver throws it.
    throw newError(`session config defaultAccessMode must be neo4j.session.READ or neo4j.session.WRITE, not '${mode}'`);
  }
  let bookmarks = get(config, 'bookmarks') ?? [];
  if (typeof bookmarks === 'string') bookmarks = [bookmarks];
  else if (!Array.isArray(bookmarks)) {
    throw new Error('session config bookmarks must be a string or an array of strings');
  } else if (!isStrings(bookmarks)) throw new Error('session config bookmarks must be strings');
  const database = string('database');
  const impersonatedUser = string('impersonatedUser');
  const filter = notificationFilter(config);
  const auth = get(config, 'auth');
  if (auth !== undefined && typeof auth !== 'object') {
    throw new Error("session config auth must be an auth token such as { scheme: 'basic', principal, credentials }");
  }
  const manager = shared ? undefined : get(config, 'bookmarkManager');
  const methods = ['getBookmarks', 'updateBookmarks'];
  if (manager !== undefined && !methods.every((method) => isFunction(get(manager, method)))) {
    throw new Error('session config bookmarkManager must have getBookmarks() and updateBookmarks(previous, new) ' +
      'methods, such as neo4j.bookmarkManager() returns');
  }
  return [mode === 'READ', bookmarks, database || undefined, impersonatedUser, ...filter, auth, manager,
    count(config, 'fetchSize')];
}
