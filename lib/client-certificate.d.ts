// Types of lib/client-certificate.js: client certificates for mutual TLS in Node.

/** A key file: its path, or its path and the key's password. */
export type KeyFile = string | { path: string; password?: string };

/**
 * A client certificate for mutual TLS (Node only; a browser presents the certificates of its
 * own store). The PEM files are read when a connection opens.
 */
export interface ClientCertificate {
  readonly certfile: string | string[];
  readonly keyfile: KeyFile | KeyFile[];
  /** The password of the keys that have none of their own. */
  readonly password?: string;
}

/**
 * Where the driver gets the client certificate of new connections: `getClientCertificate()`
 * on the first one, and again whenever `hasUpdate()` says so. The time both take counts
 * toward opening the connection.
 */
export interface ClientCertificateProvider {
  hasUpdate(): boolean | Promise<boolean>;
  getClientCertificate(): ClientCertificate | Promise<ClientCertificate>;
}

/** A provider whose certificate the application replaces. */
export interface RotatingClientCertificateProvider extends ClientCertificateProvider {
  /** Replaces the certificate for connections opened from now on; a TypeError if it is not one. */
  updateCertificate(certificate: ClientCertificate): void;
}

/** Providers of client certificates. */
export interface ClientCertificateProviders {
  /** A provider of `initialCertificate` until `updateCertificate` replaces it. */
  rotating(config: { initialCertificate: ClientCertificate }): RotatingClientCertificateProvider;
}

/** Providers of client certificates (`neo4j.clientCertificateProviders`). */
export declare const clientCertificateProviders: ClientCertificateProviders;

/**
 * Internal: for the core, the function that gives the certificate of each new TLS connection
 * from config `clientCertificate`, or `undefined` without one.
 */
export declare function certificateSource(clientCertificate: unknown):
  (() => Promise<ClientCertificate>) | undefined;
