//! Resources: the optimiser's resource plan (each person's load against the estimates of their
//! open tasks, and the reassignments that would save money, with which engine answered) and the
//! board's learned cost patterns, which editors and admins can have the optimiser learn again.
//! Viewers read the patterns; planning and learning take an editor.

use budget_contract::board::BoardRole;
use budget_contract::optimizer::{LoadStatus, ResourcePlan};
use leptos::prelude::*;

use crate::api::{self, currency_of, metrics_resource};
use crate::components::optimiser::{optimiser_answer, Source};
use crate::components::patterns::LearnedPatterns;
use crate::components::{BoardNav, Empty, RunOnDemand};
use crate::format;
use crate::labels;
use crate::requests::{Fetch, Submit};
use crate::session::bump_refresh;
use crate::text::text;

/// A load for people: "overloaded", "balanced", "underused".
fn load_badge(status: LoadStatus) -> &'static str {
    match status {
        LoadStatus::Overloaded => "badge--over",
        LoadStatus::Balanced => "badge--ok",
        LoadStatus::Underused => "badge--warning",
    }
}

/// "1 pattern learned.", "3 patterns learned."
pub fn learned_text(count: usize) -> String {
    (text().resources.patterns_learned)(count)
}

#[component]
pub fn ResourcesScreen(board_id: i64) -> impl IntoView {
    let words = &text().resources;
    let board = Fetch::new(move || api::board(board_id));
    let is_editor = move || {
        board
            .get()
            .and_then(Result::ok)
            .is_some_and(|board| board.my_role >= BoardRole::Editor)
    };
    view! {
        <div class="board-screen">
            <BoardNav board_id=board_id />
            <h1>{words.heading}</h1>
            <Show
                when=is_editor
                fallback=move || view! {
                    <p class="notice" data-testid="resources-viewer">
                        {words.viewer_notice}
                    </p>
                }
            >
                <ResourcePlanPanel board_id=board_id />
                <LearnAgain board_id=board_id />
            </Show>
            <LearnedPatterns board_id=board_id />
        </div>
    }
}

#[component]
fn ResourcePlanPanel(board_id: i64) -> impl IntoView {
    let words = &text().resources;
    let currency = currency_of(metrics_resource(board_id));
    let plan = Submit::new(move |_: &()| api::optimize_resources(board_id));
    let answer = optimiser_answer(plan, move |plan| {
        view! { <PlanView plan currency=currency.get_untracked() /> }.into_any()
    });
    view! {
        <section class="card" aria-labelledby="plan-heading" data-testid="resource-plan">
            <h2 id="plan-heading">{words.plan_heading}</h2>
            <p class="muted">{words.plan_intro}</p>
            <RunOnDemand action=plan label=words.plan_button pending_label=words.plan_pending testid="resource-plan-run">
                {answer}
            </RunOnDemand>
        </section>
    }
}

#[component]
fn PlanView(plan: ResourcePlan, currency: Option<String>) -> impl IntoView {
    let words = &text().resources;
    let money = move |value: &budget_contract::Money| format::money(value, currency.as_deref());
    let people = plan
        .people
        .iter()
        .map(|person| {
            view! {
                <tr data-testid="resource-person" data-user-id=person.user_id>
                    <th scope="row">{person.display_name.clone()}</th>
                    <td class="num">{person.hourly_rate.map_or_else(|| format::NONE.to_owned(), |rate| money(&rate))}</td>
                    <td class="num">{person.assigned_tasks}</td>
                    <td class="num">{person.open_tasks}</td>
                    <td class="num">{format::hours(&person.estimated_hours)}</td>
                    <td class="num">{format::hours(&person.logged_hours)}</td>
                    <td class="num">{format::hours(&person.remaining_hours)}</td>
                    <td>
                        <span class=format!("badge {}", load_badge(person.status)) data-status=person.status.as_str()>
                            {labels::load_status(person.status)}
                        </span>
                    </td>
                </tr>
            }
        })
        .collect_view();
    let moves = plan
        .reassignments
        .iter()
        .map(|change| {
            let name = |id: i64| {
                plan.people
                    .iter()
                    .find(|person| person.user_id == id)
                    .map_or_else(
                        || (words.unknown_person)(id),
                        |person| person.display_name.clone(),
                    )
            };
            view! {
                <tr data-testid="resource-move" data-task-id=change.task_id>
                    <th scope="row">{change.task_title.clone()}</th>
                    <td>{(words.reassignment)(&name(change.from_user_id), &name(change.to_user_id))}</td>
                    <td class="num">{format::hours(&change.hours)}</td>
                    <td class="num">{money(&change.expected_savings)}</td>
                    <td>{change.reason.clone()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <p data-testid="resource-summary">{plan.summary.clone()}</p>
        {if plan.people.is_empty() {
            view! { <Empty message=words.no_people /> }.into_any()
        } else {
            view! {
                <div class="table-wrap" tabindex="0">
                    <table data-testid="resource-people">
                        <caption>{words.people_caption}</caption>
                        <thead>
                            <tr>
                                <th scope="col">{words.person_heading}</th>
                                <th scope="col" class="num">{words.rate_heading}</th>
                                <th scope="col" class="num">{words.tasks_heading}</th>
                                <th scope="col" class="num">{words.open_heading}</th>
                                <th scope="col" class="num">{words.estimated_heading}</th>
                                <th scope="col" class="num">{words.logged_heading}</th>
                                <th scope="col" class="num">{words.left_heading}</th>
                                <th scope="col">{words.load_heading}</th>
                            </tr>
                        </thead>
                        <tbody>{people}</tbody>
                    </table>
                </div>
            }
            .into_any()
        }}
        <h3>{words.reassignments_heading}</h3>
        {if plan.reassignments.is_empty() {
            view! { <Empty message=words.no_reassignments /> }.into_any()
        } else {
            view! {
                <div class="table-wrap" tabindex="0">
                    <table data-testid="resource-moves">
                        <caption class="visually-hidden">{words.reassignments_caption}</caption>
                        <thead>
                            <tr>
                                <th scope="col">{words.task_heading}</th>
                                <th scope="col">{words.from_to_heading}</th>
                                <th scope="col" class="num">{words.hours_heading}</th>
                                <th scope="col" class="num">{words.saves_heading}</th>
                                <th scope="col">{words.why_heading}</th>
                            </tr>
                        </thead>
                        <tbody>{moves}</tbody>
                    </table>
                </div>
            }
            .into_any()
        }}
        <Source provenance=plan.provenance.clone() />
    }
}

/// Learns the patterns again; the list below re-reads when it is done.
#[component]
fn LearnAgain(board_id: i64) -> impl IntoView {
    let words = &text().resources;
    let learn = Submit::new(move |_: &()| async move {
        let report = api::learn_patterns(board_id).await;
        if report.is_ok() {
            bump_refresh();
        }
        report
    });
    let answer = optimiser_answer(learn, |report| {
        view! {
            <p data-testid="patterns-learned">
                {learned_text(report.patterns.len())}
            </p>
            <Source provenance=report.provenance />
        }
        .into_any()
    });
    view! {
        <section class="card" aria-labelledby="learn-heading">
            <h2 id="learn-heading">{words.learn_heading}</h2>
            <p class="muted">{words.learn_intro}</p>
            <RunOnDemand action=learn label=words.learn_button pending_label=words.learn_pending testid="patterns-learn">
                {answer}
            </RunOnDemand>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_count_learned_reads_in_the_singular_or_plural() {
        assert_eq!(learned_text(0), "0 patterns learned.");
        assert_eq!(learned_text(1), "1 pattern learned.");
        assert_eq!(learned_text(4), "4 patterns learned.");
    }
}
