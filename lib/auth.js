// Authentication tokens: the credentials a driver (or a session) logs in with.

import { newError } from './error.js';

/**
 * Builders of authentication tokens, for `neo4j.driver(url, token)`. Keys that carry no value
 * are left out of the token.
 */
export const auth = {
  /**
   * A user name and password.
   * @param {string} username
   * @param {string} password
   * @param {string} [realm]
   */
  basic(username, password, realm) {
    const token = { scheme: 'basic', principal: username, credentials: password };
    if (realm != null) token.realm = realm;
    return token;
  },

  /**
   * A Kerberos ticket.
   * @param {string} base64EncodedTicket
   */
  kerberos(base64EncodedTicket) {
    // The empty principal is what servers have always been sent for Kerberos.
    return { scheme: 'kerberos', principal: '', credentials: base64EncodedTicket };
  },

  /**
   * A bearer token (SSO).
   * @param {string} base64EncodedToken
   */
  bearer(base64EncodedToken) {
    return { scheme: 'bearer', credentials: base64EncodedToken };
  },

  /** No authentication. */
  none() {
    return { scheme: 'none' };
  },

  /**
   * A token for a custom authentication provider of the server. Empty credentials, realm and
   * parameters (`null`, `undefined`, `''`, `{}`) are left out; parameters must be
   * serializable (no circular references).
   * @param {string} principal
   * @param {string} credentials
   * @param {string} realm
   * @param {string} scheme
   * @param {Object} [parameters]
   */
  custom(principal, credentials, realm, scheme, parameters) {
    const token = { scheme, principal };
    if (isNotEmpty(credentials)) token.credentials = credentials;
    if (isNotEmpty(realm)) token.realm = realm;
    if (isNotEmpty(parameters)) {
      try {
        JSON.stringify(parameters, (_, value) => (typeof value === 'bigint' ? `${value}` : value));
      } catch (cause) {
        throw newError('Circular references in custom auth token parameters', undefined, cause);
      }
      token.parameters = parameters;
    }
    return token;
  }
};

function isNotEmpty(value) {
  return !(value == null || value === '' ||
    (Object.getPrototypeOf(value) === Object.prototype && Object.keys(value).length === 0));
}
