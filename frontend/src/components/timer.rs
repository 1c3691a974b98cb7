//! The signed-in person's running timer: read from the API at sign-in and after each of the
//! person's own writes (the server holds it, so it survives a reload), shown in the header of
//! every screen (the task, the elapsed time ticking each second, a flag once it is past its
//! cap, Stop and Discard); and the button a task offers to start one there.

use std::time::Duration;

use budget_contract::timer::{Timer, TimerStart};
use leptos::prelude::*;

use crate::api::{self, idempotency_key, ApiError};
use crate::components::{on_answer, ErrorNotice};
use crate::effects::effect;
use crate::format;
use crate::requests::{Fetch, Submit};
use crate::session::{bump_refresh, use_refresh, use_session};
use crate::text::text;

/// A timer as last read, with the browser's clock (milliseconds) when it was read: the
/// elapsed time shown is the server's at that moment plus what the browser has counted since,
/// so a browser clock set wrong does not change it.
type Reading = (Timer, i64);

/// The running timer the layout reads and shares; `None` while none runs (or signed out).
#[derive(Clone, Copy, Debug)]
pub struct RunningTimer(pub RwSignal<Option<Reading>>);

fn browser_millis() -> i64 {
    crate::clock::now().timestamp_millis()
}

/// The browser's offset from UTC now, in minutes east of UTC (what a timer splits its days by).
fn utc_offset_minutes() -> i32 {
    #[cfg(target_arch = "wasm32")]
    {
        // `getTimezoneOffset` is minutes west of UTC.
        -(js_sys::Date::new_0().get_timezone_offset() as i32)
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        0
    }
}

/// Reads the running timer at sign-in and after each of the person's own writes (starting,
/// stopping and discarding bump the refresh signal) and provides it; the layout calls this once.
pub fn provide_running_timer() -> RunningTimer {
    let session = use_session();
    let refresh = use_refresh();
    let state = RwSignal::new(None::<Reading>);
    let read = Fetch::new(move || {
        refresh.track();
        let signed_in = session.token.get().is_some();
        async move {
            if signed_in {
                api::current_timer()
                    .await
                    .map(|current| current.timer.map(|timer| (timer, browser_millis())))
            } else {
                Ok(None)
            }
        }
    });
    // A failed read keeps what was last known.
    effect(move || {
        if let Some(Ok(reading)) = read.get() {
            state.set(reading);
        }
    });
    let running = RunningTimer(state);
    provide_context(running);
    running
}

/// The running timer provided by the layout (an empty one outside it).
pub fn use_running_timer() -> RwSignal<Option<Reading>> {
    use_context::<RunningTimer>()
        .map(|RunningTimer(state)| state)
        .unwrap_or_else(|| RwSignal::new(None))
}

/// Seconds a reading's timer has run by `now_millis` on the browser's clock.
pub fn elapsed_at(reading: &Reading, now_millis: i64) -> i64 {
    let (timer, read_at) = reading;
    timer.elapsed_seconds + (now_millis - read_at).max(0) / 1_000
}

/// Whether a reading's timer has run past its cap by `elapsed` seconds.
pub fn past_cap(timer: &Timer, elapsed: i64) -> bool {
    timer.past_cap || elapsed > (timer.cap_at - timer.started_at).num_seconds()
}

/// The header's timer: nothing while none runs; else the task, the elapsed time (ticking), a
/// "past its cap" flag, Stop (logs the time) and Discard (logs nothing). After a stop, what was
/// logged.
#[component]
pub fn HeaderTimer() -> impl IntoView {
    let words = &text().timer;
    let running = use_running_timer();
    let tick = RwSignal::new(0u32);
    if let Ok(handle) = set_interval_with_handle(
        move || tick.update(|count| *count = count.wrapping_add(1)),
        Duration::from_secs(1),
    ) {
        on_cleanup(move || handle.clear());
    }
    let error = RwSignal::new(None::<ApiError>);
    let logged = RwSignal::new(None::<String>);
    let stop = Submit::new(|_: &()| api::stop_timer());
    on_answer(stop, error, move |stopped| {
        running.set(None);
        let hours: Vec<String> = stopped
            .entries
            .iter()
            .map(|entry| {
                (words.logged_hours)(&format::hours(&entry.hours), &format::date(entry.work_date))
            })
            .collect();
        let task = &stopped.timer.task_title;
        let message = if stopped.capped {
            (words.logged_past_cap)(&hours, task, &format::hours(&stopped.uncounted_hours))
        } else {
            (words.logged)(&hours, task)
        };
        logged.set(Some(message));
        bump_refresh();
    });
    let discard = Submit::new(|_: &()| api::discard_timer());
    on_answer(discard, error, move |()| {
        running.set(None);
        logged.set(Some(words.discarded.to_owned()));
        bump_refresh();
    });
    let busy = move || stop.pending().get() || discard.pending().get();

    view! {
        <div class="header-timer-area">
            {move || {
                running
                    .get()
                    .map(|reading| {
                        let timer = reading.0.clone();
                        let elapsed = Signal::derive(move || {
                            tick.track();
                            elapsed_at(&reading, browser_millis())
                        });
                        let capped_timer = timer.clone();
                        let over = move || past_cap(&capped_timer, elapsed.get());
                        let label = (words.running_label)(&timer.task_title);
                        view! {
                            <div class="header-timer" data-testid="header-timer" role="group" aria-label=label>
                                <a
                                    class="header-timer__task"
                                    href=format!("/boards/{}/tasks", timer.board_id)
                                    data-testid="header-timer-task"
                                    title=timer.board_name.clone()
                                >
                                    {timer.task_title.clone()}
                                </a>
                                <span class="header-timer__elapsed" data-testid="header-timer-elapsed" aria-live="off">
                                    {move || format::elapsed(elapsed.get())}
                                </span>
                                <Show when=over>
                                    <span class="badge badge--rule-fired" data-testid="header-timer-past-cap">
                                        {words.past_cap_badge}
                                    </span>
                                </Show>
                                <button
                                    type="button"
                                    class="button button--light"
                                    data-testid="header-timer-stop"
                                    disabled=busy
                                    on:click=move |_| {
                                        logged.set(None);
                                        stop.dispatch(());
                                    }
                                >
                                    {words.stop_button}
                                </button>
                                <button
                                    type="button"
                                    class="button button--light"
                                    data-testid="header-timer-discard"
                                    disabled=busy
                                    on:click=move |_| {
                                        logged.set(None);
                                        discard.dispatch(());
                                    }
                                >
                                    {words.discard_button}
                                </button>
                            </div>
                        }
                    })
            }}
            {move || {
                logged
                    .get()
                    .map(|text| view! { <span class="header-timer__logged" role="status" data-testid="header-timer-logged">{text}</span> })
            }}
            {move || error.get().map(|error| view! { <ErrorNotice error=error /> })}
        </div>
    }
}

/// Starts the person's timer on a task (a timer running elsewhere is stopped and logged first);
/// shows "Timer running" while it runs on this task.
#[component]
pub fn StartTimer(board_id: i64, task_id: i64) -> impl IntoView {
    let words = &text().timer;
    let running = use_running_timer();
    let error = RwSignal::new(None::<ApiError>);
    let start = Submit::new(move |key: &String| {
        let key = key.clone();
        async move {
            let body = TimerStart {
                description: None,
                is_billable: None,
                utc_offset_minutes: Some(utc_offset_minutes()),
            };
            api::start_timer(board_id, task_id, &body, &key).await
        }
    });
    on_answer(start, error, move |started| {
        running.set(Some((started.timer, browser_millis())));
        bump_refresh();
    });
    let here = move || {
        running.with(|reading| {
            reading
                .as_ref()
                .is_some_and(|(timer, _)| timer.task_id == task_id)
        })
    };
    view! {
        <div class="start-timer">
            <button
                type="button"
                class="button"
                data-testid="start-timer"
                disabled=move || here() || start.pending().get()
                on:click=move |_| {
                    start.dispatch(idempotency_key());
                }
            >
                {move || if here() { words.running_button } else { words.start_button }}
            </button>
            {move || error.get().map(|error| view! { <ErrorNotice error=error /> })}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn timer(elapsed_seconds: i64, past_cap: bool) -> Timer {
        Timer {
            board_id: 1,
            board_name: "Board".to_owned(),
            task_id: 2,
            task_title: "Task".to_owned(),
            started_at: "2026-11-25T08:00:00Z".parse().unwrap(),
            utc_offset_minutes: 0,
            description: String::new(),
            is_billable: true,
            elapsed_seconds,
            cap_at: "2026-11-25T20:00:00Z".parse().unwrap(),
            past_cap,
        }
    }

    #[test]
    fn the_elapsed_time_counts_on_from_the_servers_reading() {
        let reading = (timer(100, false), 1_000_000);
        assert_eq!(elapsed_at(&reading, 1_000_000), 100);
        assert_eq!(elapsed_at(&reading, 1_002_999), 102);
        // A browser clock that went back counts nothing.
        assert_eq!(elapsed_at(&reading, 900_000), 100);
    }

    #[test]
    fn a_timer_is_past_its_cap_once_it_has_run_longer() {
        assert!(!past_cap(&timer(0, false), 43_200));
        assert!(past_cap(&timer(0, false), 43_201));
        assert!(past_cap(&timer(50_000, true), 0));
    }
}
