//! Setting a new password with a reset token an organisation admin handed over, from its link
//! `/password-reset?token=…`, signed out; then signing in with it.

use budget_contract::auth::PasswordResetRequest;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use crate::api::{self, ApiError};
use crate::components::{on_answer, Empty, FieldError, FormActions, TextField};
use crate::requests::Submit;
use crate::text::text;

#[component]
pub fn PasswordResetScreen() -> impl IntoView {
    let words = &text().auth;
    let query = use_query_map();
    let token = Memo::new(move |_| {
        query
            .with(|query| query.get("token"))
            .map(|token| token.trim().to_owned())
            .filter(|token| !token.is_empty())
    });
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let done = RwSignal::new(false);
    let reset = Submit::new(move |body: &PasswordResetRequest| api::reset_password(body));
    let pending = reset.pending();
    on_answer(reset, error, move |()| done.set(true));
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if let Some(token) = token.get_untracked() {
            reset.dispatch(PasswordResetRequest {
                token,
                new_password: password.get_untracked(),
            });
        }
    };
    let field_error = Signal::derive(move || error.get());

    view! {
        <section class="auth card" aria-labelledby="reset-heading" data-testid="password-reset">
            <p class="auth__brand">{words.brand}</p>
            <h1 id="reset-heading">{words.reset_heading}</h1>
            {move || {
                if token.get().is_none() {
                    view! {
                        <Empty message=words.reset_no_token />
                        <p><A href="/login">{words.sign_in_link}</A></p>
                    }
                    .into_any()
                } else if done.get() {
                    view! {
                        <p class="success" role="status" data-testid="password-reset-done">
                            {words.reset_done}
                        </p>
                        <p><A href="/login" attr:data-testid="password-reset-sign-in">{words.sign_in_link}</A></p>
                    }
                    .into_any()
                } else {
                    view! {
                        <form on:submit=on_submit novalidate=true>
                            <TextField
                                id="reset-password"
                                testid="reset-password"
                                field="new_password"
                                value=password
                                error=field_error
                                kind="password"
                                autocomplete="new-password"
                                required=true
                                hint=words.password_hint
                            >
                                {words.new_password_label}
                            </TextField>
                            // The link itself may be refused: unknown, used or expired.
                            <FieldError error=field_error field="token" />
                            <FormActions pending label=words.reset_button pending_label=words.resetting testid="reset-submit" error=field_error />
                        </form>
                    }
                    .into_any()
                }
            }}
        </section>
    }
}
