// The checks `run` makes on its arguments before anything is sent, and the mapping of its
// parameters by rules, with the errors applications of neo4j-driver expect (thrown at once).

import { newError } from './error.js';
import { parametersBy } from './mapping.js';

/**
 * The query text and parameters of a `run` call: `(text, parameters, parameterRules)` or
 * `({ text, parameters, parameterRules })`; with rules, the parameters are mapped by them.
 * `sent` is what goes to the core: the parameters, or `undefined` when the object has no own
 * entries, which spares writing and reading an empty parameter tape.
 * @param {string|{text: string, parameters?: object, parameterRules?: object}} query
 * @param {object} [parameters]
 * @param {object} [parameterRules] rules of the parameters' properties (see `neo4j.rule`)
 * @returns {{text: string, parameters: object, sent: object|undefined}}
 */
export function validateQuery(query, parameters, parameterRules) {
  let text = query;
  let params = parameters ?? {};
  let rules = parameterRules;
  if (query instanceof String) {
    text = query.toString();
  } else if (query !== null && typeof query === 'object' && query.text != null) {
    if (parameterRules != null) {
      throw newError('When using a Query object, parameterRules should be present in the object ' +
        'and not in a separate argument.');
    }
    text = query.text;
    params = query.parameters ?? {};
    rules = query.parameterRules;
  }
  params = parametersBy(params, rules);
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
