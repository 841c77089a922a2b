// Explicit transactions (`session.beginTransaction()`) and the transactions handed to
// `executeRead`/`executeWrite` work.

import { Result } from './result.js';
import { validateQuery } from './query.js';
import { newError } from './error.js';
import { whenAborted } from './abort.js';

/**
 * A transaction the application commits or rolls back itself.
 */
export class Transaction {
  /** The core's transaction, once BEGIN succeeded. */
  _core;
  /** Shared by a TransactionPromise and the Transaction it resolves with. */
  _state;

  /**
   * @param {Promise<object>} core the core transaction, once begun
   * @param {{status: string, core: object|null, signal: AbortSignal|null,
   *   aborted: {reason: *}|null, onEnd: Function}} state shared by a TransactionPromise and the
   *   Transaction it resolves with; `aborted` once its signal aborted it
   */
  constructor(core, state) {
    this._core = core;
    this._state = state;
  }

  /**
   * Runs a query in the transaction.
   * @param {string|{text: string, parameters?: object, parameterRules?: object}} query
   * @param {object} [parameters]
   * @param {object} [parameterRules] rules that map the parameters (not with a query object)
   * @returns {Result}
   */
  run(query, parameters, parameterRules) {
    const { text, parameters: params, sent } = validateQuery(query, parameters, parameterRules);
    const status = this.#status();
    const stream = status === 'active'
      ? this._core.then((tx) => tx.stream(text, sent))
      : Promise.reject(this.#ended('Cannot run query in this transaction', status));
    return new Result(stream, text, params, this._state.signal);
  }

  /**
   * Commits the transaction.
   * @returns {Promise<void>}
   */
  async commit() {
    const status = this.#status();
    if (status !== 'active') throw this.#ended('Cannot commit this transaction', status);
    this._state.status = 'committed';
    this._state.onEnd();
    try {
      await this.#end('commit');
    } catch (error) {
      this._state.status = 'failed';
      throw error;
    }
  }

  /**
   * Rolls the transaction back; after a failure, there is nothing left to roll back.
   * @returns {Promise<void>}
   */
  async rollback() {
    const status = this.#status();
    if (status === 'failed') return;
    if (status !== 'active') {
      throw newError(`Cannot rollback this transaction, because it ${ENDED[status]}.`);
    }
    this._state.status = 'rolled back';
    this._state.onEnd();
    await this.#end('rollback');
  }

  /**
   * Rolls back if the transaction is still open; does nothing otherwise.
   * @returns {Promise<void>}
   */
  async close() {
    if (this.isOpen()) await this.rollback();
  }

  /**
   * Whether the transaction can still run queries and commit.
   * @returns {boolean}
   */
  isOpen() {
    return this.#status() === 'active';
  }

  /** Rolls back if still open, for `await using`. */
  [Symbol.asyncDispose]() {
    return this.close();
  }

  /**
   * Ends the transaction with the core's `commit` or `rollback`. The signal still ends the
   * wait for the server's answer (a server gone silent would hold it forever): the
   * transaction's connection is then given back, RESET or closed, and the promise rejects
   * with the signal's reason; a commit's outcome is then unknown.
   */
  async #end(how) {
    const core = await this._core;
    let aborted = null;
    const stopListening = whenAborted(this._state.signal, (reason) => {
      aborted = { reason };
      core.abort();
    });
    try {
      await core[how]();
    } catch (error) {
      throw aborted ? aborted.reason : error;
    } finally {
      stopListening();
    }
  }

  /** Why work is refused once the transaction ended: its signal's reason if it was aborted. */
  #ended(what, status) {
    return this._state.aborted?.reason ?? newError(`${what}, because it ${ENDED[status]}.`);
  }

  /** `active`, `committed`, `rolled back`, or `failed` (a query failed: the server rolled back). */
  #status() {
    if (this._state.status === 'active' && this._state.core?.isOpen() === false) {
      this._state.status = 'failed';
      this._state.onEnd();
      // Gives the connection back, should no reader of the failed query have done so.
      this._state.core.close().catch(() => {});
    }
    return this._state.status;
  }
}

/** Why an ended transaction refuses more work, by its status. */
const ENDED = {
  committed: 'has already been committed',
  'rolled back': 'has already been rolled back',
  failed: 'has been rolled back either because of an error or explicit termination',
};

/**
 * What `session.beginTransaction()` returns: the transaction, usable at once, and also a
 * promise of it, for `await session.beginTransaction()`.
 */
export class TransactionPromise extends Transaction {
  /** Settles with BEGIN's answer, once asked for. */
  #begun = null;

  /** @param {Promise<object>} core @param {object} state see {@link Transaction} */
  constructor(core, state) {
    super(core, state);
    this[Symbol.toStringTag] = 'TransactionPromise';
  }

  /**
   * Resolves with the transaction once the server began it (BEGIN's answer); rejects with
   * the reason it could not.
   */
  then(onFulfilled, onRejected) {
    this.#begun ??= this._core.then((core) => core.begun()).catch((error) => {
      this._state.status = 'failed';
      this._state.onEnd();
      // Aborted while BEGIN's answer was awaited: the reason, not the core's own error.
      throw this._state.aborted?.reason ?? error;
    });
    return this.#begun.then(() => {
      const tx = new Transaction(this._core, this._state);
      // neo4j-driver's awaited transaction carries the promise's tag too.
      tx[Symbol.toStringTag] = 'TransactionPromise';
      return tx;
    }).then(onFulfilled, onRejected);
  }

  /** Like a promise's `catch`. */
  catch(onRejected) {
    return this.then(null, onRejected);
  }

  /** Like a promise's `finally`. */
  finally(onFinally) {
    return this.then().finally(onFinally);
  }
}

/**
 * The transaction handed to `executeRead`/`executeWrite` work: it runs queries; the driver
 * commits, rolls back and retries.
 */
export class ManagedTransaction {
  #core;
  #signal;

  /**
   * @param {object} core the core transaction
   * @param {AbortSignal|null} [signal] the signal of the work, whose abort fails its results
   */
  constructor(core, signal = null) {
    this.#core = core;
    this.#signal = signal;
  }

  /**
   * Runs a query in the transaction.
   * @param {string|{text: string, parameters?: object, parameterRules?: object}} query
   * @param {object} [parameters]
   * @param {object} [parameterRules] rules that map the parameters (not with a query object)
   * @returns {Result}
   */
  run(query, parameters, parameterRules) {
    const { text, parameters: params, sent } = validateQuery(query, parameters, parameterRules);
    return new Result(this.#core.stream(text, sent), text, params, this.#signal);
  }
}
