//! The optimiser's five operations behind one interface. Each one computes the builtin answer
//! from the board's facts first — it is the fallback and the baseline an LLM is shown — then,
//! when an LLM is configured, asks it, checks the answer, and keeps builtin's when the LLM is
//! absent, slow, rate-limited, failing or wrong (flagged with `fallback_reason`).

use std::sync::Arc;
use std::time::Duration;

use budget_contract::board::BoardRole;
use budget_contract::optimizer::{
    AiSource, BudgetAnalysis, CostPattern, OverrunPrediction, PatternReport, Provenance,
    RecommendationBatch, ResourcePlan,
};
use budget_contract::problem::ProblemCode;
use chrono::{DateTime, SubsecRound, Utc};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde_json::{json, Value};
use tokio::sync::Semaphore;

use super::answers::{self, Refusal};
use super::builtin;
use super::drafts::PatternDraft;
use super::facts::{self, BoardFacts};
use super::llm::{LlmClient, LlmRequest, ProviderKind};
use super::recommendations;
use budget_domain::access::BoardAccess;
use budget_domain::entity::{budget_analysis, cost_pattern, project_budget};
use budget_domain::error::{DomainError, DomainResult};
use budget_domain::idempotency::{self, Created, Idempotent};
use budget_domain::Domain;

/// How long a call waits for a free LLM slot before answering with builtin instead.
const SLOT_WAIT: Duration = Duration::from_secs(2);
/// The `fallback_reason` when the model's answer fails the checks; which check failed, and
/// why, goes to the log only (it may quote the model).
const REFUSED_REASON: &str = "the AI answer did not pass the checks";

const SYSTEM_PROMPT: &str = "You are a careful project budget analyst. You receive the \
aggregated figures of one project board and a baseline answer computed from them by a \
statistical engine. Answer the requested operation with JSON only, matching the JSON schema \
given. Use only the figures given and do not invent amounts; money is in the board's currency \
as decimal strings. People appear only as person-N.";

#[derive(Clone)]
pub struct Optimizer {
    llm: Option<LlmClient>,
    /// Bounds concurrent LLM calls, so a hanging provider cannot tie up every request.
    slots: Arc<Semaphore>,
    observer: Option<CallObserver>,
}

/// How one operation was answered, for whoever counts them (the API's Prometheus metrics).
/// Reported once per operation that reached the engine, after its answer is settled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OptimizerCall<'a> {
    /// `builtin` when no LLM is configured, else the provider asked (`gemini`, `openai`), even
    /// when builtin's answer had to be kept.
    pub provider: &'a str,
    /// `analyze`, `recommendations`, `predict`, `learn-patterns`, `optimize-resources`.
    pub operation: &'a str,
    /// `ok` (the engine's own answer), `busy` (no free LLM slot), `refused` (the LLM's answer
    /// failed the checks), or the LLM error's kind (`timeout`, `rate_limited`, `server_error`…).
    pub outcome: &'a str,
    /// Time spent on the engine: waiting for a slot, the LLM call and checking its answer.
    pub duration: Duration,
}

/// Called with every [`OptimizerCall`]; must be cheap and must not block.
pub type CallObserver = Arc<dyn Fn(&OptimizerCall<'_>) + Send + Sync>;

/// What one operation asks the LLM: builtin's answer (kept unless the LLM's passes the checks),
/// what the LLM is shown of it, the JSON schema its answer follows, and the check that answer
/// passes, given builtin's answer and the board's facts.
struct Question<T> {
    operation: &'static str,
    baseline: T,
    shown: Value,
    schema: Value,
    check: fn(&str, &T, &BoardFacts) -> Result<T, Refusal>,
}

/// An operation's answer and how it came about.
struct Consulted<T> {
    value: T,
    provenance: Provenance,
}

impl Optimizer {
    /// The builtin engine only (no network).
    pub fn builtin() -> Self {
        Self {
            llm: None,
            slots: Arc::new(Semaphore::new(1)),
            observer: None,
        }
    }

    /// An LLM provider, with at most `max_concurrent` calls in flight.
    pub fn with_llm(client: LlmClient, max_concurrent: usize) -> Self {
        Self {
            llm: Some(client),
            slots: Arc::new(Semaphore::new(max_concurrent.max(1))),
            observer: None,
        }
    }

    /// Reports every operation's provider, outcome and duration to `observer`.
    #[must_use]
    pub fn observed_by(mut self, observer: CallObserver) -> Self {
        self.observer = Some(observer);
        self
    }

    fn llm_source(client: &LlmClient) -> AiSource {
        match client.settings().provider {
            ProviderKind::Gemini => AiSource::Gemini,
            ProviderKind::OpenAi => AiSource::Openai,
        }
    }

    /// The skeleton every operation shares: who may run it ([`prepare`]), the board's facts,
    /// the question `pose` builds from them (builtin's answer first), and the LLM's answer when
    /// one is configured and its answer passes the checks.
    async fn answer<T>(
        &self,
        domain: &Domain,
        access: &BoardAccess,
        pose: impl FnOnce(&BoardFacts) -> Question<T>,
    ) -> DomainResult<(BoardFacts, Consulted<T>)> {
        let facts = prepare(domain, access).await?;
        let question = pose(&facts);
        let consulted = self.consult(&facts, question).await;
        Ok((facts, consulted))
    }

    /// Asks the LLM `question` or keeps its baseline; reports how it went to the observer.
    async fn consult<T>(&self, facts: &BoardFacts, question: Question<T>) -> Consulted<T> {
        let started = std::time::Instant::now();
        let operation = question.operation;
        let (consulted, outcome) = self.ask(facts, question).await;
        if let Some(observer) = &self.observer {
            let provider = self
                .llm
                .as_ref()
                .map_or("builtin", |client| client.settings().provider.as_str());
            observer(&OptimizerCall {
                provider,
                operation,
                outcome,
                duration: started.elapsed(),
            });
        }
        consulted
    }

    /// [`Self::consult`]'s work, with the outcome's name.
    async fn ask<T>(
        &self,
        facts: &BoardFacts,
        question: Question<T>,
    ) -> (Consulted<T>, &'static str) {
        let Question {
            operation,
            baseline,
            shown,
            schema,
            check,
        } = question;
        let now = facts.now;
        let keep = |value: T, reason: Option<String>| Consulted {
            value,
            provenance: Provenance {
                source: AiSource::Builtin,
                model: None,
                fallback_reason: reason,
                generated_at: now,
            },
        };
        let Some(client) = &self.llm else {
            return (keep(baseline, None), "ok");
        };
        let permit = match tokio::time::timeout(SLOT_WAIT, self.slots.acquire()).await {
            Ok(Ok(permit)) => permit,
            _ => {
                let reason = "the LLM is busy with other requests".to_owned();
                return (keep(baseline, Some(reason)), "busy");
            }
        };
        let prompt = json!({
            "operation": operation,
            "board": facts.prompt_payload(),
            "baseline": shown,
        })
        .to_string();
        let reply = client
            .generate_json(&LlmRequest {
                operation,
                system: SYSTEM_PROMPT,
                prompt: &prompt,
                response_schema: &schema,
            })
            .await;
        drop(permit);
        match reply {
            // The full error (which may quote the provider) is in the client's log line.
            Err(err) => (keep(baseline, Some(err.public_reason())), err.kind()),
            Ok(reply) => match check(&reply.text, &baseline, facts) {
                Ok(value) => {
                    let consulted = Consulted {
                        value,
                        provenance: Provenance {
                            source: Self::llm_source(client),
                            model: Some(reply.model),
                            fallback_reason: None,
                            generated_at: now,
                        },
                    };
                    (consulted, "ok")
                }
                Err(reason) => {
                    tracing::warn!(operation, %reason, "LLM answer refused; builtin answers");
                    (keep(baseline, Some(REFUSED_REASON.to_owned())), "refused")
                }
            },
        }
    }

    pub async fn analyze(
        &self,
        domain: &Domain,
        access: &BoardAccess,
    ) -> DomainResult<BudgetAnalysis> {
        let (facts, consulted) = self
            .answer(domain, access, |facts| {
                let baseline = builtin::analyze(facts);
                Question {
                    operation: "analyze",
                    shown: json!({
                        "health_score": baseline.health_score,
                        "summary": baseline.summary,
                        "risks": baseline.risks,
                    }),
                    baseline,
                    schema: answers::analysis_schema(),
                    check: |text, baseline, _| answers::analysis(text, baseline),
                }
            })
            .await?;
        let draft = consulted.value;
        let analysis = BudgetAnalysis {
            board_id: facts.board_id,
            health_score: draft.health_score,
            status: facts.metrics.status,
            risks: draft.risks,
            summary: draft.summary,
            key_figures: draft.key_figures,
            provenance: consulted.provenance,
        };
        store_analysis(domain, &analysis).await?;
        Ok(analysis)
    }

    /// Generates recommendations and stores them as pending. With `idempotent`, a retry of the
    /// same request answers the first batch: it is looked for before the engine is asked (which
    /// may take an LLM's time), and again in the transaction that stores the batch.
    pub async fn recommend(
        &self,
        domain: &Domain,
        access: &BoardAccess,
        idempotent: Option<&Idempotent<RecommendationBatch>>,
    ) -> DomainResult<Created<RecommendationBatch>> {
        access.require(BoardRole::Editor)?;
        if let Some(replay) =
            idempotency::replay(domain.db.conn(), domain.clock.now(), idempotent).await?
        {
            return Ok(Created::Replayed(replay));
        }
        let result = self.recommend_and_store(domain, access, idempotent).await;
        idempotency::settle(domain.db.conn(), domain.clock.now(), idempotent, result).await
    }

    async fn recommend_and_store(
        &self,
        domain: &Domain,
        access: &BoardAccess,
        idempotent: Option<&Idempotent<RecommendationBatch>>,
    ) -> DomainResult<Created<RecommendationBatch>> {
        let (facts, consulted) = self
            .answer(domain, access, |facts| {
                let baseline = builtin::recommend(facts, &builtin::learn_patterns(facts));
                let shown = baseline
                    .iter()
                    .map(|r| json!({
                        "type": r.kind, "title": r.title, "estimated_savings": budget_domain::amount::money(r.estimated_savings_cents, facts.currency()),
                        "confidence": r.confidence, "priority": r.priority, "reasoning": r.reasoning,
                    }))
                    .collect::<Vec<_>>();
                let max_savings = budget_domain::amount::money(remaining_work_cents(facts), facts.currency());
                Question {
                    operation: "recommendations",
                    shown: json!({"recommendations": shown, "max_estimated_savings": max_savings}),
                    baseline,
                    schema: answers::recommendations_schema(),
                    check: |text, _, facts| {
                        answers::recommendations(text, remaining_work_cents(facts))
                    },
                }
            })
            .await?;
        let now = domain.clock.now();
        let txn = domain.db.begin_write().await?;
        if let Some(replay) = idempotency::replay(&*txn, now, idempotent).await? {
            return Ok(Created::Replayed(replay));
        }
        // The savings were worked out in the currency read before the optimiser ran.
        budget_domain::budget::hold_currency(&*txn, facts.board_id, facts.currency()).await?;
        let (stored, created) = recommendations::store(
            &*txn,
            facts.board_id,
            &consulted.value,
            consulted.provenance.source,
            facts.currency(),
            now,
        )
        .await?;
        let total = u32::try_from(stored.len()).unwrap_or(u32::MAX);
        let batch = RecommendationBatch {
            board_id: facts.board_id,
            recommendations: stored,
            created,
            already_pending: total - created,
            provenance: consulted.provenance,
        };
        idempotency::remember(&*txn, now, idempotent, &batch).await?;
        txn.commit().await?;
        Ok(Created::New(batch))
    }

    pub async fn predict(
        &self,
        domain: &Domain,
        access: &BoardAccess,
    ) -> DomainResult<OverrunPrediction> {
        let (facts, consulted) = self
            .answer(domain, access, |facts| {
                let baseline = builtin::predict(facts);
                Question {
                    operation: "predict",
                    shown: json!({"narrative": baseline.narrative, "drivers": baseline.drivers}),
                    baseline,
                    schema: answers::prediction_schema(),
                    check: |text, _, facts| {
                        answers::prediction(text, projected_cents(facts), facts.currency())
                    },
                }
            })
            .await?;
        let will_exceed = facts
            .forecast
            .projected_overrun
            .is_some_and(|overrun| overrun.value() > Decimal::ZERO);
        Ok(OverrunPrediction {
            board_id: facts.board_id,
            will_exceed_budget: will_exceed,
            forecast: facts.forecast,
            narrative: consulted.value.narrative,
            drivers: consulted.value.drivers,
            provenance: consulted.provenance,
        })
    }

    pub async fn learn_patterns(
        &self,
        domain: &Domain,
        access: &BoardAccess,
    ) -> DomainResult<PatternReport> {
        let (facts, consulted) = self
            .answer(domain, access, |facts| {
                let baseline = builtin::learn_patterns(facts);
                let shown = baseline
                    .iter()
                    .map(|p| json!({"key": p.name, "type": p.pattern_type, "description": p.description, "data": p.data}))
                    .collect::<Vec<_>>();
                Question {
                    operation: "learn-patterns",
                    shown: json!({ "patterns": shown }),
                    baseline,
                    schema: answers::descriptions_schema("pattern"),
                    check: |text, baseline, _| answers::patterns(text, baseline),
                }
            })
            .await?;
        let now = domain.clock.now();
        let patterns = store_patterns(domain, facts.board_id, &consulted.value, now).await?;
        Ok(PatternReport {
            board_id: facts.board_id,
            patterns,
            provenance: consulted.provenance,
        })
    }

    pub async fn optimize_resources(
        &self,
        domain: &Domain,
        access: &BoardAccess,
    ) -> DomainResult<ResourcePlan> {
        let (facts, consulted) = self
            .answer(domain, access, |facts| {
                let baseline = builtin::optimize_resources(facts);
                Question {
                    operation: "optimize-resources",
                    shown: json!({
                        "summary": baseline.summary,
                        "reassignments": baseline.reassignments.iter().map(|r| json!({
                            "key": r.task_id.to_string(), "task": r.task_title, "from": facts.alias(r.from_user_id),
                            "to": facts.alias(r.to_user_id), "hours": r.hours, "expected_savings": r.expected_savings,
                        })).collect::<Vec<_>>(),
                    }),
                    baseline,
                    schema: answers::descriptions_schema("reassignment"),
                    check: |text, baseline, _| answers::resources(text, baseline),
                }
            })
            .await?;
        Ok(ResourcePlan {
            board_id: facts.board_id,
            people: consulted.value.people,
            reassignments: consulted.value.reassignments,
            summary: consulted.value.summary,
            provenance: consulted.provenance,
        })
    }
}

/// Who may run the optimiser and when: editors and admins, on a board whose budget exists and
/// has AI optimisation enabled.
async fn prepare(domain: &Domain, access: &BoardAccess) -> DomainResult<BoardFacts> {
    access.require(BoardRole::Editor)?;
    let budget = budget_domain::budget::find(domain.db.conn(), access.board_id()).await?;
    match budget {
        None => {
            return Err(DomainError::conflict(
                ProblemCode::NoBudget,
                "the optimiser needs a budget on the board; create one first",
            ))
        }
        Some(b) if !b.ai_optimization_enabled => {
            return Err(DomainError::conflict(
                ProblemCode::AiDisabled,
                "AI optimisation is disabled in this board's budget settings",
            ))
        }
        Some(_) => {}
    }
    facts::gather(domain, access).await
}

/// The projected cost at completion: no driver of an overrun can weigh more than this.
fn projected_cents(facts: &BoardFacts) -> i64 {
    budget_domain::amount::to_hundredths(facts.forecast.projected_cost_at_completion.value())
        .unwrap_or(0)
}

/// The projected cost of the work still to do: no recommendation can save more than this.
fn remaining_work_cents(facts: &BoardFacts) -> i64 {
    let projected = facts.forecast.projected_cost_at_completion.value();
    let spent = facts.metrics.spent.value();
    budget_domain::amount::to_hundredths((projected - spent).max(Decimal::ZERO).round_dp(2))
        .unwrap_or(0)
}

/// How many analyses are kept per board: the latest ones; older ones are deleted as new ones are
/// stored, so repeated calls cannot grow the database.
pub const KEPT_ANALYSES: u64 = 20;

/// Records when the board was last analysed and stores the analysis as its own record, keeping
/// the latest [`KEPT_ANALYSES`] per board. Stored ROI snapshots are history and are not touched.
async fn store_analysis(domain: &Domain, analysis: &BudgetAnalysis) -> DomainResult<()> {
    let now = domain.clock.now();
    let txn = domain.db.begin_write().await?;
    project_budget::Entity::update_many()
        .col_expr(
            project_budget::Column::LastAiAnalysis,
            Expr::value(Some(now)),
        )
        .filter(project_budget::Column::BoardId.eq(analysis.board_id))
        .exec(&*txn)
        .await?;
    budget_analysis::ActiveModel {
        board_id: Set(analysis.board_id),
        source: Set(analysis.provenance.source.as_str().to_owned()),
        health_score: Set(analysis.health_score.clamp(0, 100)),
        analysis: Set(serde_json::to_value(analysis).unwrap_or(Value::Null)),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&*txn)
    .await?;
    let oldest_kept = budget_analysis::Entity::find()
        .filter(budget_analysis::Column::BoardId.eq(analysis.board_id))
        .order_by_desc(budget_analysis::Column::Id)
        .offset(KEPT_ANALYSES - 1)
        .one(&*txn)
        .await?;
    if let Some(oldest_kept) = oldest_kept {
        budget_analysis::Entity::delete_many()
            .filter(budget_analysis::Column::BoardId.eq(analysis.board_id))
            .filter(budget_analysis::Column::Id.lt(oldest_kept.id))
            .exec(&*txn)
            .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Upserts the patterns on (board, name), keeping each one's latest figures.
async fn store_patterns(
    domain: &Domain,
    board_id: i64,
    drafts: &[PatternDraft],
    now: DateTime<Utc>,
) -> DomainResult<Vec<CostPattern>> {
    // Stored to the microsecond on every engine: the answer states what a later read returns.
    let now = now.trunc_subsecs(6);
    let txn = domain.db.begin_write().await?;
    let mut stored = Vec::with_capacity(drafts.len());
    for draft in drafts {
        let data = json!({"description": draft.description, "figures": draft.data});
        let confidence = draft.confidence.to_f64().unwrap_or(0.0).clamp(0.0, 1.0);
        // One pattern per (board, name) by a unique index: an upsert, so two analyses at the
        // same moment both succeed and the later one's figures stay.
        cost_pattern::Entity::insert(cost_pattern::ActiveModel {
            board_id: Set(board_id),
            pattern_name: Set(draft.name.clone()),
            pattern_type: Set(draft.pattern_type.as_str().to_owned()),
            pattern_data: Set(data),
            confidence: Set(confidence),
            occurrence_count: Set(draft.occurrence_count),
            last_occurred: Set(now),
            ..Default::default()
        })
        .on_conflict(
            OnConflict::columns([
                cost_pattern::Column::BoardId,
                cost_pattern::Column::PatternName,
            ])
            .update_columns([
                cost_pattern::Column::PatternType,
                cost_pattern::Column::PatternData,
                cost_pattern::Column::Confidence,
                cost_pattern::Column::OccurrenceCount,
                cost_pattern::Column::LastOccurred,
            ])
            .to_owned(),
        )
        .exec_without_returning(&*txn)
        .await?;
        stored.push(CostPattern {
            name: draft.name.clone(),
            pattern_type: draft.pattern_type.as_str().to_owned(),
            description: draft.description.clone(),
            data: draft.data.clone(),
            confidence: draft.confidence,
            occurrence_count: draft.occurrence_count,
            last_occurred: now,
        });
    }
    txn.commit().await?;
    Ok(stored)
}
