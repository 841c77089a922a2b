// Types of lib/driver.js: the driver, its settings, and `executeQuery`.

import type { Result } from './result.js';
import type { EagerResult } from './result-transformers.js';
import type { ServerInfo } from './result-summary.js';
import type { ProtocolVersion } from './protocol-version.js';
import type { Session, SessionConfig, TransactionConfig } from './session.js';
import type { Query } from './transaction.js';
import type { AuthToken } from './auth.js';
import type { AuthTokenManager } from './auth-token-managers.js';
import type { BookmarkManager } from './bookmark-manager.js';
import type { LoggingConfig } from './logging.js';
import type { ClientCertificate, ClientCertificateProvider } from './client-certificate.js';
import type { Rules } from './mapping.js';
import type { EncryptionProfile, EncryptionService } from './encryption.js';

/** Access modes of sessions (`neo4j.session`). */
export declare const session: { readonly READ: 'READ'; readonly WRITE: 'WRITE' };
/** Where `executeQuery` sends its query (`neo4j.routing`). */
export declare const routing: { readonly READ: 'READ'; readonly WRITE: 'WRITE' };

export type RoutingControl = 'READ' | 'WRITE';
export type TrustStrategy =
  | 'TRUST_ALL_CERTIFICATES'
  | 'TRUST_SYSTEM_CA_SIGNED_CERTIFICATES'
  | 'TRUST_CUSTOM_CA_SIGNED_CERTIFICATES';

/** Driver settings (`neo4j.driver(uri, auth, config)`); all optional. */
export interface Config {
  encrypted?: boolean | 'ENCRYPTION_ON' | 'ENCRYPTION_OFF';
  trust?: TrustStrategy;
  /** PEM files of trusted CAs (Node only), with `TRUST_CUSTOM_CA_SIGNED_CERTIFICATES`. */
  trustedCertificates?: string[];
  /** The certificate TLS connections present for mutual TLS (Node only, not over webSocket). */
  clientCertificate?: ClientCertificate | ClientCertificateProvider;
  /** Connections per server; default 100. */
  maxConnectionPoolSize?: number;
  /** Milliseconds a connection may live; default one hour. */
  maxConnectionLifetime?: number;
  /** Milliseconds to wait for a free connection; default 60 000. */
  connectionAcquisitionTimeout?: number;
  /** Idle milliseconds after which a connection is checked before reuse. */
  connectionLivenessCheckTimeout?: number;
  /** Milliseconds to open a connection; default 30 000. */
  connectionTimeout?: number;
  /** Milliseconds a server may stay silent while an answer is due before its connection is
   * given up (a ServiceUnavailable error); unset or 0: no limit of the application's (the
   * server's own hint and transaction timeouts still apply). Not in neo4j-driver. */
  receiveTimeout?: number;
  /** Milliseconds managed transactions are retried for; default 30 000. */
  maxTransactionRetryTime?: number;
  /** Records per batch; default 1000, -1 for all at once. */
  fetchSize?: number;
  /** `session.run` fails at once on a failure the server marks idempotent, instead of running
   * the query once more; default false. */
  disableAutoCommitRetries?: boolean;
  /** Integers as JS numbers (lossy beyond 2^53) instead of `Integer`s. */
  disableLosslessIntegers?: boolean;
  /** Integers as BigInts instead of `Integer`s. */
  useBigInt?: boolean;
  logging?: LoggingConfig;
  userAgent?: string;
  telemetryDisabled?: boolean;
  /** A WebSocket constructor to connect with instead of the runtime's TCP or WebSocket. */
  webSocket?: unknown;
  /** Profiles of client-side property encryption (`driver.encryption`), each with its own name (experimental). */
  encryptionProfiles?: EncryptionProfile[];
}

/** Settings of `driver.executeQuery`. */
export interface QueryConfig<T = EagerResult> {
  routing?: RoutingControl;
  database?: string;
  impersonatedUser?: string;
  bookmarkManager?: BookmarkManager | null;
  resultTransformer?: (result: Result) => Promise<T>;
  auth?: AuthToken;
  transactionConfig?: TransactionConfig;
  signal?: AbortSignal;
}

/** A driver for one server or cluster. */
export declare class Driver {
  readonly executeQueryBookmarkManager: BookmarkManager;
  /** Encrypts and decrypts property values with the config's `encryptionProfiles` (experimental). */
  encryption: EncryptionService;
  session(config?: SessionConfig): Session;
  // rxSession() is declared by lib/rx.d.ts, the `neo4j-wasm/rx` entry it needs.
  executeQuery<T = EagerResult>(query: Query, parameters?: object, config?: QueryConfig<T>,
    parameterRules?: Rules): Promise<T>;
  verifyConnectivity(): Promise<void>;
  getNegotiatedProtocolVersion(): Promise<ProtocolVersion>;
  getServerInfo(): Promise<ServerInfo>;
  verifyAuthentication(config?: { auth?: AuthToken, database?: string }): Promise<boolean>;
  supportsMultiDb(): Promise<boolean>;
  supportsTransactionConfig(): Promise<boolean>;
  supportsUserImpersonation(): Promise<boolean>;
  supportsSessionAuth(): Promise<boolean>;
  isEncrypted(): boolean;
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** Internal: lets `driver.rxSession()` make reactive sessions, for lib/rx.js. */
export declare function useRxSession(wrap: (session: Session) => object): void;

/** Resolves `true` when a server answers at `uri` (no credentials needed); rejects otherwise. */
export declare function hasReachableServer(uri: string, config?: Config): Promise<true>;

/** Creates a driver for `uri`; no connection is opened until it is used. */
export declare function driver(uri: string, authToken?: AuthToken | AuthTokenManager, config?: Config): Driver;
