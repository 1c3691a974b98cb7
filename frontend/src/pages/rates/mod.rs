//! A board's rates, for its admins: the dated cost and billable rates kept at the levels task,
//! person on the board and board, a form to add one, what applies to a person's hour on a task
//! on a day (and the level each rate came from), and repricing: entries keep the prices of the
//! day they were logged, so a rate dated in the past changes nothing until a repricing is
//! previewed and applied (and it can be reverted).

mod repricing;

use budget_contract::board::Member;
use budget_contract::rate::{AppliedRate, Rate, RateLevel, RatesInForce};
use budget_contract::repricing::RepricingRequest;
use chrono::NaiveDate;
use leptos::prelude::*;

use crate::api::{self, currency_of, metrics_resource, ApiError};
use crate::components::rates::{AddRateForm, RateOwner, RateSubjects, RateTable};
use crate::components::{
    joined_read_view, on_answer, BoardHeading, BoardNav, ErrorNotice, FieldError, FormActions,
    TaskPicker, TaskTitles, TextField,
};
use crate::effects::effect;
use crate::format;
use crate::labels;
use crate::requests::{Fetch, Submit};
use crate::session::bump_refresh;
use crate::text::text;
use repricing::{RepricingFilters, RepricingPanel};

#[component]
pub fn RatesScreen(board_id: i64) -> impl IntoView {
    let words = &text().rates;
    let board = Fetch::new(move || api::board(board_id));
    let metrics = metrics_resource(board_id);
    let currency = currency_of(metrics);
    let today = Signal::derive(move || {
        metrics.with(|metrics| {
            metrics
                .as_ref()
                .and_then(|result| result.as_ref().ok())
                .map(|metrics| metrics.as_of)
        })
    });
    let reload = RwSignal::new(0u32);
    let rates = Fetch::new(move || {
        reload.get();
        api::board_rates(board_id)
    });
    let members = Fetch::new(move || api::members(board_id));
    // Tasks are named as the screen meets them (a board may have thousands): the repricings'
    // in their panel; task rates carry their task's title.
    let titles = TaskTitles::new(board_id);
    let subjects = Signal::derive(move || RateSubjects {
        people: members
            .get()
            .and_then(Result::ok)
            .map(people_of)
            .unwrap_or_default(),
        tasks: titles.known(),
    });
    let changed = Callback::new(move |()| {
        reload.update(|count| *count += 1);
        // Rates price the entries logged from now on: other screens should re-read.
        bump_refresh();
    });

    let filters = RepricingFilters::new();
    // A rate dated before today, just added: the repricing it may call for.
    let offer = RwSignal::new(None::<RepricingRequest>);
    let on_added = Callback::new(move |rate: Rate| {
        changed.run(());
        let past = today
            .get_untracked()
            .is_some_and(|today| rate.valid_from < today);
        offer.set(past.then(|| repricing_for(&rate)));
    });
    let preview_offer = move |_| {
        if let Some(request) = offer.get_untracked() {
            filters.fill(&request, titles);
            filters.preview_requested.update(|count| *count += 1);
            offer.set(None);
        }
    };

    view! {
        <section>
            <BoardHeading board section="rates" />
            <BoardNav board_id />
            {move || board.get().and_then(Result::err).map(|error| view! { <ErrorNotice error /> })}
            <section class="card" aria-labelledby="rates-heading">
                <h2 id="rates-heading">{words.heading}</h2>
                <p class="muted">{words.intro}</p>
                {joined_read_view(move || {
                    let currency = currency.get();
                    // Read before the wait, so that titles arriving later show at once.
                    let tasks = titles.known();
                    async move {
                        let list = rates.await?;
                        let names = RateSubjects {
                            people: people_of(members.await?),
                            tasks,
                        };
                        Ok::<_, ApiError>(view! {
                            <RateTable owner=RateOwner::Board(board_id) rates=list subjects=names currency on_change=changed />
                        })
                    }
                })}
            </section>
            <section class="card" aria-labelledby="add-rate-heading">
                <h2 id="add-rate-heading">{words.add_heading}</h2>
                <AddRateForm owner=RateOwner::Board(board_id) subjects today on_added />
                {move || {
                    offer
                        .get()
                        .map(|_| {
                            view! {
                                <div class="notice" role="status" data-testid="repricing-offer">
                                    <p>{words.past_rate_notice}</p>
                                    <button type="button" class="button" data-testid="repricing-offer-preview" on:click=preview_offer>
                                        {words.preview_repricing_button}
                                    </button>
                                </div>
                            }
                        })
                }}
            </section>
            <InForce board_id subjects today />
            <RepricingPanel board_id subjects titles filters on_change=Callback::new(move |()| bump_refresh()) />
        </section>
    }
}

fn people_of(members: Vec<Member>) -> Vec<(i64, String)> {
    members
        .into_iter()
        .map(|member| (member.user_id, member.display_name))
        .collect()
}

/// The repricing a new rate calls for: its days on, and only whom it covers.
fn repricing_for(rate: &Rate) -> RepricingRequest {
    RepricingRequest {
        from: Some(rate.valid_from),
        to: None,
        user_id: (rate.level == RateLevel::BoardMember)
            .then_some(rate.user_id)
            .flatten(),
        task_id: (rate.level == RateLevel::Task)
            .then_some(rate.task_id)
            .flatten(),
    }
}

/// "What applies": the cost and billable rates in force for a person's hour on a task on a
/// day, each with the level it came from.
#[component]
fn InForce(
    board_id: i64,
    subjects: Signal<RateSubjects>,
    today: Signal<Option<NaiveDate>>,
) -> impl IntoView {
    let words = &text().rates;
    let person = RwSignal::new(String::new());
    // Found by its title: a board may have thousands of tasks.
    let task = RwSignal::new(None::<(i64, String)>);
    let day = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let answer = RwSignal::new(None::<RatesInForce>);
    effect(move || {
        if let Some(today) = today.get() {
            if day.with_untracked(String::is_empty) {
                day.set(today.to_string());
            }
        }
    });
    let ask = Submit::new(move |(user, task, on): &(i64, i64, NaiveDate)| {
        let (user, task, on) = (*user, *task, *on);
        api::rates_in_force(board_id, user, task, on)
    });
    on_answer(ask, error, move |rates| answer.set(Some(rates)));
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let user = person.get_untracked().parse::<i64>().ok();
        let task_id = task.get_untracked().map(|(id, _)| id);
        let on = format::parse_date(&day.get_untracked());
        match (user, task_id, on) {
            (Some(user), Some(task_id), Some(on)) => {
                ask.dispatch((user, task_id, on));
            }
            _ => {
                let mut invalid = Vec::new();
                if user.is_none() {
                    invalid.push(("user_id", words.choose_person));
                }
                if task_id.is_none() {
                    invalid.push(("task_id", words.choose_task));
                }
                if on.is_none() {
                    invalid.push(("on", words.enter_day));
                }
                error.set(Some(ApiError::local(invalid)));
            }
        }
    };
    let field_error = Signal::derive(move || error.get());
    let select = move |id: &'static str,
                       field: &'static str,
                       label: &'static str,
                       value: RwSignal<String>| {
        view! {
            <div class="field">
                <label for=id>{label}</label>
                <select id=id data-testid=id on:change=move |event| value.set(event_target_value(&event))>
                    <option value="" selected=move || value.with(String::is_empty)>{words.choose_option}</option>
                    {move || {
                        subjects
                            .with(|subjects| subjects.people.clone())
                            .into_iter()
                            .map(|(option, name)| {
                                let text = option.to_string();
                                let chosen = text.clone();
                                view! {
                                    <option value=text selected=move || value.with(|value| *value == chosen)>{name}</option>
                                }
                            })
                            .collect_view()
                    }}
                </select>
                <FieldError error=field_error field=field />
            </div>
        }
    };
    let side = move |label: &'static str, applied: Option<AppliedRate>| {
        let text = match applied {
            Some(applied) => (words.applied_rate)(
                &format::money(&applied.rate, Some(&applied.currency)),
                labels::rate_level(applied.level),
                &format::date(applied.valid_from),
            ),
            None => words.no_rate_applies.to_owned(),
        };
        view! {
            <dt>{label}</dt>
            <dd>{text}</dd>
        }
    };

    view! {
        <section class="card" aria-labelledby="in-force-heading">
            <h2 id="in-force-heading">{words.in_force_heading}</h2>
            <p class="muted">{words.in_force_intro}</p>
            <form class="form-grid" on:submit=on_submit novalidate=true>
                {select("in-force-person", "user_id", words.person_label, person)}
                <TaskPicker board_id id="in-force-task" chosen=task blank=words.choose_option field="task_id" error=field_error>
                    {words.task_label}
                </TaskPicker>
                <TextField id="in-force-day" testid="in-force-day" field="on" value=day error=field_error kind="date">
                    {words.day_label}
                </TextField>
                <FormActions pending=ask.pending() label=words.show_rates_button pending_label=words.show_rates_pending testid="in-force-submit" error=field_error />
            </form>
            {move || {
                answer
                    .get()
                    .map(|rates| {
                        view! {
                            <dl class="facts" data-testid="in-force-answer">
                                {side(words.cost_rate, rates.cost)}
                                {side(words.billable_rate, rates.billable)}
                            </dl>
                        }
                    })
            }}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;

    fn rate(level: RateLevel, user_id: Option<i64>, task_id: Option<i64>) -> Rate {
        Rate {
            id: 1,
            level,
            organization_id: None,
            board_id: Some(3),
            task_id,
            task_title: None,
            user_id,
            valid_from: NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
            cost_rate: None,
            cost_currency: None,
            billable_rate: None,
            billable_currency: None,
            created_by: None,
            created_at: Utc::now(),
        }
    }

    #[test]
    fn a_new_rate_calls_for_repricing_only_whom_it_covers_from_its_day() {
        let day = NaiveDate::from_ymd_opt(2026, 3, 1);
        let member = repricing_for(&rate(RateLevel::BoardMember, Some(7), None));
        assert_eq!((member.from, member.to), (day, None));
        assert_eq!((member.user_id, member.task_id), (Some(7), None));
        let task = repricing_for(&rate(RateLevel::Task, None, Some(9)));
        assert_eq!((task.user_id, task.task_id), (None, Some(9)));
        let board = repricing_for(&rate(RateLevel::Board, None, None));
        assert_eq!((board.user_id, board.task_id), (None, None));
    }
}
