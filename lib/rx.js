// The reactive API of neo4j-driver (`driver.rxSession()`): sessions, transactions and results
// whose work is described by RxJS Observables, built on the promise API. This module is the
// package's `neo4j-wasm/rx` entry and the only one that imports rxjs (a peer dependency), so that
// applications that never use it never load it; importing it makes `driver.rxSession()` work.

import { Observable, ReplaySubject, defer, ignoreElements, share } from 'rxjs';
import { useRxSession } from './driver.js';
import { newError } from './error.js';

/**
 * The records, keys and summary of one query as Observables. The query is sent when the first
 * of them is subscribed to; the keys and the summary can be subscribed to any number of times,
 * the records once, and not after the summary, which discards them.
 */
export class RxResult {
  /** Runs the query: gives its promise-API Result (or throws for arguments it refuses). */
  #run;
  #result = null;
  #keys;
  /** The summary, once the records are being streamed or were discarded. */
  #summary = null;
  #consumed;
  #paused = false;
  /** Lets the paused stream of records go on. */
  #wake = null;
  /** Settle the promises of `push()` and `resume()`, each once a record is pushed, in turn (the
   * first stands for the record pushed on subscription, even when paused); null while the
   * records are not streamed. */
  #requests = null;

  /** @param {function(): import('./result.js').Result} run */
  constructor(run) {
    this.#run = run;
    this.#keys = replayed(defer(() => this.#open().keys()));
    this.#consumed = replayed(defer(() => {
      this.#summary ??= this.#open().summary();
      return this.#summary;
    }));
  }

  /** @returns {import('./result.js').Result} the query's Result, run on the first call */
  #open() {
    // A run that throws has sent nothing: a later subscriber runs it (and fails) again.
    this.#result ??= this.#run();
    return this.#result;
  }

  /**
   * The column names, as one value.
   * @returns {Observable<string[]>}
   */
  keys() {
    return this.#keys;
  }

  /**
   * The records, pushed as they arrive unless paused. Unsubscribing discards the rest.
   * @returns {Observable<import('./record.js').Record>}
   */
  records() {
    return new Observable((subscriber) => {
      const result = this.#open();
      if (this.#summary !== null) {
        throw newError('The records of this result were already streamed or discarded by an earlier ' +
          'records() or consume() subscription.');
      }
      this.#summary = this.#stream(result, subscriber);
      // Failures reach the subscribers of the records and of the summary.
      this.#summary.catch(() => {});
      return () => { this.#wake?.(); };
    });
  }

  /**
   * The summary, as one value, once the records are done; subscribed to before the records,
   * it discards them.
   * @returns {Observable<import('./result-summary.js').ResultSummary>}
   */
  consume() {
    return this.#consumed;
  }

  /** Stops pushing records after the one on its way, until `resume()` or `push()`. */
  pause() {
    this.#paused = true;
  }

  /**
   * Pushes records again.
   * @returns {Promise<void>} settled once the next record was pushed, or at once while the
   *   records are not streamed
   */
  resume() {
    this.#paused = false;
    return this.#request();
  }

  /**
   * Pauses, and has one more record pushed.
   * @returns {Promise<void>} settled once it was pushed, or at once while the records are not
   *   streamed
   */
  push() {
    this.#paused = true;
    return this.#request();
  }

  /** Asks the stream of records for a record; resolves once it was pushed, or the stream ended. */
  #request() {
    if (this.#requests === null) return Promise.resolve();
    const pushed = new Promise((resolve) => { this.#requests.push(resolve); });
    this.#wake?.();
    return pushed;
  }

  /** Pushes the records to `subscriber`, while not paused or asked to; resolves with the summary. */
  async #stream(result, subscriber) {
    const records = result[Symbol.asyncIterator]();
    this.#requests = [() => {}];
    try {
      for (;;) {
        while (this.#paused && this.#requests.length === 0 && !subscriber.closed) {
          await new Promise((wake) => { this.#wake = wake; });
        }
        if (subscriber.closed) return (await records.return()).value;
        const { done, value } = await records.next();
        if (done) {
          subscriber.complete();
          return value;
        }
        subscriber.next(value);
        this.#requests.shift()?.();
      }
    } catch (error) {
      subscriber.error(error);
      throw error;
    } finally {
      for (const pushed of this.#requests) pushed();
      this.#requests = null;
    }
  }
}

/**
 * The transaction handed to the work of `executeRead`/`executeWrite`.
 */
export class RxManagedTransaction {
  #tx;

  /** @param {import('./transaction.js').ManagedTransaction} tx */
  constructor(tx) {
    this.#tx = tx;
  }

  /**
   * Runs a query in the transaction, once its result is subscribed to.
   * @param {string|{text: string, parameters?: object}} query
   * @param {object} [parameters]
   * @returns {RxResult}
   */
  run(query, parameters) {
    return new RxResult(() => this.#tx.run(query, parameters));
  }
}

/**
 * A transaction from `rxSession.beginTransaction()`, which the application commits or rolls
 * back. `commit()`, `rollback()` and `close()` act when subscribed to, and complete without a value.
 */
export class RxTransaction {
  #tx;

  /** @param {import('./transaction.js').Transaction} tx */
  constructor(tx) {
    this.#tx = tx;
  }

  /**
   * Runs a query in the transaction, once its result is subscribed to.
   * @param {string|{text: string, parameters?: object}} query
   * @param {object} [parameters]
   * @returns {RxResult}
   */
  run(query, parameters) {
    return new RxResult(() => this.#tx.run(query, parameters));
  }

  /** @returns {Observable<never>} */
  commit() {
    return completion(() => this.#tx.commit());
  }

  /** @returns {Observable<never>} */
  rollback() {
    return completion(() => this.#tx.rollback());
  }

  /** Rolls back if the transaction is still open. @returns {Observable<never>} */
  close() {
    return completion(() => this.#tx.close());
  }

  /** @returns {boolean} whether the transaction can still run queries and commit */
  isOpen() {
    return this.#tx.isOpen();
  }
}

/**
 * A reactive session from `driver.rxSession()`: the work of a session, as Observables that do
 * it when subscribed to.
 */
export class RxSession {
  #session;

  /** @param {import('./session.js').Session} session */
  constructor(session) {
    this.#session = session;
  }

  /**
   * Runs a query in an auto-commit transaction, once its result is subscribed to.
   * @param {string|{text: string, parameters?: object}} query
   * @param {object} [parameters]
   * @param {{timeout?: number, metadata?: object}} [transactionConfig]
   * @returns {RxResult}
   */
  run(query, parameters, transactionConfig) {
    return new RxResult(() => this.#session.run(query, parameters, transactionConfig));
  }

  /**
   * Begins a transaction for each subscriber.
   * @param {{timeout?: number, metadata?: object}} [transactionConfig]
   * @returns {Observable<RxTransaction>}
   */
  beginTransaction(transactionConfig) {
    return defer(async () => new RxTransaction(await this.#session.beginTransaction(transactionConfig)));
  }

  /**
   * Runs `work(tx)` in a read transaction, passing on what its Observable emits, and commits
   * once it completes; retried as `session.executeRead` retries, emitting again.
   * @template T
   * @param {function(RxManagedTransaction): import('rxjs').ObservableInput<T>} work
   * @param {{timeout?: number, metadata?: object}} [transactionConfig]
   * @returns {Observable<T>}
   */
  executeRead(work, transactionConfig) {
    return managed(work, (attempt) => this.#session.executeRead(attempt, transactionConfig));
  }

  /**
   * Like {@link RxSession#executeRead}, for work that writes.
   * @template T
   * @param {function(RxManagedTransaction): import('rxjs').ObservableInput<T>} work
   * @param {{timeout?: number, metadata?: object}} [transactionConfig]
   * @returns {Observable<T>}
   */
  executeWrite(work, transactionConfig) {
    return managed(work, (attempt) => this.#session.executeWrite(attempt, transactionConfig));
  }

  /**
   * The bookmarks of the last work the session committed.
   * @returns {string[]}
   */
  lastBookmarks() {
    return this.#session.lastBookmarks();
  }

  /**
   * Closes the session when subscribed to.
   * @returns {Observable<never>}
   */
  close() {
    return completion(() => this.#session.close());
  }

  /** Closes the session, for `await using`. */
  [Symbol.asyncDispose]() {
    return this.#session.close();
  }
}

/** `source`, subscribed to once, by the first subscriber; what it gave (its value, and its
 * completion or error) is given again to every later one, at once. */
function replayed(source) {
  return source.pipe(share({
    connector: () => new ReplaySubject(1), resetOnError: false, resetOnComplete: false, resetOnRefCountZero: false,
  }));
}

/** An Observable that calls `action` for each subscriber and completes, without a value, once
 * the promise it returns resolves. */
function completion(action) {
  return defer(action).pipe(ignoreElements());
}

/**
 * Managed work for each subscriber: `execute(attempt)` runs attempts as a promise-API
 * `executeRead`/`executeWrite` does; each attempt subscribes to `work(tx)` and passes its values
 * on. Unsubscribing ends the attempt running, which rolls back, and stops the retries.
 */
function managed(work, execute) {
  return new Observable((subscriber) => {
    let running = null;
    const attempt = (tx) => new Promise((resolve, reject) => {
      if (subscriber.closed) throw unsubscribed();
      running = {
        reject,
        subscription: defer(() => work(new RxManagedTransaction(tx))).subscribe({
          next: (value) => subscriber.next(value),
          error: reject,
          complete: resolve,
        }),
      };
    });
    execute(attempt).then(() => subscriber.complete(), (error) => subscriber.error(error));
    return () => {
      running?.subscription.unsubscribe();
      running?.reject(unsubscribed());
    };
  });
}

/** Why managed work stopped early (seen by no one: its subscriber is gone). */
function unsubscribed() {
  return new Error('The managed transaction was abandoned: its subscriber unsubscribed');
}

useRxSession((session) => new RxSession(session));
