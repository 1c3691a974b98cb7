//! Budget & ROI Tracker web app (placeholder).
//!
//! A Leptos client-side-rendered app, built to wasm by Trunk (`scripts/build-frontend.sh`)
//! and served from `dist/` by the API server. For now it only introduces the service,
//! links to the API documentation and shows whether the API answers `GET /healthz`.

use leptos::prelude::*;
use serde::Deserialize;

/// Body of `GET /healthz`.
#[derive(Debug, Clone, Deserialize)]
struct Health {
    status: String,
}

/// What the health probe found, as shown to the user.
#[derive(Debug, Clone, PartialEq, Eq)]
enum ApiState {
    Ok,
    Unexpected(String),
    Error(String),
}

/// Asks the API whether it is up. Relative URL: the app is served by the API itself.
async fn check_health() -> ApiState {
    let response = match gloo_net::http::Request::get("/healthz").send().await {
        Ok(response) => response,
        Err(err) => return ApiState::Error(format!("unreachable ({err})")),
    };
    if !response.ok() {
        return ApiState::Error(format!(
            "HTTP {} {}",
            response.status(),
            response.status_text()
        ));
    }
    match response.json::<Health>().await {
        Ok(health) if health.status == "ok" => ApiState::Ok,
        Ok(health) => ApiState::Unexpected(health.status),
        Err(err) => ApiState::Error(format!("invalid response ({err})")),
    }
}

/// The API status line: "API: ok", "API: checking…" or an error with a retry button.
#[component]
fn ApiStatus() -> impl IntoView {
    let health = LocalResource::new(check_health);

    let status = move || match health.get() {
        None => view! { <span class="status status--pending">"API: checking…"</span> }.into_any(),
        Some(ApiState::Ok) => view! { <span class="status status--ok">"API: ok"</span> }.into_any(),
        Some(ApiState::Unexpected(status)) => view! {
            <span class="status status--error">"API: unexpected status “" {status} "”"</span>
        }
        .into_any(),
        Some(ApiState::Error(message)) => view! {
            <span class="status status--error">"API: error — " {message}</span>
        }
        .into_any(),
    };

    view! {
        <section class="card" aria-labelledby="api-status-heading">
            <h2 id="api-status-heading">"Service status"</h2>
            <p role="status" aria-live="polite" data-testid="api-status">
                {status}
            </p>
            <button type="button" class="button" on:click=move |_| health.refetch()>
                "Check again"
            </button>
        </section>
    }
}

#[component]
fn App() -> impl IntoView {
    view! {
        <header class="site-header">
            <div class="container">
                <h1>"Budget & ROI Tracker"</h1>
            </div>
        </header>
        <main id="main" class="container">
            <section class="card" aria-labelledby="about-heading">
                <h2 id="about-heading">"About"</h2>
                <p>
                    "Plan project budgets, record actual costs and hours, and see the return on "
                    "investment of every project at a glance. This web app is being built; "
                    "meanwhile the whole service is available through its HTTP API."
                </p>
            </section>
            <section class="card" aria-labelledby="api-heading">
                <h2 id="api-heading">"API"</h2>
                <ul class="links">
                    <li>
                        <a href="/api/docs">"Interactive API documentation"</a>
                    </li>
                    <li>
                        <a href="/api/v1/openapi.json">"OpenAPI description (JSON)"</a>
                    </li>
                </ul>
            </section>
            <ApiStatus/>
        </main>
        <footer class="site-footer">
            <div class="container">"Budget & ROI Tracker"</div>
        </footer>
    }
}

fn main() {
    leptos::mount::mount_to_body(App);
}
