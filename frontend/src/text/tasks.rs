//! The words of the Tasks and time screen (the task list, a task's figures, details, costs, time,
//! expenses and the time export), and of the task picker, sortable headers, pager and CSV download.

pub struct Words {
    // The screen and the task list
    pub heading: &'static str,
    pub list_heading: &'static str,
    pub list_intro: &'static str,
    pub table_caption: &'static str,
    pub title_column: &'static str,
    pub status_column: &'static str,
    pub estimated_column: &'static str,
    pub actual_column: &'static str,
    pub variance_column: &'static str,
    pub variance_percent_column: &'static str,
    pub hours_column: &'static str,
    pub empty_board: &'static str,
    pub no_match: &'static str,
    pub clear_filters_button: &'static str,

    // Filters of the task list
    /// The accessible name of the search form.
    pub filters_label: &'static str,
    pub search_label: &'static str,
    pub any_status: &'static str,
    pub anyone: &'static str,
    pub no_one: &'static str,
    pub search_button: &'static str,

    // New task and the task's details form
    pub new_task_heading: &'static str,
    pub title_label: &'static str,
    pub status_label: &'static str,
    pub priority_label: &'static str,
    pub assignee_label: &'static str,
    pub progress_label: &'static str,
    pub due_date_label: &'static str,
    /// The assignee option for a task assigned to no one.
    pub nobody: &'static str,
    pub details_legend: &'static str,
    pub empty_title_message: &'static str,
    pub progress_message: &'static str,
    pub add_task_button: &'static str,
    pub add_task_pending: &'static str,
    pub save_task_button: &'static str,
    pub saving: &'static str,
    pub task_saved: &'static str,
    pub delete_task_confirm: &'static str,

    // The selected task
    /// The panel's heading until the task's title is read.
    pub detail_fallback_title: &'static str,
    pub close_button: &'static str,
    pub estimated_figure: &'static str,
    pub labour_figure: &'static str,
    pub direct_figure: &'static str,
    pub resources_figure: &'static str,
    pub actual_total_figure: &'static str,
    pub variance_figure: &'static str,
    pub logged_figure: &'static str,
    /// The variance (money) and its percentage.
    pub variance_value: fn(&str, &str) -> String,
    /// The hours logged and the hours estimated.
    pub logged_value: fn(&str, &str) -> String,
    pub details_heading: &'static str,
    pub cost_heading: &'static str,
    pub log_time_heading: &'static str,
    pub expenses_heading: &'static str,
    pub entries_heading: &'static str,

    // Cost form
    pub estimated_cost_label: &'static str,
    pub estimated_hours_label: &'static str,
    pub resource_cost_label: &'static str,
    pub task_rate_label: &'static str,
    pub resource_incurred_label: &'static str,
    pub reprice_label: &'static str,
    /// The board's currency code after an amount's label.
    pub currency_unit: fn(&str) -> String,
    /// The direct cost (amount, currency code).
    pub direct_cost: fn(&str, &str) -> String,
    pub save_costs_button: &'static str,
    pub costs_saved: &'static str,
    /// Costs saved, with the number of time entries re-rated.
    pub costs_saved_repriced: fn(u64) -> String,

    // Logging time, and the task's time entries
    pub for_label: &'static str,
    /// The option that logs time for oneself.
    pub me: &'static str,
    pub hours_label: &'static str,
    pub hours_placeholder: &'static str,
    pub date_label: &'static str,
    pub description_label: &'static str,
    pub billable_label: &'static str,
    pub required_message: &'static str,
    pub not_a_date_message: &'static str,
    pub log_time_button: &'static str,
    pub log_time_pending: &'static str,
    /// Time logged (hours, day, labour cost, billable amount).
    pub time_logged: fn(&str, &str, &str, &str) -> String,
    pub entries_empty: &'static str,
    pub date_column: &'static str,
    pub who_column: &'static str,
    pub description_column: &'static str,
    pub billable_column: &'static str,
    pub cost_rate_column: &'static str,
    pub labour_cost_column: &'static str,
    pub billable_amount_column: &'static str,
    pub actions_column: &'static str,
    /// Who logged an entry, when they are not among the board's members (their id).
    pub unknown_person: fn(i64) -> String,
    pub billable_yes: &'static str,
    pub billable_no: &'static str,
    /// A cost rate (money) per hour.
    pub per_hour: fn(&str) -> String,
    pub no_rate: &'static str,
    /// The billable rate (money per hour) of an entry.
    pub billed_at: fn(&str) -> String,
    pub no_billable_rate: &'static str,
    pub save_button: &'static str,
    pub cancel_button: &'static str,
    pub edit_button: &'static str,
    pub delete_button: &'static str,
    pub keep_button: &'static str,
    /// The accessible name of the delete confirmation.
    pub delete_entry_group: &'static str,
    pub delete_entry_confirm: &'static str,

    // The task's expenses
    pub category_label: &'static str,
    pub category_placeholder: &'static str,
    pub amount_label: &'static str,
    pub currency_label: &'static str,
    /// What a blank currency means: the board's (its code).
    pub currency_blank: fn(&str) -> String,
    pub incurred_on_label: &'static str,
    pub markup_label: &'static str,
    pub note_label: &'static str,
    pub record_expense_button: &'static str,
    pub record_expense_pending: &'static str,
    /// An expense recorded (amount, currency, day, cost).
    pub expense_recorded: fn(&str, &str, &str, &str) -> String,
    pub expenses_empty: &'static str,
    pub category_column: &'static str,
    pub amount_column: &'static str,
    pub rate_column: &'static str,
    pub cost_column: &'static str,
    pub note_column: &'static str,
    pub not_billed: &'static str,
    pub delete_expense_confirm: &'static str,

    // Exporting time entries
    pub export_heading: &'static str,
    pub export_intro: &'static str,
    pub from_label: &'static str,
    pub to_label: &'static str,
    pub approved_only_label: &'static str,
    pub export_button: &'static str,

    // Task picker
    pub picker_search_label: &'static str,
    pub picker_search_placeholder: &'static str,
    /// Tasks offered of those matching (both counts), and how to find the others.
    pub picker_more: fn(&str, &str) -> String,
    pub picker_none: &'static str,
    /// The tasks could not be read (the reason).
    pub picker_failed: fn(&str) -> String,
    pub picker_reading: &'static str,

    // Pages of a table of tasks
    /// The accessible name of the pager.
    pub pages_label: &'static str,
    pub previous_button: &'static str,
    pub next_button: &'static str,
    /// The tasks a page shows (first, last, total).
    pub page_range: fn(&str, &str, &str) -> String,
    pub no_tasks: &'static str,

    // CSV download
    pub csv_button: &'static str,
    pub csv_pending: &'static str,
    pub csv_save_again: &'static str,

    // Task titles
    /// A task's title while it is being read.
    pub title_pending: &'static str,
    /// A task whose title cannot be read (its id).
    pub unreadable_task: fn(i64) -> String,
}

pub const ENGLISH: Words = Words {
    heading: "Tasks and time",
    list_heading: "Tasks",
    list_intro: "Actual cost is labour (time logged × rate) plus expenses and resource costs. \
                 Variance = actual − estimated. Choose a task to edit its costs and log time.",
    table_caption: "Tasks with estimated and actual cost. Column headers sort the table.",
    title_column: "Title",
    status_column: "Status",
    estimated_column: "Estimated",
    actual_column: "Actual",
    variance_column: "Variance",
    variance_percent_column: "Variance %",
    hours_column: "Hours",
    empty_board: "No tasks on this board yet. Add the first one above.",
    no_match: "No task matches these filters.",
    clear_filters_button: "Clear the filters",

    filters_label: "Tasks",
    search_label: "Title contains",
    any_status: "Any",
    anyone: "Anyone",
    no_one: "No one",
    search_button: "Search",

    new_task_heading: "New task",
    title_label: "Title",
    status_label: "Status",
    priority_label: "Priority",
    assignee_label: "Assignee",
    progress_label: "Progress (%)",
    due_date_label: "Due date",
    nobody: "Nobody",
    details_legend: "Task details",
    empty_title_message: "must not be empty",
    progress_message: "must be a whole number from 0 to 100",
    add_task_button: "Add task",
    add_task_pending: "Adding…",
    save_task_button: "Save task",
    saving: "Saving…",
    task_saved: "Task saved.",
    delete_task_confirm: "Delete this task with all time and costs logged on it?",

    detail_fallback_title: "Task",
    close_button: "Close",
    estimated_figure: "Estimated",
    labour_figure: "Labour",
    direct_figure: "Direct",
    resources_figure: "Resources",
    actual_total_figure: "Actual total",
    variance_figure: "Variance",
    logged_figure: "Logged",
    variance_value: |variance, percent| format!("{variance} ({percent})"),
    logged_value: |logged, estimated| format!("{logged} of {estimated} estimated"),
    details_heading: "Details",
    cost_heading: "Cost",
    log_time_heading: "Log time",
    expenses_heading: "Expenses",
    entries_heading: "Time entries",

    estimated_cost_label: "Estimated cost",
    estimated_hours_label: "Estimated hours",
    resource_cost_label: "Resource cost",
    task_rate_label: "Hourly rate for this task (blank: each person's rate)",
    resource_incurred_label: "Resource cost incurred on",
    reprice_label: "Re-rate the time already logged at the rate now in force",
    currency_unit: |code| format!(" ({code})"),
    direct_cost: |amount, code| {
        format!("Direct cost (the sum of the task's expenses): {amount} {code}")
    },
    save_costs_button: "Save costs",
    costs_saved: "Costs saved.",
    costs_saved_repriced: |count| format!("Costs saved. {count} time entries re-rated."),

    for_label: "For",
    me: "Me",
    hours_label: "Hours",
    hours_placeholder: "e.g. 2.5",
    date_label: "Date",
    description_label: "Description",
    billable_label: "Billable",
    required_message: "is required",
    not_a_date_message: "must be a date",
    log_time_button: "Log time",
    log_time_pending: "Logging…",
    time_logged: |hours, day, labour, billable| {
        format!("Logged {hours} on {day}: {labour} labour cost, {billable} billable.")
    },
    entries_empty: "No time logged on this task yet.",
    date_column: "Date",
    who_column: "Who",
    description_column: "Description",
    billable_column: "Billable",
    cost_rate_column: "Cost rate",
    labour_cost_column: "Labour cost",
    billable_amount_column: "Billable amount",
    actions_column: "Actions",
    unknown_person: |id| format!("user {id}"),
    billable_yes: "yes",
    billable_no: "no",
    per_hour: |rate| format!("{rate}/h"),
    no_rate: "no rate",
    billed_at: |rate| format!("billed at {rate}/h"),
    no_billable_rate: "no billable rate",
    save_button: "Save",
    cancel_button: "Cancel",
    edit_button: "Edit",
    delete_button: "Delete",
    keep_button: "Keep",
    delete_entry_group: "Confirm deletion",
    delete_entry_confirm: "Delete this entry? ",

    category_label: "Category",
    category_placeholder: "e.g. travel",
    amount_label: "Amount",
    currency_label: "Currency ",
    currency_blank: |code| format!("(blank: {code})"),
    incurred_on_label: "Incurred on",
    markup_label: "Markup %",
    note_label: "Note",
    record_expense_button: "Record expense",
    record_expense_pending: "Recording…",
    expense_recorded: |amount, currency, day, cost| {
        format!("Recorded {amount} {currency} on {day}: {cost} cost.")
    },
    expenses_empty: "No expenses recorded on this task yet.",
    category_column: "Category",
    amount_column: "Amount",
    rate_column: "Rate",
    cost_column: "Cost",
    note_column: "Note",
    not_billed: "not billed",
    delete_expense_confirm: "Delete this expense?",

    export_heading: "Export time entries",
    export_intro: "Every entry of the board as a CSV file, or those worked between two days.",
    from_label: "From",
    to_label: "To",
    approved_only_label: " Approved time only",
    export_button: "Export CSV",

    picker_search_label: "Find a task by its title",
    picker_search_placeholder: "Find a task by its title",
    picker_more: |offered, total| {
        format!("{offered} of {total} tasks shown: type part of a title to find the others.")
    },
    picker_none: "No task's title contains this text.",
    picker_failed: |reason| format!("The tasks could not be read: {reason}"),
    picker_reading: "Reading the tasks…",

    pages_label: "Pages",
    previous_button: "Previous",
    next_button: "Next",
    page_range: |first, last, total| format!("Tasks {first}–{last} of {total}"),
    no_tasks: "No tasks",

    csv_button: "Download CSV",
    csv_pending: "Preparing CSV…",
    csv_save_again: "Save the CSV again",

    title_pending: "…",
    unreadable_task: |id| format!("task #{id}"),
};
