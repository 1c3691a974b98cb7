//! Small shared view pieces: loading, empty and error states, field errors, the status badge and
//! the board's tab bar. Every page uses these so the states look and read the same everywhere.
//!
//! The refresh signal that pages bump after their own writes lives in [`crate::session`]:
//! `session::use_refresh()` (read it in a resource's fetcher) and `session::bump_refresh()`.

use budget_contract::metrics::BudgetStatus;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::api::ApiError;

/// The current time. `chrono::Utc::now()` panics in the browser ("time not implemented on this
/// platform": chrono's `wasmbind` feature is off), so the browser's clock is read through JS.
pub fn now() -> chrono::DateTime<chrono::Utc> {
    #[cfg(target_arch = "wasm32")]
    {
        let millis = js_sys::Date::now() as i64;
        chrono::DateTime::from_timestamp_millis(millis).unwrap_or_default()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        chrono::Utc::now()
    }
}

/// Shown while data loads.
#[component]
pub fn Loading() -> impl IntoView {
    view! {
        <p class="loading" role="status" aria-live="polite">
            <span class="spinner" aria-hidden="true"></span>
            "Loading…"
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

/// Shown when a list or chart has nothing to show.
#[component]
pub fn Empty(#[prop(into)] message: String) -> impl IntoView {
    view! { <p class="empty">{message}</p> }
}

/// The element id of a field's error message, for the input's `aria-describedby`.
pub fn field_error_id(field: &str) -> String {
    format!("field-error-{field}")
}

/// The API's validation message for one field, beside it, when that field failed.
/// `field` is the API's field name (`warning_threshold`), kept in `data-field`.
#[component]
pub fn FieldError(error: Signal<Option<ApiError>>, #[prop(into)] field: String) -> impl IntoView {
    let id = field_error_id(&field);
    let name = field.clone();
    let message = move || error.with(|error| error.as_ref().and_then(|error| error.field(&name)));
    move || {
        message().map(|message| {
            view! {
                <p class="field-error" data-testid="field-error" data-field=field.clone() id=id.clone()>
                    {message}
                </p>
            }
        })
    }
}

/// A form's error that belongs to no field (a conflict, a refusal, the network): field errors
/// are shown beside their fields by [`FieldError`], so they are not repeated here.
#[component]
pub fn FormError(#[prop(into)] error: Signal<Option<ApiError>>) -> impl IntoView {
    move || {
        error
            .get()
            .filter(|error| !error.has_field_errors())
            .map(|error| view! { <ErrorNotice error=error /> })
    }
}

/// A coloured badge with the status word (`ok`, `warning`, `critical`, `over`, `no budget`).
#[component]
pub fn StatusBadge(
    status: BudgetStatus,
    #[prop(optional, into)] testid: Option<String>,
) -> impl IntoView {
    let text = status.as_str();
    view! {
        <span class=format!("badge badge--{text}") data-testid=testid data-status=text>
            {crate::format::label(text)}
        </span>
    }
}

/// The `:board_id` of the current route; `None` when it is not a number.
pub fn use_board_id() -> Memo<Option<i64>> {
    let params = use_params_map();
    Memo::new(move |_| params.with(|params| params.get("board_id")?.parse::<i64>().ok()))
}

/// The tabs of a board's screens; the current one has `aria-current="page"`.
#[component]
pub fn BoardNav(board_id: i64) -> impl IntoView {
    let tabs = [
        ("Dashboard", String::new(), "nav-dashboard"),
        ("Budget", "/budget".to_owned(), "nav-budget"),
        ("Tasks & time", "/tasks".to_owned(), "nav-tasks"),
        ("Analytics", "/analytics".to_owned(), "nav-analytics"),
        ("ROI", "/roi".to_owned(), "nav-roi"),
        (
            "Recommendations",
            "/recommendations".to_owned(),
            "nav-recommendations",
        ),
        ("Members", "/members".to_owned(), "nav-members"),
    ];
    view! {
        <nav class="board-nav" aria-label="Board sections">
            <ul>
                {tabs
                    .into_iter()
                    .map(|(label, suffix, testid)| {
                        let href = format!("/boards/{board_id}{suffix}");
                        view! {
                            <li>
                                <A href=href exact=true attr:data-testid=testid>
                                    {label}
                                </A>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </nav>
    }
}
