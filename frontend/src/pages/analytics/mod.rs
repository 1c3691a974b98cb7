//! Analytics: the burn rate, where the money went (by task, by person, by
//! status, labour/direct/resource), earned value with each figure explained in plain words, the
//! forecast with its 80 % interval drawn and the probability of overrunning, how the kept daily
//! forecasts moved against the actual cost, how well the forecasts whose completion date has
//! passed did against what was spent (and against EAC and a linear extrapolation),
//! profitability by task, by person and by month (for those who may see margins), and the CSV
//! export. The task table reads the task breakdown a page at a time, in the order of the column
//! header last clicked, from the API (`listTaskBreakdown`); the rest comes from the analytics'
//! summaries.

use budget_contract::analytics::{
    Analytics, EarnedValue, ProfitabilityBreakdown, TaskBreakdown, TaskBreakdownSort,
};
use budget_contract::forecast::{Forecast, ForecastSnapshot, HorizonSource};
use budget_contract::page::Page;
use budget_contract::{Decimal, Money};
use leptos::prelude::*;
use rust_decimal::RoundingStrategy;

mod range;

use crate::api::{self, ApiError, BreakdownFilter};
use crate::components::charts::forecast_history::probability_summary;
use crate::components::charts::{BarList, ForecastChart, ForecastHistoryChart, TrendChart};
use crate::components::{
    joined_read_view, read_view, BoardNav, CalibrationOverview, CsvDownload, Empty, Pager,
    ProfitabilityRow, ProfitabilityTable, ScoredForecastTable, SortHeader, TextField,
};
use crate::effects::effect;
use crate::format;
use crate::labels;
use crate::requests::Fetch;
use crate::routing::use_url_view;
use crate::session::use_refresh;
use crate::text::text;
use range::{AnalyticsRange, HISTORY_DAYS, WINDOWS};

/// The word for one unit of a currency and its plural, for sentences ("each dollar spent…");
/// generic words without a supported currency.
pub fn currency_words(currency: Option<&str>) -> (&'static str, &'static str) {
    currency
        .and_then(labels::currency_units)
        .unwrap_or((text().analytics.money_unit, text().analytics.money_units))
}

/// A ratio (CPI, SPI, TCPI) to two decimals for reading: `0.9332` → `"0.93"`.
pub fn ratio(value: Decimal) -> String {
    let mut rounded = value.round_dp_with_strategy(2, RoundingStrategy::MidpointNearestEven);
    rounded.rescale(2);
    rounded.to_string()
}

/// CPI in words: what each unit of money spent has bought.
pub fn explain_cpi(cpi: Option<Decimal>, currency: Option<&str>) -> String {
    let words = &text().analytics;
    let (one, many) = currency_words(currency);
    match cpi {
        None => words.cpi_missing.to_owned(),
        Some(cpi) => {
            let sentence = match cpi.cmp(&Decimal::ONE) {
                std::cmp::Ordering::Less => words.cpi_costing_more,
                std::cmp::Ordering::Equal => words.cpi_costing_exactly,
                std::cmp::Ordering::Greater => words.cpi_costing_less,
            };
            sentence(&ratio(cpi), one, many)
        }
    }
}

/// SPI in words: how the work done compares with the work planned by today.
pub fn explain_spi(spi: Option<Decimal>) -> String {
    let words = &text().analytics;
    match spi {
        None => words.spi_missing.to_owned(),
        Some(spi) => {
            let pace = (spi * Decimal::ONE_HUNDRED)
                .round_dp_with_strategy(0, RoundingStrategy::MidpointNearestEven);
            let sentence = match spi.cmp(&Decimal::ONE) {
                std::cmp::Ordering::Less => words.spi_behind,
                std::cmp::Ordering::Equal => words.spi_exactly,
                std::cmp::Ordering::Greater => words.spi_ahead,
            };
            sentence(&ratio(spi), &pace.to_string())
        }
    }
}

/// TCPI in words: the efficiency the rest of the work needs to finish on budget.
pub fn explain_tcpi(tcpi: Option<Decimal>, currency: Option<&str>) -> String {
    let words = &text().analytics;
    let (one, many) = currency_words(currency);
    match tcpi {
        None => words.tcpi_missing.to_owned(),
        Some(tcpi) => {
            let sentence = if tcpi > Decimal::ONE {
                words.tcpi_harder
            } else {
                words.tcpi_easier
            };
            sentence(&ratio(tcpi), one, many)
        }
    }
}

/// One explained earned-value figure: its short name, its value for people, and the sentence.
#[derive(Clone, Debug, PartialEq)]
pub struct Explained {
    pub name: &'static str,
    pub value: String,
    pub sentence: String,
}

/// Every earned-value figure with a sentence saying what it means for this board.
pub fn explain_earned_value(ev: &EarnedValue, currency: Option<&str>) -> Vec<Explained> {
    let words = &text().analytics;
    let money = |value: Money| format::money(&value, currency);
    let optional = |value: Option<Money>| value.map_or_else(|| format::NONE.to_owned(), money);
    let ratio_text = |value: Option<Decimal>| value.map_or_else(|| format::NONE.to_owned(), ratio);
    vec![
        Explained {
            name: "BAC",
            value: optional(ev.bac),
            sentence: match ev.bac {
                Some(_) => words.bac_explained.to_owned(),
                None => words.bac_missing.to_owned(),
            },
        },
        Explained {
            name: "PV",
            value: optional(ev.pv),
            sentence: match ev.pv {
                Some(pv) => (words.pv_explained)(&money(pv)),
                None => words.pv_missing.to_owned(),
            },
        },
        Explained {
            name: "EV",
            value: money(ev.ev),
            sentence: (words.ev_explained)(&money(ev.ev)),
        },
        Explained {
            name: "AC",
            value: money(ev.ac),
            sentence: (words.ac_explained)(&money(ev.ac)),
        },
        Explained {
            name: "CPI",
            value: ratio_text(ev.cpi),
            sentence: explain_cpi(ev.cpi, currency),
        },
        Explained {
            name: "SPI",
            value: ratio_text(ev.spi),
            sentence: explain_spi(ev.spi),
        },
        Explained {
            name: "CV",
            value: money(ev.cv),
            sentence: {
                let cv = ev.cv.value();
                if ev.ev.value().is_zero() && ev.ac.value().is_zero() {
                    words.cv_nothing_yet.to_owned()
                } else if cv.is_zero() {
                    words.cv_exactly.to_owned()
                } else if cv.is_sign_negative() {
                    (words.cv_more)(&money(Money::new(cv.abs())))
                } else {
                    (words.cv_less)(&money(Money::new(cv.abs())))
                }
            },
        },
        Explained {
            name: "SV",
            value: optional(ev.sv),
            sentence: match ev.sv {
                Some(sv) if sv.value().is_zero() => words.sv_exactly.to_owned(),
                Some(sv) if sv.value().is_sign_negative() => {
                    (words.sv_behind)(&money(Money::new(sv.value().abs())))
                }
                Some(sv) => (words.sv_ahead)(&money(Money::new(sv.value().abs()))),
                None => words.sv_missing.to_owned(),
            },
        },
        Explained {
            name: "EAC",
            value: optional(ev.eac),
            sentence: match ev.eac {
                Some(eac) => (words.eac_explained)(&money(eac)),
                None => words.eac_missing.to_owned(),
            },
        },
        Explained {
            name: "ETC",
            value: optional(ev.etc),
            sentence: match ev.etc {
                Some(etc) => (words.etc_explained)(&money(etc)),
                None => words.etc_missing.to_owned(),
            },
        },
        Explained {
            name: "VAC",
            value: optional(ev.vac),
            sentence: match ev.vac {
                Some(vac) if vac.value().is_sign_negative() && !vac.value().is_zero() => {
                    (words.vac_overrun)(&money(Money::new(vac.value().abs())))
                }
                Some(vac) => (words.vac_under)(&money(vac)),
                None => words.vac_missing.to_owned(),
            },
        },
        Explained {
            name: "TCPI",
            value: ratio_text(ev.tcpi),
            sentence: explain_tcpi(ev.tcpi, currency),
        },
    ]
}

#[component]
pub fn AnalyticsScreen(board_id: i64) -> impl IntoView {
    let words = &text().analytics;
    let refresh = use_refresh();
    // The period is the URL's: a link opens the same figures.
    let (range, choose) = use_url_view::<AnalyticsRange>();

    let analytics = Fetch::new(move || {
        refresh.track();
        api::analytics(board_id, range.get().analytics_query())
    });
    let forecast = Fetch::new(move || {
        refresh.track();
        api::forecast(board_id, range.get().forecast_query())
    });

    // Read after the forecast: the day's first read of the forecast is what keeps today's.
    let forecast_history = Fetch::new(move || {
        refresh.track();
        let query = range.get().history_query();
        async move {
            let _ = forecast.await;
            api::forecast_history(board_id, query).await
        }
    });

    let calibration = Fetch::new(move || {
        refresh.track();
        api::forecast_calibration(board_id)
    });

    let body = read_view(
        analytics,
        move |analytics| view! { <AnalyticsBlocks analytics=analytics board_id=board_id /> },
    );

    // The forecast is drawn after the cumulative cost so far, which the analytics carry.
    let forecast_block = joined_read_view(move || async move {
        let forecast = forecast.await?;
        let history = analytics
            .await
            .map(|analytics| {
                analytics
                    .trend
                    .iter()
                    .map(|point| (point.date, point.cumulative.value()))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default();
        Ok::<_, ApiError>(view! { <ForecastBlock forecast=forecast history=history /> })
    });

    // The scored forecasts' money is in the board's currency, which the forecast carries.
    let calibration_block = joined_read_view(move || async move {
        let calibration = calibration.await?;
        let currency = forecast.await.ok().and_then(|forecast| forecast.currency);
        let forecasts = calibration.forecasts.clone();
        Ok::<_, ApiError>(view! {
            <CalibrationOverview calibration=calibration />
            <ScoredForecastTable forecasts=forecasts currency=currency />
        })
    });

    view! {
        <div class="board-screen">
            <BoardNav board_id=board_id />
            <div class="toolbar">
                <h1>{words.heading}</h1>
                <CsvDownload
                    fetch=move || api::analytics_csv(board_id)
                    file_name=format!("board-{board_id}-analytics.csv")
                    testid="csv"
                />
            </div>
            <RangeForm range choose />
            {body}
            <section class="card" aria-labelledby="forecast-heading">
                <h2 id="forecast-heading">{words.forecast_heading}</h2>
                {forecast_block}
            </section>
            <section class="card" aria-labelledby="forecast-history-heading">
                <h2 id="forecast-history-heading">{words.forecast_history_heading}</h2>
                {read_view(forecast_history, |snapshots| view! { <ForecastHistoryBlock snapshots=snapshots /> })}
            </section>
            <section class="card card--calibration" aria-labelledby="calibration-heading" data-testid="calibration">
                <h2 id="calibration-heading">{words.calibration_heading}</h2>
                {calibration_block}
            </section>
        </div>
    }
}

/// The period: the trend's first and last day, the burn-rate window and the forecast's
/// history. "Show" puts them in the URL (and so in the history); "Reset" returns to the
/// defaults.
#[component]
fn RangeForm(range: Memo<AnalyticsRange>, choose: Callback<AnalyticsRange>) -> impl IntoView {
    let words = &text().analytics;
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let window = RwSignal::new(String::new());
    let history = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    // The fields follow the URL (links, back and forward).
    effect(move || {
        let current = range.get();
        from.set(current.from.map(|day| day.to_string()).unwrap_or_default());
        to.set(current.to.map(|day| day.to_string()).unwrap_or_default());
        window.set(
            current
                .window
                .map(|days| days.to_string())
                .unwrap_or_default(),
        );
        history.set(
            current
                .history_days
                .map(|days| days.to_string())
                .unwrap_or_default(),
        );
        error.set(None);
    });
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let mut refused = Vec::new();
        let day =
            |text: String, field: &'static str, refused: &mut Vec<(&'static str, &'static str)>| {
                format::parse_optional_date(&text).unwrap_or_else(|_| {
                    refused.push((field, words.date_invalid));
                    None
                })
            };
        let chosen = AnalyticsRange {
            from: day(from.get_untracked(), "from", &mut refused),
            to: day(to.get_untracked(), "to", &mut refused),
            window: window.get_untracked().parse().ok(),
            history_days: history.get_untracked().parse().ok(),
        };
        if chosen.is_backwards() {
            refused.push(("to", words.range_backwards));
        }
        if refused.is_empty() {
            choose.run(chosen);
        } else {
            error.set(Some(ApiError::local(refused)));
        }
    };
    let error_signal: Signal<Option<ApiError>> = error.into();
    let days_select = |id: &'static str,
                       value: RwSignal<String>,
                       options: &'static [u32],
                       default: u32| {
        view! {
            <select id=id data-testid=id on:change=move |event| value.set(event_target_value(&event))>
                <option value="" selected=move || value.with(String::is_empty)>
                    {(words.days_default_option)(default)}
                </option>
                {options
                    .iter()
                    .filter(|days| **days != default)
                    .map(|days| {
                        let text = days.to_string();
                        let chosen = text.clone();
                        view! {
                            <option value=text selected=move || value.with(|value| *value == chosen)>
                                {(words.days_option)(*days)}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        }
    };
    view! {
        <section class="card" aria-labelledby="range-heading">
            <h2 id="range-heading">{words.range_heading}</h2>
            <form class="form-row" on:submit=on_submit novalidate=true data-testid="analytics-range">
                <TextField id="range-from" testid="range-from" field="from" value=from error=error_signal kind="date">
                    {words.from_label}
                </TextField>
                <TextField id="range-to" testid="range-to" field="to" value=to error=error_signal kind="date">
                    {words.to_label}
                </TextField>
                <div class="field">
                    <label for="range-window">{words.window_label}</label>
                    {days_select("range-window", window, &WINDOWS, 30)}
                </div>
                <div class="field">
                    <label for="range-history">{words.history_label}</label>
                    {days_select("range-history", history, &HISTORY_DAYS, 180)}
                </div>
                <div class="actions">
                    <button type="submit" class="button button--primary" data-testid="range-apply">{words.show_button}</button>
                    " "
                    <button
                        type="button"
                        class="button"
                        data-testid="range-reset"
                        on:click=move |_| choose.run(AnalyticsRange::default())
                    >
                        {words.reset_button}
                    </button>
                </div>
            </form>
            <p class="muted">{words.range_hint}</p>
        </section>
    }
}

/// The burn rate, the breakdowns and earned value, from one analytics answer; the tasks, from
/// the task breakdown.
#[component]
fn AnalyticsBlocks(analytics: Analytics, board_id: i64) -> impl IntoView {
    let words = &text().analytics;
    let currency = analytics.currency.clone();
    let money = {
        let currency = currency.clone();
        move |value: Money| format::money(&value, currency.as_deref())
    };
    let burn = analytics.burn_rate.clone();
    let breakdown = analytics.breakdown.clone();
    // What the period's days cost, each day's cost summed exactly.
    let period_cost = Money::new(analytics.trend.iter().map(|point| point.cost.value()).sum());

    let by_person: Vec<(String, Money)> = breakdown
        .assignees
        .iter()
        .map(|person| {
            (
                person
                    .display_name
                    .clone()
                    .unwrap_or_else(|| words.unassigned.to_owned()),
                person.total,
            )
        })
        .collect();
    let split = vec![
        (words.split_labour.to_owned(), breakdown.split.labour),
        (words.split_direct.to_owned(), breakdown.split.direct),
        (words.split_resources.to_owned(), breakdown.split.resource),
    ];

    let person_rows = breakdown
        .assignees
        .iter()
        .map(|person| {
            view! {
                <tr>
                    <th scope="row">{person.display_name.clone().unwrap_or_else(|| words.unassigned.to_owned())}</th>
                    <td class="num">{person.tasks}</td>
                    <td class="num">{money(person.estimated)}</td>
                    <td class="num">{money(person.labour)}</td>
                    <td class="num">{money(person.total)}</td>
                    <td class="num">{format::hours(&person.hours)}</td>
                </tr>
            }
        })
        .collect_view();
    let status_rows = breakdown
        .statuses
        .iter()
        .map(|status| {
            view! {
                <tr>
                    <th scope="row">{labels::task_status(status.status)}</th>
                    <td class="num">{status.tasks}</td>
                    <td class="num">{money(status.estimated)}</td>
                    <td class="num">{money(status.total)}</td>
                </tr>
            }
        })
        .collect_view();
    let explained = explain_earned_value(&analytics.earned_value, currency.as_deref())
        .into_iter()
        .map(|figure| {
            view! {
                <li data-figure=figure.name>
                    <strong>{figure.name} " " <span class="figure-value">{figure.value}</span></strong>
                    " "
                    <span>{figure.sentence}</span>
                </li>
            }
        })
        .collect_view();
    // Every task has a status: no statuses, no tasks.
    let has_tasks = !breakdown.statuses.is_empty();
    let has_people = !breakdown.assignees.is_empty();
    let has_statuses = !breakdown.statuses.is_empty();

    view! {
        <section class="card" aria-labelledby="burn-heading" data-testid="burn-rate">
            <h2 id="burn-heading">{words.burn_heading}</h2>
            <dl class="figures">
                <div><dt>{words.per_day_label}</dt><dd data-testid="burn-daily">{money(burn.daily)}</dd></div>
                <div><dt>{words.per_week_label}</dt><dd>{money(burn.weekly)}</dd></div>
                <div>
                    <dt>{(words.window_cost_label)(burn.window_days)}</dt>
                    <dd>{money(burn.window_cost)}</dd>
                </div>
                <div>
                    <dt>{words.runs_out_in_label}</dt>
                    <dd>{burn.days_until_exhausted.map_or_else(|| format::NONE.to_owned(), format::days)}</dd>
                </div>
                <div>
                    <dt>{words.runs_out_on_label}</dt>
                    <dd>{burn.exhaustion_date.map_or_else(|| format::NONE.to_owned(), format::date)}</dd>
                </div>
            </dl>
            <p class="muted">
                {(words.burn_explained)(burn.window_days, &format::date(analytics.as_of))}
                {burn.days_until_exhausted.is_none().then_some(words.no_run_out)}
            </p>
        </section>

        <section class="card" aria-labelledby="trend-heading" data-testid="analytics-trend">
            <h2 id="trend-heading">{words.trend_heading}</h2>
            <p class="muted" data-testid="analytics-period" data-cost=period_cost.value().to_string()>
                {(words.period_spent)(
                    &format::date(analytics.from),
                    &format::date(analytics.to),
                    &money(period_cost),
                )}
            </p>
            <TrendChart points=analytics.trend.clone() budget=None currency=currency.clone() />
        </section>

        <section class="card" aria-labelledby="split-heading">
            <h2 id="split-heading">{words.split_heading}</h2>
            <BarList items=split currency=currency.clone() />
        </section>

        <section class="card" aria-labelledby="by-task-heading" data-testid="breakdown-tasks">
            <h2 id="by-task-heading">{words.by_task_heading}</h2>
            {if has_tasks {
                view! {
                    <h3>{words.costliest_heading}</h3>
                    <CostliestTasks board_id=board_id currency=currency.clone() />
                    <TaskBreakdownTable board_id=board_id currency=currency.clone() />
                }
                .into_any()
            } else {
                view! { <Empty message=words.no_tasks /> }.into_any()
            }}
        </section>

        <section class="card" aria-labelledby="by-person-heading" data-testid="breakdown-assignees">
            <h2 id="by-person-heading">{words.by_person_heading}</h2>
            <BarList items=by_person currency=currency.clone() />
            {has_people.then(|| view! {
                <div class="table-wrap" tabindex="0">
                    <table>
                        <thead>
                            <tr>
                                <th scope="col">{words.assignee_column}</th>
                                <th scope="col" class="num">{words.tasks_column}</th>
                                <th scope="col" class="num">{words.estimated_column}</th>
                                <th scope="col" class="num">{words.labour_column}</th>
                                <th scope="col" class="num">{words.actual_column}</th>
                                <th scope="col" class="num">{words.hours_column}</th>
                            </tr>
                        </thead>
                        <tbody>{person_rows}</tbody>
                    </table>
                </div>
            })}
        </section>

        <section class="card" aria-labelledby="by-status-heading" data-testid="breakdown-statuses">
            <h2 id="by-status-heading">{words.by_status_heading}</h2>
            {(!has_statuses).then(|| view! { <Empty message=words.no_tasks /> })}
            {has_statuses.then(|| view! {
                <div class="table-wrap" tabindex="0">
                    <table>
                        <thead>
                            <tr>
                                <th scope="col">{words.status_column}</th>
                                <th scope="col" class="num">{words.tasks_column}</th>
                                <th scope="col" class="num">{words.estimated_column}</th>
                                <th scope="col" class="num">{words.actual_column}</th>
                            </tr>
                        </thead>
                        <tbody>{status_rows}</tbody>
                    </table>
                </div>
            })}
        </section>

        // Viewers see no margins: the API sends no profitability, and the section is left out.
        {analytics
            .profitability
            .clone()
            .map(|profitability| {
                view! { <ProfitabilityBlock profitability currency=currency.clone() /> }
            })}

        <section class="card" aria-labelledby="ev-heading" data-testid="earned-value">
            <h2 id="ev-heading">{words.ev_heading}</h2>
            <p class="muted">{words.ev_intro}</p>
            <ul class="explained">{explained}</ul>
        </section>
    }
}

/// Revenue, cost, profit and margin by person and by month, each in a table (by task: the
/// profit and margin columns of the task table).
#[component]
fn ProfitabilityBlock(
    profitability: ProfitabilityBreakdown,
    currency: Option<String>,
) -> impl IntoView {
    let words = &text().analytics;
    let people: Vec<ProfitabilityRow> = profitability
        .people
        .into_iter()
        .map(|person| ProfitabilityRow {
            key: person
                .user_id
                .map_or_else(|| "none".to_owned(), |id| id.to_string()),
            label: person_label(person.user_id, person.display_name),
            profitability: person.profitability,
        })
        .collect();
    let months: Vec<ProfitabilityRow> = profitability
        .months
        .into_iter()
        .map(|month| ProfitabilityRow {
            label: month_label(&month.month),
            key: month.month,
            profitability: month.profitability,
        })
        .collect();
    let table = move |testid: &'static str,
                      heading: &'static str,
                      rows: Vec<ProfitabilityRow>,
                      empty: &'static str| {
        if rows.is_empty() {
            view! { <Empty message=empty /> }.into_any()
        } else {
            view! { <ProfitabilityTable testid heading rows currency=currency.clone() /> }
                .into_any()
        }
    };
    view! {
        <section class="card" aria-labelledby="profitability-heading" data-testid="profitability-breakdown">
            <h2 id="profitability-heading">{words.profitability_heading}</h2>
            <p class="muted">{words.profitability_intro}</p>
            <p class="muted">{words.profitability_task_note}</p>
            <h3>{words.by_person_heading}</h3>
            {table("profitability-people", words.person_column, people, words.no_people)}
            <h3>{words.by_month_heading}</h3>
            {table("profitability-months", words.month_column, months, words.no_months)}
        </section>
    }
}

/// Tasks per page of the task table.
pub const TASK_PAGE_SIZE: u64 = 25;

/// The ten tasks that cost the most, as bars (tasks that cost nothing left out).
#[component]
fn CostliestTasks(board_id: i64, currency: Option<String>) -> impl IntoView {
    let refresh = use_refresh();
    let costliest = Fetch::new(move || {
        refresh.track();
        api::task_breakdown(
            board_id,
            TaskBreakdownSort::TotalDesc,
            10,
            None,
            BreakdownFilter::default(),
        )
    });
    read_view(costliest, move |page: Page<TaskBreakdown>| {
        let items: Vec<(String, Money)> = page
            .items
            .into_iter()
            .filter(|task| !task.total.value().is_zero())
            .map(|task| (task.title, task.total))
            .collect();
        view! { <BarList items=items currency=currency.clone() /> }
    })
}

/// Every task with its figures, [`TASK_PAGE_SIZE`] a page, in the order of the column header
/// last clicked (largest total first to begin with); "Next" and "Previous" page through. The
/// API sorts and pages: the screen holds one page whatever the board's size.
#[component]
fn TaskBreakdownTable(board_id: i64, currency: Option<String>) -> impl IntoView {
    let words = &text().analytics;
    let refresh = use_refresh();
    let sort = RwSignal::new(TaskBreakdownSort::default());
    // The cursors that led to the page shown: none on the first page.
    let trail = RwSignal::new(Vec::<String>::new());
    let page = Fetch::new(move || {
        refresh.track();
        let sort = sort.get();
        let cursor = trail.with(|trail| trail.last().cloned());
        async move {
            api::task_breakdown(
                board_id,
                sort,
                TASK_PAGE_SIZE,
                cursor.as_deref(),
                BreakdownFilter::default(),
            )
            .await
        }
    });
    let on_sort = Callback::new(move |next: TaskBreakdownSort| {
        sort.set(next);
        trail.set(Vec::new());
    });
    let current: Signal<TaskBreakdownSort> = sort.into();
    let header = move |column: TaskBreakdownSort, label: &'static str, numeric: bool| {
        view! { <SortHeader column label numeric current on_sort /> }
    };
    read_view(page, move |page: Page<TaskBreakdown>| {
        let money = {
            let currency = currency.clone();
            move |value: Money| format::money(&value, currency.as_deref())
        };
        // Viewers get no profitability: their table has no profit or margin.
        let margins = page.items.iter().any(|task| task.profitability.is_some());
        let skipped = trail.with_untracked(Vec::len) as u64 * TASK_PAGE_SIZE;
        let (shown, total) = (page.items.len(), page.total);
        let rows = page
            .items
            .into_iter()
            .map(|task| {
                let profit = task.profitability.clone().map(|profitability| {
                    view! {
                        <td class="num" data-testid="task-profit" class:negative=profitability.profit.value().is_sign_negative()>
                            {money(profitability.profit)}
                        </td>
                        <td class="num">{format::percent(profitability.margin_percent.as_ref())}</td>
                    }
                });
                view! {
                    <tr data-testid="task-breakdown-row" data-task-id=task.task_id class:over-budget=task.over_budget>
                        <th scope="row">{task.title.clone()}</th>
                        <td>{labels::task_status(task.status)}</td>
                        <td class="num">{money(task.estimated)}</td>
                        <td class="num">{money(task.labour)}</td>
                        <td class="num">{money(task.direct)}</td>
                        <td class="num">{money(task.resource)}</td>
                        <td class="num">{money(task.total)}</td>
                        <td class="num" class:negative=task.over_budget>{money(task.variance)}</td>
                        <td class="num">{format::percent(task.variance_percent.as_ref())}</td>
                        <td class="num">{format::hours(&task.hours)}</td>
                        {profit}
                    </tr>
                }
            })
            .collect_view();
        let next = page.next_cursor.clone();
        let has_next = next.is_some();
        let has_previous = skipped > 0;
        view! {
            <div class="table-wrap" tabindex="0">
                <table data-testid="task-breakdown">
                    <caption class="visually-hidden">{words.task_table_caption}</caption>
                    <thead>
                        <tr>
                            {header(TaskBreakdownSort::Title, words.task_column, false)}
                            <th scope="col">{words.status_column}</th>
                            {header(TaskBreakdownSort::Estimated, words.estimated_column, true)}
                            <th scope="col" class="num">{words.labour_column}</th>
                            <th scope="col" class="num">{words.direct_column}</th>
                            <th scope="col" class="num">{words.resources_column}</th>
                            {header(TaskBreakdownSort::Total, words.actual_column, true)}
                            {header(TaskBreakdownSort::Variance, words.variance_column, true)}
                            {header(TaskBreakdownSort::VariancePercent, words.variance_percent_column, true)}
                            {header(TaskBreakdownSort::Hours, words.hours_column, true)}
                            {margins.then(|| view! {
                                <th scope="col" class="num">{words.profit_column}</th>
                                <th scope="col" class="num">{words.margin_column}</th>
                            })}
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <Pager
                prefix="task-page"
                skipped
                shown
                total
                has_previous
                has_next
                on_previous=Callback::new(move |()| trail.update(|trail| {
                    trail.pop();
                }))
                on_next=Callback::new(move |()| {
                    if let Some(cursor) = next.clone() {
                        trail.update(|trail| trail.push(cursor));
                    }
                })
            />
        }
    })
}

/// The row of a person in the profitability breakdown: their name; "No one" for the costs no
/// person carries (resources, expenses no one recorded); `user N` when the account has no name.
pub fn person_label(user_id: Option<i64>, display_name: Option<String>) -> String {
    match (user_id, display_name) {
        (None, _) => text().analytics.no_one.to_owned(),
        (Some(_), Some(name)) => name,
        (Some(id), None) => (text().analytics.unnamed_user)(id),
    }
}

/// A `YYYY-MM` month for people: `"2026-03"` → `"Mar 2026"`; anything else as it came.
pub fn month_label(month: &str) -> String {
    chrono::NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d")
        .map(format::month_year)
        .unwrap_or_else(|_| month.to_owned())
}

/// The forecast: the chart, the probability of overrunning and the inputs behind it.
#[component]
fn ForecastBlock(forecast: Forecast, history: Vec<(chrono::NaiveDate, Decimal)>) -> impl IntoView {
    let words = &text().analytics;
    let currency = forecast.currency.clone();
    let money = {
        let currency = currency.clone();
        move |value: Money| format::money(&value, currency.as_deref())
    };
    let probability = match &forecast.probability_over_budget {
        Some(probability) => (words.chance_over_budget)(&format::percent(Some(probability))),
        None => words.nothing_to_overrun.to_owned(),
    };
    let overrun = forecast.projected_overrun.map(|overrun| {
        if overrun.value().is_sign_negative() || overrun.value().is_zero() {
            (words.median_under_budget)(&money(Money::new(overrun.value().abs())))
        } else {
            (words.median_over_budget)(&money(overrun))
        }
    });
    let exhaustion = forecast.projected_exhaustion_date.map(|date| {
        if date == forecast.as_of {
            words.budget_used_up.to_owned()
        } else {
            (words.budget_runs_out_on)(&format::date(date))
        }
    });
    let horizon = match forecast.inputs.horizon_source {
        HorizonSource::DueDate => (words.horizon_due_date)(
            &format::date(forecast.inputs.completion_date),
            forecast.inputs.horizon_days,
        ),
        HorizonSource::Progress => (words.horizon_progress)(
            &format::date(forecast.inputs.completion_date),
            forecast.inputs.horizon_days,
        ),
        HorizonSource::None => words.horizon_none.to_owned(),
    };
    let inputs = forecast.inputs.clone();
    let nothing_to_draw = inputs.horizon_days == 0 && inputs.ac.value().is_zero();
    view! {
        <p class="forecast-probability" data-testid="forecast-probability">
            <strong>{probability}</strong>
            " "
            {overrun}
            " "
            {exhaustion}
        </p>
        <dl class="figures">
            <div><dt>{words.median_label}</dt><dd data-testid="forecast-median">{money(forecast.projected_cost_at_completion)}</dd></div>
            <div><dt>{words.interval_label}</dt><dd>{money(forecast.interval_80.low)} " – " {money(forecast.interval_80.high)}</dd></div>
            <div><dt>{words.budget_label}</dt><dd>{inputs.bac.map_or_else(|| format::NONE.to_owned(), &money)}</dd></div>
            <div><dt>{words.spent_label}</dt><dd>{money(inputs.ac)}</dd></div>
            <div>
                <dt>{words.learned_from_label}</dt>
                <dd data-testid="forecast-history-days">{(words.history_days)(inputs.history_days)}</dd>
            </div>
        </dl>
        {if nothing_to_draw {
            view! { <Empty message=words.nothing_to_draw /> }.into_any()
        } else {
            view! { <ForecastChart forecast=forecast.clone() history=history /> }.into_any()
        }}
        <p class="muted">{horizon}</p>
        <details>
            <summary>{words.how_calculated}</summary>
            <p>
                {(words.method_draws)(
                    &forecast.method,
                    inputs.resamples,
                    inputs.history_days,
                    &format::date(inputs.history_from),
                    &format::date(inputs.history_to),
                    &money(inputs.mean_daily_cost),
                    &money(inputs.recent_daily_cost),
                    &money(inputs.daily_cost_trend),
                )}
                " "
                {(words.method_burn)(
                    inputs.block_days,
                    inputs.progress_horizon_days,
                    inputs
                        .eac_ev
                        .map(|eac| (ratio(inputs.blend_weight), money(eac)))
                        .as_ref()
                        .map(|(share, eac)| (share.as_str(), eac.as_str())),
                )}
                " "
                {(words.method_scope)(&ratio(inputs.scope_spread), &ratio(inputs.scope_growth))}
                " "
                {(words.method_progress)(
                    &money(inputs.planned_cost),
                    &money(inputs.ev),
                    &format::percent(inputs.percent_complete.as_ref()),
                    &inputs.cpi.map_or_else(|| format::NONE.to_owned(), ratio),
                )}
                " "
                {(words.method_seed)(inputs.seed)}
            </p>
        </details>
    }
}

/// How the kept daily forecasts moved: the chart, the probability of overrun in words, and
/// each day's figures in a table.
#[component]
fn ForecastHistoryBlock(snapshots: Vec<ForecastSnapshot>) -> impl IntoView {
    let words = &text().analytics;
    if snapshots.is_empty() {
        return view! { <Empty message=words.history_empty /> }.into_any();
    }
    let rows = snapshots
        .iter()
        .rev()
        .map(|snapshot| {
            let currency = Some(snapshot.currency.as_str());
            view! {
                <tr>
                    <td>{format::date(snapshot.as_of)}</td>
                    <td class="num">{format::money(&snapshot.projected_cost_at_completion, currency)}</td>
                    <td class="num">{format::money(&snapshot.interval_80.low, currency)} " – " {format::money(&snapshot.interval_80.high, currency)}</td>
                    <td class="num">{format::percent(snapshot.probability_over_budget.as_ref())}</td>
                    <td class="num">{format::money(&snapshot.ac, currency)}</td>
                    <td class="num">{format::money(&snapshot.bac, currency)}</td>
                    <td>{snapshot.method.clone()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <p data-testid="forecast-history-probability">{probability_summary(&snapshots)}</p>
        <ForecastHistoryChart snapshots=snapshots.clone() />
        <details>
            <summary>{words.history_table_summary}</summary>
            <div class="table-wrap" tabindex="0">
            <table>
                <thead>
                    <tr>
                        <th scope="col">{words.day_column}</th>
                        <th scope="col" class="num">{words.projected_column}</th>
                        <th scope="col" class="num">{words.interval_column}</th>
                        <th scope="col" class="num">{words.chance_column}</th>
                        <th scope="col" class="num">{words.spent_by_then_column}</th>
                        <th scope="col" class="num">{words.budget_column}</th>
                        <th scope="col">{words.method_column}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
            </div>
        </details>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(text: &str) -> Decimal {
        Decimal::from_str(text).unwrap()
    }

    fn m(text: &str) -> Money {
        Money::new(d(text))
    }

    #[test]
    fn cpi_is_explained_in_the_budgets_currency() {
        assert_eq!(
            explain_cpi(Some(d("0.9231")), Some("USD")),
            "CPI 0.92: each dollar spent bought 0.92 dollars of planned work, so the work is costing more than estimated."
        );
        assert_eq!(
            explain_cpi(Some(d("1.1")), Some("EUR")),
            "CPI 1.10: each euro spent bought 1.10 euros of planned work, so the work is costing less than estimated."
        );
        assert!(explain_cpi(None, Some("USD")).contains("not defined"));
        assert!(explain_cpi(Some(Decimal::ONE), None).contains("each unit of money spent"));
    }

    #[test]
    fn spi_and_tcpi_say_ahead_behind_and_how_hard() {
        assert_eq!(
            explain_spi(Some(d("1.0417"))),
            "SPI 1.04: the work done is 104 % of the work planned by today, ahead of schedule."
        );
        assert!(explain_spi(Some(d("0.8"))).contains("behind schedule"));
        assert!(explain_tcpi(Some(d("1.12")), Some("GBP")).starts_with(
            "TCPI 1.12: to finish on budget, each remaining pound must buy 1.12 pounds"
        ));
        assert!(explain_tcpi(Some(d("0.95")), Some("GBP")).contains("at or below"));
    }

    fn earned_value() -> EarnedValue {
        EarnedValue {
            bac: Some(m("171000")),
            pv: Some(m("114000")),
            ev: m("123677.50"),
            ac: m("132533.75"),
            cpi: Some(d("0.9332")),
            spi: Some(d("1.0849")),
            cv: m("-8856.25"),
            sv: Some(m("9677.50")),
            eac: Some(m("183240.89")),
            etc: Some(m("50707.14")),
            vac: Some(m("-12240.89")),
            tcpi: Some(d("1.2302")),
        }
    }

    #[test]
    fn every_earned_value_figure_has_a_sentence() {
        let figures = explain_earned_value(&earned_value(), Some("USD"));
        let names: Vec<&str> = figures.iter().map(|figure| figure.name).collect();
        assert_eq!(
            names,
            vec!["BAC", "PV", "EV", "AC", "CPI", "SPI", "CV", "SV", "EAC", "ETC", "VAC", "TCPI"]
        );
        let sentence = |name: &str| {
            figures
                .iter()
                .find(|figure| figure.name == name)
                .map(|figure| figure.sentence.clone())
                .unwrap()
        };
        assert_eq!(
            sentence("CV"),
            "Cost variance (EV − AC): the work done cost $8,856.25 more than estimated."
        );
        assert_eq!(
            sentence("SV"),
            "Schedule variance (EV − PV): $9,677.50 of planned work ahead of schedule."
        );
        assert_eq!(
            sentence("VAC"),
            "Variance at completion: expected to overrun the budget by $12,240.89."
        );
        assert_eq!(figures[4].value, "0.93");
        assert_eq!(figures[0].value, "$171,000.00");
    }

    #[test]
    fn earned_value_without_budget_or_dates_says_what_is_missing() {
        let ev = EarnedValue {
            bac: None,
            pv: None,
            cpi: None,
            spi: None,
            sv: None,
            eac: None,
            etc: None,
            vac: None,
            tcpi: None,
            cv: Money::ZERO,
            ..earned_value()
        };
        let figures = explain_earned_value(&ev, None);
        assert_eq!(figures[0].value, "—");
        assert!(figures[1].sentence.contains("start and due dates"));
        assert_eq!(
            figures[6].sentence,
            "Cost variance (EV − AC): the work done cost exactly what was estimated."
        );
    }

    #[test]
    fn profitability_rows_name_no_one_and_read_months() {
        assert_eq!(person_label(None, None), "No one");
        assert_eq!(person_label(None, Some("x".to_owned())), "No one");
        assert_eq!(
            person_label(Some(3), Some("Dana Demo".to_owned())),
            "Dana Demo"
        );
        assert_eq!(person_label(Some(3), None), "user 3");
        assert_eq!(month_label("2026-03"), "Mar 2026");
        assert_eq!(month_label("2026-13"), "2026-13");
    }

    #[test]
    fn ratios_read_to_two_decimals() {
        assert_eq!(ratio(d("0.9332")), "0.93");
        assert_eq!(ratio(d("1")), "1.00");
        assert_eq!(ratio(d("1.125")), "1.12");
    }
}
