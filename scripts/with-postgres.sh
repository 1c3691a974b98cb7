#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL server.
#
# Usage: scripts/with-postgres.sh <command> [args...]
#
# Creates a fresh cluster in a temporary directory, listening only on 127.0.0.1 on a free port,
# with a superuser `budget` (password `budget`), and runs the command with
#
#   TEST_PG_URL=postgres://budget:budget@127.0.0.1:<port>/postgres
#
# exported, and PG_BINDIR (the server binaries' directory). The server is stopped and its
# directory deleted when the command ends, however it ends; the script exits with the
# command's status. If PostgreSQL cannot be started it prints the server log and fails: tests
# that need PostgreSQL must fail, never silently skip.
#
# The cluster skips durability (no fsync, asynchronous commits), which tests do not need.
# PG_DURABLE=1 keeps PostgreSQL's durable defaults instead (each commit flushed to disk before
# it is acknowledged, full-page writes, autovacuum): what a production server runs, and what
# the benchmark measures.
#
# Uses the PostgreSQL server binaries installed on the machine (no Docker): `pg_config --bindir`,
# else the newest /usr/lib/postgresql/<version>/bin (Debian's layout, not on PATH), else PATH.
set -euo pipefail

if [[ $# -eq 0 || "$1" == "-h" || "$1" == "--help" ]]; then
  sed -n '2,22p' "$0"
  [[ $# -eq 0 ]] && exit 2 || exit 0
fi

readonly PG_USER="budget"
readonly PG_PASSWORD="budget"

find_pg_bindir() {
  local dir
  if command -v pg_config >/dev/null 2>&1; then
    # Debian's pg_config (from libpq-dev) reports a bindir even when no server is installed
    # there, hence the check for initdb.
    dir="$(pg_config --bindir 2>/dev/null || true)"
    if [[ -n "$dir" && -x "$dir/initdb" ]]; then
      printf '%s\n' "$dir"
      return
    fi
  fi
  # Newest major version first: sort -V orders 9.6 < 10 < 15 < 16 correctly.
  for dir in $(printf '%s\n' /usr/lib/postgresql/*/bin | sort -rV); do
    if [[ -x "$dir/initdb" ]]; then
      printf '%s\n' "$dir"
      return
    fi
  done
  if command -v initdb >/dev/null 2>&1; then
    dirname "$(command -v initdb)"
    return
  fi
  echo "error: PostgreSQL server binaries (initdb, pg_ctl, postgres) not found;" \
    "install them (Debian: apt-get install postgresql)" >&2
  return 1
}

bindir="$(find_pg_bindir)"

# Fallback when util-linux's runuser is missing: su takes a single shell command string.
# shellcheck disable=SC2317  # called through "${run_as_owner[@]}"
su_postgres() {
  su -s /bin/sh postgres -c "$(printf '%q ' "$@")"
}

# initdb and postgres refuse to run as root. As root, the cluster belongs to the `postgres`
# system user (created if needed: a bare container may have the binaries but not the user).
run_as_owner=()
if [[ $EUID -eq 0 ]]; then
  if ! id -u postgres >/dev/null 2>&1; then
    useradd --system --user-group --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin postgres
  fi
  if command -v runuser >/dev/null 2>&1; then
    run_as_owner=(runuser -u postgres --)
  else
    run_as_owner=(su_postgres)
  fi
fi

workdir="$(mktemp -d "${TMPDIR:-/tmp}/budget-pg.XXXXXX")"
datadir="$workdir/data"
sockdir="$workdir/sock"
logfile="$workdir/postgres.log"
mkdir -p "$sockdir"
if [[ $EUID -eq 0 ]]; then
  chown -R postgres: "$workdir"
fi

# Runs a PostgreSQL tool as the cluster owner, from the work directory: the caller's current
# directory may not be readable by the postgres user.
pg() {
  local tool="$1"
  shift
  (cd "$workdir" && "${run_as_owner[@]}" "$bindir/$tool" "$@")
}

server_started=""
# shellcheck disable=SC2317  # runs from the EXIT trap
cleanup() {
  local status=$?
  if [[ -n "$server_started" ]]; then
    # Immediate shutdown: the data is thrown away, so there is nothing worth flushing.
    pg pg_ctl stop -D "$datadir" -m immediate >/dev/null 2>&1 || true
  fi
  rm -rf "$workdir"
  exit "$status"
}
trap cleanup EXIT
# Turn signals into a normal exit so the EXIT trap cleans up, with the conventional status.
trap 'exit 130' INT
trap 'exit 143' TERM

print_log_and_fail() {
  echo "error: $1; PostgreSQL server log:" >&2
  if [[ -f "$logfile" ]]; then
    sed 's/^/  | /' "$logfile" >&2
  fi
  exit 1
}

# The password file is how initdb receives the superuser's password without it appearing in
# the process list.
printf '%s\n' "$PG_PASSWORD" >"$workdir/pwfile"
if [[ $EUID -eq 0 ]]; then
  chown postgres: "$workdir/pwfile"
fi

# Unix-socket connections (used only by pg_ctl/pg_isready inside the private socket directory)
# are trusted; TCP connections, which is what the tests use, need the password.
if ! pg initdb --pgdata="$datadir" --username="$PG_USER" --pwfile="$workdir/pwfile" \
  --auth-local=trust --auth-host=scram-sha-256 --encoding=UTF8 --locale=C --no-sync \
  >"$workdir/initdb.log" 2>&1; then
  cat "$workdir/initdb.log" >&2
  echo "error: initdb failed (binaries from $bindir)" >&2
  exit 1
fi

cat >>"$datadir/postgresql.conf" <<EOF

# --- throwaway cluster (scripts/with-postgres.sh) ---
listen_addresses = '127.0.0.1'
unix_socket_directories = '$sockdir'
max_connections = 200
jit = off
EOF
if [[ "${PG_DURABLE:-}" != 1 ]]; then
  # For tests: durability is worthless here, speed is not.
  cat >>"$datadir/postgresql.conf" <<EOF
fsync = off
synchronous_commit = off
full_page_writes = off
wal_level = minimal
max_wal_senders = 0
autovacuum = off
EOF
fi

free_port() {
  # Port 0 makes the kernel choose an unused port. It is released again before postgres binds
  # it, so another process could take it in between: the start below retries on failure.
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

port=""
for attempt in 1 2 3; do
  port="$(free_port)"
  # pg_ctl -w waits until the server accepts connections or gives up after -t seconds.
  if pg pg_ctl start -D "$datadir" -l "$logfile" -w -t 60 -o "-p $port" >/dev/null 2>&1; then
    server_started=1
    break
  fi
  if ! grep -q 'could not bind' "$logfile" 2>/dev/null || [[ $attempt -eq 3 ]]; then
    print_log_and_fail "PostgreSQL did not start"
  fi
  echo "port $port was taken, retrying with another one" >&2
done

# Belt and braces: check the TCP listener the tests will use, not only the socket pg_ctl saw.
if ! "$bindir/pg_isready" -q -h 127.0.0.1 -p "$port" -t 30; then
  print_log_and_fail "PostgreSQL is not accepting TCP connections on 127.0.0.1:$port"
fi

export TEST_PG_URL="postgres://$PG_USER:$PG_PASSWORD@127.0.0.1:$port/postgres"
# For tests that run a PostgreSQL server of their own (to kill it, say): the same binaries.
export PG_BINDIR="$bindir"
echo "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') ready at 127.0.0.1:$port (TEST_PG_URL exported)" >&2

# Not `exec`: this shell must outlive the command to stop the server. `|| status=$?` keeps
# set -e from exiting before the status is recorded.
status=0
"$@" || status=$?
exit "$status"
