//! Organisations: their members see every board of the organisation; their admins administer
//! those boards.

use budget_contract::auth::OrgRole;
use budget_contract::limits::NAME_CHARS;
use budget_contract::organization::{NewOrgMember, NewOrganization, OrgMember, Organization};
use budget_contract::problem::ProblemCode;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};

use crate::auth::users::lookup_email;
use crate::entity::{app_user, organization};
use crate::error::{DomainError, DomainResult};
use crate::validate::Checks;
use crate::Domain;

/// Creates an organisation with the caller as its admin. A person belongs to one organisation.
pub async fn create(
    domain: &Domain,
    user_id: i64,
    input: NewOrganization,
) -> DomainResult<Organization> {
    let mut checks = Checks::new();
    let name = checks.text("name", &input.name, NAME_CHARS);
    checks.finish()?;
    let txn = domain.db.begin_write().await?;
    let caller = app_user::Entity::find_by_id(user_id)
        .one(&*txn)
        .await?
        .ok_or(DomainError::Unauthenticated("the account no longer exists"))?;
    if caller.organization_id.is_some() {
        return Err(already_in_org());
    }
    let org = organization::ActiveModel {
        name: Set(name),
        created_at: Set(domain.clock.now()),
        ..Default::default()
    }
    .insert(&*txn)
    .await?;
    let mut active: app_user::ActiveModel = caller.into();
    active.organization_id = Set(Some(org.id));
    active.org_role = Set(Some(OrgRole::Admin.as_str().to_owned()));
    active.update(&*txn).await?;
    txn.commit().await?;
    Ok(view(org))
}

/// The caller's role in the organisation, refusing outsiders (who cannot tell it exists).
async fn membership(domain: &Domain, user_id: i64, org_id: i64) -> DomainResult<OrgRole> {
    app_user::Entity::find_by_id(user_id)
        .one(domain.db.conn())
        .await?
        .filter(|u| u.organization_id == Some(org_id))
        .and_then(|u| u.org_role.as_deref().and_then(|role| role.parse().ok()))
        .ok_or_else(|| {
            DomainError::forbidden(
                ProblemCode::OrganizationAccessDenied,
                "the organisation does not exist or you are not a member",
            )
        })
}

pub async fn get(domain: &Domain, user_id: i64, org_id: i64) -> DomainResult<Organization> {
    membership(domain, user_id, org_id).await?;
    organization::Entity::find_by_id(org_id)
        .one(domain.db.conn())
        .await?
        .map(view)
        .ok_or(DomainError::NotFound("organisation"))
}

pub async fn members(domain: &Domain, user_id: i64, org_id: i64) -> DomainResult<Vec<OrgMember>> {
    membership(domain, user_id, org_id).await?;
    let users = app_user::Entity::find()
        .filter(app_user::Column::OrganizationId.eq(org_id))
        .order_by_asc(app_user::Column::Id)
        .all(domain.db.conn())
        .await?;
    Ok(users.into_iter().map(member_view).collect())
}

/// Adds a registered person who belongs to no organisation yet. Organisation admins only.
pub async fn add_member(
    domain: &Domain,
    user_id: i64,
    org_id: i64,
    input: NewOrgMember,
) -> DomainResult<OrgMember> {
    if membership(domain, user_id, org_id).await? != OrgRole::Admin {
        return Err(DomainError::forbidden(
            ProblemCode::InsufficientRole,
            "only organisation admins add members",
        ));
    }
    let txn = domain.db.begin_write().await?;
    let user = app_user::Entity::find()
        .filter(app_user::Column::Email.eq(lookup_email("email", &input.email)?))
        .one(&*txn)
        .await?
        .ok_or_else(|| DomainError::field("email", "unknown_user", "no account has this email"))?;
    if user.organization_id.is_some() {
        return Err(already_in_org());
    }
    let mut active: app_user::ActiveModel = user.into();
    active.organization_id = Set(Some(org_id));
    active.org_role = Set(Some(input.role.as_str().to_owned()));
    let user = active.update(&*txn).await?;
    txn.commit().await?;
    Ok(member_view(user))
}

fn already_in_org() -> DomainError {
    DomainError::conflict(
        ProblemCode::AlreadyInOrganization,
        "this person already belongs to an organisation",
    )
}

fn view(model: organization::Model) -> Organization {
    Organization {
        id: model.id,
        name: model.name,
        created_at: model.created_at,
    }
}

fn member_view(user: app_user::Model) -> OrgMember {
    OrgMember {
        user_id: user.id,
        role: user
            .org_role
            .as_deref()
            .and_then(|role| role.parse().ok())
            .unwrap_or(OrgRole::Member),
        email: user.email,
        display_name: user.display_name,
    }
}
