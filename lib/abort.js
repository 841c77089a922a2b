// Aborting work with an `AbortSignal` (`signal` in the config of `session.run`,
// `beginTransaction`, `executeRead`, `executeWrite` and `driver.executeQuery`): the work
// rejects at once with the signal's reason, the server stops it (RESET), and its connection
// goes back to the pool.

/**
 * The `signal` of a config, checked; `null` when there is none.
 * @param {{signal?: AbortSignal}|undefined|null} config
 * @returns {AbortSignal|null}
 * @throws {TypeError} when `signal` is set to something that is not an AbortSignal
 */
export function signalOf(config) {
  const signal = config?.signal;
  if (signal === undefined || signal === null) return null;
  if (typeof signal.aborted !== 'boolean' || typeof signal.addEventListener !== 'function') {
    throw new TypeError('signal must be an AbortSignal, such as new AbortController().signal');
  }
  return signal;
}

/**
 * Calls `abort(reason)` when `signal` aborts; returns the function that stops listening, to
 * call once the work is done. Does nothing without a signal.
 * @param {AbortSignal|null} signal
 * @param {function(*): void} abort
 * @returns {function(): void}
 */
export function whenAborted(signal, abort) {
  if (signal === null) return () => {};
  const listener = () => abort(signal.reason);
  signal.addEventListener('abort', listener, { once: true });
  return () => signal.removeEventListener('abort', listener);
}

/**
 * Runs `start(aborted)`, a call into the core that ends its work when the promise `aborted`
 * resolves (with the signal's reason, once `signal` aborts; `undefined` without a signal).
 * A signal aborted already rejects at once, with nothing started.
 * @template T
 * @param {AbortSignal|null} signal
 * @param {function(Promise<*>|undefined): Promise<T>} start
 * @returns {Promise<T>}
 */
export function abortable(signal, start) {
  if (signal === null) return start(undefined);
  if (signal.aborted) return Promise.reject(signal.reason);
  let stop;
  let settle;
  const work = start(new Promise((resolve) => {
    settle = resolve;
    stop = whenAborted(signal, resolve);
  }));
  // Once the work is done, `aborted` settles all the same (nothing waits for it any more): the
  // core's handlers on a promise that never settles would stay alive, about 750 bytes a call.
  const done = () => {
    stop();
    settle(undefined);
  };
  work.then(done, done);
  return work;
}
