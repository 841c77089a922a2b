// Result transformers: functions from a Result to what `driver.executeQuery` resolves with.
// They use only the public Result interface (`keys()`, `summary()`, async iteration,
// `subscribe`, `as`), so they work on any result.

import { newError } from './error.js';

/** A whole result, read: its keys, its records and its summary. */
export class EagerResult {
  /**
   * @param {string[]} keys
   * @param {Record[]} records
   * @param {ResultSummary} summary
   */
  constructor(keys, records, summary) {
    this.keys = keys;
    this.records = records;
    this.summary = summary;
  }
}

// The whole result as an EagerResult.
const eager = mapped({
  collect: (records, summary, keys) => new EagerResult(keys, records, summary)
});

/**
 * The built-in transformers (`neo4j.resultTransformers`).
 */
export const resultTransformers = Object.freeze({
  /**
   * Reads the whole result into an {@link EagerResult} (what `executeQuery` does by default).
   * @deprecated use {@link resultTransformers.eager}
   */
  eagerResultTransformer() {
    return eager;
  },

  /** Reads the whole result into an {@link EagerResult}. */
  eager() {
    return eager;
  },

  /**
   * Maps each record with `map` (records mapped to `undefined` are left out), then builds the
   * outcome with `collect(mapped, summary, keys)`, by default `{ records, summary, keys }`.
   * At least one of the two functions is required.
   * @deprecated use {@link resultTransformers.mapped}
   * @param {{map?: function(Record): *, collect?: function(Array, ResultSummary, string[]): *}} config
   */
  mappedResultTransformer(config) {
    return mapped(config);
  },

  /**
   * Maps each record with `map` (records mapped to `undefined` are left out), then builds the
   * outcome with `collect(mapped, summary, keys)`, by default `{ records, summary, keys }`.
   * At least one of the two functions is required.
   * @param {{map?: function(Record): *, collect?: function(Array, ResultSummary, string[]): *}} config
   */
  mapped(config) {
    return mapped(config);
  },

  /** The first record, or `undefined` when there is none; the other records are discarded. */
  first() {
    return first;
  },

  /** The summary alone; the records are discarded. */
  summary() {
    return summary;
  },

  /**
   * `{ records, summary }` with each record mapped to an object (see `Result#as`): of the
   * class, per the rules, or per the rules registered for the class.
   * @param {Function|Object} constructorOrRules a class callable without arguments, or rules
   * @param {Object} [rules]
   */
  hydrated(constructorOrRules, rules) {
    return (result) => result.as(constructorOrRules, rules).then();
  }
});

function mapped(config) {
  if (config == null || (config.map == null && config.collect == null)) {
    throw newError('Requires a map or/and a collect functions.');
  }
  const map = config.map ?? ((record) => record);
  const collect = config.collect ?? ((records, summary, keys) => ({ records, summary, keys }));
  return (result) => new Promise((resolve, reject) => {
    const records = [];
    let keys = [];
    result.subscribe({
      onKeys(k) {
        keys = k;
      },
      onNext(record) {
        try {
          const value = map(record);
          if (value !== undefined) records.push(value);
        } catch (error) {
          reject(error);
        }
      },
      onCompleted(summary) {
        try {
          resolve(collect(records, summary, keys));
        } catch (error) {
          reject(error);
        }
      },
      onError: reject
    });
  });
}

async function first(result) {
  // Leaving the loop early discards the rest of the result.
  for await (const record of result) return record;
  return undefined;
}

async function summary(result) {
  return result.summary();
}
