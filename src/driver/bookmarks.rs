//! Bookmarks: how a session's work sees the writes of earlier work (causal consistency),
//! within the session and, through a bookmark manager, across sessions.

use std::cell::RefCell;
use std::rc::Rc;

use crate::runtime::LocalFuture;
use crate::Error;

/// Shares bookmarks between sessions (`bookmarkManager` in the session config): work starts
/// from its bookmarks, and reports the bookmark it committed.
pub trait BookmarkManager {
    /// The bookmarks work should start from.
    fn get_bookmarks(&self) -> LocalFuture<'static, Result<Vec<String>, Error>>;
    /// Work that started from `previous` committed and produced `new`.
    fn update_bookmarks(
        &self,
        previous: Vec<String>,
        new: Vec<String>,
    ) -> LocalFuture<'static, Result<(), Error>>;
}

/// A bookmark manager that keeps its bookmarks in the core: the set behind
/// `neo4j.bookmarkManager()`. Sessions that share one read and update it directly, with no
/// call into JS per transaction. Clones share the set; it keeps the order bookmarks came in.
#[derive(Clone, Default)]
pub struct BookmarkSet(Rc<RefCell<Vec<String>>>);

impl BookmarkSet {
    /// A set holding `initial`, without repeats.
    pub fn new(initial: Vec<String>) -> Self {
        let set = BookmarkSet::default();
        set.replace(&[], initial);
        set
    }

    /// The bookmarks held now.
    pub fn bookmarks(&self) -> Vec<String> {
        self.0.borrow().clone()
    }

    /// Drops `previous` and adds those of `new` not held yet.
    pub fn replace(&self, previous: &[String], new: Vec<String>) {
        let mut held = self.0.borrow_mut();
        held.retain(|b| !previous.contains(b));
        add_missing(&mut held, new);
    }
}

/// Appends the bookmarks of `new` that `held` does not have yet, in their order.
fn add_missing(held: &mut Vec<String>, new: Vec<String>) {
    for b in new {
        if !held.contains(&b) {
            held.push(b);
        }
    }
}

impl BookmarkManager for BookmarkSet {
    fn get_bookmarks(&self) -> LocalFuture<'static, Result<Vec<String>, Error>> {
        let held = self.bookmarks();
        Box::pin(std::future::ready(Ok(held)))
    }

    fn update_bookmarks(
        &self,
        previous: Vec<String>,
        new: Vec<String>,
    ) -> LocalFuture<'static, Result<(), Error>> {
        self.replace(&previous, new);
        Box::pin(std::future::ready(Ok(())))
    }
}

/// A session's bookmarks, shared with its transactions and streams (and with whoever asks for
/// `lastBookmarks` while work runs), and its manager.
#[derive(Clone)]
pub struct Bookmarks {
    last: Rc<RefCell<Vec<String>>>,
    manager: Option<Rc<dyn BookmarkManager>>,
}

impl Bookmarks {
    /// Starting from `initial`, with an optional manager.
    pub(super) fn new(initial: Vec<String>, manager: Option<Rc<dyn BookmarkManager>>) -> Self {
        Bookmarks {
            last: Rc::new(RefCell::new(initial)),
            manager,
        }
    }

    /// The bookmarks of the session's last committed work (or its initial ones).
    pub fn last(&self) -> Vec<String> {
        self.last.borrow().clone()
    }

    /// The bookmarks new work starts from: the session's, then the manager's not already there.
    pub(super) async fn for_work(&self) -> Result<Vec<String>, Error> {
        let mut bookmarks = self.last();
        if let Some(manager) = &self.manager {
            add_missing(&mut bookmarks, manager.get_bookmarks().await?);
        }
        Ok(bookmarks)
    }

    /// Work that started from `used` committed with `bookmark`: the session continues from it,
    /// and the manager learns about it.
    pub(super) async fn committed(&self, used: Vec<String>, bookmark: String) -> Result<(), Error> {
        *self.last.borrow_mut() = vec![bookmark.clone()];
        match &self.manager {
            Some(manager) => manager.update_bookmarks(used, vec![bookmark]).await,
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::BookmarkSet;

    fn strings(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_bookmark_set_replaces_what_work_started_from_and_keeps_the_order_without_repeats() {
        let set = BookmarkSet::new(strings(&["a", "b", "a", "c"]));
        assert_eq!(set.bookmarks(), strings(&["a", "b", "c"]));
        // Work that started from a and c committed d; b, added meanwhile, stays.
        set.replace(&strings(&["a", "c"]), strings(&["d", "b"]));
        assert_eq!(set.bookmarks(), strings(&["b", "d"]));
        // A clone is the same set.
        set.clone().replace(&[], strings(&["e"]));
        assert_eq!(set.bookmarks(), strings(&["b", "d", "e"]));
    }
}
