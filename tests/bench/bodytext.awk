# bodytext.awk — the text of an event page as plain paragraphs, one per
# line, for the bench's floor (floor.c): the front matter's title and
# description, then the Markdown body with its markup removed (heading
# marks, emphasis, list markers, table bars, link targets, images, HTML
# tags).  Crude on purpose: it only has to give the floor about the same
# characters booklet sets.  Byte-safe awk (ASCII patterns only).
#
#     awk -f tests/bench/bodytext.awk event.md > event.txt

function flush() { if (para != "") print para; para = "" }
function unquote(s) {
  sub(/^[^:]*:[ \t]*/, "", s)
  gsub(/^["']|["'][ \t]*$/, "", s)
  return s
}
NR == 1 && /^---[ \t]*$/ { fm = 1; next }
fm && /^(---|\.\.\.)[ \t]*$/ { fm = 0; next }
fm {
  if ($0 ~ /^(title|description):/) print unquote($0)
  next
}
/^```/ { code = !code; flush(); next }
/^[ \t]*$/ { flush(); next }
/^[ \t]*\|?[ \t:]*-+[ \t:]*(\|[ \t:]*-+[ \t:]*)*\|?[ \t]*$/ { next }
{
  s = $0
  gsub(/!\[[^]]*\]\([^)]*\)/, "", s)          # images
  while (match(s, /\[[^]]*\]\([^)]*\)/)) {      # links: keep the label
    t = substr(s, RSTART, RLENGTH)
    sub(/^\[/, "", t); sub(/\]\(.*$/, "", t)
    s = substr(s, 1, RSTART - 1) t substr(s, RSTART + RLENGTH)
  }
  gsub(/<[^>]*>/, "", s)                        # HTML tags
  sub(/^[ \t]*#+[ \t]*/, "", s)                 # headings
  sub(/^[ \t]*>[ \t]*/, "", s)                  # quotes
  sub(/^[ \t]*([-*+]|[0-9]+\.)[ \t]+/, "", s)   # list items
  gsub(/\*\*|__|\*|`|~~/, "", s)                # emphasis, code
  if (s ~ /\|/) {                               # table row: cells
    gsub(/[ \t]*\|[ \t]*/, "|", s)
    gsub(/^\||\|$/, "", s)
    gsub(/\|/, "  ", s)
    flush(); print s; next
  }
  if (s == "") next
  para = para (para == "" ? "" : " ") s
}
END { flush() }
