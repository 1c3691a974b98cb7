//! What a screen shows while data loads, when a read failed, and when there is nothing to show.

use std::future::Future;

use leptos::prelude::*;

use crate::api::ApiError;
use crate::requests::Fetch;
use crate::text::text;

/// Shown while data loads.
#[component]
pub fn Loading() -> impl IntoView {
    view! {
        <p class="loading" role="status" aria-live="polite">
            <span class="spinner" aria-hidden="true"></span>
            {text().common.loading}
        </p>
    }
}

/// An API error for people: the problem's detail, announced to screen readers.
#[component]
pub fn ErrorNotice(error: ApiError) -> impl IntoView {
    let code = error.code().map(str::to_owned);
    view! {
        <div class="error" role="alert" data-status=error.status data-code=code>
            <p>{error.message}</p>
        </div>
    }
}

/// The fallback of an `ErrorBoundary` around API reads: the first failed read as an
/// [`ErrorNotice`] (an error that is not the API's shows its text).
pub fn read_error(errors: ArcRwSignal<Errors>) -> impl IntoView {
    move || {
        errors.with(|errors| {
            errors.iter().next().map(|(_, error)| {
                let error = error
                    .downcast_ref::<ApiError>()
                    .cloned()
                    .unwrap_or_else(|| ApiError {
                        status: 0,
                        problem: None,
                        message: error.to_string(),
                    });
                view! { <ErrorNotice error /> }
            })
        })
    }
}

/// Shown when a list or chart has nothing to show.
#[component]
pub fn Empty(#[prop(into)] message: String) -> impl IntoView {
    view! { <p class="empty">{message}</p> }
}

/// One read from the API on a screen: [`Loading`] until its first answer (a reload keeps the
/// previous answer shown), the failure as an [`ErrorNotice`], else `render` of the answer.
pub fn read_view<T, V>(
    resource: Fetch<T>,
    render: impl Fn(T) -> V + Clone + Send + Sync + 'static,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    joined_read_view(move || {
        let render = render.clone();
        async move { resource.await.map(render) }
    })
}

/// A read that joins several resources, as [`read_view`] shows one: `read` awaits them and
/// builds the view, and runs again when any resource it awaited (or signal it read) changes.
pub fn joined_read_view<V, F>(read: impl Fn() -> F + Send + Sync + 'static) -> impl IntoView
where
    F: Future<Output = Result<V, ApiError>> + Send + 'static,
    V: IntoView + 'static,
{
    view! {
        <Transition fallback=|| view! { <Loading /> }>
            <ErrorBoundary fallback=read_error>{move || Suspend::new(read())}</ErrorBoundary>
        </Transition>
    }
}
