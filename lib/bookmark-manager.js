// Bookmark managers: the bookmarks shared by sessions so that each sees the writes the others
// committed before it (causal consistency across sessions).

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
  return new Neo4jBookmarkManager(new Set(initialBookmarks), bookmarksSupplier, bookmarksConsumer);
}

/** The bookmark manager `bookmarkManager()` makes (the class neo4j-driver's has). */
class Neo4jBookmarkManager {
  #bookmarks;
  #supplier;
  #consumer;

  /**
   * @param {Set<string>} bookmarks the manager's own bookmarks
   * @param {function(): Promise<Iterable<string>>} [supplier]
   * @param {function(Iterable<string>): Promise<void>} [consumer]
   */
  constructor(bookmarks, supplier, consumer) {
    this.#bookmarks = bookmarks;
    this.#supplier = supplier;
    this.#consumer = consumer;
  }

  /**
   * Replaces `previousBookmarks` with `newBookmarks`, then hands the whole set to the consumer.
   * @param {Iterable<string>} previousBookmarks
   * @param {Iterable<string>} newBookmarks
   * @returns {Promise<void>}
   */
  async updateBookmarks(previousBookmarks, newBookmarks) {
    for (const bookmark of previousBookmarks) this.#bookmarks.delete(bookmark);
    for (const bookmark of newBookmarks) this.#bookmarks.add(bookmark);
    if (typeof this.#consumer === 'function') await this.#consumer([...this.#bookmarks]);
  }

  /**
   * The manager's bookmarks and the supplier's; the supplier's are not kept.
   * @returns {Promise<string[]>}
   */
  async getBookmarks() {
    const all = new Set(this.#bookmarks);
    if (typeof this.#supplier === 'function') {
      for (const bookmark of (await this.#supplier()) ?? []) all.add(bookmark);
    }
    return [...all];
  }
}
