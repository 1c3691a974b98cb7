//! What is kept only for a while: idempotency records (for
//! [`IDEMPOTENCY_HOURS`](budget_contract::limits::IDEMPOTENCY_HOURS)) and personal access
//! tokens past their expiry. [`prune`] removes both; the server runs it periodically.

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::entity::{api_token, idempotency_record};
use crate::error::DomainResult;
use crate::idempotency::expired_before;
use crate::Domain;

/// How many rows one [`prune`] removed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Pruned {
    pub idempotency_records: u64,
    pub expired_tokens: u64,
}

/// Removes expired idempotency records and expired personal access tokens (which can never
/// authenticate again), in one transaction.
pub async fn prune(domain: &Domain) -> DomainResult<Pruned> {
    let now = domain.clock.now();
    let txn = domain.db.begin_write().await?;
    let records = idempotency_record::Entity::delete_many()
        .filter(idempotency_record::Column::CreatedAt.lte(expired_before(now)))
        .exec(&*txn)
        .await?;
    let tokens = api_token::Entity::delete_many()
        .filter(api_token::Column::ExpiresAt.lte(now))
        .exec(&*txn)
        .await?;
    txn.commit().await?;
    Ok(Pruned {
        idempotency_records: records.rows_affected,
        expired_tokens: tokens.rows_affected,
    })
}
