//! The optimiser's answers, as every screen that runs it shows them: a refusal in words (no
//! budget, AI turned off, not allowed) and which engine answered.

use budget_contract::optimizer::Provenance;
use budget_contract::problem::ProblemCode;
use leptos::prelude::*;

use crate::api::ApiError;
use crate::components::ErrorNotice;
use crate::format;
use crate::labels;
use crate::requests::Submit;
use crate::text::text;

/// What to tell people when the optimiser (or an action on a recommendation) is refused, by the
/// problem's code; `None` for anything else (the API's own message is shown then).
pub fn optimiser_refusal(code: Option<ProblemCode>) -> Option<&'static str> {
    let words = &text().optimiser;
    match code? {
        ProblemCode::NoBudget => Some(words.no_budget_refusal),
        ProblemCode::AiDisabled => Some(words.ai_disabled_refusal),
        ProblemCode::InsufficientRole => Some(words.role_refusal),
        _ => None,
    }
}

/// An error of the optimiser or of an action, in words: the clear message for refusals, else
/// the API's message.
#[component]
pub fn OptimiserError(error: ApiError) -> impl IntoView {
    match optimiser_refusal(error.problem_code()) {
        Some(message) => view! {
            <div class="notice" role="alert" data-code=error.code().map(str::to_owned)>
                <p>{message}</p>
            </div>
        }
        .into_any(),
        None => view! { <ErrorNotice error=error /> }.into_any(),
    }
}

/// The optimiser's last answer to `action`, once there is one: `render` of a success, else the
/// refusal in words.
pub fn optimiser_answer<T>(
    action: Submit<(), Result<T, ApiError>>,
    render: impl Fn(T) -> AnyView + Send + Sync + 'static,
) -> impl Fn() -> Option<AnyView> + Send + Sync + 'static
where
    T: Clone + Send + Sync + 'static,
{
    move || {
        action.answer().map(|result| match result {
            Ok(answer) => render(answer),
            Err(error) => view! { <OptimiserError error=error /> }.into_any(),
        })
    }
}

/// Which engine answered, and why builtin stood in when it did.
#[component]
pub fn Source(provenance: Provenance) -> impl IntoView {
    let source = provenance.source.as_str();
    let model = provenance.model.clone();
    let words = &text().optimiser;
    view! {
        <p class="meta" data-testid="recommendation-source" data-source=source>
            <span>
                {words.answered_by}
                <strong>{labels::ai_source(provenance.source)}</strong>
                {model.map(|model| (words.answered_model)(&model))}
                {(words.answered_at)(&format::timestamp(provenance.generated_at))}
            </span>
            {provenance.fallback_reason.map(|reason| view! {
                <span data-testid="fallback-reason">
                    {(words.fallback_reason)(&reason)}
                </span>
            })}
        </p>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_are_explained() {
        assert!(optimiser_refusal(Some(ProblemCode::NoBudget))
            .unwrap()
            .contains("no budget"));
        assert!(optimiser_refusal(Some(ProblemCode::AiDisabled))
            .unwrap()
            .contains("turned off"));
        assert!(optimiser_refusal(Some(ProblemCode::InsufficientRole))
            .unwrap()
            .contains("needs admin"));
        // Not a refusal of the optimiser: the API's own message is shown.
        assert_eq!(
            optimiser_refusal(Some(ProblemCode::BoardAccessDenied)),
            None
        );
        assert_eq!(
            optimiser_refusal(Some(ProblemCode::InvalidTransition)),
            None
        );
    }
}
