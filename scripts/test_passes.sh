#!/bin/sh
# The two passes of `make test` at once, one per CPU: the SQLite pass (with the browser tests and
# the coverage gate) and, when TEST_DATABASE_URL is set, the PostgreSQL pass. Each writes to its
# own log under .test-logs/, printed whole when it ends; the run fails when either pass fails.
# TEST_PARALLEL=0 runs them one after the other (a machine with one CPU gains nothing).
#
# Running both at once is safe: every test database is named after its run's pid (tests/databases.py),
# servers (gunicorn, the private PostgreSQL and Redis of tests/servers.py) listen on ports the OS
# picks, temporary folders are pytest's numbered ones or mkdtemp, the shared Redis is used under a
# random key prefix, and only the SQLite pass writes the coverage data.
#
# usage: scripts/test_passes.sh BIN COVERAGE_MIN [TEST PATH...]  (COVERAGE_MIN "-": no coverage)
set -u
bin=$1
coverage_min=$2
shift 2
logs=.test-logs
mkdir -p "$logs"
rm -f "$logs/sqlite.log" "$logs/postgresql.log"

sqlite_pass() {
    if [ "$coverage_min" = - ]; then
        env -u TEST_DATABASE_URL "$bin/pytest" -m "not private_postgresql" "$@"
    else
        env -u TEST_DATABASE_URL "$bin/pytest" -m "not private_postgresql" \
            --cov=tracker --cov-branch --cov-report=term --cov-fail-under="$coverage_min" "$@"
    fi
}
postgresql_pass() {
    "$bin/pytest" -m "not browser" -p no:cacheprovider "$@"
}
timed() {  # label, a pass and its arguments; then how long it took (wall clock) as its last line
    label=$1
    shift
    began=$(date +%s)
    "$@"
    status=$?
    echo "== $label pass took $(( $(date +%s) - began )) s"
    return $status
}
report() {  # name, log, exit code
    echo "== $1 pass $( [ "$3" -eq 0 ] && echo passed || echo "FAILED (exit $3)" ); its log ($2):"
    cat "$2"
}

if [ -z "${TEST_DATABASE_URL:-}" ]; then
    sqlite_pass "$@"
    status=$?
    echo "TEST_DATABASE_URL is not set: skipped the PostgreSQL run."
    exit $status
fi

if [ "${TEST_PARALLEL:-1}" = 0 ]; then
    sqlite_pass "$@"; sqlite=$?
    echo "== again on PostgreSQL ($TEST_DATABASE_URL)"
    postgresql_pass "$@"; postgresql=$?
else
    echo "== SQLite and PostgreSQL ($TEST_DATABASE_URL) passes at once; logs in $logs/"
    timed SQLite sqlite_pass "$@" >"$logs/sqlite.log" 2>&1 &
    sqlite_pid=$!
    timed PostgreSQL postgresql_pass "$@" >"$logs/postgresql.log" 2>&1 &
    postgresql_pid=$!
    trap 'kill $sqlite_pid $postgresql_pid 2>/dev/null; exit 130' INT TERM
    wait $sqlite_pid; sqlite=$?
    report SQLite "$logs/sqlite.log" $sqlite
    wait $postgresql_pid; postgresql=$?
    report PostgreSQL "$logs/postgresql.log" $postgresql
fi
[ $sqlite -eq 0 ] && [ $postgresql -eq 0 ]
