//! The budget dashboard, the main screen of a board: KPI cards, the alert rules fired and not
//! re-armed (with their cause), the profitability cards (for those who may see margins), the
//! cost trend, where the money went, the worst overruns and the latest recommendations.
//!
//! Live: the metrics are polled every 15 s with `If-None-Match` (a 304 costs the server almost
//! nothing and changes nothing here); when they change, the trend, overruns and recommendations
//! are re-fetched too. The person's own writes anywhere in the app bump the refresh signal
//! (`session::bump_refresh`), which re-fetches everything at once.

use std::time::Duration;

use budget_contract::analytics::Analytics;
use budget_contract::budget::BudgetBasis;
use budget_contract::metrics::{BudgetMetrics, BudgetStatus, Profitability};
use budget_contract::optimizer::{Recommendation, RecommendationStatus};
use budget_contract::Money;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use crate::api::{self, ApiError, Fresh};
use crate::components::charts::{decimal_px, BarList, ProgressBar, TrendChart};
use crate::components::profitability::is_loss;
use crate::components::{
    read_view, ActiveAlerts, BoardNav, Empty, ErrorNotice, Loading, StatusBadge,
};
use crate::effects::effect;
use crate::format;
use crate::labels;
use crate::requests::Fetch;
use crate::session::use_refresh;
use crate::text::text;

/// How often the metrics are polled.
const POLL_INTERVAL: Duration = Duration::from_secs(15);

/// The metrics as last read, with their ETag for the next conditional request.
#[derive(Clone, Default)]
struct LiveMetrics {
    metrics: Option<BudgetMetrics>,
    error: Option<ApiError>,
    etag: Option<String>,
    /// Increases whenever the metrics changed: the other panels re-fetch on it.
    version: u32,
}

#[component]
pub fn DashboardScreen(board_id: i64) -> impl IntoView {
    let words = &text().dashboard;
    let refresh = use_refresh();
    let live = RwSignal::new(LiveMetrics::default());
    let in_flight = StoredValue::new(false);

    // One metrics request; `conditional` sends the ETag (polls), otherwise a full read.
    let poll = move |conditional: bool| {
        if in_flight.get_value() {
            return;
        }
        in_flight.set_value(true);
        let etag = if conditional {
            live.with_untracked(|live| live.etag.clone())
        } else {
            None
        };
        spawn_local(async move {
            let answer = api::metrics_if_changed(board_id, etag.as_deref()).await;
            // The page may have gone while the request ran: the `try_` writes then do nothing.
            in_flight.try_set_value(false);
            match answer {
                Ok(Fresh::Unchanged) => {}
                Ok(Fresh::Changed(tagged)) => {
                    live.try_update(|live| {
                        if live.metrics.as_ref() != Some(&tagged.value) {
                            live.version = live.version.wrapping_add(1);
                        }
                        live.metrics = Some(tagged.value);
                        live.etag = tagged.etag;
                        live.error = None;
                    });
                }
                Err(error) => {
                    live.try_update(|live| live.error = Some(error));
                }
            }
        });
    };

    // At once, and again after every write of the person's own.
    effect(move || {
        refresh.track();
        in_flight.set_value(false);
        poll(false);
    });
    if let Ok(handle) = set_interval_with_handle(move || poll(true), POLL_INTERVAL) {
        on_cleanup(move || handle.clear());
    }

    let version = Memo::new(move |_| live.with(|live| live.version));
    let board = Fetch::new(move || {
        refresh.get();
        api::board(board_id)
    });
    let analytics = Fetch::new(move || {
        version.get();
        refresh.get();
        api::analytics(board_id, String::new())
    });
    let recommendations = Fetch::new(move || {
        version.get();
        refresh.get();
        api::recommendations(board_id, Some(RecommendationStatus::Pending), None, 5)
    });

    let title = move || {
        board
            .get()
            .and_then(Result::ok)
            .map(|board| board.name)
            .unwrap_or_else(|| words.heading.to_owned())
    };

    view! {
        <section class="dashboard">
            <h1>{title}</h1>
            <BoardNav board_id />
            <ActiveAlerts board_id figures=version />
            {move || {
                let state = live.get();
                match (state.metrics, state.error) {
                    (None, None) => view! { <Loading /> }.into_any(),
                    (None, Some(error)) => view! { <ErrorNotice error /> }.into_any(),
                    (Some(metrics), error) => {
                        view! {
                            {error
                                .map(|error| {
                                    view! {
                                        <p class="notice" role="status">
                                            {(words.refresh_failed)(&error.message)}
                                        </p>
                                    }
                                })}
                            <Kpis metrics=metrics.clone() board_id />
                            // Viewers see no margins: the API sends no profitability, and
                            // the cards are left out rather than shown empty.
                            {metrics
                                .profitability
                                .clone()
                                .map(|profitability| {
                                    view! {
                                        <ProfitabilityKpis
                                            profitability
                                            currency=metrics.currency.clone()
                                        />
                                    }
                                })}
                            <div class="panels">
                                <section class="card panel panel--wide" data-testid="trend-chart">
                                    <h2>{words.trend_heading}</h2>
                                    {read_view(
                                        analytics,
                                        move |analytics| {
                                            let budget = live
                                                .with_untracked(|live| {
                                                    live.metrics.as_ref().and_then(|metrics| metrics.allocated_budget)
                                                });
                                            view! {
                                                <p class="muted">
                                                    {format::date(analytics.from)} " – " {format::date(analytics.to)}
                                                </p>
                                                <TrendChart
                                                    points=analytics.trend
                                                    budget
                                                    currency=analytics.currency
                                                />
                                            }
                                        },
                                    )}
                                </section>
                                <section class="card panel" data-testid="cost-split">
                                    <h2>{words.split_heading}</h2>
                                    <BarList
                                        items=vec![
                                            (words.split_labour.to_owned(), metrics.cost_split.labour),
                                            (words.split_direct.to_owned(), metrics.cost_split.direct),
                                            (words.split_resources.to_owned(), metrics.cost_split.resource),
                                        ]
                                        currency=metrics.currency.clone()
                                    />
                                </section>
                                <section class="card panel" data-testid="latest-recommendations">
                                    <h2>{words.recommendations_heading}</h2>
                                    {read_view(
                                        recommendations,
                                        move |page| {
                                            view! {
                                                <LatestRecommendations
                                                    items=page.items
                                                    currency=metrics_currency(live)
                                                    board_id
                                                />
                                            }
                                        },
                                    )}
                                </section>
                                <section class="card panel panel--wide" data-testid="top-overruns">
                                    <h2>{words.overruns_heading}</h2>
                                    {read_view(analytics, move |analytics| view! { <Overruns analytics board_id /> })}
                                </section>
                            </div>
                            <p class="muted as-of">
                                {(words.as_of)(&format::date(metrics.as_of))}
                            </p>
                        }
                            .into_any()
                    }
                }
            }}
        </section>
    }
}

fn metrics_currency(live: RwSignal<LiveMetrics>) -> Option<String> {
    live.with_untracked(|live| {
        live.metrics
            .as_ref()
            .and_then(|metrics| metrics.currency.clone())
    })
}

/// A KPI card: its `data-testid`, the raw API value in `data-value` (absent when the API says
/// null) and the formatted value as its main text.
#[component]
fn Kpi(
    testid: &'static str,
    #[prop(into)] label: String,
    raw: Option<String>,
    #[prop(into)] value: String,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    view! {
        <div class="card kpi" data-testid=testid data-value=raw>
            <h2 class="kpi__label">{label}</h2>
            <p class="kpi__value">{value}</p>
            {children.map(|children| children())}
        </div>
    }
}

#[component]
fn Kpis(metrics: BudgetMetrics, board_id: i64) -> impl IntoView {
    let words = &text().dashboard;
    let currency = metrics.currency.clone();
    let currency = currency.as_deref();
    let money = |amount: Option<Money>| match amount {
        Some(amount) => format::money(&amount, currency),
        None => format::NONE.to_owned(),
    };
    let status = metrics.status.as_str();
    let burn = metrics.burn_rate.clone();
    let allocated_text = money(metrics.allocated_budget);
    let spent_text = money(Some(metrics.spent));
    let remaining_text = money(metrics.remaining);
    let daily_text = (words.per_day)(&money(Some(burn.daily)));
    let weekly_text = (words.per_week)(&money(Some(burn.weekly)));
    let days_left = match (burn.days_until_exhausted, burn.exhaustion_date) {
        (Some(days), _) if days.is_zero() => words.exhausted.to_owned(),
        (Some(days), _) => format::days(days),
        (None, _) => format::NONE.to_owned(),
    };
    let days_note = match (burn.days_until_exhausted, burn.exhaustion_date) {
        (Some(_), Some(date)) => (words.runs_out_around)(&format::date(date)),
        (None, _) if metrics.allocated_budget.is_none() => words.no_budget_set.to_owned(),
        (None, _) => words.nothing_burning.to_owned(),
        (Some(_), None) => String::new(),
    };
    let no_budget = metrics.status == BudgetStatus::NoBudget;
    let utilisation = metrics
        .utilisation_percent
        .map(|percent| decimal_px(percent.value()));
    let time_utilisation = metrics
        .time_utilisation_percent
        .map(|percent| decimal_px(percent.value()));
    let thresholds = match (metrics.warning_threshold, metrics.critical_threshold) {
        (Some(warning), Some(critical)) => (words.thresholds)(warning, critical),
        _ => String::new(),
    };
    let hours_note = match metrics.allocated_hours {
        Some(allocated) => (words.hours_of)(
            &format::hours(&metrics.spent_hours),
            &format::hours(&allocated),
        ),
        None => (words.hours_no_allocation)(&format::hours(&metrics.spent_hours)),
    };

    view! {
        {no_budget
            .then(|| {
                view! {
                    <p class="notice" data-testid="no-budget">
                        {words.no_budget_intro}
                        <A href=format!("/boards/{board_id}/budget")>{words.no_budget_link}</A>
                        {words.no_budget_rest}
                    </p>
                }
            })}
        <div class="kpi-grid">
            <Kpi
                testid="kpi-allocated"
                label=words.allocated_label
                raw=metrics.allocated_budget.map(|amount| amount.to_string())
                value=allocated_text
            >
                <p class="kpi__note">{metrics.currency.clone().unwrap_or_default()}</p>
            </Kpi>
            <Kpi
                testid="kpi-spent"
                label=match metrics.basis {
                    BudgetBasis::Cost => words.spent_label,
                    BudgetBasis::Billable => words.billed_label,
                }
                raw=Some(metrics.spent.to_string())
                value=spent_text
            >
                <p class="kpi__note">
                    {(words.tasks_done)(metrics.tasks.completed, metrics.tasks.total)}
                </p>
            </Kpi>
            <Kpi
                testid="kpi-remaining"
                label=words.remaining_label
                raw=metrics.remaining.map(|amount| amount.to_string())
                value=remaining_text
            >
                <p class="kpi__note">
                    {(metrics.remaining.is_some_and(|remaining| remaining < Money::ZERO))
                        .then_some(words.over_budget)}
                </p>
            </Kpi>
            <Kpi
                testid="kpi-utilisation"
                label=words.budget_used_label
                raw=metrics.utilisation_percent.map(|percent| percent.to_string())
                value=format::percent(metrics.utilisation_percent.as_ref())
            >
                <ProgressBar percent=utilisation status=status label=words.budget_used_label />
                <p class="kpi__note">
                    <StatusBadge status=metrics.status testid="kpi-status" />
                    " " {thresholds}
                </p>
            </Kpi>
            <Kpi
                testid="kpi-time-utilisation"
                label=words.time_used_label
                raw=metrics.time_utilisation_percent.map(|percent| percent.to_string())
                value=format::percent(metrics.time_utilisation_percent.as_ref())
            >
                <ProgressBar percent=time_utilisation status="time" label=words.time_used_label />
                <p class="kpi__note">{hours_note}</p>
            </Kpi>
            <Kpi
                testid="kpi-burn-daily"
                label=words.burn_rate_label
                raw=Some(burn.daily.to_string())
                value=daily_text
            >
                <p class="kpi__note" data-testid="kpi-burn-weekly" data-value=burn.weekly.to_string()>
                    {weekly_text}
                </p>
                <p class="kpi__note">{(words.burn_window)(burn.window_days)}</p>
            </Kpi>
            <Kpi
                testid="kpi-days-left"
                label=words.days_left_label
                raw=burn.days_until_exhausted.map(|days| days.to_string())
                value=days_left
            >
                <p
                    class="kpi__note"
                    data-testid="kpi-exhaustion-date"
                    data-value=burn.exhaustion_date.map(|date| date.to_string())
                >
                    {days_note}
                </p>
            </Kpi>
        </div>
    }
}

/// What the board earns against what it costs: revenue, cost, profit and margin, each card's
/// raw API value in `data-value` like the KPI cards. A loss is called one: the card reads
/// "Loss" over the amount lost (its raw value stays negative), so a wrapped or missed minus
/// sign cannot turn it into a profit.
#[component]
fn ProfitabilityKpis(profitability: Profitability, currency: Option<String>) -> impl IntoView {
    let words = &text().dashboard;
    let currency = currency.as_deref();
    let loss = is_loss(profitability.profit);
    let profit_shown = if loss {
        Money::new(profitability.profit.value().abs())
    } else {
        profitability.profit
    };
    view! {
        <section class="kpi-grid" aria-label=words.profitability_label data-testid="profitability">
            <Kpi
                testid="kpi-revenue"
                label=words.revenue_label
                raw=Some(profitability.revenue.to_string())
                value=format::money(&profitability.revenue, currency)
            >
                <p class="kpi__note">{words.revenue_note}</p>
            </Kpi>
            <Kpi
                testid="kpi-cost"
                label=words.cost_label
                raw=Some(profitability.cost.to_string())
                value=format::money(&profitability.cost, currency)
            >
                <p class="kpi__note">{words.cost_note}</p>
            </Kpi>
            <Kpi
                testid="kpi-profit"
                label=if loss { words.loss_label } else { words.profit_label }
                raw=Some(profitability.profit.to_string())
                value=format::money(&profit_shown, currency)
            >
                <p class="kpi__note" class:negative=loss>
                    {if loss { words.loss_note } else { words.profit_note }}
                </p>
            </Kpi>
            <Kpi
                testid="kpi-margin"
                label=words.margin_label
                raw=profitability.margin_percent.map(|percent| percent.to_string())
                value=format::percent(profitability.margin_percent.as_ref())
            >
                <p class="kpi__note">
                    {if profitability.margin_percent.is_some() {
                        words.margin_note
                    } else {
                        words.no_margin_note
                    }}
                </p>
            </Kpi>
        </section>
    }
}

#[component]
fn Overruns(analytics: Analytics, board_id: i64) -> impl IntoView {
    let words = &text().dashboard;
    if analytics.overruns.is_empty() {
        return view! { <Empty message=words.no_overruns /> }.into_any();
    }
    let currency = analytics.currency.clone();
    let rows = analytics
        .overruns
        .into_iter()
        .take(5)
        .map(|overrun| {
            let currency = currency.as_deref();
            view! {
                <tr data-task-id=overrun.task_id>
                    <th scope="row">{overrun.title}</th>
                    <td class="num">{format::money(&overrun.estimated, currency)}</td>
                    <td class="num">{format::money(&overrun.total, currency)}</td>
                    <td class="num negative">
                        {format!("+{}", format::money(&overrun.variance, currency))} <br />
                        <small>{format!("+{}", format::percent(Some(&overrun.variance_percent)))}</small>
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
                        <th scope="col">{words.task_column}</th>
                        <th scope="col" class="num">{words.estimated_column}</th>
                        <th scope="col" class="num">{words.actual_column}</th>
                        <th scope="col" class="num">{words.over_by_column}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <p><A href=format!("/boards/{board_id}/tasks")>{words.all_tasks_link}</A></p>
    }
    .into_any()
}

#[component]
fn LatestRecommendations(
    items: Vec<Recommendation>,
    currency: Option<String>,
    board_id: i64,
) -> impl IntoView {
    let words = &text().dashboard;
    let link = view! {
        <p><A href=format!("/boards/{board_id}/recommendations")>{words.all_recommendations_link}</A></p>
    };
    if items.is_empty() {
        return view! {
            <Empty message=words.no_recommendations />
            {link}
        }
        .into_any();
    }
    let rows = items
        .into_iter()
        .map(|recommendation| {
            let priority = recommendation.priority.as_str();
            view! {
                <li class="recommendation" data-recommendation-id=recommendation.id>
                    <span class=format!("badge badge--priority-{priority}")>{labels::priority(recommendation.priority)}</span>
                    " "
                    <strong>{recommendation.title}</strong>
                    <span class="muted">
                        {(words.savings)(
                            &format::money(&recommendation.estimated_savings, currency.as_deref()),
                            recommendation.confidence_score,
                        )}
                    </span>
                </li>
            }
        })
        .collect_view();
    view! {
        <ul class="plain-list">{rows}</ul>
        {link}
    }
    .into_any()
}
