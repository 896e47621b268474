#!/bin/sh
# docs/gen-pages.sh SRCDIR OUTDIR DOXYGEN -- the generated parts of the book.
#
# `make doc` runs this before Doxygen.  From docs/planned-chapters.txt (the
# chapters of the plan: NUMBER SLUG TITLE) it writes, in OUTDIR:
#
#   planned.md  the page "Planned chapters", with a section labelled SLUG for
#               every chapter whose chapters/NN-SLUG/README.md does not exist
#               yet.  So "\subpage SLUG" in docs/book.md and @chapter{SLUG}
#               in a source file written ahead of its chapter text resolve
#               (to a short "planned" note) instead of failing the build.
#               When the README.md lands, its "# Title {#SLUG}" takes the
#               label over.
#
#   layout.xml  Doxygen's default layout (from `doxygen -l`) with a
#               "Chapters" entry in the navigation tree, listing the chapters
#               in reading order.  (Doxygen 1.9.4 leaves the subpages of the
#               main page out of its tree view -- upstream issue 9616 -- so
#               without this the side bar would not show the book's chapters.)
#
# Only reads SRCDIR; writes only OUTDIR.

set -e
srcdir=$1
outdir=$2
doxygen=${3:-doxygen}
plan=$srcdir/docs/planned-chapters.txt

test -f "$plan" || { echo "gen-pages: $plan is missing" >&2; exit 1; }
mkdir -p "$outdir"

# readme SLUG: the chapter's README.md, if written ("" otherwise).
readme() {
    for f in "$srcdir"/chapters/*-"$1"/README.md; do
        if test -f "$f"; then echo "$f"; return; fi
    done
}

# xml TEXT: TEXT with XML's special characters escaped.
xml() {
    printf '%s' "$1" | sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g' -e 's/"/\&quot;/g'
}

# ---- planned.md ---------------------------------------------------------
{
    echo '# Planned chapters {#planned}'
    echo
    echo 'The book grows one chapter at a time.  The chapters below are part'
    echo 'of the plan but their text is not written yet; source files that'
    echo 'will belong to them may already exist (their headers link here).'
    n=0
    while read -r num slug title; do
        case $num in ''|'#'*) continue ;; esac
        test -n "$(readme "$slug")" && continue
        n=$((n + 1))
        echo
        echo "## ${num#0}. $title (planned) {#$slug}"
        echo
        echo "To be written in \`chapters/$num-$slug/\`."
    done < "$plan"
    if test "$n" -eq 0; then
        echo
        echo 'None: every chapter of the plan is written.'
    fi
} > "$outdir/planned.md.tmp"
mv "$outdir/planned.md.tmp" "$outdir/planned.md"

# ---- layout.xml ---------------------------------------------------------
"$doxygen" -l "$outdir/layout-default.xml" > /dev/null
entries=$outdir/layout-chapters.xml.tmp
{
    echo '    <tab type="usergroup" visible="yes" title="Chapters" url="[none]">'
    while read -r num slug title; do
        case $num in ''|'#'*) continue ;; esac
        label="${num#0}. $title"
        test -n "$(readme "$slug")" || label="$label (planned)"
        echo "      <tab type=\"user\" visible=\"yes\" url=\"@ref $slug\" title=\"$(xml "$label")\"/>"
    done < "$plan"
    echo '      <tab type="user" visible="yes" url="@ref architecture" title="How minimail is built"/>'
    if test -f "$srcdir/exercises/README.md"; then
        echo '      <tab type="user" visible="yes" url="@ref md_exercises_README" title="Exercises"/>'
    fi
    echo '    </tab>'
} > "$entries"
# Insert the group right after the main page's tab.
awk -v entries="$entries" '
    { print }
    /<tab type="mainpage"/ && !done {
        while ((getline line < entries) > 0) print line
        done = 1
    }' "$outdir/layout-default.xml" > "$outdir/layout.xml.tmp"
grep -q 'title="Chapters"' "$outdir/layout.xml.tmp" || {
    echo "gen-pages: no mainpage tab in doxygen's default layout" >&2
    exit 1
}
mv "$outdir/layout.xml.tmp" "$outdir/layout.xml"
rm -f "$entries" "$outdir/layout-default.xml"
