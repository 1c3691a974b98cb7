//! The signed-in person's notifications, newest first: what the tracker announced on the boards
//! they can see (alert firings, recommendations), unread ones marked, each linking to where it
//! happened on its board; one or all are marked read here. The header's bell counts the unread
//! ones and opens this screen.

use budget_contract::alert::{EventType, Notification};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use crate::api::{self, ApiError};
use crate::components::more::STEP;
use crate::components::notification_bell::use_unread_notifications;
use crate::components::{read_view, Checkbox, Empty, ErrorNotice, ShowOlder};
use crate::format;
use crate::labels;
use crate::requests::Fetch;
use crate::session::{bump_refresh, use_refresh};
use crate::text::text;

/// Where a notification's event happened on its board: the Alerts tab for a firing, the
/// Recommendations tab for a recommendation, the Rates tab for a repricing.
fn board_section(event: EventType) -> &'static str {
    match event {
        EventType::RecommendationCreated | EventType::RecommendationStatusChanged => {
            "recommendations"
        }
        EventType::RepricingApplied => "rates",
        EventType::BudgetThresholdCrossed
        | EventType::BudgetExhaustionPredicted
        | EventType::BudgetOverrunProbable
        | EventType::BudgetExceeded
        // The endpoint delivered the board's alerts: the nearest screen.
        | EventType::WebhookEndpointDisabled => "alerts",
    }
}

#[component]
pub fn NotificationsScreen() -> impl IntoView {
    let words = &text().notifications;
    let refresh = use_refresh();
    let unread = use_unread_notifications();
    let unread_only = RwSignal::new(false);
    // The newest notifications, more after each "Show older".
    let shown = RwSignal::new(STEP);
    // Read again when the person marks some read (the refresh signal) and when the unread
    // count changes (a new notification arrived).
    let feed = Fetch::new(move || {
        refresh.track();
        unread.track();
        let unread_only = unread_only.get();
        let limit = shown.get();
        api::notifications(unread_only, limit)
    });
    let boards = Fetch::new(api::boards);
    let board_name = move |board: i64| {
        boards
            .get()
            .and_then(Result::ok)
            .and_then(|page| page.items.into_iter().find(|item| item.id == board))
            .map(|board| board.name)
            .unwrap_or_else(|| (words.board_fallback)(board))
    };
    let error = RwSignal::new(None::<ApiError>);
    let marking_all = RwSignal::new(false);
    let mark_all = move |_| {
        marking_all.set(true);
        spawn_local(async move {
            let result = api::mark_all_notifications_read().await;
            marking_all.try_set(false);
            match result {
                Ok(_) => {
                    error.try_set(None);
                    bump_refresh();
                }
                Err(failure) => {
                    error.try_set(Some(failure));
                }
            }
        });
    };
    let none_unread = move || unread.get().is_none_or(|count| count == 0);

    view! {
        <section>
            <h1>{words.heading}</h1>
            <section class="card">
                <div class="toolbar">
                    <Checkbox id="notifications-unread-only" testid="notifications-unread-only" checked=unread_only>
                        {words.unread_only_label}
                    </Checkbox>
                    <button
                        type="button"
                        class="button"
                        data-testid="notifications-mark-all"
                        disabled=move || marking_all.get() || none_unread()
                        on:click=mark_all
                    >
                        {words.mark_all_button}
                    </button>
                </div>
                {move || error.get().map(|error| view! { <ErrorNotice error /> })}
                {read_view(feed, move |page| {
                    if page.items.is_empty() {
                        let message = if unread_only.get_untracked() {
                            words.no_unread
                        } else {
                            words.empty
                        };
                        return view! { <Empty message=message /> }.into_any();
                    }
                    let items = page
                        .items
                        .into_iter()
                        .map(|notification| {
                            let name = notification.board_id.map(board_name);
                            view! { <NotificationItem notification board_name=name error /> }
                        })
                        .collect_view();
                    view! {
                        <ul class="notification-list" data-testid="notification-list">{items}</ul>
                        <ShowOlder limit=shown more=page.next_cursor.is_some() testid="notifications-older" />
                    }
                        .into_any()
                })}
            </section>
        </section>
    }
}

/// One notification: unread ones say so and have "Mark read".
#[component]
fn NotificationItem(
    notification: Notification,
    board_name: Option<String>,
    error: RwSignal<Option<ApiError>>,
) -> impl IntoView {
    let words = &text().notifications;
    let id = notification.id;
    let unread = notification.read_at.is_none();
    let busy = RwSignal::new(false);
    let mark_read = move |_| {
        busy.set(true);
        spawn_local(async move {
            let result = api::mark_notification_read(id).await;
            busy.try_set(false);
            match result {
                Ok(_) => {
                    error.try_set(None);
                    bump_refresh();
                }
                Err(failure) => {
                    error.try_set(Some(failure));
                }
            }
        });
    };
    let link = notification.board_id.map(|board| {
        let href = format!("/boards/{board}/{}", board_section(notification.event_type));
        let name = board_name.unwrap_or_else(|| (words.board_fallback)(board));
        view! { <A href=href attr:data-testid="notification-board-link">{name}</A> }
    });
    view! {
        <li
            class="notification"
            class:notification--unread=unread
            data-testid="notification"
            data-notification-id=id
            data-read=if unread { "false" } else { "true" }
            data-event-type=notification.event_type.as_str()
        >
            <p class="notification__head">
                {unread.then(|| view! { <span class="badge badge--unread">{words.unread_badge}</span> " " })}
                <strong>{labels::event_type(notification.event_type)}</strong>
                <span class="muted">" · " {format::timestamp(notification.created_at)}</span>
                {link.map(|link| view! { <span class="muted">" · "</span> {link} })}
            </p>
            <p class="notification__message" data-testid="notification-message">{notification.message}</p>
            {unread
                .then(|| {
                    view! {
                        <button
                            type="button"
                            class="button"
                            data-testid="notification-mark-read"
                            disabled=move || busy.get()
                            on:click=mark_read
                        >
                            {words.mark_read_button}
                        </button>
                    }
                })}
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_notification_links_to_where_its_event_happened() {
        assert_eq!(board_section(EventType::BudgetThresholdCrossed), "alerts");
        assert_eq!(board_section(EventType::BudgetExceeded), "alerts");
        assert_eq!(
            board_section(EventType::RecommendationCreated),
            "recommendations"
        );
    }
}
