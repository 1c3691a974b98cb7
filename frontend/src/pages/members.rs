//! A board's members with their roles and hourly rates. Admins add people by email, change roles
//! and rates, and remove people; everyone else reads the list.

use budget_contract::board::{BoardRole, Member, MemberUpdate, NewMember};
use budget_contract::Decimal;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, ApiError};
use crate::components::{
    on_answer, read_view, settle, BoardHeading, BoardNav, Empty, ErrorNotice, FieldError,
    FormActions, TextField, TimeSettings,
};
use crate::format;
use crate::labels;
use crate::requests::{Fetch, Submit};
use crate::session::bump_refresh;
use crate::text::text;

/// The role a select names; anything unknown reads as the least one, viewer.
fn parse_role(value: &str) -> BoardRole {
    value.parse().unwrap_or(BoardRole::Viewer)
}

/// An hourly rate typed into a form: blank is no rate; an error on the `hourly_rate` field
/// when it is not a number.
fn parse_rate(text: &str) -> Result<Option<Decimal>, ApiError> {
    // `text` here is the typed rate: the words are reached by their full path.
    format::parse_decimal(text)
        .map_err(|_| ApiError::local([("hourly_rate", crate::text::text().members.rate_invalid)]))
}

/// The options of a role select, the one in `role` selected.
fn role_options(role: RwSignal<BoardRole>) -> impl IntoView {
    BoardRole::ALL
        .iter()
        .map(|option| {
            let option = *option;
            view! {
                <option value=option.as_str() selected=move || role.get() == option>
                    {labels::board_role(option)}
                </option>
            }
        })
        .collect_view()
}

#[component]
pub fn MembersScreen(board_id: i64) -> impl IntoView {
    let reload = RwSignal::new(0u32);
    let board = Fetch::new(move || api::board(board_id));
    let members = Fetch::new(move || {
        reload.get();
        api::members(board_id)
    });
    let is_admin = Memo::new(move |_| {
        board
            .get()
            .and_then(Result::ok)
            .is_some_and(|board| board.my_role == BoardRole::Admin)
    });
    let row_error = RwSignal::new(None::<ApiError>);
    let changed = move || {
        reload.update(|count| *count += 1);
        // Rates feed labour costs of new entries: other screens should re-read.
        bump_refresh();
    };
    let words = &text().members;

    view! {
        <section>
            <BoardHeading board section="members" />
            <BoardNav board_id />
            {move || board.get().and_then(Result::err).map(|error| view! { <ErrorNotice error /> })}
            {move || {
                board
                    .get()
                    .and_then(Result::ok)
                    .filter(|board| board.my_role == BoardRole::Admin)
                    .map(|board| view! { <TimeSettings board on_saved=Callback::new(|_| bump_refresh()) /> })
            }}
            <section class="card">
                <h2>{words.heading}</h2>
                <p class="muted">{words.intro}</p>
                {move || row_error.get().map(|error| view! { <ErrorNotice error /> })}
                {read_view(members, move |list| {
                                if list.is_empty() {
                                    return view! { <Empty message=words.empty /> }
                                        .into_any();
                                }
                                let admin = is_admin.get();
                                view! {
                                    <div class="table-wrap" tabindex="0">
                                        <table>
                                            <thead>
                                                <tr>
                                                    <th scope="col">{words.name_column}</th>
                                                    <th scope="col">{words.email_column}</th>
                                                    <th scope="col">{words.role_column}</th>
                                                    <th scope="col">{words.rate_column}</th>
                                                    {admin.then(|| view! { <th scope="col"><span class="visually-hidden">{words.actions_column}</span></th> })}
                                                </tr>
                                            </thead>
                                            <tbody>
                                                {list
                                                    .into_iter()
                                                    .map(|member| {
                                                        view! { <MemberRow member board_id admin row_error on_change=changed /> }
                                                    })
                                                    .collect_view()}
                                            </tbody>
                                        </table>
                                    </div>
                                }
                                    .into_any()
                })}
            </section>
            <Show when=move || is_admin.get()>
                <AddMember board_id on_added=changed />
            </Show>
        </section>
    }
}

#[component]
fn MemberRow(
    member: Member,
    board_id: i64,
    admin: bool,
    row_error: RwSignal<Option<ApiError>>,
    on_change: impl Fn() + Copy + 'static,
) -> impl IntoView {
    let user_id = member.user_id;
    // The version the row was read at, sent back as If-Match: a concurrent change is refused.
    let version = RwSignal::new(member.version);
    let role = RwSignal::new(member.role);
    let rate = RwSignal::new(
        member
            .hourly_rate
            .map(|rate| rate.to_string())
            .unwrap_or_default(),
    );
    let busy = RwSignal::new(false);
    let name = member.display_name.clone();

    let save = move |_| {
        let hourly_rate = match parse_rate(&rate.get_untracked()) {
            Ok(rate) => rate,
            Err(error) => {
                row_error.set(Some(error));
                return;
            }
        };
        let body = MemberUpdate {
            role: role.get_untracked(),
            hourly_rate,
        };
        busy.set(true);
        spawn_local(async move {
            let result =
                api::update_member(board_id, user_id, version.get_untracked(), &body).await;
            busy.try_set(false);
            settle(result, row_error, |updated| {
                version.try_set(updated.version);
                on_change();
            });
        });
    };
    let remove = move |_| {
        busy.set(true);
        spawn_local(async move {
            let result = api::remove_member(board_id, user_id, version.get_untracked()).await;
            busy.try_set(false);
            settle(result, row_error, |()| on_change());
        });
    };

    let role_id = format!("member-role-{user_id}");
    let rate_id = format!("member-rate-{user_id}");
    let words = &text().members;
    view! {
        <tr data-testid="member-row" data-user-id=user_id>
            <th scope="row">{member.display_name.clone()}</th>
            <td>{member.email.clone()}</td>
            {if admin {
                view! {
                    <td>
                        <label for=role_id.clone() class="visually-hidden">{(words.role_label)(&name)}</label>
                        <select
                            id=role_id
                            data-testid="member-role"
                            on:change=move |event| role.set(parse_role(&event_target_value(&event)))
                        >
                            {role_options(role)}
                        </select>
                    </td>
                    <td>
                        <label for=rate_id.clone() class="visually-hidden">{(words.rate_label)(&name)}</label>
                        <input
                            id=rate_id
                            class="input--short"
                            data-testid="member-rate"
                            type="text"
                            inputmode="decimal"
                            placeholder=words.rate_placeholder
                            prop:value=move || rate.get()
                            on:input=move |event| rate.set(event_target_value(&event))
                        />
                    </td>
                    <td class="row-actions">
                        <button type="button" class="button" data-testid="member-save" disabled=move || busy.get() on:click=save>
                            {words.save_button}
                        </button>
                        <button type="button" class="button button--danger" data-testid="member-remove" disabled=move || busy.get() on:click=remove>
                            {words.remove_button}
                        </button>
                    </td>
                }
                    .into_any()
            } else {
                view! {
                    <td>{labels::board_role(member.role)}</td>
                    <td>
                        {member
                            .hourly_rate
                            .map(|rate| format::money(&rate, None))
                            .unwrap_or_else(|| format::NONE.to_owned())}
                    </td>
                }
                    .into_any()
            }}
        </tr>
    }
}

#[component]
fn AddMember(board_id: i64, on_added: impl Fn() + Copy + 'static) -> impl IntoView {
    let email = RwSignal::new(String::new());
    let role = RwSignal::new(BoardRole::Editor);
    let rate = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);

    let add = Submit::new(move |input: &NewMember| api::add_member(board_id, input));
    let pending = add.pending();
    on_answer(add, error, move |_| {
        email.set(String::new());
        rate.set(String::new());
        on_added();
    });
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        match parse_rate(&rate.get_untracked()) {
            Ok(hourly_rate) => {
                add.dispatch(NewMember {
                    email: email.get_untracked().trim().to_owned(),
                    role: role.get_untracked(),
                    hourly_rate,
                });
            }
            Err(invalid) => error.set(Some(invalid)),
        }
    };
    let field_error = Signal::derive(move || error.get());
    let words = &text().members;

    view! {
        <section class="card">
            <h2>{words.add_heading}</h2>
            <form class="form-grid" on:submit=on_submit novalidate=true>
                <TextField id="member-email" testid="member-email" field="email" value=email error=field_error kind="email">
                    {words.email_label}
                </TextField>
                <div class="field">
                    <label for="member-new-role">{words.new_role_label}</label>
                    <select
                        id="member-new-role"
                        data-testid="member-new-role"
                        on:change=move |event| role.set(parse_role(&event_target_value(&event)))
                    >
                        {role_options(role)}
                    </select>
                    <FieldError error=field_error field="role" />
                </div>
                <TextField
                    id="member-new-rate"
                    testid="member-new-rate"
                    field="hourly_rate"
                    value=rate
                    error=field_error
                    inputmode="decimal"
                >
                    {words.new_rate_label}
                </TextField>
                {move || error.get().map(|error| view! { <ErrorNotice error /> })}
                <FormActions pending label=words.add_button pending_label=words.adding testid="member-add" />
            </form>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn rates_and_roles_from_inputs() {
        assert_eq!(parse_rate("").unwrap(), None);
        assert_eq!(
            parse_rate("1,085.50").unwrap(),
            Some(Decimal::from_str("1085.50").unwrap())
        );
        assert!(parse_rate("lots")
            .unwrap_err()
            .field("hourly_rate")
            .is_some());
        assert_eq!(parse_role("admin"), BoardRole::Admin);
        assert_eq!(parse_role("editor"), BoardRole::Editor);
        assert_eq!(parse_role("viewer"), BoardRole::Viewer);
    }
}
