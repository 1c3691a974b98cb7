//! A screen's view kept in its URL: read from the query string, and written back as a new
//! history entry when the person changes it, so that a link, a reload, back and forward all
//! open the same view.

use crate::effects::effect;
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate, use_query_map};
use leptos_router::NavigateOptions;

/// What a screen shows, as its URL's query string says it.
pub trait UrlView: Clone + PartialEq + Send + Sync + 'static {
    /// Reads the query string's parameters (`param(name)`); what is missing or unreadable is
    /// the default.
    fn from_params(param: impl Fn(&str) -> Option<String>) -> Self;

    /// The query string of this view (`?…`, or empty for the default view).
    fn to_search(&self) -> String;
}

/// The view in the URL (tracked), and the callback that moves to another one.
pub fn use_url_view<V: UrlView>() -> (Memo<V>, Callback<V>) {
    let params = use_query_map();
    let view = Memo::new(move |_| params.with(|params| V::from_params(|name| params.get(name))));
    let location = use_location();
    let navigate = use_navigate();
    // Navigation happens in an effect: the router's navigate is not shareable across threads,
    // the callback is.
    let wanted = RwSignal::new(None::<V>);
    effect(move || {
        if let Some(view) = wanted.get() {
            let path = location.pathname.get_untracked();
            navigate(
                &format!("{path}{}", view.to_search()),
                NavigateOptions::default(),
            );
        }
    });
    (view, Callback::new(move |view: V| wanted.set(Some(view))))
}
