//! The requests a screen makes: [`Fetch`], a read it shows, re-run when what it tracks changes,
//! and [`Submit`], a write a person sends (a form, a button), with its pending state and answer.
//!
//! Leptos's `LocalResource` and `Action` are generic over their values, and their reactive
//! machinery (the task that waits for a change, runs the request and wakes the screen; the
//! dispatch that counts what is in flight and keeps the answer) is compiled anew for every value
//! type and every closure: a few kilobytes of the web app each, about a hundred reads and fifty
//! writes. Here every read is the same resource type and every write the same action type, their
//! values type-erased, so that machinery exists once; the typed side only boxes values and
//! downcasts them.

use std::any::Any;
use std::future::{Future, IntoFuture};
use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::Arc;

use leptos::prelude::*;

use crate::api::ApiError;
use crate::text::text;

/// A value, type-erased.
type Erased = Arc<dyn Any + Send + Sync>;

/// A read's answer, its value type-erased.
type Answer = Result<Erased, ApiError>;

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
    answer?.downcast_ref::<T>().cloned().ok_or_else(mismatch)
}

/// A value of another type than the read's: unreachable by construction, as a `Fetch<T>` only
/// ever stores a `T`.
fn mismatch() -> ApiError {
    ApiError {
        status: 0,
        problem: None,
        message: (text().messages.answer_unreadable)("unexpected value type"),
    }
}

/// A value, type-erased.
fn erase<T: Send + Sync + 'static>(value: T) -> Erased {
    Arc::new(value)
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
            Box::pin(async move { answer.await.map(erase) })
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

/// A write a person sends: each [`Submit::dispatch`] runs it with that input; the screen shows
/// [`Submit::pending`] while any is in flight and reacts to [`Submit::answer`], the latest
/// outcome. Copy, like the action it wraps.
pub struct Submit<I, O> {
    inner: Action<Input, Outcome>,
    types: PhantomData<fn(I) -> O>,
}

impl<I, O> Clone for Submit<I, O> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<I, O> Copy for Submit<I, O> {}

/// A write's input, type-erased.
type Input = Box<dyn Any>;

/// A write's outcome, type-erased; `None` only for an input of another type than the write's.
type Outcome = Option<Erased>;

/// A write under way, its outcome type-erased.
type Sending = Pin<Box<dyn Future<Output = Outcome>>>;

/// The one action type behind every [`Submit`], made in one place.
fn erased_action(run: Box<dyn Fn(&Input) -> Sending>) -> Action<Input, Outcome> {
    Action::new_local(move |input: &Input| run(input))
}

impl<I: 'static, O: Clone + Send + Sync + 'static> Submit<I, O> {
    /// A write that `run` sends for each input dispatched.
    #[track_caller]
    pub fn new<F>(run: impl Fn(&I) -> F + 'static) -> Self
    where
        F: Future<Output = O> + 'static,
    {
        let run = move |input: &Input| -> Sending {
            // Always an `I`: `dispatch` is the only way in.
            let outcome = input.downcast_ref::<I>().map(&run);
            Box::pin(async move {
                match outcome {
                    Some(outcome) => Some(erase(outcome.await)),
                    None => None,
                }
            })
        };
        Self {
            inner: erased_action(Box::new(run)),
            types: PhantomData,
        }
    }

    /// The latest write's outcome (`None` before the first one), tracked.
    pub fn answer(&self) -> Option<O> {
        self.inner
            .value()
            .get()
            .flatten()
            .and_then(|outcome| outcome.downcast_ref::<O>().cloned())
    }
}

impl<I: 'static, O> Submit<I, O> {
    /// Sends the write with `input`.
    pub fn dispatch(&self, input: I) {
        self.inner.dispatch_local(Box::new(input));
    }

    /// Whether a write is in flight.
    pub fn pending(&self) -> Memo<bool> {
        self.inner.pending()
    }
}
