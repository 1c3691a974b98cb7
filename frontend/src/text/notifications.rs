//! The words of the notifications screen (the signed-in person's feed) and of the header's bell
//! that counts the unread ones.

pub struct Words {
    pub heading: &'static str,
    pub unread_only_label: &'static str,
    pub mark_all_button: &'static str,
    pub no_unread: &'static str,
    pub empty: &'static str,
    /// A notification's board until its name is read; takes the board's id.
    pub board_fallback: fn(i64) -> String,
    pub unread_badge: &'static str,
    pub mark_read_button: &'static str,
    /// The bell's accessible name; takes the number of unread notifications.
    pub bell_label: fn(u64) -> String,
}

pub const ENGLISH: Words = Words {
    heading: "Notifications",
    unread_only_label: "Only unread",
    mark_all_button: "Mark all read",
    no_unread: "No unread notifications.",
    empty:
        "No notifications yet: alerts that fire and new recommendations on your boards show here.",
    board_fallback: |board| format!("Board {board}"),
    unread_badge: "Unread",
    mark_read_button: "Mark read",
    bell_label: |count| match count {
        0 => "Notifications, none unread".to_owned(),
        1 => "Notifications, 1 unread".to_owned(),
        count => format!("Notifications, {count} unread"),
    },
};
