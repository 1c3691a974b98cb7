//! Everything the optimiser knows about a board, gathered once per call from the same functions
//! every other surface uses (metrics, analytics, forecast), so its figures agree with the
//! dashboards. [`BoardFacts::prompt_payload`] is the only view that leaves the process: people
//! appear there as `person-N`, never by name or email.

use budget_contract::auth::OrgRole;
use budget_contract::forecast::Forecast;
use budget_contract::limits::LLM_PROMPT_TASKS;
use budget_contract::metrics::BudgetMetrics;
use budget_contract::{Currency, Money};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ConnectionTrait, FromQueryResult};
use serde_json::{json, Value};

use budget_domain::access::{self, BoardAccess};
use budget_domain::analytics::queries::{daily_costs, task_rows, DayCost, TaskRow};
use budget_domain::error::DomainResult;
use budget_domain::metrics::formulas::window_start;
use budget_domain::rates;
use budget_domain::sql;
use budget_domain::Domain;

/// Days of daily costs the pattern detection looks at.
pub const PATTERN_DAYS: u32 = 91;

/// A person who works on the board, with the rate they cost there.
#[derive(Clone, Debug, PartialEq, Eq, FromQueryResult)]
pub struct PersonRow {
    pub user_id: i64,
    pub display_name: String,
    /// `admin`, `editor`, `viewer`, or null for the creator without a membership row.
    pub role: Option<String>,
    /// Their organisation role (`admin`, `member`) when they belong to the board's organisation.
    pub org_role: Option<String>,
    /// The cost rate of their hours today on a task without a rate of its own (in the board's
    /// currency unless the rate names another).
    pub rate_cents: Option<i64>,
    pub logged_centihours: i64,
    pub labour_cents: i64,
}

impl PersonRow {
    /// The rate that applies when they log time on a task without its own rate.
    pub fn rate_cents(&self) -> Option<i64> {
        self.rate_cents
    }

    /// Whether they may log time: the rule of [`access::may_log_time`] (editors and admins of
    /// the board, its creator, the admins of its organisation).
    pub fn can_log(&self, creator: i64) -> bool {
        access::may_log_time(&access::Facts {
            is_creator: self.user_id == creator,
            member_role: self.role.as_deref().and_then(|role| role.parse().ok()),
            same_org_role: self.org_role.as_deref().and_then(|role| role.parse().ok()),
        })
    }
}

#[derive(Clone, Debug)]
pub struct BoardFacts {
    pub board_id: i64,
    pub board_name: String,
    pub created_by: i64,
    pub start_date: NaiveDate,
    pub due_date: Option<NaiveDate>,
    pub today: NaiveDate,
    /// The domain clock's moment when the facts were gathered: when an answer is generated.
    pub now: DateTime<Utc>,
    pub metrics: BudgetMetrics,
    pub forecast: Forecast,
    pub tasks: Vec<TaskRow>,
    pub people: Vec<PersonRow>,
    /// The last [`PATTERN_DAYS`] days of what spent the budget (on its basis), zero days
    /// included.
    pub recent_days: Vec<DayCost>,
}

impl BoardFacts {
    /// The currency of the board's amounts: its budget's, else the default currency.
    pub fn currency(&self) -> &'static Currency {
        Currency::find_or_default(
            self.metrics
                .currency
                .as_deref()
                .unwrap_or(budget_domain::budget::DEFAULT_CURRENCY),
        )
    }
}

pub async fn gather(domain: &Domain, access: &BoardAccess) -> DomainResult<BoardFacts> {
    let conn = domain.db.conn();
    let today = domain.clock.today();
    let board = &access.board;
    let metrics =
        std::sync::Arc::unwrap_or_clone(budget_domain::metrics::live(domain, access).await?);
    let forecast = std::sync::Arc::unwrap_or_clone(
        budget_domain::forecast::board_forecast(domain, access, None, None).await?,
    );
    let tasks = task_rows(conn, board.id).await?;
    let people = people(conn, board, today).await?;
    let recent_days = daily_costs(
        conn,
        board.id,
        metrics.basis,
        window_start(today, PATTERN_DAYS),
        today,
    )
    .await?;
    Ok(BoardFacts {
        board_id: board.id,
        board_name: board.name.clone(),
        created_by: board.created_by,
        start_date: board.start_date,
        due_date: board.due_date,
        today,
        now: domain.clock.now(),
        metrics,
        forecast,
        tasks,
        people,
        recent_days,
    })
}

/// Members, the creator, the admins of the board's organisation and anyone assigned a task,
/// with their rates and logged time here.
async fn people<C: ConnectionTrait>(
    conn: &C,
    board: &budget_domain::entity::board::Model,
    today: NaiveDate,
) -> DomainResult<Vec<PersonRow>> {
    let board_id = board.id;
    let mut people: Vec<PersonRow> = sql::all(
        conn,
        "SELECT u.id AS user_id, u.display_name, m.role, \
                CASE WHEN u.organization_id = b.organization_id THEN u.org_role END AS org_role, \
                CAST(NULL AS BIGINT) AS rate_cents, \
                CAST(COALESCE(l.centihours, 0) AS BIGINT) AS logged_centihours, \
                CAST(COALESCE(l.labour, 0) AS BIGINT) AS labour_cents \
         FROM app_user u \
         JOIN board b ON b.id = $1 \
         LEFT JOIN board_member m ON m.board_id = b.id AND m.user_id = u.id \
         LEFT JOIN (SELECT p.user_id, p.centihours, p.labour_cost_cents AS labour \
                    FROM board_person_labour p WHERE p.board_id = $1) l \
           ON l.user_id = u.id \
         WHERE m.user_id IS NOT NULL \
            OR u.id = b.created_by \
            OR (u.organization_id = b.organization_id AND u.org_role = $2) \
            OR u.id IN (SELECT t.assignee_id FROM task t \
                        WHERE t.board_id = $1 AND t.assignee_id IS NOT NULL) \
         ORDER BY u.id",
        vec![board_id.into(), OrgRole::Admin.as_str().into()],
    )
    .await?;
    // Their rates today on a task of no rate of its own.
    let users: Vec<i64> = people.iter().map(|p| p.user_id).collect();
    let rows = rates::candidates(conn, board_id, board.organization_id, &[], &users).await?;
    for person in &mut people {
        person.rate_cents = rates::resolve(&rows, 0, person.user_id, today)
            .cost
            .map(|applied| applied.cents);
    }
    Ok(people)
}

impl BoardFacts {
    /// The anonymous alias of a person in prompts: `person-1`, `person-2`… by user id order.
    pub fn alias(&self, user_id: i64) -> String {
        self.people
            .iter()
            .position(|p| p.user_id == user_id)
            .map_or_else(|| "person-?".to_owned(), |i| format!("person-{}", i + 1))
    }

    /// The aggregated figures an LLM may see: amounts, counts, task ids, aliases. No names,
    /// no emails, no ids of people, no titles (they are people's free text), and at most
    /// [`LLM_PROMPT_TASKS`] tasks, those costing most (actual, then estimated cost), so a
    /// large board does not make a large prompt.
    pub fn prompt_payload(&self) -> Value {
        let m = &self.metrics;
        let f = &self.forecast;
        let currency = self.currency();
        let mut costliest: Vec<&TaskRow> = self.tasks.iter().collect();
        costliest.sort_by_key(|t| {
            (
                std::cmp::Reverse(t.total_cents()),
                std::cmp::Reverse(t.estimated_cents),
                t.id,
            )
        });
        let tasks: Vec<Value> = costliest
            .into_iter()
            .take(LLM_PROMPT_TASKS)
            .map(|t| {
                json!({
                    "task_id": t.id,
                    "status": t.status,
                    "priority": t.priority,
                    "progress_percent": t.progress,
                    "assignee": t.assignee_id.map(|id| self.alias(id)),
                    "estimated_cost": budget_domain::amount::money(t.estimated_cents, currency),
                    "estimated_hours": budget_domain::amount::hours(t.estimated_centihours),
                    "actual_cost": budget_domain::amount::money(t.total_cents(), currency),
                    "logged_hours": budget_domain::amount::hours(t.centihours),
                })
            })
            .collect();
        let people: Vec<Value> = self
            .people
            .iter()
            .map(|p| {
                json!({
                    "person": self.alias(p.user_id),
                    "role": p.role.clone().unwrap_or_else(|| "admin".to_owned()),
                    "hourly_rate": p.rate_cents().map(|rate| {
                        Money::exact_in_currency(budget_domain::amount::from_hundredths(rate), currency)
                    }),
                    "logged_hours": budget_domain::amount::hours(p.logged_centihours),
                    "labour_cost": budget_domain::amount::money(p.labour_cents, currency),
                })
            })
            .collect();
        json!({
            "as_of": self.today,
            "currency": m.currency,
            "start_date": self.start_date,
            "due_date": self.due_date,
            "budget": {
                "allocated": m.allocated_budget,
                "spent": m.spent,
                "remaining": m.remaining,
                "utilisation_percent": m.utilisation_percent,
                "status": m.status,
                "warning_threshold": m.warning_threshold,
                "critical_threshold": m.critical_threshold,
                "allocated_hours": m.allocated_hours,
                "spent_hours": m.spent_hours,
                "cost_split": m.cost_split,
                "burn_rate": m.burn_rate,
            },
            "forecast": {
                "projected_cost_at_completion": f.projected_cost_at_completion,
                "interval_80": f.interval_80,
                "probability_over_budget_percent": f.probability_over_budget,
                "projected_overrun": f.projected_overrun,
                "projected_exhaustion_date": f.projected_exhaustion_date,
                "completion_date": f.inputs.completion_date,
                "cpi": f.inputs.cpi,
                "percent_complete": f.inputs.percent_complete,
            },
            "task_count": self.tasks.len(),
            "tasks": tasks,
            "people": people,
        })
    }
}
