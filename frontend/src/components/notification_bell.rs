//! The signed-in person's unread notifications: the count, read by the app once and shared (the
//! header's bell shows it; screens that show what notifications announce read again when it
//! changes), and the bell itself.

use std::time::Duration;

use leptos::prelude::*;
use leptos_router::components::A;

use crate::api;
use crate::effects::effect;
use crate::requests::Fetch;
use crate::session::{use_refresh, use_session};
use crate::text::text;

/// How often the unread count is read while signed in.
const POLL_INTERVAL: Duration = Duration::from_secs(30);

/// The number of unread notifications as last read: `None` until the first answer (and while
/// signed out). A failed read keeps the last count.
#[derive(Clone, Copy, Debug)]
pub struct UnreadNotifications(pub Signal<Option<u64>>);

/// Reads the unread count at sign-in, every 30 s, and after each of the person's own writes
/// (marking read bumps the refresh signal), and provides it; the layout calls this once.
pub fn provide_unread_notifications() -> UnreadNotifications {
    let session = use_session();
    let refresh = use_refresh();
    let tick = RwSignal::new(0u32);
    let count = Fetch::new(move || {
        refresh.track();
        tick.track();
        let signed_in = session.token.get().is_some();
        async move {
            if signed_in {
                api::unread_notification_count()
                    .await
                    .map(|count| Some(count.unread))
            } else {
                Ok(None)
            }
        }
    });
    if let Ok(handle) = set_interval_with_handle(
        move || tick.update(|count| *count = count.wrapping_add(1)),
        POLL_INTERVAL,
    ) {
        on_cleanup(move || handle.clear());
    }
    let last = RwSignal::new(None::<u64>);
    // A failed read, or none yet, keeps the last count until an answer says otherwise.
    effect(move || {
        if let Some(Ok(unread)) = count.get() {
            last.set(unread);
        }
    });
    let unread = UnreadNotifications(last.into());
    provide_context(unread);
    unread
}

/// The unread count provided by the layout; `None` outside it.
pub fn use_unread_notifications() -> Signal<Option<u64>> {
    use_context::<UnreadNotifications>()
        .map(|UnreadNotifications(count)| count)
        .unwrap_or_else(|| Signal::derive(|| None))
}

/// The bell of the header: a link to the notifications feed whose accessible name says how
/// many are unread ("Notifications, 3 unread"); the count shows as a badge when there are any.
/// `data-unread` carries the count as read (empty before the first answer).
#[component]
pub fn NotificationBell() -> impl IntoView {
    let unread = use_unread_notifications();
    let words = &text().notifications;
    let label = move || (words.bell_label)(unread.get().unwrap_or(0));
    view! {
        <A
            href="/notifications"
            attr:class="bell"
            attr:data-testid="notification-bell"
            attr:data-unread=move || unread.get().map(|count| count.to_string())
            attr:aria-label=label
        >
            // Drawn rather than an emoji: not every system has a font with the bell.
            <svg class="bell__icon" viewBox="0 0 24 24" width="22" height="22" aria-hidden="true" focusable="false">
                <path
                    fill="currentColor"
                    d="M12 22a2 2 0 0 0 2-2h-4a2 2 0 0 0 2 2zm6-6v-5c0-3.07-1.64-5.64-4.5-6.32V4a1.5 1.5 0 0 0-3 0v.68C7.63 5.36 6 7.92 6 11v5l-2 2v1h16v-1l-2-2z"
                />
            </svg>
            {move || {
                unread
                    .get()
                    .filter(|count| *count > 0)
                    .map(|count| {
                        view! {
                            <span class="bell__count" aria-hidden="true" data-testid="notification-count">
                                {if count > 99 { "99+".to_owned() } else { count.to_string() }}
                            </span>
                        }
                    })
            }}
        </A>
    }
}
