//! [`effect`]: code that runs once the screen is drawn and again whenever a signal it read
//! changes (storing a filter in the URL, following a form's answer, moving focus).
//!
//! Leptos's `Effect` compiles the task that waits for changes and re-runs the code anew for
//! every closure; here every such closure is boxed and run by one `Effect` type, so that task
//! exists once in the web app.

use leptos::prelude::*;

/// Runs `run` now (after rendering) and again whenever a signal it read changes, for as long as
/// the component that made it lives.
pub fn effect(run: impl Fn() + 'static) {
    erased(Box::new(run));
}

/// The one effect type behind [`effect`].
fn erased(run: Box<dyn Fn()>) {
    Effect::new(move |_| run());
}
