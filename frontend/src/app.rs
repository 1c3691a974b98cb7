//! The router and the layout: the header (app name, board switcher, the running timer, the notification bell,
//! Settings, Sign out) and the routes. Every route but `/login` needs a session; without one the person is sent to `/login`.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::{ProtectedParentRoute, ProtectedRoute, Route, Router, Routes, A};
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::{path, NavigateOptions};

use crate::api;
use crate::components::notification_bell::provide_unread_notifications;
use crate::components::timer::provide_running_timer;
use crate::components::HeaderTimer;
use crate::components::NotificationBell;
use crate::effects::effect;
use crate::pages::alerts::AlertsScreen;
use crate::pages::analytics::AnalyticsScreen;
use crate::pages::approvals::ApprovalsScreen;
use crate::pages::board::{on_board, BoardLayout};
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
use crate::requests::Fetch;
use crate::session::{self, use_refresh, use_session};
use crate::text::text;

#[component]
pub fn App() -> impl IntoView {
    session::provide_session();
    session::provide_refresh();
    view! {
        <Router>
            <Shell />
        </Router>
    }
}

/// The board id in a `/boards/:board_id…` path.
fn board_in_path(path: &str) -> Option<i64> {
    let mut segments = path.trim_start_matches('/').split('/');
    match (segments.next(), segments.next()) {
        (Some("boards"), Some(id)) => id.parse().ok(),
        _ => None,
    }
}

#[component]
fn Shell() -> impl IntoView {
    let navigate = use_navigate();
    session::set_navigator(move |path| navigate(path, NavigateOptions::default()));
    let session = use_session();
    // The unread count, for the header's bell and the screens that show what notifications
    // announce.
    provide_unread_notifications();
    // The running timer, for the header and the tasks' Start buttons.
    provide_running_timer();

    // A reload keeps the token but may have lost the user: ask who we are.
    effect(move || {
        if session.token.get().is_some() && session.user.with_untracked(Option::is_none) {
            spawn_local(async move {
                if let Ok(user) = api::me().await {
                    session::remember_user(&user);
                    session.user.set(Some(user));
                }
            });
        }
    });

    let signed_in = move || Some(session.token.get().is_some());
    // Back to the same address after signing in (a shared link, an invitation's link).
    let to_login = session::sign_in_path;
    let words = &text().app;
    view! {
        <a class="skip-link" href="#main">{words.skip_link}</a>
        <Show when=move || session.token.get().is_some()>
            <Header />
        </Show>
        <main id="main" class="container" tabindex="-1">
            <Routes fallback=move || {
                view! {
                    <section class="card">
                        <h1>{words.not_found_heading}</h1>
                        <p><A href="/boards">{words.not_found_back_link}</A></p>
                    </section>
                }
            }>
                <Route path=path!("/login") view=LoginScreen />
                <Route path=path!("/password-reset") view=PasswordResetScreen />
                <ProtectedRoute path=path!("/") condition=signed_in redirect_path=to_login view=BoardsScreen />
                <ProtectedRoute path=path!("/boards") condition=signed_in redirect_path=to_login view=BoardsScreen />
                <ProtectedParentRoute path=path!("/boards/:board_id") condition=signed_in redirect_path=to_login view=BoardLayout>
                    <Route path=path!("") view=|| on_board(|board_id| view! { <DashboardScreen board_id /> }) />
                    <Route path=path!("budget") view=|| on_board(|board_id| view! { <BudgetScreen board_id /> }) />
                    <Route path=path!("tasks") view=|| on_board(|board_id| view! { <TasksScreen board_id /> }) />
                    <Route path=path!("expenses") view=|| on_board(|board_id| view! { <ExpensesScreen board_id /> }) />
                    <Route path=path!("analytics") view=|| on_board(|board_id| view! { <AnalyticsScreen board_id /> }) />
                    <Route path=path!("roi") view=|| on_board(|board_id| view! { <RoiScreen board_id /> }) />
                    <Route path=path!("what-if") view=|| on_board(|board_id| view! { <WhatIfScreen board_id /> }) />
                    <Route path=path!("recommendations") view=|| on_board(|board_id| view! { <RecommendationsScreen board_id /> }) />
                    <Route path=path!("resources") view=|| on_board(|board_id| view! { <ResourcesScreen board_id /> }) />
                    <Route path=path!("alerts") view=|| on_board(|board_id| view! { <AlertsScreen board_id /> }) />
                    <Route path=path!("members") view=|| on_board(|board_id| view! { <MembersScreen board_id /> }) />
                    <Route path=path!("rates") view=|| on_board(|board_id| view! { <RatesScreen board_id /> }) />
                    <Route path=path!("history") view=|| on_board(|board_id| view! { <HistoryScreen board_id /> }) />
                    <Route path=path!("timesheet") view=|| on_board(|board_id| view! { <TimesheetScreen board_id /> }) />
                    <Route path=path!("approvals") view=|| on_board(|board_id| view! { <ApprovalsScreen board_id /> }) />
                    <Route path=path!("import") view=|| on_board(|board_id| view! { <ImportScreen board_id /> }) />
                </ProtectedParentRoute>
                <ProtectedRoute path=path!("/notifications") condition=signed_in redirect_path=to_login view=NotificationsScreen />
                <ProtectedRoute path=path!("/settings") condition=signed_in redirect_path=to_login view=SettingsScreen />
                <ProtectedRoute path=path!("/organization") condition=signed_in redirect_path=to_login view=OrganizationScreen />
                <ProtectedRoute path=path!("/invitations/accept") condition=signed_in redirect_path=to_login view=AcceptInvitationScreen />
            </Routes>
        </main>
    }
}

/// The header of a signed-in person: the app's name, the board switcher, the notification bell
/// (unread count, opening the feed), Organisation, Settings, Sign out.
#[component]
fn Header() -> impl IntoView {
    let session = use_session();
    let refresh = use_refresh();
    let location = use_location();
    let navigate = use_navigate();
    let current_board = Memo::new(move |_| location.pathname.with(|path| board_in_path(path)));

    // Re-fetched after the person's own writes (a new board appears in the switcher at once).
    let boards = Fetch::new(move || {
        refresh.get();
        api::boards()
    });

    let on_switch = {
        let navigate = navigate.clone();
        move |event: leptos::ev::Event| {
            let value = event_target_value(&event);
            if let Ok(id) = value.parse::<i64>() {
                navigate(&format!("/boards/{id}"), NavigateOptions::default());
            }
        }
    };
    let on_sign_out = move |_| {
        session::sign_out(&session);
        navigate("/login", NavigateOptions::default());
    };
    let user_name = move || {
        session
            .user
            .with(|user| user.as_ref().map(|user| user.display_name.clone()))
    };
    let words = &text().app;

    view! {
        <header class="site-header">
            <div class="container site-header__inner">
                <A href="/boards" attr:class="brand">{words.app_name}</A>
                <label class="board-switcher">
                    <span class="visually-hidden">{words.switch_board_label}</span>
                    <select data-testid="board-switcher" on:change=on_switch>
                        <option value="" selected=move || current_board.get().is_none()>
                            {words.choose_board_option}
                        </option>
                        {move || {
                            boards
                                .get()
                                .and_then(Result::ok)
                                .map(|page| {
                                    page.items
                                        .into_iter()
                                        .map(|board| {
                                            let id = board.id;
                                            view! {
                                                <option
                                                    value=id.to_string()
                                                    selected=move || current_board.get() == Some(id)
                                                >
                                                    {board.name}
                                                </option>
                                            }
                                        })
                                        .collect_view()
                                })
                        }}
                    </select>
                </label>
                <nav class="site-nav" aria-label=words.account_nav_label>
                    <HeaderTimer />
                    <NotificationBell />
                    <span class="site-nav__user">{user_name}</span>
                    <A href="/organization" attr:data-testid="nav-organization">{words.organization_link}</A>
                    <A href="/settings" attr:data-testid="nav-settings">{words.settings_link}</A>
                    <button type="button" class="button button--light" data-testid="sign-out" on:click=on_sign_out>
                        {words.sign_out_button}
                    </button>
                </nav>
            </div>
        </header>
    }
}

#[cfg(test)]
mod tests {
    use super::board_in_path;

    #[test]
    fn the_board_of_a_path() {
        assert_eq!(board_in_path("/boards/12"), Some(12));
        assert_eq!(board_in_path("/boards/12/budget"), Some(12));
        assert_eq!(board_in_path("/boards"), None);
        assert_eq!(board_in_path("/settings"), None);
        assert_eq!(board_in_path("/boards/x"), None);
    }
}
