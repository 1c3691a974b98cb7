//! Choosing one of a board's tasks however many it has: a search box and a list of the tasks
//! whose title contains what is typed (the API finds them as it is typed, the first fifty by
//! title; before anything is typed, the board's first fifty tasks), so a board of thousands of
//! tasks is searched rather than loaded.

use budget_contract::analytics::TaskBreakdownSort;
use leptos::prelude::*;

use crate::api::{self, ApiError, BreakdownFilter};
use crate::components::fields::{field_error_id, FieldError};
use crate::format;
use crate::requests::Fetch;
use crate::text::text;

/// How many matching tasks the list offers at once; more are reached by typing more.
pub const TASKS_OFFERED: u64 = 50;

/// The text under the list: how many tasks match, and how to reach the rest.
pub fn offered_note(offered: usize, total: u64) -> String {
    let words = &text().tasks;
    if total as usize > offered {
        (words.picker_more)(&format::count(offered as u64), &format::count(total))
    } else if total == 0 {
        words.picker_none.to_owned()
    } else {
        String::new()
    }
}

/// A task chosen by its title: `chosen` holds its id and title, `None` until one is chosen.
/// `id` names the list (and, with `-search`, the search box); the API's message for `field`,
/// when given, shows beside them.
#[component]
pub fn TaskPicker(
    board_id: i64,
    id: &'static str,
    chosen: RwSignal<Option<(i64, String)>>,
    /// The option that chooses nothing.
    blank: &'static str,
    #[prop(optional)] field: Option<&'static str>,
    #[prop(optional, into)] error: Option<Signal<Option<ApiError>>>,
    /// The label.
    children: Children,
) -> impl IntoView {
    let words = &text().tasks;
    let search = RwSignal::new(String::new());
    // Each offered task's id and title, and how many match in all.
    let found = Fetch::new(move || {
        let text = search.get().trim().to_owned();
        async move {
            if text.is_empty() {
                // The board's first tasks: the plain list, which costs nothing to compute.
                let page = api::tasks(board_id, TASKS_OFFERED, None).await?;
                let offered = page.items.into_iter().map(|task| (task.id, task.title));
                return Ok::<_, ApiError>((offered.collect::<Vec<_>>(), page.total));
            }
            let filter = BreakdownFilter {
                search: Some(text),
                ..BreakdownFilter::default()
            };
            let sort = TaskBreakdownSort::Title;
            let page = api::task_breakdown(board_id, sort, TASKS_OFFERED, None, filter).await?;
            let offered = page
                .items
                .into_iter()
                .map(|task| (task.task_id, task.title));
            Ok((offered.collect(), page.total))
        }
    });
    let search_id = format!("{id}-search");
    let note_id = format!("{id}-note");
    let described_by = match field {
        Some(field) => format!("{note_id} {}", field_error_id(field)),
        None => note_id.clone(),
    };
    let on_choose = move |event: leptos::ev::Event| {
        let value = event_target_value(&event);
        let title = found
            .get_untracked()
            .and_then(Result::ok)
            .and_then(|(offered, _)| {
                offered
                    .into_iter()
                    .find(|(task, _)| task.to_string() == value)
            });
        chosen.set(title);
    };
    let options = move || {
        let current = chosen.get();
        let mut items = found
            .get()
            .and_then(Result::ok)
            .map(|(offered, _)| offered)
            .unwrap_or_default();
        // The chosen task stays an option while another search runs.
        if let Some((id, title)) = current.clone() {
            if !items.iter().any(|(item, _)| *item == id) {
                items.insert(0, (id, title));
            }
        }
        items
            .into_iter()
            .map(|(task, title)| {
                let selected = current.as_ref().is_some_and(|(id, _)| *id == task);
                view! { <option value=task.to_string() selected=selected>{title}</option> }
            })
            .collect_view()
    };
    let note = move || match found.get() {
        Some(Ok((offered, total))) => offered_note(offered.len(), total),
        Some(Err(error)) => (words.picker_failed)(&error.message),
        None => words.picker_reading.to_owned(),
    };
    let error = error.unwrap_or_else(|| Signal::derive(|| None));
    view! {
        <div class="field task-picker">
            <label for=id>{children()}</label>
            <label class="visually-hidden" for=search_id.clone()>{words.picker_search_label}</label>
            <input
                id=search_id.clone()
                data-testid=search_id
                type="search"
                placeholder=words.picker_search_placeholder
                prop:value=move || search.get()
                on:input=move |event| search.set(event_target_value(&event))
                // Enter searches; it must not submit the form around the picker.
                on:keydown=move |event| {
                    if event.key() == "Enter" {
                        event.prevent_default();
                    }
                }
            />
            <select id=id data-testid=id aria-describedby=described_by on:change=on_choose>
                <option value="" selected=move || chosen.with(Option::is_none)>{blank}</option>
                {options}
            </select>
            <small id=note_id class="muted" data-testid=format!("{id}-note")>{note}</small>
            {field.map(|field| view! { <FieldError error field=field /> })}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::offered_note;

    #[test]
    fn the_note_says_how_to_reach_the_tasks_not_shown() {
        assert_eq!(
            offered_note(50, 5_000),
            "50 of 5,000 tasks shown: type part of a title to find the others."
        );
        assert_eq!(offered_note(36, 36), "");
        assert_eq!(offered_note(0, 0), "No task's title contains this text.");
    }
}
