//! [`Fetch`]: a read from the API that a screen shows, re-run when what it tracks changes.
//!
//! Leptos's `LocalResource` is generic over its value, and its reactive machinery (the task that
//! waits for a change, runs the read and wakes the screen) is compiled anew for every value type
//! and every read closure: a few kilobytes of the web app per read, about a hundred reads. A
//! `Fetch` keeps every read in the same resource type, the answer type-erased, so that machinery
//! exists once; the typed side is a thin wrapper that only boxes the answer and downcasts it.

use std::any::Any;
use std::future::{Future, IntoFuture};
use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::Arc;

use leptos::prelude::*;

use crate::api::ApiError;
use crate::text::text;

/// A read's answer, its value type-erased.
type Answer = Result<Arc<dyn Any + Send + Sync>, ApiError>;

/// A read under way, its value type-erased.
type Pending = Pin<Box<dyn Future<Output = Answer>>>;

/// A read from the API for a screen: loading until its first answer, then the answer, re-read
/// whenever a signal the read tracked changes (or on [`Fetch::refetch`]). Copy, like the
/// resource it wraps.
pub struct Fetch<T> {
    inner: LocalResource<Answer>,
    value: PhantomData<fn() -> T>,
}

impl<T> Clone for Fetch<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Fetch<T> {}

/// The one resource type behind every [`Fetch`], made in one place.
fn erased(read: Box<dyn Fn() -> Pending>) -> LocalResource<Answer> {
    LocalResource::new(read)
}

/// A type-erased answer as the `T` it was made from.
fn typed<T: Clone + 'static>(answer: Answer) -> Result<T, ApiError> {
    let value = answer?;
    value.downcast_ref::<T>().cloned().ok_or_else(|| ApiError {
        // Unreachable by construction: a `Fetch<T>` only ever stores a `T`.
        status: 0,
        problem: None,
        message: (text().messages.answer_unreadable)("unexpected answer type"),
    })
}

impl<T: Clone + Send + Sync + 'static> Fetch<T> {
    /// Runs `read` now and again whenever a signal it tracked changes.
    #[track_caller]
    pub fn new<F>(read: impl Fn() -> F + 'static) -> Self
    where
        F: Future<Output = Result<T, ApiError>> + 'static,
    {
        let read = move || -> Pending {
            let answer = read();
            Box::pin(async move {
                answer
                    .await
                    .map(|value| Arc::new(value) as Arc<dyn Any + Send + Sync>)
            })
        };
        Self {
            inner: erased(Box::new(read)),
            value: PhantomData,
        }
    }

    /// The latest answer (`None` while the first one loads), tracked.
    pub fn get(&self) -> Option<Result<T, ApiError>> {
        self.inner.get().map(typed)
    }

    /// The latest answer (`None` while the first one loads), untracked.
    pub fn get_untracked(&self) -> Option<Result<T, ApiError>> {
        self.inner.get_untracked().map(typed)
    }

    /// The latest answer seen through `f`, tracked.
    pub fn with<R>(&self, f: impl FnOnce(&Option<Result<T, ApiError>>) -> R) -> R {
        f(&self.get())
    }

    /// Reads again now.
    pub fn refetch(&self) {
        self.inner.refetch();
    }
}

impl<T: Clone + Send + Sync + 'static> IntoFuture for Fetch<T> {
    type Output = Result<T, ApiError>;
    type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send>>;

    /// The answer once it is in; awaited inside a `Suspense` or `Transition`, which it joins
    /// (as the resource does: the join happens here, not when the future first runs).
    fn into_future(self) -> Self::IntoFuture {
        let answer = self.inner.into_future();
        Box::pin(async move { typed(answer.await) })
    }
}
