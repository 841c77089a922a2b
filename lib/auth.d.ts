// Types of lib/auth.js: authentication tokens.

/** The credentials a driver (or a session) logs in with. */
export interface AuthToken {
  scheme: string;
  principal?: string;
  credentials: string;
  realm?: string;
  parameters?: { [key: string]: any };
}

/** Builders of authentication tokens (`neo4j.auth`). */
export declare const auth: {
  basic: (username: string, password: string, realm?: string) => AuthToken;
  kerberos: (base64EncodedTicket: string) => AuthToken;
  bearer: (base64EncodedToken: string) => AuthToken;
  none: () => { scheme: string };
  custom: (principal: string, credentials: string, realm: string, scheme: string,
    parameters?: object) => any;
};
