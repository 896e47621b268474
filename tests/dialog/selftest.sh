#!/bin/sh
# selftest.sh -- tests of the dialog runner itself (tests/dialog/run-dialogs).
#
# Runs the runner on a fake book (tests/dialog/selftest/chapters: chapters
# one, two, three whose stage.txt files name tests/dialog/stub-stage), first
# on good dialogs (must pass, with the expected number of pairs), then on
# each bad dialog alone (must fail, with the expected message: file, line,
# stage).  Test framework only.

: "${MM_SRCDIR:=${srcdir:-.}}"
: "${MM_BUILDDIR:=.}"
export MM_SRCDIR MM_BUILDDIR
runner="$MM_BUILDDIR/tests/dialog/run-dialogs"
st="$MM_SRCDIR/tests/dialog/selftest"
out=$(mktemp "${TMPDIR:-/tmp}/mm-dialog-selftest.XXXXXX") || exit 99
trap 'rm -f "$out"' EXIT HUP INT TERM

fails=0
bad() { echo "FAIL: $*"; fails=$((fails + 1)); }

# Waits: as long as in every other test (testlib's default, or the
# caller's MM_TEST_TIMEOUT_MS).  The stub stage is a program started for
# each pair (under ASan in a sanitizer build): on a loaded machine its
# greeting can take longer than a short wait, and a good dialog -- or a bad
# one, at the wrong line -- would fail.  Even the dialog whose point is the
# timeout waits that long: its greeting must come first.  (Set
# MM_SELFTEST_TIMEOUT_MS for a quicker timeout case on a quiet machine.)
short=${MM_SELFTEST_TIMEOUT_MS:-${MM_TEST_TIMEOUT_MS:-}}
MM_DIALOG_CHAPTERS="$st/chapters"
export MM_DIALOG_CHAPTERS
unset MM_DIALOGS CK_RUN_CASE CK_RUN_SUITE
CK_VERBOSITY=normal; export CK_VERBOSITY

# 1. The good dialogs pass: 3 (basic) + 3 (exit) + 1 (only-two)
#    + 2 (shutdown: two, three) + 1 (other) + 1 (tmpdir) = 11 pairs.
if MM_DIALOG_DIR="$st/dialogs" "$runner" >"$out" 2>&1; then
    grep -q -- '-> 11 checks' "$out" || { bad "good dialogs: expected 11 checks"; cat "$out"; }
    grep -q 'two/only-two.dialog x .*stub-stage (02-two)' "$out" \
        || { bad "good dialogs: only-two should run against chapter two"; cat "$out"; }
    if grep -q 'only-two.dialog x .*(0[13]-' "$out"; then
        bad "good dialogs: until: two ran outside [two, two]"; cat "$out"
    fi
    echo "ok: good dialogs pass (11 pairs)"
else
    bad "good dialogs should pass"; cat "$out"
fi

# 2. Each bad dialog fails, saying what and where.
check_bad() {   # FILE PATTERN [WAIT_MS]
    f=$1; pat=$2
    if MM_DIALOGS="$st/bad/$f" MM_TEST_TIMEOUT_MS="${3:-${MM_TEST_TIMEOUT_MS:-}}" \
            "$runner" >"$out" 2>&1; then
        bad "$f: the runner passed a broken dialog"; cat "$out"
    elif ! grep -E -q -- "$pat" "$out"; then
        bad "$f: expected a message matching /$pat/"; cat "$out"
    else
        printf "ok: %s fails: %s\n" "$f" "$(grep -E -m1 -o -- "$pat" "$out")"
    fi
}
check_bad mismatch.dialog   'mismatch\.dialog:6: stage .*stub-stage \(stub, 01-one\): expected "250 b\\r\\n", got "250 a\\r\\n"'
check_bad regex.dialog      'regex\.dialog:4: stage .*: expected a line matching /\^999/, got "220 stub one ready\\r\\n"'
check_bad bare-lf.dialog    'bare-lf\.dialog:6: .*does not end with CRLF'
check_bad timeout.dialog    'timeout\.dialog:7: .*got nothing within [0-9]+ ms' "$short"
check_bad early-eof.dialog  'early-eof\.dialog:7: .*got end of output'
check_bad not-eof.dialog    'not-eof\.dialog:6: .*expected end of output, got "250 still here\\r\\n"'
check_bad trailing.dialog   'trailing\.dialog:5: .*unexpected output after the last step'
check_bad exit.dialog       'exit\.dialog:6: .*exit status 3, expected 0'
check_bad exit.dialog       'stub-stage: exiting with status 3'
check_bad crash.dialog      'crash\.dialog:6: .*killed by signal'
check_bad directive.dialog  'directive\.dialog:5: unknown directive "X: QUIT"'
check_bad no-from.dialog    'no-from\.dialog:[0-9]+: no "# from: SLUG" header'
check_bad typo-key.dialog   'typo-key\.dialog:3: unknown header key "protocl:"'
check_bad unknown-slug.dialog '"from: nine" is not a chapter'
check_bad no-stage.dialog   'no stage speaks "protocol: nobody"'
check_bad escape.dialog     'escape\.dialog:5: unknown escape "\\q"'
check_bad send-after-shutdown.dialog 'send-after-shutdown\.dialog:6: .*cannot send after !shutdown'

# 3. A dialog in the wrong SLUG directory is caught.
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mm-dialog-selftest.XXXXXX") || exit 99
mkdir "$tmp/two"
cp "$st/dialogs/one/exit.dialog" "$tmp/two/"
if MM_DIALOG_DIR="$tmp" "$runner" >"$out" 2>&1; then
    bad "a dialog under two/ saying from: one should fail"
elif grep -q 'lives in tests/dialogs/two/ but says "from: one"' "$out"; then
    echo "ok: wrong SLUG directory fails"
else
    bad "wrong SLUG directory: unexpected message"; cat "$out"
fi
rm -rf "$tmp"

[ "$fails" -eq 0 ] || { echo "$fails self-test(s) of the dialog runner failed"; exit 1; }
echo "all self-tests of the dialog runner passed"
