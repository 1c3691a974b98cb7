//! ROI dashboard: the board's return on investment now, the history of
//! snapshots as a chart, a form to take a snapshot (expected and realised value), and the
//! comparison of any two snapshots field by field.

use budget_contract::roi::{
    CountChange, MoneyChange, NewRoiSnapshot, PercentChange, RoiComparison, RoiSnapshot,
};
use budget_contract::Money;
use leptos::prelude::*;

use crate::api::{self, ApiError};
use crate::api::{currency_of, metrics_resource};
use crate::components::charts::RoiHistoryChart;
use crate::components::{on_answer, read_view, BoardNav, Empty, FormActions, TextField};
use crate::format::{self, parse_decimal};
use crate::requests::{Fetch, Submit};
use crate::session::{bump_refresh, use_refresh};
use crate::text::text;

/// One line of the comparison table: the field's name and its from / to / change / change %
/// as text.
#[derive(Clone, Debug, PartialEq)]
pub struct ComparisonLine {
    pub field: &'static str,
    pub label: &'static str,
    pub from: String,
    pub to: String,
    pub change: String,
    pub change_percent: String,
}

fn money_line(
    field: &'static str,
    label: &'static str,
    change: &MoneyChange,
    currency: Option<&str>,
) -> ComparisonLine {
    let money = |value: Option<Money>| {
        value.map_or_else(
            || format::NONE.to_owned(),
            |value| format::money(&value, currency),
        )
    };
    ComparisonLine {
        field,
        label,
        from: money(change.from),
        to: money(change.to),
        change: change.change.map_or_else(
            || format::NONE.to_owned(),
            |value| signed_money(value, currency),
        ),
        change_percent: format::percent(change.change_percent.as_ref()),
    }
}

fn percent_line(
    field: &'static str,
    label: &'static str,
    change: &PercentChange,
) -> ComparisonLine {
    ComparisonLine {
        field,
        label,
        from: format::percent(change.from.as_ref()),
        to: format::percent(change.to.as_ref()),
        change: change.change.map_or_else(
            || format::NONE.to_owned(),
            |points| {
                let value = points.value();
                (text().roi.points_change)(
                    sign_of(value),
                    &budget_contract::Percent::new(value.abs()).to_string(),
                )
            },
        ),
        change_percent: format::percent(change.change_percent.as_ref()),
    }
}

fn count_line(field: &'static str, label: &'static str, change: &CountChange) -> ComparisonLine {
    let count =
        |value: Option<i64>| value.map_or_else(|| format::NONE.to_owned(), |n| n.to_string());
    ComparisonLine {
        field,
        label,
        from: count(change.from),
        to: count(change.to),
        change: change.change.map_or_else(
            || format::NONE.to_owned(),
            |n| {
                format!(
                    "{}{}",
                    sign_of(budget_contract::Decimal::from(n)),
                    n.unsigned_abs()
                )
            },
        ),
        change_percent: format::percent(change.change_percent.as_ref()),
    }
}

/// The sign written before a change: `+` when it went up, `−` (U+2212) when it went down.
fn sign_of(value: budget_contract::Decimal) -> &'static str {
    if value.is_zero() {
        ""
    } else if value.is_sign_negative() {
        "\u{2212}"
    } else {
        "+"
    }
}

/// A change of money with its sign in front: `"+$250.00"`, `"−$80.00"`.
pub fn signed_money(value: Money, currency: Option<&str>) -> String {
    let text = format::money(&value, currency);
    if value.value().is_sign_positive() && !value.value().is_zero() {
        format!("+{text}")
    } else {
        text
    }
}

/// Every field of a comparison, in the order people read a snapshot.
pub fn comparison_lines(comparison: &RoiComparison, currency: Option<&str>) -> Vec<ComparisonLine> {
    let words = &text().roi;
    let changes = &comparison.changes;
    vec![
        money_line(
            "expected_value",
            words.expected_value,
            &changes.expected_value,
            currency,
        ),
        money_line(
            "realized_value",
            words.realized_value,
            &changes.realized_value,
            currency,
        ),
        money_line(
            "total_cost",
            words.total_cost,
            &changes.total_cost,
            currency,
        ),
        percent_line(
            "expected_roi_percent",
            words.expected_roi,
            &changes.expected_roi_percent,
        ),
        percent_line(
            "realized_roi_percent",
            words.realized_roi,
            &changes.realized_roi_percent,
        ),
        count_line(
            "completed_tasks",
            words.completed_tasks,
            &changes.completed_tasks,
        ),
        count_line("total_tasks", words.total_tasks, &changes.total_tasks),
        percent_line(
            "completion_rate_percent",
            words.completion_rate,
            &changes.completion_rate_percent,
        ),
        money_line(
            "cost_per_completed_task",
            words.cost_per_completed_task,
            &changes.cost_per_completed_task,
            currency,
        ),
        count_line("risk_score", words.risk_score, &changes.risk_score),
    ]
}

/// The label of a snapshot in the comparison selects.
pub fn snapshot_label(snapshot: &RoiSnapshot) -> String {
    (text().roi.snapshot_option)(
        snapshot.id,
        &format::timestamp(snapshot.snapshot_date),
        &format::percent(snapshot.expected_roi_percent.as_ref()),
    )
}

/// The pair compared by default: the one before the newest, and the newest (by date, then id).
pub fn default_pair(snapshots: &[RoiSnapshot]) -> Option<(i64, i64)> {
    let mut ordered: Vec<&RoiSnapshot> = snapshots.iter().collect();
    ordered.sort_by_key(|snapshot| (snapshot.snapshot_date, snapshot.id));
    match ordered.as_slice() {
        [.., before, newest] => Some((before.id, newest.id)),
        _ => None,
    }
}

#[component]
pub fn RoiScreen(board_id: i64) -> impl IntoView {
    let words = &text().roi;
    let refresh = use_refresh();
    let metrics = metrics_resource(board_id);
    let currency = currency_of(metrics);
    let current = Fetch::new(move || {
        refresh.track();
        api::roi(board_id)
    });
    let snapshots = Fetch::new(move || {
        refresh.track();
        api::roi_snapshots(board_id)
    });

    let current_block = read_view(current, move |roi| {
        let currency = currency.get();
        let money = |value: Option<Money>| {
            value.map_or_else(
                || format::NONE.to_owned(),
                |value| format::money(&value, currency.as_deref()),
            )
        };
        view! {
            <dl class="figures">
                <div><dt>{words.total_cost_now}</dt><dd>{money(Some(roi.total_cost))}</dd></div>
                <div><dt>{words.expected_value}</dt><dd>{money(roi.expected_value)}</dd></div>
                <div><dt>{words.realized_value}</dt><dd>{money(roi.realized_value)}</dd></div>
                <div><dt>{words.expected_roi}</dt><dd data-testid="roi-expected">{format::percent(roi.expected_roi_percent.as_ref())}</dd></div>
                <div><dt>{words.realized_roi}</dt><dd data-testid="roi-realized">{format::percent(roi.realized_roi_percent.as_ref())}</dd></div>
                <div><dt>{words.tasks_completed}</dt><dd>{(words.tasks_completed_value)(roi.completed_tasks, roi.total_tasks, &format::percent(roi.completion_rate_percent.as_ref()))}</dd></div>
                <div><dt>{words.cost_per_completed_task}</dt><dd>{money(roi.cost_per_completed_task)}</dd></div>
            </dl>
            <p class="muted">
                {match roi.valued_at {
                    Some(at) => (words.valued_at_note)(&format::timestamp(at)),
                    None => words.no_snapshot_note.to_owned(),
                }}
            </p>
        }
    });

    let history_block = read_view(snapshots, move |page| {
        if page.items.is_empty() {
            view! { <Empty message=words.no_history /> }.into_any()
        } else {
            view! { <RoiHistoryChart snapshots=page.items /> }.into_any()
        }
    });

    let compare_block = read_view(snapshots, move |page| {
        if page.items.len() < 2 {
            view! { <Empty message=words.compare_needs_two /> }.into_any()
        } else {
            view! { <Compare board_id=board_id snapshots=page.items currency=currency /> }
                .into_any()
        }
    });

    view! {
        <div class="board-screen">
            <BoardNav board_id=board_id />
            <h1>{words.heading}</h1>
            <section class="card" aria-labelledby="roi-now-heading" data-testid="roi-current">
                <h2 id="roi-now-heading">{words.now_heading}</h2>
                {current_block}
            </section>
            <section class="card" aria-labelledby="roi-history-heading">
                <h2 id="roi-history-heading">{words.history_heading}</h2>
                {history_block}
            </section>
            <section class="card" aria-labelledby="snapshot-heading">
                <h2 id="snapshot-heading">{words.snapshot_heading}</h2>
                <SnapshotForm board_id=board_id currency=currency />
            </section>
            <section class="card" aria-labelledby="compare-heading">
                <h2 id="compare-heading">{words.compare_heading}</h2>
                {compare_block}
            </section>
        </div>
    }
}

/// Records the expected and realised value now; the server adds the cost and task counts.
#[component]
fn SnapshotForm(board_id: i64, currency: Signal<Option<String>>) -> impl IntoView {
    let words = &text().roi;
    let expected = RwSignal::new(String::new());
    let realized = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let saved = RwSignal::new(None::<String>);
    let create = Submit::new(move |input: &NewRoiSnapshot| api::take_roi_snapshot(board_id, input));
    // `saved` is cleared when the form is sent, so a failure leaves it cleared.
    on_answer(create, error, move |snapshot| {
        expected.set(String::new());
        realized.set(String::new());
        saved.set(Some((words.snapshot_taken)(
            snapshot.id,
            &format::percent(snapshot.expected_roi_percent.as_ref()),
            &format::percent(snapshot.realized_roi_percent.as_ref()),
        )));
        bump_refresh();
    });
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        saved.set(None);
        let mut problems = Vec::new();
        let expected_value = match parse_decimal(&expected.get_untracked()) {
            Ok(Some(value)) => Some(value),
            Ok(None) => {
                problems.push(("expected_value", words.value_required.to_owned()));
                None
            }
            Err(message) => {
                problems.push(("expected_value", message));
                None
            }
        };
        let realized_value = match parse_decimal(&realized.get_untracked()) {
            Ok(value) => value,
            Err(message) => {
                problems.push(("realized_value", message));
                None
            }
        };
        match (expected_value, problems.is_empty()) {
            (Some(expected_value), true) => {
                create.dispatch(NewRoiSnapshot {
                    expected_value,
                    realized_value,
                    realized_value_from_revenue: false,
                });
            }
            _ => error.set(Some(ApiError::local(problems))),
        }
    };
    let error_signal: Signal<Option<ApiError>> = error.into();
    view! {
        <form class="form-grid" on:submit=submit novalidate=true>
            <TextField
                id="snapshot-expected"
                testid="snapshot-expected"
                field="expected_value"
                value=expected
                error=error_signal
                inputmode="decimal"
                autocomplete="off"
                placeholder=words.expected_value_placeholder
            >
                {move || currency.with(|code| (words.expected_value_field)(code.as_deref()))}
            </TextField>
            <TextField
                id="snapshot-realized"
                testid="snapshot-realized"
                field="realized_value"
                value=realized
                error=error_signal
                inputmode="decimal"
                autocomplete="off"
                placeholder=words.realized_value_placeholder
            >
                {move || currency.with(|code| (words.realized_value_field)(code.as_deref()))}
            </TextField>
            <FormActions
                pending=create.pending()
                label=words.take_button
                pending_label=words.take_pending
                testid="snapshot-submit"
                saved=saved
                error=error
            />
        </form>
    }
}

/// Two selects and the table of every field's change between the chosen snapshots.
#[component]
fn Compare(
    board_id: i64,
    snapshots: Vec<RoiSnapshot>,
    currency: Signal<Option<String>>,
) -> impl IntoView {
    let words = &text().roi;
    let (default_from, default_to) = default_pair(&snapshots).unwrap_or((0, 0));
    let from = RwSignal::new(default_from);
    let to = RwSignal::new(default_to);
    let comparison = Fetch::new(move || {
        let (from, to) = (from.get(), to.get());
        api::compare_roi_snapshots(board_id, from, to)
    });
    let mut ordered = snapshots.clone();
    ordered.sort_by_key(|snapshot| std::cmp::Reverse((snapshot.snapshot_date, snapshot.id)));
    let options = move |selected: RwSignal<i64>| {
        ordered
            .iter()
            .map(|snapshot| {
                let id = snapshot.id;
                view! {
                    <option value=id.to_string() selected=move || selected.get() == id>
                        {snapshot_label(snapshot)}
                    </option>
                }
            })
            .collect_view()
    };
    let from_options = options(from);
    let to_options = options(to);
    let choose = |signal: RwSignal<i64>| {
        move |event: leptos::ev::Event| {
            if let Ok(id) = event_target_value(&event).parse::<i64>() {
                signal.set(id);
            }
        }
    };

    let table = read_view(comparison, move |comparison| {
        let rows = comparison_lines(&comparison, currency.get().as_deref())
            .into_iter()
            .map(|line| {
                view! {
                    <tr data-field=line.field>
                        <th scope="row">{line.label}</th>
                        <td class="num">{line.from}</td>
                        <td class="num">{line.to}</td>
                        <td class="num">{line.change}</td>
                        <td class="num">{line.change_percent}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <div class="table-wrap" tabindex="0">
                <table data-testid="compare-table">
                    <caption class="visually-hidden">
                        {(words.compare_caption)(comparison.from.id, comparison.to.id)}
                    </caption>
                    <thead>
                        <tr>
                            <th scope="col">{words.field_heading}</th>
                            <th scope="col" class="num">{(words.from_heading)(comparison.from.id)}</th>
                            <th scope="col" class="num">{(words.to_heading)(comparison.to.id)}</th>
                            <th scope="col" class="num">{words.change_heading}</th>
                            <th scope="col" class="num">{words.change_percent_heading}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
    });

    view! {
        <div class="toolbar">
            <div class="field">
                <label for="compare-from">{words.from_snapshot_label}</label>
                <select id="compare-from" data-testid="compare-from" on:change=choose(from)>
                    {from_options}
                </select>
            </div>
            <div class="field">
                <label for="compare-to">{words.to_snapshot_label}</label>
                <select id="compare-to" data-testid="compare-to" on:change=choose(to)>
                    {to_options}
                </select>
            </div>
        </div>
        {table}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use budget_contract::roi::RoiChanges;
    use budget_contract::{Decimal, Percent};
    use chrono::{TimeZone, Utc};
    use std::str::FromStr;

    fn m(text: &str) -> Money {
        Money::new(Decimal::from_str(text).unwrap())
    }

    fn p(text: &str) -> Percent {
        Percent::new(Decimal::from_str(text).unwrap())
    }

    fn snapshot(id: i64, day: u32) -> RoiSnapshot {
        RoiSnapshot {
            id,
            board_id: 1,
            snapshot_date: Utc.with_ymd_and_hms(2026, 11, day, 10, 0, 0).unwrap(),
            created_by: 1,
            expected_value: m("250000"),
            realized_value: m("0"),
            total_cost: m("100000"),
            expected_roi_percent: Some(p("150")),
            realized_roi_percent: Some(p("-100")),
            completed_tasks: 3,
            total_tasks: 10,
            completion_rate_percent: Some(p("30")),
            cost_per_completed_task: Some(m("33333.33")),
            risk_score: Some(40),
            insights: Vec::new(),
        }
    }

    #[test]
    fn the_default_comparison_is_the_newest_against_the_one_before() {
        let snapshots = vec![snapshot(3, 20), snapshot(1, 1), snapshot(2, 10)];
        assert_eq!(default_pair(&snapshots), Some((2, 3)));
        assert_eq!(default_pair(&snapshots[..1]), None);
    }

    fn money_change(from: &str, to: &str, change: &str, percent: Option<&str>) -> MoneyChange {
        MoneyChange {
            from: Some(m(from)),
            to: Some(m(to)),
            change: Some(m(change)),
            change_percent: percent.map(p),
        }
    }

    fn percent_change(from: &str, to: &str, change: &str) -> PercentChange {
        PercentChange {
            from: Some(p(from)),
            to: Some(p(to)),
            change: Some(p(change)),
            change_percent: None,
        }
    }

    fn count_change(from: i64, to: i64) -> CountChange {
        CountChange {
            from: Some(from),
            to: Some(to),
            change: Some(to - from),
            change_percent: None,
        }
    }

    #[test]
    fn every_field_of_a_comparison_gets_a_line_with_signs() {
        let comparison = RoiComparison {
            from: snapshot(1, 1),
            to: snapshot(2, 10),
            changes: RoiChanges {
                expected_value: money_change("250000", "260000", "10000", Some("4")),
                realized_value: money_change("0", "5000", "5000", None),
                total_cost: money_change("100000", "90000", "-10000", Some("-10")),
                expected_roi_percent: percent_change("150", "188.89", "38.89"),
                realized_roi_percent: percent_change("-100", "-94.44", "5.56"),
                completed_tasks: count_change(3, 5),
                total_tasks: count_change(10, 10),
                completion_rate_percent: percent_change("30", "50", "20"),
                cost_per_completed_task: MoneyChange {
                    from: Some(m("33333.33")),
                    to: None,
                    change: None,
                    change_percent: None,
                },
                risk_score: count_change(40, 35),
            },
        };
        let lines = comparison_lines(&comparison, Some("USD"));
        assert_eq!(lines.len(), 10);
        assert_eq!(lines[0].from, "$250,000.00");
        assert_eq!(lines[0].change, "+$10,000.00");
        assert_eq!(lines[0].change_percent, "4.00 %");
        assert_eq!(lines[2].change, "\u{2212}$10,000.00");
        assert_eq!(lines[3].change, "+38.89 points");
        assert_eq!(lines[5].change, "+2");
        assert_eq!(lines[6].change, "0");
        assert_eq!(lines[8].to, "—");
        assert_eq!(lines[8].change, "—");
        assert_eq!(lines[9].change, "\u{2212}5");
        assert_eq!(lines[4].change, "+5.56 points");
        assert_eq!(lines[9].field, "risk_score");
    }
}
