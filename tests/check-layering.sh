#!/bin/sh
# check-layering.sh -- a file of chapter N must not include a header of a
# later chapter (docs/ARCHITECTURE.md, "How the stages are built").
#
# Every C file (*.c, *.h) in src/, chapters/NN-slug/ and
# exercises/NN-slug/NAME/ belongs to a chapter:
#   src/FILE                   the @chapter{slug} line in its header comment
#                              (a src file without one is an error);
#   chapters/NN-slug/FILE      chapter slug;
#   exercises/NN-slug/NAME/F   chapter slug.
# Chapter numbers come from the chapters/NN-slug directory names, and for
# chapters not written yet from docs/planned-chapters.txt ("NN SLUG TITLE"
# lines); a slug found in neither is an error.  Every #include "x.h" (or
# <x.h>) that resolves to a header in src/ is checked: its chapter must not
# come after the including file's.
#
# Usage: check-layering.sh [--self-test | --no-self-test]
#   (no option)      self-test, then check the source tree -- what
#                    `make check` runs, so the check proves every time that
#                    it still catches a bad include;
#   --self-test      only the self-test (fake trees in a temporary dir);
#   --no-self-test   only the check.
# The source tree is $MM_SRCDIR, else $srcdir, else this script's "..";
# it is only read (fine for VPATH builds and make distcheck).

LC_ALL=C
export LC_ALL
me=$0

# ---- the check of one tree ----------------------------------------------
check_tree() {
    top=$1
    errs=0
    if [ ! -d "$top/src" ] || [ ! -d "$top/chapters" ]; then
        echo "check-layering: $top is not a minimail source tree (no src/ or chapters/)" >&2
        return 2
    fi
    tmp=$(mktemp -d "${TMPDIR:-/tmp}/mm-layering.XXXXXX") || return 2

    # chapters: "slug number dir" per line
    : >"$tmp/chapters"
    for d in "$top"/chapters/[0-9]*-*; do
        [ -d "$d" ] || continue
        name=${d##*/}
        num=${name%%-*}
        slug=${name#*-}
        case $num in *[!0-9]*|'') continue ;; esac
        echo "$slug $num $name" >>"$tmp/chapters"
    done
    if [ ! -s "$tmp/chapters" ]; then
        echo "check-layering: no chapters/NN-slug directories in $top" >&2
        rm -rf "$tmp"
        return 2
    fi
    # Chapters of the plan that have no directory yet (a src file may be
    # written ahead of its chapter): docs/planned-chapters.txt, lines
    # "NUMBER SLUG TITLE".  A directory always wins over the plan.
    if [ -f "$top/docs/planned-chapters.txt" ]; then
        while read -r num slug rest; do
            case $num in ''|'#'*|*[!0-9]*) continue ;; esac
            grep -q "^$slug " "$tmp/chapters" && continue
            echo "$slug $num $num-$slug(planned)" >>"$tmp/chapters"
        done <"$top/docs/planned-chapters.txt"
    fi

    # every file with its chapter: "relpath slug"
    : >"$tmp/files"
    for f in "$top"/src/*.c "$top"/src/*.h; do
        [ -f "$f" ] || continue
        rel=${f#"$top"/}
        # the header is the leading comment: look in the first 40 lines
        slug=$(sed -n '1,40s/.*@chapter{\([^}]*\)}.*/\1/p' "$f" | sed -n 1p)
        if [ -z "$slug" ]; then
            echo "$rel: no @chapter{slug} line in its header comment (every src file names its chapter)"
            errs=$((errs + 1))
            continue
        fi
        echo "$rel $slug" >>"$tmp/files"
    done
    for f in "$top"/chapters/[0-9]*-*/*.c "$top"/chapters/[0-9]*-*/*.h; do
        [ -f "$f" ] || continue
        rel=${f#"$top"/}
        d=${rel#chapters/}
        d=${d%%/*}
        echo "$rel ${d#*-}" >>"$tmp/files"
    done
    for f in "$top"/exercises/[0-9]*-*/*/*.c "$top"/exercises/[0-9]*-*/*/*.h; do
        [ -f "$f" ] || continue
        rel=${f#"$top"/}
        d=${rel#exercises/}
        d=${d%%/*}
        echo "$rel ${d#*-}" >>"$tmp/files"
    done

    # the includes: "relpath line header" (quoted or angle-bracketed)
    : >"$tmp/includes"
    while read -r rel slug; do
        awk -v f="$rel" '
            /^[ \t]*#[ \t]*include[ \t]*["<]/ {
                s = $0
                sub(/^[ \t]*#[ \t]*include[ \t]*["<]/, "", s)
                sub(/[">].*$/, "", s)
                print f, FNR, s
            }' "$top/$rel" >>"$tmp/includes"
    done <"$tmp/files"

    # now judge, in awk: chapters, file chapters, then includes
    awk -v top="$top" '
        FILENAME == ARGV[1] { num[$1] = $2 + 0; dir[$1] = $3; next }
        FILENAME == ARGV[2] {
            if (!($2 in num)) {
                printf "%s: chapter \"%s\" is not a chapters/NN-%s directory (nor in docs/planned-chapters.txt)\n", $1, $2, $2
                bad++
                next
            }
            ch[$1] = $2
            next
        }
        {
            file = $1; line = $2; inc = $3
            if (!(file in ch)) next           # its own chapter was an error already
            # resolve: relative to the including file, then src/
            d = file; sub(/\/[^\/]*$/, "", d)
            target = ""
            cand = d "/" inc
            while (cand ~ /\/\.\//) sub(/\/\.\//, "/", cand)
            while (cand ~ /[^\/]+\/\.\.\//) sub(/[^\/]+\/\.\.\//, "", cand)
            if (cand ~ /^src\/[^\/]+$/ && (cand in ch)) target = cand
            else if (("src/" inc) in ch) target = "src/" inc
            if (target == "") next            # not a src/ header: system, config.h, exercise.h ...
            if (num[ch[target]] > num[ch[file]]) {
                printf "%s:%s: includes \"%s\" (%s, chapter %s) but is itself in chapter %s (%s): " \
                       "a file of chapter N may include headers of chapters <= N only\n",
                       file, line, inc, target, dir[ch[target]], dir[ch[file]], ch[file]
                bad++
            }
            checked++
        }
        END {
            if (bad == 0)
                printf "check-layering: %d includes of src/ headers checked in %s, none reaches a later chapter\n",
                       checked, top
            exit bad > 0
        }' "$tmp/chapters" "$tmp/files" "$tmp/includes"
    rc=$?
    rm -rf "$tmp"
    [ $errs -eq 0 ] && [ $rc -eq 0 ]
}

# ---- the self-test: fake trees that must fail (and one that must pass) ---
self_test() {
    st=$(mktemp -d "${TMPDIR:-/tmp}/mm-layering-selftest.XXXXXX") || return 2
    fails=0

    mk() {  # FILE CONTENTS...
        mkdir -p "$(dirname "$st/$1")"
        f=$1; shift
        printf '%s\n' "$@" >"$st/$f"
    }
    good_tree() {
        rm -rf "$st/t"; mkdir -p "$st/t/chapters/01-one" "$st/t/chapters/02-two" "$st/t/src"
        mk t/src/one.h '/**' ' * @file one.h' ' * @chapter{one}' ' */'
        mk t/src/one.c '/**' ' * @chapter{one}' ' */' '#include "one.h"' '#include <stdio.h>'
        mk t/src/two.h '/**' ' * @chapter{two}' ' */' '#include "one.h"'
        mk t/src/two.c '/** @chapter{two} */' '#include "two.h"' '#include "config.h"'
        mk t/chapters/02-two/prog.c '#include "two.h"' '#include <one.h>'
        mk t/exercises/02-two/ex/starter.c '#include "exercise.h"' '#include "two.h"'
        mk t/exercises/02-two/ex/exercise.h '#include "../../../src/one.h"'
    }
    expect() {  # pass|fail PATTERN DESCRIPTION
        out=$(MM_SRCDIR="$st/t" sh "$me" --no-self-test 2>&1)
        rc=$?
        if [ "$1" = pass ] && [ $rc -ne 0 ]; then
            echo "self-test FAILED ($3): the check should pass, said:"; echo "$out"; fails=$((fails + 1))
        elif [ "$1" = fail ] && [ $rc -eq 0 ]; then
            echo "self-test FAILED ($3): the check should fail, said:"; echo "$out"; fails=$((fails + 1))
        elif ! printf '%s\n' "$out" | grep -q -- "$2"; then
            echo "self-test FAILED ($3): no message matching \"$2\" in:"; echo "$out"; fails=$((fails + 1))
        else
            echo "self-test ok: $3"
        fi
    }

    good_tree
    expect pass 'none reaches a later chapter' 'a layered tree passes'

    good_tree
    mk t/src/one.c '/** @chapter{one} */' '#include "one.h"' '' '  #  include "two.h"'
    expect fail 'src/one.c:4: includes "two.h" (src/two.h, chapter 02-two) but is itself in chapter 01-one' \
        'a src file including a later header fails'

    good_tree
    mk t/chapters/01-one/prog.c '#include <two.h>'
    expect fail 'chapters/01-one/prog.c:1: includes "two.h"' 'a stage program including a later header fails'

    good_tree
    mk t/exercises/01-one/ex/tests.c '#include "../../../src/two.h"'
    expect fail 'exercises/01-one/ex/tests.c:1: includes "../../../src/two.h"' \
        'an exercise including a later header by path fails'

    good_tree
    mk t/src/three.h '/* no chapter here */'
    expect fail 'src/three.h: no @chapter{slug}' 'a src file without @chapter fails'

    good_tree
    mk t/docs/planned-chapters.txt '# NUMBER SLUG TITLE' '03 three Three, planned'
    mk t/src/three.h '/** @chapter{three} */' '#include "two.h"'
    expect pass 'none reaches a later chapter' 'a file of a planned chapter may include earlier headers'
    mk t/src/two.c '/** @chapter{two} */' '#include "three.h"'
    expect fail 'src/two.c:2: includes "three.h" (src/three.h, chapter 03-three(planned))' \
        'including a header of a later planned chapter fails'

    good_tree
    mk t/src/nine.h '/** @chapter{nine} */'
    expect fail 'src/nine.h: chapter "nine" is not a chapters/NN-nine directory' 'an unknown slug fails'

    good_tree
    mk t/exercises/07-seven/ex/starter.c '#include "one.h"'
    expect fail 'exercises/07-seven/ex/starter.c: chapter "seven"' 'an exercise of an unknown chapter fails'

    rm -rf "$st"
    [ $fails -eq 0 ]
}

top=${MM_SRCDIR:-${srcdir:-$(dirname "$0")/..}}
case ${1-} in
--self-test)    self_test ;;
--no-self-test) check_tree "$top" ;;
'')             self_test || { echo "check-layering: its self-test failed"; exit 1; }
                check_tree "$top" ;;
*)              echo "usage: $0 [--self-test | --no-self-test]" >&2; exit 2 ;;
esac
