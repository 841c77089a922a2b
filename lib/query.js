// The checks `run` makes on its arguments before anything is sent, with the errors
// applications of neo4j-driver expect (TypeErrors, thrown at once).

/**
 * The query text and parameters of a `run` call: `(text, parameters)` or
 * `({ text, parameters })`.
 * `sent` is what goes to the core: the parameters, or `undefined` when the object has no own
 * entries, which spares writing and reading an empty parameter tape.
 * @param {string|{text: string, parameters?: object}} query
 * @param {object} [parameters]
 * @returns {{text: string, parameters: object, sent: object|undefined}}
 */
export function validateQuery(query, parameters) {
  let text = query;
  let params = parameters ?? {};
  if (query instanceof String) {
    text = query.toString();
  } else if (query !== null && typeof query === 'object' && query.text != null) {
    text = query.text;
    params = query.parameters ?? {};
  }
  if (typeof text !== 'string') {
    throw new TypeError(`Cypher query is expected to be a string, given: ${describeValue(text)}`);
  }
  if (text.trim().length === 0) {
    throw new TypeError('Cypher query is expected to be a non-empty string.');
  }
  if (typeof params !== 'object' || Array.isArray(params)) {
    throw new TypeError(
      `Query parameters are expected to either be undefined/null or an object, given: ${describeValue(params)}`);
  }
  return { text, parameters: params, sent: hasOwnEntries(params) ? params : undefined };
}

/** Whether `object` has an own enumerable property (without building a list of them). */
function hasOwnEntries(object) {
  for (const key in object) if (Object.hasOwn(object, key)) return true;
  return false;
}

/** A short description of a value for an error message: its type and, if short, itself. */
function describeValue(value) {
  const name = value?.constructor?.name ?? typeof value;
  let shown;
  try {
    shown = JSON.stringify(value);
  } catch {
    shown = undefined;
  }
  return shown === undefined || shown.length > 80 ? name : `${name} ${shown}`;
}
