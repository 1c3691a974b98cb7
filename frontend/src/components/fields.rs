//! Form pieces: a labelled text input with the API's message for it, a checkbox, the API's validation
//! message beside its field, the error that belongs to no
//! field, the end of a form (submit button, saved line, error), and a button that runs a request
//! on demand.

use leptos::html;
use leptos::prelude::*;

use super::states::{ErrorNotice, Loading};
use crate::api::ApiError;
use crate::effects::effect;
use crate::requests::Submit;

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

/// A labelled text input bound to `value`, with a hint under it when given and the API's
/// message for `field` beside it; `children` is the label. The input says it is invalid
/// (`aria-invalid`) while the API's message for its field is shown.
#[component]
pub fn TextField(
    /// The input's `id`.
    #[prop(into)]
    id: String,
    /// The input's `data-testid`.
    #[prop(into)]
    testid: String,
    /// The API's name of the field (`hourly_rate`).
    field: &'static str,
    /// The text as typed.
    value: RwSignal<String>,
    /// The form's error.
    #[prop(into)]
    error: Signal<Option<ApiError>>,
    /// The input's `type`.
    #[prop(default = "text")]
    kind: &'static str,
    /// The wrapper's classes.
    #[prop(default = "field")]
    class: &'static str,
    #[prop(optional)] inputmode: Option<&'static str>,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] placeholder: Option<&'static str>,
    #[prop(optional)] maxlength: Option<u32>,
    #[prop(optional)] min: Option<&'static str>,
    #[prop(optional, into)] max: MaybeProp<String>,
    #[prop(optional)] required: bool,
    /// A line under the input, which the input is described by (its id: `{id}-hint`).
    #[prop(optional)]
    hint: Option<&'static str>,
    #[prop(optional)] node_ref: NodeRef<html::Input>,
    /// Called at each change of the text, before `value` takes it.
    #[prop(optional)]
    on_input: Option<Callback<()>>,
    children: Children,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    let described_by = match hint {
        Some(_) => format!("{hint_id} {}", field_error_id(field)),
        None => field_error_id(field),
    };
    let invalid = move || {
        error
            .with(|error| {
                error
                    .as_ref()
                    .and_then(|error| error.field(field))
                    .is_some()
            })
            .to_string()
    };
    view! {
        <div class=class>
            <label for=id.clone()>{children()}</label>
            <input
                id=id
                data-testid=testid
                node_ref=node_ref
                type=kind
                inputmode=inputmode
                autocomplete=autocomplete
                placeholder=placeholder
                maxlength=maxlength
                min=min
                max=move || max.get()
                required=required
                aria-describedby=described_by
                aria-invalid=invalid
                prop:value=move || value.get()
                on:input=move |event| {
                    if let Some(on_input) = on_input {
                        on_input.run(());
                    }
                    value.set(event_target_value(&event));
                }
            />
            {hint.map(|hint| view! { <p class="hint" id=hint_id>{hint}</p> })}
            <FieldError error field=field />
        </div>
    }
}

/// A checkbox bound to `checked`, with its label (`children`) after it.
#[component]
pub fn Checkbox(
    /// The input's `id`.
    #[prop(into)]
    id: String,
    /// The input's `data-testid`.
    #[prop(optional)]
    testid: Option<&'static str>,
    checked: RwSignal<bool>,
    /// Called at each change, before `checked` takes it.
    #[prop(optional)]
    on_change: Option<Callback<()>>,
    children: Children,
) -> impl IntoView {
    view! {
        <div class="field field--checkbox">
            <input
                id=id.clone()
                data-testid=testid
                type="checkbox"
                prop:checked=move || checked.get()
                on:change=move |event| {
                    if let Some(on_change) = on_change {
                        on_change.run(());
                    }
                    checked.set(event_target_checked(&event));
                }
            />
            <label for=id>{children()}</label>
        </div>
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

/// What a form does with each answer of its request: a success clears `error` and goes to
/// `on_success`; a failure stays in `error`, where the form shows it.
pub fn on_answer<I, O>(
    action: Submit<I, Result<O, ApiError>>,
    error: RwSignal<Option<ApiError>>,
    on_success: impl Fn(O) + 'static,
) where
    I: 'static,
    O: Clone + Send + Sync + 'static,
{
    effect(move || {
        if let Some(result) = action.answer() {
            match result {
                Ok(answer) => {
                    error.set(None);
                    // What the form does next is no reason to run this again.
                    untrack(|| on_success(answer));
                }
                Err(failure) => error.set(Some(failure)),
            }
        }
    });
}

/// What a row's action (a delete, a revert, a change made in place) does with its request's
/// answer: on success the row's error is cleared and `on_success` runs; a failure is shown as
/// the row's error. Signals already disposed with their row are left alone.
pub fn settle<O>(
    result: Result<O, ApiError>,
    error: RwSignal<Option<ApiError>>,
    on_success: impl FnOnce(O),
) {
    match result {
        Ok(answer) => {
            error.try_set(None);
            on_success(answer);
        }
        Err(failure) => {
            error.try_set(Some(failure));
        }
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
    action: Submit<(), O>,
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
                action.dispatch(());
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
