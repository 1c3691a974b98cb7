//! Organisations: their members see every board of the organisation; their admins administer
//! those boards.
//!
//! People join only by accepting an invitation: an admin invites an e-mail address and hands the
//! invitee the token (valid seven days, revocable, stored hashed); the invitee accepts while
//! signed in with that address. Inviting answers the same whatever the address is (registered
//! or not, in an organisation or not), so it tells nothing about accounts. A member may leave;
//! an admin may remove a member. Either way the person's board memberships on the
//! organisation's boards end and the boards they created there pass to an admin; a removal also
//! revokes their personal access tokens. An admin may change a member's role. The last admin
//! can neither leave, be removed nor stop being an admin (`keep_an_admin` owns that rule).

use budget_contract::audit::{AuditAction, AuditKind};
use budget_contract::auth::OrgRole;
use budget_contract::limits::{EMAIL_CHARS, NAME_CHARS};
use budget_contract::organization::{
    AcceptInvitation, CreatedInvitation, Invitation, InvitationPreview, NewInvitation,
    NewOrganization, OrgMember, OrgMemberUpdate, Organization,
};
use budget_contract::page::Page;
use budget_contract::problem::ProblemCode;
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, QueryTrait, Set,
};
use serde_json::json;

use crate::audit::{self, Change};
use crate::auth::tokens::{hash_token, new_secret, revoke_all};
use crate::auth::users::{looks_like_email, lookup_email};
use crate::boards::update_audited;
use crate::entity::{app_user, board, board_member, org_invitation, organization};
use crate::error::{is_unique_violation, DomainError, DomainResult};
use crate::idempotency::{self, Created, Idempotent};
use crate::pagination;
use crate::validate::Checks;
use crate::Domain;

/// Every invitation token starts with this.
pub const INVITATION_PREFIX: &str = "bri_";
/// An invitation can be accepted this long after it was made.
pub const INVITATION_DAYS: i64 = 7;

/// Creates an organisation with the caller as its admin. A person belongs to one organisation.
pub async fn create(
    domain: &Domain,
    user_id: i64,
    input: NewOrganization,
    idempotent: Option<&Idempotent<Organization>>,
) -> DomainResult<Created<Organization>> {
    let result = create_in_transaction(domain, user_id, input, idempotent).await;
    idempotency::settle(domain.db.conn(), domain.clock.now(), idempotent, result).await
}

async fn create_in_transaction(
    domain: &Domain,
    user_id: i64,
    input: NewOrganization,
    idempotent: Option<&Idempotent<Organization>>,
) -> DomainResult<Created<Organization>> {
    let mut checks = Checks::new();
    let name = checks.text("name", &input.name, NAME_CHARS);
    checks.finish()?;
    let txn = domain.db.begin_write().await?;
    if let Some(replay) = idempotency::replay(&*txn, domain.clock.now(), idempotent).await? {
        return Ok(Created::Replayed(replay));
    }
    let caller = app_user::Entity::find_by_id(user_id)
        .one(&*txn)
        .await?
        .ok_or(DomainError::Unauthenticated("the account no longer exists"))?;
    if caller.organization_id.is_some() {
        return Err(already_in_org());
    }
    // Names are unique (an index): of two creations with one name, the second is refused.
    let now = domain.clock.now();
    let org = organization::ActiveModel {
        name: Set(name),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&*txn)
    .await
    .map_err(|err| {
        if is_unique_violation(&err) {
            DomainError::conflict(
                ProblemCode::OrganizationNameTaken,
                "another organisation already has this name",
            )
        } else {
            err.into()
        }
    })?;
    let mut active: app_user::ActiveModel = caller.into();
    active.organization_id = Set(Some(org.id));
    active.org_role = Set(Some(OrgRole::Admin.as_str().to_owned()));
    active.update(&*txn).await?;
    record(
        &*txn,
        now,
        user_id,
        org.id,
        AuditAction::Create,
        None,
        Some(json!({"name": org.name, "admin": user_id})),
    )
    .await?;
    let created = view(org);
    idempotency::remember(&*txn, now, idempotent, &created).await?;
    txn.commit().await?;
    Ok(Created::New(created))
}

/// The caller's role in the organisation, refusing outsiders (who cannot tell it exists).
pub(crate) async fn membership(
    domain: &Domain,
    user_id: i64,
    org_id: i64,
) -> DomainResult<OrgRole> {
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

/// Refuses everyone but the organisation's admins (outsiders as for [`membership`]).
pub(crate) async fn require_org_admin(
    domain: &Domain,
    user_id: i64,
    org_id: i64,
    refusal: &'static str,
) -> DomainResult<()> {
    if membership(domain, user_id, org_id).await? == OrgRole::Admin {
        Ok(())
    } else {
        Err(DomainError::forbidden(
            ProblemCode::InsufficientRole,
            refusal,
        ))
    }
}

/// Whether `user_id` administers `org_id`, read inside a transaction.
pub(crate) async fn is_org_admin<C: ConnectionTrait>(
    conn: &C,
    user_id: i64,
    org_id: i64,
) -> DomainResult<bool> {
    Ok(app_user::Entity::find_by_id(user_id)
        .one(conn)
        .await?
        .is_some_and(|u| {
            u.organization_id == Some(org_id) && u.org_role.as_deref() == Some("admin")
        }))
}

pub async fn get(domain: &Domain, user_id: i64, org_id: i64) -> DomainResult<Organization> {
    membership(domain, user_id, org_id).await?;
    organization::Entity::find_by_id(org_id)
        .one(domain.db.conn())
        .await?
        .map(view)
        .ok_or(DomainError::NotFound("organisation"))
}

/// The organisation's members by user id, a page at a time (for its members).
pub async fn members(
    domain: &Domain,
    user_id: i64,
    org_id: i64,
    limit: Option<u64>,
    cursor: Option<&str>,
) -> DomainResult<Page<OrgMember>> {
    membership(domain, user_id, org_id).await?;
    let page = pagination::by_id(limit, cursor)?;
    let backend = domain.db.backend();
    let mut query = app_user::Entity::find().filter(app_user::Column::OrganizationId.eq(org_id));
    let filtered = query.clone().build(backend);
    if let Some(after) = page.after {
        query = query.filter(app_user::Column::Id.gt(after));
    }
    let window = query
        .order_by_asc(app_user::Column::Id)
        .limit(page.fetch())
        .build(backend);
    let (rows, total) = pagination::read::<app_user::Model>(&domain.db, filtered, window).await?;
    Ok(page
        .page(rows, total, |u| u.id.to_string())
        .map(member_view))
}

/// Invites an e-mail address (organisation admins only). The answer carries the token and is
/// the same for every address: nothing here depends on whether it has an account.
pub async fn invite(
    domain: &Domain,
    user_id: i64,
    org_id: i64,
    input: NewInvitation,
    idempotent: Option<&Idempotent<CreatedInvitation>>,
) -> DomainResult<Created<CreatedInvitation>> {
    let result = invite_in_transaction(domain, user_id, org_id, input, idempotent).await;
    idempotency::settle(domain.db.conn(), domain.clock.now(), idempotent, result).await
}

async fn invite_in_transaction(
    domain: &Domain,
    user_id: i64,
    org_id: i64,
    input: NewInvitation,
    idempotent: Option<&Idempotent<CreatedInvitation>>,
) -> DomainResult<Created<CreatedInvitation>> {
    require_org_admin(domain, user_id, org_id, "only organisation admins invite").await?;
    let email = lookup_email("email", &input.email)?;
    if email.len() > EMAIL_CHARS || !looks_like_email(&email) {
        return Err(DomainError::field(
            "email",
            "invalid",
            "must be an email address",
        ));
    }
    let now = domain.clock.now();
    let txn = domain.db.begin_write().await?;
    if let Some(replay) = idempotency::replay(&*txn, now, idempotent).await? {
        return Ok(Created::Replayed(replay));
    }
    let token = new_secret(INVITATION_PREFIX);
    let model = org_invitation::ActiveModel {
        organization_id: Set(org_id),
        email: Set(email),
        role: Set(input.role.as_str().to_owned()),
        token_hash: Set(hash_token(&token)),
        invited_by: Set(Some(user_id)),
        created_at: Set(now),
        expires_at: Set(now + Duration::days(INVITATION_DAYS)),
        accepted_at: Set(None),
        revoked_at: Set(None),
        ..Default::default()
    }
    .insert(&*txn)
    .await?;
    let info = invitation_view(model);
    record(
        &*txn,
        now,
        user_id,
        org_id,
        AuditAction::Invite,
        None,
        Some(json!(info)),
    )
    .await?;
    let created = CreatedInvitation { token, info };
    idempotency::remember(&*txn, now, idempotent, &created).await?;
    txn.commit().await?;
    Ok(Created::New(created))
}

/// The organisation's invitations, newest last (organisation admins only; never the tokens).
/// The organisation's invitations in the order they were sent, a page at a time
/// (organisation admins only).
pub async fn invitations(
    domain: &Domain,
    user_id: i64,
    org_id: i64,
    limit: Option<u64>,
    cursor: Option<&str>,
) -> DomainResult<Page<Invitation>> {
    require_org_admin(
        domain,
        user_id,
        org_id,
        "only organisation admins see invitations",
    )
    .await?;
    let page = pagination::by_id(limit, cursor)?;
    let backend = domain.db.backend();
    let mut query =
        org_invitation::Entity::find().filter(org_invitation::Column::OrganizationId.eq(org_id));
    let filtered = query.clone().build(backend);
    if let Some(after) = page.after {
        query = query.filter(org_invitation::Column::Id.gt(after));
    }
    let window = query
        .order_by_asc(org_invitation::Column::Id)
        .limit(page.fetch())
        .build(backend);
    let (rows, total) =
        pagination::read::<org_invitation::Model>(&domain.db, filtered, window).await?;
    Ok(page
        .page(rows, total, |i| i.id.to_string())
        .map(invitation_view))
}

/// Revokes an invitation that has not been accepted (organisation admins only); revoking twice
/// is harmless.
pub async fn revoke_invitation(
    domain: &Domain,
    user_id: i64,
    org_id: i64,
    invitation_id: i64,
) -> DomainResult<()> {
    require_org_admin(
        domain,
        user_id,
        org_id,
        "only organisation admins revoke invitations",
    )
    .await?;
    let now = domain.clock.now();
    let txn = domain.db.begin_write().await?;
    let current = org_invitation::Entity::find_by_id(invitation_id)
        .filter(org_invitation::Column::OrganizationId.eq(org_id))
        .one(&*txn)
        .await?
        .ok_or(DomainError::NotFound("invitation"))?;
    if current.revoked_at.is_none() && current.accepted_at.is_none() {
        let old = invitation_view(current.clone());
        let mut active: org_invitation::ActiveModel = current.into();
        active.revoked_at = Set(Some(now));
        let new = invitation_view(active.update(&*txn).await?);
        record(
            &*txn,
            now,
            user_id,
            org_id,
            AuditAction::RevokeInvitation,
            Some(json!(old)),
            Some(json!(new)),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// The caller accepts an invitation made for their e-mail address and joins its organisation.
/// An unknown, expired, revoked, used or someone else's token gets one answer.
pub async fn accept(
    domain: &Domain,
    user_id: i64,
    input: AcceptInvitation,
) -> DomainResult<OrgMember> {
    let invalid = invalid_invitation;
    let now = domain.clock.now();
    let txn = domain.db.begin_write().await?;
    let caller = app_user::Entity::find_by_id(user_id)
        .one(&*txn)
        .await?
        .ok_or(DomainError::Unauthenticated("the account no longer exists"))?;
    let invitation = open_invitation(&*txn, &caller, &input.token, now).await?;
    if caller.organization_id.is_some() {
        return Err(already_in_org());
    }
    // Only one request turns the invitation accepted, and only one puts the person in an
    // organisation.
    let claimed = org_invitation::Entity::update_many()
        .col_expr(
            org_invitation::Column::AcceptedAt,
            sea_orm::sea_query::Expr::value(now),
        )
        .filter(org_invitation::Column::Id.eq(invitation.id))
        .filter(org_invitation::Column::AcceptedAt.is_null())
        .filter(org_invitation::Column::RevokedAt.is_null())
        .exec(&*txn)
        .await?;
    if claimed.rows_affected != 1 {
        return Err(invalid());
    }
    let joined = app_user::Entity::update_many()
        .col_expr(
            app_user::Column::OrganizationId,
            sea_orm::sea_query::Expr::value(invitation.organization_id),
        )
        .col_expr(
            app_user::Column::OrgRole,
            sea_orm::sea_query::Expr::value(invitation.role.clone()),
        )
        .filter(app_user::Column::Id.eq(user_id))
        .filter(app_user::Column::OrganizationId.is_null())
        .exec(&*txn)
        .await?;
    if joined.rows_affected != 1 {
        return Err(already_in_org());
    }
    record(
        &*txn,
        now,
        user_id,
        invitation.organization_id,
        AuditAction::Accept,
        None,
        Some(json!({"user_id": user_id, "role": invitation.role, "invitation_id": invitation.id})),
    )
    .await?;
    let member = app_user::Entity::find_by_id(user_id)
        .one(&*txn)
        .await?
        .ok_or(DomainError::Unauthenticated("the account no longer exists"))?;
    txn.commit().await?;
    Ok(member_view(member))
}

/// What an invitation made for the caller's address offers (its organisation and role), read
/// before accepting it; every token [`accept`] would refuse as invalid gets the same answer.
pub async fn preview(
    domain: &Domain,
    user_id: i64,
    input: AcceptInvitation,
) -> DomainResult<InvitationPreview> {
    let conn = domain.db.conn();
    let caller = app_user::Entity::find_by_id(user_id)
        .one(conn)
        .await?
        .ok_or(DomainError::Unauthenticated("the account no longer exists"))?;
    let invitation = open_invitation(conn, &caller, &input.token, domain.clock.now()).await?;
    let organization = organization::Entity::find_by_id(invitation.organization_id)
        .one(conn)
        .await?
        .ok_or_else(invalid_invitation)?;
    Ok(InvitationPreview {
        organization_id: organization.id,
        organization_name: organization.name,
        email: invitation.email,
        role: invitation.role.parse().unwrap_or(OrgRole::Member),
        expires_at: invitation.expires_at,
    })
}

/// The invitation `token` names, when it is for `caller`'s address and may still be accepted
/// (not accepted, revoked or expired); one refusal for every other case, so a token tells
/// nothing about invitations made for others.
async fn open_invitation<C: ConnectionTrait>(
    conn: &C,
    caller: &app_user::Model,
    token: &str,
    now: DateTime<Utc>,
) -> DomainResult<org_invitation::Model> {
    org_invitation::Entity::find()
        .filter(org_invitation::Column::TokenHash.eq(hash_token(token.trim())))
        .one(conn)
        .await?
        .filter(|i| {
            i.email == caller.email
                && i.accepted_at.is_none()
                && i.revoked_at.is_none()
                && i.expires_at > now
        })
        .ok_or_else(invalid_invitation)
}

fn invalid_invitation() -> DomainError {
    DomainError::field(
        "token",
        "invalid",
        "the invitation is unknown, expired, revoked, used or for another address",
    )
}

/// The caller leaves the organisation (its last admin cannot).
pub async fn leave(domain: &Domain, user_id: i64, org_id: i64) -> DomainResult<()> {
    membership(domain, user_id, org_id).await?;
    let now = domain.clock.now();
    let txn = domain.db.begin_write().await?;
    let departure = depart(&*txn, now, user_id, org_id, user_id, None).await?;
    record(
        &*txn,
        now,
        user_id,
        org_id,
        AuditAction::Leave,
        Some(departure.before),
        Some(departure.after),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// An organisation admin removes a member: their board memberships on the organisation's boards
/// end, the boards they created there pass to the admin, and their personal access tokens are
/// revoked. The last admin cannot be removed.
pub async fn remove_member(
    domain: &Domain,
    user_id: i64,
    org_id: i64,
    member_id: i64,
) -> DomainResult<()> {
    require_org_admin(
        domain,
        user_id,
        org_id,
        "only organisation admins remove members",
    )
    .await?;
    let now = domain.clock.now();
    let txn = domain.db.begin_write().await?;
    let departure = depart(&*txn, now, member_id, org_id, user_id, Some(user_id)).await?;
    let revoked = revoke_all(&*txn, now, user_id, member_id).await?;
    let mut after = departure.after;
    after["tokens_revoked"] = json!(revoked);
    record(
        &*txn,
        now,
        user_id,
        org_id,
        AuditAction::RemoveMember,
        Some(departure.before),
        Some(after),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// An organisation admin changes a member's role (an admin may change their own). The last
/// admin cannot stop being one. Setting the role a member already has changes nothing and
/// records nothing.
pub async fn change_member_role(
    domain: &Domain,
    user_id: i64,
    org_id: i64,
    member_id: i64,
    input: OrgMemberUpdate,
) -> DomainResult<OrgMember> {
    require_org_admin(
        domain,
        user_id,
        org_id,
        "only organisation admins change members' roles",
    )
    .await?;
    let now = domain.clock.now();
    let txn = domain.db.begin_write().await?;
    let stays_admin = input.role == OrgRole::Admin;
    let (member, _) = keep_an_admin(&*txn, org_id, member_id, stays_admin).await?;
    let before = member.org_role.clone();
    if before.as_deref() == Some(input.role.as_str()) {
        txn.commit().await?;
        return Ok(member_view(member));
    }
    let mut active: app_user::ActiveModel = member.into();
    active.org_role = Set(Some(input.role.as_str().to_owned()));
    let changed = active.update(&*txn).await?;
    record(
        &*txn,
        now,
        user_id,
        org_id,
        AuditAction::ChangeMemberRole,
        Some(json!({"user_id": member_id, "role": before})),
        Some(json!({"user_id": member_id, "role": input.role})),
    )
    .await?;
    txn.commit().await?;
    Ok(member_view(changed))
}

/// The rule that keeps an organisation administered: its last admin can neither leave, be
/// removed nor stop being an admin. Inside the caller's write transaction: locks the
/// organisation's row (so two admins cannot each leave, or demote the other, at once), reads
/// the member (404 when not in the organisation) and the organisation's other admins, oldest
/// account first, and refuses (409 `last_org_admin`) when the member is its only admin and
/// does not stay one.
async fn keep_an_admin<C: ConnectionTrait>(
    conn: &C,
    org_id: i64,
    member_id: i64,
    stays_admin: bool,
) -> DomainResult<(app_user::Model, Vec<app_user::Model>)> {
    organization::Entity::find_by_id(org_id)
        .lock_exclusive()
        .one(conn)
        .await?
        .ok_or(DomainError::NotFound("organisation"))?;
    let member = app_user::Entity::find_by_id(member_id)
        .one(conn)
        .await?
        .filter(|u| u.organization_id == Some(org_id))
        .ok_or(DomainError::NotFound("member"))?;
    let other_admins = app_user::Entity::find()
        .filter(app_user::Column::OrganizationId.eq(org_id))
        .filter(app_user::Column::OrgRole.eq(OrgRole::Admin.as_str()))
        .filter(app_user::Column::Id.ne(member_id))
        .order_by_asc(app_user::Column::Id)
        .all(conn)
        .await?;
    let is_admin = member.org_role.as_deref() == Some(OrgRole::Admin.as_str());
    if is_admin && !stays_admin && other_admins.is_empty() {
        return Err(DomainError::conflict(
            ProblemCode::LastOrgAdmin,
            "the organisation's last admin can neither leave, be removed nor stop being an admin; make another admin first",
        ));
    }
    Ok((member, other_admins))
}

struct Departure {
    before: serde_json::Value,
    after: serde_json::Value,
}

/// Takes `member_id` out of the organisation inside the caller's transaction: refuses the last
/// admin, ends their memberships on the organisation's boards and hands the boards they created
/// there to `heir` (or, when none is named, to the organisation's longest-standing other admin).
async fn depart<C: ConnectionTrait>(
    conn: &C,
    now: DateTime<Utc>,
    member_id: i64,
    org_id: i64,
    actor_id: i64,
    heir: Option<i64>,
) -> DomainResult<Departure> {
    let (member, other_admins) = keep_an_admin(conn, org_id, member_id, false).await?;
    let heir = heir.or_else(|| other_admins.first().map(|a| a.id));
    audit::keep_account_events_with_organization(conn, member_id, org_id).await?;
    let boards: Vec<i64> = board::Entity::find()
        .select_only()
        .column(board::Column::Id)
        .filter(board::Column::OrganizationId.eq(org_id))
        .into_tuple()
        .all(conn)
        .await?;
    let memberships = board_member::Entity::delete_many()
        .filter(board_member::Column::UserId.eq(member_id))
        .filter(board_member::Column::BoardId.is_in(boards.clone()))
        .exec(conn)
        .await?
        .rows_affected;
    let mut handed_over = Vec::new();
    if let Some(heir) = heir {
        let created = board::Entity::find()
            .filter(board::Column::OrganizationId.eq(org_id))
            .filter(board::Column::CreatedBy.eq(member_id))
            .order_by_asc(board::Column::Id)
            .all(conn)
            .await?;
        for created in created {
            let board_id = created.id;
            let changes = board::ActiveModel {
                created_by: Set(heir),
                ..Default::default()
            };
            update_audited(
                conn,
                now,
                actor_id,
                created,
                changes,
                AuditAction::TransferOwnership,
                json!({"created_by": member_id}),
                json!({"created_by": heir}),
            )
            .await?;
            handed_over.push(board_id);
        }
    }
    let before = json!({"user_id": member_id, "email": member.email, "role": member.org_role});
    let mut active: app_user::ActiveModel = member.into();
    active.organization_id = Set(None);
    active.org_role = Set(None);
    active.update(conn).await?;
    Ok(Departure {
        before,
        after: json!({
            "user_id": member_id,
            "board_memberships_removed": memberships,
            "boards_handed_over": handed_over,
        }),
    })
}

/// Records an organisation-level event.
pub(crate) async fn record<C: ConnectionTrait>(
    conn: &C,
    now: DateTime<Utc>,
    actor_id: i64,
    org_id: i64,
    action: AuditAction,
    old: Option<serde_json::Value>,
    new: Option<serde_json::Value>,
) -> DomainResult<()> {
    audit::record(
        conn,
        now,
        Change {
            actor_id,
            board_id: None,
            entity_type: AuditKind::Organization,
            entity_id: org_id,
            action,
            old: old.as_ref(),
            new: new.as_ref(),
        },
    )
    .await?;
    Ok(())
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

fn invitation_view(model: org_invitation::Model) -> Invitation {
    Invitation {
        id: model.id,
        organization_id: model.organization_id,
        email: model.email,
        role: model.role.parse().unwrap_or(OrgRole::Member),
        created_at: model.created_at,
        expires_at: model.expires_at,
        accepted_at: model.accepted_at,
        revoked_at: model.revoked_at,
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
