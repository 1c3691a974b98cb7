//! Who carries how much of the remaining work, and which moves to a cheaper, less loaded person
//! would save money.
//!
//! Limitation: a task with its own hourly rate (task_cost.hourly_rate) charges that rate whoever
//! logs the time, so moving it saves nothing; [`TaskRow`] carries no rate, so the savings of such
//! a move are overstated here.

use std::collections::BTreeMap;

use budget_contract::optimizer::{LoadStatus, PersonLoad, Reassignment};
use rust_decimal::Decimal;

use super::{format_money, is_done};
use crate::drafts::ResourceDraft;
use crate::facts::{BoardFacts, PersonRow};
use budget_contract::Money;
use budget_domain::amount::{from_hundredths, hours, labour_cost_cents, money};
use budget_domain::analytics::queries::TaskRow;

/// Remaining hours above this multiple of the mean (and above zero) are overloaded.
pub const OVERLOAD_FACTOR: Decimal = Decimal::from_parts(15, 0, 0, false, 1);
/// Remaining hours below this multiple of the mean are underused.
pub const UNDERUSE_FACTOR: Decimal = Decimal::from_parts(5, 0, 0, false, 1);
pub const MAX_REASSIGNMENTS: usize = 5;

/// Load per person and suggested reassignments.
///
/// People: everyone in `facts.people` who may log time (editors, admins, the creator), in user
/// id order. For each: assigned and open tasks, estimated hours (Σ estimated hours of the
/// assigned tasks), logged hours (all their time on the board), remaining hours (Σ over their
/// open tasks of max(estimated hours − hours logged on the task, 0)).
///
/// Status against the mean remaining hours m over those people: overloaded when remaining >
/// 1.5 × m and > 0; underused when remaining < 0.5 × m; balanced otherwise (so everyone is
/// balanced when nobody has remaining work).
///
/// Reassignments: overloaded people with a rate, most remaining hours first; their open tasks,
/// most remaining hours first. A task moves to an underused person (else a balanced one) whose
/// rate is lower, who would stay at or below the overload line (1.5 × m) after the move, the least
/// loaded first (then the cheapest, then the lowest id); moves from a person stop once they are no
/// longer above the line. Expected savings = remaining hours × (from rate − to rate), to the cent,
/// always > 0. No task moves twice; at most [`MAX_REASSIGNMENTS`].
pub fn optimize_resources(facts: &BoardFacts) -> ResourceDraft {
    let loads: Vec<Load> = facts
        .people
        .iter()
        .filter(|p| p.can_log(facts.created_by))
        .map(|p| Load::of(p, &facts.tasks))
        .collect();
    if loads.is_empty() {
        return ResourceDraft {
            people: Vec::new(),
            reassignments: Vec::new(),
            summary: "Nobody can log time on this board yet.".into(),
        };
    }
    let total: i64 = loads.iter().map(|l| l.remaining_centihours).sum();
    let mean = Decimal::from(total) / Decimal::from(loads.len());
    let statuses: Vec<LoadStatus> = loads.iter().map(|l| l.status(mean)).collect();
    let reassignments = plan(facts, &loads, &statuses, mean);
    let people: Vec<PersonLoad> = loads
        .iter()
        .zip(statuses.iter())
        .map(|(l, status)| PersonLoad {
            user_id: l.person.user_id,
            display_name: l.person.display_name.clone(),
            // A person's own default rate may be finer than the board's currency: shown as is.
            hourly_rate: l
                .person
                .rate_cents()
                .map(|rate| Money::exact_in_currency(from_hundredths(rate), facts.currency())),
            assigned_tasks: l.assigned as u64,
            open_tasks: l.open.len() as u64,
            estimated_hours: hours(l.estimated_centihours),
            logged_hours: hours(l.person.logged_centihours),
            remaining_hours: hours(l.remaining_centihours),
            status: *status,
        })
        .collect();
    let summary = summary(facts, &statuses, mean, &reassignments);
    ResourceDraft {
        people,
        reassignments,
        summary,
    }
}

/// One person's share of the work, in hundredths of an hour.
struct Load<'a> {
    person: &'a PersonRow,
    assigned: usize,
    estimated_centihours: i64,
    /// Their open tasks with the hours left on each.
    open: Vec<(&'a TaskRow, i64)>,
    remaining_centihours: i64,
}

impl<'a> Load<'a> {
    fn of(person: &'a PersonRow, tasks: &'a [TaskRow]) -> Self {
        let theirs: Vec<&TaskRow> = tasks
            .iter()
            .filter(|t| t.assignee_id == Some(person.user_id))
            .collect();
        let open: Vec<(&TaskRow, i64)> = theirs
            .iter()
            .filter(|t| !is_done(t))
            .map(|t| (*t, (t.estimated_centihours - t.centihours).max(0)))
            .collect();
        Self {
            person,
            assigned: theirs.len(),
            estimated_centihours: theirs.iter().map(|t| t.estimated_centihours).sum(),
            remaining_centihours: open.iter().map(|(_, r)| r).sum(),
            open,
        }
    }

    fn status(&self, mean: Decimal) -> LoadStatus {
        let remaining = Decimal::from(self.remaining_centihours);
        if self.remaining_centihours > 0 && remaining > mean * OVERLOAD_FACTOR {
            LoadStatus::Overloaded
        } else if remaining < mean * UNDERUSE_FACTOR {
            LoadStatus::Underused
        } else {
            LoadStatus::Balanced
        }
    }
}

fn plan(
    facts: &BoardFacts,
    loads: &[Load],
    statuses: &[LoadStatus],
    mean: Decimal,
) -> Vec<Reassignment> {
    let line = mean * OVERLOAD_FACTOR;
    let mut current: BTreeMap<i64, i64> = loads
        .iter()
        .map(|l| (l.person.user_id, l.remaining_centihours))
        .collect();
    let load_of =
        |current: &BTreeMap<i64, i64>, user: i64| current.get(&user).copied().unwrap_or(0);
    let mut sources: Vec<(&Load, i64)> = loads
        .iter()
        .zip(statuses.iter())
        .filter(|(_, s)| **s == LoadStatus::Overloaded)
        .filter_map(|(l, _)| l.person.rate_cents().map(|rate| (l, rate)))
        .collect();
    sources.sort_by_key(|(l, _)| (std::cmp::Reverse(l.remaining_centihours), l.person.user_id));
    let mut moves = Vec::new();
    for (source, from_rate) in sources {
        let from = source.person.user_id;
        let mut tasks: Vec<(&TaskRow, i64)> = source
            .open
            .iter()
            .copied()
            .filter(|(_, r)| *r > 0)
            .collect();
        tasks.sort_by_key(|(t, r)| (std::cmp::Reverse(*r), t.id));
        for (task, task_hours) in tasks {
            if moves.len() >= MAX_REASSIGNMENTS || Decimal::from(load_of(&current, from)) <= line {
                break;
            }
            let target = [LoadStatus::Underused, LoadStatus::Balanced]
                .into_iter()
                .find_map(|tier| {
                    loads
                        .iter()
                        .zip(statuses.iter())
                        .filter(|(l, s)| **s == tier && l.person.user_id != from)
                        .filter_map(|(l, _)| {
                            let rate = l.person.rate_cents().filter(|r| *r < from_rate)?;
                            let after = load_of(&current, l.person.user_id) + task_hours;
                            (Decimal::from(after) <= line).then_some((l, rate))
                        })
                        .min_by_key(|(l, rate)| {
                            (load_of(&current, l.person.user_id), *rate, l.person.user_id)
                        })
                });
            let Some((to, to_rate)) = target else {
                continue;
            };
            let to_user = to.person.user_id;
            let savings =
                labour_cost_cents(task_hours, Some(from_rate - to_rate), facts.currency());
            moves.push(Reassignment {
                task_id: task.id,
                task_title: task.title.clone(),
                from_user_id: from,
                to_user_id: to_user,
                hours: hours(task_hours),
                expected_savings: money(savings, facts.currency()),
                reason: format!(
                    "{} has {} h left on open tasks against a mean of {} h; {} has {} h and costs \
                     {} less per hour.",
                    source.person.display_name,
                    hours(load_of(&current, from)),
                    hours_of(mean),
                    to.person.display_name,
                    hours(load_of(&current, to_user)),
                    format_money(facts, from_rate - to_rate),
                ),
            });
            *current.entry(from).or_insert(0) -= task_hours;
            *current.entry(to_user).or_insert(0) += task_hours;
        }
    }
    moves
}

/// Mean centihours as hours, to the hundredth.
fn hours_of(centihours: Decimal) -> budget_contract::Hours {
    budget_contract::Hours::new(centihours / Decimal::ONE_HUNDRED)
}

fn summary(
    facts: &BoardFacts,
    statuses: &[LoadStatus],
    mean: Decimal,
    moves: &[Reassignment],
) -> String {
    let count = |wanted: LoadStatus| statuses.iter().filter(|s| **s == wanted).count();
    let people = statuses.len();
    let mut summary = format!(
        "Of {people} {} who can log time, {} overloaded, {} balanced and {} underused (mean {} h \
         remaining on open tasks).",
        if people == 1 { "person" } else { "people" },
        count(LoadStatus::Overloaded),
        count(LoadStatus::Balanced),
        count(LoadStatus::Underused),
        hours_of(mean),
    );
    let savings: i64 = moves.iter().map(|m| super::cents(m.expected_savings)).sum();
    if moves.is_empty() {
        summary.push_str(" No move to a cheaper person with room would save money.");
    } else {
        summary.push_str(&format!(
            " {} {} would save {}.",
            moves.len(),
            if moves.len() == 1 {
                "reassignment"
            } else {
                "reassignments"
            },
            format_money(facts, savings)
        ));
    }
    summary
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;

    fn team() -> BoardFacts {
        // User 2 (100.00/h) carries two open tasks: 30 h estimated with 5 h logged (25 h left)
        // and 20 h (20 h left), plus a done one. User 3 (60.00/h) has nothing. The creator
        // (user 1, no rate) has nothing; user 4 is a viewer and is left out.
        let tasks = vec![
            assigned(
                task(10, "in_progress", "high", 300_000, 50_000),
                2,
                3_000,
                500,
            ),
            assigned(task(11, "todo", "medium", 200_000, 0), 2, 2_000, 0),
            assigned(task(12, "done", "low", 100_000, 100_000), 2, 1_000, 1_000),
        ];
        let mut facts = board(Some(2_000_000), tasks);
        let mut ada = person(2, Some("editor"), Some(10_000));
        ada.display_name = "Ada".into();
        ada.logged_centihours = 1_500;
        let mut bob = person(3, Some("admin"), Some(6_000));
        bob.display_name = "Bob".into();
        facts
            .people
            .extend([ada, bob, person(4, Some("viewer"), Some(1_000))]);
        facts
    }

    #[test]
    fn an_overloaded_expensive_person_hands_work_to_a_cheaper_idle_one() {
        let plan = optimize_resources(&team());
        // Remaining: 0, 45, 0 → mean 15 h; line 22.5 h. Ada is overloaded, the others underused.
        let people: Vec<(i64, LoadStatus, String)> = plan
            .people
            .iter()
            .map(|p| (p.user_id, p.status, p.remaining_hours.to_string()))
            .collect();
        assert_eq!(
            people,
            [
                (1, LoadStatus::Underused, "0.00".to_owned()),
                (2, LoadStatus::Overloaded, "45.00".to_owned()),
                (3, LoadStatus::Underused, "0.00".to_owned()),
            ]
        );
        let ada = &plan.people[1];
        assert_eq!(ada.assigned_tasks, 3);
        assert_eq!(ada.open_tasks, 2);
        assert_eq!(ada.estimated_hours.to_string(), "60.00");
        assert_eq!(ada.logged_hours.to_string(), "15.00");
        assert_eq!(ada.hourly_rate.unwrap().to_string(), "100.00");
        // The 25 h task would put Bob above the line (25 > 22.5); the 20 h one fits. The creator
        // has no rate and is no target. 20 h × (100.00 − 60.00) = 800.00.
        assert_eq!(plan.reassignments.len(), 1);
        let r = &plan.reassignments[0];
        assert_eq!((r.task_id, r.from_user_id, r.to_user_id), (11, 2, 3));
        assert_eq!(r.hours.to_string(), "20.00");
        assert_eq!(r.expected_savings.to_string(), "800.00");
        assert_eq!(
            r.reason,
            "Ada has 45.00 h left on open tasks against a mean of 15.00 h; Bob has 0.00 h and \
             costs 40.00 USD less per hour."
        );
        assert_eq!(
            plan.summary,
            "Of 3 people who can log time, 1 overloaded, 0 balanced and 2 underused (mean 15.00 h \
             remaining on open tasks). 1 reassignment would save 800.00 USD."
        );
    }

    #[test]
    fn nobody_cheaper_means_no_move() {
        let mut facts = team();
        facts.people[2].rate_cents = Some(10_000);
        let plan = optimize_resources(&facts);
        assert!(plan.reassignments.is_empty());
        assert!(plan
            .summary
            .ends_with("No move to a cheaper person with room would save money."));
    }

    #[test]
    fn an_empty_board_has_everyone_balanced() {
        let plan = optimize_resources(&board(None, Vec::new()));
        assert_eq!(plan.people.len(), 1);
        assert_eq!(plan.people[0].status, LoadStatus::Balanced);
        assert!(plan.reassignments.is_empty());
    }
}
