//! What-if scenarios kept under a name: saved (their changes checked as a preview checks them),
//! listed, evaluated again against the data of the day they are read, compared with one
//! another against one baseline, and deleted. Editors and admins, who see amounts; nothing in a
//! scenario changes the board's data.

use budget_contract::audit::AuditKind;
use budget_contract::board::BoardRole;
use budget_contract::limits::{NAME_CHARS, SCENARIOS_COMPARED};
use budget_contract::page::Page;
use budget_contract::problem::ProblemCode;
use budget_contract::scenario::{
    ComparedScenario, NewScenario, SavedScenario, SavedScenarioResult, ScenarioComparison,
    ScenarioInput, ScenarioResult,
};
use sea_orm::{ActiveModelTrait, ColumnTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};
use sea_orm::{QuerySelect, QueryTrait, Set};

use super::scenario::{Baseline, RecentTimes};
use super::METHOD;
use crate::access::BoardAccess;
use crate::audit::{self, Change};
use crate::entity::scenario;
use crate::error::{is_unique_violation, DomainError, DomainResult};
use crate::idempotency::{self, Created, Idempotent};
use crate::pagination;
use crate::validate::Checks;
use crate::Domain;

/// Saves a scenario and answers it with its evaluation. Its name is unique on the board (409
/// `scenario_name_taken`).
pub async fn create(
    domain: &Domain,
    access: &BoardAccess,
    input: NewScenario,
    idempotent: Option<&Idempotent<SavedScenarioResult>>,
) -> DomainResult<Created<SavedScenarioResult>> {
    let result = create_in_transaction(domain, access, input, idempotent).await;
    idempotency::settle(domain.db.conn(), domain.clock.now(), idempotent, result).await
}

async fn create_in_transaction(
    domain: &Domain,
    access: &BoardAccess,
    input: NewScenario,
    idempotent: Option<&Idempotent<SavedScenarioResult>>,
) -> DomainResult<Created<SavedScenarioResult>> {
    access.require(BoardRole::Editor)?;
    let mut checks = Checks::new();
    let name = checks.text("name", &input.name, NAME_CHARS);
    checks.finish()?;
    let baseline = Baseline::today(domain, access).await?;
    let changed = baseline
        .apply(domain, &input.changes)
        .await
        .map_err(|err| err.nested_under("changes"))?;
    let changes_json = serde_json::to_string(&input.changes)
        .map_err(|err| DbErr::Custom(format!("the scenario's changes as JSON: {err}")))?;
    let now = domain.clock.now();
    let txn = domain.db.begin_write().await?;
    if let Some(replay) = idempotency::replay(&*txn, now, idempotent).await? {
        return Ok(Created::Replayed(replay));
    }
    let stored = scenario::ActiveModel {
        board_id: Set(access.board_id()),
        name: Set(name),
        changes_json: Set(changes_json),
        created_by: Set(Some(access.user_id)),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&*txn)
    .await
    .map_err(|err| {
        if is_unique_violation(&err) {
            name_taken()
        } else {
            err.into()
        }
    })?;
    let saved = view(stored)?;
    audit::record(
        &*txn,
        now,
        Change::on_board(access, AuditKind::Scenario, saved.id, None, Some(&saved)),
    )
    .await?;
    let answer = SavedScenarioResult {
        result: ScenarioResult {
            applied: input.changes,
            adjustments: Vec::new(),
            evaluation: baseline.evaluation(&changed),
        },
        scenario: saved,
    };
    idempotency::remember(&*txn, now, idempotent, &answer).await?;
    txn.commit().await?;
    Ok(Created::New(answer))
}

fn name_taken() -> DomainError {
    DomainError::conflict(
        ProblemCode::ScenarioNameTaken,
        "the board already has a scenario of this name",
    )
}

#[derive(Clone, Debug, Default)]
pub struct ScenarioFilter {
    pub limit: Option<u64>,
    pub cursor: Option<String>,
}

/// The board's saved scenarios, oldest first, without their evaluation.
pub async fn list(
    domain: &Domain,
    access: &BoardAccess,
    filter: ScenarioFilter,
) -> DomainResult<Page<SavedScenario>> {
    access.require(BoardRole::Editor)?;
    let mut checks = Checks::new();
    let page = pagination::by_id_parse(&mut checks, filter.limit, filter.cursor.as_deref());
    checks.finish()?;
    let backend = domain.db.backend();
    let mut query =
        scenario::Entity::find().filter(scenario::Column::BoardId.eq(access.board_id()));
    let filtered = query.clone().build(backend);
    if let Some(after) = page.after {
        query = query.filter(scenario::Column::Id.gt(after));
    }
    let window = query
        .order_by_asc(scenario::Column::Id)
        .limit(page.fetch())
        .build(backend);
    let (rows, total) = pagination::read::<scenario::Model>(&domain.db, filtered, window).await?;
    let page = page.page(rows, total, |row| row.id.to_string());
    let items = page
        .items
        .into_iter()
        .map(view)
        .collect::<DomainResult<_>>()?;
    Ok(Page {
        items,
        total: page.total,
        next_cursor: page.next_cursor,
    })
}

/// A saved scenario evaluated against today's data.
pub async fn get(
    domain: &Domain,
    access: &BoardAccess,
    scenario_id: i64,
) -> DomainResult<SavedScenarioResult> {
    access.require(BoardRole::Editor)?;
    let saved = find(domain, access, scenario_id).await?;
    let result = super::scenario::reevaluate(domain, access, &saved.changes).await?;
    Ok(SavedScenarioResult {
        scenario: saved,
        result,
    })
}

/// Deletes a saved scenario.
pub async fn delete(domain: &Domain, access: &BoardAccess, scenario_id: i64) -> DomainResult<()> {
    access.require(BoardRole::Editor)?;
    let saved = find(domain, access, scenario_id).await?;
    let now = domain.clock.now();
    let txn = domain.db.begin_write().await?;
    let deleted = scenario::Entity::delete_many()
        .filter(scenario::Column::Id.eq(saved.id))
        .filter(scenario::Column::BoardId.eq(access.board_id()))
        .exec(&*txn)
        .await?;
    if deleted.rows_affected == 0 {
        return Err(DomainError::NotFound("scenario"));
    }
    audit::record(
        &*txn,
        now,
        Change::on_board(access, AuditKind::Scenario, saved.id, Some(&saved), None),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Saved scenarios side by side against one baseline, today, in the order asked. `ids` is a
/// comma-separated list of 1 to [`SCENARIOS_COMPARED`] scenario ids of the board, each once.
pub async fn compare(
    domain: &Domain,
    access: &BoardAccess,
    ids: &str,
) -> DomainResult<ScenarioComparison> {
    access.require(BoardRole::Editor)?;
    let mut checks = Checks::new();
    let ids = parse_ids(&mut checks, ids);
    checks.finish()?;
    let mut saved = Vec::with_capacity(ids.len());
    for id in ids {
        saved.push(find(domain, access, id).await?);
    }
    let baseline = Baseline::today(domain, access).await?;
    let mut scenarios = Vec::with_capacity(saved.len());
    for scenario in saved {
        let mut known = RecentTimes::new();
        let (applied, adjustments) = baseline
            .as_of_today(domain, &scenario.changes, &mut known)
            .await?;
        let changed = baseline.apply_known(domain, &applied, &mut known).await?;
        let (outcome, difference) = baseline.compare(&changed);
        scenarios.push(ComparedScenario {
            id: scenario.id,
            name: scenario.name,
            adjustments,
            outcome,
            difference,
        });
    }
    Ok(ScenarioComparison {
        board_id: access.board_id(),
        as_of: baseline.as_of(),
        currency: baseline.currency(),
        method: METHOD.to_owned(),
        baseline: baseline.outcome().clone(),
        scenarios,
    })
}

/// `1,2,3`: whole numbers, comma-separated, each once, 1 to [`SCENARIOS_COMPARED`] of them.
fn parse_ids(checks: &mut Checks, raw: &str) -> Vec<i64> {
    let parsed: Option<Vec<i64>> = raw
        .split(',')
        .map(|part| part.trim().parse::<i64>().ok().filter(|id| *id > 0))
        .collect();
    let Some(ids) = parsed else {
        checks.fail("ids", "invalid", "must be scenario ids separated by commas");
        return Vec::new();
    };
    let mut seen = std::collections::HashSet::new();
    if ids.len() > SCENARIOS_COMPARED {
        checks.fail(
            "ids",
            "too_many",
            format!("takes at most {SCENARIOS_COMPARED} scenarios"),
        );
    } else if !ids.iter().all(|id| seen.insert(*id)) {
        checks.fail("ids", "duplicate", "names a scenario twice");
    }
    ids
}

async fn find(
    domain: &Domain,
    access: &BoardAccess,
    scenario_id: i64,
) -> DomainResult<SavedScenario> {
    let row = scenario::Entity::find_by_id(scenario_id)
        .filter(scenario::Column::BoardId.eq(access.board_id()))
        .one(domain.db.conn())
        .await?
        .ok_or(DomainError::NotFound("scenario"))?;
    view(row)
}

fn view(row: scenario::Model) -> DomainResult<SavedScenario> {
    let changes: ScenarioInput = serde_json::from_str(&row.changes_json).map_err(|err| {
        DbErr::Custom(format!(
            "scenario {} holds unreadable changes: {err}",
            row.id
        ))
    })?;
    Ok(SavedScenario {
        id: row.id,
        board_id: row.board_id,
        name: row.name,
        changes,
        created_by: row.created_by,
        created_at: row.created_at,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(raw: &str) -> Result<Vec<i64>, Vec<String>> {
        let mut checks = Checks::new();
        let ids = parse_ids(&mut checks, raw);
        checks.finish().map(|()| ids).map_err(|err| match err {
            DomainError::Validation(errors) => errors.into_iter().map(|e| e.code).collect(),
            other => vec![other.to_string()],
        })
    }

    #[test]
    fn compared_ids_are_whole_positive_numbers_each_once_at_most_ten() {
        assert_eq!(ids("3"), Ok(vec![3]));
        assert_eq!(ids(" 3, 1 ,2"), Ok(vec![3, 1, 2]));
        assert_eq!(ids("1,2,3,4,5,6,7,8,9,10").map(|v| v.len()), Ok(10));
        assert_eq!(
            ids("1,2,3,4,5,6,7,8,9,10,11"),
            Err(vec!["too_many".to_owned()])
        );
        assert_eq!(ids("1,1"), Err(vec!["duplicate".to_owned()]));
        for bad in ["", "a", "1,,2", "0", "-1", "1.5", "1;2"] {
            assert_eq!(ids(bad), Err(vec!["invalid".to_owned()]), "{bad}");
        }
    }
}
