//! The signed-in session: the token (kept in `sessionStorage`, so it lives as long as the browser
//! tab and no longer), the user it belongs to, and the app-wide refresh signal.
//!
//! - [`token`] reads the token for the API client; [`sign_in`] stores it; [`sign_out`] forgets it.
//! - [`SessionContext`] (provided by `App`) holds the user as a signal for the header and pages.
//! - [`use_refresh`]: a counter every page bumps after one of the user's own writes (time logged,
//!   cost edited, budget saved, recommendation acted on…) with [`bump_refresh`]. Resources that
//!   show figures read it, so they re-fetch at once instead of waiting for the next poll.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use budget_contract::auth::{Session, User};
use leptos::prelude::*;

/// How to navigate inside the app, registered by the layout inside the router.
type Navigator = Rc<dyn Fn(&str)>;

thread_local! {
    // The app's one session and refresh signal, reachable from async code that runs after an
    // `.await` (where the reactive owner, and so `use_context`, is gone).
    static SESSION: Cell<Option<SessionContext>> = const { Cell::new(None) };
    static REFRESH: Cell<Option<RwSignal<u32>>> = const { Cell::new(None) };
    static NAVIGATOR: RefCell<Option<Navigator>> = const { RefCell::new(None) };
}

const TOKEN_KEY: &str = "budget-roi.token";
const USER_KEY: &str = "budget-roi.user";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|window| window.session_storage().ok().flatten())
}

/// The session token, from `sessionStorage`; `None` when signed out.
pub fn token() -> Option<String> {
    storage()
        .and_then(|storage| storage.get_item(TOKEN_KEY).ok().flatten())
        .filter(|token| !token.is_empty())
}

/// The user stored with the token, so a reload shows the header at once.
fn stored_user() -> Option<User> {
    storage()
        .and_then(|storage| storage.get_item(USER_KEY).ok().flatten())
        .and_then(|json| crate::api::from_json(&json).ok())
}

/// What the app knows about the signed-in person. `token` mirrors `sessionStorage` so views
/// (the header, route guards) react to signing in and out.
#[derive(Clone, Copy)]
pub struct SessionContext {
    pub user: RwSignal<Option<User>>,
    pub token: RwSignal<Option<String>>,
}

impl SessionContext {
    /// A context from what `sessionStorage` holds (a reload keeps the session).
    pub fn from_storage() -> Self {
        let token = token();
        let user = if token.is_some() { stored_user() } else { None };
        Self {
            user: RwSignal::new(user),
            token: RwSignal::new(token),
        }
    }

    pub fn signed_in(&self) -> bool {
        self.token.get().is_some()
    }
}

/// Creates the session context from storage and provides it; `App` calls this once.
pub fn provide_session() -> SessionContext {
    let context = SessionContext::from_storage();
    provide_context(context);
    SESSION.with(|cell| cell.set(Some(context)));
    context
}

/// The session context provided by `App` (also reachable after an `.await`).
pub fn use_session() -> SessionContext {
    use_context::<SessionContext>()
        .or_else(|| SESSION.with(Cell::get))
        .unwrap_or_else(provide_session)
}

/// Registers how to navigate inside the app (the router's navigate), for code outside the
/// component tree such as the API client's "session expired" redirect.
pub fn set_navigator(navigate: impl Fn(&str) + 'static) {
    NAVIGATOR.with(|cell| *cell.borrow_mut() = Some(Rc::new(navigate)));
}

/// Navigates inside the app; a full page load when the router is not up yet.
pub fn navigate_to(path: &str) {
    let navigate = NAVIGATOR.with(|cell| cell.borrow().clone());
    match navigate {
        Some(navigate) => navigate(path),
        None => {
            if let Some(window) = web_sys::window() {
                let _ = window.location().set_href(path);
            }
        }
    }
}

/// The session has expired (the API answered 401 to a signed-in request): forget it and send
/// the person to the sign-in page with a message.
pub fn expire() {
    let context = use_session();
    let back = sign_in_path();
    sign_out(&context);
    navigate_to(&expired_address(&back));
}

/// The sign-in page, told to bring the person back to the address they are at (path and
/// query: a shared link opens the same view after signing in).
pub fn sign_in_path() -> String {
    let here = web_sys::window().and_then(|window| {
        let location = window.location();
        Some(format!(
            "{}{}",
            location.pathname().ok()?,
            location.search().ok()?
        ))
    });
    sign_in_address(here.as_deref(), |here| {
        web_sys::js_sys::encode_uri_component(here).into()
    })
}

/// The sign-in page for a person at `here` (`encode` escapes it for a query value). On the
/// sign-in page already, it is that very address, so that a second redirect (a protected route
/// noticing the sign-out after an expiry) keeps why the person is there and where they go next.
fn sign_in_address(here: Option<&str>, encode: impl Fn(&str) -> String) -> String {
    match here {
        Some(here) if here == "/login" || here.starts_with("/login?") => here.to_owned(),
        Some(here) if here != "/" => format!("/login?next={}", encode(here)),
        _ => "/login".to_owned(),
    }
}

/// The sign-in page saying the session expired, from the one [`sign_in_path`] gave: its `next`
/// kept, and the message asked for once.
fn expired_address(sign_in: &str) -> String {
    let query = sign_in.strip_prefix("/login?").unwrap_or_default();
    if query.split('&').any(|pair| pair == "expired=1") {
        return format!("/login?{query}");
    }
    match query {
        "" => "/login?expired=1".to_owned(),
        query => format!("/login?expired=1&{query}"),
    }
}

/// Where to go after signing in: `next` when it is an address inside this app (a path, not
/// another site's `//host` or the sign-in page itself), else the boards.
pub fn after_sign_in(next: Option<&str>) -> String {
    match next {
        Some(next)
            if next.starts_with('/')
                && !next.starts_with("//")
                && !next.contains('\\')
                && !next.starts_with("/login") =>
        {
            next.to_owned()
        }
        _ => "/boards".to_owned(),
    }
}

/// Keeps a new session: the token in `sessionStorage`, the user in the context.
pub fn sign_in(session: &Session) {
    if let Some(storage) = storage() {
        let _ = storage.set_item(TOKEN_KEY, &session.access_token);
        if let Ok(json) = serde_json::to_string(&session.user) {
            let _ = storage.set_item(USER_KEY, &json);
        }
    }
    let context = use_session();
    context.token.set(Some(session.access_token.clone()));
    context.user.set(Some(session.user.clone()));
}

/// Records a fresher copy of the user (from `GET /me`).
pub fn remember_user(user: &User) {
    if let Some(storage) = storage() {
        if let Ok(json) = serde_json::to_string(user) {
            let _ = storage.set_item(USER_KEY, &json);
        }
    }
}

/// Forgets the token and the user. The caller navigates.
pub fn clear() {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(TOKEN_KEY);
        let _ = storage.remove_item(USER_KEY);
    }
}

/// Forgets the session everywhere: storage and the context (if called inside the app).
pub fn sign_out(context: &SessionContext) {
    clear();
    context.token.set(None);
    context.user.set(None);
}

/// The app-wide refresh counter (see the module docs). Provided by `App`.
#[derive(Clone, Copy)]
struct Refresh(RwSignal<u32>);

/// Creates the refresh counter and provides it; `App` calls this once.
pub fn provide_refresh() -> RwSignal<u32> {
    let signal = RwSignal::new(0);
    provide_context(Refresh(signal));
    REFRESH.with(|cell| cell.set(Some(signal)));
    signal
}

/// The refresh counter: read it (`.get()`) inside a resource's fetcher to re-fetch whenever any
/// page reports a write; bump it with [`bump_refresh`]. Works after an `.await` too.
pub fn use_refresh() -> RwSignal<u32> {
    use_context::<Refresh>()
        .map(|Refresh(signal)| signal)
        .or_else(|| REFRESH.with(Cell::get))
        .unwrap_or_else(provide_refresh)
}

/// Tells every figure on screen that the user has just changed data.
pub fn bump_refresh() {
    use_refresh().update(|count| *count = count.wrapping_add(1));
}

#[cfg(test)]
mod tests {
    use super::{after_sign_in, expired_address, sign_in_address};

    #[test]
    fn the_sign_in_page_brings_back_to_where_the_person_was_and_keeps_its_own_query() {
        let encode = |here: &str| here.replace('/', "%2F");
        assert_eq!(
            sign_in_address(Some("/boards/3/tasks"), encode),
            "/login?next=%2Fboards%2F3%2Ftasks"
        );
        assert_eq!(sign_in_address(Some("/"), encode), "/login");
        assert_eq!(sign_in_address(None, encode), "/login");
        assert_eq!(sign_in_address(Some("/login"), encode), "/login");
        // A protected route redirecting after an expiry has sent the person here already.
        assert_eq!(
            sign_in_address(Some("/login?expired=1&next=%2Fboards%2F3"), encode),
            "/login?expired=1&next=%2Fboards%2F3"
        );
        assert_eq!(
            sign_in_address(Some("/loginx"), encode),
            "/login?next=%2Floginx"
        );
    }

    #[test]
    fn an_expiry_asks_for_its_message_once_and_keeps_where_to_go_next() {
        assert_eq!(expired_address("/login"), "/login?expired=1");
        assert_eq!(
            expired_address("/login?next=%2Fboards%2F3"),
            "/login?expired=1&next=%2Fboards%2F3"
        );
        assert_eq!(
            expired_address("/login?expired=1&next=%2Fboards%2F3"),
            "/login?expired=1&next=%2Fboards%2F3"
        );
    }

    #[test]
    fn after_signing_in_only_addresses_inside_the_app() {
        assert_eq!(
            after_sign_in(Some("/invitations/accept?token=bri_x")),
            "/invitations/accept?token=bri_x"
        );
        assert_eq!(after_sign_in(Some("/boards/3/tasks")), "/boards/3/tasks");
        assert_eq!(after_sign_in(None), "/boards");
        assert_eq!(after_sign_in(Some("//evil.example")), "/boards");
        assert_eq!(after_sign_in(Some("https://evil.example")), "/boards");
        assert_eq!(after_sign_in(Some("/\\evil.example")), "/boards");
        assert_eq!(after_sign_in(Some("/login?next=/x")), "/boards");
    }
}
