//! Learned cost patterns as stored: listed without learning again.

use budget_contract::optimizer::CostPattern;
use budget_contract::page::Page;
use rust_decimal::prelude::FromPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, QueryTrait};
use serde_json::Value;

use budget_domain::access::BoardAccess;
use budget_domain::entity::cost_pattern;
use budget_domain::error::DomainResult;
use budget_domain::pagination;
use budget_domain::Domain;

/// A stored pattern as the API shows it: the same fields as when it was learned. The
/// confidence is kept as a float in storage and read back to two decimals, as it was learned.
pub fn view(model: cost_pattern::Model) -> CostPattern {
    let description = match model.pattern_data.get("description") {
        Some(Value::String(text)) => text.clone(),
        _ => String::new(),
    };
    let data = model
        .pattern_data
        .get("figures")
        .cloned()
        .unwrap_or(Value::Null);
    let mut confidence = Decimal::from_f64(model.confidence)
        .unwrap_or_default()
        .round_dp_with_strategy(2, RoundingStrategy::MidpointNearestEven);
    confidence.rescale(2);
    CostPattern {
        name: model.pattern_name,
        pattern_type: model.pattern_type,
        description,
        data,
        confidence,
        occurrence_count: model.occurrence_count,
        last_occurred: model.last_occurred,
    }
}

/// The board's learned patterns, in the order they were first learned, a page at a time.
/// Learning again updates a pattern in place (same name), so it keeps its place.
pub async fn list(
    domain: &Domain,
    access: &BoardAccess,
    limit: Option<u64>,
    cursor: Option<&str>,
) -> DomainResult<Page<CostPattern>> {
    let page = pagination::by_id(limit, cursor)?;
    let mut query =
        cost_pattern::Entity::find().filter(cost_pattern::Column::BoardId.eq(access.board_id()));
    let backend = domain.db.backend();
    let filtered = query.clone().build(backend);
    if let Some(after) = page.after {
        query = query.filter(cost_pattern::Column::Id.gt(after));
    }
    let window = query
        .order_by_asc(cost_pattern::Column::Id)
        .limit(page.fetch())
        .build(backend);
    let (rows, total) =
        pagination::read::<cost_pattern::Model>(&domain.db, filtered, window).await?;
    Ok(page.page(rows, total, |r| r.id.to_string()).map(view))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};
    use serde_json::json;

    #[test]
    fn a_stored_pattern_reads_back_as_learned() {
        let last = Utc.with_ymd_and_hms(2026, 11, 25, 9, 0, 0).unwrap();
        let model = cost_pattern::Model {
            id: 7,
            board_id: 1,
            pattern_name: "priority:low overrun".into(),
            pattern_type: "priority_overrun".into(),
            pattern_data: json!({"description": "Low-priority tasks cost more.", "figures": {"tasks": 3}}),
            confidence: 0.67,
            occurrence_count: 2,
            last_occurred: last,
        };
        let pattern = view(model);
        assert_eq!(pattern.description, "Low-priority tasks cost more.");
        assert_eq!(pattern.data, json!({"tasks": 3}));
        assert_eq!(pattern.confidence.to_string(), "0.67");
        assert_eq!(pattern.last_occurred, last);
        let whole = view(cost_pattern::Model {
            confidence: 1.0,
            ..cost_pattern::Model {
                id: 8,
                board_id: 1,
                pattern_name: "n".into(),
                pattern_type: "t".into(),
                pattern_data: json!({}),
                confidence: 0.0,
                occurrence_count: 0,
                last_occurred: last,
            }
        });
        assert_eq!(whole.confidence.to_string(), "1.00");
        assert_eq!(whole.description, "");
        assert_eq!(whole.data, Value::Null);
    }
}
