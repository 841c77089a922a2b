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
            for b in manager.get_bookmarks().await? {
                if !bookmarks.contains(&b) {
                    bookmarks.push(b);
                }
            }
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
