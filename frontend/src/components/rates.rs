//! Dated rate pairs (a cost rate and a billable rate, each in a currency) as a table with a
//! delete button per row, and the form that adds one. A board keeps rates at the levels task,
//! person on the board and board; an organisation at person and organisation: [`RateOwner`]
//! says which, and the same table and form serve both screens.

use budget_contract::currency::CURRENCIES;
use budget_contract::rate::{NewRate, Rate, RateLevel};
use budget_contract::{Decimal, Money};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::fields::{field_error_id, on_answer, FieldError, FormActions, TextField};
use super::settle;
use super::states::{Empty, ErrorNotice};
use super::task_picker::TaskPicker;
use crate::api::{self, ApiError};
use crate::effects::effect;
use crate::format;
use crate::labels;
use crate::requests::Submit;
use crate::text::text;

/// Where rates are kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RateOwner {
    Board(i64),
    Organization(i64),
}

impl RateOwner {
    /// The levels kept here, most specific first.
    pub fn levels(self) -> &'static [RateLevel] {
        match self {
            Self::Board(_) => &[RateLevel::Task, RateLevel::BoardMember, RateLevel::Board],
            Self::Organization(_) => &[RateLevel::Person, RateLevel::Organization],
        }
    }

    pub async fn rates(self) -> Result<Vec<Rate>, ApiError> {
        match self {
            Self::Board(board) => api::board_rates(board).await,
            Self::Organization(organization) => api::organization_rates(organization).await,
        }
    }

    async fn add(self, rate: &NewRate, idempotency_key: &str) -> Result<Rate, ApiError> {
        match self {
            Self::Board(board) => api::add_board_rate(board, rate, idempotency_key).await,
            Self::Organization(organization) => {
                api::add_organization_rate(organization, rate, idempotency_key).await
            }
        }
    }

    async fn delete(self, rate: i64) -> Result<(), ApiError> {
        match self {
            Self::Board(board) => api::delete_board_rate(board, rate).await,
            Self::Organization(organization) => {
                api::delete_organization_rate(organization, rate).await
            }
        }
    }
}

/// Whether a rate of `level` names a person.
pub fn needs_person(level: RateLevel) -> bool {
    matches!(level, RateLevel::BoardMember | RateLevel::Person)
}

/// Whether a rate of `level` names a task.
pub fn needs_task(level: RateLevel) -> bool {
    level == RateLevel::Task
}

/// The people and tasks a rate may cover, by id, with their names.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RateSubjects {
    pub people: Vec<(i64, String)>,
    pub tasks: Vec<(i64, String)>,
}

impl RateSubjects {
    fn person(&self, id: i64) -> String {
        name_of(&self.people, id).unwrap_or_else(|| (text().rates.unknown_person)(id))
    }

    fn task(&self, id: i64) -> String {
        name_of(&self.tasks, id).unwrap_or_else(|| (text().rates.unknown_task)(id))
    }
}

fn name_of(names: &[(i64, String)], id: i64) -> Option<String> {
    names
        .iter()
        .find(|(known, _)| *known == id)
        .map(|(_, name)| name.clone())
}

/// Whom a rate covers, for people: the person's name, the task's title, or everyone at its
/// level.
pub fn covers(rate: &Rate, subjects: &RateSubjects) -> String {
    let words = &text().rates;
    match (rate.level, rate.user_id, rate.task_id) {
        (RateLevel::Task, _, Some(task)) => rate
            .task_title
            .clone()
            .unwrap_or_else(|| subjects.task(task)),
        (RateLevel::BoardMember | RateLevel::Person, Some(user), _) => subjects.person(user),
        (RateLevel::Board, _, _) => words.covers_board.to_owned(),
        (RateLevel::Organization, _, _) => words.covers_organization.to_owned(),
        _ => format::NONE.to_owned(),
    }
}

/// One side of a rate pair per hour: `"$80.00/h"`; in the board's currency when the rate names
/// none (`fallback`, absent on an organisation's screen: the bare number then says "board
/// currency"); "none" when the level sets no rate.
pub fn rate_per_hour(
    rate: Option<&Money>,
    currency: Option<&str>,
    fallback: Option<&str>,
) -> String {
    let words = &text().rates;
    match (rate, currency.or(fallback)) {
        (None, _) => words.no_rate.to_owned(),
        (Some(rate), Some(code)) => (words.per_hour)(&format::money(rate, Some(code))),
        (Some(rate), None) => (words.per_hour_board_currency)(&format::money(rate, None)),
    }
}

/// What the person typed into the add form, read into a rate pair, or the fields that are not
/// numbers or dates as local field errors.
pub fn read_rate(
    level: RateLevel,
    subject: &str,
    valid_from: &str,
    rates: (&str, &str),
    currencies: (&str, &str),
) -> Result<NewRate, ApiError> {
    let words = &text().rates;
    let mut invalid = Vec::new();
    let subject_id = subject.trim().parse::<i64>().ok();
    let user_id = if needs_person(level) {
        if subject_id.is_none() {
            invalid.push(("user_id", words.choose_person));
        }
        subject_id
    } else {
        None
    };
    let task_id = if needs_task(level) {
        if subject_id.is_none() {
            invalid.push(("task_id", words.choose_task));
        }
        subject_id
    } else {
        None
    };
    let day = format::parse_date(valid_from);
    if day.is_none() {
        invalid.push(("valid_from", words.valid_from_missing));
    }
    let amount = |text: &str, field: &'static str, invalid: &mut Vec<(&str, &str)>| {
        format::parse_decimal(text).unwrap_or_else(|_| {
            invalid.push((field, words.rate_invalid));
            None::<Decimal>
        })
    };
    let cost_rate = amount(rates.0, "cost_rate", &mut invalid);
    let billable_rate = amount(rates.1, "billable_rate", &mut invalid);
    let currency = |code: &str| Some(code.trim().to_owned()).filter(|code| !code.is_empty());
    match day {
        Some(valid_from) if invalid.is_empty() => Ok(NewRate {
            level,
            user_id,
            task_id,
            valid_from,
            cost_rate,
            cost_currency: cost_rate.and(currency(currencies.0)),
            billable_rate,
            billable_currency: billable_rate.and(currency(currencies.1)),
        }),
        _ => Err(ApiError::local(invalid)),
    }
}

/// The rates kept at `owner`, newest first within a level, each with a delete button. A rate
/// that priced entries cannot be deleted: the refusal is shown above the table.
#[component]
pub fn RateTable(
    owner: RateOwner,
    rates: Vec<Rate>,
    subjects: RateSubjects,
    /// The board's currency, for rates that name none.
    currency: Option<String>,
    /// Called after a deletion.
    on_change: Callback<()>,
) -> impl IntoView {
    let words = &text().rates;
    if rates.is_empty() {
        return view! { <Empty message=words.empty_table /> }.into_any();
    }
    let mut rates = rates;
    rates.sort_by(|a, b| {
        a.level
            .cmp(&b.level)
            .then(b.valid_from.cmp(&a.valid_from))
            .then(b.id.cmp(&a.id))
    });
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(None::<i64>);
    let remove = move |rate_id: i64| {
        busy.set(Some(rate_id));
        spawn_local(async move {
            let result = owner.delete(rate_id).await;
            busy.try_set(None);
            settle(result, error, |()| on_change.run(()));
        });
    };
    view! {
        {move || error.get().map(|error| view! { <ErrorNotice error /> })}
        <div class="table-wrap" tabindex="0">
            <table data-testid="rate-table">
                <thead>
                    <tr>
                        <th scope="col">{words.level_label}</th>
                        <th scope="col">{words.covers_heading}</th>
                        <th scope="col">{words.valid_from_label}</th>
                        <th scope="col" class="num">{words.cost_rate}</th>
                        <th scope="col" class="num">{words.billable_rate}</th>
                        <th scope="col"><span class="visually-hidden">{words.actions_heading}</span></th>
                    </tr>
                </thead>
                <tbody>
                    {rates
                        .into_iter()
                        .map(|rate| {
                            let rate_id = rate.id;
                            let fallback = currency.as_deref();
                            view! {
                                <tr data-testid="rate-row" data-rate-id=rate_id data-level=rate.level.as_str()>
                                    <td>{labels::rate_level(rate.level)}</td>
                                    <th scope="row">{covers(&rate, &subjects)}</th>
                                    <td>{format::date(rate.valid_from)}</td>
                                    <td class="num" data-testid="rate-cost">
                                        {rate_per_hour(rate.cost_rate.as_ref(), rate.cost_currency.as_deref(), fallback)}
                                    </td>
                                    <td class="num" data-testid="rate-billable">
                                        {rate_per_hour(rate.billable_rate.as_ref(), rate.billable_currency.as_deref(), fallback)}
                                    </td>
                                    <td class="row-actions">
                                        <button
                                            type="button"
                                            class="button button--danger"
                                            data-testid="rate-delete"
                                            disabled=move || busy.get().is_some()
                                            on:click=move |_| remove(rate_id)
                                        >
                                            {words.delete_button}
                                        </button>
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

/// A currency select: the first option (value "") is `blank`, then the contract's currencies.
#[component]
pub fn CurrencySelect(
    #[prop(into)] id: String,
    testid: &'static str,
    /// The API's name of the field.
    field: &'static str,
    value: RwSignal<String>,
    blank: &'static str,
    #[prop(into)] error: Signal<Option<ApiError>>,
    children: Children,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id.clone()>{children()}</label>
            <select
                id=id
                data-testid=testid
                aria-describedby=field_error_id(field)
                prop:value=move || value.get()
                on:change=move |event| value.set(event_target_value(&event))
            >
                <option value="" selected=move || value.with(String::is_empty)>{blank}</option>
                {CURRENCIES
                    .iter()
                    .map(|currency| {
                        let code = currency.code;
                        view! {
                            <option value=code selected=move || value.with(|value| value == code)>
                                {code}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
            <FieldError error field=field />
        </div>
    }
}

/// The form that adds a rate pair at `owner`: the level, the person or task it names, the first
/// day, and each rate with its currency (blank: the board's currency). `today` fills the day.
#[component]
pub fn AddRateForm(
    owner: RateOwner,
    subjects: Signal<RateSubjects>,
    #[prop(into)] today: Signal<Option<chrono::NaiveDate>>,
    /// Called with each rate added.
    on_added: Callback<Rate>,
) -> impl IntoView {
    let words = &text().rates;
    let levels = owner.levels();
    let level = RwSignal::new(levels[levels.len() - 1]);
    let subject = RwSignal::new(String::new());
    // A task is found by its title (a board may have thousands); its id is the subject.
    let task_chosen = RwSignal::new(None::<(i64, String)>);
    effect(move || {
        if let Some((task, _)) = task_chosen.get() {
            subject.set(task.to_string());
        }
    });
    let valid_from = RwSignal::new(String::new());
    let cost_rate = RwSignal::new(String::new());
    let cost_currency = RwSignal::new(String::new());
    let billable_rate = RwSignal::new(String::new());
    let billable_currency = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    effect(move || {
        if let Some(today) = today.get() {
            if valid_from.with_untracked(String::is_empty) {
                valid_from.set(today.to_string());
            }
        }
    });

    let add = Submit::new(move |(rate, key): &(NewRate, String)| {
        let (rate, key) = (rate.clone(), key.clone());
        async move { owner.add(&rate, &key).await }
    });
    on_answer(add, error, move |rate| {
        cost_rate.set(String::new());
        billable_rate.set(String::new());
        on_added.run(rate);
    });
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let read = read_rate(
            level.get_untracked(),
            &subject.get_untracked(),
            &valid_from.get_untracked(),
            (&cost_rate.get_untracked(), &billable_rate.get_untracked()),
            (
                &cost_currency.get_untracked(),
                &billable_currency.get_untracked(),
            ),
        );
        match read {
            // A fresh key per click: a retry of this request is recognised, a new click is not.
            Ok(rate) => {
                add.dispatch((rate, api::idempotency_key()));
            }
            Err(invalid) => error.set(Some(invalid)),
        }
    };
    let field_error = Signal::derive(move || error.get());
    let blank = match owner {
        RateOwner::Board(_) => words.board_currency_option,
        RateOwner::Organization(_) => words.each_board_currency_option,
    };
    let subject_field = move || {
        let level = level.get();
        if needs_person(level) {
            let options = subjects.with(|subjects| subjects.people.clone());
            Some(
                view! {
                    {subject_select("rate-person", "user_id", words.person_label, options, subject)}
                    <FieldError error=field_error field="user_id" />
                }
                .into_any(),
            )
        } else if needs_task(level) {
            match owner {
                RateOwner::Board(board_id) => Some(
                    view! {
                        <TaskPicker board_id id="rate-task" chosen=task_chosen blank=words.choose_option field="task_id" error=field_error>
                            {words.task_label}
                        </TaskPicker>
                    }
                    .into_any(),
                ),
                // An organisation's rates have no task level.
                RateOwner::Organization(_) => None,
            }
        } else {
            None
        }
    };

    view! {
        <form class="form-grid" on:submit=on_submit novalidate=true data-testid="rate-form">
            <div class="field">
                <label for="rate-level">{words.level_label}</label>
                <select
                    id="rate-level"
                    data-testid="rate-level"
                    aria-describedby=field_error_id("level")
                    on:change=move |event| {
                        if let Ok(chosen) = event_target_value(&event).parse::<RateLevel>() {
                            subject.set(String::new());
                            task_chosen.set(None);
                            level.set(chosen);
                        }
                    }
                >
                    {levels
                        .iter()
                        .map(|option| {
                            let option = *option;
                            view! {
                                <option value=option.as_str() selected=move || level.get() == option>
                                    {labels::rate_level(option)}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
                <FieldError error=field_error field="level" />
            </div>
            {subject_field}
            <TextField id="rate-valid-from" testid="rate-valid-from" field="valid_from" value=valid_from error=field_error kind="date">
                {words.valid_from_label}
            </TextField>
            <TextField
                id="rate-cost"
                testid="rate-cost-rate"
                field="cost_rate"
                value=cost_rate
                error=field_error
                inputmode="decimal"
                hint=words.cost_rate_hint
            >
                {words.cost_rate_label}
            </TextField>
            <CurrencySelect id="rate-cost-currency" testid="rate-cost-currency" field="cost_currency" value=cost_currency blank error=field_error>
                {words.cost_currency_label}
            </CurrencySelect>
            <TextField
                id="rate-billable"
                testid="rate-billable-rate"
                field="billable_rate"
                value=billable_rate
                error=field_error
                inputmode="decimal"
                hint=words.billable_rate_hint
            >
                {words.billable_rate_label}
            </TextField>
            <CurrencySelect id="rate-billable-currency" testid="rate-billable-currency" field="billable_currency" value=billable_currency blank error=field_error>
                {words.billable_currency_label}
            </CurrencySelect>
            <FormActions pending=add.pending() label=words.add_button pending_label=words.add_pending testid="rate-add" error=field_error />
        </form>
    }
}

/// A select of people or tasks bound to `value` (the chosen id as text; "" for none yet).
fn subject_select(
    id: &'static str,
    field: &'static str,
    label: &'static str,
    options: Vec<(i64, String)>,
    value: RwSignal<String>,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <select
                id=id
                data-testid=id
                aria-describedby=field_error_id(field)
                on:change=move |event| value.set(event_target_value(&event))
            >
                <option value="" selected=move || value.with(String::is_empty)>
                    {text().rates.choose_option}
                </option>
                {options
                    .into_iter()
                    .map(|(option, name)| {
                        let option = option.to_string();
                        let chosen = option.clone();
                        view! {
                            <option value=option selected=move || value.with(|value| *value == chosen)>
                                {name}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use std::str::FromStr;

    #[test]
    fn a_board_member_rate_names_the_person_and_takes_the_currencies_of_its_rates() {
        let rate = read_rate(
            RateLevel::BoardMember,
            "7",
            "2026-03-01",
            ("80.00", ""),
            ("USD", "EUR"),
        )
        .unwrap();
        assert_eq!(rate.user_id, Some(7));
        assert_eq!(rate.task_id, None);
        assert_eq!(
            rate.valid_from,
            NaiveDate::from_ymd_opt(2026, 3, 1).unwrap()
        );
        assert_eq!(rate.cost_rate, Some(Decimal::from_str("80.00").unwrap()));
        assert_eq!(rate.cost_currency.as_deref(), Some("USD"));
        // No billable rate: no billable currency either.
        assert_eq!(rate.billable_rate, None);
        assert_eq!(rate.billable_currency, None);
    }

    #[test]
    fn a_board_rate_names_nobody_and_blank_currencies_are_the_boards() {
        let rate = read_rate(RateLevel::Board, "7", "2026-03-01", ("80", "120"), ("", "")).unwrap();
        assert_eq!((rate.user_id, rate.task_id), (None, None));
        assert_eq!((rate.cost_currency, rate.billable_currency), (None, None));
    }

    #[test]
    fn missing_subjects_days_and_bad_numbers_are_marked_at_their_fields() {
        let error = read_rate(RateLevel::Task, "", "", ("lots", "1.5"), ("", "")).unwrap_err();
        assert!(error.field("task_id").is_some());
        assert!(error.field("valid_from").is_some());
        assert!(error.field("cost_rate").is_some());
        assert_eq!(error.field("billable_rate"), None);
        let error =
            read_rate(RateLevel::Person, "x", "2026-03-01", ("", ""), ("", "")).unwrap_err();
        assert!(error.field("user_id").is_some());
    }

    #[test]
    fn rates_per_hour_read_in_their_currency_or_the_boards() {
        let eighty = Money::new(Decimal::from(80));
        assert_eq!(
            rate_per_hour(Some(&eighty), Some("EUR"), Some("USD")),
            "€80.00/h"
        );
        assert_eq!(rate_per_hour(Some(&eighty), None, Some("USD")), "$80.00/h");
        assert_eq!(
            rate_per_hour(Some(&eighty), None, None),
            "80.00/h (board currency)"
        );
        assert_eq!(rate_per_hour(None, Some("EUR"), None), "none");
    }
}
