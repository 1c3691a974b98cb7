//! Sign in, or register a new account (a tab of the same form). The session token is kept in
//! `sessionStorage`; after signing in the person goes back to `?next=` (the address that sent
//! them here: a shared link, an invitation's link), else to their boards. `?expired=1` says why
//! they are here again.

use budget_contract::auth::{LoginRequest, RegisterRequest, Session};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;

use crate::api::{self, ApiError};
use crate::components::{field_error_id, on_answer, FieldError, TextField};
use crate::effects::effect;
use crate::requests::Submit;
use crate::session::{self, use_session};
use crate::text::text;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    SignIn,
    Register,
}

#[derive(Clone)]
struct Credentials {
    mode: Mode,
    email: String,
    password: String,
    display_name: String,
}

async fn authenticate(credentials: Credentials) -> Result<Session, ApiError> {
    match credentials.mode {
        Mode::SignIn => {
            let body = LoginRequest {
                email: credentials.email,
                password: credentials.password,
            };
            api::log_in(&body).await
        }
        Mode::Register => {
            let body = RegisterRequest {
                email: credentials.email,
                password: credentials.password,
                display_name: credentials.display_name,
                default_hourly_rate: None,
            };
            api::register(&body).await
        }
    }
}

#[component]
pub fn LoginScreen() -> impl IntoView {
    let words = &text().auth;
    let query = use_query_map();
    let navigate = use_navigate();
    let session = use_session();
    let expired = move || query.with(|query| query.get("expired").as_deref() == Some("1"));
    let next =
        move || query.with_untracked(|query| session::after_sign_in(query.get("next").as_deref()));

    // Already signed in (and not sent here by an expiry): straight to the boards.
    let skip = navigate.clone();
    effect(move || {
        if session.token.get_untracked().is_some() && !expired() {
            skip(
                &next(),
                NavigateOptions {
                    replace: true,
                    ..NavigateOptions::default()
                },
            );
        }
    });

    let mode = RwSignal::new(Mode::SignIn);
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let display_name = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);

    let submit = Submit::new(move |credentials: &Credentials| {
        let credentials = credentials.clone();
        async move { authenticate(credentials).await }
    });
    let pending = submit.pending();

    let after = navigate.clone();
    on_answer(submit, error, move |new_session| {
        session::sign_in(&new_session);
        after(&next(), NavigateOptions::default());
    });

    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if pending.get_untracked() {
            return;
        }
        submit.dispatch(Credentials {
            mode: mode.get_untracked(),
            email: email.get_untracked().trim().to_owned(),
            password: password.get_untracked(),
            display_name: display_name.get_untracked().trim().to_owned(),
        });
    };
    let toggle = move |_| {
        error.set(None);
        mode.update(|mode| {
            *mode = match mode {
                Mode::SignIn => Mode::Register,
                Mode::Register => Mode::SignIn,
            }
        });
    };
    let registering = move || mode.get() == Mode::Register;
    let field_error = Signal::derive(move || error.get());

    view! {
        <section class="auth card">
            <p class="auth__brand">{words.brand}</p>
            <h1>{move || if registering() { words.register_heading } else { words.sign_in_heading }}</h1>
            <Show when=expired>
                <p class="notice" role="status" data-testid="session-expired">
                    {words.session_expired}
                </p>
            </Show>
            <form on:submit=on_submit novalidate=true>
                <Show when=registering>
                    <TextField
                        id="register-name"
                        testid="register-name"
                        field="display_name"
                        value=display_name
                        error=field_error
                        autocomplete="name"
                        required=true
                    >
                        {words.name_label}
                    </TextField>
                </Show>
                <TextField
                    id="login-email"
                    testid="login-email"
                    field="email"
                    value=email
                    error=field_error
                    kind="email"
                    autocomplete="email"
                    required=true
                >
                    {words.email_label}
                </TextField>
                <div class="field">
                    <label for="login-password">{words.password_label}</label>
                    <input
                        id="login-password"
                        data-testid="login-password"
                        type="password"
                        autocomplete=move || if registering() { "new-password" } else { "current-password" }
                        required=true
                        aria-describedby=move || {
                            if registering() {
                                format!("password-hint {}", field_error_id("password"))
                            } else {
                                field_error_id("password")
                            }
                        }
                        prop:value=move || password.get()
                        on:input=move |event| password.set(event_target_value(&event))
                    />
                    <Show when=registering>
                        <p class="hint" id="password-hint">{words.password_hint}</p>
                    </Show>
                    <FieldError error=field_error field="password" />
                </div>
                {move || {
                    error
                        .get()
                        .map(|error| {
                            view! {
                                <p class="error" role="alert" data-testid="login-error">
                                    {error.message}
                                </p>
                            }
                        })
                }}
                <div class="actions">
                    <button
                        type="submit"
                        class="button button--primary"
                        data-testid="login-submit"
                        disabled=move || pending.get()
                    >
                        {move || match (registering(), pending.get()) {
                            (false, false) => words.sign_in_button,
                            (false, true) => words.signing_in,
                            (true, false) => words.register_button,
                            (true, true) => words.registering,
                        }}
                    </button>
                    <button type="button" class="button button--link" data-testid="register-toggle" on:click=toggle>
                        {move || {
                            if registering() {
                                words.to_sign_in
                            } else {
                                words.to_register
                            }
                        }}
                    </button>
                </div>
            </form>
        </section>
    }
}
