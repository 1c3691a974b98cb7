//! Password hashing with argon2id (the `argon2` crate's defaults follow OWASP's guidance).

use std::sync::{Arc, OnceLock};

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::error::DomainError;

pub fn hash(password: &str) -> Result<String, DomainError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|err| DomainError::Database(sea_orm::DbErr::Custom(format!("hashing: {err}"))))
}

pub fn verify(password: &str, stored_hash: &str) -> bool {
    PasswordHash::new(stored_hash)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// Spends the same effort as a real check when the email is unknown, so response times do not
/// tell whether an account exists.
pub fn verify_against_nothing(password: &str) {
    static DUMMY: OnceLock<Option<String>> = OnceLock::new();
    if let Some(dummy) = DUMMY.get_or_init(|| hash("not-a-real-password").ok()) {
        let _ = verify(password, dummy);
    }
}

/// Runs password hashing and checking off the async workers, a bounded number at a time.
///
/// Argon2 is built to be slow (tens of milliseconds and 19 MiB each): run on the async
/// workers it would stall every other request, and unbounded it would let a burst of
/// sign-ins exhaust memory. At most `workers` run at once on the blocking pool; up to `queue`
/// more wait for a worker; past that a call is refused at once with
/// [`DomainError::Busy`], which the API answers with 503 and `Retry-After`.
#[derive(Clone)]
pub struct PasswordPool {
    /// Places for running and waiting work together: `workers + queue`.
    places: Arc<Semaphore>,
    workers: Arc<Semaphore>,
}

/// Seconds a caller refused for a full pool is told to wait.
pub const BUSY_RETRY_AFTER_SECS: u64 = 1;

impl PasswordPool {
    /// `workers` at once (0: one per CPU), and up to `queue` waiting.
    pub fn new(workers: usize, queue: usize) -> Self {
        let workers = if workers == 0 {
            std::thread::available_parallelism().map_or(2, std::num::NonZeroUsize::get)
        } else {
            workers
        };
        Self {
            places: Arc::new(Semaphore::new(workers.saturating_add(queue))),
            workers: Arc::new(Semaphore::new(workers)),
        }
    }

    /// Takes one place in the pool without doing any work, or `None` when it is full. The
    /// place is held until the returned permit is dropped (for tests of a full pool).
    pub fn try_reserve(&self) -> Option<OwnedSemaphorePermit> {
        Arc::clone(&self.places).try_acquire_owned().ok()
    }

    /// [`hash`], off the async workers.
    pub async fn hash(&self, password: &str) -> Result<String, DomainError> {
        let password = password.to_owned();
        self.run(move || hash(&password)).await?
    }

    /// [`verify`], off the async workers.
    pub async fn verify(&self, password: &str, stored_hash: &str) -> Result<bool, DomainError> {
        let password = password.to_owned();
        let stored_hash = stored_hash.to_owned();
        self.run(move || verify(&password, &stored_hash)).await
    }

    /// [`verify_against_nothing`], off the async workers.
    pub async fn verify_against_nothing(&self, password: &str) -> Result<(), DomainError> {
        let password = password.to_owned();
        self.run(move || verify_against_nothing(&password)).await
    }

    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, DomainError> {
        let place = self.try_reserve().ok_or(DomainError::Busy {
            retry_after_secs: BUSY_RETRY_AFTER_SECS,
        })?;
        let worker = Arc::clone(&self.workers)
            .acquire_owned()
            .await
            .map_err(|err| internal(&err))?;
        let result = tokio::task::spawn_blocking(move || {
            let _held = (place, worker);
            work()
        })
        .await
        .map_err(|err| internal(&err))?;
        Ok(result)
    }
}

fn internal(err: &dyn std::fmt::Display) -> DomainError {
    DomainError::Database(sea_orm::DbErr::Custom(format!("password worker: {err}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_full_pool_refuses_at_once_and_frees_its_places() {
        let pool = PasswordPool::new(1, 1);
        let stored = pool.hash("correct horse battery").await.unwrap();
        assert!(pool.verify("correct horse battery", &stored).await.unwrap());
        let first = pool.try_reserve().unwrap();
        let second = pool.try_reserve().unwrap();
        assert!(pool.try_reserve().is_none());
        let refused = pool.verify("correct horse battery", &stored).await;
        assert!(
            matches!(
                refused,
                Err(DomainError::Busy {
                    retry_after_secs: 1
                })
            ),
            "{refused:?}"
        );
        assert!(matches!(
            pool.hash("another password").await,
            Err(DomainError::Busy { .. })
        ));
        drop((first, second));
        assert!(pool.verify("correct horse battery", &stored).await.unwrap());
        assert!(!pool.verify("wrong", &stored).await.unwrap());
    }

    #[test]
    fn a_hash_verifies_its_password_only() {
        let stored = hash("correct horse battery").unwrap();
        assert!(stored.starts_with("$argon2id$"));
        assert!(verify("correct horse battery", &stored));
        assert!(!verify("wrong", &stored));
        assert!(!verify("anything", "not a hash"));
    }
}
