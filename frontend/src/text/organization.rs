//! The words of the Organisation screen (creating, joining, members, invitations, leaving, rates,
//! exchange rates and forecast calibration) and of accepting an invitation from its link.

pub struct Words {
    // The screen
    pub heading: &'static str,
    pub admins_only: &'static str,

    // Forecast calibration
    pub calibration_heading: &'static str,
    pub calibration_intro: &'static str,

    // Rates
    pub rates_heading: &'static str,
    pub rates_intro: &'static str,
    pub add_rate_heading: &'static str,

    // Exchange rates
    pub exchange_heading: &'static str,
    pub exchange_intro: &'static str,
    pub exchange_empty: &'static str,
    pub pair_column: &'static str,
    pub rate_column: &'static str,
    pub valid_from_column: &'static str,
    pub source_column: &'static str,
    pub actions_column: &'static str,
    /// A currency pair in the table: the first currency, then the second.
    pub pair: fn(&str, &str) -> String,
    pub delete_button: &'static str,
    pub rate_invalid: &'static str,
    pub valid_from_invalid: &'static str,
    pub currency_missing: &'static str,

    // Adding an exchange rate
    pub add_exchange_heading: &'static str,
    pub currency_blank: &'static str,
    pub from_label: &'static str,
    pub to_label: &'static str,
    pub rate_label: &'static str,
    pub rate_hint: &'static str,
    pub valid_from_label: &'static str,
    pub add_exchange_button: &'static str,
    pub adding: &'static str,

    // Importing exchange rates
    pub import_heading: &'static str,
    pub csv_label: &'static str,
    /// The file's format, header and an example row: its names and figures are the file's own.
    pub csv_placeholder: &'static str,
    pub csv_hint: &'static str,
    /// A failing cell of the file: where (as the API names it), then the API's message.
    pub csv_row_failure: fn(&str, &str) -> String,
    pub import_button: &'static str,
    pub importing: &'static str,
    pub imported: fn(u64, u64) -> String,

    // Refusals explained
    pub last_admin: &'static str,
    pub already_in_organization: &'static str,
    pub invitation_unusable: &'static str,

    // No organisation
    pub none_heading: &'static str,
    pub none_intro: &'static str,
    pub create_heading: &'static str,
    pub name_label: &'static str,
    pub create_button: &'static str,
    pub creating: &'static str,
    pub join_heading: &'static str,
    pub token_label: &'static str,
    pub token_hint: &'static str,
    pub join_button: &'static str,
    pub joining: &'static str,

    // Members
    /// Before the organisation's name, which is in bold.
    pub name_shown: &'static str,
    /// After the organisation's name: when it was created.
    pub since: fn(&str) -> String,
    pub members_heading: &'static str,
    pub members_intro: &'static str,
    pub reset_issued: fn(&str) -> String,
    pub reset_send_link: &'static str,
    pub reset_link_label: &'static str,
    pub members_empty: &'static str,
    pub member_name_column: &'static str,
    pub member_email_column: &'static str,
    pub member_role_column: &'static str,
    /// The signed-in person's own name in the list.
    pub member_you: fn(&str) -> String,
    pub member_role_label: fn(&str) -> String,
    pub save_role_button: &'static str,
    pub reset_trigger: &'static str,
    pub reset_question: fn(&str) -> String,
    pub reset_confirm: &'static str,
    pub reset_group_label: fn(&str) -> String,
    pub remove_trigger: &'static str,
    pub remove_question: fn(&str) -> String,
    pub remove_confirm: &'static str,
    pub remove_group_label: fn(&str) -> String,

    // Invitations
    pub invitation_accepted: &'static str,
    pub invitation_revoked: &'static str,
    pub invitation_expired: &'static str,
    pub invitation_pending: &'static str,
    pub invitations_heading: &'static str,
    pub sent_heading: &'static str,
    pub invitations_empty: &'static str,
    pub invitation_email_column: &'static str,
    pub invitation_role_column: &'static str,
    pub invitation_state_column: &'static str,
    pub invitation_expires_column: &'static str,
    pub revoke_trigger: &'static str,
    pub revoke_question: &'static str,
    pub revoke_confirm: &'static str,
    pub revoke_group_label: fn(&str) -> String,
    pub invite_email_label: &'static str,
    pub invite_role_label: &'static str,
    pub invite_button: &'static str,
    pub inviting: &'static str,
    pub invitation_created: fn(&str) -> String,
    pub invitation_send_link: &'static str,
    pub invitation_link_label: &'static str,

    // Leaving
    pub leave_heading: &'static str,
    pub leave_intro: &'static str,
    pub leave_trigger: &'static str,
    pub leave_question: &'static str,
    pub leave_confirm: &'static str,
    pub leave_group_label: &'static str,

    /// The harmless choice of a question asked before acting.
    pub keep_button: &'static str,

    // Accepting an invitation from its link
    pub accept_heading: &'static str,
    pub accept_no_token: &'static str,
    pub go_to_organization: &'static str,
    pub accept_already_member: &'static str,
    pub accept_signed_in_as: fn(&str) -> String,
    /// Before the inviting organisation's name, which is in bold.
    pub offer_join: &'static str,
    /// After the organisation's name: the role the invitation gives (its label).
    pub offer_role: fn(&str) -> String,
    pub offer_members: &'static str,
    pub offer_valid_until: fn(&str) -> String,
    pub accept_button: &'static str,
    pub accept_joining: &'static str,
    pub not_now: &'static str,
}

pub const ENGLISH: Words = Words {
    // The screen
    heading: "Organisation",
    admins_only: "Only organisation admins manage the organisation's rates and exchange rates.",

    // Forecast calibration
    calibration_heading: "How well the forecast has done",
    calibration_intro: "Across the organisation's boards: every forecast whose completion date has passed.",

    // Rates
    rates_heading: "Rates in the organisation",
    rates_intro: "A person's rate applies on every board of the organisation, and the organisation's rate to everyone, \
                  unless a board sets its own for the task, the person or the board. A rate without a currency is in \
                  each board's currency.",
    add_rate_heading: "Add a rate",

    // Exchange rates
    exchange_heading: "Exchange rates",
    exchange_intro: "1 unit of the first currency is worth the rate in the second, from its day on. Entries and expenses keep \
                     the rate in force on their day; an amount with no rate for its day is refused, never guessed.",
    exchange_empty: "No exchange rates yet.",
    pair_column: "Pair",
    rate_column: "Rate",
    valid_from_column: "Valid from",
    source_column: "Source",
    actions_column: "Actions",
    pair: |from, to| format!("{from} → {to}"),
    delete_button: "Delete",
    rate_invalid: "Enter how many units of the second currency one unit of the first is worth, e.g. 0.9215.",
    valid_from_invalid: "Enter the first day the rate applies.",
    currency_missing: "Choose a currency.",

    // Adding an exchange rate
    add_exchange_heading: "Add an exchange rate",
    currency_blank: "Choose…",
    from_label: "From",
    to_label: "To",
    rate_label: "Rate",
    rate_hint: "Units of “To” one unit of “From” is worth; up to eight decimals.",
    valid_from_label: "Valid from",
    add_exchange_button: "Add exchange rate",
    adding: "Adding…",

    // Importing exchange rates
    import_heading: "Import from CSV",
    csv_label: "CSV text",
    csv_placeholder: "from_currency,to_currency,rate,valid_from\nUSD,EUR,0.9215,2026-03-01",
    csv_hint: "The header row from_currency,to_currency,rate,valid_from, then one rate per row (at most 1000). \
               Every row is checked before any is stored.",
    csv_row_failure: |field, message| format!("{field}: {message}"),
    import_button: "Import",
    importing: "Importing…",
    imported: |created, unchanged| format!("Imported: {created} new, {unchanged} already stored."),

    // Refusals explained
    last_admin: "The organisation needs an admin: make another member an admin \
                 first, then try again.",
    already_in_organization: "You already belong to an organisation: leave it first to join \
                              or create another.",
    invitation_unusable: "This invitation cannot be used: it is unknown, expired, revoked, \
                          already used, or for another address than the one you are signed \
                          in with. Ask the organisation's admin for a new one.",

    // No organisation
    none_heading: "You are not in an organisation",
    none_intro: "An organisation's members see every board of it; its admins administer those boards, invite people and set \
                 the organisation's rates. Create one, or join one with the invitation an admin gave you.",
    create_heading: "Create an organisation",
    name_label: "Organisation name",
    create_button: "Create organisation",
    creating: "Creating…",
    join_heading: "Join with an invitation",
    token_label: "Invitation",
    token_hint: "Paste the invitation link or its token (it starts with bri_). It works for the address it was sent to, for seven days.",
    join_button: "Join",
    joining: "Joining…",

    // Members
    name_shown: "Organisation: ",
    since: |when| format!(" · since {when}"),
    members_heading: "Members",
    members_intro: "Members see every board of the organisation; admins also administer those boards, invite people and set the \
                    organisation's rates. The organisation always keeps at least one admin.",
    reset_issued: |name| format!("Password reset for {name} issued."),
    reset_send_link: " Send them this link: it is shown only now, works once, for 24 hours, and earlier reset links no longer work. \
                      They set a new password there, then sign in with it.",
    reset_link_label: "The password-reset link",
    members_empty: "No members.",
    member_name_column: "Name",
    member_email_column: "Email",
    member_role_column: "Role",
    member_you: |name| format!("{name} (you)"),
    member_role_label: |name| format!("Role of {name}"),
    save_role_button: "Save role",
    reset_trigger: "Reset password…",
    reset_question: |name| {
        format!("Issue a password-reset link for {name}? Links issued before stop working.")
    },
    reset_confirm: "Issue link",
    reset_group_label: |name| format!("Confirm a password reset for {name}"),
    remove_trigger: "Remove…",
    remove_question: |name| {
        format!("Remove {name} from the organisation? They lose access to its boards.")
    },
    remove_confirm: "Remove",
    remove_group_label: |name| format!("Confirm removing {name}"),

    // Invitations
    invitation_accepted: "Accepted",
    invitation_revoked: "Revoked",
    invitation_expired: "Expired",
    invitation_pending: "Pending",
    invitations_heading: "Invitations",
    sent_heading: "Sent invitations",
    invitations_empty: "No invitations yet.",
    invitation_email_column: "Email",
    invitation_role_column: "Role",
    invitation_state_column: "State",
    invitation_expires_column: "Expires",
    revoke_trigger: "Revoke…",
    revoke_question: "Revoke this invitation? Its link stops working.",
    revoke_confirm: "Revoke",
    revoke_group_label: |email| format!("Confirm revoking the invitation of {email}"),
    invite_email_label: "Email to invite",
    invite_role_label: "Role",
    invite_button: "Invite",
    inviting: "Inviting…",
    invitation_created: |email| format!("Invitation for {email} created."),
    invitation_send_link: " Send them this link: it is shown only now. They open it, sign in (or create an account) with that \
                           address and accept, within seven days.",
    invitation_link_label: "The invitation's accept link",

    // Leaving
    leave_heading: "Leave the organisation",
    leave_intro: "You lose access to its boards; the boards you created there pass to one of its admins.",
    leave_trigger: "Leave organisation…",
    leave_question: "Leave the organisation? Only a new invitation brings you back.",
    leave_confirm: "Leave",
    leave_group_label: "Confirm leaving the organisation",

    keep_button: "Keep",

    // Accepting an invitation from its link
    accept_heading: "Join an organisation",
    accept_no_token: "This link carries no invitation. Ask the organisation's admin for a new link, or paste the invitation on the Organisation screen.",
    go_to_organization: "Go to the Organisation screen",
    accept_already_member: "You already belong to an organisation: leave it on the Organisation screen before accepting this invitation.",
    accept_signed_in_as: |email| {
        format!("Signed in as {email}. The invitation must have been sent to this address.")
    },
    offer_join: "You are invited to join ",
    offer_role: |role| format!(" as {}.", role.to_lowercase()),
    offer_members: " Its members see every board of the organisation; its admins also administer them.",
    offer_valid_until: |until| format!("The invitation is valid until {until}."),
    accept_button: "Accept and join",
    accept_joining: "Joining…",
    not_now: "Not now",
};
