// Bookmark managers: the bookmarks shared by sessions so that each sees the writes the others
// committed before it (causal consistency across sessions).

import { core } from './core.js';

/**
 * A bookmark manager (`neo4j.bookmarkManager(config)`).
 *
 * `getBookmarks()` resolves with the known bookmarks plus those `bookmarksSupplier` adds;
 * `updateBookmarks(previous, next)` replaces the bookmarks a transaction started from with the
 * ones it ended with, then hands the whole set to `bookmarksConsumer`.
 * @param {Object} [config]
 * @param {Iterable<string>} [config.initialBookmarks]
 * @param {function(): Promise<Iterable<string>>} [config.bookmarksSupplier]
 * @param {function(Iterable<string>): Promise<void>} [config.bookmarksConsumer]
 * @returns {Neo4jBookmarkManager}
 */
export function bookmarkManager({ initialBookmarks, bookmarksSupplier, bookmarksConsumer } = {}) {
  return new Neo4jBookmarkManager(strings(initialBookmarks ?? []), bookmarksSupplier, bookmarksConsumer);
}

/**
 * The core bookmark set a session can use in place of `manager` itself: a fresh handle on the
 * set of a `bookmarkManager()` with no supplier or consumer and its methods as they came, so
 * that the session's transactions read and update it without calling into JS. Otherwise
 * `undefined`, and the session calls the manager's methods.
 * @param {*} manager a session config's `bookmarkManager`
 * @returns {object|undefined}
 */
export function sharedBookmarkSet(manager) {
  return manager instanceof Neo4jBookmarkManager ? Neo4jBookmarkManager.shared(manager) : undefined;
}

/**
 * Bookmarks as the core takes them: an array of strings. Anything but an iterable is the
 * TypeError the official driver throws (`Array.from` alone would take a number as no bookmarks).
 */
const strings = (bookmarks) => [...bookmarks].map(String);

/** The bookmark manager `bookmarkManager()` makes (the class neo4j-driver's has). */
class Neo4jBookmarkManager {
  /** The manager's own bookmarks, in the core (a `BookmarkSet`). */
  #bookmarks;
  #supplier;
  #consumer;

  /**
   * @param {string[]} bookmarks the manager's initial bookmarks
   * @param {function(): Promise<Iterable<string>>} [supplier]
   * @param {function(Iterable<string>): Promise<void>} [consumer]
   */
  constructor(bookmarks, supplier, consumer) {
    this.#bookmarks = new (core().BookmarkSet)(bookmarks);
    this.#supplier = supplier;
    this.#consumer = consumer;
  }

  /** See `sharedBookmarkSet`. */
  static shared(manager) {
    const plain = typeof manager.#supplier !== 'function' && typeof manager.#consumer !== 'function'
      && manager.getBookmarks === Neo4jBookmarkManager.prototype.getBookmarks
      && manager.updateBookmarks === Neo4jBookmarkManager.prototype.updateBookmarks;
    return plain ? manager.#bookmarks.share() : undefined;
  }

  /**
   * Replaces `previousBookmarks` with `newBookmarks`, then hands the whole set to the consumer.
   * @param {Iterable<string>} previousBookmarks
   * @param {Iterable<string>} newBookmarks
   * @returns {Promise<void>}
   */
  async updateBookmarks(previousBookmarks, newBookmarks) {
    this.#bookmarks.replace(strings(previousBookmarks), strings(newBookmarks));
    if (typeof this.#consumer === 'function') await this.#consumer(this.#bookmarks.bookmarks());
  }

  /**
   * The manager's bookmarks and the supplier's; the supplier's are not kept.
   * @returns {Promise<string[]>}
   */
  async getBookmarks() {
    const all = new Set(this.#bookmarks.bookmarks());
    if (typeof this.#supplier === 'function') {
      for (const bookmark of (await this.#supplier()) ?? []) all.add(bookmark);
    }
    return [...all];
  }
}
