//! The app's screens as routes loaded on first use. Each screen's code is a wasm module of its
//! own (the build splits the app at the functions below, scripts/web-app-wasm.sh): opening the
//! app loads its shell and the screen at the address, and another screen's module only when that
//! screen first opens. Built natively (the unit tests), a call goes straight to the screen.
//!
//! A module that cannot be fetched (the app was updated since the page loaded, so the server has
//! newer modules under other names, or the network failed) shows a notice with a reload button
//! in the screen's place; the rest of the app keeps working, and a later visit tries again.

use leptos::prelude::*;
use leptos::wasm_split::SplitLoaderError;
use leptos_router::LazyRoute;

use crate::pages::alerts::AlertsScreen;
use crate::pages::analytics::AnalyticsScreen;
use crate::pages::approvals::ApprovalsScreen;
use crate::pages::board::board_in_context;
use crate::pages::boards::BoardsScreen;
use crate::pages::budget_form::BudgetScreen;
use crate::pages::dashboard::DashboardScreen;
use crate::pages::expenses::ExpensesScreen;
use crate::pages::history::HistoryScreen;
use crate::pages::imports::ImportScreen;
use crate::pages::login::LoginScreen;
use crate::pages::members::MembersScreen;
use crate::pages::notifications::NotificationsScreen;
use crate::pages::organization::accept::AcceptInvitationScreen;
use crate::pages::organization::OrganizationScreen;
use crate::pages::password_reset::PasswordResetScreen;
use crate::pages::rates::RatesScreen;
use crate::pages::recommendations::RecommendationsScreen;
use crate::pages::resources::ResourcesScreen;
use crate::pages::roi::RoiScreen;
use crate::pages::settings::SettingsScreen;
use crate::pages::tasks::TasksScreen;
use crate::pages::timesheet::TimesheetScreen;
use crate::pages::what_if::WhatIfScreen;
use crate::text::text;

/// `$load`, a screen's view built in a module of its own: calling it fetches the module first
/// (once), and fails when it cannot be fetched. The module is named after `$load`.
macro_rules! screen_module {
    ($load:ident, $view:expr) => {
        #[::leptos::wasm_split::wasm_split($load, wasm_split_path = ::leptos::wasm_split, fallible)]
        pub fn $load() -> Result<AnyView, SplitLoaderError> {
            Ok($view)
        }
    };
}

/// A route whose view is `$load`'s (see [`screen_module`]), for `Lazy::<$route>`: the router
/// keeps the screen it shows until the next one's module is there.
macro_rules! lazy_screen {
    ($route:ident, $load:ident, $view:expr) => {
        screen_module!($load, $view);

        pub struct $route;

        impl LazyRoute for $route {
            fn data() -> Self {
                Self
            }

            async fn view(_this: Self) -> AnyView {
                opened($load()).await
            }
        }
    };
}

/// A board screen: the board id comes from [`BoardLayout`]'s context when the view is mounted
/// under it (the router may prepare a lazy route before the layout has provided it).
///
/// [`BoardLayout`]: crate::pages::board::BoardLayout
macro_rules! board_screen {
    ($route:ident, $load:ident, $screen:ident) => {
        lazy_screen!(
            $route,
            $load,
            (move || board_in_context().map(|board_id| view! { <$screen board_id /> })).into_any()
        );
    };
}

board_screen!(DashboardRoute, dashboard_screen, DashboardScreen);
board_screen!(BudgetRoute, budget_screen, BudgetScreen);
board_screen!(TasksRoute, tasks_screen, TasksScreen);
board_screen!(ExpensesRoute, expenses_screen, ExpensesScreen);
board_screen!(AnalyticsRoute, analytics_screen, AnalyticsScreen);
board_screen!(RoiRoute, roi_screen, RoiScreen);
board_screen!(WhatIfRoute, what_if_screen, WhatIfScreen);
board_screen!(
    RecommendationsRoute,
    recommendations_screen,
    RecommendationsScreen
);
board_screen!(ResourcesRoute, resources_screen, ResourcesScreen);
board_screen!(AlertsRoute, alerts_screen, AlertsScreen);
board_screen!(MembersRoute, members_screen, MembersScreen);
board_screen!(RatesRoute, rates_screen, RatesScreen);
board_screen!(HistoryRoute, history_screen, HistoryScreen);
board_screen!(TimesheetRoute, timesheet_screen, TimesheetScreen);
board_screen!(ApprovalsRoute, approvals_screen, ApprovalsScreen);
board_screen!(ImportRoute, import_screen, ImportScreen);
lazy_screen!(
    LoginRoute,
    login_screen,
    view! { <LoginScreen /> }.into_any()
);
lazy_screen!(
    PasswordResetRoute,
    password_reset_screen,
    view! { <PasswordResetScreen /> }.into_any()
);
// Behind sign-in: a protected route takes a view function, not a lazy route, so these are
// shown with `Suspend::new(opened(…))`.
screen_module!(boards_screen, view! { <BoardsScreen /> }.into_any());
screen_module!(
    notifications_screen,
    view! { <NotificationsScreen /> }.into_any()
);
screen_module!(settings_screen, view! { <SettingsScreen /> }.into_any());
screen_module!(
    organization_screen,
    view! { <OrganizationScreen /> }.into_any()
);
screen_module!(
    accept_invitation_screen,
    view! { <AcceptInvitationScreen /> }.into_any()
);

/// The screen `load` builds once its module is there, or the notice that the module could not
/// be fetched.
pub async fn opened(
    load: impl std::future::Future<Output = Result<AnyView, SplitLoaderError>>,
) -> AnyView {
    load.await.unwrap_or_else(|_| not_loaded())
}

/// In a screen's place when its module could not be fetched: what happened and a way out.
fn not_loaded() -> AnyView {
    let words = &text().app;
    let reload = |_| {
        if let Some(window) = web_sys::window() {
            let _ = window.location().reload();
        }
    };
    view! {
        <section class="card" role="alert" data-testid="screen-not-loaded">
            <h1>{words.screen_not_loaded_heading}</h1>
            <p>{words.screen_not_loaded_body}</p>
            <button type="button" class="button" data-testid="screen-reload" on:click=reload>
                {words.screen_reload_button}
            </button>
        </section>
    }
    .into_any()
}
