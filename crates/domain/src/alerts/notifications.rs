//! A person's notifications: the events on the boards they could see when each happened,
//! newest first, read or unread. Only their owner reads or marks them.

use budget_contract::alert::{MarkedRead, Notification, UnreadCount};
use budget_contract::page::Page;
use sea_orm::{
    ColumnTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
    QueryTrait,
};

use crate::entity::notification;
use crate::error::{DomainError, DomainResult};
use crate::{pagination, sql, Domain};

fn view(model: notification::Model) -> DomainResult<Notification> {
    Ok(Notification {
        id: model.id,
        event_type: model
            .event_type
            .parse()
            .map_err(|_| DbErr::Custom(format!("unknown event type {:?}", model.event_type)))?,
        event_id: model.event_id,
        board_id: model.board_id,
        message: model.message,
        payload: serde_json::from_str(&model.payload_json).map_err(|err| {
            DbErr::Custom(format!(
                "notification {} holds an unreadable payload: {err}",
                model.id
            ))
        })?,
        created_at: model.created_at,
        read_at: model.read_at,
    })
}

/// The caller's notifications, newest first; with `unread_only`, those not read yet.
pub async fn list(
    domain: &Domain,
    user_id: i64,
    unread_only: bool,
    limit: Option<u64>,
    cursor: Option<&str>,
) -> DomainResult<Page<Notification>> {
    let page = pagination::by_id(limit, cursor)?;
    let backend = domain.db.backend();
    let mut query = notification::Entity::find().filter(notification::Column::UserId.eq(user_id));
    if unread_only {
        query = query.filter(notification::Column::ReadAt.is_null());
    }
    let filtered = query.clone().build(backend);
    if let Some(before) = page.after {
        query = query.filter(notification::Column::Id.lt(before));
    }
    let window = query
        .order_by_desc(notification::Column::Id)
        .limit(page.fetch())
        .build(backend);
    let (rows, total) =
        pagination::read::<notification::Model>(&domain.db, filtered, window).await?;
    let page = page.page(rows, total, |row| row.id.to_string());
    Ok(Page {
        items: page
            .items
            .into_iter()
            .map(view)
            .collect::<DomainResult<_>>()?,
        total: page.total,
        next_cursor: page.next_cursor,
    })
}

/// Marks one of the caller's notifications read (again: it keeps its first reading time).
/// Someone else's notification is not found.
pub async fn mark_read(
    domain: &Domain,
    user_id: i64,
    notification_id: i64,
) -> DomainResult<Notification> {
    let now = domain.clock.now();
    let txn = domain.db.begin_write().await?;
    sql::execute(
        &*txn,
        "UPDATE notification SET read_at = $3 \
         WHERE id = $1 AND user_id = $2 AND read_at IS NULL",
        vec![notification_id.into(), user_id.into(), now.into()],
    )
    .await?;
    let model = notification::Entity::find_by_id(notification_id)
        .filter(notification::Column::UserId.eq(user_id))
        .one(&*txn)
        .await?
        .ok_or(DomainError::NotFound("notification"))?;
    txn.commit().await?;
    view(model)
}

/// Marks every unread notification of the caller read.
pub async fn mark_all_read(domain: &Domain, user_id: i64) -> DomainResult<MarkedRead> {
    let now = domain.clock.now();
    let txn = domain.db.begin_write().await?;
    let marked = sql::execute(
        &*txn,
        "UPDATE notification SET read_at = $2 WHERE user_id = $1 AND read_at IS NULL",
        vec![user_id.into(), now.into()],
    )
    .await?;
    txn.commit().await?;
    Ok(MarkedRead { marked })
}

/// How many of the caller's notifications are unread.
pub async fn unread_count(domain: &Domain, user_id: i64) -> DomainResult<UnreadCount> {
    let unread = notification::Entity::find()
        .filter(notification::Column::UserId.eq(user_id))
        .filter(notification::Column::ReadAt.is_null())
        .count(domain.db.conn())
        .await?;
    Ok(UnreadCount { unread })
}
