// The query history: the queries run most recently, newest first, kept in the browser's
// localStorage so that they survive a reload.

const KEY = 'neo4j-wasm-explorer.history';
const LIMIT = 50;

/** The stored history: `[{ query, params }]`, newest first. */
export function loadHistory() {
  try {
    const stored = JSON.parse(localStorage.getItem(KEY));
    return Array.isArray(stored) ? stored.filter((e) => typeof e?.query === 'string') : [];
  } catch {
    return [];
  }
}

/** Puts an entry first (moving an identical older one up) and stores the history. */
export function remember(history, entry) {
  const next = [entry, ...history.filter((e) => e.query !== entry.query || e.params !== entry.params)].slice(0, LIMIT);
  try {
    localStorage.setItem(KEY, JSON.stringify(next));
  } catch {
    // Storage may be full or disabled; the history then lasts as long as the page.
  }
  return next;
}

/** Forgets the stored history. */
export function clearHistory() {
  try {
    localStorage.removeItem(KEY);
  } catch {
    // Nothing stored.
  }
}
