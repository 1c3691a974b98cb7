//! The weekly-grid benchmark: one person's week on a generated board saved again and again as
//! the web app's grid saves it (`PUT /boards/{id}/timesheets/{week}` under `If-Match`, the tag
//! of the previous answer). Each save of the full grid changes every cell (10 tasks × 5
//! working days, between 1.00 and 1.50 hours), so each is 50 entries changed, or created the
//! first time, in one transaction; each save of one cell changes one. Prints the latency of
//! each kind and checks the week's total after the last save.

use std::fmt::Write as _;
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use chrono::NaiveDate;
use serde_json::{json, Value};

/// Tasks and working days of the grid.
pub const TASKS: usize = 10;
const DAYS: u64 = 5;
/// Saves of each kind measured (after one that creates the entries).
pub const SAVES: usize = 40;

/// What the saves measured.
#[derive(Debug)]
pub struct TimesheetResult {
    pub week: NaiveDate,
    /// The first save: every cell's entry created.
    pub first: Duration,
    /// Saves changing every cell.
    pub full: Vec<Duration>,
    /// Saves changing one cell.
    pub single: Vec<Duration>,
    /// The week's total after the last save, as answered, and as expected.
    pub total: String,
    pub expected_total: String,
}

impl TimesheetResult {
    pub fn passed(&self) -> bool {
        self.total == self.expected_total
    }
}

/// The Monday of the week `day` falls in.
pub fn monday_of(day: NaiveDate) -> NaiveDate {
    use chrono::Datelike;
    day - chrono::Days::new(u64::from(day.weekday().num_days_from_monday()))
}

/// The grid's cells at `hours` each.
fn cells(tasks: &[i64], week: NaiveDate, hours: &str) -> Value {
    let cells: Vec<Value> = tasks
        .iter()
        .flat_map(|task| {
            (0..DAYS).map(move |offset| {
                json!({
                    "task_id": task,
                    "work_date": (week + chrono::Days::new(offset)).to_string(),
                    "hours": hours,
                })
            })
        })
        .collect();
    json!({ "cells": cells })
}

/// One save under the tag of the previous answer: its time and the new tag.
async fn save(
    client: &reqwest::Client,
    url: &str,
    token: &str,
    tag: &str,
    body: &Value,
) -> anyhow::Result<(Duration, String, Value)> {
    let started = Instant::now();
    let response = client
        .put(url)
        .bearer_auth(token)
        .header("If-Match", tag)
        .json(body)
        .send()
        .await
        .context("saving the week")?;
    let status = response.status();
    let tag = response
        .headers()
        .get("etag")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let answer: Value = response.json().await.unwrap_or(Value::Null);
    let elapsed = started.elapsed();
    if status.as_u16() != 200 {
        bail!("the save answered {status}: {answer}");
    }
    Ok((elapsed, tag, answer))
}

/// Saves the owner's `week` on `board_id` over `tasks`.
pub async fn run(
    client: &reqwest::Client,
    base: &str,
    token: &str,
    board_id: i64,
    tasks: &[i64],
    week: NaiveDate,
) -> anyhow::Result<TimesheetResult> {
    let url = format!("{base}/api/v1/boards/{board_id}/timesheets/{week}");
    let read = client.get(&url).bearer_auth(token).send().await?;
    let mut tag = read
        .headers()
        .get("etag")
        .and_then(|v| v.to_str().ok())
        .context("the timesheet's ETag")?
        .to_owned();
    let (first, next, _) = save(client, &url, token, &tag, &cells(tasks, week, "1.00")).await?;
    tag = next;
    let mut full = Vec::with_capacity(SAVES);
    let mut hours = "1.00";
    for _ in 0..SAVES {
        hours = if hours == "1.00" { "1.50" } else { "1.00" };
        let (elapsed, next, _) =
            save(client, &url, token, &tag, &cells(tasks, week, hours)).await?;
        full.push(elapsed);
        tag = next;
    }
    let first_task = *tasks.first().context("a task")?;
    let mut single = Vec::with_capacity(SAVES);
    let mut cell = hours;
    let mut answer = Value::Null;
    for _ in 0..SAVES {
        cell = if cell == "1.00" { "1.50" } else { "1.00" };
        let body = json!({"cells": [{"task_id": first_task, "work_date": week.to_string(), "hours": cell}]});
        let (elapsed, next, last) = save(client, &url, token, &tag, &body).await?;
        single.push(elapsed);
        tag = next;
        answer = last;
    }
    // Every cell at `hours`, but the first at `cell`, in hundredths.
    let per_cell: i64 = if hours == "1.00" { 100 } else { 150 };
    let first_cell: i64 = if cell == "1.00" { 100 } else { 150 };
    let cells_count = (tasks.len() as i64) * DAYS as i64;
    let expected = per_cell * (cells_count - 1) + first_cell;
    Ok(TimesheetResult {
        week,
        first,
        full,
        single,
        total: answer["total"].as_str().unwrap_or_default().to_owned(),
        expected_total: format!("{}.{:02}", expected / 100, expected % 100),
    })
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index.min(sorted.len() - 1)].as_secs_f64() * 1000.0
}

/// The result as a Markdown table.
pub fn render(engine: impl std::fmt::Display, board: &str, result: &TimesheetResult) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "### {engine}, weekly timesheet saves\n");
    let _ = writeln!(
        out,
        "The owner's week of {} on the {board} board: {TASKS} tasks × {DAYS} days; the first save \
         creates the 50 entries in {:.1} ms; then {SAVES} saves of each kind, each under the \
         previous answer's ETag; release build. Week total after the last save: {} (expected {}).\n",
        result.week,
        result.first.as_secs_f64() * 1000.0,
        result.total,
        result.expected_total,
    );
    let _ = writeln!(
        out,
        "| save | cells changed | p50 (ms) | p95 (ms) | max (ms) |"
    );
    let _ = writeln!(out, "|---|---:|---:|---:|---:|");
    for (kind, changed, times) in [
        ("whole grid", TASKS * DAYS as usize, &result.full),
        ("one cell", 1, &result.single),
    ] {
        let mut sorted = times.clone();
        sorted.sort();
        let _ = writeln!(
            out,
            "| {kind} | {changed} | {:.1} | {:.1} | {:.1} |",
            percentile(&sorted, 0.5),
            percentile(&sorted, 0.95),
            percentile(&sorted, 1.0),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_week_is_named_by_its_monday() {
        let day = |d| NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
        assert_eq!(monday_of(day(25)), day(23));
        assert_eq!(monday_of(day(23)), day(23));
        assert_eq!(monday_of(day(29)), day(23));
    }

    #[test]
    fn the_grid_lists_every_task_and_working_day() {
        let week = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let body = cells(&[7, 8], week, "1.00");
        let cells = body["cells"].as_array().unwrap();
        assert_eq!(cells.len(), 10);
        assert_eq!(cells[4]["work_date"], "2026-11-27");
        assert_eq!(cells[5]["task_id"], 8);
    }
}
