//! A board's history: the audit trail, newest first, for the board's admins. Each change shows
//! who made it, when, and what it changed (before → after), filtered by what changed and read
//! fifty at a time.

use budget_contract::audit::{AuditEvent, AuditKind};
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::Value;

use crate::api::{self, ApiError};
use crate::components::{read_view, BoardHeading, BoardNav, Empty, ErrorNotice};
use crate::effects::effect;
use crate::format;
use crate::labels;
use crate::requests::Fetch;
use crate::routing::{use_url_view, UrlView};
use crate::text::text;
use crate::url::QueryString;

/// The kind of change shown, kept in the screen's URL (`?kind=…`); every change without one.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HistoryView {
    pub kind: Option<String>,
}

impl UrlView for HistoryView {
    fn from_params(param: impl Fn(&str) -> Option<String>) -> Self {
        Self {
            kind: param("kind").filter(|kind| kind.parse::<AuditKind>().is_ok()),
        }
    }

    fn to_search(&self) -> String {
        QueryString::new()
            .add("kind", self.kind.as_deref())
            .render()
    }
}

#[component]
pub fn HistoryScreen(board_id: i64) -> impl IntoView {
    let words = &text().history;
    let board = Fetch::new(move || api::board(board_id));
    let (view, choose) = use_url_view::<HistoryView>();
    let kind = Memo::new(move |_| view.with(|view| view.kind.clone()));
    let first_page = Fetch::new(move || {
        let kind = kind.get();
        api::audit_trail(board_id, kind.as_deref(), None)
    });
    // Pages read with "More", after the first; the cursor of the next one once any was read.
    let more = RwSignal::new(Vec::<AuditEvent>::new());
    let more_cursor = RwSignal::new(None::<Option<String>>);
    let more_error = RwSignal::new(None::<ApiError>);
    let loading_more = RwSignal::new(false);
    // Another kind reads from its first page.
    effect(move || {
        kind.track();
        more.set(Vec::new());
        more_cursor.set(None);
        more_error.set(None);
    });
    let on_kind = move |event: leptos::ev::Event| {
        let value = event_target_value(&event);
        choose.run(HistoryView {
            kind: (!value.is_empty()).then_some(value),
        });
    };
    let load_more = move |cursor: String| {
        loading_more.set(true);
        spawn_local(async move {
            let kind = kind.get_untracked();
            match api::audit_trail(board_id, kind.as_deref(), Some(&cursor)).await {
                Ok(page) => {
                    more.update(|events| events.extend(page.items));
                    more_cursor.set(Some(page.next_cursor));
                    more_error.set(None);
                }
                Err(error) => more_error.set(Some(error)),
            }
            loading_more.set(false);
        });
    };

    view! {
        <section>
            <BoardHeading board section="history" />
            <BoardNav board_id />
            <section class="card">
                <h2>{words.heading}</h2>
                <p class="muted">{words.intro}</p>
                <label>
                    {words.kind_filter_label}
                    <select data-testid="history-kind" on:change=on_kind>
                        <option value="" selected=move || kind.with(Option::is_none)>{words.every_change}</option>
                        {AuditKind::ALL
                            .iter()
                            .copied()
                            .map(AuditKind::as_str)
                            .map(|shown| view! {
                                <option
                                    value=shown
                                    selected=move || kind.with(|kind| kind.as_deref() == Some(shown))
                                >
                                    {labels::audit_kind(shown)}
                                </option>
                            })
                            .collect_view()}
                    </select>
                </label>
                {read_view(first_page, move |page| {
                                    let first_cursor = page.next_cursor.clone();
                                    if page.items.is_empty() {
                                        return view! { <Empty message=words.empty /> }
                                            .into_any();
                                    }
                                    let next = move || more_cursor.get().unwrap_or_else(|| first_cursor.clone());
                                    view! {
                                        <div class="table-wrap" tabindex="0">
                                            <table data-testid="history-table">
                                                <thead>
                                                    <tr>
                                                        <th scope="col">{words.when_column}</th>
                                                        <th scope="col">{words.who_column}</th>
                                                        <th scope="col">{words.what_column}</th>
                                                        <th scope="col">{words.change_column}</th>
                                                    </tr>
                                                </thead>
                                                <tbody>
                                                    {page.items.into_iter().map(|event| view! { <EventRow event /> }).collect_view()}
                                                    {move || more.get().into_iter().map(|event| view! { <EventRow event /> }).collect_view()}
                                                </tbody>
                                            </table>
                                        </div>
                                        {move || more_error.get().map(|error| view! { <ErrorNotice error /> })}
                                        {move || next().map(|cursor| view! {
                                            <button
                                                type="button"
                                                data-testid="history-more"
                                                disabled=move || loading_more.get()
                                                on:click=move |_| load_more(cursor.clone())
                                            >
                                                {move || if loading_more.get() { words.loading } else { words.more_button }}
                                            </button>
                                        })}
                                    }
                                        .into_any()
                })}
            </section>
        </section>
    }
}

#[component]
fn EventRow(event: AuditEvent) -> impl IntoView {
    let words = &text().history;
    let who = event
        .actor_name
        .clone()
        .or_else(|| event.actor_id.map(words.user_fallback))
        .unwrap_or_else(|| words.deleted_account.to_owned());
    let changes = changes(event.before.as_ref(), event.after.as_ref());
    view! {
        <tr data-testid="history-event" data-kind=event.kind.clone() data-action=event.action.clone()>
            <td>{format::timestamp(event.at)}</td>
            <td title=event.actor_email.clone()>{who}</td>
            <td>
                {(words.what)(&labels::audit_kind(&event.kind), &labels::audit_action(&event.action), event.entity_id)}
            </td>
            <td>
                <ul class="changes">
                    {changes
                        .into_iter()
                        .map(|(field, before, after)| {
                            view! {
                                <li>
                                    <strong>{labels::audit_field(&field)}</strong>
                                    ": "
                                    {before.unwrap_or_else(|| "—".to_owned())}
                                    " → "
                                    {after.unwrap_or_else(|| "—".to_owned())}
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </td>
        </tr>
    }
}

/// The fields that differ between `before` and `after` (objects as the API showed them), each
/// with its value before and after; absent on one side shows as `None`. Timestamps of the
/// record itself are left out: they change with every write.
fn changes(
    before: Option<&Value>,
    after: Option<&Value>,
) -> Vec<(String, Option<String>, Option<String>)> {
    let empty = serde_json::Map::new();
    let fields = |value: Option<&Value>| value.and_then(Value::as_object).unwrap_or(&empty).clone();
    let (before, after) = (fields(before), fields(after));
    let mut names: Vec<&String> = before.keys().chain(after.keys()).collect();
    names.sort();
    names.dedup();
    names
        .into_iter()
        .filter(|name| !matches!(name.as_str(), "updated_at" | "created_at"))
        .filter(|name| before.get(*name) != after.get(*name))
        .map(|name| {
            (
                name.clone(),
                before.get(name).and_then(shown),
                after.get(name).and_then(shown),
            )
        })
        .collect()
}

/// A recorded value as text: strings without quotes; null as absent.
fn shown(value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(text) => Some(text.clone()),
        other => Some(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn an_update_shows_only_the_fields_that_changed() {
        let before = json!({"role": "viewer", "hourly_rate": "40.00", "email": "bob@example.com"});
        let after = json!({"role": "editor", "hourly_rate": null, "email": "bob@example.com"});
        assert_eq!(
            changes(Some(&before), Some(&after)),
            vec![
                ("hourly_rate".to_owned(), Some("40.00".to_owned()), None),
                (
                    "role".to_owned(),
                    Some("viewer".to_owned()),
                    Some("editor".to_owned())
                ),
            ]
        );
    }

    #[test]
    fn a_deletion_shows_what_was_removed() {
        let before =
            json!({"title": "Build", "time_entries": 2, "updated_at": "2026-11-25T10:00:00Z"});
        assert_eq!(
            changes(Some(&before), None),
            vec![
                ("time_entries".to_owned(), Some("2".to_owned()), None),
                ("title".to_owned(), Some("Build".to_owned()), None),
            ]
        );
    }

    #[test]
    fn the_kind_in_the_url_is_one_of_the_kinds() {
        use crate::routing::UrlView;
        let view =
            HistoryView::from_params(|name| (name == "kind").then(|| "task_cost".to_owned()));
        assert_eq!(view.kind.as_deref(), Some("task_cost"));
        assert_eq!(view.to_search(), "?kind=task_cost");
        let unknown = HistoryView::from_params(|_| Some("nonsense".to_owned()));
        assert_eq!(unknown, HistoryView::default());
        assert_eq!(unknown.to_search(), "");
    }
}
