//! Who may do what on a board, decided in one place.
//!
//! A caller's role is the highest of: creator → admin; admin of the board's organisation →
//! admin; board member → their role; other member of the board's organisation → viewer.
//! Everyone else has no access, and to them an unknown board and a forbidden one look the same
//! (403 `board_access_denied`), so board ids cannot be probed.

use budget_contract::auth::OrgRole;
use budget_contract::board::BoardRole;
use budget_contract::page::Page;
use budget_contract::problem::ProblemCode;
use sea_orm::{ConnectionTrait, FromQueryResult};

use crate::db::Database;
use crate::entity::board;
use crate::error::{DomainError, DomainResult};
use crate::pagination::{self, PageRequest};
use crate::sql;
use crate::Domain;

/// A caller's proven access to one board; handlers receive it from the API's extractor.
#[derive(Clone, Debug)]
pub struct BoardAccess {
    pub board: board::Model,
    pub role: BoardRole,
    pub user_id: i64,
    /// The board's data revision when access was checked (see [`crate::read_cache`]).
    pub data_revision: i64,
    /// The caller's session epoch, read with the access (so a session is checked without a
    /// query of its own on board routes).
    pub session_epoch: Option<i64>,
}

impl BoardAccess {
    pub fn board_id(&self) -> i64 {
        self.board.id
    }

    /// Refuses with 403 `insufficient_role` unless the caller holds at least `needed`.
    pub fn require(&self, needed: BoardRole) -> DomainResult<()> {
        if self.role >= needed {
            Ok(())
        } else {
            Err(DomainError::forbidden(
                ProblemCode::InsufficientRole,
                format!(
                    "this needs the {} role on the board; you are {}",
                    needed.as_str(),
                    self.role.as_str()
                ),
            ))
        }
    }
}

/// What the database knows about the caller and the board, gathered in one query.
#[derive(Debug, FromQueryResult)]
struct AccessRow {
    id: i64,
    name: String,
    organization_id: Option<i64>,
    created_by: i64,
    start_date: chrono::NaiveDate,
    due_date: Option<chrono::NaiveDate>,
    created_at: chrono::DateTime<chrono::Utc>,
    time_rounding: String,
    editors_log_for_others: bool,
    version: i64,
    member_role: Option<String>,
    user_org: Option<i64>,
    user_org_role: Option<String>,
    user_epoch: Option<i64>,
    data_revision: i64,
}

/// The columns of an [`AccessRow`]: the board, its data revision, and (from the joins each
/// query adds as `m` and `u`) the caller's membership and organisation.
const ACCESS_ROW: &str = "SELECT b.id, b.name, b.organization_id, b.created_by, b.start_date, \
       b.due_date, b.created_at, b.time_rounding, b.editors_log_for_others, b.version, m.role AS member_role, u.organization_id AS user_org, \
       u.org_role AS user_org_role, u.session_epoch AS user_epoch, \
       CAST(COALESCE(r.version, 0) AS BIGINT) AS data_revision \
     FROM board b \
     LEFT JOIN board_revision r ON r.board_id = b.id";

/// Loads the board and the caller's role on it in one query, or refuses.
pub async fn board_access(
    domain: &Domain,
    board_id: i64,
    user_id: i64,
) -> DomainResult<BoardAccess> {
    board_access_on(domain.db.conn(), board_id, user_id).await
}

pub async fn board_access_on<C: ConnectionTrait>(
    conn: &C,
    board_id: i64,
    user_id: i64,
) -> DomainResult<BoardAccess> {
    let row: Option<AccessRow> = sql::all(
        conn,
        &format!(
            "{ACCESS_ROW} \
             LEFT JOIN board_member m ON m.board_id = b.id AND m.user_id = $2 \
             LEFT JOIN app_user u ON u.id = $2 \
             WHERE b.id = $1"
        ),
        vec![board_id.into(), user_id.into()],
    )
    .await?
    .into_iter()
    .next();
    let denied = || {
        DomainError::forbidden(
            ProblemCode::BoardAccessDenied,
            "the board does not exist or you have no access to it",
        )
    };
    let row = row.ok_or_else(denied)?;
    row.into_access(user_id).ok_or_else(denied)
}

/// A page of the boards the caller can see with their role on each, ordered by id, and how
/// many they can see. The `WHERE` admits the boards [`resolve_role`] can give a role on
/// (creator, member, same organisation), so that a page holds `limit` visible boards and the
/// total counts them; `resolve_role` still decides.
pub async fn visible_boards(
    db: &Database,
    user_id: i64,
    page: &PageRequest<i64>,
) -> DomainResult<Page<BoardAccess>> {
    let visible = format!(
        "{ACCESS_ROW} \
         JOIN app_user u ON u.id = $1 \
         LEFT JOIN board_member m ON m.board_id = b.id AND m.user_id = $1 \
         WHERE (b.created_by = $1 OR m.user_id IS NOT NULL \
                OR (b.organization_id IS NOT NULL AND b.organization_id = u.organization_id))"
    );
    let backend = db.backend();
    let filtered = sql::statement(backend, &visible, vec![user_id.into()]);
    let window = sql::statement(
        backend,
        &format!("{visible} AND b.id > $2 ORDER BY b.id LIMIT $3"),
        vec![
            user_id.into(),
            page.after.unwrap_or(0).into(),
            page.fetch_value().into(),
        ],
    );
    let (rows, total) = pagination::read::<AccessRow>(db, filtered, window).await?;
    let rows: Vec<BoardAccess> = rows
        .into_iter()
        .filter_map(|row| row.into_access(user_id))
        .collect();
    Ok(page.page(rows, total, |a| a.board.id.to_string()))
}

impl AccessRow {
    fn into_access(self, user_id: i64) -> Option<BoardAccess> {
        let row = self;
        let role = resolve_role(&Facts {
            is_creator: row.created_by == user_id,
            member_role: row
                .member_role
                .as_deref()
                .and_then(|role| role.parse().ok()),
            same_org_role: match (row.organization_id, row.user_org) {
                (Some(board_org), Some(user_org)) if board_org == user_org => row
                    .user_org_role
                    .as_deref()
                    .and_then(|role| role.parse().ok()),
                _ => None,
            },
        })?;
        Some(BoardAccess {
            board: board::Model {
                id: row.id,
                name: row.name,
                organization_id: row.organization_id,
                created_by: row.created_by,
                start_date: row.start_date,
                due_date: row.due_date,
                created_at: row.created_at,
                time_rounding: row.time_rounding,
                editors_log_for_others: row.editors_log_for_others,
                version: row.version,
            },
            role,
            user_id,
            data_revision: row.data_revision,
            session_epoch: row.user_epoch,
        })
    }
}

/// The facts about a caller that decide their role on one board.
#[derive(Clone, Debug, Default)]
pub struct Facts {
    pub is_creator: bool,
    pub member_role: Option<BoardRole>,
    /// The caller's organisation role when they belong to the board's organisation.
    pub same_org_role: Option<OrgRole>,
}

pub fn resolve_role(facts: &Facts) -> Option<BoardRole> {
    let from_creation = facts.is_creator.then_some(BoardRole::Admin);
    let from_org = facts.same_org_role.map(|role| match role {
        OrgRole::Admin => BoardRole::Admin,
        OrgRole::Member => BoardRole::Viewer,
    });
    [from_creation, facts.member_role, from_org]
        .into_iter()
        .flatten()
        .max()
}

/// Whether someone with these facts may log time on the board: editors and admins, which
/// counts the board's creator and the admins of its organisation.
pub fn may_log_time(facts: &Facts) -> bool {
    resolve_role(facts).is_some_and(|role| role >= BoardRole::Editor)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn role(
        is_creator: bool,
        member: Option<BoardRole>,
        org: Option<OrgRole>,
    ) -> Option<BoardRole> {
        resolve_role(&Facts {
            is_creator,
            member_role: member,
            same_org_role: org,
        })
    }

    #[test]
    fn the_highest_applicable_role_wins() {
        assert_eq!(role(true, None, None), Some(BoardRole::Admin));
        assert_eq!(
            role(true, Some(BoardRole::Viewer), None),
            Some(BoardRole::Admin)
        );
        assert_eq!(
            role(false, Some(BoardRole::Editor), None),
            Some(BoardRole::Editor)
        );
        assert_eq!(
            role(false, None, Some(OrgRole::Admin)),
            Some(BoardRole::Admin)
        );
        assert_eq!(
            role(false, None, Some(OrgRole::Member)),
            Some(BoardRole::Viewer)
        );
        assert_eq!(
            role(false, Some(BoardRole::Editor), Some(OrgRole::Member)),
            Some(BoardRole::Editor)
        );
    }

    #[test]
    fn strangers_have_no_role() {
        assert_eq!(role(false, None, None), None);
    }
}
