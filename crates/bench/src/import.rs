//! The import benchmark: one CSV file of time entries (Toggl Track's detailed report, 100,000
//! rows by default) sent to `POST /boards/{id}/imports` with `create_missing_tasks=true`, then
//! its progress polled at `GET …/imports/{import_id}` until it is done. Measures the request
//! (reading and judging every row) and the whole import (until every entry is written), and
//! checks that every row was created.
//!
//! The rows fall before the generated board's history, eight a day per person (9.00 hours in
//! all), so none is refused for the 24-hours-a-day rule; their tasks are 100 new titles.

use std::fmt::Write as _;
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use chrono::NaiveDate;
use serde_json::Value;

use budget_seed::sized::PEOPLE;

/// Entries per person and day, of 15 to 120 minutes (9 hours a day).
const ROWS_PER_DAY: usize = 8;
const TASKS: usize = 100;

/// What one import measured.
#[derive(Debug)]
pub struct ImportResult {
    pub rows: usize,
    pub bytes: usize,
    /// Until the answer (202): the file read, parsed and judged.
    pub accepted_after: Duration,
    /// Until the import reported `done`.
    pub total: Duration,
    pub created: u64,
    pub refused: u64,
    pub status: String,
    /// How many progress reads showed a count between 0 and the total.
    pub progress_seen: usize,
}

impl ImportResult {
    pub fn rows_per_second(&self) -> f64 {
        self.rows as f64 / self.total.as_secs_f64().max(f64::EPSILON)
    }

    pub fn passed(&self) -> bool {
        self.status == "done" && self.created == self.rows as u64 && self.refused == 0
    }
}

/// A Toggl Track detailed report of `rows` rows by the five people, on days up to `last_day`.
pub fn toggl_file(rows: usize, last_day: NaiveDate) -> String {
    let mut csv = String::with_capacity(rows * 140);
    csv.push_str(
        "User,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,\
         End time,Duration,Tags,Amount (USD)\r\n",
    );
    let per_day = PEOPLE.len() * ROWS_PER_DAY;
    for index in 0..rows {
        let person = &PEOPLE[(index / ROWS_PER_DAY) % PEOPLE.len()];
        let slot = index % ROWS_PER_DAY;
        let day = last_day - chrono::Days::new((index / per_day) as u64);
        let minutes = 15 * (slot + 1);
        let task = (index * 7) % TASKS;
        let billable = if index % 5 == 0 { "No" } else { "Yes" };
        let _ = write!(
            csv,
            "{},{},Bench,Imported,Imported task {task},Row {index},{billable},{day},09:00:00,\
             {day},10:00:00,{}:{:02}:00,,\r\n",
            person.display_name,
            person.email,
            minutes / 60,
            minutes % 60,
        );
    }
    csv
}

/// Sends `csv` and waits for the import to finish.
pub async fn run(
    client: &reqwest::Client,
    base: &str,
    token: &str,
    board_id: i64,
    csv: String,
    rows: usize,
) -> anyhow::Result<ImportResult> {
    let bytes = csv.len();
    let started = Instant::now();
    let response = client
        .post(format!(
            "{base}/api/v1/boards/{board_id}/imports?create_missing_tasks=true"
        ))
        .bearer_auth(token)
        .header("content-type", "text/csv")
        .timeout(Duration::from_secs(300))
        .body(csv)
        .send()
        .await
        .context("sending the file")?;
    let accepted_after = started.elapsed();
    let status = response.status();
    let body: Value = response.json().await.unwrap_or(Value::Null);
    if status.as_u16() != 202 {
        bail!("the import answered {status}: {body}");
    }
    let id = body["id"].as_i64().context("the import's id")?;
    let mut progress_seen = 0;
    loop {
        let report: Value = client
            .get(format!("{base}/api/v1/boards/{board_id}/imports/{id}"))
            .bearer_auth(token)
            .send()
            .await?
            .json()
            .await?;
        let done = report["rows_done"].as_u64().unwrap_or(0);
        if report["status"] != "running" {
            return Ok(ImportResult {
                rows,
                bytes,
                accepted_after,
                total: started.elapsed(),
                created: report["accepted"].as_u64().unwrap_or(0),
                refused: report["refused"].as_u64().unwrap_or(0),
                status: report["status"].as_str().unwrap_or_default().to_owned(),
                progress_seen,
            });
        }
        if done > 0 && done < rows as u64 {
            progress_seen += 1;
        }
        if started.elapsed() > Duration::from_secs(600) {
            bail!("the import was still running after 10 minutes ({done} of {rows} rows)");
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// The result as a Markdown table.
pub fn render(engine: impl std::fmt::Display, board: &str, result: &ImportResult) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "### {engine}, import of a CSV file\n");
    let _ = writeln!(
        out,
        "A Toggl Track detailed report, {} rows ({:.1} MB), into the {board} board with \
         `create_missing_tasks=true` ({TASKS} new tasks); release build.\n",
        result.rows,
        result.bytes as f64 / 1e6
    );
    let _ = writeln!(
        out,
        "| rows | answered (s) | done (s) | rows/s | created | refused | progress reads | verdict |"
    );
    let _ = writeln!(out, "|---:|---:|---:|---:|---:|---:|---:|---|");
    let verdict = if !result.passed() {
        "FAILED"
    } else if result.total <= Duration::from_secs(30) {
        "under 30 s"
    } else {
        "over 30 s"
    };
    let _ = writeln!(
        out,
        "| {} | {:.2} | {:.2} | {:.0} | {} | {} | {} | {verdict} |",
        result.rows,
        result.accepted_after.as_secs_f64(),
        result.total.as_secs_f64(),
        result.rows_per_second(),
        result.created,
        result.refused,
        result.progress_seen,
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_keeps_everyone_under_24_hours_a_day() {
        let last = NaiveDate::from_ymd_opt(2026, 5, 1).unwrap();
        let csv = toggl_file(81, last);
        assert_eq!(csv.lines().count(), 82);
        assert!(csv.lines().nth(1).unwrap().contains(",2026-05-01,"));
        // The 41st row is the first of the day before.
        assert!(csv.lines().nth(41).unwrap().contains(",2026-04-30,"));
        assert!(csv.lines().nth(1).unwrap().ends_with(",0:15:00,,"));
        assert!(csv.lines().nth(8).unwrap().ends_with(",2:00:00,,"));
    }
}
