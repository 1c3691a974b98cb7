//! Settings: the person's account, personal access tokens for scripts (created here and shown
//! once, listed, revoked), links to the member lists of the boards they administer, and for a
//! member of an organisation a link to its screen (its forecast calibration; for an admin also
//! its rates and exchange rates).

use budget_contract::auth::{CreatedApiToken, NewApiToken, OrgRole, TokenScope};
use budget_contract::board::{Board, BoardRole};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use crate::api::{self, ApiError};
use crate::clock::now;
use crate::components::{
    field_error_id, on_answer, read_view, settle, CopyField, Empty, ErrorNotice, FieldError,
    FormActions, TextField,
};
use crate::format;
use crate::labels;
use crate::requests::{Fetch, Submit};
use crate::session::use_session;
use crate::text::text;

#[component]
pub fn SettingsScreen() -> impl IntoView {
    let session = use_session();
    let words = &text().settings;
    view! {
        <section>
            <h1>{words.heading}</h1>
            <section class="card">
                <h2>{words.account_heading}</h2>
                {move || {
                    session
                        .user
                        .get()
                        .map(|user| {
                            view! {
                                <dl class="facts">
                                    <dt>{words.name_term}</dt>
                                    <dd>{user.display_name}</dd>
                                    <dt>{words.email_term}</dt>
                                    <dd>{user.email}</dd>
                                    <dt>{words.rate_term}</dt>
                                    <dd>
                                        {user
                                            .default_hourly_rate
                                            .map(|rate| format::money(&rate, None))
                                            .unwrap_or_else(|| format::NONE.to_owned())}
                                    </dd>
                                </dl>
                            }
                        })
                }}
            </section>
            <Tokens />
            <AdminBoards />
            // Every member reads the organisation's forecast calibration there; admins also
            // manage its rates and exchange rates.
            <Show when=move || {
                session.user.with(|user| user.as_ref().is_some_and(|user| user.organization_id.is_some()))
            }>
                <section class="card">
                    <h2>{words.organization_heading}</h2>
                    <p>
                        <A href="/organization" attr:data-testid="settings-organization">
                            {move || {
                                let admin = session.user.with(|user| {
                                    user.as_ref().is_some_and(|user| user.org_role == Some(OrgRole::Admin))
                                });
                                if admin {
                                    words.organization_link_admin
                                } else {
                                    words.organization_link_member
                                }
                            }}
                        </A>
                    </p>
                </section>
            </Show>
        </section>
    }
}

#[component]
fn Tokens() -> impl IntoView {
    let reload = RwSignal::new(0u32);
    let tokens = Fetch::new(move || {
        reload.get();
        api::tokens()
    });

    let name = RwSignal::new(String::new());
    let scope = RwSignal::new(TokenScope::Read);
    let days = RwSignal::new("90".to_owned());
    let error = RwSignal::new(None::<ApiError>);
    let created = RwSignal::new(None::<CreatedApiToken>);
    let revoke_error = RwSignal::new(None::<ApiError>);
    let words = &text().settings;

    let create = Submit::new(move |input: &NewApiToken| api::create_token(input));
    let pending = create.pending();
    on_answer(create, error, move |token| {
        name.set(String::new());
        created.set(Some(token));
        reload.update(|count| *count += 1);
    });

    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let expires_in_days = match days.get_untracked().trim() {
            "" => None,
            text => match text.parse::<i64>() {
                Ok(days) => Some(days),
                Err(_) => {
                    error.set(Some(ApiError::local([(
                        "expires_in_days",
                        words.days_invalid,
                    )])));
                    return;
                }
            },
        };
        create.dispatch(NewApiToken {
            name: name.get_untracked().trim().to_owned(),
            scope: scope.get_untracked(),
            expires_in_days,
        });
    };
    let revoke = move |id: i64| {
        spawn_local(async move {
            settle(api::revoke_token(id).await, revoke_error, |()| {
                reload.try_update(|count| *count += 1);
            });
        });
    };
    let field_error = Signal::derive(move || error.get());

    view! {
        <section class="card">
            <h2>{words.tokens_heading}</h2>
            <p class="muted">
                {words.tokens_intro}
                <a href="/api/docs/">{words.api_docs_link}</a>
            </p>
            <form class="form-grid" on:submit=on_submit novalidate=true>
                <TextField
                    id="token-name"
                    testid="token-name"
                    field="name"
                    value=name
                    error=field_error
                    placeholder=words.token_name_placeholder
                >
                    {words.token_name_label}
                </TextField>
                <div class="field">
                    <label for="token-scope">{words.scope_label}</label>
                    <select
                        id="token-scope"
                        data-testid="token-scope"
                        aria-describedby=field_error_id("scope")
                        on:change=move |event| {
                            scope.set(event_target_value(&event).parse().unwrap_or(TokenScope::Read));
                        }
                    >
                        <option value="read" selected=move || scope.get() == TokenScope::Read>
                            {words.scope_read}
                        </option>
                        <option value="write" selected=move || scope.get() == TokenScope::Write>
                            {words.scope_write}
                        </option>
                    </select>
                    <FieldError error=field_error field="scope" />
                </div>
                <TextField
                    id="token-expiry"
                    testid="token-expiry"
                    field="expires_in_days"
                    value=days
                    error=field_error
                    kind="number"
                    min="1"
                    max="365"
                >
                    {words.expiry_label}
                </TextField>
                {move || error.get().map(|error| view! { <ErrorNotice error /> })}
                <FormActions
                    pending
                    label=words.create_button
                    pending_label=words.creating
                    testid="token-create"
                />
            </form>
            {move || {
                created
                    .get()
                    .map(|token| {
                        view! {
                            <div class="token-once" role="status">
                                <p>
                                    <strong>{(words.token_created)(&token.info.name)}</strong>
                                    {words.copy_now}
                                </p>
                                <CopyField id="token-value" testid="token-value" label=words.new_token_label value=token.token.clone() />
                            </div>
                        }
                    })
            }}
            <h3>{words.your_tokens_heading}</h3>
            {move || revoke_error.get().map(|error| view! { <ErrorNotice error /> })}
            {read_view(tokens, move |list| {
                if list.is_empty() {
                    return view! { <Empty message=words.tokens_empty /> }.into_any();
                }
                    let now = now();
                    let rows = list
                        .into_iter()
                        .map(|token| {
                            let id = token.id;
                            let (state, state_word) = if token.revoked_at.is_some() {
                                ("revoked", words.token_revoked)
                            } else if token.expires_at <= now {
                                ("expired", words.token_expired)
                            } else {
                                ("active", words.token_active)
                            };
                            let label = (words.revoke_label)(&token.name);
                            view! {
                                <tr data-testid="token-row" data-token-id=id data-state=state>
                                    <th scope="row">{token.name}</th>
                                    <td>{labels::token_scope(token.scope)}</td>
                                    <td><code>{token.prefix}"…"</code></td>
                                    <td>{format::date(token.created_at.date_naive())}</td>
                                    <td>
                                        {token
                                            .last_used_at
                                            .map(format::timestamp)
                                            .unwrap_or_else(|| words.never_used.to_owned())}
                                    </td>
                                    <td>{format::date(token.expires_at.date_naive())}</td>
                                    <td>
                                        <span class=format!("badge badge--token-{state}")>{state_word}</span>
                                    </td>
                                    <td>
                                        {(state == "active")
                                            .then(|| {
                                                view! {
                                                    <button
                                                        type="button"
                                                        class="button button--danger"
                                                        data-testid="token-revoke"
                                                        aria-label=label
                                                        on:click=move |_| revoke(id)
                                                    >
                                                        {words.revoke_button}
                                                    </button>
                                                }
                                            })}
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view();
                    view! {
                        <div class="table-wrap" tabindex="0">
                            <table>
                                <thead>
                                    <tr>
                                        <th scope="col">{words.name_column}</th>
                                        <th scope="col">{words.scope_column}</th>
                                        <th scope="col">{words.prefix_column}</th>
                                        <th scope="col">{words.created_column}</th>
                                        <th scope="col">{words.last_used_column}</th>
                                        <th scope="col">{words.expires_column}</th>
                                        <th scope="col">{words.state_column}</th>
                                        <th scope="col"><span class="visually-hidden">{words.actions_column}</span></th>
                                    </tr>
                                </thead>
                                <tbody>{rows}</tbody>
                            </table>
                        </div>
                    }
                        .into_any()
            })}
        </section>
    }
}

/// Links to the member lists of the boards the person administers.
#[component]
fn AdminBoards() -> impl IntoView {
    let boards = Fetch::new(api::boards);
    let words = &text().settings;
    view! {
        <section class="card">
            <h2>{words.boards_heading}</h2>
            {read_view(boards, |page| {
                    let admin: Vec<Board> = page
                        .items
                        .into_iter()
                        .filter(|board| board.my_role == BoardRole::Admin)
                        .collect();
                    if admin.is_empty() {
                        view! { <Empty message=words.boards_empty /> }
                            .into_any()
                    } else {
                        view! {
                            <p class="muted">{words.boards_intro}</p>
                            <ul class="plain-list">
                                {admin
                                    .into_iter()
                                    .map(|board| {
                                        view! {
                                            <li>
                                                <A href=format!("/boards/{}/members", board.id)>{board.name}</A>
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        }
                            .into_any()
                    }
            })}
        </section>
    }
}
