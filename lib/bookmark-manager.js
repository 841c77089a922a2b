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
 * @returns {{getBookmarks(): Promise<string[]>,
 *   updateBookmarks(previous: Iterable<string>, next: Iterable<string>): Promise<void>}}
 */
export function bookmarkManager({ initialBookmarks, bookmarksSupplier, bookmarksConsumer } = {}) {
  const bookmarks = new Set(initialBookmarks);
  return {
    async updateBookmarks(previousBookmarks, newBookmarks) {
      for (const bookmark of previousBookmarks) bookmarks.delete(bookmark);
      for (const bookmark of newBookmarks) bookmarks.add(bookmark);
      if (typeof bookmarksConsumer === 'function') await bookmarksConsumer([...bookmarks]);
    },

    async getBookmarks() {
      const all = new Set(bookmarks);
      if (typeof bookmarksSupplier === 'function') {
        for (const bookmark of (await bookmarksSupplier()) ?? []) all.add(bookmark);
      }
      return [...all];
    }
  };
}
