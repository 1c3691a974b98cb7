//! A secret or link shown once: a read-only text field that selects itself on focus, a Copy
//! button, and what copying did (copied, or "press Ctrl+C" where the clipboard is not
//! available, with the text selected).

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::text::text;

/// Copies text to the clipboard (`navigator.clipboard`, which needs a secure context); `false`
/// when that is not available or refused, and the caller selects the text instead.
pub async fn copy_to_clipboard(text: &str) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let navigator = window.navigator();
    // `navigator.clipboard` is undefined outside secure contexts: check before calling into it.
    let available = js_sys::Reflect::get(&navigator, &"clipboard".into())
        .map(|value| !value.is_undefined() && !value.is_null())
        .unwrap_or(false);
    if !available {
        return false;
    }
    let promise = navigator.clipboard().write_text(text);
    wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()
}

/// Selects the text of an input so the person can copy it with the keyboard.
pub fn select_input(id: &str) {
    if let Some(input) = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.get_element_by_id(id))
        .and_then(|element| element.dyn_into::<web_sys::HtmlInputElement>().ok())
    {
        let _ = input.focus();
        input.select();
    }
}

/// `value` in a read-only field labelled `label` (visually hidden: the text around it says
/// what it is), with a Copy button (`{testid}-copy`; the field is `testid`).
#[component]
pub fn CopyField(
    id: &'static str,
    testid: &'static str,
    label: &'static str,
    #[prop(into)] value: String,
) -> impl IntoView {
    let copy_state = RwSignal::new(None::<bool>);
    let words = &text().settings;
    let text = value.clone();
    let on_copy = move |_| {
        let text = text.clone();
        leptos::task::spawn_local(async move {
            let copied = copy_to_clipboard(&text).await;
            if !copied {
                select_input(id);
            }
            copy_state.try_set(Some(copied));
        });
    };
    view! {
        <div class="copy-row">
            <label for=id class="visually-hidden">{label}</label>
            <input
                id=id
                data-testid=testid
                type="text"
                readonly=true
                prop:value=value
                on:focus=move |_| select_input(id)
            />
            <button type="button" class="button" data-testid=format!("{testid}-copy") on:click=on_copy>
                {words.copy_button}
            </button>
        </div>
        <div aria-live="polite">
            {move || match copy_state.get() {
                Some(true) => Some(view! { <p class="success">{words.copied}</p> }.into_any()),
                Some(false) => Some(view! { <p class="hint">{words.copy_unavailable}</p> }.into_any()),
                None => None,
            }}
        </div>
    }
}
