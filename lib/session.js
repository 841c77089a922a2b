// Sessions: causally chained work on one database, as auto-commit queries, explicit
// transactions or managed transactions with retries.

import { Result } from './result.js';
import { Transaction, TransactionPromise, ManagedTransaction } from './transaction.js';
import { validateQuery } from './query.js';
import { newError } from './error.js';
import { abortable, signalOf, whenAborted } from './abort.js';
import { transactionSettings } from './config.js';

/**
 * A session from `driver.session()`.
 */
export class Session {
  #core;
  /** The transaction begun and not yet ended, if any. */
  #openTransaction = null;
  #autoCommitRetries;

  /**
   * @param {object} core the core session
   * @param {boolean} [autoCommitRetries] whether `run` tries a query once more when the server
   *   says its failure changed nothing (not `disableAutoCommitRetries`)
   */
  constructor(core, autoCommitRetries = true) {
    this.#core = core;
    this.#autoCommitRetries = autoCommitRetries;
  }

  /**
   * Runs a query in an auto-commit transaction. With `signal`, aborting it ends the query.
   * @param {string|{text: string, parameters?: object, parameterRules?: object}} query
   * @param {object} [parameters]
   * @param {{timeout?: number, metadata?: object, signal?: AbortSignal}} [transactionConfig]
   * @param {object} [parameterRules] rules that map the parameters (not with a query object)
   * @returns {Result}
   */
  run(query, parameters, transactionConfig, parameterRules) {
    const { text, parameters: params, sent } = validateQuery(query, parameters, parameterRules);
    const signal = signalOf(transactionConfig);
    const start = (aborted) => this.#core.stream(text, sent, transactionSettings(transactionConfig), aborted);
    // As neo4j-driver does, a query whose failure the server marks idempotent (nothing was
    // changed: admission control, say) runs once more, unless disableAutoCommitRetries.
    const startWithRetry = (aborted) => start(aborted).catch((error) => {
      if (!this.#autoCommitRetries || error?.diagnosticRecord?._idempotent !== true) throw error;
      return start(aborted);
    });
    // As with neo4j-driver, the result reports the open transaction when it is read.
    const stream = this.#openTransaction === null
      ? abortable(signal, startWithRetry)
      : Promise.reject(openTransactionError());
    return new Result(stream, text, params, signal);
  }

  /**
   * Begins an explicit transaction; queries run in it until it is committed or rolled back.
   * With `signal`, aborting it ends the transaction (the server rolls it back).
   * @param {{timeout?: number, metadata?: object, signal?: AbortSignal}} [transactionConfig]
   * @returns {TransactionPromise}
   */
  beginTransaction(transactionConfig) {
    if (this.#openTransaction !== null) throw beginWhileOpenError();
    const signal = signalOf(transactionConfig);
    const state = {
      status: 'active',
      core: null,
      signal,
      aborted: signal?.aborted ? { reason: signal.reason } : null,
      onEnd: () => {
        this.#openTransaction = null;
        stopListening();
      },
    };
    const begin = (aborted) => this.#core.beginTransaction(transactionSettings(transactionConfig), aborted);
    const core = abortable(signal, begin)
      .then((tx) => {
        state.core = tx;
        return tx;
      }, (error) => {
        state.onEnd();
        throw error;
      });
    const stopListening = whenAborted(signal, (reason) => {
      state.aborted = { reason };
      state.status = 'failed';
      state.onEnd();
      core.then((tx) => tx.abort(), () => {});
    });
    const tx = new TransactionPromise(core, state);
    this.#openTransaction = tx;
    return tx;
  }

  /**
   * Runs `work(tx)` in a read transaction and commits it, retrying retryable failures (with
   * backoff, until `maxTransactionRetryTime`). With `signal`, aborting it ends the work and
   * its transaction, with no retry.
   * @template T
   * @param {function(ManagedTransaction): T|Promise<T>} work
   * @param {{timeout?: number, metadata?: object, signal?: AbortSignal}} [transactionConfig]
   * @returns {Promise<T>}
   */
  executeRead(work, transactionConfig) {
    return this._executeQuery('READ', work, transactionConfig, false);
  }

  /**
   * Like {@link Session#executeRead}, for work that writes.
   * @template T
   * @param {function(ManagedTransaction): T|Promise<T>} work
   * @param {{timeout?: number, metadata?: object, signal?: AbortSignal}} [transactionConfig]
   * @returns {Promise<T>}
   */
  executeWrite(work, transactionConfig) {
    return this._executeQuery('WRITE', work, transactionConfig, false);
  }

  /**
   * Runs managed work in a `mode` (READ or WRITE) transaction, as `executeRead` or
   * `executeWrite`, or for `driver.executeQuery` (`viaExecuteQuery`, which TELEMETRY reports).
   * Refused while an explicit transaction is open: a session has one transaction at a time.
   * @private
   */
  _executeQuery(mode, work, transactionConfig, viaExecuteQuery = true) {
    if (this.#openTransaction !== null) return Promise.reject(beginWhileOpenError());
    const signal = signalOf(transactionConfig);
    const managed = async (core) => work(new ManagedTransaction(core, signal));
    return abortable(signal, (aborted) => {
      const settings = transactionSettings(transactionConfig);
      return mode === 'READ'
        ? this.#core.executeRead(managed, settings, viaExecuteQuery, aborted)
        : this.#core.executeWrite(managed, settings, viaExecuteQuery, aborted);
    });
  }

  /**
   * The bookmarks of the last work the session committed.
   * @returns {string[]}
   */
  lastBookmarks() {
    return this.#core.lastBookmarks();
  }

  /**
   * Rolls back an open transaction and ends the session once running work is done.
   * @returns {Promise<void>}
   */
  async close() {
    if (this.#openTransaction !== null) {
      await this.#openTransaction.close().catch(() => {});
    }
    await this.#core.close();
  }

  /** Closes the session, for `await using`. */
  [Symbol.asyncDispose]() {
    return this.close();
  }
}

/** A transaction was begun (explicit or managed) while the session's transaction is open. */
function beginWhileOpenError() {
  return newError('You cannot begin a transaction on a session with ongoing work; ' +
    'either run from within an existing transaction or use a different session.');
}

/** Work was started while the session's transaction is open. */
function openTransactionError() {
  return newError('Queries cannot be run directly on a session with an open transaction; ' +
    'either run from within the transaction or use a different session.');
}
