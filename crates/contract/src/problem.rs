//! RFC 7807 problem details: the one error shape of the API.

use serde::{Deserialize, Serialize};

/// An error response (`application/problem+json`). `code` is stable and meant for programs;
/// `title` and `detail` are for people and may change.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Problem {
    /// A URI reference naming the problem type (`urn:budget-roi:problem:<code>`).
    #[serde(rename = "type")]
    pub problem_type: String,
    pub title: String,
    pub status: u16,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// Machine-readable error code, e.g. `validation_failed`, `board_access_denied`; each
    /// response lists the codes it may carry. A string, so that a code a newer server adds does
    /// not break an older client.
    pub code: String,
    /// For validation errors: every failing field.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// The request's id, as in the `X-Request-Id` response header: quote it when reporting a
    /// problem, and the server's log lines for that request can be found.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

/// One failing input field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    /// The field's path in the request, e.g. `warning_threshold` or `hours`.
    pub field: String,
    /// Machine-readable reason, e.g. `out_of_range`, `required`, `invalid`.
    pub code: String,
    pub message: String,
}

wire_enum! {
    /// Every `code` the API answers with, by status. A client should treat a code it does not
    /// know by the answer's status: newer servers may add codes.
    #[derive(Hash)]
    pub enum ProblemCode {
        // 400
        /// The body is not one JSON document.
        MalformedJson = "malformed_json",
        /// The body could not be read.
        UnreadableBody = "unreadable_body",
        /// A cross-origin request from an origin that is not allowed.
        CorsRejected = "cors_rejected",
        // 401
        /// Missing, expired, tampered or revoked credential.
        Unauthenticated = "unauthenticated",
        /// The email or password is wrong.
        InvalidCredentials = "invalid_credentials",
        // 403
        /// The board does not exist or the caller has no access to it.
        BoardAccessDenied = "board_access_denied",
        /// The organisation does not exist or the caller is not a member.
        OrganizationAccessDenied = "organization_access_denied",
        /// The caller's role is too low for this action.
        InsufficientRole = "insufficient_role",
        /// A read-only access token was used to write.
        InsufficientScope = "insufficient_scope",
        /// Only the person who logged a time entry, or a board admin, may change it.
        NotEntryAuthor = "not_entry_author",
        /// Logging or correcting time for someone else takes a board admin, or an editor where
        /// the board lets editors log for others.
        NotLoggingForOthers = "not_logging_for_others",
        /// This account action needs a signed-in session; a personal access token may not do it.
        SessionRequired = "session_required",
        // 404, 405
        /// No such resource.
        NotFound = "not_found",
        /// The path exists but does not serve this method.
        MethodNotAllowed = "method_not_allowed",
        // 409
        /// An account with this email already exists.
        EmailTaken = "email_taken",
        /// The person is already a member of the board.
        AlreadyMember = "already_member",
        /// The person already belongs to an organisation.
        AlreadyInOrganization = "already_in_organization",
        /// The organisation would be left without an admin.
        LastOrgAdmin = "last_org_admin",
        /// A board changes organisation only by its move route, not by replacing its details.
        BoardMoveRequired = "board_move_required",
        /// Another organisation already has this name.
        OrganizationNameTaken = "organization_name_taken",
        /// Someone created the budget at the same moment.
        BudgetCreatedConcurrently = "budget_created_concurrently",
        /// The recommendation's status does not allow this action (or changed meanwhile).
        InvalidTransition = "invalid_transition",
        /// The optimiser needs a budget on the board.
        NoBudget = "no_budget",
        /// AI optimisation is disabled in the board's budget settings.
        AiDisabled = "ai_disabled",
        /// The budget's new currency has no minor unit for amounts the board already holds (a
        /// cost with cents, for a currency in whole units such as the yen); make them whole
        /// first.
        AmountsFinerThanCurrency = "amounts_finer_than_currency",
        /// The budget's currency changed while an amount was being written; send it again.
        CurrencyChanged = "currency_changed",
        /// An exchange rate for this currency pair and day is already stored; delete it to
        /// replace it.
        ExchangeRateExists = "exchange_rate_exists",
        /// A rate for this level, scope and day is already stored; delete it to replace it.
        RateExists = "rate_exists",
        /// Time entries were priced with this rate; it stays as their record.
        RateInUse = "rate_in_use",
        /// The repricing was reverted already.
        RepricingReverted = "repricing_reverted",
        /// Time entries changed while they were being repriced, or since the repricing being
        /// reverted.
        EntriesChanged = "entries_changed",
        /// The board already has a what-if scenario of this name.
        ScenarioNameTaken = "scenario_name_taken",
        /// The board holds the most tasks it may; delete some before adding more.
        TaskLimitReached = "task_limit_reached",
        /// The budget has a hard stop and its money or hours are spent: new time entries and
        /// expenses are refused, except for board admins; a board admin lifts the stop by
        /// turning `hard_stop` off (or raising the budget).
        BudgetExhausted = "budget_exhausted",
        /// The time is closed: its week is submitted or approved, or it lies on or before the
        /// organisation's lock date. The detail says which and who can reopen it.
        EntryLocked = "entry_locked",
        /// The week is submitted or approved already: it cannot be submitted again.
        TimesheetNotOpen = "timesheet_not_open",
        /// The week is not submitted: there is nothing to approve, reject or withdraw.
        TimesheetNotSubmitted = "timesheet_not_submitted",
        /// The week is not approved: there is nothing to reopen.
        TimesheetNotApproved = "timesheet_not_approved",
        /// Rows of an imported file are refused, so nothing was imported: a dry run lists them
        /// with their reasons; `skip_refused=true` imports the other rows.
        ImportRowsRefused = "import_rows_refused",
        // 408, 412, 413, 415, 422, 428, 429
        /// The request's body did not arrive in time.
        RequestTimeout = "request_timeout",
        /// `If-Match` does not match: the resource changed since it was read.
        PreconditionFailed = "precondition_failed",
        /// This write needs `If-Match` (the resource's `ETag` as last read).
        PreconditionRequired = "precondition_required",
        /// The body is larger than the server accepts.
        PayloadTooLarge = "payload_too_large",
        /// The body is not `application/json`.
        UnsupportedMediaType = "unsupported_media_type",
        /// Invalid fields, each listed in `errors`.
        ValidationFailed = "validation_failed",
        /// Too many calls; retry after `Retry-After` seconds.
        RateLimited = "rate_limited",
        // 500, 503
        /// An unexpected error, logged on the server.
        InternalError = "internal_error",
        /// The database is unreachable; retry.
        DatabaseUnavailable = "database_unavailable",
        /// The server is at capacity for this kind of work (e.g. checking passwords); retry
        /// after `Retry-After` seconds.
        ServerBusy = "server_busy",
    }
}
