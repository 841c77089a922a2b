// Types of lib/auth-token-managers.js: where the driver gets the token of each new login.

import type { AuthToken } from './auth.js';

export type SecurityErrorCode = `Neo.ClientError.Security.${string}`;

/** Where the driver gets the auth token of each new login. */
export interface AuthTokenManager {
  getToken(): Promise<AuthToken> | AuthToken;
  /** Whether the manager handled the error, so that the work can be retried. */
  handleSecurityException(token: AuthToken, securityErrorCode: SecurityErrorCode): boolean;
}

/** What a bearer token provider resolves with. */
export interface AuthTokenAndExpiration {
  readonly token: AuthToken;
  readonly expiration?: Date;
}

/** Managers for tokens that change over time (`neo4j.authTokenManagers`). */
export declare const authTokenManagers: {
  readonly bearer: (config: {
    tokenProvider: () => Promise<AuthTokenAndExpiration> | AuthTokenAndExpiration;
  }, now?: () => number) => AuthTokenManager;
  readonly basic: (config: { tokenProvider: () => Promise<AuthToken> | AuthToken }) =>
    AuthTokenManager;
};
