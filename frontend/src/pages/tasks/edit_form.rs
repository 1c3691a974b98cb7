//! Editing a task's details (title, status, priority, assignee, progress, due date) and deleting
//! it. Editors and admins edit; only admins delete (with the time and costs logged on it), after
//! confirming. Viewers see the details and no controls. Each write sends the version it read, so
//! a change made meanwhile by someone else is refused (412) and explained, never overwritten.

use budget_contract::board::{BoardRole, Member};
use budget_contract::task::{Priority, Task, TaskInput, TaskStatus};
use leptos::prelude::*;

use crate::api::{self, ApiError};
use crate::components::{on_answer, read_view, ConfirmDelete, FormActions, FormError, TextField};
use crate::effects::effect;
use crate::format;
use crate::labels;
use crate::requests::{Fetch, Submit};
use crate::session::bump_refresh;
use crate::text::text;

/// The task's details form; `on_deleted` runs once the task is gone.
#[component]
pub fn TaskEditForm(
    board_id: i64,
    task_id: i64,
    role: Signal<Option<BoardRole>>,
    members: Fetch<Vec<Member>>,
    on_deleted: impl Fn() + Copy + 'static,
) -> impl IntoView {
    let task = Fetch::new(move || api::task(board_id, task_id));
    let deleted = RwSignal::new(false);
    effect(move || {
        if deleted.get() {
            on_deleted();
        }
    });
    view! {
        {read_view(task, move |task| {
            view! { <Fields board_id role members task deleted /> }
        })}
    }
}

#[component]
fn Fields(
    board_id: i64,
    task: Task,
    role: Signal<Option<BoardRole>>,
    members: Fetch<Vec<Member>>,
    deleted: RwSignal<bool>,
) -> impl IntoView {
    let words = &text().tasks;
    let task_id = task.id;
    let version = RwSignal::new(task.version);
    let title = RwSignal::new(task.title.clone());
    let status = RwSignal::new(task.status);
    let priority = RwSignal::new(task.priority);
    let assignee = RwSignal::new(task.assignee_id);
    let progress = RwSignal::new(task.progress.to_string());
    let due = RwSignal::new(task.due_date.map(|d| d.to_string()).unwrap_or_default());
    let error = RwSignal::new(None::<ApiError>);
    let saved = RwSignal::new(None::<String>);
    let confirming = RwSignal::new(false);

    let save = Submit::new(move |input: &TaskInput| {
        let version = version.get_untracked();
        api::replace_task(board_id, task_id, version, input)
    });
    on_answer(save, error, move |task: Task| {
        version.set(task.version);
        progress.set(task.progress.to_string());
        saved.set(Some(words.task_saved.to_owned()));
        bump_refresh();
    });
    let delete = Submit::new(move |_: &()| {
        let version = version.get_untracked();
        api::delete_task(board_id, task_id, version)
    });
    on_answer(delete, error, move |()| {
        bump_refresh();
        deleted.set(true);
    });
    effect(move || {
        if error.get().is_some() {
            confirming.set(false);
        }
    });

    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        saved.set(None);
        let mut problems = Vec::new();
        let text = title.get_untracked();
        if text.trim().is_empty() {
            problems.push(("title", words.empty_title_message.to_owned()));
        }
        let progress_value = match progress.get_untracked().trim().parse::<i32>() {
            Ok(value) => Some(value),
            Err(_) => {
                problems.push(("progress", words.progress_message.to_owned()));
                None
            }
        };
        let due_date = match format::parse_optional_date(&due.get_untracked()) {
            Ok(date) => date,
            Err(message) => {
                problems.push(("due_date", message));
                None
            }
        };
        if !problems.is_empty() {
            error.set(Some(ApiError::local(problems)));
            return;
        }
        save.dispatch(TaskInput {
            title: text.trim().to_owned(),
            status: status.get_untracked(),
            progress: progress_value,
            priority: priority.get_untracked(),
            assignee_id: assignee.get_untracked(),
            due_date,
        });
    };
    let error_signal: Signal<Option<ApiError>> = error.into();
    let may_edit = move || role.get().is_some_and(|role| role >= BoardRole::Editor);
    let may_delete = move || role.get() == Some(BoardRole::Admin);

    let status_options = move || {
        TaskStatus::ALL
            .iter()
            .map(|option| {
                let option = *option;
                view! {
                    <option value=option.as_str() selected=move || status.get() == option>
                        {labels::task_status(option)}
                    </option>
                }
            })
            .collect_view()
    };
    let priority_options = move || {
        Priority::ALL
            .iter()
            .map(|option| {
                let option = *option;
                view! {
                    <option value=option.as_str() selected=move || priority.get() == option>
                        {labels::priority(option)}
                    </option>
                }
            })
            .collect_view()
    };
    let assignee_options = move || {
        let people = members.get().and_then(Result::ok).unwrap_or_default();
        let mut options = vec![view! {
            <option value="" selected=move || assignee.get().is_none()>{words.nobody}</option>
        }
        .into_any()];
        options.extend(people.into_iter().map(|m| {
            let id = m.user_id;
            view! {
                <option value=id.to_string() selected=move || assignee.get() == Some(id)>
                    {m.display_name}
                </option>
            }
            .into_any()
        }));
        options
    };

    view! {
        <form class="form-grid" on:submit=submit novalidate=true data-testid="task-edit-form">
            <fieldset disabled=move || !may_edit() class="fieldset--plain">
                <legend class="visually-hidden">{words.details_legend}</legend>
                <TextField id="task-title" testid="task-title" field="title" value=title error=error_signal maxlength=200 class="field field--wide">
                    {words.title_label}
                </TextField>
                <div class="field">
                    <label for="task-status">{words.status_label}</label>
                    <select
                        id="task-status"
                        data-testid="task-status"
                        on:change=move |event| {
                            if let Ok(value) = event_target_value(&event).parse() {
                                status.set(value);
                            }
                        }
                    >
                        {status_options}
                    </select>
                </div>
                <div class="field">
                    <label for="task-priority">{words.priority_label}</label>
                    <select
                        id="task-priority"
                        data-testid="task-priority"
                        on:change=move |event| {
                            if let Ok(value) = event_target_value(&event).parse() {
                                priority.set(value);
                            }
                        }
                    >
                        {priority_options}
                    </select>
                </div>
                <div class="field">
                    <label for="task-assignee">{words.assignee_label}</label>
                    <select
                        id="task-assignee"
                        data-testid="task-assignee"
                        on:change=move |event| assignee.set(event_target_value(&event).parse().ok())
                    >
                        {assignee_options}
                    </select>
                </div>
                <TextField id="task-progress" testid="task-progress" field="progress" value=progress error=error_signal inputmode="numeric" class="field">
                    {words.progress_label}
                </TextField>
                <TextField id="task-due" testid="task-due" field="due_date" value=due error=error_signal kind="date">
                    {words.due_date_label}
                </TextField>
            </fieldset>
            {move || {
                may_edit()
                    .then(|| {
                        view! {
                            <FormActions
                                pending=save.pending()
                                label=words.save_task_button
                                pending_label=words.saving
                                testid="task-save"
                                saved=saved
                            />
                        }
                    })
            }}
            <FormError error=error_signal />
            {move || {
                may_delete()
                    .then(|| {
                        view! {
                            <div class="actions">
                                <ConfirmDelete
                                    question=words.delete_task_confirm
                                    testid="task"
                                    confirming=confirming
                                    pending=delete.pending()
                                    on_confirm=move |()| {
                                        delete.dispatch(());
                                    }
                                />
                            </div>
                        }
                    })
            }}
        </form>
    }
}
