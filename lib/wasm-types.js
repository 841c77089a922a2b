// The bridge between the value classes of this package and the compiled core: the tape reader
// that builds values from the server, the writer of parameters for it, and its errors.

import { GQLError, Neo4jError, POLYFILLED_DIAGNOSTIC_RECORD, newError } from './error.js';
import { readTape } from './tape.js';
import { writeParameters } from './parameters.js';

/** What the core needs from this package (see `registerTypes` in the core). */
export const wasmTypes = {
  read: readTape,
  write: writeParameters,
  error: makeError,
};

/**
 * The error of a failure the core reports. Errors without a GQL status (the driver's own, or
 * from servers before Bolt 5.7) get the general one, as neo4j-driver gives them; a server's
 * diagnostic record gets the entries it leaves out filled in. A cause in a server error's
 * chain has no code: it is a GQLError.
 */
function makeError(message, code, gqlStatus, gqlStatusDescription, diagnosticRecord, cause) {
  if (gqlStatus === undefined) return newError(message, code, cause);
  const record = { ...POLYFILLED_DIAGNOSTIC_RECORD, ...diagnosticRecord };
  return code === undefined
    ? new GQLError(message, gqlStatus, gqlStatusDescription, record, cause)
    : new Neo4jError(message, code, gqlStatus, gqlStatusDescription, record, cause);
}
