//! Boards and their members.

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::Money;

wire_enum! {
    /// What a person may do on a board. The creator and organisation admins count as `admin`;
    /// other organisation members as `viewer`.
    #[derive(PartialOrd, Ord, Hash)]
    pub enum BoardRole {
        Viewer = "viewer",
        Editor = "editor",
        Admin = "admin",
    }
}

wire_enum! {
    /// How a stopped timer's time is rounded into an entry: not at all (to the nearest 0.01
    /// hour), or up to the next whole 1, 6 or 15 minutes.
    #[derive(Default)]
    pub enum TimeRounding {
        #[default]
        None = "none",
        UpTo1Minute = "up_to_1_minute",
        UpTo6Minutes = "up_to_6_minutes",
        UpTo15Minutes = "up_to_15_minutes",
    }
}

/// Create or replace a board's details.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BoardInput {
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 200,
            pattern = r"^[^\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]*\S[^\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]*$"
        )
    )]
    pub name: String,
    /// The organisation whose members may see the board; you must belong to it. On replace,
    /// absent means unchanged, and a different organisation is refused with 409
    /// `board_move_required`: a board changes organisation only by its move route.
    #[serde(default)]
    pub organization_id: Option<i64>,
    /// Defaults to today. A date from 1970-01-01 to 2200-12-31.
    #[serde(default, deserialize_with = "crate::date::bounded_option")]
    pub start_date: Option<NaiveDate>,
    /// A date from 1970-01-01 to 2200-12-31.
    #[serde(default, deserialize_with = "crate::date::bounded_option")]
    pub due_date: Option<NaiveDate>,
    /// How timers' time is rounded on this board. Default `none`; on replace, absent means
    /// unchanged.
    #[serde(default)]
    pub time_rounding: Option<TimeRounding>,
    /// Whether editors may log and correct time on behalf of other people on this board (board
    /// admins always may). Default false; on replace, absent means unchanged.
    #[serde(default)]
    pub editors_log_for_others: Option<bool>,
}

/// Move a board to another organisation (`null`: out of any organisation).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BoardMove {
    pub organization_id: Option<i64>,
}

/// Hand a board's ownership (its creator's place) to another member of the board.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OwnershipTransfer {
    pub user_id: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Board {
    pub id: i64,
    pub name: String,
    pub organization_id: Option<i64>,
    pub created_by: i64,
    pub start_date: NaiveDate,
    pub due_date: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
    /// How timers' time is rounded on this board.
    pub time_rounding: TimeRounding,
    /// Whether editors may log and correct time on behalf of other people (admins always may).
    pub editors_log_for_others: bool,
    /// The caller's role on this board.
    pub my_role: BoardRole,
    /// Increases with every change; the ETag is derived from it (`If-Match`).
    pub version: i64,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewMember {
    /// The email of a registered user.
    #[cfg_attr(
        feature = "openapi",
        schema(
            max_length = 254,
            pattern = r"^[^@\s]+@[^@\s.][^@\s]*\.[^@\s]*[^@\s.]$"
        )
    )]
    pub email: String,
    pub role: BoardRole,
    /// This person's cost rate on this board (level `board_member` of the rates, in the board's
    /// currency); the first one set applies from the first day, a later one from today on.
    #[serde(default, deserialize_with = "crate::money::wire::optional_decimal")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "90.00", pattern = r"^(0|[1-9][0-9]{0,5})(\.[0-9]{1,2})?$|^1000000(\.0{1,2})?$"))]
    pub hourly_rate: Option<Decimal>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MemberUpdate {
    pub role: BoardRole,
    /// This person's cost rate on this board from today on (the first one set applies from the
    /// first day); absent: none at this level from today on.
    #[serde(default, deserialize_with = "crate::money::wire::optional_decimal")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "90.00", pattern = r"^(0|[1-9][0-9]{0,5})(\.[0-9]{1,2})?$|^1000000(\.0{1,2})?$"))]
    pub hourly_rate: Option<Decimal>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Member {
    pub user_id: i64,
    pub email: String,
    pub display_name: String,
    pub role: BoardRole,
    /// This person's cost rate on this board today, exact; shown to board and organisation
    /// admins and to the person, absent for everyone else.
    pub hourly_rate: Option<Money>,
    /// Increases with every change; the ETag is derived from it (`If-Match`).
    pub version: i64,
}
