#!/bin/sh
# grade.sh -- build each exercise from the student's student.c, run its
# tests, print a score table.  Run it through make (`make grade`,
# `make grade EXERCISE=hostport`, `make start-exercises`), which passes the
# compiler and flags of the build; see exercises/README.md.
#
# Usage: grade.sh            grade every exercise in $EXERCISES
#        grade.sh --start    copy each starter.c to student.c (where absent)
#
# Environment (set by exercises/local.mk):
#   EXERCISES     exercise directories, e.g. "exercises/01-sockets/hostport"
#   EXERCISE      grade only this one: NAME, NN-slug/NAME or the full path
#   MM_SRCDIR     the source tree (student.c, tests.c, exercise.h live there)
#   MM_BUILDDIR   the build tree (libraries; the test programs go there)
#   CC CPPFLAGS CFLAGS LDFLAGS CHECK_LIBS LIBS   as the build uses them
#   MM_GRADE_TIMEOUT   seconds per test program (default 120)
#
# Per exercise NN-slug/NAME the test program is linked from student.c,
# tests.c, tests/lib/libtestlib.a and the chapter libraries
# src/libmm-SLUG.a of chapter NN and every earlier chapter (latest first,
# as the chapter fragments' LIBS_SLUG do).  A score is the share of tests
# that pass; the total is the mean over the exercises (one not started or
# not compiling counts 0).

LC_ALL=C
export LC_ALL
: "${MM_SRCDIR:=.}"
: "${MM_BUILDDIR:=.}"
: "${CC:=cc}"
limit=${MM_GRADE_TIMEOUT:-120}

mode=grade
if [ "${1-}" = --start ]; then
    mode=start
elif [ $# -gt 0 ]; then
    echo "usage: $0 [--start]" >&2
    exit 2
fi
set -- ${EXERCISES:-}
all=$*
if [ $# -eq 0 ]; then
    echo "grade: no exercises (EXERCISES is empty)"
    exit 0
fi

# ---- which exercises ---------------------------------------------------
if [ -n "${EXERCISE:-}" ]; then
    want=${EXERCISE%/}
    chosen=
    for ex in $all; do
        case $ex in
        "$want"|"exercises/$want"|*/"$want") chosen="$chosen $ex" ;;
        esac
    done
    if [ -z "$chosen" ]; then
        echo "grade: no exercise \"$EXERCISE\"; there are:"
        for ex in $all; do echo "    ${ex#exercises/}"; done
        exit 1
    fi
    set -- $chosen
fi

# ---- make start-exercises -----------------------------------------------
if [ $mode = start ]; then
    status=0
    for ex in "$@"; do
        d=$MM_SRCDIR/$ex
        if [ -f "$d/student.c" ]; then
            echo "  keep     $ex/student.c (already there)"
        elif cp "$d/starter.c" "$d/student.c"; then
            echo "  created  $ex/student.c (a copy of starter.c)"
        else
            echo "  FAILED   $ex/student.c (is the source tree writable?)"
            status=1
        fi
    done
    [ $status -eq 0 ] && echo "Now edit the student.c files in $MM_SRCDIR/exercises/, then run: make grade"
    exit $status
fi

tap=$(mktemp "${TMPDIR:-/tmp}/mm-grade-tap.XXXXXX") || exit 2
out=$(mktemp "${TMPDIR:-/tmp}/mm-grade-out.XXXXXX") || exit 2
rows=$(mktemp "${TMPDIR:-/tmp}/mm-grade-rows.XXXXXX") || exit 2
fired=$tap.fired
trap 'rm -f "$tap" "$out" "$rows" "$fired"' EXIT HUP INT TERM

# Run "$@" for at most $limit seconds; 124 when it had to be stopped.
bounded() {
    if command -v timeout >/dev/null 2>&1; then
        timeout -k 5 "$limit" "$@"
        return $?
    fi
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

# The chapter libraries for chapter number $1, latest chapter first.
chapter_libs() {
    libs=
    for d in "$MM_SRCDIR"/chapters/[0-9]*-*; do
        [ -d "$d" ] || continue
        name=${d##*/}
        num=${name%%-*}
        case $num in *[!0-9]*|'') continue ;; esac
        # numbers compare as decimals ("08" is not octal here)
        [ "$(expr "$num" + 0)" -le "$(expr "$1" + 0)" ] || continue
        lib=$MM_BUILDDIR/src/libmm-${name#*-}.a
        if [ -f "$lib" ]; then
            libs="$lib $libs"     # the glob is in ascending order: prepend
        else
            echo "grade: note: $lib is not built (run make first)" >&2
        fi
    done
    echo "$libs"
}

# Compile $1 (exercise dir) with source $2 into $3; compiler output to $out.
build() {
    ex=$1; src=$2; bin=$3
    base=${ex#exercises/}
    num=${base%%-*}
    mkdir -p "$(dirname "$bin")" || return 1
    # shellcheck disable=SC2086 # the flags are word lists, as make passes them
    $CC $CPPFLAGS -I"$MM_SRCDIR/$ex" -I"$MM_SRCDIR/tests/lib" $CFLAGS \
        -o "$bin" "$src" "$MM_SRCDIR/$ex/tests.c" \
        "$MM_BUILDDIR/tests/lib/libtestlib.a" $(chapter_libs "$num") \
        $LDFLAGS $CHECK_LIBS $LIBS >"$out" 2>&1
}

# Run test program $1: sets passed and total from its TAP log.
run_tests() {
    : >"$tap"
    ( unset CK_RUN_CASE CK_RUN_SUITE CK_INCLUDE_TAGS CK_EXCLUDE_TAGS
      CK_FORK=yes CK_VERBOSITY=silent CK_TAP_LOG_FILE_NAME=$tap
      export CK_FORK CK_VERBOSITY CK_TAP_LOG_FILE_NAME
      bounded "$1" ) >"$out" 2>&1
    run_rc=$?
    total=$(grep -c -E '^(not )?ok [0-9]+' "$tap")
    passed=$(grep -c -E '^ok [0-9]+' "$tap")
}

# Count the tests of an exercise by running them against its starter.
count_tests() {
    if build "$1" "$MM_SRCDIR/$1/starter.c" "$MM_BUILDDIR/$1/test-count"; then
        run_tests "$MM_BUILDDIR/$1/test-count"
        rm -f "$MM_BUILDDIR/$1/test-count"
        echo "$total"
    else
        echo 0
    fi
}

echo "Grading $# exercise(s): student.c + tests.c, built with $CC"
for ex in "$@"; do
    name=${ex#exercises/}
    student=$MM_SRCDIR/$ex/student.c
    bin=$MM_BUILDDIR/$ex/test-student
    echo
    echo "== $name"
    if [ ! -f "$student" ]; then
        n=$(count_tests "$ex")
        echo "   not started: no $ex/student.c (make start-exercises creates it)"
        echo "$name 0 $n not started" >>"$rows"
        continue
    fi
    if ! build "$ex" "$student" "$bin"; then
        echo "   does not compile:"
        sed 's/^/   | /' "$out"
        n=$(count_tests "$ex")
        echo "$name 0 $n compile error" >>"$rows"
        continue
    fi
    if [ -s "$out" ]; then
        echo "   compiler warnings:"
        sed 's/^/   | /' "$out"
    fi
    run_tests "$bin"
    note=
    if [ "$run_rc" -eq 124 ]; then
        note="timed out"
        echo "   the tests were stopped after ${limit}s"
    elif [ "$total" -eq 0 ]; then
        note="no result"
        echo "   the test program reported nothing (exit status $run_rc):"
        sed 's/^/   | /' "$out" | tail -n 20
    fi
    if [ "$total" -gt 0 ] && [ "$passed" -eq "$total" ]; then
        echo "   all $total tests pass"
    elif [ "$total" -gt 0 ]; then
        echo "   $passed of $total tests pass; these fail:"
        # "not ok 3 - tests.c:17:split:fn: message" -> "fn: message"
        grep -E '^not ok [0-9]+' "$tap" | sed -e 's/^not ok [0-9]* - //' \
            -e 's/^[^:]*:\([0-9]*:\)\{0,1\}[^:]*:\([^:]*\):/\2:/' -e 's/^/   - /'
    fi
    echo "$name $passed $total $note" >>"$rows"
done

# ---- the table -----------------------------------------------------------
echo
awk '
    BEGIN { fmt = "%-36s %9s %6s  %s\n"
            printf fmt, "exercise", "tests", "score", ""
            line = "------------------------------------------------------------------"
            print line }
    {
        name = $1; p = $2; t = $3
        note = ""
        for (i = 4; i <= NF; i++) note = note (i > 4 ? " " : "") $i
        score = (t > 0) ? int(100 * p / t) : 0
        printf fmt, name, p "/" t, score "%", note
        n++; sp += p; st += t; ss += score
    }
    END {
        print line
        printf fmt, "total (" n " exercise" (n == 1 ? "" : "s") ")", sp "/" st, (n ? int(ss / n) : 0) "%", "(mean of the scores)"
    }' "$rows"
exit 0
