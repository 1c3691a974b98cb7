//! Accepting an invitation from its link, `/invitations/accept?token=…`: the person signs in
//! (the sign-in page brings them back here), sees which organisation invites them and as what
//! (read from the API, for the invited address only), and accepts; then they see their
//! organisation.

use budget_contract::organization::AcceptInvitation;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;

use super::people::{explained, reload_me, token_in};
use crate::api::{self, ApiError};
use crate::components::{on_answer, read_view, Empty, ErrorNotice};
use crate::labels;
use crate::requests::{Fetch, Submit};
use crate::session::use_session;
use crate::text::text;

#[component]
pub fn AcceptInvitationScreen() -> impl IntoView {
    let query = use_query_map();
    let session = use_session();
    let navigate = use_navigate();
    let token = Memo::new(move |_| {
        query
            .with(|query| query.get("token"))
            .map(|token| token_in(&token))
            .filter(|token| !token.is_empty())
    });
    let email = move || {
        session
            .user
            .with(|user| user.as_ref().map(|user| user.email.clone()))
    };
    let in_organization = move || {
        session.user.with(|user| {
            user.as_ref()
                .is_some_and(|user| user.organization_id.is_some())
        })
    };
    let error = RwSignal::new(None::<ApiError>);
    let accept = Submit::new(move |body: &AcceptInvitation| {
        let body = body.clone();
        async move {
            let member = api::accept_invitation(&body).await.map_err(explained)?;
            reload_me().await;
            Ok::<_, ApiError>(member)
        }
    });
    let pending = accept.pending();
    on_answer(accept, error, move |_| {
        navigate("/organization", NavigateOptions::default());
    });
    let on_accept = Callback::new(move |()| {
        if let Some(token) = token.get_untracked() {
            accept.dispatch(AcceptInvitation { token });
        }
    });
    let pending = Signal::derive(move || pending.get());
    let words = &text().organization;

    view! {
        <section class="card auth" aria-labelledby="accept-heading" data-testid="accept-invitation">
            <h1 id="accept-heading">{words.accept_heading}</h1>
            {move || match token.get() {
                None => view! {
                    <Empty message=words.accept_no_token />
                    <p><A href="/organization">{words.go_to_organization}</A></p>
                }
                .into_any(),
                Some(_) if in_organization() => view! {
                    <p class="notice" data-testid="accept-already-member">
                        {words.accept_already_member}
                    </p>
                    <p><A href="/organization">{words.go_to_organization}</A></p>
                }
                .into_any(),
                Some(token) => view! {
                    <p class="muted" data-testid="accept-signed-in-as">
                        {move || email().map(|email| (words.accept_signed_in_as)(&email))}
                    </p>
                    {move || error.get().map(|error| view! { <ErrorNotice error /> })}
                    <Offer token pending on_accept />
                }
                .into_any(),
            }}
        </section>
    }
}

/// Which organisation the invitation is from and the role it gives, with the Accept button;
/// the API's refusal (an expired, used or someone else's invitation) instead, explained.
#[component]
fn Offer(token: String, pending: Signal<bool>, on_accept: Callback<()>) -> impl IntoView {
    let offer = Fetch::new(move || {
        let body = AcceptInvitation {
            token: token.clone(),
        };
        async move { api::preview_invitation(&body).await.map_err(explained) }
    });
    let words = &text().organization;
    view! {
        <div data-testid="invitation-offer">
            {read_view(offer, move |offer| view! {
                <p>
                    {words.offer_join} <strong data-testid="invitation-organization">{offer.organization_name}</strong>
                    {(words.offer_role)(labels::org_role(offer.role))}
                    {words.offer_members}
                </p>
                <p class="muted">{(words.offer_valid_until)(&crate::format::timestamp(offer.expires_at))}</p>
                <div class="actions">
                    <button type="button" class="button button--primary" data-testid="accept-invitation-submit" disabled=move || pending.get() on:click=move |_| on_accept.run(())>
                        {move || if pending.get() { words.accept_joining } else { words.accept_button }}
                    </button>
                    <A href="/boards">{words.not_now}</A>
                </div>
            })}
        </div>
    }
}
