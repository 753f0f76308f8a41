#!/usr/bin/env bash
# CI: a local PostgreSQL for the store's test suite (tests/store runs every test on SQLite and PostgreSQL).
#
#   eval "$(.ci/setup-postgres.sh)"     installs Debian's postgresql if missing, starts a cluster, creates
#                                       the role and database, and prints `export ACCORD_TEST_PG_URL=...`
#   .ci/setup-postgres.sh stop          stops the cluster again (never leave a server running)
#
# Safe to run twice. Progress goes to stderr; stdout is only the export line, so `eval` is safe.
# Settings: ACCORD_PG_PORT (default 5432), ACCORD_PG_DB (accord_test), ACCORD_PG_USER/PASSWORD (accord).
set -euo pipefail

PORT="${ACCORD_PG_PORT:-5432}"
DB="${ACCORD_PG_DB:-accord_test}"
USER_NAME="${ACCORD_PG_USER:-accord}"
PASSWORD="${ACCORD_PG_PASSWORD:-accord}"
CLUSTER=main

log() { echo "setup-postgres: $*" >&2; }
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
as_postgres() {
    if command -v runuser >/dev/null 2>&1; then
        $SUDO runuser -u postgres -- "$@"
    else
        $SUDO su postgres -s /bin/sh -c "$(printf '%q ' "$@")"
    fi
}

newest_version() { ls /usr/lib/postgresql 2>/dev/null | sort -V | tail -n 1; }

if [ "${1:-}" = "stop" ]; then
    VERSION="$(newest_version)"
    if [ -n "$VERSION" ] && pg_lsclusters -h 2>/dev/null | awk '{print $1, $2, $4}' | grep -q "^$VERSION $CLUSTER online"; then
        $SUDO pg_ctlcluster "$VERSION" "$CLUSTER" stop
        log "stopped PostgreSQL $VERSION/$CLUSTER"
    fi
    exit 0
fi

if [ -z "$(newest_version)" ] || ! command -v pg_ctlcluster >/dev/null 2>&1; then
    log "installing Debian's postgresql"
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -q >&2
    $SUDO apt-get install -y -q --no-install-recommends postgresql >&2
fi
VERSION="$(newest_version)"

if ! pg_lsclusters -h | awk '{print $1, $2}' | grep -q "^$VERSION $CLUSTER$"; then
    log "creating cluster $VERSION/$CLUSTER on port $PORT"
    $SUDO pg_createcluster --port "$PORT" "$VERSION" "$CLUSTER" >&2
fi
if ! pg_lsclusters -h | awk '{print $1, $2, $4}' | grep -q "^$VERSION $CLUSTER online"; then
    log "starting PostgreSQL $VERSION/$CLUSTER"
    $SUDO pg_ctlcluster "$VERSION" "$CLUSTER" start
fi
# The cluster's actual port (an existing cluster keeps the one it was created with).
PORT="$(pg_lsclusters -h | awk -v v="$VERSION" -v c="$CLUSTER" '$1 == v && $2 == c {print $3}')"
for _ in $(seq 1 30); do
    pg_isready -q -h 127.0.0.1 -p "$PORT" && break
    sleep 1
done
pg_isready -h 127.0.0.1 -p "$PORT" >&2

# The role may create databases; the tests create one schema per test inside $DB and drop it after.
as_postgres psql -q -v ON_ERROR_STOP=1 -p "$PORT" -d postgres >&2 <<SQL
DO \$\$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$USER_NAME') THEN
        CREATE ROLE "$USER_NAME" LOGIN PASSWORD '$PASSWORD' CREATEDB;
    ELSE
        ALTER ROLE "$USER_NAME" LOGIN PASSWORD '$PASSWORD' CREATEDB;
    END IF;
END
\$\$;
SQL
if ! as_postgres psql -tA -p "$PORT" -d postgres -c "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1; then
    as_postgres createdb -p "$PORT" -O "$USER_NAME" "$DB"
fi
URL="postgresql+psycopg://$USER_NAME:$PASSWORD@127.0.0.1:$PORT/$DB"
log "ready: $URL"
echo "export ACCORD_TEST_PG_URL='$URL'"
