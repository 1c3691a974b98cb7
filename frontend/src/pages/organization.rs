//! The signed-in person's organisation. Without one: create one, or join one with an
//! invitation's token. In one: its members and their roles, its invitations and leaving it
//! ([`people`]); accepting an invitation from its link ([`accept`]); for its admins, its rates (per person and the organisation's default, below
//! every board's own rates) and its exchange rates (a pair, a rate and the day it takes effect;
//! added one at a time, deleted, or imported from CSV text). Others are told that only
//! organisation admins manage these. Every member sees how well the forecasts of the
//! organisation's boards have done.

pub mod accept;
pub mod people;

use budget_contract::auth::OrgRole;
use budget_contract::exchange_rate::{ExchangeRate, ExchangeRateFile, NewExchangeRate};
use budget_contract::organization::OrgMember;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, ApiError};
use crate::clock::now;
use crate::components::rates::{AddRateForm, CurrencySelect, RateOwner, RateSubjects, RateTable};
use crate::components::{
    field_error_id, joined_read_view, on_answer, read_view, settle, CalibrationOverview, Empty,
    ErrorNotice, FieldError, FormActions, TextField,
};
use crate::format;
use crate::labels;
use crate::requests::{Fetch, Submit};
use crate::session::{bump_refresh, use_session};
use crate::text::text;

#[component]
pub fn OrganizationScreen() -> impl IntoView {
    let session = use_session();
    let member_of = Memo::new(move |_| {
        session
            .user
            .with(|user| user.as_ref().and_then(|user| user.organization_id))
    });
    let admin_of = Memo::new(move |_| {
        session.user.with(|user| {
            user.as_ref()
                .filter(|user| user.org_role == Some(OrgRole::Admin))
                .and_then(|user| user.organization_id)
        })
    });
    let admin = Signal::derive(move || admin_of.get().is_some());
    let words = &text().organization;
    view! {
        <section>
            <h1>{words.heading}</h1>
            {move || match member_of.get() {
                None => view! { <people::NoOrganization /> }.into_any(),
                Some(organization) => view! { <people::OrganizationPeople organization admin /> }.into_any(),
            }}
            {move || match (member_of.get(), admin_of.get()) {
                (_, Some(organization)) => Some(view! { <Organization organization /> }.into_any()),
                (Some(_), None) => Some(view! {
                    <section class="card">
                        <Empty message=words.admins_only />
                    </section>
                }
                .into_any()),
                (None, None) => None,
            }}
            // Every member may read how the forecasts of the organisation's boards have done.
            {move || member_of.get().map(|organization| view! { <OrganizationCalibration organization /> })}
        </section>
    }
}

/// How well the forecasts of every board in the organisation have done: the verdict, the
/// scores and the reliability plot (each board's own forecasts are on its analytics screen).
#[component]
fn OrganizationCalibration(organization: i64) -> impl IntoView {
    let calibration = Fetch::new(move || api::organization_forecast_calibration(organization));
    let words = &text().organization;
    view! {
        <section class="card card--calibration" aria-labelledby="org-calibration-heading" data-testid="calibration">
            <h2 id="org-calibration-heading">{words.calibration_heading}</h2>
            <p class="muted">{words.calibration_intro}</p>
            {read_view(calibration, |calibration| view! { <CalibrationOverview calibration /> })}
        </section>
    }
}

#[component]
fn Organization(organization: i64) -> impl IntoView {
    let today = Signal::derive(|| Some(now().date_naive()));
    let reload = RwSignal::new(0u32);
    let rates = Fetch::new(move || {
        reload.get();
        api::organization_rates(organization)
    });
    let members = Fetch::new(move || api::organization_members(organization));
    let subjects = Signal::derive(move || RateSubjects {
        people: members
            .get()
            .and_then(Result::ok)
            .map(people_of)
            .unwrap_or_default(),
        tasks: Vec::new(),
    });
    let changed = Callback::new(move |()| {
        reload.update(|count| *count += 1);
        bump_refresh();
    });
    let words = &text().organization;

    view! {
        <section class="card" aria-labelledby="org-rates-heading">
            <h2 id="org-rates-heading">{words.rates_heading}</h2>
            <p class="muted">{words.rates_intro}</p>
            {joined_read_view(move || async move {
                let list = rates.await?;
                let names = RateSubjects {
                    people: people_of(members.await?),
                    tasks: Vec::new(),
                };
                Ok::<_, ApiError>(view! {
                    <RateTable owner=RateOwner::Organization(organization) rates=list subjects=names currency=None on_change=changed />
                })
            })}
            <h3>{words.add_rate_heading}</h3>
            <AddRateForm
                owner=RateOwner::Organization(organization)
                subjects
                today
                on_added=Callback::new(move |_| changed.run(()))
            />
        </section>
        <ExchangeRates organization />
    }
}

fn people_of(members: Vec<OrgMember>) -> Vec<(i64, String)> {
    members
        .into_iter()
        .map(|member| (member.user_id, member.display_name))
        .collect()
}

/// The exchange-rate form as typed, read into a rate; a day that is not a date is marked at its
/// field (the rate itself is the API's to check: it keeps up to eight decimals).
fn read_exchange_rate(
    from: &str,
    to: &str,
    rate: &str,
    valid_from: &str,
) -> Result<NewExchangeRate, ApiError> {
    let words = &text().organization;
    let mut invalid = Vec::new();
    let rate = match format::parse_decimal(rate) {
        Ok(Some(rate)) => Some(rate),
        _ => {
            invalid.push(("rate", words.rate_invalid));
            None
        }
    };
    let day = format::parse_date(valid_from);
    if day.is_none() {
        invalid.push(("valid_from", words.valid_from_invalid));
    }
    for (field, code) in [("from_currency", from), ("to_currency", to)] {
        if code.trim().is_empty() {
            invalid.push((field, words.currency_missing));
        }
    }
    match (rate, day) {
        (Some(rate), Some(valid_from)) if invalid.is_empty() => Ok(NewExchangeRate {
            from_currency: from.trim().to_owned(),
            to_currency: to.trim().to_owned(),
            rate,
            valid_from,
        }),
        _ => Err(ApiError::local(invalid)),
    }
}

#[component]
fn ExchangeRates(organization: i64) -> impl IntoView {
    let reload = RwSignal::new(0u32);
    let rates = Fetch::new(move || {
        reload.get();
        api::exchange_rates(organization)
    });
    let changed = move || {
        reload.update(|count| *count += 1);
        bump_refresh();
    };
    let row_error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let remove = move |rate: i64| {
        busy.set(true);
        spawn_local(async move {
            let result = api::delete_exchange_rate(organization, rate).await;
            busy.try_set(false);
            settle(result, row_error, |()| changed());
        });
    };
    let words = &text().organization;

    view! {
        <section class="card" aria-labelledby="exchange-rates-heading">
            <h2 id="exchange-rates-heading">{words.exchange_heading}</h2>
            <p class="muted">{words.exchange_intro}</p>
            {move || row_error.get().map(|error| view! { <ErrorNotice error /> })}
            {read_view(rates, move |list: Vec<ExchangeRate>| {
                if list.is_empty() {
                    return view! { <Empty message=words.exchange_empty /> }.into_any();
                }
                let mut list = list;
                list.sort_by(|a, b| {
                    (&a.from_currency, &a.to_currency)
                        .cmp(&(&b.from_currency, &b.to_currency))
                        .then(b.valid_from.cmp(&a.valid_from))
                });
                view! {
                    <div class="table-wrap" tabindex="0">
                        <table data-testid="exchange-rate-table">
                            <thead>
                                <tr>
                                    <th scope="col">{words.pair_column}</th>
                                    <th scope="col" class="num">{words.rate_column}</th>
                                    <th scope="col">{words.valid_from_column}</th>
                                    <th scope="col">{words.source_column}</th>
                                    <th scope="col"><span class="visually-hidden">{words.actions_column}</span></th>
                                </tr>
                            </thead>
                            <tbody>
                                {list
                                    .into_iter()
                                    .map(|rate| {
                                        let id = rate.id;
                                        view! {
                                            <tr data-testid="exchange-rate-row" data-rate-id=id>
                                                <th scope="row">{(words.pair)(&rate.from_currency, &rate.to_currency)}</th>
                                                <td class="num">{rate.rate.clone()}</td>
                                                <td>{format::date(rate.valid_from)}</td>
                                                <td>{labels::exchange_rate_source(rate.source)}</td>
                                                <td class="row-actions">
                                                    <button
                                                        type="button"
                                                        class="button button--danger"
                                                        data-testid="exchange-rate-delete"
                                                        disabled=move || busy.get()
                                                        on:click=move |_| remove(id)
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
            })}
            <AddExchangeRate organization on_added=changed />
            <ImportExchangeRates organization on_imported=changed />
        </section>
    }
}

#[component]
fn AddExchangeRate(organization: i64, on_added: impl Fn() + Copy + 'static) -> impl IntoView {
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let rate = RwSignal::new(String::new());
    let valid_from = RwSignal::new(now().date_naive().to_string());
    let error = RwSignal::new(None::<ApiError>);
    let add = Submit::new(move |(input, key): &(NewExchangeRate, String)| {
        api::add_exchange_rate(organization, input, key)
    });
    on_answer(add, error, move |_| {
        rate.set(String::new());
        on_added();
    });
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        match read_exchange_rate(
            &from.get_untracked(),
            &to.get_untracked(),
            &rate.get_untracked(),
            &valid_from.get_untracked(),
        ) {
            Ok(input) => {
                add.dispatch((input, api::idempotency_key()));
            }
            Err(invalid) => error.set(Some(invalid)),
        }
    };
    let field_error = Signal::derive(move || error.get());
    let words = &text().organization;
    view! {
        <h3>{words.add_exchange_heading}</h3>
        <form class="form-grid" on:submit=on_submit novalidate=true>
            <CurrencySelect id="exchange-from" testid="exchange-from" field="from_currency" value=from blank=words.currency_blank error=field_error>
                {words.from_label}
            </CurrencySelect>
            <CurrencySelect id="exchange-to" testid="exchange-to" field="to_currency" value=to blank=words.currency_blank error=field_error>
                {words.to_label}
            </CurrencySelect>
            <TextField id="exchange-rate" testid="exchange-rate" field="rate" value=rate error=field_error inputmode="decimal" hint=words.rate_hint>
                {words.rate_label}
            </TextField>
            <TextField id="exchange-valid-from" testid="exchange-valid-from" field="valid_from" value=valid_from error=field_error kind="date">
                {words.valid_from_label}
            </TextField>
            <FormActions pending=add.pending() label=words.add_exchange_button pending_label=words.adding testid="exchange-add" error=field_error />
        </form>
    }
}

#[component]
fn ImportExchangeRates(
    organization: i64,
    on_imported: impl Fn() + Copy + 'static,
) -> impl IntoView {
    let csv = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let saved = RwSignal::new(None::<String>);
    let words = &text().organization;
    let import =
        Submit::new(move |file: &ExchangeRateFile| api::import_exchange_rates(organization, file));
    on_answer(import, error, move |answer| {
        saved.set(Some((words.imported)(answer.created, answer.unchanged)));
        csv.set(String::new());
        on_imported();
    });
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        saved.set(None);
        import.dispatch(ExchangeRateFile {
            csv: csv.get_untracked(),
        });
    };
    let field_error = Signal::derive(move || error.get());
    view! {
        <h3>{words.import_heading}</h3>
        <form class="form-grid" on:submit=on_submit novalidate=true>
            <div class="field field--wide">
                <label for="exchange-csv">{words.csv_label}</label>
                <textarea
                    id="exchange-csv"
                    data-testid="exchange-csv"
                    rows="6"
                    placeholder=words.csv_placeholder
                    aria-describedby=format!("exchange-csv-hint {}", field_error_id("csv"))
                    prop:value=move || csv.get()
                    on:input=move |event| csv.set(event_target_value(&event))
                ></textarea>
                <p class="hint" id="exchange-csv-hint">{words.csv_hint}</p>
                <FieldError error=field_error field="csv" />
                // The API names each failing cell `rows[n].field`: all of them are listed here.
                {move || {
                    error
                        .get()
                        .and_then(|error| error.problem)
                        .map(|problem| {
                            problem
                                .errors
                                .into_iter()
                                .filter(|failure| failure.field.starts_with("rows"))
                                .map(|failure| {
                                    view! {
                                        <p class="field-error" data-testid="field-error" data-field=failure.field.clone()>
                                            {(words.csv_row_failure)(&failure.field, &failure.message)}
                                        </p>
                                    }
                                })
                                .collect_view()
                        })
                }}
            </div>
            <FormActions pending=import.pending() label=words.import_button pending_label=words.importing testid="exchange-import" saved=saved error=field_error />
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use budget_contract::Decimal;
    use chrono::NaiveDate;
    use std::str::FromStr;

    #[test]
    fn an_exchange_rate_is_read_exactly_and_missing_parts_are_marked() {
        let rate = read_exchange_rate("USD", "EUR", "0.92150000", "2026-03-01").unwrap();
        assert_eq!(rate.rate, Decimal::from_str("0.92150000").unwrap());
        assert_eq!(
            rate.valid_from,
            NaiveDate::from_ymd_opt(2026, 3, 1).unwrap()
        );
        assert_eq!(
            (rate.from_currency.as_str(), rate.to_currency.as_str()),
            ("USD", "EUR")
        );
        let error = read_exchange_rate("", "EUR", "", "someday").unwrap_err();
        assert!(error.field("from_currency").is_some());
        assert_eq!(error.field("to_currency"), None);
        assert!(error.field("rate").is_some());
        assert!(error.field("valid_from").is_some());
    }
}
