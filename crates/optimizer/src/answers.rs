//! What we ask an LLM for, per operation, and how its answer is checked before anything is
//! kept. The LLM supplies judgement and words; the figures always come from the board's data,
//! so a model cannot invent a number that reaches the user unchecked.
//!
//! Checking is strict per item and lenient per answer: invalid items are dropped (and logged),
//! and only an answer with nothing valid left is refused, which sends the caller to builtin.

use budget_contract::limits::{NAME_CHARS, NOTE_CHARS};
use budget_contract::optimizer::{Driver, RecommendationType, Risk, Severity};
use budget_contract::task::Priority;
use budget_contract::Currency;
use rust_decimal::Decimal;
use serde::Deserialize;
use serde_json::{json, Value};

use super::drafts::{
    AnalysisDraft, PatternDraft, PredictionDraft, RecommendationDraft, ResourceDraft,
    MAX_RECOMMENDATIONS, MIN_RECOMMENDATIONS,
};
use budget_domain::amount::to_hundredths;

/// The most characters a title may have (a name's bound) and any other text (a note's).
const MAX_TITLE: usize = NAME_CHARS;
const MAX_TEXT: usize = NOTE_CHARS;

/// Why an answer was refused; becomes the `fallback_reason`.
pub type Refusal = String;

/// The wire names of every value of a contract enum, for a schema's `enum`.
fn names<T: Copy>(all: &[T], name: fn(T) -> &'static str) -> Vec<&'static str> {
    all.iter().map(|value| name(*value)).collect()
}

fn text_ok(value: &str, max: usize) -> bool {
    let trimmed = value.trim();
    !trimmed.is_empty() && trimmed.chars().count() <= max
}

fn parse_json<T: for<'de> Deserialize<'de>>(text: &str) -> Result<T, Refusal> {
    serde_json::from_str(text).map_err(|err| format!("the answer is not the JSON asked for: {err}"))
}

/// A money amount as a model may write it: a string or a number, at most two decimals, ≥ 0.
fn cents_of(value: &Value) -> Option<i64> {
    let decimal = match value {
        Value::String(s) => s.trim().parse::<Decimal>().ok()?,
        Value::Number(n) => n.to_string().parse::<Decimal>().ok()?,
        _ => return None,
    };
    if decimal.is_sign_negative() && !decimal.is_zero() {
        return None;
    }
    to_hundredths(decimal.round_dp(2))
}

// ---------------------------------------------------------------------------------------------
// analyze

pub fn analysis_schema() -> Value {
    json!({
        "type": "object",
        "properties": {
            "health_score": {"type": "integer", "minimum": 0, "maximum": 100,
                             "description": "100 = healthy, 0 = failing"},
            "summary": {"type": "string", "description": "1-3 sentences citing the figures"},
            "risks": {"type": "array", "maxItems": 5, "items": {
                "type": "object",
                "properties": {
                    "title": {"type": "string"},
                    "severity": {"type": "string", "enum": names(Severity::ALL, Severity::as_str)},
                    "detail": {"type": "string"}
                },
                "required": ["title", "severity", "detail"]
            }}
        },
        "required": ["health_score", "summary", "risks"]
    })
}

#[derive(Deserialize)]
struct AnalysisAnswer {
    health_score: Value,
    summary: String,
    #[serde(default)]
    risks: Vec<Value>,
}

/// The model's score, summary and risks over builtin's key figures.
pub fn analysis(text: &str, baseline: &AnalysisDraft) -> Result<AnalysisDraft, Refusal> {
    let answer: AnalysisAnswer = parse_json(text)?;
    let score = answer
        .health_score
        .as_i64()
        .filter(|s| (0..=100).contains(s))
        .ok_or("health_score is not an integer from 0 to 100")?;
    if !text_ok(&answer.summary, MAX_TEXT) {
        return Err("the summary is empty or too long".into());
    }
    let risks: Vec<Risk> = answer
        .risks
        .into_iter()
        .filter_map(|risk| {
            let risk: Risk = serde_json::from_value(risk).ok()?;
            (text_ok(&risk.title, MAX_TITLE) && text_ok(&risk.detail, MAX_TEXT)).then_some(risk)
        })
        .take(5)
        .collect();
    Ok(AnalysisDraft {
        health_score: i32::try_from(score).unwrap_or(0),
        risks,
        summary: answer.summary.trim().to_owned(),
        key_figures: baseline.key_figures.clone(),
    })
}

// ---------------------------------------------------------------------------------------------
// recommendations

pub fn recommendations_schema() -> Value {
    json!({
        "type": "object",
        "properties": {
            "recommendations": {"type": "array", "minItems": MIN_RECOMMENDATIONS, "maxItems": MAX_RECOMMENDATIONS, "items": {
                "type": "object",
                "properties": {
                    "type": {"type": "string", "enum": names(RecommendationType::ALL, RecommendationType::as_str)},
                    "title": {"type": "string"},
                    "description": {"type": "string"},
                    "estimated_savings": {"type": "string",
                        "description": "decimal amount in the budget's currency, e.g. \"1250.00\"; at most the projected cost of the remaining work"},
                    "confidence": {"type": "integer", "minimum": 0, "maximum": 100},
                    "priority": {"type": "string", "enum": names(Priority::ALL, Priority::as_str)},
                    "reasoning": {"type": "string"},
                    "based_on": {"type": "array", "items": {"type": "string"},
                                 "description": "the figures or patterns used"}
                },
                "required": ["type", "title", "description", "estimated_savings", "confidence", "priority", "reasoning", "based_on"]
            }}
        },
        "required": ["recommendations"]
    })
}

#[derive(Deserialize)]
struct RecommendationsAnswer {
    recommendations: Vec<Value>,
}

#[derive(Deserialize)]
struct RecommendationItem {
    #[serde(rename = "type")]
    kind: RecommendationType,
    title: String,
    description: String,
    estimated_savings: Value,
    confidence: i64,
    priority: Priority,
    reasoning: String,
    #[serde(default)]
    based_on: Vec<String>,
}

/// Valid items only (known type, texts present, savings within `max_savings_cents`, confidence
/// 0–100, titles unique), at most seven.
pub fn recommendations(
    text: &str,
    max_savings_cents: i64,
) -> Result<Vec<RecommendationDraft>, Refusal> {
    let answer: RecommendationsAnswer = parse_json(text)?;
    let offered = answer.recommendations.len();
    let mut kept: Vec<RecommendationDraft> = Vec::new();
    for raw in answer.recommendations {
        let item: RecommendationItem = match serde_json::from_value(raw) {
            Ok(item) => item,
            Err(err) => {
                tracing::warn!(reason = %err, "dropped an LLM recommendation of the wrong shape");
                continue;
            }
        };
        let savings = cents_of(&item.estimated_savings);
        let problem = if !text_ok(&item.title, MAX_TITLE) {
            Some("title")
        } else if !text_ok(&item.description, MAX_TEXT) || !text_ok(&item.reasoning, MAX_TEXT) {
            Some("description or reasoning")
        } else if !(0..=100).contains(&item.confidence) {
            Some("confidence out of range")
        } else if savings.is_none_or(|s| s > max_savings_cents.max(0)) {
            Some("savings missing, negative or above the remaining work's cost")
        } else if kept
            .iter()
            .any(|k| k.title.eq_ignore_ascii_case(item.title.trim()))
        {
            Some("duplicate title")
        } else {
            None
        };
        if let Some(problem) = problem {
            tracing::warn!(problem, title = %item.title, "dropped an invalid LLM recommendation");
            continue;
        }
        kept.push(RecommendationDraft {
            scenario: None,
            kind: item.kind,
            title: item.title.trim().to_owned(),
            description: item.description.trim().to_owned(),
            estimated_savings_cents: savings.unwrap_or(0),
            confidence: i32::try_from(item.confidence).unwrap_or(0),
            priority: item.priority,
            reasoning: item.reasoning.trim().to_owned(),
            based_on: json!({"llm_cited": item.based_on}),
        });
        if kept.len() == MAX_RECOMMENDATIONS {
            break;
        }
    }
    if kept.is_empty() {
        return Err(format!(
            "none of the {offered} recommendations offered was valid"
        ));
    }
    Ok(kept)
}

// ---------------------------------------------------------------------------------------------
// predict

pub fn prediction_schema() -> Value {
    json!({
        "type": "object",
        "properties": {
            "narrative": {"type": "string", "description": "2-4 sentences explaining the forecast given"},
            "drivers": {"type": "array", "maxItems": 5, "items": {
                "type": "object",
                "properties": {
                    "name": {"type": "string"},
                    "detail": {"type": "string"},
                    "impact": {"type": "string", "description": "decimal amount, e.g. \"800.00\""}
                },
                "required": ["name", "detail", "impact"]
            }}
        },
        "required": ["narrative", "drivers"]
    })
}

#[derive(Deserialize)]
struct PredictionAnswer {
    narrative: String,
    #[serde(default)]
    drivers: Vec<Value>,
}

/// Narrative and drivers; a driver's impact may not exceed `max_impact_cents` (the projected
/// cost at completion: nothing drives more than the whole cost).
pub fn prediction(
    text: &str,
    max_impact_cents: i64,
    currency: &Currency,
) -> Result<PredictionDraft, Refusal> {
    let answer: PredictionAnswer = parse_json(text)?;
    if !text_ok(&answer.narrative, MAX_TEXT) {
        return Err("the narrative is empty or too long".into());
    }
    let drivers = answer
        .drivers
        .into_iter()
        .filter_map(|raw| {
            let name = raw.get("name")?.as_str()?.trim().to_owned();
            let detail = raw.get("detail")?.as_str()?.trim().to_owned();
            let impact = cents_of(raw.get("impact")?)?;
            (text_ok(&name, MAX_TITLE) && text_ok(&detail, MAX_TEXT) && impact <= max_impact_cents)
                .then(|| Driver {
                    name,
                    detail,
                    impact: budget_domain::amount::money(impact, currency),
                })
        })
        .take(5)
        .collect();
    Ok(PredictionDraft {
        narrative: answer.narrative.trim().to_owned(),
        drivers,
    })
}

// ---------------------------------------------------------------------------------------------
// learn-patterns and optimize-resources: the model words what the statistics found.

pub fn descriptions_schema(what: &str) -> Value {
    json!({
        "type": "object",
        "properties": {
            "summary": {"type": "string"},
            "items": {"type": "array", "items": {
                "type": "object",
                "properties": {
                    "key": {"type": "string", "description": format!("the {what} key exactly as given")},
                    "description": {"type": "string"}
                },
                "required": ["key", "description"]
            }}
        },
        "required": ["summary", "items"]
    })
}

#[derive(Deserialize)]
struct DescriptionsAnswer {
    summary: String,
    #[serde(default)]
    items: Vec<Value>,
}

/// (key, description) pairs for keys we know; unknown keys are dropped.
fn descriptions(text: &str, known: &[String]) -> Result<(String, Vec<(String, String)>), Refusal> {
    let answer: DescriptionsAnswer = parse_json(text)?;
    if !text_ok(&answer.summary, MAX_TEXT) {
        return Err("the summary is empty or too long".into());
    }
    let items = answer
        .items
        .into_iter()
        .filter_map(|raw| {
            let key = raw.get("key")?.as_str()?.to_owned();
            let description = raw.get("description")?.as_str()?.trim().to_owned();
            (known.contains(&key) && text_ok(&description, MAX_TEXT)).then_some((key, description))
        })
        .collect();
    Ok((answer.summary.trim().to_owned(), items))
}

/// Builtin's patterns with the model's descriptions where it gave a valid one.
pub fn patterns(text: &str, baseline: &[PatternDraft]) -> Result<Vec<PatternDraft>, Refusal> {
    let known: Vec<String> = baseline.iter().map(|p| p.name.clone()).collect();
    let (_, described) = descriptions(text, &known)?;
    if described.is_empty() && !baseline.is_empty() {
        return Err("no description matched a detected pattern".into());
    }
    Ok(baseline
        .iter()
        .map(|pattern| {
            let mut pattern = pattern.clone();
            if let Some((_, description)) = described.iter().find(|(key, _)| *key == pattern.name) {
                pattern.description.clone_from(description);
            }
            pattern
        })
        .collect())
}

/// Builtin's plan with the model's summary and reasons (keyed by task id).
pub fn resources(text: &str, baseline: &ResourceDraft) -> Result<ResourceDraft, Refusal> {
    let known: Vec<String> = baseline
        .reassignments
        .iter()
        .map(|r| r.task_id.to_string())
        .collect();
    let (summary, reasons) = descriptions(text, &known)?;
    let mut plan = baseline.clone();
    plan.summary = summary;
    for reassignment in &mut plan.reassignments {
        if let Some((_, reason)) = reasons
            .iter()
            .find(|(key, _)| *key == reassignment.task_id.to_string())
        {
            reassignment.reason.clone_from(reason);
        }
    }
    Ok(plan)
}

#[cfg(test)]
mod tests {
    use super::*;
    use budget_contract::optimizer::Severity;
    use budget_contract::Money;

    #[test]
    fn the_schema_lists_the_contract_enums_and_bounds() {
        let schema = recommendations_schema();
        let list = &schema["properties"]["recommendations"];
        assert_eq!(list["minItems"], 3);
        assert_eq!(list["maxItems"], 7);
        assert_eq!(
            list["items"]["properties"]["type"]["enum"],
            json!([
                "reallocation",
                "scope_cut",
                "resource_optimization",
                "risk_mitigation",
                "efficiency_improvement",
                "timeline_change"
            ])
        );
        assert_eq!(
            list["items"]["properties"]["priority"]["enum"],
            json!(["low", "medium", "high", "urgent"])
        );
        assert_eq!(
            analysis_schema()["properties"]["risks"]["items"]["properties"]["severity"]["enum"],
            json!(["low", "medium", "high"])
        );
    }

    #[test]
    fn recommendations_keep_only_valid_items() {
        let text = json!({"recommendations": [
            {"type": "scope_cut", "title": "Cut the archive", "description": "d", "estimated_savings": "1200.50",
             "confidence": 80, "priority": "high", "reasoning": "r", "based_on": ["overrun"]},
            {"type": "magic", "title": "Unknown type", "description": "d", "estimated_savings": "1",
             "confidence": 50, "priority": "low", "reasoning": "r", "based_on": []},
            {"type": "risk_mitigation", "title": "Too rich", "description": "d", "estimated_savings": "999999",
             "confidence": 50, "priority": "low", "reasoning": "r", "based_on": []},
            {"type": "risk_mitigation", "title": "Overconfident", "description": "d", "estimated_savings": 10,
             "confidence": 101, "priority": "low", "reasoning": "r", "based_on": []},
            {"type": "risk_mitigation", "title": "Negative", "description": "d", "estimated_savings": "-5",
             "confidence": 10, "priority": "low", "reasoning": "r", "based_on": []},
            {"type": "efficiency_improvement", "title": "cut the ARCHIVE", "description": "d", "estimated_savings": 0,
             "confidence": 10, "priority": "low", "reasoning": "r", "based_on": []},
            {"type": "timeline_change", "title": "Pace it", "description": "d", "estimated_savings": 300,
             "confidence": 60, "priority": "medium", "reasoning": "r", "based_on": []}
        ]})
        .to_string();
        let kept = recommendations(&text, 500_000).unwrap();
        let titles: Vec<(&str, i64)> = kept
            .iter()
            .map(|k| (k.title.as_str(), k.estimated_savings_cents))
            .collect();
        assert_eq!(titles, [("Cut the archive", 120_050), ("Pace it", 30_000)]);
    }

    #[test]
    fn an_answer_with_nothing_valid_is_refused() {
        assert!(recommendations("{\"recommendations\": []}", 100).is_err());
        assert!(recommendations("not json", 100).is_err());
        assert!(
            recommendations("{\"recommendations\": [{\"type\": \"scope_cut\"}]}", 100).is_err()
        );
    }

    #[test]
    fn analysis_scores_are_checked() {
        let baseline_text = json!({"health_score": 101, "summary": "s", "risks": []}).to_string();
        let baseline = AnalysisDraft {
            health_score: 50,
            risks: vec![],
            summary: "b".into(),
            key_figures: budget_contract::optimizer::KeyFigures {
                allocated_budget: None,
                spent: Money::ZERO,
                remaining: None,
                utilisation_percent: None,
                time_utilisation_percent: None,
                daily_burn: Money::ZERO,
                days_until_exhausted: None,
                projected_cost_at_completion: Money::ZERO,
                probability_over_budget: None,
                cpi: None,
                tasks_total: 0,
                tasks_completed: 0,
                tasks_over_budget: 0,
            },
        };
        assert!(analysis(&baseline_text, &baseline).is_err());
        let good = json!({"health_score": 42, "summary": "Burning fast.", "risks": [
            {"title": "Overrun", "severity": "high", "detail": "d"},
            {"title": "", "severity": "high", "detail": "empty title"},
            {"title": "Odd", "severity": "extreme", "detail": "d"}
        ]})
        .to_string();
        let draft = analysis(&good, &baseline).unwrap();
        assert_eq!(draft.health_score, 42);
        assert_eq!(draft.risks.len(), 1);
        assert_eq!(draft.risks[0].severity, Severity::High);
    }

    #[test]
    fn prediction_drivers_are_bounded() {
        let text = json!({"narrative": "It will overrun.", "drivers": [
            {"name": "Design", "detail": "over estimate", "impact": "800.00"},
            {"name": "Huge", "detail": "d", "impact": "1000000"},
            {"name": "Bad", "detail": "d", "impact": "abc"}
        ]})
        .to_string();
        let draft = prediction(&text, 5_000_000, Currency::find_or_default("USD")).unwrap();
        assert_eq!(draft.drivers.len(), 1);
        assert_eq!(draft.drivers[0].impact.to_string(), "800.00");
    }
}
