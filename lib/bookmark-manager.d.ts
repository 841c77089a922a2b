// Types of lib/bookmark-manager.js: the bookmarks shared by sessions for causal consistency.

/** The bookmarks shared by sessions for causal consistency. */
export interface BookmarkManager {
  updateBookmarks(previousBookmarks: Iterable<string>, newBookmarks: Iterable<string>):
    Promise<void>;
  getBookmarks(): Promise<Iterable<string>>;
}

export interface BookmarkManagerConfig {
  initialBookmarks?: Iterable<string>;
  bookmarksSupplier?: () => Promise<Iterable<string>>;
  bookmarksConsumer?: (bookmarks: Iterable<string>) => Promise<void>;
}

export declare function bookmarkManager(config?: BookmarkManagerConfig): BookmarkManager;

/**
 * Internal: the core bookmark set a session can use in place of `manager` (a plain
 * `bookmarkManager()`), or `undefined` when the session must call the manager's methods.
 */
export declare function sharedBookmarkSet(manager: unknown): object | undefined;
