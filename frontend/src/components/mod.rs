//! The view pieces the screens are built from: loading, empty and error states, form fields and
//! form actions, a confirmed Delete, a CSV download, the status badge, the board's tabs, alert rules in words and
//! the active alerts, the notification bell, the running timer, "Show older" under a list, sortable headers and pages of tasks, rate tables and forms, a board's time settings, profitability
//! figures and tables, the forecast's calibration, and the charts. Every screen uses these so
//! the same thing looks and reads the same everywhere.

pub mod alerts;
pub mod board_nav;
pub mod calibration;
pub mod charts;
pub mod confirm_delete;
pub mod copy_field;
pub mod csv_download;
pub mod fields;
pub mod more;
pub mod notification_bell;
pub mod optimiser;
pub mod patterns;
pub mod profitability;
pub mod rates;
pub mod sorting;
pub mod states;
pub mod status_badge;
pub mod task_picker;
pub mod task_titles;
pub mod time_settings;
pub mod timer;

pub use alerts::ActiveAlerts;
pub use board_nav::{BoardHeading, BoardNav, MyRole};
pub use calibration::{CalibrationOverview, ScoredForecastTable};
pub use confirm_delete::ConfirmDelete;
pub use copy_field::CopyField;
pub use csv_download::CsvDownload;
pub use fields::{
    field_error_id, on_answer, settle, Checkbox, FieldError, FormActions, FormError, RunOnDemand,
    TextField,
};
pub use more::ShowOlder;
pub use notification_bell::NotificationBell;
pub use profitability::{profit_text, ProfitabilityRow, ProfitabilityTable};
pub use sorting::{Pager, SortHeader};
pub use states::{joined_read_view, read_error, read_view, Empty, ErrorNotice, Loading};
pub use status_badge::StatusBadge;
pub use task_picker::TaskPicker;
pub use task_titles::TaskTitles;
pub use time_settings::TimeSettings;
pub use timer::{HeaderTimer, StartTimer};
