// Client certificates for mutual TLS in Node: the certificate a TLS connection presents, from a
// provider the driver asks whenever it opens a connection. Errors describe a wrong certificate
// by its shape, never by its values, so that a password cannot show in a message.

/**
 * Providers of client certificates (`neo4j.clientCertificateProviders`).
 */
export const clientCertificateProviders = Object.freeze({
  /**
   * A provider of one certificate at a time: `initialCertificate` until
   * `updateCertificate(certificate)` replaces it. Connections opened afterwards present the new
   * one; open connections keep theirs.
   * @param {{initialCertificate: object}} config
   */
  rotating({ initialCertificate }) {
    return new RotatingClientCertificateProvider(checked(initialCertificate, 'initialCertificate'));
  },
});

/** A provider whose certificate the application replaces when it has a new one. */
class RotatingClientCertificateProvider {
  #certificate;
  #updated = false;

  constructor(certificate) {
    this.#certificate = certificate;
  }

  /** Whether the certificate was replaced since the driver last asked; asking resets it. */
  hasUpdate() {
    const updated = this.#updated;
    this.#updated = false;
    return updated;
  }

  /** The current certificate. */
  getClientCertificate() {
    return this.#certificate;
  }

  /**
   * Replaces the certificate for the connections opened from now on.
   * @param {object} certificate a ClientCertificate
   */
  updateCertificate(certificate) {
    this.#certificate = checked(certificate, 'certificate');
    this.#updated = true;
  }
}

/**
 * Internal: for the core, the function that gives the certificate of each new TLS connection
 * from config `clientCertificate` (a ClientCertificate or a ClientCertificateProvider), or
 * `undefined` without one. The provider is asked for a certificate on the first connection and
 * whenever its `hasUpdate()` says so; anything else is a TypeError.
 * @param {*} clientCertificate
 * @returns {function(): Promise<object>|undefined}
 */
export function certificateSource(clientCertificate) {
  const provider = resolveCertificateProvider(clientCertificate);
  if (provider === undefined) return undefined;
  const ask = async () => checked(await provider.getClientCertificate(), 'the certificate getClientCertificate() gave');
  let current;
  return async () => {
    if (current === undefined || await provider.hasUpdate()) current = ask();
    try {
      return await current;
    } catch (e) {
      current = undefined;
      throw e;
    }
  };
}

/** A ClientCertificateProvider for config `clientCertificate`, or `undefined` when unset. */
function resolveCertificateProvider(input) {
  if (input == null) return undefined;
  if (typeof input.hasUpdate === 'function' && typeof input.getClientCertificate === 'function') return input;
  const certificate = checked(input, 'config clientCertificate',
    `a ClientCertificateProvider (with hasUpdate() and getClientCertificate()) or ${A_CERTIFICATE}`);
  return { hasUpdate: () => false, getClientCertificate: () => certificate };
}

const A_CERTIFICATE = 'a ClientCertificate ({ certfile, keyfile, password? }, with the paths of PEM files)';

/**
 * A copy of `certificate` if it is a ClientCertificate: `certfile` a path or a non-empty array
 * of them, `keyfile` a path, `{ path, password? }` or a non-empty array of these, `password` a
 * string if set. Otherwise a TypeError saying that `what` should be `expected`, and of what it
 * got only the kind or the keys.
 */
function checked(certificate, what, expected = A_CERTIFICATE) {
  if (!isClientCertificate(certificate)) {
    const got = certificate !== null && typeof certificate === 'object'
      ? `an object with keys ${Object.keys(certificate).join(', ') || '(none)'}`
      : certificate === null ? 'null' : typeof certificate;
    throw new TypeError(`${what} should be ${expected}, but got ${got}`);
  }
  return { ...certificate };
}

/** Whether `value` has the shape of a ClientCertificate (see `checked`). */
function isClientCertificate(value) {
  return value !== null && typeof value === 'object' &&
    isNonEmptyListOf(value.certfile, isString) &&
    isNonEmptyListOf(value.keyfile, (k) => isString(k) || (k !== null && typeof k === 'object' && isString(k.path) && isOptionalString(k.password))) &&
    isOptionalString(value.password);
}

/** Whether `value` is one item that `is`, or a non-empty array of such items. */
function isNonEmptyListOf(value, is) {
  return Array.isArray(value) ? value.length > 0 && value.every(is) : is(value);
}

const isString = (value) => typeof value === 'string';
const isOptionalString = (value) => value == null || isString(value);
