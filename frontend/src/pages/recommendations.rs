//! Recommendations: the optimiser's stored recommendations with status and
//! type filters; generating new ones (with a progress indicator while the engine runs, and which
//! engine answered: builtin, Gemini or an OpenAI-compatible server, and why builtin stood in when
//! it did); accepting, rejecting and implementing them after a confirmation; and the health
//! analysis and overrun prediction panels. A recommendation that carries changes to the plan
//! links to their effect on the What-if screen.

use budget_contract::optimizer::{
    Recommendation, RecommendationActionInput, RecommendationStatus, RecommendationType,
    ReviewAction,
};
use budget_contract::Money;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::{self, ApiError};
use crate::api::{currency_of, metrics_resource};
use crate::components::optimiser::{optimiser_answer, OptimiserError, Source};
use crate::components::{read_view, BoardNav, Empty, FieldError, RunOnDemand, TextField};
use crate::effects::effect;
use crate::format::{self, parse_decimal};
use crate::labels;
use crate::requests::{Fetch, Submit};
use crate::routing::{use_url_view, UrlView};
use crate::session::{bump_refresh, use_refresh};
use crate::text::text;
use crate::url::QueryString;

/// The badge colour of a status: pending waits (amber), accepted and implemented are good news,
/// rejected is neutral.
fn status_badge(status: RecommendationStatus) -> &'static str {
    match status {
        RecommendationStatus::Pending => "badge--warning",
        RecommendationStatus::Accepted | RecommendationStatus::Implemented => "badge--ok",
        RecommendationStatus::Rejected => "badge--none",
    }
}

/// The steps the lifecycle allows from a status: pending → accepted | rejected, accepted →
/// implemented; nothing after that.
pub fn allowed_actions(status: RecommendationStatus) -> &'static [ReviewAction] {
    match status {
        RecommendationStatus::Pending => &[ReviewAction::Accept, ReviewAction::Reject],
        RecommendationStatus::Accepted => &[ReviewAction::Implement],
        RecommendationStatus::Rejected | RecommendationStatus::Implemented => &[],
    }
}

/// The What-if screen showing a recommendation's effect.
pub fn effect_link(board_id: i64, recommendation: i64) -> String {
    format!("/boards/{board_id}/what-if?recommendation={recommendation}")
}

fn action_testid(action: ReviewAction) -> &'static str {
    match action {
        ReviewAction::Accept => "recommendation-accept",
        ReviewAction::Reject => "recommendation-reject",
        ReviewAction::Implement => "recommendation-implement",
    }
}

/// The list's filters, kept in the screen's URL (`?status=…&type=…`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RecommendationFilters {
    pub status: Option<RecommendationStatus>,
    pub kind: Option<RecommendationType>,
}

impl UrlView for RecommendationFilters {
    fn from_params(param: impl Fn(&str) -> Option<String>) -> Self {
        Self {
            status: param("status").and_then(|status| status.parse().ok()),
            kind: param("type").and_then(|kind| kind.parse().ok()),
        }
    }

    fn to_search(&self) -> String {
        QueryString::new()
            .add("status", self.status.map(RecommendationStatus::as_str))
            .add("type", self.kind.map(RecommendationType::as_str))
            .render()
    }
}

#[component]
pub fn RecommendationsScreen(board_id: i64) -> impl IntoView {
    let words = &text().optimiser;
    let refresh = use_refresh();
    let metrics = metrics_resource(board_id);
    let currency = currency_of(metrics);
    let (filters, choose) = use_url_view::<RecommendationFilters>();
    let status_filter = Memo::new(move |_| filters.with(|f| f.status));
    let type_filter = Memo::new(move |_| filters.with(|f| f.kind));
    let list = Fetch::new(move || {
        refresh.track();
        let status = status_filter.get();
        let kind = type_filter.get();
        api::recommendations(board_id, status, kind, 200)
    });

    let generate = Submit::new(move |_: &()| async move {
        let result = api::generate_recommendations(board_id).await;
        if result.is_ok() {
            bump_refresh();
        }
        result
    });

    let generated = optimiser_answer(generate, move |batch| {
        view! {
            <div class="generated" role="status">
                <p>
                    {(words.generated)(batch.created, batch.already_pending)}
                </p>
                <Source provenance=batch.provenance />
            </div>
        }
        .into_any()
    });

    let rows = read_view(list, move |page| {
        if page.items.is_empty() {
            let filtered = status_filter.get().is_some() || type_filter.get().is_some();
            let message = if filtered {
                words.no_match
            } else {
                words.empty_list
            };
            return view! { <Empty message=message /> }.into_any();
        }
        view! {
            <ul class="recommendations" aria-label=words.list_label>
                <For
                    each=move || page.items.clone()
                    key=|recommendation| (recommendation.id, recommendation.status)
                    children=move |recommendation| {
                        view! { <RecommendationItem board_id recommendation=recommendation currency=currency /> }
                    }
                />
            </ul>
        }
        .into_any()
    });

    view! {
        <div class="board-screen">
            <BoardNav board_id=board_id />
            <h1>{words.heading}</h1>
            <section class="card" aria-labelledby="generate-heading">
                <h2 id="generate-heading">{words.generate_heading}</h2>
                <p class="muted">
                    {words.generate_intro}
                </p>
                <button
                    type="button"
                    class="button button--primary"
                    data-testid="generate-recommendations"
                    disabled=move || generate.pending().get()
                    aria-describedby="generate-status"
                    on:click=move |_| {
                        generate.dispatch(());
                    }
                >
                    {words.generate_button}
                </button>
                <div id="generate-status" aria-live="polite">
                    {move || generate.pending().get().then(|| view! {
                        <p class="progress-indicator" data-testid="generate-progress" role="status">
                            <progress aria-label=words.working_label></progress>
                            {words.working_text}
                        </p>
                    })}
                    {generated}
                </div>
            </section>
            <section class="card" aria-labelledby="list-heading">
                <h2 id="list-heading">{words.list_heading}</h2>
                <div class="toolbar">
                    <div class="field">
                        <label for="status-filter">{words.status_label}</label>
                        <select
                            id="status-filter"
                            data-testid="status-filter"
                            on:change=move |event| choose.run(RecommendationFilters {
                                status: event_target_value(&event).parse().ok(),
                                ..filters.get_untracked()
                            })
                        >
                            <option value="" selected=move || status_filter.get().is_none()>{words.all_option}</option>
                            {RecommendationStatus::ALL
                                .iter()
                                .map(|status| {
                                    let status = *status;
                                    view! {
                                        <option value=status.as_str() selected=move || status_filter.get() == Some(status)>
                                            {labels::recommendation_status(status)}
                                        </option>
                                    }
                                })
                                .collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="type-filter">{words.type_label}</label>
                        <select
                            id="type-filter"
                            data-testid="type-filter"
                            on:change=move |event| choose.run(RecommendationFilters {
                                kind: event_target_value(&event).parse().ok(),
                                ..filters.get_untracked()
                            })
                        >
                            <option value="" selected=move || type_filter.get().is_none()>{words.all_option}</option>
                            {RecommendationType::ALL
                                .iter()
                                .map(|kind| {
                                    let kind = *kind;
                                    view! {
                                        <option value=kind.as_str() selected=move || type_filter.get() == Some(kind)>
                                            {labels::recommendation_type(kind)}
                                        </option>
                                    }
                                })
                                .collect_view()}
                        </select>
                    </div>
                </div>
                {rows}
            </section>
            <crate::components::patterns::LearnedPatterns board_id=board_id />
            <div class="ai-panels">
                <AnalysisPanel board_id=board_id currency=currency />
                <PredictionPanel board_id=board_id />
            </div>
        </div>
    }
}

/// One recommendation with the actions its status allows, each asking for a confirmation, and
/// a link to its effect on the What-if screen when it carries changes to the plan.
#[component]
fn RecommendationItem(
    board_id: i64,
    recommendation: Recommendation,
    currency: Signal<Option<String>>,
) -> impl IntoView {
    let id = recommendation.id;
    let version = recommendation.version;
    let status = recommendation.status;
    // The action waiting for confirmation, if any.
    let confirming = RwSignal::new(None::<ReviewAction>);
    let savings = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let words = &text().optimiser;
    let act = Submit::new(move |input: &RecommendationActionInput| {
        let input = input.clone();
        async move {
            match api::act_on_recommendation(id, version, &input).await {
                Ok(_) => {
                    error.set(None);
                    confirming.set(None);
                    bump_refresh();
                }
                Err(failure) => error.set(Some(failure)),
            }
        }
    });
    let confirm = move |_| {
        let Some(action) = confirming.get_untracked() else {
            return;
        };
        let mut input = RecommendationActionInput {
            action,
            realized_savings: None,
            note: None,
        };
        if action == ReviewAction::Implement {
            match parse_decimal(&savings.get_untracked()) {
                Ok(value) => input.realized_savings = value,
                Err(message) => {
                    error.set(Some(ApiError::local([("realized_savings", message)])));
                    return;
                }
            }
            let text = note.get_untracked();
            input.note = (!text.trim().is_empty()).then(|| text.trim().to_owned());
        }
        act.dispatch(input);
    };
    let money = move |value: Money| format::money(&value, currency.get().as_deref());
    let estimated = recommendation.estimated_savings;
    let realized = recommendation.realized_savings;
    let status_text = status.as_str();
    // The buttons that open a confirmation, so cancelling puts the focus back where it was.
    let openers: Vec<(ReviewAction, NodeRef<leptos::html::Button>)> = allowed_actions(status)
        .iter()
        .map(|action| (*action, NodeRef::new()))
        .collect();
    let cancel = {
        let openers = openers.clone();
        move || {
            let opened = confirming.get_untracked();
            confirming.set(None);
            error.set(None);
            if let Some(button) = openers
                .iter()
                .find(|(action, _)| Some(*action) == opened)
                .and_then(|(_, node)| node.get_untracked())
            {
                let _ = button.focus();
            }
        }
    };
    let buttons = openers
        .iter()
        .map(|(action, node)| {
            let action = *action;
            let danger = action == ReviewAction::Reject;
            view! {
                <button
                    type="button"
                    class="button"
                    class:button--danger=danger
                    node_ref=*node
                    data-testid=action_testid(action)
                    aria-expanded=move || (confirming.get() == Some(action)).to_string()
                    on:click=move |_| {
                        error.set(None);
                        confirming.set(Some(action))
                    }
                >
                    {labels::review_action(action)}
                </button>
            }
        })
        .collect_view();
    let error_signal: Signal<Option<ApiError>> = error.into();
    let title = recommendation.title.clone();
    let confirm_panel = move || {
        let cancel = cancel.clone();
        confirming.get().map(|action| {
            let cancel_on_escape = cancel.clone();
            let question = match action {
                ReviewAction::Accept => (words.accept_confirm)(&title),
                ReviewAction::Reject => (words.reject_confirm)(&title),
                ReviewAction::Implement => (words.implement_confirm)(&title),
            };
            let field_prefix = format!("recommendation-{id}");
            // Keyboard users land in the confirmation: on the savings field when implementing,
            // else on the confirming button.
            let savings_input = NodeRef::<leptos::html::Input>::new();
            let confirm_button = NodeRef::<leptos::html::Button>::new();
            effect(move || {
                if action == ReviewAction::Implement {
                    if let Some(input) = savings_input.get() {
                        let _ = input.focus();
                    }
                } else if let Some(button) = confirm_button.get() {
                    let _ = button.focus();
                }
            });
            view! {
                <div
                    class="confirm"
                    role="group"
                    aria-label=words.confirm_label
                    on:keydown=move |event| {
                        if event.key() == "Escape" {
                            cancel_on_escape();
                        }
                    }
                >
                    <p>{question}</p>
                    {(action == ReviewAction::Implement).then(|| view! {
                        <div class="form-grid">
                            <TextField
                                id=format!("{field_prefix}-savings")
                                testid="implement-savings"
                                field="realized_savings"
                                value=savings
                                error=error_signal
                                node_ref=savings_input
                                inputmode="decimal"
                            >
                                {words.realised_savings_label}
                            </TextField>
                            <div class="field field--wide">
                                <label for=format!("{field_prefix}-note")>{words.note_label}</label>
                                <textarea
                                    id=format!("{field_prefix}-note")
                                    data-testid="implement-note"
                                    rows="2"
                                    prop:value=move || note.get()
                                    on:input=move |event| note.set(event_target_value(&event))
                                ></textarea>
                                <FieldError error=error_signal field="note" />
                            </div>
                        </div>
                    })}
                    <div class="actions">
                        <button
                            type="button"
                            class="button button--primary"
                            data-testid="confirm-action"
                            node_ref=confirm_button
                            disabled=move || act.pending().get()
                            on:click=confirm
                        >
                            {(words.confirm_button)(labels::review_action(action))}
                        </button>
                        " "
                        <button type="button" class="button" on:click=move |_| cancel()>
                            {words.cancel_button}
                        </button>
                    </div>
                </div>
            }
        })
    };

    view! {
        <li
            class="recommendation"
            data-testid="recommendation-row"
            data-recommendation-id=id
            data-status=status_text
        >
            <h3>{recommendation.title.clone()}</h3>
            <p class="meta">
                <span class=format!("badge {}", status_badge(status))>{labels::recommendation_status(status)}</span>
                <span>{labels::recommendation_type(recommendation.recommendation_type)}</span>
                <span class=format!("badge badge--priority-{}", recommendation.priority.as_str())>
                    {(words.priority)(labels::priority(recommendation.priority))}
                </span>
                <span>{words.saves_about} <strong>{move || money(estimated)}</strong></span>
                <span>{(words.confidence)(recommendation.confidence_score)}</span>
                <span>{(words.by_source)(labels::ai_source(recommendation.source))}</span>
                <span>{format::timestamp(recommendation.created_at)}</span>
            </p>
            <p>{recommendation.description.clone()}</p>
            <details>
                <summary>{words.why_summary}</summary>
                <p>{recommendation.reasoning.clone()}</p>
            </details>
            {realized.map(|realized| view! {
                <p>{words.realised_savings} <strong>{move || money(realized)}</strong></p>
            })}
            {recommendation.review_note.clone().map(|note| view! { <p class="muted">{(words.review_note)(&note)}</p> })}
            {recommendation.scenario.is_some().then(|| view! {
                <p>
                    <A
                        href=effect_link(board_id, id)
                        attr:data-testid="recommendation-effect-link"
                    >
                        {words.effect_link}
                    </A>
                </p>
            })}
            <div class="actions">{buttons}</div>
            {confirm_panel}
            {move || {
                error
                    .get()
                    .filter(|error| !error.has_field_errors())
                    .map(|error| view! { <OptimiserError error=error /> })
            }}
        </li>
    }
}

/// Budget health on demand: score, status, risks and summary.
#[component]
fn AnalysisPanel(board_id: i64, currency: Signal<Option<String>>) -> impl IntoView {
    let words = &text().optimiser;
    let analyse = Submit::new(move |_: &()| api::analyse_budget(board_id));
    let result = optimiser_answer(analyse, move |analysis| {
        let currency = currency.get();
        let figures = analysis.key_figures.clone();
        let risks = analysis
            .risks
            .iter()
            .map(|risk| {
                let severity = risk.severity.as_str();
                view! {
                    <li data-severity=severity>
                        <span class=format!("badge badge--priority-{severity}")>{labels::severity(risk.severity)}</span>
                        " "
                        <strong>{risk.title.clone()}</strong>
                        {words.risk_separator}
                        {risk.detail.clone()}
                    </li>
                }
            })
            .collect_view();
        let status = analysis.status.as_str();
        view! {
            <p>
                <span class="health" data-testid="health-score">{analysis.health_score}</span>
                {words.health_scale}
                <strong data-status=status>{labels::budget_status(analysis.status)}</strong>
            </p>
            <p data-testid="analysis-summary">{analysis.summary.clone()}</p>
            <h3>{words.risks_heading}</h3>
            {if analysis.risks.is_empty() {
                view! { <Empty message=words.no_risks /> }.into_any()
            } else {
                view! { <ul>{risks}</ul> }.into_any()
            }}
            <p class="muted">
                {(words.based_on)(
                    &format::money(&figures.spent, currency.as_deref()),
                    &format::money(&figures.daily_burn, currency.as_deref()),
                    figures.tasks_completed,
                    figures.tasks_total,
                    figures.tasks_over_budget,
                )}
            </p>
            <Source provenance=analysis.provenance />
        }
        .into_any()
    });
    view! {
        <section class="card" aria-labelledby="analysis-heading" data-testid="analysis-panel">
            <h2 id="analysis-heading">{words.analysis_heading}</h2>
            <RunOnDemand action=analyse label=words.analyse_button pending_label=words.analyse_pending testid="run-analysis">
                {result}
            </RunOnDemand>
        </section>
    }
}

/// The overrun prediction on demand: will it exceed, the narrative and what drives it.
#[component]
fn PredictionPanel(board_id: i64) -> impl IntoView {
    let words = &text().optimiser;
    let predict = Submit::new(move |_: &()| api::predict_overrun(board_id));
    let result = optimiser_answer(predict, move |prediction| {
        let currency = prediction.forecast.currency.clone();
        let money = move |value: Money| format::money(&value, currency.as_deref());
        let forecast = prediction.forecast.clone();
        let drivers = prediction
            .drivers
            .iter()
            .map(|driver| {
                view! {
                    <tr>
                        <th scope="row">{driver.name.clone()}</th>
                        <td>{driver.detail.clone()}</td>
                        <td class="num">{money(driver.impact)}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
                    <p data-testid="prediction-verdict" data-exceeds=prediction.will_exceed_budget.to_string()>
                        <strong>
                            {if prediction.will_exceed_budget {
                                words.will_exceed
                            } else {
                                words.will_stay_within
                            }}
                        </strong>
                        " "
                        {(words.prediction_figures)(
                            &money(forecast.projected_cost_at_completion),
                            &money(forecast.interval_80.low),
                            &money(forecast.interval_80.high),
                            &format::percent(forecast.probability_over_budget.as_ref()),
                        )}
                    </p>
                    <p data-testid="prediction-narrative">{prediction.narrative.clone()}</p>
                    <h3>{words.drivers_heading}</h3>
                    {if prediction.drivers.is_empty() {
                        view! { <Empty message=words.no_driver /> }.into_any()
                    } else {
                        view! {
                            <div class="table-wrap" tabindex="0">
                                <table>
                                    <thead>
                                        <tr>
                                            <th scope="col">{words.driver_column}</th>
                                            <th scope="col">{words.detail_column}</th>
                                            <th scope="col" class="num">{words.impact_column}</th>
                                        </tr>
                                    </thead>
                                    <tbody>{drivers}</tbody>
                                </table>
                            </div>
                        }
                        .into_any()
                    }}
                    <Source provenance=prediction.provenance />
                }
                .into_any()
    });
    view! {
        <section class="card" aria-labelledby="prediction-heading" data-testid="prediction-panel">
            <h2 id="prediction-heading">{words.prediction_heading}</h2>
            <RunOnDemand action=predict label=words.predict_button pending_label=words.predict_pending testid="run-prediction">
                {result}
            </RunOnDemand>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lifecycle_offers_only_the_next_steps() {
        assert_eq!(
            allowed_actions(RecommendationStatus::Pending),
            &[ReviewAction::Accept, ReviewAction::Reject]
        );
        assert_eq!(
            allowed_actions(RecommendationStatus::Accepted),
            &[ReviewAction::Implement]
        );
        assert!(allowed_actions(RecommendationStatus::Rejected).is_empty());
        assert!(allowed_actions(RecommendationStatus::Implemented).is_empty());
    }

    #[test]
    fn the_effect_is_shown_on_the_what_if_screen() {
        assert_eq!(effect_link(3, 41), "/boards/3/what-if?recommendation=41");
    }

    #[test]
    fn the_filters_survive_their_url() {
        use crate::routing::UrlView;
        let filters = RecommendationFilters {
            status: Some(RecommendationStatus::Pending),
            kind: None,
        };
        assert_eq!(filters.to_search(), "?status=pending");
        let read = RecommendationFilters::from_params(|name| {
            (name == "status").then(|| "pending".to_owned())
        });
        assert_eq!(read, filters);
        assert_eq!(
            RecommendationFilters::from_params(|_| Some("nonsense".to_owned())),
            RecommendationFilters::default()
        );
    }
}
