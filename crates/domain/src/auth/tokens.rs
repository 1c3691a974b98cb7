//! Personal access tokens: random, shown once, stored as a SHA-256 hash, scoped, expiring and
//! revocable.
//!
//! A fast hash is right here (unlike passwords): the token has 256 bits of entropy, so the
//! hash only has to stop a leaked table from being usable, and lookups stay one indexed query.

use budget_contract::audit::{AuditAction, AuditKind};
use budget_contract::auth::{ApiToken, CreatedApiToken, NewApiToken, TokenScope};
use budget_contract::limits::{SHORT_NAME_CHARS, TOKEN_DAYS};
use budget_contract::page::Page;
use chrono::Duration;
use rand::RngCore;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, QueryTrait,
    Set,
};
use sha2::{Digest, Sha256};

use crate::audit::{self, Change};
use crate::auth::Principal;
use crate::entity::api_token;
use crate::error::{DomainError, DomainResult};
use crate::idempotency::{self, Created, Idempotent};
use crate::pagination;
use crate::validate::Checks;
use crate::Domain;

/// Every token starts with this, so secret scanners and people can recognise one.
pub const TOKEN_PREFIX: &str = "brt_";
const DEFAULT_DAYS: i64 = 90;
/// A token's `last_used_at` is refreshed at most this often, to keep reads from becoming writes.
const LAST_USED_GRANULARITY_SECS: i64 = 60;

pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// A new random secret of 256 bits, hex, after `prefix`.
pub fn new_secret(prefix: &str) -> String {
    let mut secret = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut secret);
    format!("{prefix}{}", hex::encode(secret))
}

/// What the audit trail keeps of a token: never the secret or its hash.
#[derive(serde::Serialize)]
struct TokenTrail<'a> {
    name: &'a str,
    scope: &'a str,
    prefix: &'a str,
    expires_at: chrono::DateTime<chrono::Utc>,
    revoked_at: Option<chrono::DateTime<chrono::Utc>>,
}

impl<'a> From<&'a api_token::Model> for TokenTrail<'a> {
    fn from(model: &'a api_token::Model) -> Self {
        Self {
            name: &model.name,
            scope: &model.scope,
            prefix: &model.token_prefix,
            expires_at: model.expires_at,
            revoked_at: model.revoked_at,
        }
    }
}

/// Records a token's creation or revocation in the audit trail.
async fn audit_token<C: sea_orm::ConnectionTrait>(
    conn: &C,
    now: chrono::DateTime<chrono::Utc>,
    actor_id: i64,
    action: AuditAction,
    token_id: i64,
    old: Option<&api_token::Model>,
    new: Option<&api_token::Model>,
) -> Result<(), sea_orm::DbErr> {
    let old = old.map(TokenTrail::from);
    let new = new.map(TokenTrail::from);
    audit::record(
        conn,
        now,
        Change {
            actor_id,
            board_id: None,
            entity_type: AuditKind::ApiToken,
            entity_id: token_id,
            action,
            old: old.as_ref(),
            new: new.as_ref(),
        },
    )
    .await
}

/// Creates a token for the caller, who must be signed in with a session (a token never mints
/// another).
pub async fn create(
    domain: &Domain,
    caller: &Principal,
    input: NewApiToken,
    idempotent: Option<&Idempotent<CreatedApiToken>>,
) -> DomainResult<Created<CreatedApiToken>> {
    let result = create_in_transaction(domain, caller, input, idempotent).await;
    idempotency::settle(domain.db.conn(), domain.clock.now(), idempotent, result).await
}

async fn create_in_transaction(
    domain: &Domain,
    caller: &Principal,
    input: NewApiToken,
    idempotent: Option<&Idempotent<CreatedApiToken>>,
) -> DomainResult<Created<CreatedApiToken>> {
    caller.require_session()?;
    let user_id = caller.user_id;
    let mut checks = Checks::new();
    let name = checks.text("name", &input.name, SHORT_NAME_CHARS);
    let days = input.expires_in_days.unwrap_or(DEFAULT_DAYS);
    if !(TOKEN_DAYS.0..=TOKEN_DAYS.1).contains(&days) {
        checks.fail(
            "expires_in_days",
            "out_of_range",
            "must be between 1 and 365",
        );
    }
    checks.finish()?;

    let now = domain.clock.now();
    let txn = domain.db.begin_write().await?;
    if let Some(replay) = idempotency::replay(&*txn, now, idempotent).await? {
        return Ok(Created::Replayed(replay));
    }
    let token = new_secret(TOKEN_PREFIX);
    let model = api_token::ActiveModel {
        user_id: Set(user_id),
        name: Set(name),
        scope: Set(input.scope.as_str().to_owned()),
        token_hash: Set(hash_token(&token)),
        token_prefix: Set(token.chars().take(TOKEN_PREFIX.len() + 8).collect()),
        created_at: Set(now),
        last_used_at: Set(None),
        expires_at: Set(now + Duration::days(days)),
        revoked_at: Set(None),
        ..Default::default()
    }
    .insert(&*txn)
    .await?;
    audit_token(
        &*txn,
        now,
        user_id,
        AuditAction::Create,
        model.id,
        None,
        Some(&model),
    )
    .await?;
    let created = CreatedApiToken {
        token,
        info: view(model),
    };
    idempotency::remember(&*txn, now, idempotent, &created).await?;
    txn.commit().await?;
    Ok(Created::New(created))
}

/// The caller's tokens in the order they were created, a page at a time.
pub async fn list(
    domain: &Domain,
    user_id: i64,
    limit: Option<u64>,
    cursor: Option<&str>,
) -> DomainResult<Page<ApiToken>> {
    let page = pagination::by_id(limit, cursor)?;
    let backend = domain.db.backend();
    let mut query = api_token::Entity::find().filter(api_token::Column::UserId.eq(user_id));
    let filtered = query.clone().build(backend);
    if let Some(after) = page.after {
        query = query.filter(api_token::Column::Id.gt(after));
    }
    let window = query
        .order_by_asc(api_token::Column::Id)
        .limit(page.fetch())
        .build(backend);
    let (rows, total) = pagination::read::<api_token::Model>(&domain.db, filtered, window).await?;
    Ok(page.page(rows, total, |t| t.id.to_string()).map(view))
}

/// Revoking twice is harmless; another user's token is "not found" so ids reveal nothing.
pub async fn revoke(domain: &Domain, user_id: i64, token_id: i64) -> DomainResult<()> {
    let txn = domain.db.begin_write().await?;
    let token = api_token::Entity::find_by_id(token_id)
        .filter(api_token::Column::UserId.eq(user_id))
        .one(&*txn)
        .await?
        .ok_or(DomainError::NotFound("token"))?;
    if token.revoked_at.is_none() {
        let now = domain.clock.now();
        let mut active: api_token::ActiveModel = token.clone().into();
        active.revoked_at = Set(Some(now));
        let revoked = active.update(&*txn).await?;
        audit_token(
            &*txn,
            now,
            user_id,
            AuditAction::Revoke,
            token.id,
            Some(&token),
            Some(&revoked),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Revokes every live token of `user_id` (an account being contained), recording each in the
/// audit trail as done by `actor_id`, inside the caller's transaction.
pub(crate) async fn revoke_all<C: sea_orm::ConnectionTrait>(
    conn: &C,
    now: chrono::DateTime<chrono::Utc>,
    actor_id: i64,
    user_id: i64,
) -> DomainResult<usize> {
    let live = api_token::Entity::find()
        .filter(api_token::Column::UserId.eq(user_id))
        .filter(api_token::Column::RevokedAt.is_null())
        .order_by_asc(api_token::Column::Id)
        .all(conn)
        .await?;
    for token in &live {
        let mut active: api_token::ActiveModel = token.clone().into();
        active.revoked_at = Set(Some(now));
        let revoked = active.update(conn).await?;
        audit_token(
            conn,
            now,
            actor_id,
            AuditAction::Revoke,
            token.id,
            Some(token),
            Some(&revoked),
        )
        .await?;
    }
    Ok(live.len())
}

/// Resolves a presented token to its owner, refusing unknown, expired and revoked ones.
pub async fn authenticate(domain: &Domain, token: &str) -> DomainResult<Principal> {
    let found = api_token::Entity::find()
        .filter(api_token::Column::TokenHash.eq(hash_token(token)))
        .one(domain.db.conn())
        .await?
        .ok_or(DomainError::Unauthenticated(
            "the access token is not valid",
        ))?;
    let now = domain.clock.now();
    if found.revoked_at.is_some() {
        return Err(DomainError::Unauthenticated("the access token was revoked"));
    }
    if found.expires_at <= now {
        return Err(DomainError::Unauthenticated("the access token has expired"));
    }
    let principal = Principal {
        user_id: found.user_id,
        scope: stored_scope(&found.scope),
        session: false,
    };
    let stale = found
        .last_used_at
        .is_none_or(|used| (now - used).num_seconds() >= LAST_USED_GRANULARITY_SECS);
    if stale {
        let txn = domain.db.begin_write().await?;
        let mut active: api_token::ActiveModel = found.into();
        active.last_used_at = Set(Some(now));
        active.update(&*txn).await?;
        txn.commit().await?;
    }
    Ok(principal)
}

/// A stored scope; anything unexpected is treated as the narrower scope.
fn stored_scope(stored: &str) -> TokenScope {
    stored.parse().unwrap_or(TokenScope::Read)
}

fn view(model: api_token::Model) -> ApiToken {
    ApiToken {
        id: model.id,
        name: model.name,
        scope: stored_scope(&model.scope),
        prefix: model.token_prefix,
        created_at: model.created_at,
        last_used_at: model.last_used_at,
        expires_at: model.expires_at,
        revoked_at: model.revoked_at,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_hash_is_hex_sha256() {
        assert_eq!(
            hash_token("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
