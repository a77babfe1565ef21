#!/bin/sh
# event.sh — end-to-end tests of the cover's facts (issue 15: "the cover
# tells the truth").  `make e2e` runs it as
#
#     BOOKLET=build/booklet sh tests/e2e/event.sh
#
# It writes its own small event pages (Chinese and English, made up here)
# whose front-matter `date` is the post's publication date and differs
# from the event's day written in the body, renders them, and reads the
# PDF's text layer (pdftotext, page by page):
#   - the cover (page 1) shows the body's day, time and place in the
#     page's language ("2019年3月24日 周日 13:00–17:00", "Monday, 24 June
#     2019, 18:30–21:00 (UTC+8)") and the publication date nowhere, in no
#     form;
#   - a recap page (the post's date only) shows no date at all;
#   - a date heading gives the day; a page label ("program") is not the
#     name, the page's H1 is;
#   - the agenda's header line, the back cover and the handout (--layout
#     handout) show the same day;
#   - a speaker's bio written in Markdown in the front matter prints as
#     text and a link (no brackets, no "&amp;", no ":shortcode:"), and the
#     link is a link annotation to its address (qpdf --json);
#   - a venue its street address already holds is printed once.
#
# Prints `ok - NAME` / `FAIL - NAME: why`, then `N passed, N failed`; exit
# status 1 when any check failed (tests/e2e/lib.sh, the harness).
# Outputs go to $E2E_OUT/event (default tests/out/event), cleaned first.
# Environment: BOOKLET (binary), BOOKLET_TIMEOUT (seconds per run, 120).

cd "$(dirname "$0")/../.." || exit 2
. tests/e2e/lib.sh

need_booklet
need notok pdftotext pdfinfo qpdf

out_dir event

# ---- the pages ---------------------------------------------------------------

cat >"$OUT/zh.md" <<'EOF'
---
title: "示例开源沙龙第 8 期：边缘计算"
date: 2019-03-01T10:12:33+08:00
apply_url: https://example.org/salon/8/apply
---

## 活动信息

- **活动时间**：3 月 24 日（周日）下午 1:00 - 5:00
- **活动地点**：示例市示例路 88 号 3 楼

## 议程

| 时间 | 议题 | 讲师 |
| --- | --- | --- |
| 13:00-13:30 | 签到 | |
| 13:30-14:20 | 边缘节点上的任务调度 | 陈一苇 |
| 14:30-15:20 | 弱网环境下的配置下发 | 吴晓禾 |

## 边缘节点上的任务调度

讲师：陈一苇，示例云 资深工程师

边缘节点资源少、网络差，调度器该怎么取舍。

## 弱网环境下的配置下发

讲师：吴晓禾，样例科技 架构师

配置下发在弱网下的一致性与时延。
EOF

cat >"$OUT/en.md" <<'EOF'
---
title: "Example Rust Evening"
date: 2019-06-01
registration: https://example.org/rust/rsvp
speakers:
  - name: Ada Roe
    bio: |
      Ada works at [Acme Widgets](https://acme.example/) &amp; writes
      *compilers* :tada:.

      - parsers
      - linkers
---

Join us for an evening of talks about systems programming in Rust.

- Date: Monday, June 24
- Time: 6:30 - 9:00 pm (UTC+8)
- Where: Example Hall, 12 Sample Street

## Talks

### Fast Widgets

Speaker: Ada Roe

How widgets got fast.
EOF

cat >"$OUT/recap.md" <<'EOF'
---
title: "示例 Meetup 第 3 期回顾"
date: 2019-10-28T10:41:54+08:00
---

上周的示例 Meetup 第 3 期圆满结束，感谢各位讲师与观众。下面是各场分享的要点。

## 第一场

讲师：沈清和

分享了服务发现的演进。
EOF

cat >"$OUT/label.md" <<'EOF'
---
title: program
date: 2025-03-02
---

# Example Compiler Night

#### Wednesday, 23 April 2025 5:30pm

Two talks on compilers, then questions.
EOF

run() { # name args...: runs booklet, keeps stderr in $OUT/name.err
  name=$1
  shift
  timed "$BOOKLET" "$@" 2>"$OUT/$name.err"
  rc=$?
}

page_text() { # pdf page → stdout
  pdftotext -layout -f "$2" -l "$2" "$1" - 2>/dev/null | tr -s ' '
}

has() { # name text needle...: ok when every needle is in text
  name=$1 text=$2
  shift 2
  for n in "$@"; do
    case $text in
      *"$n"*) ;;
      *) notok "$name" "'$n' not found in: $(printf '%s' "$text" | head -c 300)"
         return ;;
    esac
  done
  ok "$name"
}

hasnt() { # name text needle...: ok when no needle is in text
  name=$1 text=$2
  shift 2
  for n in "$@"; do
    case $text in
      *"$n"*) notok "$name" "'$n' found in: $(printf '%s' "$text" | head -c 300)"
              return ;;
    esac
  done
  ok "$name"
}

# ---- Chinese: the body's day, not the post's --------------------------------------

run zh "$OUT/zh.md" -o "$OUT/zh.pdf"
if [ "$rc" -eq 0 ] && [ -s "$OUT/zh.pdf" ]; then
  ok "zh: rendered"
  cover=$(page_text "$OUT/zh.pdf" 1)
  has "zh: cover gives the body's day and time" "$cover" \
    "2019年3月24日 周日 13:00–17:00" "示例市示例路 88 号 3 楼"
  hasnt "zh: cover never gives the post's date" "$cover" \
    "3月1日" "2019-03-01" "2019/3/1" "10:12"
  all=$(pdftotext -layout "$OUT/zh.pdf" - 2>/dev/null | tr -s ' ')
  n=$(printf '%s' "$all" | grep -c "2019年3月24日 周日 13:00–17:00")
  if [ "$n" -ge 3 ]; then
    ok "zh: cover, agenda header and back cover give the day ($n lines)"
  else
    notok "zh: cover, agenda header and back cover give the day" \
      "$n lines hold it"
  fi
  agenda=$(printf '%s\n' "$all" | grep -A2 -x " *议程 *" | head -n 3)
  has "zh: the agenda's header line" "$agenda" "2019年3月24日 周日"
  pages=$(pdf_pages "$OUT/zh.pdf")
  back=$(page_text "$OUT/zh.pdf" "$pages")
  has "zh: back cover" "$back" "2019年3月24日 周日 13:00–17:00"
else
  notok "zh: rendered" "exit $rc: $(head -n 3 "$OUT/zh.err")"
fi

run handout --layout handout "$OUT/zh.md" -o "$OUT/handout.pdf"
if [ "$rc" -eq 0 ]; then
  has "handout: the body's day" "$(page_text "$OUT/handout.pdf" 1)" \
    "2019年3月24日 周日 13:00–17:00" "示例市示例路 88 号 3 楼"
else
  notok "handout: the body's day" "exit $rc: $(head -n 3 "$OUT/handout.err")"
fi

# ---- English ------------------------------------------------------------------

run en "$OUT/en.md" -o "$OUT/en.pdf"
if [ "$rc" -eq 0 ] && [ -s "$OUT/en.pdf" ]; then
  ok "en: rendered"
  cover=$(page_text "$OUT/en.pdf" 1)
  has "en: cover gives the body's day, time and zone" "$cover" \
    "Monday, 24 June 2019, 18:30–21:00 (UTC+8)" "Example Hall" \
    "12 Sample Street"
  hasnt "en: cover never gives the post's date" "$cover" \
    "1 June" "June 1" "2019-06-01" "Saturday"
  all=$(pdftotext "$OUT/en.pdf" - 2>/dev/null | tr '\n' ' ' | tr -s ' ')
  has "en: front-matter bio printed as text" "$all" \
    "Ada works at Acme Widgets & writes compilers" "parsers" "linkers"
  hasnt "en: no Markdown or entities left in the bio" "$all" \
    "](https" "&amp;" ":tada:" "[Acme"
  if qpdf --json "$OUT/en.pdf" 2>/dev/null | grep -q '"/URI": "u:https://acme.example/"'; then
    ok "en: the bio's link is a link"
  else
    notok "en: the bio's link is a link" "no link annotation to https://acme.example/"
  fi
else
  notok "en: rendered" "exit $rc: $(head -n 3 "$OUT/en.err")"
fi

# ---- a recap: no day at all ---------------------------------------------------------

run recap "$OUT/recap.md" -o "$OUT/recap.pdf"
if [ "$rc" -eq 0 ]; then
  hasnt "recap: the post's date is not the event's" \
    "$(page_text "$OUT/recap.pdf" 1)" "2019" "10月28日" "周一"
else
  notok "recap: rendered" "exit $rc: $(head -n 3 "$OUT/recap.err")"
fi

# ---- a page label and a date heading -------------------------------------------------

run label "$OUT/label.md" -o "$OUT/label.pdf"
if [ "$rc" -eq 0 ]; then
  cover=$(page_text "$OUT/label.pdf" 1)
  has "label: the H1 names the event, the heading gives the day" "$cover" \
    "Example Compiler Night" "Wednesday, 23 April 2025, 17:30"
  hasnt "label: not the page label, not the post's date" "$cover" \
    "program" "2 March" "2025-03-02"
else
  notok "label: rendered" "exit $rc: $(head -n 3 "$OUT/label.err")"
fi

# ---- a venue its street address already holds: printed once ---------------------

cat >"$OUT/venue.md" <<'EOF2'
---
title: 示例开源大会
venue: "成都 · 示例会议中心 3 层"
address: "成都市示例新区 示例会议中心 3 层"
---

## 议程

- 2025年11月21日 09:00 开场
EOF2
run venue "$OUT/venue.md" -o "$OUT/venue.pdf"
if [ "$rc" -eq 0 ]; then
  cover=$(page_text "$OUT/venue.pdf" 1 | tr -d ' ')
  n=$(printf '%s\n' "$cover" | grep -o "示例会议中心3层" | wc -l)
  [ "$n" -eq 1 ] && ok "venue: printed once when the address holds it" ||
    notok "venue: printed once when the address holds it" "$n times: $cover"
else
  notok "venue: rendered" "exit $rc: $(head -n 3 "$OUT/venue.err")"
fi

finish
