//! A CSV file the API serves, fetched with the session token and handed to the browser as a
//! download: a button that fetches it, then a link that saves it (and stays, to save it again).

use std::future::Future;

use leptos::prelude::*;

use crate::api::ApiError;
use crate::components::ErrorNotice;
use crate::requests::Submit;
use crate::text::text;

/// `fetch` reads the file; `testid` names the button (`{testid}-download`) and the link
/// (`{testid}-link`).
#[component]
pub fn CsvDownload<F, Fut>(
    fetch: F,
    #[prop(into)] file_name: String,
    testid: &'static str,
    /// The button's text.
    #[prop(default = text().tasks.csv_button)]
    label: &'static str,
) -> impl IntoView
where
    F: Fn() -> Fut + Copy + 'static,
    Fut: Future<Output = Result<String, ApiError>> + 'static,
{
    let words = &text().tasks;
    let link = NodeRef::<leptos::html::A>::new();
    let href = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<ApiError>);
    let read = Submit::new(move |_: &()| async move {
        match fetch().await {
            Ok(csv) => {
                error.set(None);
                let url = csv_data_url(&csv);
                href.set(Some(url.clone()));
                // Follow the link at once (its address set here too, not only by the next
                // render); the link stays on the page to save the file again.
                if let Some(link) = link.try_get_untracked().flatten() {
                    link.set_href(&url);
                    link.click();
                }
            }
            Err(failure) => error.set(Some(failure)),
        }
    });
    view! {
        <div class="csv-download">
            <button
                type="button"
                class="button"
                data-testid=format!("{testid}-download")
                disabled=move || read.pending().get()
                on:click=move |_| {
                    read.dispatch(());
                }
            >
                {move || if read.pending().get() { words.csv_pending } else { label }}
            </button>
            // The link that holds the file; visible once ready so it can be saved again.
            <a
                node_ref=link
                href=move || href.get()
                download=file_name
                data-testid=format!("{testid}-link")
                class:visually-hidden=move || href.get().is_none()
                aria-hidden=move || href.get().is_none().then_some("true")
                tabindex=move || href.get().is_none().then_some("-1")
            >
                {words.csv_save_again}
            </a>
            {move || error.get().map(|error| view! { <ErrorNotice error=error /> })}
        </div>
    }
}

/// A `data:` URL holding a CSV file, for an `<a download>`: every byte outside the unreserved
/// set percent-encoded (UTF-8), so commas, quotes and line breaks survive.
pub fn csv_data_url(csv: &str) -> String {
    let mut url = String::from("data:text/csv;charset=utf-8,");
    for byte in csv.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                url.push(byte as char)
            }
            _ => url.push_str(&format!("%{byte:02X}")),
        }
    }
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_becomes_a_data_url_that_keeps_every_character() {
        assert_eq!(
            csv_data_url("id,title\n1,\"Café, v2\"\n"),
            "data:text/csv;charset=utf-8,id%2Ctitle%0A1%2C%22Caf%C3%A9%2C%20v2%22%0A"
        );
    }
}
