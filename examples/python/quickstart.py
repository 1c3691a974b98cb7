#!/usr/bin/env python3
"""Quick start: the Budget & ROI Tracker API from Python, through a client that
openapi-python-client generates from the API's OpenAPI document, used as generated.

    python quickstart.py --base-url http://127.0.0.1:8080

Signs in, makes a personal access token and goes on with it; creates a board with a budget
and a task with a cost; logs time with an Idempotency-Key and sends the same request again;
checks the live metrics to the cent against figures computed here from the inputs; exports the
board's time entries as CSV and reads them back; and meets a 412 (a stale If-Match) and a 422
(invalid input) as the typed problem+json answers the client parses. Each step is printed;
any mismatch ends the script with exit status 1.

Needs the generated package `budget_roi_tracker_api_client` installed (see examples/README.md)
and a server with an account that may create boards: by default the demo organisation's admin,
as `seed-demo` loads it.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import sys
import uuid
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any, NoReturn

from budget_roi_tracker_api_client import AuthenticatedClient, Client
from budget_roi_tracker_api_client.api.auth import create_api_token, sign_in
from budget_roi_tracker_api_client.api.boards import create_board
from budget_roi_tracker_api_client.api.budget import get_budget_metrics, replace_budget
from budget_roi_tracker_api_client.api.costs import create_expense, replace_task_cost
from budget_roi_tracker_api_client.api.tasks import create_task, replace_task
from budget_roi_tracker_api_client.api.time import (
    create_time_entry,
    export_time_entries_csv,
    list_task_time_entries,
)
from budget_roi_tracker_api_client.models import (
    BoardInput,
    BudgetInput,
    BudgetStatus,
    LoginRequest,
    NewApiToken,
    NewExpense,
    NewTimeEntry,
    Problem,
    TaskCostInput,
    TaskInput,
    TaskStatus,
    TokenScope,
)
from budget_roi_tracker_api_client.types import Response

# The inputs. Every figure the script expects is computed from these.
BUDGET = Decimal("5000.00")
BUDGET_HOURS = Decimal("80.00")
DIRECT_COST = Decimal("149.99")
HOURLY_RATE = Decimal("62.50")
HOURS = Decimal("3.50")
DESCRIPTION = "Packing the lab's crates"
CENT = Decimal("0.01")

# The columns of the time entries export, in order, as the API documents them.
CSV_COLUMNS = [
    "id",
    "work_date",
    "task_id",
    "user_id",
    "hours",
    "hourly_rate",
    "labour_cost",
    "is_billable",
    "description",
    "created_at",
    "currency",
    "rate_currency",
    "cost_exchange_rate",
    "billable_rate",
    "billable_rate_currency",
    "billable_exchange_rate",
    "billable_amount",
]


class ApiProblem(Exception):
    """An answer with an unexpected status, carrying the problem+json body the client parsed."""

    def __init__(self, response: Response[Any]):
        self.status = int(response.status_code)
        self.headers = response.headers
        self.problem = response.parsed if isinstance(response.parsed, Problem) else None
        if self.problem is not None:
            summary = f"{self.problem.code}: {self.problem.title}"
            if self.problem.detail:
                summary += f" ({self.problem.detail})"
        else:
            summary = response.content[:200].decode("utf-8", "replace")
        super().__init__(f"HTTP {self.status}, {summary}")


def fail(message: str) -> NoReturn:
    print(f"FAILED: {message}", file=sys.stderr)
    sys.exit(1)


def step(title: str) -> None:
    print(f"\n==> {title}")


def check(label: str, actual: object, expected: object) -> None:
    if actual != expected:
        fail(f"{label}: expected {expected!r}, got {actual!r}")
    print(f"    ok  {label} = {actual}")


def expect(response: Response[Any], status: int) -> Any:
    """The parsed body of an answer with the status wanted; any other answer raises ApiProblem."""
    if response.status_code != status or isinstance(response.parsed, Problem):
        raise ApiProblem(response)
    return response.parsed


def cents(value: Decimal) -> Decimal:
    """Rounded once, half-to-even, to the cent, as the API rounds money and percentages."""
    return value.quantize(CENT, rounding=ROUND_HALF_EVEN)


def expect_problem(problem: ApiProblem, status: int, code: str) -> Problem:
    """The problem of an ApiProblem with the status and code wanted; anything else fails."""
    check("status", problem.status, status)
    if problem.problem is None:
        fail(f"HTTP {problem.status} without a problem+json body")
    check("problem.status", problem.problem.status, status)
    check("problem.code", problem.problem.code, code)
    check("problem.type", problem.problem.type_, f"urn:budget-roi:problem:{code}")
    return problem.problem


def run(base_url: str, email: str, password: str) -> None:
    # Undeclared statuses raise instead of passing silently as None.
    anonymous = Client(base_url=base_url, raise_on_unexpected_status=True)

    step("Sign in")
    session = expect(
        sign_in.sync_detailed(client=anonymous, body=LoginRequest(email=email, password=password)), 200
    )
    print(f"    signed in as {session.user.email} (user {session.user.id})")

    step("Make a personal access token for the script, and use it from here on")
    signed_in = AuthenticatedClient(
        base_url=base_url, token=session.access_token, raise_on_unexpected_status=True
    )
    created = expect(
        create_api_token.sync_detailed(
            client=signed_in,
            body=NewApiToken(name="quick start", scope=TokenScope.WRITE, expires_in_days=1),
        ),
        201,
    )
    check("token scope", created.scope, TokenScope.WRITE)
    print(f"    token {created.prefix}… expires {created.expires_at.isoformat()}")
    api = AuthenticatedClient(base_url=base_url, token=created.token, raise_on_unexpected_status=True)

    step("Create a board and set its budget")
    board = expect(create_board.sync_detailed(client=api, body=BoardInput(name="Office move")), 201)
    print(f"    board {board.id}: {board.name}")
    budget = expect(
        replace_budget.sync_detailed(
            board.id,
            client=api,
            body=BudgetInput(allocated_budget=str(BUDGET), currency="EUR", allocated_hours=str(BUDGET_HOURS)),
        ),
        201,
    )
    check("budget.allocated_budget", budget.allocated_budget, "5000.00")
    check("budget.currency", budget.currency, "EUR")

    step("Create a task, set its estimate and rate, and record a direct cost as an expense")
    task_created = create_task.sync_detailed(board.id, client=api, body=TaskInput(title="Pack the lab"))
    created_task = expect(task_created, 201)
    task = created_task.id
    print(f"    task {task}: {created_task.title}")
    cost = expect(
        replace_task_cost.sync_detailed(
            board.id,
            task,
            client=api,
            body=TaskCostInput(estimated_cost="1200.00", hourly_rate=str(HOURLY_RATE)),
        ),
        200,
    )
    check("cost.hourly_rate", cost.hourly_rate, "62.50")
    expense = expect(
        create_expense.sync_detailed(
            board.id,
            task,
            client=api,
            body=NewExpense(category="removal van", amount=str(DIRECT_COST)),
        ),
        201,
    )
    check("expense.cost", expense.cost, "149.99")

    # The server's "today" (UTC): the day the time is logged on.
    today = expect(get_budget_metrics.sync_detailed(board.id, client=api), 200).as_of

    step("Log time with an Idempotency-Key, then send the same request again")
    key = f"quick-start-{uuid.uuid4()}"
    entry_input = NewTimeEntry(hours=str(HOURS), work_date=today, description=DESCRIPTION)
    first = create_time_entry.sync_detailed(board.id, task, client=api, body=entry_input, idempotency_key=key)
    entry = expect(first, 201)
    check("first answer's Idempotent-Replayed", first.headers.get("Idempotent-Replayed"), None)
    check("entry.labour_cost", entry.labour_cost, str(cents(HOURS * HOURLY_RATE)))
    # As a client would after a timeout: the same key and body again.
    retry = create_time_entry.sync_detailed(board.id, task, client=api, body=entry_input, idempotency_key=key)
    replayed = expect(retry, 201)
    check("retry's Idempotent-Replayed", retry.headers.get("Idempotent-Replayed"), "true")
    check("retry's entry id", replayed.id, entry.id)
    entries = expect(list_task_time_entries.sync_detailed(board.id, task, client=api), 200)
    check("entries on the task", [e.id for e in entries.items], [entry.id])

    step("Read the live metrics: exact to the cent")
    labour = cents(HOURS * HOURLY_RATE)
    spent = DIRECT_COST + labour
    metrics = expect(get_budget_metrics.sync_detailed(board.id, client=api), 200)
    check("cost_split.labour (3.50 h × 62.50)", metrics.cost_split.labour, str(labour))
    check("cost_split.direct", metrics.cost_split.direct, str(DIRECT_COST))
    check("spent (149.99 + 218.75)", metrics.spent, str(spent))
    check("remaining", metrics.remaining, str(BUDGET - spent))
    check("spent_hours", metrics.spent_hours, str(HOURS))
    check("utilisation_percent", metrics.utilisation_percent, str(cents(spent / BUDGET * 100)))
    # 3.50 / 80 × 100 = 4.375: half-to-even makes it 4.38.
    check(
        "time_utilisation_percent", metrics.time_utilisation_percent, str(cents(HOURS / BUDGET_HOURS * 100))
    )
    check("status", metrics.status, BudgetStatus.OK)

    step("Export the board's time entries as CSV and read them back")
    export = export_time_entries_csv.sync_detailed(board.id, client=api)
    text = expect(export, 200)
    check("Content-Type", export.headers.get("Content-Type", "").split(";")[0], "text/csv")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    check("CSV header", reader.fieldnames, CSV_COLUMNS)
    rows = list(reader)
    check("CSV rows", len(rows), 1)
    row = rows[0]
    check("row id", row["id"], str(entry.id))
    check("row work_date", row["work_date"], today.isoformat())
    check("row task_id", row["task_id"], str(task))
    check("row hours", row["hours"], str(HOURS))
    check("row hourly_rate", row["hourly_rate"], str(HOURLY_RATE))
    check("row labour_cost", row["labour_cost"], str(labour))
    check("row description", row["description"], DESCRIPTION)

    step("A stale If-Match: 412, then again with the current ETag")
    # The task's ETag as first read; someone (here: the script itself) then changes the task.
    stale = task_created.headers["ETag"]
    print(f"    task read at ETag {stale}")
    changed = replace_task.sync_detailed(
        board.id,
        task,
        client=api,
        body=TaskInput(title="Pack the lab", status=TaskStatus.IN_PROGRESS),
        if_match=stale,
    )
    expect(changed, 200)
    print(f"    task now at ETag {changed.headers.get('ETag')}")
    try:
        expect(
            replace_task.sync_detailed(
                board.id, task, client=api, body=TaskInput(title="Pack the whole lab"), if_match=stale
            ),
            200,
        )
        fail("a write with a stale If-Match was accepted")
    except ApiProblem as problem:
        expect_problem(problem, 412, "precondition_failed")
        current = problem.headers.get("ETag")
        check("412 names the current ETag", current, changed.headers.get("ETag"))
    retried = expect(
        replace_task.sync_detailed(
            board.id, task, client=api, body=TaskInput(title="Pack the whole lab"), if_match=current
        ),
        200,
    )
    check("task title after the retry", retried.title, "Pack the whole lab")

    step("Invalid input: 422, every failing field named")
    try:
        expect(
            create_time_entry.sync_detailed(
                board.id, task, client=api, body=NewTimeEntry(hours="16.01", work_date=today)
            ),
            201,
        )
        fail("an entry of 16.01 hours was accepted")
    except ApiProblem as problem:
        refused = expect_problem(problem, 422, "validation_failed")
        check("failing fields", [error.field for error in refused.errors or []], ["hours"])
        print(f"    hours: {refused.errors[0].message}")
    entries = expect(list_task_time_entries.sync_detailed(board.id, task, client=api), 200)
    check("entries on the task", len(entries.items), 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--base-url",
        default=os.environ.get("BUDGET_API_URL", "http://127.0.0.1:8080"),
        help="the server (default: $BUDGET_API_URL or http://127.0.0.1:8080)",
    )
    parser.add_argument("--email", default=os.environ.get("BUDGET_API_EMAIL", "demo@example.com"))
    parser.add_argument("--password", default=os.environ.get("BUDGET_API_PASSWORD", "demo-password-123"))
    args = parser.parse_args()
    try:
        run(args.base_url.rstrip("/"), args.email, args.password)
    except ApiProblem as problem:
        fail(str(problem))
    print("\nquickstart: every step as expected")


if __name__ == "__main__":
    main()
