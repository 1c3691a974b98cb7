//! The words of the Settings screen (the account, personal access tokens, board members and the
//! organisation link) and of the field that shows a secret or link once, with its Copy button.

pub struct Words {
    pub heading: &'static str,

    // The account
    pub account_heading: &'static str,
    pub name_term: &'static str,
    pub email_term: &'static str,
    pub rate_term: &'static str,

    // The organisation
    pub organization_heading: &'static str,
    pub organization_link_admin: &'static str,
    pub organization_link_member: &'static str,

    // Personal access tokens
    pub tokens_heading: &'static str,
    /// Before the link to the API documentation.
    pub tokens_intro: &'static str,
    pub api_docs_link: &'static str,
    pub days_invalid: &'static str,
    pub token_name_label: &'static str,
    pub token_name_placeholder: &'static str,
    pub scope_label: &'static str,
    pub scope_read: &'static str,
    pub scope_write: &'static str,
    pub expiry_label: &'static str,
    pub create_button: &'static str,
    pub creating: &'static str,
    pub token_created: fn(&str) -> String,
    pub copy_now: &'static str,
    pub new_token_label: &'static str,
    pub your_tokens_heading: &'static str,
    pub tokens_empty: &'static str,
    pub token_revoked: &'static str,
    pub token_expired: &'static str,
    pub token_active: &'static str,
    pub revoke_label: fn(&str) -> String,
    /// When a token has not been used yet.
    pub never_used: &'static str,
    pub revoke_button: &'static str,
    pub name_column: &'static str,
    pub scope_column: &'static str,
    pub prefix_column: &'static str,
    pub created_column: &'static str,
    pub last_used_column: &'static str,
    pub expires_column: &'static str,
    pub state_column: &'static str,
    pub actions_column: &'static str,

    // Board members
    pub boards_heading: &'static str,
    pub boards_empty: &'static str,
    pub boards_intro: &'static str,

    // A secret or link shown once
    pub copy_button: &'static str,
    pub copied: &'static str,
    pub copy_unavailable: &'static str,
}

pub const ENGLISH: Words = Words {
    heading: "Settings",

    // The account
    account_heading: "Your account",
    name_term: "Name",
    email_term: "Email",
    rate_term: "Default hourly rate",

    // The organisation
    organization_heading: "Organisation",
    organization_link_admin: "Rates, exchange rates and forecast calibration of your organisation",
    organization_link_member: "How well your organisation's forecasts have done",

    // Personal access tokens
    tokens_heading: "Personal access tokens",
    tokens_intro: "Tokens let scripts call the API as you. A token is shown once, when it is created: copy it then. ",
    api_docs_link: "API documentation",
    days_invalid: "Enter a whole number of days, 1 to 365.",
    token_name_label: "Name",
    token_name_placeholder: "e.g. reporting script",
    scope_label: "Scope",
    scope_read: "read — GET requests only",
    scope_write: "write — everything you may do",
    expiry_label: "Expires in (days)",
    create_button: "Create token",
    creating: "Creating…",
    token_created: |name| format!("Token “{name}” created."),
    copy_now: " Copy it now: it will not be shown again.",
    new_token_label: "The new token",
    your_tokens_heading: "Your tokens",
    tokens_empty: "No tokens yet.",
    token_revoked: "revoked",
    token_expired: "expired",
    token_active: "active",
    revoke_label: |name| format!("Revoke the token “{name}”"),
    never_used: "never",
    revoke_button: "Revoke",
    name_column: "Name",
    scope_column: "Scope",
    prefix_column: "Starts with",
    created_column: "Created",
    last_used_column: "Last used",
    expires_column: "Expires",
    state_column: "State",
    actions_column: "Actions",

    // Board members
    boards_heading: "Board members",
    boards_empty: "You administer no boards; their admins manage members.",
    boards_intro: "Roles and hourly rates of the people on the boards you administer:",

    // A secret or link shown once
    copy_button: "Copy",
    copied: "Copied to the clipboard.",
    copy_unavailable: "Copying is not available here: the text is selected, press Ctrl+C (⌘C) to copy it.",
};
