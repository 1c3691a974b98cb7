//! The router and the layout: the header (app name, board switcher, the running timer, the notification bell,
//! Settings, Sign out) and the routes. Every route but `/login` needs a session; without one the person is sent to `/login`.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::{ProtectedParentRoute, ProtectedRoute, Route, Router, Routes, A};
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::{path, Lazy, NavigateOptions};

use crate::api;
use crate::components::notification_bell::provide_unread_notifications;
use crate::components::timer::provide_running_timer;
use crate::components::HeaderTimer;
use crate::components::NotificationBell;
use crate::effects::effect;
use crate::pages::board::BoardLayout;
use crate::requests::Fetch;
use crate::screens::*;
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
                <Route path=path!("/login") view={Lazy::<LoginRoute>::new()} />
                <Route path=path!("/password-reset") view={Lazy::<PasswordResetRoute>::new()} />
                <ProtectedRoute path=path!("/") condition=signed_in redirect_path=to_login view=|| Suspend::new(opened(boards_screen())) />
                <ProtectedRoute path=path!("/boards") condition=signed_in redirect_path=to_login view=|| Suspend::new(opened(boards_screen())) />
                <ProtectedParentRoute path=path!("/boards/:board_id") condition=signed_in redirect_path=to_login view=BoardLayout>
                    <Route path=path!("") view={Lazy::<DashboardRoute>::new()} />
                    <Route path=path!("budget") view={Lazy::<BudgetRoute>::new()} />
                    <Route path=path!("tasks") view={Lazy::<TasksRoute>::new()} />
                    <Route path=path!("expenses") view={Lazy::<ExpensesRoute>::new()} />
                    <Route path=path!("analytics") view={Lazy::<AnalyticsRoute>::new()} />
                    <Route path=path!("roi") view={Lazy::<RoiRoute>::new()} />
                    <Route path=path!("what-if") view={Lazy::<WhatIfRoute>::new()} />
                    <Route path=path!("recommendations") view={Lazy::<RecommendationsRoute>::new()} />
                    <Route path=path!("resources") view={Lazy::<ResourcesRoute>::new()} />
                    <Route path=path!("alerts") view={Lazy::<AlertsRoute>::new()} />
                    <Route path=path!("members") view={Lazy::<MembersRoute>::new()} />
                    <Route path=path!("rates") view={Lazy::<RatesRoute>::new()} />
                    <Route path=path!("history") view={Lazy::<HistoryRoute>::new()} />
                    <Route path=path!("timesheet") view={Lazy::<TimesheetRoute>::new()} />
                    <Route path=path!("approvals") view={Lazy::<ApprovalsRoute>::new()} />
                    <Route path=path!("import") view={Lazy::<ImportRoute>::new()} />
                </ProtectedParentRoute>
                <ProtectedRoute path=path!("/notifications") condition=signed_in redirect_path=to_login view=|| Suspend::new(opened(notifications_screen())) />
                <ProtectedRoute path=path!("/settings") condition=signed_in redirect_path=to_login view=|| Suspend::new(opened(settings_screen())) />
                <ProtectedRoute path=path!("/organization") condition=signed_in redirect_path=to_login view=|| Suspend::new(opened(organization_screen())) />
                <ProtectedRoute path=path!("/invitations/accept") condition=signed_in redirect_path=to_login view=|| Suspend::new(opened(accept_invitation_screen())) />
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
