//! The budget form: create a board's budget, or edit it. Saving sends `If-Match` with the ETag
//! read, so a concurrent edit by someone else is refused (412) and explained instead of being
//! overwritten. Validation messages are the API's, beside their fields.

use std::str::FromStr;

use budget_contract::board::BoardRole;
use budget_contract::budget::{Budget, BudgetBasis, BudgetInput};
use budget_contract::currency::CURRENCIES;
use budget_contract::Decimal;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::{self, ApiError, Tagged};
use crate::components::{
    field_error_id, on_answer, read_view, BoardHeading, BoardNav, Checkbox, ErrorNotice,
    FieldError, FormActions, TextField,
};
use crate::effects::effect;
use crate::labels;
use crate::requests::{Fetch, Submit};
use crate::session::bump_refresh;
use crate::text::text;

/// What the text inputs hold, as typed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BudgetDraft {
    pub allocated: String,
    pub currency: String,
    pub hours: String,
    pub fixed_fee: String,
    pub basis: BudgetBasis,
    pub warning: String,
    pub critical: String,
    pub ai_enabled: bool,
    pub hard_stop: bool,
}

impl BudgetDraft {
    /// The draft of a new budget: the API's defaults.
    pub fn new_budget() -> Self {
        Self {
            allocated: String::new(),
            currency: "USD".to_owned(),
            hours: String::new(),
            fixed_fee: String::new(),
            basis: BudgetBasis::Cost,
            warning: "80".to_owned(),
            critical: "95".to_owned(),
            ai_enabled: true,
            hard_stop: false,
        }
    }

    pub fn from_budget(budget: &Budget) -> Self {
        Self {
            allocated: budget.allocated_budget.to_string(),
            currency: budget.currency.clone(),
            hours: budget
                .allocated_hours
                .map(|hours| hours.to_string())
                .unwrap_or_default(),
            fixed_fee: budget
                .fixed_fee
                .map(|fee| fee.to_string())
                .unwrap_or_default(),
            basis: budget.basis,
            warning: budget.warning_threshold.to_string(),
            critical: budget.critical_threshold.to_string(),
            ai_enabled: budget.ai_optimization_enabled,
            hard_stop: budget.hard_stop,
        }
    }

    /// The request body, or the first field that is not a number at all. Ranges (≥ 0, warning
    /// < critical, …) are left to the API, whose messages the form shows.
    pub fn to_input(&self) -> Result<BudgetInput, ApiError> {
        let words = &text().budget;
        let decimal = |text: &str| Decimal::from_str(text.trim().replace(',', "").as_str());
        let allocated_budget = decimal(&self.allocated)
            .map_err(|_| ApiError::local([("allocated_budget", words.allocated_invalid)]))?;
        let allocated_hours = match self.hours.trim() {
            "" => None,
            text => Some(
                decimal(text)
                    .map_err(|_| ApiError::local([("allocated_hours", words.hours_invalid)]))?,
            ),
        };
        let fixed_fee = match self.fixed_fee.trim() {
            "" => None,
            text => Some(
                decimal(text)
                    .map_err(|_| ApiError::local([("fixed_fee", words.fixed_fee_invalid)]))?,
            ),
        };
        let threshold = |text: &str, field: &str| match text.trim() {
            "" => Ok(None),
            text => text
                .parse::<i32>()
                .map(Some)
                .map_err(|_| ApiError::local([(field, words.threshold_invalid)])),
        };
        Ok(BudgetInput {
            allocated_budget,
            currency: Some(self.currency.clone()).filter(|code| !code.is_empty()),
            allocated_hours,
            warning_threshold: threshold(&self.warning, "warning_threshold")?,
            critical_threshold: threshold(&self.critical, "critical_threshold")?,
            ai_optimization_enabled: Some(self.ai_enabled),
            fixed_fee,
            basis: Some(self.basis),
            hard_stop: Some(self.hard_stop),
        })
    }
}

/// The budget as loaded: `None` when the board has none yet (create mode).
type Loaded = Result<Option<Tagged<Budget>>, ApiError>;

async fn load_budget(board_id: i64) -> Loaded {
    match api::budget(board_id).await {
        Ok(tagged) => Ok(Some(tagged)),
        // 404 is "no budget yet" (an unknown board shows as the board's own 404 above the form).
        Err(error) if error.is_not_found() => Ok(None),
        Err(error) => Err(error),
    }
}

/// The form's inputs, one signal each.
#[derive(Clone, Copy)]
struct DraftInputs {
    allocated: RwSignal<String>,
    currency: RwSignal<String>,
    hours: RwSignal<String>,
    fixed_fee: RwSignal<String>,
    basis: RwSignal<BudgetBasis>,
    warning: RwSignal<String>,
    critical: RwSignal<String>,
    ai_enabled: RwSignal<bool>,
    hard_stop: RwSignal<bool>,
}

impl DraftInputs {
    fn new(draft: BudgetDraft) -> Self {
        Self {
            allocated: RwSignal::new(draft.allocated),
            currency: RwSignal::new(draft.currency),
            hours: RwSignal::new(draft.hours),
            fixed_fee: RwSignal::new(draft.fixed_fee),
            basis: RwSignal::new(draft.basis),
            warning: RwSignal::new(draft.warning),
            critical: RwSignal::new(draft.critical),
            ai_enabled: RwSignal::new(draft.ai_enabled),
            hard_stop: RwSignal::new(draft.hard_stop),
        }
    }

    /// Shows `draft` in the inputs.
    fn set(&self, draft: BudgetDraft) {
        self.allocated.set(draft.allocated);
        self.currency.set(draft.currency);
        self.hours.set(draft.hours);
        self.fixed_fee.set(draft.fixed_fee);
        self.basis.set(draft.basis);
        self.warning.set(draft.warning);
        self.critical.set(draft.critical);
        self.ai_enabled.set(draft.ai_enabled);
        self.hard_stop.set(draft.hard_stop);
    }

    /// What the inputs hold now.
    fn draft(&self) -> BudgetDraft {
        BudgetDraft {
            allocated: self.allocated.get_untracked(),
            currency: self.currency.get_untracked(),
            hours: self.hours.get_untracked(),
            fixed_fee: self.fixed_fee.get_untracked(),
            basis: self.basis.get_untracked(),
            warning: self.warning.get_untracked(),
            critical: self.critical.get_untracked(),
            ai_enabled: self.ai_enabled.get_untracked(),
            hard_stop: self.hard_stop.get_untracked(),
        }
    }
}

#[component]
pub fn BudgetScreen(board_id: i64) -> impl IntoView {
    let words = &text().budget;
    let board = Fetch::new(move || api::board(board_id));
    let loaded = Fetch::new(move || load_budget(board_id));

    let draft = DraftInputs::new(BudgetDraft::new_budget());
    let etag = RwSignal::new(None::<String>);
    let exists = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let saved = RwSignal::new(false);

    // Fill the form whenever the budget is (re)loaded.
    effect(move || {
        if let Some(Ok(result)) = loaded.get() {
            match result {
                Some(tagged) => {
                    draft.set(BudgetDraft::from_budget(&tagged.value));
                    etag.set(tagged.etag);
                    exists.set(true);
                }
                None => {
                    draft.set(BudgetDraft::new_budget());
                    etag.set(None);
                    exists.set(false);
                }
            }
        }
    });

    let save = Submit::new(move |input: &(BudgetInput, Option<String>)| {
        let (input, etag) = input;
        api::save_budget(board_id, input, etag.as_deref())
    });
    let pending = save.pending();
    // `saved` is cleared when the form is sent, so a failure leaves it cleared.
    on_answer(save, error, move |tagged| {
        saved.set(true);
        draft.set(BudgetDraft::from_budget(&tagged.value));
        etag.set(tagged.etag);
        exists.set(true);
        bump_refresh();
    });

    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        saved.set(false);
        match draft.draft().to_input() {
            Ok(input) => {
                error.set(None);
                save.dispatch((input, etag.get_untracked()));
            }
            Err(invalid) => error.set(Some(invalid)),
        }
    };
    let reload = move |_| {
        error.set(None);
        saved.set(false);
        loaded.refetch();
    };
    let conflict =
        move || error.with(|error| error.as_ref().is_some_and(|error| error.status == 412));
    let field_error = Signal::derive(move || error.get());
    let is_admin = move || {
        board
            .get()
            .and_then(Result::ok)
            .map(|board| board.my_role == BoardRole::Admin)
    };

    view! {
        <section>
            <BoardHeading board section="budget" />
            <BoardNav board_id />
            {move || {
                board
                    .get()
                    .and_then(Result::err)
                    .map(|error| view! { <ErrorNotice error /> })
            }}
            // An unknown board: its error above says so; no form.
            <Show when=move || board.get().is_none_or(|board| board.is_ok())>
                {read_view(loaded, move |_| {
                    view! {
                        <div class="card">
                            <h2>{move || if exists.get() { words.edit_heading } else { words.create_heading }}</h2>
                            {move || {
                                (is_admin() == Some(false))
                                    .then(|| {
                                        view! {
                                            <p class="notice">{words.read_only}</p>
                                        }
                                    })
                            }}
                            <form class="form-grid" on:submit=on_submit novalidate=true>
                                <TextField
                                    id="budget-allocated"
                                    testid="budget-allocated"
                                    field="allocated_budget"
                                    value=draft.allocated
                                    error=field_error
                                    inputmode="decimal"
                                    hint=words.allocated_hint
                                >
                                    {words.allocated_label}
                                </TextField>
                                <div class="field">
                                    <label for="budget-currency">{words.currency_label}</label>
                                    <select
                                        id="budget-currency"
                                        data-testid="budget-currency"
                                        aria-describedby=field_error_id("currency")
                                        prop:value=move || draft.currency.get()
                                        on:change=move |event| draft.currency.set(event_target_value(&event))
                                    >
                                        {CURRENCIES
                                            .iter()
                                            .map(|currency| {
                                                let code = currency.code;
                                                view! {
                                                    <option
                                                        value=code
                                                        selected=move || draft.currency.with(|currency| currency == code)
                                                    >
                                                        {code}
                                                    </option>
                                                }
                                            })
                                            .collect_view()}
                                    </select>
                                    <FieldError error=field_error field="currency" />
                                </div>
                                <div class="field">
                                    <label for="budget-basis">{words.basis_label}</label>
                                    <select
                                        id="budget-basis"
                                        data-testid="budget-basis"
                                        aria-describedby=field_error_id("basis")
                                        on:change=move |event| {
                                            if let Ok(basis) = event_target_value(&event).parse() {
                                                draft.basis.set(basis);
                                            }
                                        }
                                    >
                                        {BudgetBasis::ALL
                                            .iter()
                                            .map(|&basis| {
                                                view! {
                                                    <option
                                                        value=basis.as_str()
                                                        selected=move || draft.basis.get() == basis
                                                    >
                                                        {labels::budget_basis(basis)}
                                                    </option>
                                                }
                                            })
                                            .collect_view()}
                                    </select>
                                    <p class="hint">{words.basis_hint}</p>
                                    <FieldError error=field_error field="basis" />
                                </div>
                                <TextField
                                    id="budget-hours"
                                    testid="budget-hours"
                                    field="allocated_hours"
                                    value=draft.hours
                                    error=field_error
                                    inputmode="decimal"
                                    hint=words.hours_hint
                                >
                                    {words.hours_label}
                                </TextField>
                                <TextField
                                    id="budget-fixed-fee"
                                    testid="budget-fixed-fee"
                                    field="fixed_fee"
                                    value=draft.fixed_fee
                                    error=field_error
                                    inputmode="decimal"
                                    hint=words.fixed_fee_hint
                                >
                                    {words.fixed_fee_label}
                                </TextField>
                                <TextField
                                    id="budget-warning"
                                    testid="budget-warning"
                                    field="warning_threshold"
                                    value=draft.warning
                                    error=field_error
                                    inputmode="numeric"
                                    hint=words.warning_hint
                                >
                                    {words.warning_label}
                                </TextField>
                                <TextField
                                    id="budget-critical"
                                    testid="budget-critical"
                                    field="critical_threshold"
                                    value=draft.critical
                                    error=field_error
                                    inputmode="numeric"
                                    hint=words.critical_hint
                                >
                                    {words.critical_label}
                                </TextField>
                                <Checkbox id="budget-ai" testid="budget-ai" checked=draft.ai_enabled>
                                    {words.ai_label}
                                </Checkbox>
                                <Checkbox id="budget-hard-stop" testid="budget-hard-stop" checked=draft.hard_stop>
                                    {words.hard_stop_label}
                                </Checkbox>
                                {move || {
                                    conflict()
                                        .then(|| {
                                            view! {
                                                <div class="error conflict" role="alert" data-testid="budget-conflict">
                                                    <p>{words.conflict}</p>
                                                    <button type="button" class="button" data-testid="budget-reload" on:click=reload>
                                                        {words.reload_button}
                                                    </button>
                                                </div>
                                            }
                                        })
                                }}
                                {move || {
                                    error
                                        .get()
                                        .filter(|error| error.status != 412)
                                        .map(|error| view! { <ErrorNotice error /> })
                                }}
                                {move || {
                                    saved
                                        .get()
                                        .then(|| {
                                            view! {
                                                <p class="success" role="status" data-testid="budget-saved">
                                                    {words.saved}
                                                    <A href=format!("/boards/{board_id}")>{words.dashboard_link}</A>
                                                </p>
                                            }
                                        })
                                }}
                                <FormActions
                                    pending
                                    label=Signal::derive(move || {
                                        if exists.get() { words.save_button } else { words.create_button }
                                    })
                                    pending_label=words.saving
                                    testid="budget-submit"
                                />
                            </form>
                        </div>
                    }
                })}
            </Show>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_draft_becomes_the_request_body() {
        let draft = BudgetDraft {
            allocated: "50,000.50".into(),
            currency: "EUR".into(),
            hours: "".into(),
            fixed_fee: "".into(),
            basis: BudgetBasis::Billable,
            warning: "80".into(),
            critical: "95".into(),
            ai_enabled: false,
            hard_stop: false,
        };
        let input = draft.to_input().unwrap();
        assert_eq!(
            input.allocated_budget,
            Decimal::from_str("50000.50").unwrap()
        );
        assert_eq!(input.currency.as_deref(), Some("EUR"));
        assert_eq!(input.allocated_hours, None);
        assert_eq!(input.warning_threshold, Some(80));
        assert_eq!(input.critical_threshold, Some(95));
        assert_eq!(input.ai_optimization_enabled, Some(false));
        assert_eq!(input.basis, Some(BudgetBasis::Billable));
    }

    #[test]
    fn out_of_range_thresholds_are_left_for_the_api_to_judge() {
        let draft = BudgetDraft {
            allocated: "1000".into(),
            warning: "97".into(),
            critical: "95".into(),
            ..BudgetDraft::new_budget()
        };
        let input = draft.to_input().unwrap();
        assert_eq!(input.warning_threshold, Some(97));
    }

    #[test]
    fn text_that_is_not_a_number_is_flagged_on_its_field() {
        let draft = BudgetDraft {
            allocated: "lots".into(),
            ..BudgetDraft::new_budget()
        };
        assert!(draft
            .to_input()
            .unwrap_err()
            .field("allocated_budget")
            .is_some());
        let draft = BudgetDraft {
            allocated: "10".into(),
            warning: "eighty".into(),
            ..BudgetDraft::new_budget()
        };
        assert!(draft
            .to_input()
            .unwrap_err()
            .field("warning_threshold")
            .is_some());
    }
}
