//! Recommendations as stored: deduplicated against pending ones, listed without regenerating,
//! and acted on through a small lifecycle (pending → accepted | rejected; accepted →
//! implemented), each action audited.

use budget_contract::audit::{AuditAction, AuditKind};
use budget_contract::board::BoardRole;
use budget_contract::limits::NOTE_CHARS;
use budget_contract::optimizer::{
    AiSource, Recommendation, RecommendationActionInput, RecommendationStatus, RecommendationType,
    ReviewAction,
};
use budget_contract::page::Page;
use budget_contract::problem::ProblemCode;
use budget_contract::scenario::{ScenarioInput, ScenarioResult};
use budget_contract::task::Priority;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, QueryTrait,
    Set,
};
use std::str::FromStr;

use super::drafts::RecommendationDraft;
use budget_contract::alert::EventType;
use budget_contract::Currency;
use budget_domain::access::{board_access, BoardAccess};
use budget_domain::alerts::events::{self, Event};
use budget_domain::amount::{in_currency_cents, money, optional_money};
use budget_domain::audit::{self, Change};
use budget_domain::entity::budget_recommendation as rec;
use budget_domain::error::{DomainError, DomainResult};
use budget_domain::pagination;
use budget_domain::precondition::{self, refused, Expected};
use budget_domain::validate::{max_amount, Checks};
use budget_domain::Domain;

/// The kind in a recommendation's ETag.
pub const KIND: &str = "recommendation";

/// A stored wire name read back; an unknown one reads as `fallback`.
fn parse<T: FromStr>(stored: &str, fallback: T) -> T {
    stored.parse().unwrap_or(fallback)
}

/// A stored recommendation, its amounts in the board's currency.
pub fn view(model: rec::Model, currency: &Currency) -> Recommendation {
    Recommendation {
        id: model.id,
        board_id: model.board_id,
        recommendation_type: parse(
            &model.recommendation_type,
            RecommendationType::RiskMitigation,
        ),
        title: model.title,
        description: model.description,
        estimated_savings: money(model.estimated_savings_cents, currency),
        confidence_score: model.confidence_score,
        priority: parse(&model.priority, Priority::Medium),
        status: parse(&model.status, RecommendationStatus::Pending),
        reasoning: model.ai_reasoning,
        based_on: model.based_on_patterns.unwrap_or(serde_json::Value::Null),
        source: parse(&model.source, AiSource::Builtin),
        created_at: model.created_at,
        reviewed_by: model.reviewed_by,
        reviewed_at: model.reviewed_at,
        realized_savings: optional_money(model.realized_savings_cents, currency),
        review_note: model.review_note,
        // Written by the server from a `ScenarioInput`; unreadable JSON is shown as none.
        scenario: model
            .scenario_json
            .as_deref()
            .and_then(|json| serde_json::from_str(json).ok()),
        version: model.version,
    }
}

/// Stores the drafts of one answer. A draft with the type and title of a pending
/// recommendation is that recommendation (asking twice does not pile up duplicates).
/// Returns every recommendation of the answer and how many were new.
pub async fn store<C: ConnectionTrait>(
    conn: &C,
    board_id: i64,
    drafts: &[RecommendationDraft],
    source: AiSource,
    currency: &Currency,
    now: DateTime<Utc>,
) -> DomainResult<(Vec<Recommendation>, u32)> {
    let mut stored = Vec::with_capacity(drafts.len());
    let mut created = 0;
    for draft in drafts {
        let kind = draft.kind.as_str();
        // One pending recommendation per (board, type, title) by a unique index: a draft that
        // is already pending inserts nothing, even when two answers are stored at once.
        let inserted = rec::Entity::insert(rec::ActiveModel {
            board_id: Set(board_id),
            recommendation_type: Set(kind.to_owned()),
            title: Set(draft.title.clone()),
            description: Set(draft.description.clone()),
            // Stored as it is shown: in the board's currency (whole yen on a yen board).
            estimated_savings_cents: Set(in_currency_cents(
                draft.estimated_savings_cents,
                currency,
            )),
            confidence_score: Set(draft.confidence),
            priority: Set(draft.priority.as_str().to_owned()),
            status: Set(RecommendationStatus::Pending.as_str().to_owned()),
            ai_reasoning: Set(draft.reasoning.clone()),
            based_on_patterns: Set(Some(draft.based_on.clone())),
            scenario_json: Set(draft
                .scenario
                .as_ref()
                .and_then(|scenario| serde_json::to_string(scenario).ok())),
            source: Set(source.as_str().to_owned()),
            created_at: Set(now),
            ..Default::default()
        })
        .on_conflict(OnConflict::new().do_nothing().to_owned())
        .exec_without_returning(conn)
        .await?;
        let model = rec::Entity::find()
            .filter(rec::Column::BoardId.eq(board_id))
            .filter(rec::Column::Status.eq(RecommendationStatus::Pending.as_str()))
            .filter(rec::Column::RecommendationType.eq(kind))
            .filter(rec::Column::Title.eq(draft.title.clone()))
            .one(conn)
            .await?
            .ok_or(DomainError::NotFound("recommendation"))?;
        let recommendation = view(model, currency);
        if inserted > 0 {
            created += 1;
            // A new recommendation is an event, written with it.
            events::publish(
                conn,
                now,
                &Event {
                    event_type: EventType::RecommendationCreated,
                    board_id,
                    message: format!("New recommendation: {}", recommendation.title),
                    data: event_data(&recommendation),
                },
            )
            .await?;
        }
        stored.push(recommendation);
    }
    Ok((stored, created))
}

#[derive(Clone, Debug, Default)]
pub struct RecommendationFilter {
    pub status: Option<RecommendationStatus>,
    pub kind: Option<RecommendationType>,
    pub limit: Option<u64>,
    pub cursor: Option<String>,
}

/// The board's recommendations, newest first. Reading never generates.
pub async fn list(
    domain: &Domain,
    access: &BoardAccess,
    filter: RecommendationFilter,
) -> DomainResult<Page<Recommendation>> {
    let page = pagination::by_id(filter.limit, filter.cursor.as_deref())?;
    let mut query = rec::Entity::find().filter(rec::Column::BoardId.eq(access.board_id()));
    if let Some(status) = filter.status {
        query = query.filter(rec::Column::Status.eq(status.as_str()));
    }
    if let Some(kind) = filter.kind {
        query = query.filter(rec::Column::RecommendationType.eq(kind.as_str()));
    }
    let backend = domain.db.backend();
    let filtered = query.clone().build(backend);
    if let Some(before) = page.after {
        query = query.filter(rec::Column::Id.lt(before));
    }
    let window = query
        .order_by_desc(rec::Column::Id)
        .limit(page.fetch())
        .build(backend);
    let (rows, total) = pagination::read::<rec::Model>(&domain.db, filtered, window).await?;
    let currency = budget_domain::budget::currency(domain.db.conn(), access.board_id()).await?;
    Ok(page
        .page(rows, total, |r| r.id.to_string())
        .map(|row| view(row, currency)))
}

/// The status an action leads to from `current`, or `None` when the lifecycle forbids it.
pub fn transition(
    current: RecommendationStatus,
    action: ReviewAction,
) -> Option<RecommendationStatus> {
    use RecommendationStatus::{Accepted, Implemented, Pending, Rejected};
    match (current, action) {
        (Pending, ReviewAction::Accept) => Some(Accepted),
        (Pending, ReviewAction::Reject) => Some(Rejected),
        (Accepted, ReviewAction::Implement) => Some(Implemented),
        _ => None,
    }
}

/// The effect of carrying out a recommendation: its scenario evaluated against today's data
/// (dates that have passed move to tomorrow, changes that no longer apply are left out, as for
/// a saved scenario). Editors and admins; 404 when the recommendation has no scenario.
pub async fn scenario(
    domain: &Domain,
    user_id: i64,
    recommendation_id: i64,
) -> DomainResult<ScenarioResult> {
    let current = rec::Entity::find_by_id(recommendation_id)
        .one(domain.db.conn())
        .await?
        .ok_or(DomainError::NotFound("recommendation"))?;
    let access = board_access(domain, current.board_id, user_id).await?;
    access.require(BoardRole::Editor)?;
    let changes: ScenarioInput = current
        .scenario_json
        .as_deref()
        .and_then(|json| serde_json::from_str(json).ok())
        .ok_or(DomainError::NotFound("scenario of the recommendation"))?;
    budget_domain::forecast::scenario::reevaluate(domain, &access, &changes).await
}

/// Accepts, rejects or implements a recommendation (board admins). 404 for an unknown id, 403
/// for one on a board the caller cannot see, 409 for a step the lifecycle does not allow.
pub async fn act(
    domain: &Domain,
    user_id: i64,
    recommendation_id: i64,
    input: RecommendationActionInput,
    expected: Expected,
) -> DomainResult<Recommendation> {
    let current = rec::Entity::find_by_id(recommendation_id)
        .one(domain.db.conn())
        .await?
        .ok_or(DomainError::NotFound("recommendation"))?;
    let access = board_access(domain, current.board_id, user_id).await?;
    access.require(BoardRole::Admin)?;

    let currency = budget_domain::budget::currency(domain.db.conn(), access.board_id()).await?;
    let mut checks = Checks::new();
    let realized = match (input.action, input.realized_savings) {
        (ReviewAction::Implement, value) => {
            checks.optional_money("realized_savings", value, currency, max_amount())
        }
        (_, Some(_)) => {
            checks.fail(
                "realized_savings",
                "not_allowed",
                "only `implement` records realised savings",
            );
            None
        }
        (_, None) => None,
    };
    let note = input
        .note
        .as_deref()
        .map(|note| checks.free_text("note", Some(note), NOTE_CHARS))
        .filter(|note| !note.is_empty());
    checks.finish()?;
    if !expected.allows(Some(current.version)) {
        return Err(refused(KIND, Some(current.version)));
    }

    let from = parse(&current.status, RecommendationStatus::Pending);
    let to = transition(from, input.action).ok_or_else(|| {
        DomainError::conflict(
            ProblemCode::InvalidTransition,
            format!(
                "a recommendation that is {} cannot be {}",
                from.as_str(),
                match input.action {
                    ReviewAction::Accept => "accepted",
                    ReviewAction::Reject => "rejected",
                    ReviewAction::Implement => "implemented (accept it first)",
                }
            ),
        )
    })?;
    let now = domain.clock.now();
    let txn = domain.db.begin_write().await?;
    budget_domain::budget::hold_currency(&*txn, access.board_id(), currency).await?;
    // Compare-and-set on the status: two admins acting at once cannot both succeed.
    let mut update = rec::Entity::update_many()
        .col_expr(rec::Column::Status, Expr::value(to.as_str()))
        .col_expr(rec::Column::Version, Expr::col(rec::Column::Version).add(1))
        .col_expr(rec::Column::ReviewedBy, Expr::value(Some(user_id)))
        .col_expr(rec::Column::ReviewedAt, Expr::value(Some(now)));
    if input.action == ReviewAction::Implement {
        update = update.col_expr(rec::Column::RealizedSavingsCents, Expr::value(realized));
    }
    if note.is_some() {
        update = update.col_expr(rec::Column::ReviewNote, Expr::value(note.clone()));
    }
    let result = update
        .filter(rec::Column::Id.eq(current.id))
        .filter(rec::Column::Status.eq(from.as_str()))
        .filter(rec::Column::Version.eq(current.version))
        .exec(&*txn)
        .await?;
    if result.rows_affected == 0 {
        if expected != Expected::Anything {
            let now_at = rec::Entity::find_by_id(current.id).one(&*txn).await?;
            let err = precondition::missed(KIND, "recommendation", now_at.map(|r| r.version));
            return Err(precondition::abandon(txn, err).await);
        }
        let err = DomainError::conflict(
            ProblemCode::InvalidTransition,
            "the recommendation was reviewed by someone else meanwhile; reload it",
        );
        return Err(precondition::abandon(txn, err).await);
    }
    let updated = rec::Entity::find_by_id(current.id)
        .one(&*txn)
        .await?
        .ok_or(DomainError::NotFound("recommendation"))?;
    let old = view(current, currency);
    let new = view(updated, currency);
    events::publish(
        &*txn,
        now,
        &Event {
            event_type: EventType::RecommendationStatusChanged,
            board_id: access.board_id(),
            message: format!(
                "Recommendation {} is {} (was {})",
                new.title,
                new.status.as_str(),
                old.status.as_str()
            ),
            data: serde_json::json!({
                "previous_status": old.status,
                "recommendation": event_data(&new),
            }),
        },
    )
    .await?;
    audit::record(
        &*txn,
        now,
        Change {
            actor_id: user_id,
            board_id: Some(access.board_id()),
            entity_type: AuditKind::Recommendation,
            entity_id: new.id,
            action: match input.action {
                ReviewAction::Accept => AuditAction::Accept,
                ReviewAction::Reject => AuditAction::Reject,
                ReviewAction::Implement => AuditAction::Implement,
            },
            old: Some(&old),
            new: Some(&new),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(new)
}

/// What an event says of a recommendation: its id, board, type, title, status and estimated
/// savings (the text and reasoning are read from the API).
fn event_data(recommendation: &Recommendation) -> serde_json::Value {
    serde_json::json!({
        "recommendation_id": recommendation.id,
        "board_id": recommendation.board_id,
        "type": recommendation.recommendation_type,
        "title": recommendation.title,
        "status": recommendation.status,
        "estimated_savings": recommendation.estimated_savings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use RecommendationStatus::*;

    #[test]
    fn the_lifecycle_allows_only_its_steps() {
        assert_eq!(transition(Pending, ReviewAction::Accept), Some(Accepted));
        assert_eq!(transition(Pending, ReviewAction::Reject), Some(Rejected));
        assert_eq!(
            transition(Accepted, ReviewAction::Implement),
            Some(Implemented)
        );
        for (from, action) in [
            (Pending, ReviewAction::Implement),
            (Accepted, ReviewAction::Accept),
            (Accepted, ReviewAction::Reject),
            (Rejected, ReviewAction::Accept),
            (Rejected, ReviewAction::Implement),
            (Implemented, ReviewAction::Implement),
            (Implemented, ReviewAction::Reject),
        ] {
            assert_eq!(transition(from, action), None, "{from:?} {action:?}");
        }
    }

    #[test]
    fn enum_names_round_trip() {
        assert_eq!(
            parse("resource_optimization", RecommendationType::RiskMitigation),
            RecommendationType::ResourceOptimization
        );
        assert_eq!(parse("nonsense", Priority::Medium), Priority::Medium);
    }
}
