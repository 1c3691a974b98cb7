//! The audit trail as read by admins: who changed what, when, from what to what.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

crate::wire_enum! {
    /// The kinds of thing the trail records changes to. A kind names what changed (`task`,
    /// `member`…), not the change: that is the event's `action`.
    pub enum AuditKind {
        Board = "board",
        Member = "member",
        Task = "task",
        TaskCost = "task_cost",
        TimeEntry = "time_entry",
        /// A time import: the file and what it created.
        TimeImport = "time_import",
        /// A person's week of time, submitted, approved or rejected.
        TimesheetWeek = "timesheet_week",
        Expense = "expense",
        /// A cost or billable rate.
        Rate = "rate",
        /// Entries re-priced at the rates in force.
        Repricing = "repricing",
        Budget = "budget",
        /// A budget's hard stop overridden.
        HardStop = "hard_stop",
        AlertRule = "alert_rule",
        WebhookEndpoint = "webhook_endpoint",
        RoiSnapshot = "roi_snapshot",
        /// A saved what-if scenario.
        Scenario = "scenario",
        Recommendation = "recommendation",
        Organization = "organization",
        User = "user",
        ApiToken = "api_token",
    }
}

crate::wire_enum! {
    /// What was done in a recorded change: `create`, `update` or `delete`, or the name of what
    /// was done when that says more (a recommendation is accepted, a week approved).
    pub enum AuditAction {
        Create = "create",
        Update = "update",
        Delete = "delete",
        Accept = "accept",
        Reject = "reject",
        Implement = "implement",
        Submit = "submit",
        Withdraw = "withdraw",
        Approve = "approve",
        Reopen = "reopen",
        Override = "override",
        Move = "move",
        TransferOwnership = "transfer_ownership",
        RotateSecret = "rotate_secret",
        Revoke = "revoke",
        PasswordChange = "password_change",
        PasswordReset = "password_reset",
        PasswordResetIssue = "password_reset_issue",
        SignOutEverywhere = "sign_out_everywhere",
        Invite = "invite",
        RevokeInvitation = "revoke_invitation",
        Leave = "leave",
        RemoveMember = "remove_member",
        ChangeMemberRole = "change_member_role",
        AddRate = "add_rate",
        DeleteRate = "delete_rate",
        AddExchangeRate = "add_exchange_rate",
        DeleteExchangeRate = "delete_exchange_rate",
        ImportExchangeRates = "import_exchange_rates",
        TimeLock = "time_lock",
    }
}

/// The longest `kind` a filter accepts.
pub const KIND_CHARS: usize = 50;

/// One recorded change. `before` is absent for a creation, `after` for a deletion; both are the
/// resource as the API showed it then (secrets are never recorded).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEvent {
    pub id: i64,
    /// When the change was committed.
    pub at: DateTime<Utc>,
    /// Who made it; null when the account no longer exists.
    pub actor_id: Option<i64>,
    pub actor_name: Option<String>,
    pub actor_email: Option<String>,
    /// The board it happened on; null for organisation and account events.
    pub board_id: Option<i64>,
    /// What changed: `board`, `member`, `task`, `task_cost`, `time_entry`, `time_import`,
    /// `timesheet_week`, `expense`, `rate`, `repricing`, `budget`, `hard_stop`, `alert_rule`,
    /// `webhook_endpoint`, `roi_snapshot`, `scenario`, `recommendation`, `organization`, `user`
    /// or `api_token`; a newer server may record more.
    pub kind: String,
    /// The id of what changed (for a member, the person's user id).
    pub entity_id: i64,
    /// What was done: `create`, `update` or `delete`, or a named action: `accept`, `reject`,
    /// `implement` (recommendations); `submit`, `withdraw`, `approve`, `reject`, `reopen`
    /// (timesheet weeks); `override` (a hard stop); `move`, `transfer_ownership` (boards);
    /// `rotate_secret` (webhook endpoints); `revoke` (access tokens); `password_change`,
    /// `password_reset`, `password_reset_issue`, `sign_out_everywhere` (accounts); `invite`,
    /// `revoke_invitation`, `accept` (an invitation), `leave`, `remove_member`,
    /// `change_member_role`, `add_rate`, `delete_rate`, `add_exchange_rate`,
    /// `delete_exchange_rate`, `import_exchange_rates`, `time_lock` (organisations). A newer
    /// server may record more.
    pub action: String,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}
