//! A Delete button that asks before it acts: "Delete" turns into the question with a danger
//! button that deletes and a "Keep" button that puts things back.

use leptos::prelude::*;

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
    move || {
        if confirming.get() {
            view! {
                <span role="group" aria-label="Confirm deletion">
                    {question}
                    " "
                    <button
                        type="button"
                        class="button button--danger"
                        data-testid=format!("{testid}-confirm-delete")
                        disabled=move || pending.get()
                        on:click=move |_| on_confirm.run(())
                    >
                        "Delete"
                    </button>
                    <button type="button" class="button" on:click=move |_| confirming.set(false)>
                        "Keep"
                    </button>
                </span>
            }
            .into_any()
        } else {
            view! {
                <button
                    type="button"
                    class="button"
                    data-testid=format!("{testid}-delete")
                    on:click=move |_| confirming.set(true)
                >
                    "Delete"
                </button>
            }
            .into_any()
        }
    }
}
