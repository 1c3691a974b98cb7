//! A Delete button that asks before it acts: "Delete" turns into the question with a danger
//! button that deletes and a "Keep" button that puts things back.
//!
//! Focus follows the question like a small dialog: asking moves it into the question (its
//! danger button), and Escape or "Keep" puts the plain button back with focus on it.

use leptos::prelude::*;

use crate::effects::effect;
use crate::text::text;

/// `confirming` is the caller's, so a failed deletion can put the plain button back.
/// `testid` names both buttons: `{testid}-delete` and `{testid}-confirm-delete`.
#[component]
pub fn ConfirmDelete(
    question: &'static str,
    testid: &'static str,
    confirming: RwSignal<bool>,
    #[prop(into)] pending: Signal<bool>,
    #[prop(into)] on_confirm: Callback<()>,
) -> impl IntoView {
    // Set when the question closes without deleting, so the plain button takes focus back
    // (and only then: the first render must not steal focus from wherever it is).
    let returning = RwSignal::new(false);
    let words = &text().common;
    let keep = move || {
        returning.set(true);
        confirming.set(false);
    };
    move || {
        if confirming.get() {
            let confirm_button = NodeRef::<leptos::html::Button>::new();
            effect(move || {
                if let Some(button) = confirm_button.get() {
                    let _ = button.focus();
                }
            });
            view! {
                <span
                    role="group"
                    aria-label=words.confirm_delete_label
                    on:keydown=move |event| {
                        if event.key() == "Escape" {
                            keep();
                        }
                    }
                >
                    {question}
                    " "
                    <button
                        type="button"
                        class="button button--danger"
                        data-testid=format!("{testid}-confirm-delete")
                        node_ref=confirm_button
                        disabled=move || pending.get()
                        on:click=move |_| on_confirm.run(())
                    >
                        {words.delete_button}
                    </button>
                    <button type="button" class="button" on:click=move |_| keep()>
                        {words.keep_button}
                    </button>
                </span>
            }
            .into_any()
        } else {
            let delete_button = NodeRef::<leptos::html::Button>::new();
            effect(move || {
                if let Some(button) = delete_button.get() {
                    if returning.get_untracked() {
                        returning.set(false);
                        let _ = button.focus();
                    }
                }
            });
            view! {
                <button
                    type="button"
                    class="button"
                    data-testid=format!("{testid}-delete")
                    node_ref=delete_button
                    on:click=move |_| confirming.set(true)
                >
                    {words.delete_button}
                </button>
            }
            .into_any()
        }
    }
}
