//! The app's screens as routes loaded on first use. Each screen's code is a wasm module of its
//! own (the build splits the app at these `lazy` functions, scripts/web-app-wasm.sh): opening
//! the app loads its shell and the screen at the address, and another screen's module only when
//! that screen first opens. Built natively (the unit tests), a call goes straight to the screen.

use leptos::prelude::*;
use leptos_router::{lazy_route, LazyRoute};

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

/// A board screen loaded on first use. The board id comes from [`BoardLayout`]'s context when
/// the view is mounted under it: the router may prepare a lazy route (its `data`) before the
/// layout has provided it.
///
/// [`BoardLayout`]: crate::pages::board::BoardLayout
macro_rules! board_screen {
    ($route:ident, $screen:ident) => {
        pub struct $route;

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                Self
            }

            fn view(_this: Self) -> AnyView {
                (move || board_in_context().map(|board_id| view! { <$screen board_id /> }))
                    .into_any()
            }
        }
    };
}

/// A screen behind sign-in, loaded on first use (a protected route takes a view function, not a
/// lazy route).
macro_rules! protected_screen {
    ($load:ident, $screen:ident) => {
        #[lazy]
        pub fn $load() -> AnyView {
            view! { <$screen /> }.into_any()
        }
    };
}

/// A screen outside a board, loaded on first use.
macro_rules! screen {
    ($route:ident, $screen:ident) => {
        pub struct $route;

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                Self
            }

            fn view(_this: Self) -> AnyView {
                view! { <$screen /> }.into_any()
            }
        }
    };
}

board_screen!(DashboardRoute, DashboardScreen);
board_screen!(BudgetRoute, BudgetScreen);
board_screen!(TasksRoute, TasksScreen);
board_screen!(ExpensesRoute, ExpensesScreen);
board_screen!(AnalyticsRoute, AnalyticsScreen);
board_screen!(RoiRoute, RoiScreen);
board_screen!(WhatIfRoute, WhatIfScreen);
board_screen!(RecommendationsRoute, RecommendationsScreen);
board_screen!(ResourcesRoute, ResourcesScreen);
board_screen!(AlertsRoute, AlertsScreen);
board_screen!(MembersRoute, MembersScreen);
board_screen!(RatesRoute, RatesScreen);
board_screen!(HistoryRoute, HistoryScreen);
board_screen!(TimesheetRoute, TimesheetScreen);
board_screen!(ApprovalsRoute, ApprovalsScreen);
board_screen!(ImportRoute, ImportScreen);
screen!(LoginRoute, LoginScreen);
screen!(PasswordResetRoute, PasswordResetScreen);
protected_screen!(boards_screen, BoardsScreen);
protected_screen!(notifications_screen, NotificationsScreen);
protected_screen!(settings_screen, SettingsScreen);
protected_screen!(organization_screen, OrganizationScreen);
protected_screen!(accept_invitation_screen, AcceptInvitationScreen);
