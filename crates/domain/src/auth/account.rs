//! Containing an account: a password change and "sign out everywhere" end every session issued
//! before them (the account's session epoch goes up; a session carries the epoch it was issued
//! in and is refused once it is behind), and an organisation admin can issue a one-time
//! password-reset token for a member, with which the member sets a new password without
//! signing in.

use budget_contract::audit::{AuditAction, AuditKind};
use budget_contract::auth::{
    CreatedPasswordReset, OrgRole, PasswordChange, PasswordResetRequest, User,
};
use budget_contract::problem::ProblemCode;
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, Set,
};
use serde_json::json;

use crate::audit::{self, Change};
use crate::auth::tokens::{hash_token, new_secret, revoke_all};
use crate::auth::users::{check_password, shown};
use crate::auth::Principal;
use crate::entity::{app_user, password_reset};
use crate::error::{DomainError, DomainResult};
use crate::idempotency::{self, Created, Idempotent};
use crate::organizations::require_org_admin;
use crate::validate::Checks;
use crate::Domain;

/// Every reset token starts with this.
pub const RESET_PREFIX: &str = "brr_";
/// A reset token is valid this long after it is issued.
pub const RESET_HOURS: i64 = 24;

/// The account's current session epoch; `None` when the account no longer exists.
pub async fn session_epoch(domain: &Domain, user_id: i64) -> DomainResult<Option<i64>> {
    Ok(app_user::Entity::find_by_id(user_id)
        .select_only()
        .column(app_user::Column::SessionEpoch)
        .into_tuple::<i64>()
        .one(domain.db.conn())
        .await?)
}

async fn load_user<C: ConnectionTrait>(conn: &C, user_id: i64) -> DomainResult<app_user::Model> {
    app_user::Entity::find_by_id(user_id)
        .one(conn)
        .await?
        .ok_or(DomainError::Unauthenticated("the account no longer exists"))
}

/// Raises the account's epoch: every session issued before is refused from now on.
async fn end_sessions<C: ConnectionTrait>(
    conn: &C,
    user: app_user::Model,
    password_hash: Option<String>,
) -> DomainResult<app_user::Model> {
    let epoch = user.session_epoch.saturating_add(1);
    let mut active: app_user::ActiveModel = user.into();
    active.session_epoch = Set(epoch);
    if let Some(hash) = password_hash {
        active.password_hash = Set(hash);
    }
    Ok(active.update(conn).await?)
}

async fn audit_account<C: ConnectionTrait>(
    conn: &C,
    now: DateTime<Utc>,
    actor_id: i64,
    user_id: i64,
    action: AuditAction,
    old: serde_json::Value,
    new: serde_json::Value,
) -> DomainResult<()> {
    audit::record(
        conn,
        now,
        Change {
            actor_id,
            board_id: None,
            entity_type: AuditKind::User,
            entity_id: user_id,
            action,
            old: Some(&old),
            new: Some(&new),
        },
    )
    .await?;
    Ok(())
}

/// Changes the caller's password, the current one required, and ends every session issued
/// before. Returns the account with its new epoch, for the new session the caller gets.
pub async fn change_password(
    domain: &Domain,
    caller: &Principal,
    input: PasswordChange,
) -> DomainResult<(User, i64)> {
    caller.require_session()?;
    let mut checks = Checks::new();
    check_password(&mut checks, "new_password", &input.new_password);
    checks.finish()?;
    let user = load_user(domain.db.conn(), caller.user_id).await?;
    if !domain
        .passwords
        .verify(&input.current_password, &user.password_hash)
        .await?
    {
        return Err(DomainError::field(
            "current_password",
            "wrong_password",
            "the current password is wrong",
        ));
    }
    let new_hash = domain.passwords.hash(&input.new_password).await?;
    let now = domain.clock.now();
    let txn = domain.db.begin_write().await?;
    let user = load_user(&*txn, caller.user_id).await?;
    let before = user.session_epoch;
    let user = end_sessions(&*txn, user, Some(new_hash)).await?;
    audit_account(
        &*txn,
        now,
        caller.user_id,
        caller.user_id,
        AuditAction::PasswordChange,
        json!({"session_epoch": before}),
        json!({"session_epoch": user.session_epoch}),
    )
    .await?;
    txn.commit().await?;
    let epoch = user.session_epoch;
    Ok((
        shown(domain.db.conn(), user, domain.clock.today()).await?,
        epoch,
    ))
}

/// Ends every session of the caller, this one included.
pub async fn sign_out_everywhere(domain: &Domain, caller: &Principal) -> DomainResult<()> {
    caller.require_session()?;
    let now = domain.clock.now();
    let txn = domain.db.begin_write().await?;
    let user = load_user(&*txn, caller.user_id).await?;
    let before = user.session_epoch;
    let user = end_sessions(&*txn, user, None).await?;
    audit_account(
        &*txn,
        now,
        caller.user_id,
        caller.user_id,
        AuditAction::SignOutEverywhere,
        json!({"session_epoch": before}),
        json!({"session_epoch": user.session_epoch}),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// An organisation admin issues a one-time reset token for a member of their organisation.
/// Earlier unused tokens for that member stop working; the token is answered once.
pub async fn issue_reset(
    domain: &Domain,
    caller: &Principal,
    org_id: i64,
    user_id: i64,
    idempotent: Option<&Idempotent<CreatedPasswordReset>>,
) -> DomainResult<Created<CreatedPasswordReset>> {
    let result = issue_reset_in_transaction(domain, caller, org_id, user_id, idempotent).await;
    idempotency::settle(domain.db.conn(), domain.clock.now(), idempotent, result).await
}

async fn issue_reset_in_transaction(
    domain: &Domain,
    caller: &Principal,
    org_id: i64,
    user_id: i64,
    idempotent: Option<&Idempotent<CreatedPasswordReset>>,
) -> DomainResult<Created<CreatedPasswordReset>> {
    require_org_admin(
        domain,
        caller.user_id,
        org_id,
        "only organisation admins reset passwords",
    )
    .await?;
    let now = domain.clock.now();
    let txn = domain.db.begin_write().await?;
    if let Some(replay) = idempotency::replay(&*txn, now, idempotent).await? {
        return Ok(Created::Replayed(replay));
    }
    let member = app_user::Entity::find_by_id(user_id)
        .one(&*txn)
        .await?
        .filter(|u| u.organization_id == Some(org_id))
        .ok_or(DomainError::NotFound("member"))?;
    // The token is shown to the admin who asks for it, who could then act as its holder; so one
    // admin cannot take over another's account this way. An admin changes their own password.
    if member.id != caller.user_id && member.org_role.as_deref() == Some(OrgRole::Admin.as_str()) {
        return Err(DomainError::forbidden(
            ProblemCode::InsufficientRole,
            "an organisation admin's password is not reset by another admin",
        ));
    }
    password_reset::Entity::update_many()
        .col_expr(
            password_reset::Column::UsedAt,
            sea_orm::sea_query::Expr::value(now),
        )
        .filter(password_reset::Column::UserId.eq(member.id))
        .filter(password_reset::Column::UsedAt.is_null())
        .exec(&*txn)
        .await?;
    let token = new_secret(RESET_PREFIX);
    let expires_at = now + Duration::hours(RESET_HOURS);
    password_reset::ActiveModel {
        user_id: Set(member.id),
        token_hash: Set(hash_token(&token)),
        issued_by: Set(Some(caller.user_id)),
        created_at: Set(now),
        expires_at: Set(expires_at),
        used_at: Set(None),
        ..Default::default()
    }
    .insert(&*txn)
    .await?;
    audit::record(
        &*txn,
        now,
        Change {
            actor_id: caller.user_id,
            board_id: None,
            entity_type: AuditKind::User,
            entity_id: member.id,
            action: AuditAction::PasswordResetIssue,
            old: None,
            new: Some(&json!({"organization_id": org_id, "expires_at": expires_at})),
        },
    )
    .await?;
    let created = CreatedPasswordReset {
        token,
        user_id: member.id,
        expires_at,
    };
    idempotency::remember(&*txn, now, idempotent, &created).await?;
    txn.commit().await?;
    Ok(Created::New(created))
}

/// Sets a new password with a reset token: once, before it expires. Every session of the
/// account ends and its personal access tokens are revoked, since whoever held the account may
/// have made them. An unknown, used or expired token gets one answer.
pub async fn reset_password(domain: &Domain, input: PasswordResetRequest) -> DomainResult<()> {
    let mut checks = Checks::new();
    check_password(&mut checks, "new_password", &input.new_password);
    checks.finish()?;
    let invalid = || {
        DomainError::field(
            "token",
            "invalid",
            "the reset token is unknown, used or expired",
        )
    };
    let now = domain.clock.now();
    let new_hash = domain.passwords.hash(&input.new_password).await?;
    let txn = domain.db.begin_write().await?;
    let reset = password_reset::Entity::find()
        .filter(password_reset::Column::TokenHash.eq(hash_token(input.token.trim())))
        .one(&*txn)
        .await?
        .filter(|r| r.used_at.is_none() && r.expires_at > now)
        .ok_or_else(invalid)?;
    // Claim the token: only one request can turn `used_at` from null.
    let claimed = password_reset::Entity::update_many()
        .col_expr(
            password_reset::Column::UsedAt,
            sea_orm::sea_query::Expr::value(now),
        )
        .filter(password_reset::Column::Id.eq(reset.id))
        .filter(password_reset::Column::UsedAt.is_null())
        .exec(&*txn)
        .await?;
    if claimed.rows_affected != 1 {
        return Err(invalid());
    }
    let user = load_user(&*txn, reset.user_id)
        .await
        .map_err(|_| invalid())?;
    let before = user.session_epoch;
    let user = end_sessions(&*txn, user, Some(new_hash)).await?;
    let revoked = revoke_all(&*txn, now, user.id, user.id).await?;
    audit_account(
        &*txn,
        now,
        user.id,
        user.id,
        AuditAction::PasswordReset,
        json!({"session_epoch": before}),
        json!({"session_epoch": user.session_epoch, "tokens_revoked": revoked}),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
