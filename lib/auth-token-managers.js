// Auth token managers: where the driver gets the token for each new login, so that tokens can
// expire and passwords rotate without a new driver.

/**
 * Managers for tokens that change over time (`neo4j.authTokenManagers`).
 */
export const authTokenManagers = Object.freeze({
  /**
   * For tokens that expire (SSO). `tokenProvider` returns (a promise of)
   * `{ token, expiration? }`, `expiration` a Date; a new token is fetched once that time has
   * passed, and when the server rejects the current one as expired or unauthorized.
   * @param {{tokenProvider: function(): (Object|Promise<Object>)}} config
   * @param {function(): number} [now=Date.now] the clock, in milliseconds (tests pass their own)
   */
  bearer({ tokenProvider }, now) {
    checkProvider(tokenProvider);
    return new RefreshingAuthTokenManager(tokenProvider,
      ['Neo.ClientError.Security.Unauthorized', 'Neo.ClientError.Security.TokenExpired'], now);
  },

  /**
   * For passwords that rotate. `tokenProvider` returns (a promise of) an auth token; a new one
   * is fetched when the server rejects the current one as unauthorized.
   * @param {{tokenProvider: function(): (Object|Promise<Object>)}} config
   */
  basic({ tokenProvider }) {
    checkProvider(tokenProvider);
    return new RefreshingAuthTokenManager(async () => ({ token: await tokenProvider() }),
      ['Neo.ClientError.Security.Unauthorized']);
  }
});

function checkProvider(tokenProvider) {
  if (typeof tokenProvider !== 'function') {
    throw new TypeError(`tokenProvider should be function, but got: ${typeof tokenProvider}`);
  }
}

// Keeps the current `{ token, expiration }` and fetches a new one when it has expired or the
// server rejected it. Callers asking while a fetch is under way all wait for that one fetch.
class RefreshingAuthTokenManager {
  #provider;
  #handledCodes;
  #now;
  #current = undefined;
  #refreshing = undefined;

  constructor(provider, handledCodes, now = Date.now) {
    this.#provider = provider;
    this.#handledCodes = handledCodes;
    this.#now = now;
  }

  async getToken() {
    const expiration = this.#current?.expiration;
    if (this.#current === undefined || (expiration != null && expiration < this.#now())) {
      return (await this.#refresh())?.token;
    }
    return this.#current.token;
  }

  handleSecurityException(token, securityErrorCode) {
    if (!this.#handledCodes.includes(securityErrorCode)) return false;
    if (deepEqual(token, this.#current?.token)) {
      // Nobody may wait for this fetch: a failure shows at the next getToken instead.
      this.#refresh().catch(() => {});
    }
    return true;
  }

  #refresh() {
    if (this.#refreshing === undefined) {
      this.#current = undefined;
      this.#refreshing = Promise.resolve()
        .then(() => this.#provider())
        .then((data) => {
          this.#current = data;
          return data;
        })
        .finally(() => { this.#refreshing = undefined; });
    }
    return this.#refreshing;
  }
}

function deepEqual(a, b) {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => deepEqual(a[key], b[key]));
}
