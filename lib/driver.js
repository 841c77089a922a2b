// The driver: one per database deployment, holding its connection pool. Sessions borrow
// connections from it; `executeQuery` is the shortcut for one query with retries.

import { core } from './core.js';
import { Session } from './session.js';
import { ServerInfo } from './result-summary.js';
import { ProtocolVersion } from './protocol-version.js';
import { bookmarkManager, sharedBookmarkSet } from './bookmark-manager.js';
import { resultTransformers } from './result-transformers.js';
import { newError } from './error.js';
import { certificateSource } from './client-certificate.js';
import { driverSettings, sessionSettings } from './config.js';
import { EncryptionService } from './encryption.js';

/** Where `executeQuery` sends its query (`neo4j.routing`). */
export const routing = Object.freeze({ WRITE: 'WRITE', READ: 'READ' });

/** The access modes of sessions (`neo4j.session`). */
export const session = Object.freeze({ READ: 'READ', WRITE: 'WRITE' });

/** Makes reactive sessions; set when the `neo4j-wasm/rx` entry (lib/rx.js) is loaded. */
let rxSessionOf = null;

/**
 * Internal: lets `driver.rxSession()` make reactive sessions, for lib/rx.js.
 * @param {function(Session): object} wrap makes the reactive session of a session
 */
export function useRxSession(wrap) {
  rxSessionOf = wrap;
}

/**
 * A driver from `neo4j.driver(uri, auth, config)`.
 */
export class Driver {
  #core;
  #executeQueryBookmarkManager = null;
  #disableAutoCommitRetries;

  /**
   * @param {object} driverCore the core driver
   * @param {EncryptionService} [encryption] made from the config's `encryptionProfiles`
   * @param {boolean} [disableAutoCommitRetries] the config's: sessions' default
   */
  constructor(driverCore, encryption = new EncryptionService(), disableAutoCommitRetries = false) {
    this.#core = driverCore;
    /** Encrypts and decrypts property values with the config's `encryptionProfiles` (experimental). */
    this.encryption = encryption;
    this.#disableAutoCommitRetries = disableAutoCommitRetries;
  }

  /**
   * A new session. Config: `defaultAccessMode`, `bookmarks`, `database`, `impersonatedUser`,
   * `fetchSize`, `bookmarkManager`, `auth`, `disableAutoCommitRetries`.
   * @param {object} [config]
   * @returns {Session}
   */
  session(config = {}) {
    const retries = !(config?.disableAutoCommitRetries ?? this.#disableAutoCommitRetries);
    const shared = sharedBookmarkSet(config?.bookmarkManager);
    return new Session(this.#core.session(sessionSettings(config, shared !== undefined), shared), retries);
  }

  /**
   * A new reactive session, with the config of {@link Driver#session}. Needs the
   * `neo4j-wasm/rx` entry, which brings RxJS, to be imported once.
   * @param {object} [config]
   * @returns {RxSession} (from lib/rx.js)
   */
  rxSession(config = {}) {
    if (rxSessionOf === null) {
      throw newError("driver.rxSession() needs the reactive API, a separate entry: import 'neo4j-wasm/rx' " +
        'once in the application (with rxjs installed).');
    }
    return rxSessionOf(this.session(config));
  }

  /**
   * The bookmark manager `executeQuery` uses unless told otherwise, so that its queries see
   * each other's writes.
   */
  get executeQueryBookmarkManager() {
    this.#executeQueryBookmarkManager ??= bookmarkManager();
    return this.#executeQueryBookmarkManager;
  }

  /**
   * Runs one query in a managed transaction (retried like `executeWrite`) and resolves with
   * what the result transformer makes of it, by default an `EagerResult`.
   * Config: `routing`, `database`, `impersonatedUser`, `bookmarkManager` (`null` for none),
   * `resultTransformer`, `auth`, `transactionConfig`, `signal` (aborting it ends the query at
   * once, on the server too, and rejects with the signal's reason).
   * @param {string|{text: string, parameters?: object, parameterRules?: object}} query
   * @param {object} [parameters]
   * @param {object} [config]
   * @param {object} [parameterRules] rules that map the parameters (not with a query object)
   * @returns {Promise<*>}
   */
  async executeQuery(query, parameters, config = {}, parameterRules) {
    const routingConfig = config.routing ?? routing.WRITE;
    if (routingConfig !== routing.READ && routingConfig !== routing.WRITE) {
      throw newError(`Illegal query routing config: "${routingConfig}"`);
    }
    const transform = config.resultTransformer ?? resultTransformers.eager();
    const querySession = this.session({
      database: config.database,
      impersonatedUser: config.impersonatedUser,
      auth: config.auth,
      bookmarkManager: config.bookmarkManager === null
        ? undefined
        : config.bookmarkManager ?? this.executeQueryBookmarkManager,
    });
    try {
      const work = (tx) => transform(tx.run(query, parameters, parameterRules));
      const transactionConfig = config.signal === undefined
        ? config.transactionConfig
        : { ...config.transactionConfig, signal: config.signal };
      return await querySession._executeQuery(routingConfig, work, transactionConfig);
    } finally {
      await querySession.close();
    }
  }

  /**
   * Resolves once the driver can connect and authenticate.
   * @returns {Promise<void>}
   */
  async verifyConnectivity() {
    await this.#core.verifyConnectivity();
  }

  /**
   * Information about the server the driver connects to.
   * @returns {Promise<ServerInfo>}
   */
  async getServerInfo() {
    const info = await this.#core.getServerInfo();
    return new ServerInfo({ address: info.address, version: info.agent },
      new ProtocolVersion(info.protocolMajor, info.protocolMinor));
  }

  /**
   * The Bolt version the driver and the server agree on; no credentials are needed.
   * @returns {Promise<ProtocolVersion>}
   */
  async getNegotiatedProtocolVersion() {
    const info = await this.#core.negotiatedProtocolVersion();
    return new ProtocolVersion(info.protocolMajor, info.protocolMinor);
  }

  /**
   * Whether the server accepts `auth` (the driver's own when left out), asked on a connection
   * to the server, or to a reader of `database` (default `system`) when routing.
   * @param {{auth?: object, database?: string}} [config]
   * @returns {Promise<boolean>}
   */
  async verifyAuthentication(config = {}) {
    const { auth, database } = config ?? {};
    if (database != null && typeof database !== 'string') {
      throw new Error("verifyAuthentication's database must be a string");
    }
    return this.#core.verifyAuthentication(auth ?? undefined, database ?? undefined);
  }

  /** @returns {Promise<boolean>} whether sessions can choose their database */
  supportsMultiDb() {
    return this.#core.supportsMultiDb();
  }

  /** @returns {Promise<boolean>} whether transactions take a timeout and metadata */
  supportsTransactionConfig() {
    return this.#core.supportsTransactionConfig();
  }

  /** @returns {Promise<boolean>} whether sessions can impersonate other users */
  supportsUserImpersonation() {
    return this.#core.supportsUserImpersonation();
  }

  /** @returns {Promise<boolean>} whether sessions can authenticate as other users */
  supportsSessionAuth() {
    return this.#core.supportsSessionAuth();
  }

  /** @returns {boolean} whether connections are encrypted */
  isEncrypted() {
    return this.#core.isEncrypted();
  }

  /**
   * Closes the driver's connections; it cannot be used afterwards.
   * @returns {Promise<void>}
   */
  close() {
    return this.#core.close();
  }

  /** Closes the driver, for `await using`. */
  [Symbol.asyncDispose]() {
    return this.close();
  }
}

/**
 * Creates a driver for `uri` (`bolt://`, `bolt+s://`, `bolt+ssc://`, ...). No connection is
 * opened until the driver is used.
 * @param {string} uri
 * @param {object} [authToken] from `neo4j.auth`, or an auth token manager
 * @param {object} [config]
 * @returns {Driver}
 */
export function driver(uri, authToken, config = {}) {
  if (typeof uri !== 'string') {
    throw new TypeError(`"Bolt URL" expected to be string but was: ${JSON.stringify(uri) ?? String(uri)}`);
  }
  const settings = driverSettings(config, certificateSource(config?.clientCertificate));
  const encryption = new EncryptionService(config?.encryptionProfiles ?? [], config ?? {});
  return new Driver(core().driver(uri, authToken, settings), encryption, config?.disableAutoCommitRetries === true);
}

/**
 * Resolves `true` when a server answers at `uri` (no credentials are needed), and rejects
 * with the reason otherwise.
 * @param {string} uri
 * @param {object} [config] driver config
 * @returns {Promise<true>}
 */
export async function hasReachableServer(uri, config) {
  const probe = driver(uri, { scheme: 'none', principal: '', credentials: '' }, config);
  try {
    await probe.getNegotiatedProtocolVersion();
    return true;
  } finally {
    await probe.close();
  }
}
