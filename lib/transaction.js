// Explicit transactions (`session.beginTransaction()`) and the transactions handed to
// `executeRead`/`executeWrite` work.

import { Result } from './result.js';
import { validateQuery } from './query.js';
import { newError } from './error.js';

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
   * @param {{ended: boolean, onEnd: Function}} state
   */
  constructor(core, state) {
    this._core = core;
    this._state = state;
  }

  /**
   * Runs a query in the transaction.
   * @param {string|{text: string, parameters?: object}} query
   * @param {object} [parameters]
   * @returns {Result}
   */
  run(query, parameters) {
    const { text, parameters: params } = validateQuery(query, parameters);
    const stream = this._state.ended
      ? Promise.reject(newError('Cannot run a query in a transaction that has been committed or rolled back.'))
      : this._core.then((tx) => tx.stream(text, params));
    return new Result(stream, text, params);
  }

  /**
   * Commits the transaction.
   * @returns {Promise<void>}
   */
  commit() {
    return this.#end('commit');
  }

  /**
   * Rolls the transaction back.
   * @returns {Promise<void>}
   */
  rollback() {
    return this.#end('rollback');
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
    return !this._state.ended && (this._state.core?.isOpen() ?? true);
  }

  /** Rolls back if still open, for `await using`. */
  [Symbol.asyncDispose]() {
    return this.close();
  }

  async #end(how) {
    if (this._state.ended) {
      throw newError(`Cannot ${how} this transaction, because it has already been ${this._state.ended}.`);
    }
    const failed = this._state.core !== null && !this._state.core.isOpen();
    this._state.ended = how === 'commit' ? 'committed' : 'rolled back';
    if (failed) {
      this._state.onEnd();
      if (how === 'rollback') return;
      throw newError('Cannot commit this transaction, because it has been rolled back either because of an error or explicit termination.');
    }
    try {
      const tx = await this._core;
      await tx[how]();
    } finally {
      this._state.onEnd();
    }
  }
}

/**
 * What `session.beginTransaction()` returns: the transaction, usable at once, and also a
 * promise of it, for `await session.beginTransaction()`.
 */
export class TransactionPromise extends Transaction {
  /**
   * Resolves with the transaction once the server began it; rejects if it could not.
   */
  then(onFulfilled, onRejected) {
    return this._core.then(() => new Transaction(this._core, this._state)).then(onFulfilled, onRejected);
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

  /** @param {object} core the core transaction */
  constructor(core) {
    this.#core = core;
  }

  /**
   * Runs a query in the transaction.
   * @param {string|{text: string, parameters?: object}} query
   * @param {object} [parameters]
   * @returns {Result}
   */
  run(query, parameters) {
    const { text, parameters: params } = validateQuery(query, parameters);
    return new Result(this.#core.stream(text, params), text, params);
  }
}
