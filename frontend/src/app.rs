//! The router and the layout.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::pages::{
    analytics::AnalyticsPage, boards::BoardsPage, budget_form::BudgetFormPage,
    dashboard::DashboardPage, login::LoginPage, members::MembersPage,
    recommendations::RecommendationsPage, roi::RoiPage, settings::SettingsPage, tasks::TasksPage,
};

#[component]
pub fn App() -> impl IntoView {
    view! {
        <Router>
            <main>
                <Routes fallback=|| view! { <p>"Page not found."</p> }>
                    <Route path=path!("/") view=BoardsPage />
                    <Route path=path!("/login") view=LoginPage />
                    <Route path=path!("/boards") view=BoardsPage />
                    <Route path=path!("/boards/:board_id") view=DashboardPage />
                    <Route path=path!("/boards/:board_id/budget") view=BudgetFormPage />
                    <Route path=path!("/boards/:board_id/tasks") view=TasksPage />
                    <Route path=path!("/boards/:board_id/analytics") view=AnalyticsPage />
                    <Route path=path!("/boards/:board_id/roi") view=RoiPage />
                    <Route path=path!("/boards/:board_id/recommendations") view=RecommendationsPage />
                    <Route path=path!("/boards/:board_id/members") view=MembersPage />
                    <Route path=path!("/settings") view=SettingsPage />
                </Routes>
            </main>
        </Router>
    }
}
