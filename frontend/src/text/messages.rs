//! The messages the app writes itself: what people typed that cannot be read, and what went
//! wrong with a request when the server did not say (unreachable, unreadable, a bare status).

pub struct Words {
    // What people typed
    pub not_a_number: &'static str,
    pub not_a_date: &'static str,

    // Checked before sending
    /// The title of the problem the app makes for fields it refused before sending.
    pub validation_failed_title: &'static str,
    pub check_marked_fields: &'static str,

    // Requests
    /// No answer arrived, with the browser's reason.
    pub server_unreachable: fn(&str) -> String,
    /// An answer arrived that could not be read, with the reason.
    pub answer_unreadable: fn(&str) -> String,
    pub session_expired: &'static str,
    pub bad_request: &'static str,
    pub sign_in_needed: &'static str,
    pub forbidden: &'static str,
    pub not_found: &'static str,
    pub conflict: &'static str,
    /// Someone else saved first (the version an edit was made on is gone).
    pub changed_elsewhere: &'static str,
    /// A 5xx answer, with its status.
    pub server_failed: fn(u16) -> String,
    /// Any other failed answer, with its status.
    pub request_failed: fn(u16) -> String,
}

pub const ENGLISH: Words = Words {
    not_a_number: "must be a number, e.g. 1234.50",
    not_a_date: "must be a date",

    validation_failed_title: "Validation failed",
    check_marked_fields: "Check the marked fields.",

    server_unreachable: |error| {
        format!("Could not reach the server ({error}). Check your connection and try again.")
    },
    answer_unreadable: |error| format!("The server's answer could not be read ({error})."),
    session_expired: "Your session has expired — sign in again.",
    bad_request: "The request was not valid.",
    sign_in_needed: "Please sign in.",
    forbidden: "You are not allowed to do that.",
    not_found: "Not found.",
    conflict: "That conflicts with the current state; reload and try again.",
    changed_elsewhere:
        "Someone else changed this since you opened it — reload to see their version.",
    server_failed: |status| format!("The server failed (HTTP {status}). Try again in a moment."),
    request_failed: |status| format!("The request failed (HTTP {status})."),
};
