//! Running an organisation: creating one or joining one by an invitation's token, its members
//! and their roles (admins change a role, remove a member), its invitations (admins invite an
//! address and hand over the accept link shown once, or revoke a pending one), and leaving it.
//! Members read everything; only admins see the buttons. The organisation's last admin can
//! neither step down, be removed nor leave: the API refuses, and the screen says what to do.

use budget_contract::auth::OrgRole;
use budget_contract::organization::{
    AcceptInvitation, CreatedInvitation, Invitation, NewInvitation, NewOrganization, OrgMember,
    OrgMemberUpdate,
};
use budget_contract::problem::ProblemCode;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, ApiError};
use crate::clock::now;
use crate::components::{
    on_answer, read_view, settle, CopyField, Empty, ErrorNotice, FieldError, FormActions, TextField,
};
use crate::effects::effect;
use crate::format;
use crate::labels;
use crate::requests::{Fetch, Submit};
use crate::session::{self, bump_refresh, use_session};
use crate::text::text;

/// Reads the signed-in person again (their organisation and role changed) and refreshes what
/// depends on it (the boards they see).
pub async fn reload_me() {
    if let Ok(user) = api::me().await {
        session::remember_user(&user);
        use_session().user.set(Some(user));
    }
    bump_refresh();
}

/// The API's refusal, with what to do about it where the organisation's rules explain it.
pub fn explained(mut error: ApiError) -> ApiError {
    let words = &text().organization;
    match error.problem_code() {
        Some(ProblemCode::LastOrgAdmin) => {
            error.message = words.last_admin.to_owned();
        }
        Some(ProblemCode::AlreadyInOrganization) => {
            error.message = words.already_in_organization.to_owned();
        }
        _ if error.field("token").is_some() => {
            error.message = words.invitation_unusable.to_owned();
        }
        _ => {}
    }
    error
}

/// The token in what a person pasted: the token itself, or an accept link carrying it.
pub fn token_in(pasted: &str) -> String {
    let pasted = pasted.trim();
    match pasted.split_once("token=") {
        Some((_, rest)) => rest.split('&').next().unwrap_or_default().trim().to_owned(),
        None => pasted.to_owned(),
    }
}

/// This app's address (scheme, host, port), for links handed to other people.
fn origin() -> String {
    web_sys::window()
        .and_then(|window| window.location().origin().ok())
        .unwrap_or_default()
}

/// The address an invitee opens to accept: this app's accept screen with the token.
fn accept_link(token: &str) -> String {
    format!("{}/invitations/accept?token={token}", origin())
}

/// The address a member opens to set a new password with a reset token.
fn password_reset_link(token: &str) -> String {
    format!("{}/password-reset?token={token}", origin())
}

/// The role a select names; anything unknown reads as the lesser one, member.
fn parse_role(value: &str) -> OrgRole {
    value.parse().unwrap_or(OrgRole::Member)
}

fn role_options(role: RwSignal<OrgRole>) -> impl IntoView {
    OrgRole::ALL
        .iter()
        .map(|option| {
            let option = *option;
            view! {
                <option value=option.as_str() selected=move || role.get() == option>
                    {labels::org_role(option)}
                </option>
            }
        })
        .collect_view()
}

/// For a person in no organisation: create one, or join one with an invitation's token.
#[component]
pub fn NoOrganization() -> impl IntoView {
    let words = &text().organization;
    view! {
        <section class="card" aria-labelledby="org-none-heading" data-testid="no-organization">
            <h2 id="org-none-heading">{words.none_heading}</h2>
            <p class="muted">{words.none_intro}</p>
        </section>
        <CreateOrganization />
        <JoinWithToken />
    }
}

#[component]
fn CreateOrganization() -> impl IntoView {
    let name = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    // One key per form: a double submission is one organisation.
    let key = StoredValue::new(api::idempotency_key());
    let create = Submit::new(move |body: &NewOrganization| {
        let body = body.clone();
        let key = key.get_value();
        async move {
            api::create_organization(&body, &key)
                .await
                .map_err(explained)
        }
    });
    let pending = create.pending();
    on_answer(create, error, move |_| {
        key.set_value(api::idempotency_key());
        spawn_local(reload_me());
    });
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        create.dispatch(NewOrganization {
            name: name.get_untracked().trim().to_owned(),
        });
    };
    let field_error = Signal::derive(move || error.get());
    let words = &text().organization;
    view! {
        <section class="card" aria-labelledby="org-create-heading">
            <h2 id="org-create-heading">{words.create_heading}</h2>
            <form on:submit=on_submit novalidate=true>
                <TextField id="org-name" testid="org-name" field="name" value=name error=field_error required=true maxlength=200>
                    {words.name_label}
                </TextField>
                <FormActions pending label=words.create_button pending_label=words.creating testid="org-create" error=field_error />
            </form>
        </section>
    }
}

#[component]
fn JoinWithToken() -> impl IntoView {
    let pasted = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let accept = Submit::new(move |body: &AcceptInvitation| {
        let body = body.clone();
        async move { api::accept_invitation(&body).await.map_err(explained) }
    });
    let pending = accept.pending();
    on_answer(accept, error, move |_| spawn_local(reload_me()));
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        accept.dispatch(AcceptInvitation {
            token: token_in(&pasted.get_untracked()),
        });
    };
    let field_error = Signal::derive(move || error.get());
    let words = &text().organization;
    view! {
        <section class="card" aria-labelledby="org-join-heading">
            <h2 id="org-join-heading">{words.join_heading}</h2>
            <form on:submit=on_submit novalidate=true>
                <TextField
                    id="invitation-token"
                    testid="invitation-token"
                    field="token"
                    value=pasted
                    error=field_error
                    required=true
                    hint=words.token_hint
                >
                    {words.token_label}
                </TextField>
                <FormActions pending label=words.join_button pending_label=words.joining testid="invitation-join" error=field_error />
            </form>
        </section>
    }
}

/// The organisation's name, its members and, for admins, its invitations; leaving it.
#[component]
pub fn OrganizationPeople(organization: i64, admin: Signal<bool>) -> impl IntoView {
    let details = Fetch::new(move || api::organization(organization));
    let reload = RwSignal::new(0u32);
    let members = Fetch::new(move || {
        reload.get();
        api::organization_members(organization)
    });
    let my_id = Memo::new(move |_| {
        use_session()
            .user
            .with(|user| user.as_ref().map(|user| user.id))
    });
    let row_error = RwSignal::new(None::<ApiError>);
    let changed = Callback::new(move |()| reload.update(|count| *count += 1));
    // The last password reset issued here, shown once: (whose, the link).
    let reset = RwSignal::new(None::<(String, String)>);
    let words = &text().organization;

    view! {
        <section class="card" aria-labelledby="org-members-heading" data-testid="org-members">
            {read_view(details, |details| view! {
                <p class="muted" data-testid="org-name-shown">
                    {words.name_shown} <strong>{details.name}</strong>
                    {(words.since)(&format::timestamp(details.created_at))}
                </p>
            })}
            <h2 id="org-members-heading">{words.members_heading}</h2>
            <p class="muted">{words.members_intro}</p>
            {move || row_error.get().map(|error| view! { <ErrorNotice error /> })}
            {move || reset.get().map(|(name, link)| view! {
                <div class="token-once" role="status" data-testid="password-reset-created">
                    <p>
                        <strong>{(words.reset_issued)(&name)}</strong>
                        {words.reset_send_link}
                    </p>
                    <CopyField id="password-reset-link" testid="password-reset-link" label=words.reset_link_label value=link />
                </div>
            })}
            {read_view(members, move |list: Vec<OrgMember>| {
                if list.is_empty() {
                    return view! { <Empty message=words.members_empty /> }.into_any();
                }
                let admin = admin.get();
                let me = my_id.get();
                view! {
                    <div class="table-wrap" tabindex="0">
                        <table>
                            <thead>
                                <tr>
                                    <th scope="col">{words.member_name_column}</th>
                                    <th scope="col">{words.member_email_column}</th>
                                    <th scope="col">{words.member_role_column}</th>
                                    {admin.then(|| view! { <th scope="col"><span class="visually-hidden">{words.actions_column}</span></th> })}
                                </tr>
                            </thead>
                            <tbody>
                                {list
                                    .into_iter()
                                    .map(|member| {
                                        let is_me = me == Some(member.user_id);
                                        view! { <MemberRow member organization admin is_me row_error reset on_change=changed /> }
                                    })
                                    .collect_view()}
                            </tbody>
                        </table>
                    </div>
                }
                    .into_any()
            })}
        </section>
        <Show when=move || admin.get()>
            <Invitations organization />
        </Show>
        <Leave organization />
    }
}

#[component]
fn MemberRow(
    member: OrgMember,
    organization: i64,
    admin: bool,
    is_me: bool,
    row_error: RwSignal<Option<ApiError>>,
    reset: RwSignal<Option<(String, String)>>,
    on_change: Callback<()>,
) -> impl IntoView {
    let user_id = member.user_id;
    let role = RwSignal::new(member.role);
    let busy = RwSignal::new(false);
    let confirming = RwSignal::new(false);
    let confirming_reset = RwSignal::new(false);
    let name = member.display_name.clone();
    let reset_name = member.display_name.clone();
    let issue_reset = move |()| {
        busy.set(true);
        let name = reset_name.clone();
        spawn_local(async move {
            let key = api::idempotency_key();
            let result = api::reset_member_password(organization, user_id, &key).await;
            busy.try_set(false);
            confirming_reset.try_set(false);
            settle(result, row_error, |issued| {
                reset.try_set(Some((name, password_reset_link(&issued.token))));
            });
        });
    };

    let save = move |_| {
        let body = OrgMemberUpdate {
            role: role.get_untracked(),
        };
        busy.set(true);
        spawn_local(async move {
            let result = api::change_organization_member(organization, user_id, &body)
                .await
                .map_err(explained);
            busy.try_set(false);
            let failed = result.is_err();
            settle(result, row_error, |_| {
                on_change.run(());
                // Stepping down changes what this person may do here.
                if is_me {
                    spawn_local(reload_me());
                }
            });
            if failed {
                role.try_set(member.role);
            }
        });
    };
    let remove = move |()| {
        busy.set(true);
        spawn_local(async move {
            let result = api::remove_organization_member(organization, user_id)
                .await
                .map_err(explained);
            busy.try_set(false);
            confirming.try_set(false);
            settle(result, row_error, |()| on_change.run(()));
        });
    };

    let role_id = format!("org-member-role-{user_id}");
    let words = &text().organization;
    let shown_name = if is_me {
        (words.member_you)(&member.display_name)
    } else {
        member.display_name.clone()
    };
    view! {
        <tr data-testid="org-member-row" data-user-id=user_id data-role=member.role.as_str()>
            <th scope="row">{shown_name}</th>
            <td>{member.email.clone()}</td>
            {if admin {
                view! {
                    <td>
                        <label for=role_id.clone() class="visually-hidden">{(words.member_role_label)(&name)}</label>
                        <select
                            id=role_id
                            data-testid="org-member-role"
                            on:change=move |event| role.set(parse_role(&event_target_value(&event)))
                        >
                            {role_options(role)}
                        </select>
                    </td>
                    <td class="row-actions">
                        <button
                            type="button"
                            class="button"
                            data-testid="org-member-save"
                            disabled=move || busy.get() || role.get() == member.role
                            on:click=save
                        >
                            {words.save_role_button}
                        </button>
                        // Only a member's: whoever holds the link can act as its owner.
                        {(!is_me && member.role == OrgRole::Member).then(|| view! {
                            <Confirmed
                                trigger=words.reset_trigger
                                question=(words.reset_question)(&member.display_name)
                                confirm=words.reset_confirm
                                danger=false
                                group_label=(words.reset_group_label)(&member.display_name)
                                trigger_testid="org-member-reset"
                                confirm_testid="org-member-confirm-reset"
                                confirming=confirming_reset
                                pending=busy
                                on_confirm=Callback::new(issue_reset.clone())
                            />
                        })}
                        // Leaving is below, with its own confirmation.
                        {(!is_me).then(|| view! {
                            <Confirmed
                                trigger=words.remove_trigger
                                question=(words.remove_question)(&member.display_name)
                                confirm=words.remove_confirm
                                group_label=(words.remove_group_label)(&member.display_name)
                                trigger_testid="org-member-remove"
                                confirm_testid="org-member-confirm-remove"
                                confirming
                                pending=busy
                                on_confirm=Callback::new(remove)
                            />
                        })}
                    </td>
                }
                    .into_any()
            } else {
                view! { <td>{labels::org_role(member.role)}</td> }.into_any()
            }}
        </tr>
    }
}

/// Whether an invitation can still be accepted, and the word for its state.
fn invitation_state(
    invitation: &Invitation,
    at: chrono::DateTime<chrono::Utc>,
) -> (bool, &'static str) {
    let words = &text().organization;
    if invitation.accepted_at.is_some() {
        (false, words.invitation_accepted)
    } else if invitation.revoked_at.is_some() {
        (false, words.invitation_revoked)
    } else if invitation.expires_at <= at {
        (false, words.invitation_expired)
    } else {
        (true, words.invitation_pending)
    }
}

#[component]
fn Invitations(organization: i64) -> impl IntoView {
    let reload = RwSignal::new(0u32);
    let invitations = Fetch::new(move || {
        reload.get();
        api::invitations(organization)
    });
    let row_error = RwSignal::new(None::<ApiError>);
    let changed = Callback::new(move |()| reload.update(|count| *count += 1));
    let words = &text().organization;

    view! {
        <section class="card" aria-labelledby="org-invitations-heading" data-testid="org-invitations">
            <h2 id="org-invitations-heading">{words.invitations_heading}</h2>
            <InviteForm organization on_invited=changed />
            <h3>{words.sent_heading}</h3>
            {move || row_error.get().map(|error| view! { <ErrorNotice error /> })}
            {read_view(invitations, move |list: Vec<Invitation>| {
                if list.is_empty() {
                    return view! { <Empty message=words.invitations_empty /> }.into_any();
                }
                let at = now();
                let mut list = list;
                // Newest first: the one just sent is on top.
                list.reverse();
                view! {
                    <div class="table-wrap" tabindex="0">
                        <table>
                            <thead>
                                <tr>
                                    <th scope="col">{words.invitation_email_column}</th>
                                    <th scope="col">{words.invitation_role_column}</th>
                                    <th scope="col">{words.invitation_state_column}</th>
                                    <th scope="col">{words.invitation_expires_column}</th>
                                    <th scope="col"><span class="visually-hidden">{words.actions_column}</span></th>
                                </tr>
                            </thead>
                            <tbody>
                                {list
                                    .into_iter()
                                    .map(|invitation| {
                                        let (pending, state) = invitation_state(&invitation, at);
                                        view! { <InvitationRow invitation organization pending state row_error on_change=changed /> }
                                    })
                                    .collect_view()}
                            </tbody>
                        </table>
                    </div>
                }
                    .into_any()
            })}
        </section>
    }
}

#[component]
fn InvitationRow(
    invitation: Invitation,
    organization: i64,
    pending: bool,
    state: &'static str,
    row_error: RwSignal<Option<ApiError>>,
    on_change: Callback<()>,
) -> impl IntoView {
    let id = invitation.id;
    let confirming = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let email = invitation.email.clone();
    let revoke = move |()| {
        busy.set(true);
        spawn_local(async move {
            let result = api::revoke_invitation(organization, id).await;
            busy.try_set(false);
            confirming.try_set(false);
            settle(result, row_error, |()| on_change.run(()));
        });
    };
    let words = &text().organization;
    view! {
        <tr data-testid="invitation-row" data-state=state.to_lowercase()>
            <th scope="row">{invitation.email.clone()}</th>
            <td>{labels::org_role(invitation.role)}</td>
            <td>{state}</td>
            <td>{format::timestamp(invitation.expires_at)}</td>
            <td class="row-actions">
                {pending.then(|| view! {
                    <Confirmed
                        trigger=words.revoke_trigger
                        question=words.revoke_question.to_owned()
                        confirm=words.revoke_confirm
                        group_label=(words.revoke_group_label)(&email)
                        trigger_testid="invitation-revoke"
                        confirm_testid="invitation-confirm-revoke"
                        confirming
                        pending=busy
                        on_confirm=Callback::new(revoke)
                    />
                })}
            </td>
        </tr>
    }
}

#[component]
fn InviteForm(organization: i64, on_invited: Callback<()>) -> impl IntoView {
    let email = RwSignal::new(String::new());
    let role = RwSignal::new(OrgRole::Member);
    let error = RwSignal::new(None::<ApiError>);
    let created = RwSignal::new(None::<CreatedInvitation>);
    let key = StoredValue::new(api::idempotency_key());
    let invite = Submit::new(move |body: &NewInvitation| {
        let key = key.get_value();
        api::invite(organization, body, &key)
    });
    let pending = invite.pending();
    on_answer(invite, error, move |invitation| {
        key.set_value(api::idempotency_key());
        email.set(String::new());
        created.set(Some(invitation));
        on_invited.run(());
    });
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        created.set(None);
        invite.dispatch(NewInvitation {
            email: email.get_untracked().trim().to_owned(),
            role: role.get_untracked(),
        });
    };
    let field_error = Signal::derive(move || error.get());
    let words = &text().organization;
    view! {
        <form class="form-grid" on:submit=on_submit novalidate=true>
            <TextField id="invite-email" testid="invite-email" field="email" value=email error=field_error kind="email" autocomplete="off" required=true>
                {words.invite_email_label}
            </TextField>
            <div class="field">
                <label for="invite-role">{words.invite_role_label}</label>
                <select
                    id="invite-role"
                    data-testid="invite-role"
                    on:change=move |event| role.set(parse_role(&event_target_value(&event)))
                >
                    {role_options(role)}
                </select>
                <FieldError error=field_error field="role" />
            </div>
            <FormActions pending label=words.invite_button pending_label=words.inviting testid="invite-submit" error=field_error />
        </form>
        {move || {
            created
                .get()
                .map(|invitation| {
                    view! {
                        <div class="token-once" role="status" data-testid="invitation-created">
                            <p>
                                <strong>{(words.invitation_created)(&invitation.info.email)}</strong>
                                {words.invitation_send_link}
                            </p>
                            <CopyField id="invitation-link" testid="invitation-link" label=words.invitation_link_label value=accept_link(&invitation.token) />
                        </div>
                    }
                })
        }}
    }
}

#[component]
fn Leave(organization: i64) -> impl IntoView {
    let confirming = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let leave = Submit::new(move |(): &()| async move {
        api::leave_organization(organization)
            .await
            .map_err(explained)
    });
    let pending = leave.pending();
    on_answer(leave, error, move |()| {
        confirming.set(false);
        spawn_local(reload_me());
    });
    // A refusal closes the question; the notice above says why.
    effect(move || {
        if error.with(Option::is_some) {
            confirming.set(false);
        }
    });
    let words = &text().organization;
    view! {
        <section class="card" aria-labelledby="org-leave-heading">
            <h2 id="org-leave-heading">{words.leave_heading}</h2>
            <p class="muted">{words.leave_intro}</p>
            {move || error.get().map(|error| view! { <ErrorNotice error /> })}
            <Confirmed
                trigger=words.leave_trigger
                question=words.leave_question.to_owned()
                confirm=words.leave_confirm
                group_label=words.leave_group_label.to_owned()
                trigger_testid="org-leave"
                confirm_testid="org-confirm-leave"
                confirming
                pending
                on_confirm=Callback::new(move |()| {
                    error.set(None);
                    leave.dispatch(());
                })
            />
        </section>
    }
}

/// An action that asks first: `trigger` opens, in place, the question with a danger button
/// (`confirm`) and Keep. Focus moves to Keep, the harmless choice, when it opens; Keep or Escape
/// closes it and focus returns to the trigger.
#[component]
fn Confirmed(
    trigger: &'static str,
    question: String,
    confirm: &'static str,
    /// Whether confirming destroys something (a danger button) or only acts.
    #[prop(default = true)]
    danger: bool,
    /// The accessible name of the question's group.
    group_label: String,
    trigger_testid: &'static str,
    confirm_testid: &'static str,
    /// The caller's, so a finished or failed action can close it.
    confirming: RwSignal<bool>,
    #[prop(into)] pending: Signal<bool>,
    on_confirm: Callback<()>,
) -> impl IntoView {
    let keep_button = NodeRef::<leptos::html::Button>::new();
    let trigger_button = NodeRef::<leptos::html::Button>::new();
    let closed_by_keep = StoredValue::new(false);
    effect(move || {
        if let Some(keep) = keep_button.get() {
            let _ = keep.focus();
        }
    });
    effect(move || {
        if let Some(trigger) = trigger_button.get() {
            if closed_by_keep.get_value() {
                closed_by_keep.set_value(false);
                let _ = trigger.focus();
            }
        }
    });
    let keep = move || {
        closed_by_keep.set_value(true);
        confirming.set(false);
    };
    let words = &text().organization;
    move || {
        if confirming.get() {
            view! {
                <span
                    role="group"
                    aria-label=group_label.clone()
                    on:keydown=move |event| {
                        if event.key() == "Escape" {
                            keep();
                        }
                    }
                >
                    {question.clone()}
                    " "
                    <button
                        type="button"
                        class=if danger { "button button--danger" } else { "button button--primary" }
                        data-testid=confirm_testid
                        disabled=move || pending.get()
                        on:click=move |_| on_confirm.run(())
                    >
                        {confirm}
                    </button>
                    " "
                    <button type="button" class="button" node_ref=keep_button on:click=move |_| keep()>
                        {words.keep_button}
                    </button>
                </span>
            }
            .into_any()
        } else {
            view! {
                <button
                    type="button"
                    class="button"
                    data-testid=trigger_testid
                    node_ref=trigger_button
                    on:click=move |_| confirming.set(true)
                >
                    {trigger}
                </button>
            }
            .into_any()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    #[test]
    fn the_token_in_a_pasted_link_or_token() {
        assert_eq!(token_in("  bri_abc123 "), "bri_abc123");
        assert_eq!(
            token_in("https://example.com/invitations/accept?token=bri_abc123"),
            "bri_abc123"
        );
        assert_eq!(
            token_in("http://x/invitations/accept?token=bri_abc&from=mail"),
            "bri_abc"
        );
    }

    #[test]
    fn an_invitations_state() {
        let at = Utc.with_ymd_and_hms(2026, 12, 6, 12, 0, 0).unwrap();
        let mut invitation = Invitation {
            id: 1,
            organization_id: 1,
            email: "a@example.com".to_owned(),
            role: OrgRole::Member,
            created_at: at,
            expires_at: at + chrono::Duration::days(7),
            accepted_at: None,
            revoked_at: None,
        };
        assert_eq!(invitation_state(&invitation, at), (true, "Pending"));
        invitation.expires_at = at;
        assert_eq!(invitation_state(&invitation, at), (false, "Expired"));
        invitation.revoked_at = Some(at);
        assert_eq!(invitation_state(&invitation, at), (false, "Revoked"));
        invitation.accepted_at = Some(at);
        assert_eq!(invitation_state(&invitation, at), (false, "Accepted"));
        assert_eq!(parse_role("admin"), OrgRole::Admin);
        assert_eq!(parse_role("anything"), OrgRole::Member);
    }
}
