#!/bin/sh
# check-starters.sh -- every test of an exercise must fail against its
# starter (docs/ARCHITECTURE.md, "Exercises").
#
# A test that passes against the starter -- a file that only has a TODO and
# returns a sentinel -- proves nothing about the student's code.  The
# chapter fragments list the starter test binaries in
# EXERCISE_STARTER_TESTS (and in XFAIL_TESTS: the binary as a whole must
# fail); this script looks at each single test.  It runs every binary with
# Check's TAP log (CK_TAP_LOG_FILE_NAME), forked (CK_FORK=yes), bounded in
# time, and fails if any test passed or if a binary reported no tests.
#
# Environment: EXERCISE_STARTER_TESTS (paths relative to the build dir,
# set by `make check`), MM_BUILDDIR (default "."), MM_STARTER_TIMEOUT
# (seconds per binary, default 120).

LC_ALL=C
export LC_ALL
: "${MM_BUILDDIR:=.}"
limit=${MM_STARTER_TIMEOUT:-120}

set -- ${EXERCISE_STARTER_TESTS:-}
if [ $# -eq 0 ]; then
    echo "check-starters: EXERCISE_STARTER_TESTS is empty: no exercises yet, nothing to check"
    exit 77
fi

tap=$(mktemp "${TMPDIR:-/tmp}/mm-starter-tap.XXXXXX") || exit 99
out=$(mktemp "${TMPDIR:-/tmp}/mm-starter-out.XXXXXX") || exit 99
fired=$tap.fired
trap 'rm -f "$tap" "$out" "$fired"' EXIT HUP INT TERM

# Run "$@" for at most $limit seconds; 124 when it had to be stopped.
bounded() {
    if command -v timeout >/dev/null 2>&1; then
        timeout -k 5 "$limit" "$@"
        return $?
    fi
    # no timeout(1) (macOS, the BSDs): a watchdog in the background
    rm -f "$fired"
    "$@" &
    pid=$!
    ( sleep "$limit"; : >"$fired"; kill -TERM "$pid" 2>/dev/null
      sleep 5; kill -KILL "$pid" 2>/dev/null ) </dev/null >/dev/null 2>&1 &
    dog=$!
    wait "$pid"
    rc=$?
    kill "$dog" 2>/dev/null
    wait "$dog" 2>/dev/null
    [ -f "$fired" ] && return 124
    return $rc
}

bad=0
for t in "$@"; do
    bin=$MM_BUILDDIR/$t
    if [ ! -x "$bin" ]; then
        echo "FAIL: $t: not built (expected $bin)"
        bad=$((bad + 1))
        continue
    fi
    : >"$tap"
    ( unset CK_RUN_CASE CK_RUN_SUITE CK_INCLUDE_TAGS CK_EXCLUDE_TAGS
      CK_FORK=yes CK_VERBOSITY=silent CK_TAP_LOG_FILE_NAME=$tap
      export CK_FORK CK_VERBOSITY CK_TAP_LOG_FILE_NAME
      bounded "$bin" ) >"$out" 2>&1
    rc=$?
    total=$(grep -c -E '^(not )?ok [0-9]+' "$tap")
    passed=$(grep -c -E '^ok [0-9]+' "$tap")
    if [ "$rc" -eq 124 ]; then
        echo "FAIL: $t: still running after ${limit}s (starter tests must fail by assertion, not hang)"
        bad=$((bad + 1))
    elif [ "$total" -eq 0 ]; then
        echo "FAIL: $t: reported no tests at all (exit status $rc); its output:"
        sed 's/^/    /' "$out"
        bad=$((bad + 1))
    elif [ "$passed" -gt 0 ]; then
        echo "FAIL: $t: $passed of $total tests PASS against the starter (such a test proves nothing):"
        grep -E '^ok [0-9]+' "$tap" | sed 's/^/    /'
        bad=$((bad + 1))
    elif [ "$rc" -eq 0 ]; then
        echo "FAIL: $t: every test failed, yet the program exited 0"
        bad=$((bad + 1))
    else
        echo "ok: $t: all $total tests fail against the starter"
    fi
done

if [ $bad -gt 0 ]; then
    echo "check-starters: $bad of $# starter test programs are wrong"
    exit 1
fi
echo "check-starters: all $# starter test programs fail every test, as they should"
exit 0
