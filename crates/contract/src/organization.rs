//! Organisations: their members can see every board of the organisation.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::auth::OrgRole;

#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewOrganization {
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 200,
            pattern = r"^[^\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]*\S[^\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]*$"
        )
    )]
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Organization {
    pub id: i64,
    pub name: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrgMember {
    pub user_id: i64,
    pub email: String,
    pub display_name: String,
    pub role: OrgRole,
}

/// Invite an e-mail address to the organisation. The answer is the same whether or not the
/// address has an account or already belongs to an organisation.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewInvitation {
    #[cfg_attr(
        feature = "openapi",
        schema(
            max_length = 254,
            pattern = r"^[^@\s]+@[^@\s.][^@\s]*\.[^@\s]*[^@\s.]$"
        )
    )]
    pub email: String,
    pub role: OrgRole,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Invitation {
    pub id: i64,
    pub organization_id: i64,
    pub email: String,
    pub role: OrgRole,
    pub created_at: DateTime<Utc>,
    /// Seven days after it was made.
    pub expires_at: DateTime<Utc>,
    pub accepted_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

/// The token is in this answer only (it is stored hashed): hand it to the invitee, who accepts
/// with it while signed in with the invited e-mail.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedInvitation {
    pub token: String,
    #[serde(flatten)]
    pub info: Invitation,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AcceptInvitation {
    pub token: String,
}

/// A member's new role in the organisation. Its last admin keeps the admin role.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrgMemberUpdate {
    pub role: OrgRole,
}

/// What an invitation offers, read by its invitee before accepting: the organisation and the
/// role. Only for the invited address, and only while the invitation may be accepted.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvitationPreview {
    pub organization_id: i64,
    pub organization_name: String,
    pub email: String,
    pub role: OrgRole,
    pub expires_at: DateTime<Utc>,
}
