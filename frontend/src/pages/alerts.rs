//! A board's alerts: its alert rules (what each watches, its threshold, whether it is armed or
//! has fired), which the board's admins add, change and delete, and below them the firings,
//! newest first, each with the figures that made its rule fire. Everyone on the board reads
//! them.

use budget_contract::alert::{
    AlertFiring, AlertRule, AlertRuleKind, AlertRuleUpdate, NewAlertRule,
};
use budget_contract::board::BoardRole;
use budget_contract::Decimal;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, ApiError};
use crate::components::alerts::{firing_cause, rule_condition, threshold_hint};
use crate::components::more::STEP;
use crate::components::notification_bell::use_unread_notifications;
use crate::components::{
    field_error_id, on_answer, read_view, settle, BoardHeading, BoardNav, Checkbox, ConfirmDelete,
    Empty, ErrorNotice, FieldError, FormActions, FormError, ShowOlder,
};
use crate::effects::effect;
use crate::format;
use crate::labels;
use crate::requests::{Fetch, Submit};
use crate::session::{bump_refresh, use_refresh};
use crate::text::text;

/// The kind a select names; anything unknown reads as the first kind, money used.
fn parse_kind(value: &str) -> AlertRuleKind {
    value.parse().unwrap_or(AlertRuleKind::MoneyUsedAtLeast)
}

/// A threshold typed into the form: required for every kind that takes one (an error on the
/// `threshold` field otherwise), ignored for the one that does not. Ranges are the server's to
/// check.
fn parse_threshold(kind: AlertRuleKind, text: &str) -> Result<Option<Decimal>, ApiError> {
    if !kind.takes_threshold() {
        return Ok(None);
    }
    match format::parse_decimal(text) {
        Ok(Some(value)) => Ok(Some(value)),
        Ok(None) => Err(ApiError::local([(
            "threshold",
            crate::text::text().alerts.threshold_required,
        )])),
        Err(message) => Err(ApiError::local([("threshold", message)])),
    }
}

#[component]
pub fn AlertsScreen(board_id: i64) -> impl IntoView {
    let words = &text().alerts;
    let refresh = use_refresh();
    let unread = use_unread_notifications();
    let board = Fetch::new(move || api::board(board_id));
    let is_admin = Memo::new(move |_| {
        board
            .get()
            .and_then(Result::ok)
            .is_some_and(|board| board.my_role == BoardRole::Admin)
    });
    // A firing arrives as a notification too: the rules (armed or fired) and the firings are
    // read again when the unread count changes, and after the person's own writes.
    let rules = Fetch::new(move || {
        refresh.track();
        unread.track();
        api::alert_rules(board_id)
    });
    // The newest firings, more after each "Show older".
    let firings_shown = RwSignal::new(STEP);
    let firings = Fetch::new(move || {
        refresh.track();
        unread.track();
        api::alert_firings(board_id, firings_shown.get())
    });
    // The rule the form changes; `None`: the form adds one.
    let editing = RwSignal::new(None::<AlertRule>);
    let row_error = RwSignal::new(None::<ApiError>);

    view! {
        <section>
            <BoardHeading board section="alerts" />
            <BoardNav board_id />
            {move || board.get().and_then(Result::err).map(|error| view! { <ErrorNotice error /> })}
            <section class="card" data-testid="alert-rules">
                <h2>{words.rules_heading}</h2>
                <p class="muted">{words.rules_intro}</p>
                {move || row_error.get().map(|error| view! { <ErrorNotice error /> })}
                {read_view(rules, move |list| {
                    if list.is_empty() {
                        return view! { <Empty message=words.no_rules /> }.into_any();
                    }
                    let admin = is_admin.get();
                    view! {
                        <div class="table-wrap" tabindex="0">
                            <table>
                                <thead>
                                    <tr>
                                        <th scope="col">{words.condition_column}</th>
                                        <th scope="col">{words.state_column}</th>
                                        <th scope="col">{words.last_fired_column}</th>
                                        {admin.then(|| view! { <th scope="col"><span class="visually-hidden">{words.actions_column}</span></th> })}
                                    </tr>
                                </thead>
                                <tbody>
                                    {list
                                        .into_iter()
                                        .map(|rule| view! { <RuleRow rule board_id admin editing row_error /> })
                                        .collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }
                        .into_any()
                })}
            </section>
            <Show when=move || is_admin.get()>
                <RuleForm board_id editing />
            </Show>
            <section class="card" data-testid="alert-firings">
                <h2>{words.firings_heading}</h2>
                {read_view(firings, move |page| {
                    let more = page.next_cursor.is_some();
                    view! {
                        <FiringTable firings=page.items />
                        <ShowOlder limit=firings_shown more testid="alert-firings-older" />
                    }
                })}
            </section>
        </section>
    }
}

/// One rule: its condition, armed or fired, and for admins Edit (in the form below) and a
/// confirmed Delete.
#[component]
fn RuleRow(
    rule: AlertRule,
    board_id: i64,
    admin: bool,
    editing: RwSignal<Option<AlertRule>>,
    row_error: RwSignal<Option<ApiError>>,
) -> impl IntoView {
    let words = &text().alerts;
    let rule_id = rule.id;
    let confirming = RwSignal::new(false);
    let deleting = RwSignal::new(false);
    let on_delete = move |()| {
        deleting.set(true);
        spawn_local(async move {
            let result = api::delete_alert_rule(board_id, rule_id).await;
            deleting.try_set(false);
            if result.is_err() {
                confirming.try_set(false);
            }
            settle(result, row_error, |()| {
                if editing
                    .get_untracked()
                    .is_some_and(|rule| rule.id == rule_id)
                {
                    editing.set(None);
                }
                bump_refresh();
            });
        });
    };
    let (state, state_word) = match (rule.active, rule.armed) {
        (false, _) => ("paused", words.state_paused),
        (true, true) => ("armed", words.state_armed),
        (true, false) => ("fired", words.state_fired),
    };
    let for_edit = rule.clone();
    view! {
        <tr
            data-testid="alert-rule"
            data-rule-id=rule_id
            data-kind=rule.kind.as_str()
            data-threshold=rule.threshold.map(|value| value.to_string())
            data-state=state
        >
            <th scope="row">{rule_condition(rule.kind, rule.threshold)}</th>
            <td><span class=format!("badge badge--rule-{state}")>{state_word}</span></td>
            <td>{rule.last_fired_at.map(format::timestamp).unwrap_or_else(|| format::NONE.to_owned())}</td>
            {admin
                .then(|| {
                    view! {
                        <td class="row-actions">
                            <button
                                type="button"
                                class="button"
                                data-testid="alert-rule-edit"
                                on:click=move |_| editing.set(Some(for_edit.clone()))
                            >
                                {words.edit_button}
                            </button>
                            <ConfirmDelete
                                question=words.delete_question
                                testid="alert-rule"
                                confirming
                                pending=deleting
                                on_confirm=on_delete
                            />
                        </td>
                    }
                })}
        </tr>
    }
}

/// Adds a rule, or changes the one being edited: its threshold and whether it is active (the
/// kind of a rule stays what it was made as).
#[component]
fn RuleForm(board_id: i64, editing: RwSignal<Option<AlertRule>>) -> impl IntoView {
    let words = &text().alerts;
    let kind = RwSignal::new(AlertRuleKind::MoneyUsedAtLeast);
    let threshold = RwSignal::new(String::new());
    let active = RwSignal::new(true);
    let error = RwSignal::new(None::<ApiError>);
    let saved = RwSignal::new(None::<String>);

    // Editing a rule puts it in the form; leaving the edit empties the form.
    effect(move || {
        error.set(None);
        match editing.get() {
            Some(rule) => {
                kind.set(rule.kind);
                threshold.set(
                    rule.threshold
                        .map(|value| value.to_string())
                        .unwrap_or_default(),
                );
                active.set(rule.active);
                saved.set(None);
            }
            None => {
                threshold.set(String::new());
                active.set(true);
            }
        }
    });

    // Edit puts the focus in the threshold field, where the change is typed.
    let threshold_input = NodeRef::<leptos::html::Input>::new();
    effect(move || {
        if editing.with(Option::is_some) {
            if let Some(input) = threshold_input.get() {
                let _ = input.focus();
            }
        }
    });

    let save = Submit::new(move |(rule, body): &(Option<i64>, NewAlertRule)| {
        let rule = *rule;
        let body = body.clone();
        async move {
            match rule {
                Some(rule) => {
                    let update = AlertRuleUpdate {
                        threshold: body.threshold,
                        active: body.active,
                    };
                    api::update_alert_rule(board_id, rule, &update).await
                }
                None => api::create_alert_rule(board_id, &body).await,
            }
        }
    });
    on_answer(save, error, move |rule| {
        let condition = rule_condition(rule.kind, rule.threshold);
        let message = if editing.get_untracked().is_some() {
            (words.saved)(&condition)
        } else {
            (words.added)(&condition)
        };
        saved.set(Some(message));
        editing.set(None);
        bump_refresh();
    });

    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        saved.set(None);
        let chosen = kind.get_untracked();
        match parse_threshold(chosen, &threshold.get_untracked()) {
            Ok(value) => {
                let rule = editing.get_untracked().map(|rule| rule.id);
                save.dispatch((
                    rule,
                    NewAlertRule {
                        kind: chosen,
                        threshold: value,
                        active: Some(active.get_untracked()),
                    },
                ));
            }
            Err(invalid) => error.set(Some(invalid)),
        }
    };
    let field_error = Signal::derive(move || error.get());
    let takes_threshold = move || kind.get().takes_threshold();
    let hint = move || threshold_hint(kind.get());
    let is_editing = move || editing.with(Option::is_some);
    let described_by = format!("alert-threshold-hint {}", field_error_id("threshold"));
    let invalid = move || {
        error
            .with(|error| {
                error
                    .as_ref()
                    .and_then(|error| error.field("threshold"))
                    .is_some()
            })
            .to_string()
    };

    view! {
        <section class="card" data-testid="alert-rule-form">
            <h2>{move || if is_editing() { words.change_heading } else { words.add_heading }}</h2>
            <form class="form-grid" on:submit=on_submit novalidate=true>
                <div class="field">
                    <label for="alert-kind">{words.kind_label}</label>
                    <select
                        id="alert-kind"
                        data-testid="alert-kind"
                        disabled=is_editing
                        aria-describedby=field_error_id("kind")
                        on:change=move |event| kind.set(parse_kind(&event_target_value(&event)))
                    >
                        {AlertRuleKind::ALL
                            .iter()
                            .map(|option| {
                                let option = *option;
                                view! {
                                    <option value=option.as_str() selected=move || kind.get() == option>
                                        {labels::alert_rule_kind(option)}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                    <FieldError error=field_error field="kind" />
                </div>
                <Show when=takes_threshold>
                    <div class="field">
                        <label for="alert-threshold">{words.threshold_label}</label>
                        <input
                            id="alert-threshold"
                            data-testid="alert-threshold"
                            node_ref=threshold_input
                            type="text"
                            inputmode="decimal"
                            autocomplete="off"
                            aria-describedby=described_by.clone()
                            aria-invalid=invalid
                            prop:value=move || threshold.get()
                            on:input=move |event| threshold.set(event_target_value(&event))
                        />
                        <p class="hint" id="alert-threshold-hint">{hint}</p>
                        <FieldError error=field_error field="threshold" />
                    </div>
                </Show>
                <Checkbox id="alert-active" testid="alert-active" checked=active>
                    {words.active_label}
                </Checkbox>
                <FormActions
                    pending=save.pending()
                    label=Signal::derive(move || if is_editing() { words.save_button } else { words.add_button })
                    pending_label=words.saving
                    testid="alert-rule-submit"
                    saved=saved
                />
                <Show when=is_editing>
                    <div class="actions">
                        <button type="button" class="button" data-testid="alert-rule-cancel" on:click=move |_| editing.set(None)>
                            {words.cancel_button}
                        </button>
                    </div>
                </Show>
                <FormError error=field_error />
            </form>
        </section>
    }
}

/// The firings, newest first: when, which rule, and the figures that made it fire.
#[component]
fn FiringTable(firings: Vec<AlertFiring>) -> impl IntoView {
    let words = &text().alerts;
    if firings.is_empty() {
        return view! { <Empty message=words.no_firings /> }.into_any();
    }
    let rows = firings
        .into_iter()
        .map(|firing| {
            let condition = rule_condition(firing.kind, firing.threshold);
            let condition = if firing.rule_id.is_none() {
                (words.deleted_rule)(&condition)
            } else {
                condition
            };
            view! {
                <tr data-testid="alert-firing" data-firing-id=firing.id data-kind=firing.kind.as_str()>
                    <td>{format::timestamp(firing.fired_at)}</td>
                    <th scope="row">
                        {condition}
                    </th>
                    <td data-testid="alert-firing-cause">
                        {firing_cause(firing.kind, &firing.figures)}
                        {firing
                            .figures
                            .as_of
                            .map(|day| view! { <br /><small class="muted">{(words.as_of)(&format::date(day))}</small> })}
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
                        <th scope="col">{words.when_column}</th>
                        <th scope="col">{words.rule_column}</th>
                        <th scope="col">{words.figures_column}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn a_threshold_is_required_where_the_kind_takes_one() {
        assert_eq!(
            parse_threshold(AlertRuleKind::MoneyUsedAtLeast, "10").unwrap(),
            Some(Decimal::from_str("10").unwrap())
        );
        assert_eq!(
            parse_threshold(AlertRuleKind::ExhaustionBeforeDueDate, "").unwrap(),
            None
        );
        assert!(parse_threshold(AlertRuleKind::CpiBelow, "")
            .unwrap_err()
            .field("threshold")
            .is_some());
        assert!(parse_threshold(AlertRuleKind::CpiBelow, "low")
            .unwrap_err()
            .field("threshold")
            .is_some());
        assert_eq!(parse_kind("cpi_below"), AlertRuleKind::CpiBelow);
        assert_eq!(parse_kind("nonsense"), AlertRuleKind::MoneyUsedAtLeast);
    }
}
