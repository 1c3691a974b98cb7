//! The effect of a recommendation (`?recommendation={id}`, from its "See its effect" link): its
//! changes to the plan evaluated against today's data (`getRecommendationScenario`), shown in
//! words — tasks deferred by title, people's hours a week — with what was adjusted to today, and
//! answered side by side as a preview is.

use budget_contract::optimizer::Recommendation;
use leptos::prelude::*;

use super::answer::{adjustment_text, change_lines, LineList, ScenarioAnswer};
use super::BoardNames;
use crate::api;
use crate::components::joined_read_view;
use crate::requests::Fetch;
use crate::text::text;

#[component]
pub fn RecommendationEffect(
    board_id: i64,
    recommendation: i64,
    names: BoardNames,
) -> impl IntoView {
    let effect = Fetch::new(move || api::recommendation_scenario(recommendation));
    // The recommendation itself, for its title and its changes as written: the board's list
    // holds it (there is no read of one recommendation).
    let stored = Fetch::new(move || async move {
        api::recommendations(board_id, None, None, 200)
            .await
            .map(|page| {
                page.items
                    .into_iter()
                    .find(|item| item.id == recommendation)
            })
    });
    let words = &text().optimiser;
    let read = move || async move {
        let result = effect.await?;
        // Without the recommendation the effect still shows, under a plainer heading.
        let stored: Option<Recommendation> = stored.await.ok().flatten();
        let heading = stored.as_ref().map_or_else(
            || words.effect_heading.to_owned(),
            |recommendation| (words.effect_of)(&recommendation.title),
        );
        let written = stored
            .and_then(|recommendation| recommendation.scenario)
            .unwrap_or_else(|| result.applied.clone());
        let evaluation = result.evaluation;
        let currency = evaluation.currency.clone();
        let as_of = evaluation.as_of;
        let applied = result.applied;
        let adjustments = result.adjustments;
        let lists = move || {
            // Named as their titles arrive.
            names.want(&[&applied, &written]);
            names.with(|names| {
                let changes = change_lines(&applied, currency.as_deref(), names);
                let adjusted = adjustments
                    .iter()
                    .map(|adjustment| {
                        adjustment_text(&written, adjustment, as_of, currency.as_deref(), names)
                    })
                    .collect();
                view! {
                    <LineList heading=words.changes_heading testid="recommendation-changes" lines=changes />
                    <LineList heading=words.adjustments_heading testid="scenario-adjustments" lines=adjusted />
                }
            })
        };
        Ok(view! {
            <div data-testid="recommendation-effect" data-recommendation-id=recommendation>
                <ScenarioAnswer evaluation heading>
                    {lists}
                </ScenarioAnswer>
            </div>
        })
    };
    joined_read_view(read)
}
