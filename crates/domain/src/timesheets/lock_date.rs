//! An organisation's lock date: every entry of its boards worked on or before it is closed
//! (409 `entry_locked` on creating, changing or deleting it). Its members read it; its admins
//! set, move or clear it, and each change is audited on the organisation (`time_lock`).

use budget_contract::audit::AuditAction;
use budget_contract::timesheet::TimeLock;
use sea_orm::{ActiveModelTrait, EntityTrait, Set};
use serde_json::json;

use crate::entity::organization_time_lock;
use crate::error::DomainResult;
use crate::organizations::{membership, record, require_org_admin};
use crate::Domain;

/// The organisation's lock date (its members).
pub async fn get(domain: &Domain, user_id: i64, org_id: i64) -> DomainResult<TimeLock> {
    membership(domain, user_id, org_id).await?;
    let lock = organization_time_lock::Entity::find_by_id(org_id)
        .one(domain.db.conn())
        .await?;
    Ok(TimeLock {
        closed_through: lock.map(|lock| lock.closed_through),
    })
}

/// Sets, moves or clears (`null`) the organisation's lock date (its admins), audited.
pub async fn put(
    domain: &Domain,
    user_id: i64,
    org_id: i64,
    input: TimeLock,
) -> DomainResult<TimeLock> {
    require_org_admin(
        domain,
        user_id,
        org_id,
        "only organisation admins set its lock date",
    )
    .await?;
    let now = domain.clock.now();
    let txn = domain.db.begin_write().await?;
    let old = organization_time_lock::Entity::find_by_id(org_id)
        .one(&*txn)
        .await?;
    let before = old.as_ref().map(|lock| lock.closed_through);
    if before != input.closed_through {
        organization_time_lock::Entity::delete_by_id(org_id)
            .exec(&*txn)
            .await?;
        if let Some(closed_through) = input.closed_through {
            organization_time_lock::ActiveModel {
                organization_id: Set(org_id),
                closed_through: Set(closed_through),
                updated_by: Set(Some(user_id)),
                updated_at: Set(now),
            }
            .insert(&*txn)
            .await?;
        }
        record(
            &*txn,
            now,
            user_id,
            org_id,
            AuditAction::TimeLock,
            Some(json!({ "closed_through": before })),
            Some(json!({ "closed_through": input.closed_through })),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(input)
}
