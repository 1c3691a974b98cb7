//! Accounts: registration, sign-in and the caller's own profile.

use budget_contract::auth::{LoginRequest, RegisterRequest, User};
use budget_contract::limits::{
    EMAIL_CHARS, MAX_PASSWORD_CHARS, MIN_PASSWORD_CHARS, SHORT_NAME_CHARS,
};
use budget_contract::problem::ProblemCode;
use budget_contract::Money;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

use crate::entity::app_user;
use crate::error::{DomainError, DomainResult};
use crate::rates::{self, Scope};
use crate::validate::{max_rate, Checks};
use crate::Domain;
use budget_contract::text::{refused_char, TextKind};

/// Emails compare case-insensitively; they are stored lowercased so the unique index enforces it.
pub fn normalise_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// An email to look an account up by, normalised; refused (422 on `field`) when it holds a
/// character no stored email can hold, so a lookup never sends one to the database.
pub fn lookup_email(field: &str, email: &str) -> DomainResult<String> {
    let email = normalise_email(email);
    let mut checks = Checks::new();
    checks.characters(field, &email, TextKind::Name);
    checks.finish()?;
    Ok(email)
}

pub async fn register(domain: &Domain, input: RegisterRequest) -> DomainResult<User> {
    let mut checks = Checks::new();
    let email = normalise_email(&input.email);
    if email.len() > EMAIL_CHARS || !looks_like_email(&email) {
        checks.fail("email", "invalid", "must be an email address");
    }
    check_password(&mut checks, "password", &input.password);
    let display_name = checks.text("display_name", &input.display_name, SHORT_NAME_CHARS);
    let rate = checks.optional_amount(
        "default_hourly_rate",
        input.default_hourly_rate,
        2,
        max_rate(),
    );
    checks.finish()?;

    let password_hash = domain.passwords.hash(&input.password).await?;
    let txn = domain.db.begin_write().await?;
    let taken = app_user::Entity::find()
        .filter(app_user::Column::Email.eq(email.clone()))
        .one(&*txn)
        .await?
        .is_some();
    if taken {
        return Err(email_taken());
    }
    let user = app_user::ActiveModel {
        email: Set(email),
        display_name: Set(display_name),
        password_hash: Set(password_hash),
        organization_id: Set(None),
        org_role: Set(None),
        created_at: Set(domain.clock.now()),
        ..Default::default()
    }
    .insert(&*txn)
    .await
    .map_err(|err| {
        if crate::error::is_unique_violation(&err) {
            email_taken()
        } else {
            err.into()
        }
    })?;
    rates::set_cost_rate(
        &*txn,
        domain.clock.now(),
        domain.clock.today(),
        user.id,
        &person_scope(user.id),
        rate,
    )
    .await?;
    txn.commit().await?;
    Ok(view(user, rate))
}

/// A new password's length rule, for registration, a change and a reset alike.
pub(crate) fn check_password(checks: &mut Checks, field: &str, password: &str) {
    let password_chars = password.chars().count();
    if password_chars < MIN_PASSWORD_CHARS {
        checks.fail(
            field,
            "too_short",
            format!("must be at least {MIN_PASSWORD_CHARS} characters"),
        );
    } else if password_chars > MAX_PASSWORD_CHARS {
        checks.fail(
            field,
            "too_long",
            format!("must be at most {MAX_PASSWORD_CHARS} characters"),
        );
    }
}

/// Checks the email and password; answers the account and its current session epoch (for the
/// session it is given). A wrong email and a wrong password look the same.
pub async fn login(domain: &Domain, input: LoginRequest) -> DomainResult<(User, i64)> {
    let email = lookup_email("email", &input.email)?;
    let user = app_user::Entity::find()
        .filter(app_user::Column::Email.eq(email))
        .one(domain.db.conn())
        .await?;
    match user {
        Some(user) => {
            if domain
                .passwords
                .verify(&input.password, &user.password_hash)
                .await?
            {
                let epoch = user.session_epoch;
                Ok((
                    shown(domain.db.conn(), user, domain.clock.today()).await?,
                    epoch,
                ))
            } else {
                Err(DomainError::InvalidCredentials)
            }
        }
        None => {
            domain
                .passwords
                .verify_against_nothing(&input.password)
                .await?;
            Err(DomainError::InvalidCredentials)
        }
    }
}

pub async fn get(domain: &Domain, user_id: i64) -> DomainResult<User> {
    let user = app_user::Entity::find_by_id(user_id)
        .one(domain.db.conn())
        .await?
        // A valid credential whose account has gone away.
        .ok_or(DomainError::Unauthenticated("the account no longer exists"))?;
    shown(domain.db.conn(), user, domain.clock.today()).await
}

fn person_scope(user_id: i64) -> Scope {
    Scope::Person {
        organization_id: None,
        user_id,
    }
}

/// An account as shown, with the person's default cost rate as set `today`.
pub async fn shown<C: ConnectionTrait>(
    conn: &C,
    model: app_user::Model,
    today: chrono::NaiveDate,
) -> DomainResult<User> {
    let rate = rates::cost_rate_today(conn, &person_scope(model.id), today).await?;
    Ok(view(model, rate))
}

fn view(model: app_user::Model, default_rate_cents: Option<i64>) -> User {
    User {
        id: model.id,
        email: model.email,
        display_name: model.display_name,
        organization_id: model.organization_id,
        org_role: model.org_role.as_deref().and_then(|role| role.parse().ok()),
        // A person's own rate belongs to no board, so to no currency: shown to the cent.
        default_hourly_rate: default_rate_cents.map(Money::from_hundredths),
        created_at: model.created_at,
    }
}

fn email_taken() -> DomainError {
    DomainError::conflict(
        ProblemCode::EmailTaken,
        "an account with this email already exists",
    )
}

pub(crate) fn looks_like_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !email.chars().any(char::is_whitespace)
        && refused_char(email, TextKind::Name).is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_normalised_and_checked() {
        assert_eq!(normalise_email("  Ada@Example.COM "), "ada@example.com");
        assert!(looks_like_email("ada@example.com"));
        assert!(!looks_like_email("ada@example"));
        assert!(!looks_like_email("@example.com"));
        assert!(!looks_like_email("a da@example.com"));
    }
}
