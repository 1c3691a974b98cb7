//! What every handler and middleware can reach, built once at start-up.

use std::sync::Arc;

use budget_contract::analytics::Analytics;
use budget_contract::metrics::BudgetMetrics;
use budget_domain::alerts::DirtyBoards;
use budget_domain::Domain;
use budget_optimizer::Optimizer;

use crate::auth::jwt::JwtKeys;
use crate::encoded::EncodedAnswers;
use crate::prometheus::Metrics;
use crate::rate_limit::RateLimits;
use crate::security::SecurityHeaders;

/// What every handler (and the app's middleware) can reach.
pub struct AppState {
    pub domain: Domain,
    pub jwt: JwtKeys,
    pub optimizer: Optimizer,
    /// `None` when `METRICS_ENABLED=false`.
    pub metrics: Option<Arc<Metrics>>,
    pub metrics_token: Option<String>,
    pub security: SecurityHeaders,
    pub limits: RateLimits,
    /// Boards changed since their alert rules were last evaluated.
    pub alerts: DirtyBoards,
    /// The JSON of the analytics answers the read cache shares.
    pub analytics_json: EncodedAnswers<Analytics>,
    /// The JSON of the metrics answers the read cache shares.
    pub metrics_json: EncodedAnswers<BudgetMetrics>,
}
