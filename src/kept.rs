//! What is kept in memory so that a page thousands of people read at once
//! (the results of an edition on the day they are announced) costs next to
//! nothing per reader. Nothing here is state of the service: a restart, or
//! another instance, reads and renders the same again.
//!
//! - [`Fragments`]: rendered parts of pages, keyed by everything they were
//!   made from (for the results pages: the language and a fingerprint of
//!   every published version). A kept fragment is never stale: whatever
//!   changes what a page would say changes its key, and the old fragment is
//!   never asked for again and ages out.
//! - [`Recent`]: small reads that decide which fragment to show (an
//!   edition's published versions), kept for [`FRESH_FOR`]. Whoever changes
//!   what was read forgets it at once in this process; other instances see
//!   the change within [`FRESH_FOR`].

use std::any::{Any, TypeId};
use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

use quick_cache::Weighter;
use quick_cache::sync::Cache;

/// The parts of a page that are the same for every reader of one language:
/// what goes into its `<head>` (title, description, link previews) and its
/// main content, both already escaped HTML.
#[derive(Debug)]
pub struct Fragment {
    pub head: String,
    pub main: String,
}

impl Fragment {
    fn bytes(&self) -> u64 {
        (self.head.len() + self.main.len()) as u64
    }
}

/// Weighs a fragment by its size, so that the memory kept is bounded in
/// bytes whatever the pages' sizes.
#[derive(Clone)]
struct Bytes;

impl Weighter<String, Arc<Fragment>> for Bytes {
    fn weight(&self, key: &String, fragment: &Arc<Fragment>) -> u64 {
        key.len() as u64 + fragment.bytes()
    }
}

/// The fragments kept, bounded in bytes; the least used go first.
pub struct Fragments {
    kept: Cache<String, Arc<Fragment>, Bytes>,
}

/// What the kept fragments may weigh in all.
const CAPACITY_BYTES: u64 = 32 * 1024 * 1024;

impl Default for Fragments {
    fn default() -> Fragments {
        Fragments {
            kept: Cache::with_weighter(1_024, CAPACITY_BYTES, Bytes),
        }
    }
}

impl Fragments {
    /// The fragment kept under `key`, or the one `make` renders, kept for
    /// the next reader. Readers arriving while it renders wait for it
    /// instead of rendering it again; a failure is not kept.
    pub async fn get_or_make<E>(
        &self,
        key: &str,
        make: impl Future<Output = Result<Fragment, E>>,
    ) -> Result<Arc<Fragment>, E> {
        self.kept
            .get_or_insert_async(key, async { make.await.map(Arc::new) })
            .await
    }
}

/// How long a recent read stands for everyone before it is read again.
pub const FRESH_FOR: Duration = Duration::from_secs(1);

/// A recent read, of whatever type its reader keeps.
#[derive(Clone)]
struct Read {
    at: Instant,
    value: Arc<dyn Any + Send + Sync>,
}

/// Recent small reads, by the type read and a key, each standing for
/// [`FRESH_FOR`].
pub struct Recent {
    kept: Cache<(TypeId, String), Read>,
}

impl Default for Recent {
    fn default() -> Recent {
        Recent {
            kept: Cache::new(4_096),
        }
    }
}

impl Recent {
    /// The value read under `key` less than [`FRESH_FOR`] ago, or the one
    /// `read` answers now, kept for the next reader. Readers arriving while
    /// it is read wait for it; a failure is not kept.
    pub async fn get_or_read<V, E>(
        &self,
        key: &str,
        read: impl Future<Output = Result<V, E>>,
    ) -> Result<Arc<V>, E>
    where
        V: Send + Sync + 'static,
    {
        let key = (TypeId::of::<V>(), key.to_owned());
        if let Some(found) = self.kept.get(&key) {
            match found.value.downcast::<V>() {
                Ok(value) if found.at.elapsed() < FRESH_FOR => return Ok(value),
                _ => {
                    self.kept.remove(&key);
                }
            }
        }
        let fresh = self
            .kept
            .get_or_insert_async(&key, async {
                read.await.map(|value| Read {
                    at: Instant::now(),
                    value: Arc::new(value),
                })
            })
            .await?;
        Ok(fresh
            .value
            .downcast::<V>()
            .unwrap_or_else(|_| unreachable!("the key holds the type read")))
    }

    /// Forgets the `V` read under `key`, after a change to it.
    pub fn forget<V: 'static>(&self, key: &str) {
        self.kept.remove(&(TypeId::of::<V>(), key.to_owned()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[actix_web::test]
    async fn a_fragment_is_made_once_per_key_and_failures_are_not_kept() {
        let fragments = Fragments::default();
        let make = |text: &'static str| async move {
            Ok::<_, ()>(Fragment {
                head: String::new(),
                main: text.to_owned(),
            })
        };
        let first = fragments.get_or_make("a", make("one")).await.unwrap();
        let again = fragments.get_or_make("a", make("two")).await.unwrap();
        assert_eq!((first.main.as_str(), again.main.as_str()), ("one", "one"));
        let other = fragments.get_or_make("b", make("three")).await.unwrap();
        assert_eq!(other.main, "three");
        assert!(fragments.get_or_make("c", async { Err(()) }).await.is_err());
        let after = fragments.get_or_make("c", make("four")).await.unwrap();
        assert_eq!(after.main, "four");
    }

    #[actix_web::test]
    async fn a_recent_read_stands_until_forgotten_or_old() {
        let recent = Recent::default();
        let first = recent.get_or_read("e1", async { Ok::<_, ()>(1_u32) }).await;
        let again = recent.get_or_read("e1", async { Ok::<_, ()>(2_u32) }).await;
        assert_eq!((*first.unwrap(), *again.unwrap()), (1, 1));
        // Another type under the same key is another read.
        let text = recent.get_or_read("e1", async { Ok::<_, ()>("x") }).await;
        assert_eq!(*text.unwrap(), "x");
        recent.forget::<u32>("e1");
        let after = recent.get_or_read("e1", async { Ok::<_, ()>(3_u32) }).await;
        assert_eq!(*after.unwrap(), 3);
        std::thread::sleep(FRESH_FOR);
        let old = recent.get_or_read("e1", async { Ok::<_, ()>(4_u32) }).await;
        assert_eq!(*old.unwrap(), 4);
        assert!(
            recent
                .get_or_read::<u8, _>("e2", async { Err(()) })
                .await
                .is_err()
        );
    }
}
