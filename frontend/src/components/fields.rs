//! Form pieces: the API's validation message beside its field, the error that belongs to no
//! field, the end of a form (submit button, saved line, error), and a button that runs a request
//! on demand.

use leptos::prelude::*;

use super::states::{ErrorNotice, Loading};
use crate::api::ApiError;

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

/// The end of a form: the submit button, disabled and relabelled (`pending_label`, e.g.
/// "Saving…") while the request runs; then, when given, the line saying what was saved
/// (announced politely) and the form's error that belongs to no field ([`FormError`]).
#[component]
pub fn FormActions(
    /// Whether the form's request is running.
    #[prop(into)]
    pending: Signal<bool>,
    /// The button's text.
    #[prop(into)]
    label: Signal<&'static str>,
    /// The button's text while the request runs.
    pending_label: &'static str,
    /// The button's `data-testid`.
    testid: &'static str,
    /// What the last submission saved, for people.
    #[prop(optional, into)]
    saved: Option<Signal<Option<String>>>,
    /// The form's error.
    #[prop(optional, into)]
    error: Option<Signal<Option<ApiError>>>,
) -> impl IntoView {
    view! {
        <div class="actions">
            <button
                type="submit"
                class="button button--primary"
                data-testid=testid
                disabled=move || pending.get()
            >
                {move || if pending.get() { pending_label } else { label.get() }}
            </button>
        </div>
        {saved
            .map(|saved| {
                view! {
                    <div class="field--wide" role="status" aria-live="polite">
                        {move || saved.get().map(|message| view! { <p class="success">{message}</p> })}
                    </div>
                }
            })}
        {error.map(|error| view! { <FormError error=error /> })}
    }
}

/// A button that runs `action` on demand, disabled and relabelled (`pending_label`, e.g.
/// "Analysing…") while it runs; below it, announced politely, [`Loading`] while it runs and then
/// `children` (what its answer shows).
#[component]
pub fn RunOnDemand<O>(
    /// The request, dispatched with `()`.
    action: Action<(), O>,
    /// The button's text.
    label: &'static str,
    /// The button's text while the request runs.
    pending_label: &'static str,
    /// The button's `data-testid`.
    testid: &'static str,
    children: Children,
) -> impl IntoView
where
    O: 'static,
{
    let pending = action.pending();
    view! {
        <button
            type="button"
            class="button"
            data-testid=testid
            disabled=move || pending.get()
            on:click=move |_| {
                action.dispatch_local(());
            }
        >
            {move || if pending.get() { pending_label } else { label }}
        </button>
        <div aria-live="polite">
            {move || pending.get().then(|| view! { <Loading /> })}
            {children()}
        </div>
    }
}
