//! The budget optimiser: five operations — analyse, recommend, predict, learn
//! patterns, optimise resources — behind one interface ([`Optimizer`]), answered by the builtin
//! statistical engine or by an LLM (Gemini, or any OpenAI-compatible server) whose answers are
//! checked and, when unusable, replaced by builtin's.
//!
//! It reads the board through the same domain functions as every other surface (metrics,
//! analytics, forecast) and keeps the HTTP client of the providers out of the domain.
//!
//! - [`facts`]: what the optimiser knows about a board (and the anonymous view an LLM sees);
//! - [`builtin`]: the rules and statistics, deterministic and traceable to the data;
//! - [`llm`]: the provider clients (timeouts, one retry, wire formats);
//! - [`answers`]: what an LLM is asked for and how its answer is checked;
//! - [`drafts`]: an engine's answer before it is stored or shown;
//! - [`service`]: the operations, the fallback, and what is stored;
//! - [`recommendations`]: stored recommendations and their lifecycle;
//! - [`patterns`]: stored learned patterns, listed.

pub mod answers;
pub mod builtin;
pub mod drafts;
pub mod facts;
pub mod llm;
pub mod patterns;
pub mod recommendations;
pub mod service;

pub use service::{CallObserver, Optimizer, OptimizerCall};
