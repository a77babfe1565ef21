/* extract_text.c — the readers of short texts for the extract stage: cue
 * words at the start of a line ("讲师：", "**Time:**", "【嘉宾】"), times and
 * dates ("下午 1:00", "19：00-20：00", "2020/5/6（周三）"), people in a
 * speaker line ("肖涵（涵畅）蚂蚁金服高级技术专家", "Maya Okafor, Staff
 * Engineer at Larchwood", "鲁直 、涵畅 、张超盟"), talk titles with their
 * decoration ("议题1：《…》》") and speakers written inside titles.
 *
 * Everything here reads one string and returns new strings; nothing looks
 * at the Markdown tree or the model (extract.c and extract_talk.c do), and
 * nothing knows any one page: the rules are about how pages are written.
 * All scans are linear in the text, or bounded by a small window. */
#include "extract_int.h"

#include <ctype.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* ---- UTF-8 and small helpers --------------------------------------------- */

uint32_t ex_cp(const char *s, size_t *len) {
  if (!*s) {
    *len = 0;
    return 0;
  }
  size_t n = 1;
  while (n < 4 && s[n])
    n++;
  return utf8_decode(s, n, len);
}

int ex_is_space(uint32_t cp) {
  return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0x3000 ||
         cp == 0xA0;
}

int ex_is_sep_cp(uint32_t cp) {
  switch (cp) {
  case ',': case 0xFF0C: case 0x3001: case ';': case 0xFF1B: case ':':
  case 0xFF1A: case '|': case 0xFF5C: case '/': case 0xFF0F: case '-':
  case 0x2013: case 0x2014: case 0x00B7: case 0x2022: case 0xFF0D: case '~':
  case 0xFF5E:
    return 1;
  default:
    return ex_is_space(cp);
  }
}

const char *ex_skip_spaces(const char *s) {
  size_t k;
  while (*s && ex_is_space(ex_cp(s, &k)))
    s += k;
  return s;
}

char *ex_trimn(const char *s, size_t n) {
  char *c = xstrndup(s, n);
  char *t = util_trim(c);
  free(c);
  return t;
}

/* Byte length of s without trailing code points for which drop() is 1. */
size_t ex_rtrim_len(const char *s, size_t n, int (*drop)(uint32_t)) {
  while (n) {
    size_t b = n - 1;
    while (b && ((unsigned char)s[b] & 0xC0) == 0x80)
      b--;
    size_t k;
    if (!drop(ex_cp(s + b, &k)))
      break;
    n = b;
  }
  return n;
}

int ex_is_end_sep(uint32_t cp) {
  return ex_is_sep_cp(cp) || cp == 0x3002 || cp == '.';
}

char *ex_trim_seps(const char *s) {
  size_t k;
  while (*s && ex_is_sep_cp(ex_cp(s, &k)))
    s += k;
  return xstrndup(s, ex_rtrim_len(s, strlen(s), ex_is_end_sep));
}

char *ex_fold(const char *s) {
  strbuf b = {0};
  size_t k;
  for (; *s; s += k) {
    uint32_t cp = ex_cp(s, &k);
    if (cp < 0x80) {
      if (isalnum((int)cp))
        sb_addc(&b, (char)tolower((int)cp));
    } else if (utf8_is_han(cp) || (cp >= 0xC0 && cp < 0x2000) ||
               (cp >= 0xFF10 && cp <= 0xFF19) || (cp >= 0xFF21 && cp <= 0xFF5A)) {
      if (cp >= 0xFF10 && cp <= 0xFF5A) /* full-width letters and digits */
        sb_addc(&b, (char)tolower((int)(cp - 0xFEE0)));
      else
        sb_addn(&b, s, k);
    }
  }
  return sb_take(&b);
}

size_t ex_cps(const char *s) {
  size_t n = 0, k;
  for (; *s; s += k, n++)
    ex_cp(s, &k);
  return n;
}

int ex_has_han(const char *s) {
  size_t k;
  for (; s && *s; s += k)
    if (utf8_is_han(ex_cp(s, &k)))
      return 1;
  return 0;
}

const char *ex_casestr(const char *hay, const char *needle) {
  size_t n = strlen(needle);
  int c0 = tolower((unsigned char)needle[0]);
  for (; *hay; hay++)
    if (tolower((unsigned char)*hay) == c0 && !strncasecmp(hay, needle, n))
      return hay;
  return NULL;
}

int ex_is_digit_at(const char *s) { return *s >= '0' && *s <= '9'; }

size_t ex_marker_len(const char *s) {
  const char *p = s;
  size_t k;
  uint32_t cp = ex_cp(p, &k);
  if (ex_is_digit_at(p)) {
    while (ex_is_digit_at(p))
      p++;
    if (p - s > 2)
      return 0;
    cp = ex_cp(p, &k);
    /* "1、" "1." "1．" "1)" "1）" "1:"; "1.5 倍" is a number */
    if (cp == 0x3001 || cp == 0xFF0E || cp == ')' || cp == 0xFF09)
      p += k;
    else if (cp == '.' && !ex_is_digit_at(p + 1))
      p++;
    else
      return 0;
  } else if (cp == '(' || cp == 0xFF08) {
    p += k;
    if (!ex_is_digit_at(p))
      return 0;
    while (ex_is_digit_at(p))
      p++;
    cp = ex_cp(p, &k);
    if (cp != ')' && cp != 0xFF09)
      return 0;
    p += k;
  } else if (cp >= 0x2460 && cp <= 0x2473) { /* ① .. ⑳ */
    p += k;
  } else if (cp == '-' || cp == '*' || cp == 0x2022 || cp == 0x00B7) {
    size_t k2;
    if (!ex_is_space(ex_cp(p + k, &k2)))
      return 0;
    p += k;
  } else {
    return 0;
  }
  return (size_t)(ex_skip_spaces(p) - s);
}

char *ex_find_url(const char *s) {
  const char *p = strstr(s, "http");
  while (p && strncmp(p, "http://", 7) && strncmp(p, "https://", 8))
    p = strstr(p + 4, "http");
  if (!p)
    return NULL;
  const char *e = p;
  while (*e && (unsigned char)*e > ' ' && (unsigned char)*e < 0x80 && *e != ')' &&
         *e != '>' && *e != '"')
    e++;
  return xstrndup(p, (size_t)(e - p));
}

/* ---- cue words ------------------------------------------------------------ */

typedef struct cue_entry {
  const char *key; /* folded: no spaces, ASCII lowercase */
  ex_cue kind;     /* what it announces */
} cue_entry;

static cue_entry cues[] = {
    /* speakers */
    {"主讲人", EX_CUE_SPEAKER}, {"主讲", EX_CUE_SPEAKER},
    {"讲师", EX_CUE_SPEAKER}, {"嘉宾", EX_CUE_SPEAKER},
    {"分享嘉宾", EX_CUE_SPEAKER}, {"分享人", EX_CUE_SPEAKER},
    {"分享者", EX_CUE_SPEAKER}, {"演讲者", EX_CUE_SPEAKER},
    {"演讲人", EX_CUE_SPEAKER}, {"讲者", EX_CUE_SPEAKER},
    {"演讲嘉宾", EX_CUE_SPEAKER}, {"特邀嘉宾", EX_CUE_SPEAKER},
    {"主持人", EX_CUE_SPEAKER}, {"主持", EX_CUE_SPEAKER},
    {"圆桌嘉宾", EX_CUE_SPEAKER}, {"对话嘉宾", EX_CUE_SPEAKER},
    {"圆桌主持", EX_CUE_SPEAKER}, {"嘉宾主持", EX_CUE_SPEAKER},
    {"speaker", EX_CUE_SPEAKER}, {"speakers", EX_CUE_SPEAKER},
    {"presenter", EX_CUE_SPEAKER}, {"presenters", EX_CUE_SPEAKER},
    {"presentedby", EX_CUE_SPEAKER}, {"panelists", EX_CUE_SPEAKER},
    {"panelist", EX_CUE_SPEAKER}, {"moderator", EX_CUE_SPEAKER},
    {"moderators", EX_CUE_SPEAKER}, {"分享讲师", EX_CUE_SPEAKER},
    {"演讲讲师", EX_CUE_SPEAKER}, {"sharingguests", EX_CUE_SPEAKER},
    {"sharingguest", EX_CUE_SPEAKER}, {"guestspeaker", EX_CUE_SPEAKER},
    {"guestspeakers", EX_CUE_SPEAKER},
    /* bios */
    {"讲师简介", EX_CUE_BIO}, {"讲师介绍", EX_CUE_BIO},
    {"嘉宾简介", EX_CUE_BIO}, {"嘉宾介绍", EX_CUE_BIO},
    {"讲者简介", EX_CUE_BIO}, {"讲者介绍", EX_CUE_BIO},
    {"主讲人简介", EX_CUE_BIO}, {"主讲人介绍", EX_CUE_BIO},
    {"分享嘉宾介绍", EX_CUE_BIO}, {"分享嘉宾简介", EX_CUE_BIO},
    {"分享人简介", EX_CUE_BIO}, {"分享人介绍", EX_CUE_BIO},
    {"分享者简介", EX_CUE_BIO}, {"演讲者简介", EX_CUE_BIO},
    {"演讲者介绍", EX_CUE_BIO}, {"演讲嘉宾介绍", EX_CUE_BIO},
    {"演讲嘉宾简介", EX_CUE_BIO}, {"个人简介", EX_CUE_BIO},
    {"个人介绍", EX_CUE_BIO}, {"讲师背景", EX_CUE_BIO},
    {"嘉宾背景", EX_CUE_BIO}, {"讲师履历", EX_CUE_BIO},
    {"嘉宾履历", EX_CUE_BIO}, {"bio", EX_CUE_BIO}, {"bios", EX_CUE_BIO},
    {"biography", EX_CUE_BIO}, {"speakerbio", EX_CUE_BIO},
    {"speakerbios", EX_CUE_BIO}, {"aboutthespeaker", EX_CUE_BIO},
    {"aboutthespeakers", EX_CUE_BIO}, {"aboutthepresenter", EX_CUE_BIO},
    {"讲者信息", EX_CUE_BIO}, {"讲师信息", EX_CUE_BIO}, {"嘉宾信息", EX_CUE_BIO},
    {"演讲者信息", EX_CUE_BIO},
    /* abstracts */
    {"议题简介", EX_CUE_ABSTRACT}, {"议题摘要", EX_CUE_ABSTRACT},
    {"议题介绍", EX_CUE_ABSTRACT}, {"议题描述", EX_CUE_ABSTRACT},
    {"议题内容", EX_CUE_ABSTRACT}, {"议题背景", EX_CUE_ABSTRACT},
    {"演讲简介", EX_CUE_ABSTRACT}, {"演讲摘要", EX_CUE_ABSTRACT},
    {"演讲介绍", EX_CUE_ABSTRACT}, {"演讲内容", EX_CUE_ABSTRACT},
    {"分享简介", EX_CUE_ABSTRACT}, {"分享介绍", EX_CUE_ABSTRACT},
    {"分享内容", EX_CUE_ABSTRACT}, {"分享摘要", EX_CUE_ABSTRACT},
    {"内容简介", EX_CUE_ABSTRACT}, {"内容介绍", EX_CUE_ABSTRACT},
    {"内容摘要", EX_CUE_ABSTRACT}, {"话题简介", EX_CUE_ABSTRACT},
    {"话题介绍", EX_CUE_ABSTRACT}, {"主题简介", EX_CUE_ABSTRACT},
    {"主题介绍", EX_CUE_ABSTRACT}, {"课程简介", EX_CUE_ABSTRACT},
    {"topic简介", EX_CUE_ABSTRACT}, {"topic介绍", EX_CUE_ABSTRACT},
    {"talk简介", EX_CUE_ABSTRACT}, {"摘要", EX_CUE_ABSTRACT},
    {"abstract", EX_CUE_ABSTRACT}, {"description", EX_CUE_ABSTRACT},
    {"summary", EX_CUE_ABSTRACT}, {"talkabstract", EX_CUE_ABSTRACT},
    {"talkdescription", EX_CUE_ABSTRACT}, {"talksummary", EX_CUE_ABSTRACT},
    {"sessiondescription", EX_CUE_ABSTRACT},
    {"sessionabstract", EX_CUE_ABSTRACT}, {"synopsis", EX_CUE_ABSTRACT},
    {"aboutthetalk", EX_CUE_ABSTRACT}, {"aboutthesession", EX_CUE_ABSTRACT},
    {"议题详情", EX_CUE_ABSTRACT}, {"话题详情", EX_CUE_ABSTRACT},
    {"主题详情", EX_CUE_ABSTRACT}, {"演讲详情", EX_CUE_ABSTRACT},
    {"演讲概要", EX_CUE_ABSTRACT}, {"分享概要", EX_CUE_ABSTRACT},
    {"内容概要", EX_CUE_ABSTRACT}, {"topicdetails", EX_CUE_ABSTRACT},
    {"talkdetails", EX_CUE_ABSTRACT}, {"sessiondetails", EX_CUE_ABSTRACT},
    /* outlines */
    {"大纲", EX_CUE_OUTLINE}, {"提纲", EX_CUE_OUTLINE},
    {"议题大纲", EX_CUE_OUTLINE}, {"内容大纲", EX_CUE_OUTLINE},
    {"演讲大纲", EX_CUE_OUTLINE}, {"分享大纲", EX_CUE_OUTLINE},
    {"演讲提纲", EX_CUE_OUTLINE}, {"分享提纲", EX_CUE_OUTLINE},
    {"课程大纲", EX_CUE_OUTLINE}, {"outline", EX_CUE_OUTLINE},
    {"talkoutline", EX_CUE_OUTLINE}, {"sessionoutline", EX_CUE_OUTLINE},
    /* takeaways */
    {"听众收获", EX_CUE_TAKEAWAYS}, {"听众收益", EX_CUE_TAKEAWAYS},
    {"听众受益", EX_CUE_TAKEAWAYS}, {"受众收益", EX_CUE_TAKEAWAYS},
    {"受众收获", EX_CUE_TAKEAWAYS}, {"观众收获", EX_CUE_TAKEAWAYS},
    {"你将收获", EX_CUE_TAKEAWAYS}, {"您将收获", EX_CUE_TAKEAWAYS},
    {"你将获得", EX_CUE_TAKEAWAYS}, {"您将获得", EX_CUE_TAKEAWAYS},
    {"你将了解", EX_CUE_TAKEAWAYS}, {"您将了解", EX_CUE_TAKEAWAYS},
    {"你将学到", EX_CUE_TAKEAWAYS}, {"您将学到", EX_CUE_TAKEAWAYS},
    {"你能学到", EX_CUE_TAKEAWAYS}, {"您能学到", EX_CUE_TAKEAWAYS},
    {"你可以学到", EX_CUE_TAKEAWAYS}, {"收获", EX_CUE_TAKEAWAYS},
    {"收益", EX_CUE_TAKEAWAYS}, {"学习收获", EX_CUE_TAKEAWAYS},
    {"参会收获", EX_CUE_TAKEAWAYS}, {"takeaways", EX_CUE_TAKEAWAYS},
    {"takeaway", EX_CUE_TAKEAWAYS}, {"keytakeaways", EX_CUE_TAKEAWAYS},
    {"youwilllearn", EX_CUE_TAKEAWAYS}, {"you'lllearn", EX_CUE_TAKEAWAYS},
    {"whatyouwilllearn", EX_CUE_TAKEAWAYS},
    {"whatyou'lllearn", EX_CUE_TAKEAWAYS},
    {"audiencetakeaways", EX_CUE_TAKEAWAYS},
    {"whatyouwillget", EX_CUE_TAKEAWAYS},
    {"learningobjectives", EX_CUE_TAKEAWAYS},
    {"attendeeswilllearn", EX_CUE_TAKEAWAYS},
    /* times */
    {"时间", EX_CUE_TIME}, {"演讲时间", EX_CUE_TIME},
    {"分享时间", EX_CUE_TIME}, {"直播时间", EX_CUE_TIME},
    {"时段", EX_CUE_TIME}, {"议题时间", EX_CUE_TIME}, {"time", EX_CUE_TIME},
    {"when", EX_CUE_TIME}, {"timeslot", EX_CUE_TIME},
    /* topics */
    {"议题", EX_CUE_TOPIC}, {"题目", EX_CUE_TOPIC},
    {"演讲主题", EX_CUE_TOPIC}, {"分享主题", EX_CUE_TOPIC},
    {"演讲题目", EX_CUE_TOPIC}, {"分享题目", EX_CUE_TOPIC},
    {"主题", EX_CUE_TOPIC}, {"话题", EX_CUE_TOPIC},
    {"演讲议题", EX_CUE_TOPIC}, {"分享议题", EX_CUE_TOPIC},
    {"topic", EX_CUE_TOPIC}, {"title", EX_CUE_TOPIC}, {"talk", EX_CUE_TOPIC},
    {"session", EX_CUE_TOPIC}, {"talktitle", EX_CUE_TOPIC},
    {"sessiontitle", EX_CUE_TOPIC},
    /* links */
    {"项目地址", EX_CUE_LINK}, {"项目链接", EX_CUE_LINK},
    {"项目主页", EX_CUE_LINK}, {"开源地址", EX_CUE_LINK},
    {"代码地址", EX_CUE_LINK}, {"代码仓库", EX_CUE_LINK},
    {"视频回放", EX_CUE_LINK}, {"回放", EX_CUE_LINK},
    {"回放地址", EX_CUE_LINK}, {"回放链接", EX_CUE_LINK},
    {"视频", EX_CUE_LINK}, {"视频地址", EX_CUE_LINK},
    {"视频链接", EX_CUE_LINK}, {"幻灯片", EX_CUE_LINK}, {"幻灯", EX_CUE_LINK},
    {"录音", EX_CUE_LINK},
    {"幻灯片下载", EX_CUE_LINK}, {"ppt", EX_CUE_LINK},
    {"ppt下载", EX_CUE_LINK}, {"ppt地址", EX_CUE_LINK}, {"课件", EX_CUE_LINK},
    {"课件下载", EX_CUE_LINK}, {"资料下载", EX_CUE_LINK},
    {"演讲资料", EX_CUE_LINK}, {"演讲稿", EX_CUE_LINK},
    {"slides", EX_CUE_LINK}, {"slide", EX_CUE_LINK},
    {"slidedeck", EX_CUE_LINK}, {"video", EX_CUE_LINK},
    {"recording", EX_CUE_LINK}, {"code", EX_CUE_LINK}, {"repo", EX_CUE_LINK},
    {"repository", EX_CUE_LINK}, {"project", EX_CUE_LINK},
    {"github", EX_CUE_LINK}, {"demo", EX_CUE_LINK}, {"links", EX_CUE_LINK},
    /* roles */
    {"公司", EX_CUE_ROLE}, {"单位", EX_CUE_ROLE}, {"职位", EX_CUE_ROLE},
    {"职务", EX_CUE_ROLE}, {"头衔", EX_CUE_ROLE}, {"任职", EX_CUE_ROLE},
    {"所在公司", EX_CUE_ROLE}, {"所在单位", EX_CUE_ROLE},
    {"company", EX_CUE_ROLE}, {"affiliation", EX_CUE_ROLE},
    {"position", EX_CUE_ROLE}, {"role", EX_CUE_ROLE},
    {"organization", EX_CUE_ROLE}, {"organisation", EX_CUE_ROLE},
    {"jobtitle", EX_CUE_ROLE},
    /* the event */
    {"活动时间", EX_CUE_EV_TIME}, {"会议时间", EX_CUE_EV_TIME},
    {"举办时间", EX_CUE_EV_TIME}, {"日期", EX_CUE_EV_TIME},
    {"活动日期", EX_CUE_EV_TIME}, {"date", EX_CUE_EV_TIME},
    {"dates", EX_CUE_EV_TIME}, {"eventdate", EX_CUE_EV_TIME},
    {"地点", EX_CUE_EV_PLACE}, {"活动地点", EX_CUE_EV_PLACE},
    {"会议地点", EX_CUE_EV_PLACE}, {"举办地点", EX_CUE_EV_PLACE},
    {"地址", EX_CUE_EV_PLACE}, {"场地", EX_CUE_EV_PLACE},
    {"会场", EX_CUE_EV_PLACE}, {"活动地址", EX_CUE_EV_PLACE},
    {"venue", EX_CUE_EV_PLACE}, {"location", EX_CUE_EV_PLACE},
    {"place", EX_CUE_EV_PLACE}, {"address", EX_CUE_EV_PLACE},
    {"where", EX_CUE_EV_PLACE}, {"直播", EX_CUE_EV_LIVE},
    {"直播地址", EX_CUE_EV_LIVE}, {"直播链接", EX_CUE_EV_LIVE},
    {"直播间", EX_CUE_EV_LIVE}, {"直播入口", EX_CUE_EV_LIVE},
    {"观看地址", EX_CUE_EV_LIVE}, {"livestream", EX_CUE_EV_LIVE},
    {"live", EX_CUE_EV_LIVE}, {"stream", EX_CUE_EV_LIVE},
    {"直播回放", EX_CUE_EV_REPLAY}, {"直播回放地址", EX_CUE_EV_REPLAY},
    {"replay", EX_CUE_EV_REPLAY}, {"报名", EX_CUE_EV_REG},
    {"报名地址", EX_CUE_EV_REG}, {"报名链接", EX_CUE_EV_REG},
    {"报名方式", EX_CUE_EV_REG}, {"报名入口", EX_CUE_EV_REG},
    {"报名页面", EX_CUE_EV_REG}, {"registration", EX_CUE_EV_REG},
    {"register", EX_CUE_EV_REG}, {"rsvp", EX_CUE_EV_REG},
    {"signup", EX_CUE_EV_REG}, {"tickets", EX_CUE_EV_REG},
    {"如何报名", EX_CUE_EV_REG}, {"howtoregister", EX_CUE_EV_REG},
    {"费用", EX_CUE_EV_FEE}, {"门票", EX_CUE_EV_FEE}, {"票价", EX_CUE_EV_FEE},
    {"fee", EX_CUE_EV_FEE}, {"fees", EX_CUE_EV_FEE}, {"price", EX_CUE_EV_FEE},
    {"主办", EX_CUE_EV_ORG}, {"主办方", EX_CUE_EV_ORG},
    {"主办单位", EX_CUE_EV_ORG}, {"组织者", EX_CUE_EV_ORG},
    {"organizer", EX_CUE_EV_ORG}, {"organiser", EX_CUE_EV_ORG},
    {"organizers", EX_CUE_EV_ORG}, {"organisers", EX_CUE_EV_ORG},
    {"hostedby", EX_CUE_EV_ORG},
};

static pthread_once_t cues_once = PTHREAD_ONCE_INIT;

static int cue_cmp(const void *a, const void *b) {
  return strcmp(((const cue_entry *)a)->key, ((const cue_entry *)b)->key);
}

static void sort_cues(void) {
  qsort(cues, sizeof cues / sizeof *cues, sizeof *cues, cue_cmp);
}

/* Key folded for the table into buf (size cap): spaces dropped, ASCII
 * lowercased, ’ as '.  0 when it does not fit. */
static int fold_key(const char *key, size_t len, char *buf, size_t cap) {
  size_t o = 0, k;
  for (size_t i = 0; i < len; i += k) {
    uint32_t cp = utf8_decode(key + i, len - i, &k);
    if (ex_is_space(cp))
      continue;
    if (o + 4 >= cap)
      return 0;
    if (cp == 0x2019) {
      buf[o++] = '\'';
    } else if (cp < 0x80) {
      buf[o++] = (char)tolower((int)cp);
    } else {
      memcpy(buf + o, key + i, k);
      o += k;
    }
  }
  buf[o] = 0;
  return o > 0;
}

ex_cue extract_cue_key(const char *key, size_t len) {
  char buf[96];
  if (!fold_key(key, len, buf, sizeof buf))
    return EX_CUE_NONE;
  pthread_once(&cues_once, sort_cues);
  cue_entry probe = {buf, EX_CUE_NONE};
  const cue_entry *e = bsearch(&probe, cues, sizeof cues / sizeof *cues,
                               sizeof *cues, cue_cmp);
  return e ? e->kind : EX_CUE_NONE;
}

ex_cue extract_event_key(const char *key, size_t len) {
  ex_cue k = extract_cue_key(key, len);
  if (k != EX_CUE_NONE && k != EX_CUE_LINK)
    return k;
  char buf[96];
  if (!fold_key(key, len, buf, sizeof buf) || ex_cps(buf) > 12)
    return k;
  if (strstr(buf, "回放") || strstr(buf, "replay") || strstr(buf, "recording"))
    return EX_CUE_EV_REPLAY;
  if (strstr(buf, "直播") || strstr(buf, "livestream"))
    return EX_CUE_EV_LIVE;
  if (strstr(buf, "报名") || strstr(buf, "register") || strstr(buf, "registration"))
    return EX_CUE_EV_REG;
  return k;
}

/* Longest key we look for, in code points. */
#define CUE_MAX_CPS 16

int ex_is_colon(uint32_t cp) { return cp == ':' || cp == 0xFF1A; }

/* The event field a pictograph at a line's head stands for ("📅 Wednesday,
 * February 12", "🕕 18:30 – 21:30", "📍 Example Hub"), EX_CUE_NONE for
 * any other code point. */
static ex_cue emoji_cue(uint32_t cp) {
  if (cp == 0x1F4C5 || cp == 0x1F5D3 || cp == 0x23F0 || cp == 0x231A ||
      cp == 0x1F570 || (cp >= 0x1F550 && cp <= 0x1F567)) /* calendars, clocks */
    return EX_CUE_EV_TIME;
  if (cp == 0x1F4CD || cp == 0x1F3E2 || cp == 0x1F5FA || cp == 0x1F4CC)
    return EX_CUE_EV_PLACE; /* pin, office, map, pushpin */
  return EX_CUE_NONE;
}

ex_cue extract_cue(const char *line, ex_cue_hit *hit) {
  memset(hit, 0, sizeof *hit);
  const char *p = ex_skip_spaces(line);
  size_t k;
  uint32_t cp = ex_cp(p, &k);
  ex_cue pict = emoji_cue(cp);
  if (pict) {
    const char *v = p + k;
    size_t vk;
    if (ex_cp(v, &vk) == 0xFE0F) /* the emoji presentation selector */
      v += vk;
    v = ex_skip_spaces(v);
    if (ex_is_colon(ex_cp(v, &vk)))
      v = ex_skip_spaces(v + vk);
    if (*v) {
      hit->kind = pict;
      hit->key_at = (size_t)(p - line);
      hit->key_len = (size_t)(v - p);
      hit->value = (size_t)(v - line);
      return pict;
    }
  }
  if (cp == 0x3010) { /* 【key】value */
    const char *q = strstr(p, "】");
    if (!q || q - p > 64)
      return EX_CUE_NONE;
    ex_cue kind = extract_cue_key(p + k, (size_t)(q - p - (long)k));
    if (!kind)
      return EX_CUE_NONE;
    const char *v = ex_skip_spaces(q + 3);
    if (ex_is_colon(ex_cp(v, &k)))
      v = ex_skip_spaces(v + k);
    hit->kind = kind;
    hit->key_at = (size_t)(p + 3 - line);
    hit->key_len = (size_t)(q - p - 3);
    hit->value = (size_t)(v - line);
    hit->bare = !*v;
    return kind;
  }
  /* key before a colon, within the first few code points */
  size_t n = 0;
  for (const char *q = p; *q && n <= CUE_MAX_CPS; q += k, n++) {
    cp = ex_cp(q, &k);
    if (cp == '\n')
      break;
    if (!ex_is_colon(cp))
      continue;
    if (cp == ':' && (q[1] == '/' || ex_is_digit_at(q + 1)))
      break; /* a URL or a time, not a key */
    char *key = ex_trimn(p, (size_t)(q - p));
    ex_cue kind = *key ? extract_cue_key(key, strlen(key)) : EX_CUE_NONE;
    free(key);
    if (!kind)
      return EX_CUE_NONE;
    const char *v = q + k;
    while (ex_is_colon(ex_cp(v, &k)))
      v += k;
    v = ex_skip_spaces(v);
    hit->kind = kind;
    hit->key_at = (size_t)(p - line);
    hit->key_len = (size_t)(q - p);
    while (hit->key_len && p[hit->key_len - 1] == ' ')
      hit->key_len--;
    hit->value = (size_t)(v - line);
    hit->bare = 0;
    return kind;
  }
  /* the whole line is the key */
  size_t len = strlen(p);
  for (;;) {
    len = ex_rtrim_len(p, len, ex_is_space);
    if (len && p[len - 1] == ':')
      len--;
    else if (len >= 3 && !memcmp(p + len - 3, "：", 3))
      len -= 3;
    else
      break;
  }
  char *key = xstrndup(p, len);
  ex_cue kind = ex_cps(key) <= CUE_MAX_CPS ? extract_cue_key(key, len) : 0;
  free(key);
  if (!kind)
    return EX_CUE_NONE;
  hit->kind = kind;
  hit->key_at = (size_t)(p - line);
  hit->key_len = len;
  hit->value = strlen(line);
  hit->bare = 1;
  return kind;
}

/* ---- times ---------------------------------------------------------------- */

/* The half of the day a time is written in. */
typedef enum meridiem {
  MER_NONE, /* none written: a 24-hour time */
  MER_AM,   /* 上午, 早上, a.m. */
  MER_PM,   /* 下午, 晚上, p.m. */
  MER_NOON  /* 中午: hours from NOON_FIRST_HOUR to 12 as they are, the
               others in the afternoon */
} meridiem;

/* The first hour that "中午" leaves as it is ("中午 11:30"; "中午 1:00" is
 * 13:00). */
#define NOON_FIRST_HOUR 11

typedef struct tod {
  size_t at, end; /* bytes of the time as written (with its period word) */
  int h, m;       /* as written */
  meridiem mer;   /* the half of the day written with it */
} tod;

static int starts_ci(const char *s, const char *w) {
  return !strncasecmp(s, w, strlen(w));
}

static const struct {
  const char *w;
  meridiem mer;
} periods[] = {{"上午", MER_AM},   {"早上", MER_AM}, {"凌晨", MER_AM},
               {"清晨", MER_AM},   {"早晨", MER_AM}, {"中午", MER_NOON},
               {"下午", MER_PM},   {"晚上", MER_PM}, {"傍晚", MER_PM},
               {"晚间", MER_PM},   {"夜间", MER_PM}, {"晚", MER_PM}};

/* A time of day at s[i]: "19:00", "19：00", "7点", "7点半", "7点30分",
 * "9 am", "9:00 p.m.", "下午 1:00", "noon".  Fills t; 0 if none. */
static int time_at(const char *s, size_t i, tod *t) {
  memset(t, 0, sizeof *t);
  t->at = i;
  if (i > 0) {
    unsigned char c = (unsigned char)s[i - 1];
    if (isalnum(c) || c == '.' || c == ':' || c == '/' || c == '+')
      return 0; /* "+08:00" is a time zone's offset */
  }
  const char *p = s + i;
  for (size_t w = 0; w < sizeof periods / sizeof *periods; w++) {
    size_t n = strlen(periods[w].w);
    if (!strncmp(p, periods[w].w, n)) {
      t->mer = periods[w].mer;
      p = ex_skip_spaces(p + n);
      break;
    }
  }
  if (!ex_is_digit_at(p)) {
    if (t->mer)
      return 0;
    const char *word = starts_ci(p, "noon") ? "noon"
                       : starts_ci(p, "midnight") ? "midnight"
                       : !strncmp(p, "正午", 6) ? "正午"
                                                : NULL;
    if (!word || isalpha((unsigned char)p[strlen(word)]))
      return 0;
    t->h = word[0] == 'm' ? 0 : 12;
    t->mer = MER_NONE;
    t->end = (size_t)(p + strlen(word) - s);
    return 1;
  }
  int h = 0, m = 0, digits = 0;
  while (ex_is_digit_at(p) && digits < 3)
    h = h * 10 + (*p++ - '0'), digits++;
  if (digits > 2 || ex_is_digit_at(p))
    return 0;
  size_t k;
  uint32_t cp = ex_cp(p, &k);
  int have_min = 0;
  if (ex_is_colon(cp) && ex_is_digit_at(p + k) && ex_is_digit_at(p + k + 1) &&
      !ex_is_digit_at(p + k + 2)) {
    m = (p[k] - '0') * 10 + (p[k + 1] - '0');
    p += k + 2;
    have_min = 1;
  } else if (*p == 'h' && ex_is_digit_at(p + 1) && ex_is_digit_at(p + 2) &&
             !ex_is_digit_at(p + 3)) {
    /* "13h00", as many European pages write a time of day */
    m = (p[1] - '0') * 10 + (p[2] - '0');
    p += 3;
    have_min = 1;
  } else if (!strncmp(ex_skip_spaces(p), "点", 3) ||
             !strncmp(ex_skip_spaces(p), "时", 3)) { /* "7 点", "14 时 30 分" */
    p = ex_skip_spaces(p) + 3;
    const char *r = ex_skip_spaces(p);
    if (!strncmp(r, "半", 3)) {
      m = 30;
      p = r + 3;
    } else if (ex_is_digit_at(r)) {
      const char *q = r;
      while (ex_is_digit_at(q) && m < 60)
        m = m * 10 + (*q++ - '0');
      q = ex_skip_spaces(q);
      if (!strncmp(q, "分", 3))
        p = q + 3;
      else
        m = 0;
    }
    have_min = 1;
  }
  /* am / pm */
  const char *q = p;
  while (*q == ' ')
    q++;
  static const char *const am[] = {"a.m.", "am"}, *const pm[] = {"p.m.", "pm"};
  meridiem mer = MER_NONE;
  size_t ml = 0;
  for (int j = 0; j < 2 && !mer; j++) {
    if (starts_ci(q, am[j]))
      mer = MER_AM, ml = strlen(am[j]);
    else if (starts_ci(q, pm[j]))
      mer = MER_PM, ml = strlen(pm[j]);
  }
  if (mer && isalpha((unsigned char)q[ml]))
    mer = MER_NONE;
  if (mer) {
    p = q + ml;
    t->mer = mer;
  } else if (!have_min) {
    return 0;
  }
  if (h > 24 || m > 59 || ((t->mer == MER_AM || t->mer == MER_PM) && h > 12))
    return 0;
  t->h = h;
  t->m = m;
  t->end = (size_t)(p - s);
  return 1;
}

static int tod24(const tod *t) {
  int h = t->h;
  if (t->mer == MER_AM && h == 12)
    h = 0;
  else if (t->mer == MER_PM && h < 12)
    h += 12;
  else if (t->mer == MER_NOON && h < NOON_FIRST_HOUR)
    h += 12;
  return h;
}

/* Separator of a range at s[i] ("-", " – ", "~", "至", "to"): bytes to
 * skip, or 0. */
static size_t range_sep(const char *s, size_t i) {
  const char *p = ex_skip_spaces(s + i);
  static const char *const seps[] = {"——", "--", "-", "–", "—", "~", "～", "〜",
                                     "至", "到", "－", "to "};
  for (size_t j = 0; j < sizeof seps / sizeof *seps; j++) {
    size_t n = strlen(seps[j]);
    if (!strncmp(p, seps[j], n))
      return (size_t)(ex_skip_spaces(p + n) - (s + i));
  }
  return 0;
}

/* A time or a range at s[i]: t1 and (when *range) t2.  0 if none. */
static int range_at(const char *s, size_t i, tod *t1, tod *t2, int *range) {
  *range = 0;
  if (!time_at(s, i, t1))
    return 0;
  size_t sep = range_sep(s, t1->end);
  if (sep && time_at(s, t1->end + sep, t2)) {
    *range = 1;
    /* "1:00-2:00 pm": the second's meridiem reaches back */
    if (!t1->mer && t2->mer == MER_PM && t1->h < 12 && t1->h + 12 <= tod24(t2))
      t1->mer = MER_PM;
    /* "下午 1:00-2:00": the first's reaches forward */
    if (!t2->mer && (t1->mer == MER_PM || t1->mer == MER_NOON) && t2->h < 12 &&
        t2->h + 12 >= tod24(t1))
      t2->mer = MER_PM;
  }
  return 1;
}

char *extract_time_norm(const char *s) {
  strbuf b = {0};
  size_t n = strlen(s), i = 0, k;
  while (i < n) {
    tod t1, t2;
    int range;
    if (range_at(s, i, &t1, &t2, &range)) {
      sb_addf(&b, "%d:%02d", tod24(&t1), t1.m);
      if (range)
        sb_addf(&b, "\xe2\x80\x93%d:%02d", tod24(&t2), t2.m);
      i = range ? t2.end : t1.end;
      continue;
    }
    /* "5 月 6 日" → "5月6日": no spaces inside a Chinese date */
    if (s[i] == ' ' && b.len) {
      size_t j = i;
      while (s[j] == ' ')
        j++;
      int before_digit = ex_is_digit_at(b.s + b.len - 1);
      int before_unit = b.len >= 3 && (!strncmp(b.s + b.len - 3, "年", 3) ||
                                       !strncmp(b.s + b.len - 3, "月", 3));
      int after_unit = !strncmp(s + j, "年", 3) || !strncmp(s + j, "月", 3) ||
                       !strncmp(s + j, "日", 3) || !strncmp(s + j, "号", 3);
      if ((before_digit && after_unit) || (before_unit && ex_is_digit_at(s + j))) {
        i = j;
        continue;
      }
    }
    ex_cp(s + i, &k);
    sb_addn(&b, s + i, k ? k : 1);
    i += k ? k : 1;
  }
  char *r = sb_take(&b);
  char *t = util_trim(r);
  free(r);
  return t;
}

int extract_time_range(const char *s, int *h1, int *m1, int *h2, int *m2) {
  size_t k;
  *h2 = *m2 = -1;
  for (size_t i = 0; s[i]; i += k ? k : 1) {
    tod t1, t2;
    int range;
    if (range_at(s, i, &t1, &t2, &range)) {
      *h1 = tod24(&t1) % 24, *m1 = t1.m;
      if (range)
        *h2 = tod24(&t2), *m2 = t2.m;
      if (*h2 == 24)
        *h2 = 0;
      return 1;
    }
    ex_cp(s + i, &k);
  }
  return 0;
}

size_t extract_leading_time(const char *s) {
  const char *p = ex_skip_spaces(s);
  tod t1, t2;
  int range;
  if (!range_at(s, (size_t)(p - s), &t1, &t2, &range))
    return 0;
  return range ? t2.end : t1.end;
}

long extract_time_at(const char *s) {
  size_t k;
  for (size_t i = 0; s[i]; i += k) {
    tod t;
    if (time_at(s, i, &t))
      return (long)i;
    ex_cp(s + i, &k);
    if (!k)
      break;
  }
  return -1;
}

/* ---- titles ---------------------------------------------------------------- */

static const char *const han_digits = "零〇一二三四五六七八九十两";

int ex_is_num_at(const char *s, size_t *len) {
  if (ex_is_digit_at(s)) {
    *len = 1;
    return 1;
  }
  for (const char *p = han_digits; *p; p += 3)
    if (!strncmp(s, p, 3)) {
      *len = 3;
      return 1;
    }
  return 0;
}

/* Bytes of a number (ASCII or Han numerals) at s. */
static size_t num_len(const char *s) {
  size_t n = 0, k;
  while (ex_is_num_at(s + n, &k))
    n += k;
  return n;
}

static const char *const title_words[] = {
    "议题", "话题", "主题", "演讲", "分享", "专题", "报告", "topic",
    "talk", "session", "part", "track", "lecture", "presentation"};

/* A numbering prefix at s ("议题1：", "Topic 2:", "第三场：", "1. "): bytes
 * of the prefix with its separator in *all, of the prefix as written
 * without separator returned. */
/* "Challenge Problem 2:", "Lightning Talk 3:": one to three capitalised
 * words, a number and a colon.  Bytes up to the number's end, 0 if not. */
static size_t label_prefix(const char *s) {
  const char *p = s;
  int words = 0;
  while (words < 3 && isupper((unsigned char)*p)) {
    while (isalpha((unsigned char)*p))
      p++;
    if (*p != ' ')
      return 0;
    p++;
    words++;
  }
  if (!words || !ex_is_digit_at(p))
    return 0;
  while (ex_is_digit_at(p))
    p++;
  return *p == ':' ? (size_t)(p - s) : 0;
}

static size_t title_prefix(const char *s, size_t *all) {
  const char *p = s;
  size_t word = 0;
  size_t lp = label_prefix(s);
  if (lp) {
    const char *q = ex_skip_spaces(s + lp + 1);
    if (!*q)
      return 0;
    *all = (size_t)(q - s);
    return lp;
  }
  for (size_t i = 0; i < sizeof title_words / sizeof *title_words; i++) {
    size_t n = strlen(title_words[i]);
    if (!strncasecmp(p, title_words[i], n) && !isalpha((unsigned char)p[n])) {
      word = n;
      break;
    }
  }
  int di = 0;
  if (!word && !strncmp(p, "第", 3)) {
    word = 3;
    di = 1;
  }
  const char *q = word ? ex_skip_spaces(p + word) : p;
  size_t nl = num_len(q);
  /* "三、圆桌讨论": a Chinese numeral numbers a title before 、 */
  int han_ordinal = !word && nl && !ex_is_digit_at(q) && !strncmp(q + nl, "\u3001", 3);
  if (!nl || (!word && !ex_is_digit_at(q) && !han_ordinal))
    return 0;
  q += nl;
  if (di) {
    static const char *const units[] = {"个议题", "场", "讲", "部分", "位",
                                        "个", "期", "节"};
    for (size_t i = 0; i < sizeof units / sizeof *units; i++)
      if (!strncmp(q, units[i], strlen(units[i]))) {
        q += strlen(units[i]);
        break;
      }
  }
  size_t end = (size_t)(q - s), k;
  uint32_t cp = ex_cp(q, &k);
  int sep = ex_is_colon(cp) || cp == '.' || cp == 0x3001 || cp == 0xFF0E ||
            cp == ')' || cp == 0xFF09 || cp == '-' || cp == 0x2013 ||
            cp == 0x2014;
  if (sep)
    q += k;
  else if (!(word && ex_is_space(cp)) && !(word && !di && cp == 0x300A))
    return 0;
  if (!word && cp == '.' && ex_is_digit_at(q))
    return 0; /* "2.0 版本" */
  q = ex_skip_spaces(q);
  if (!*q)
    return 0;
  *all = (size_t)(q - s);
  return end;
}

static const struct {
  const char *open, *close;
} quote_pairs[] = {{"《", "》"}, {"“", "”"}, {"\"", "\""}, {"「", "」"},
                   {"『", "』"}, {"〈", "〉"}};

/* Strip one pair of enclosing quotes from t (in place); 1 if stripped. */
static int strip_quotes(char *t) {
  size_t n = strlen(t);
  for (size_t i = 0; i < sizeof quote_pairs / sizeof *quote_pairs; i++) {
    size_t ol = strlen(quote_pairs[i].open), cl = strlen(quote_pairs[i].close);
    if (n <= ol + cl || strncmp(t, quote_pairs[i].open, ol))
      continue;
    /* the first closing quote; only more closing quotes may follow */
    char *c = strstr(t + ol, quote_pairs[i].close);
    if (!c)
      continue;
    const char *after = c + cl;
    while (!strncmp(after, quote_pairs[i].close, cl) || *after == ' ')
      after += *after == ' ' ? 1 : cl;
    if (*after)
      continue;
    if (c == t + ol)
      continue;
    memmove(t, t + ol, (size_t)(c - t - (long)ol));
    t[c - t - (long)ol] = 0;
    return 1;
  }
  return 0;
}

char *extract_title_clean(const char *s, char **prefix) {
  *prefix = NULL;
  char *t = util_trim(s ? s : "");
  size_t n = strlen(t);
  if (n > 4 && !strncmp(t, "**", 2) && !strcmp(t + n - 2, "**")) {
    memmove(t, t + 2, n - 4);
    t[n - 4] = 0;
  }
  size_t all = 0, pl = title_prefix(t, &all);
  if (pl) {
    *prefix = xstrndup(t, pl);
    memmove(t, t + all, strlen(t + all) + 1);
  }
  strip_quotes(t);
  char *r = util_trim(t);
  free(t);
  if (!*r) {
    free(r);
    free(*prefix);
    *prefix = NULL;
    return util_trim(s ? s : "");
  }
  return r;
}

/* 1 when w occurs in s as a word (ASCII letters not next to it). */
static int has_word(const char *s, const char *w) {
  size_t n = strlen(w);
  for (const char *p = s; (p = ex_casestr(p, w)); p++) {
    int before = p > s && isalpha((unsigned char)p[-1]);
    int after = isalpha((unsigned char)p[n]);
    if (!before && !after)
      return 1;
  }
  return 0;
}

/* A Chinese keyword anywhere, an English one as a word. */
static int kind_word(const char *title, const char *w) {
  return (unsigned char)w[0] >= 0x80 ? strstr(title, w) != NULL : has_word(title, w);
}

model_talk_kind extract_kind(const char *title) {
  static const char *const panel[] = {"圆桌", "对话", "座谈", "panel",
                                      "round table", "roundtable", "fireside"};
  static const char *const keynote[] = {"keynote", "主题演讲", "主旨演讲",
                                        "开幕演讲", "开场演讲"};
  static const char *const brk[] = {"茶歇", "签到", "午餐", "午休", "晚餐",
                                    "休息", "break", "lunch", "registration",
                                    "coffee", "check-in", "doors open",
                                    "dinner"};
  if (!title)
    return MODEL_TALK;
  for (size_t i = 0; i < sizeof panel / sizeof *panel; i++)
    if (kind_word(title, panel[i]))
      return MODEL_PANEL;
  for (size_t i = 0; i < sizeof keynote / sizeof *keynote; i++)
    if (kind_word(title, keynote[i]))
      return MODEL_KEYNOTE;
  if (ex_cps(title) <= 24)
    for (size_t i = 0; i < sizeof brk / sizeof *brk; i++)
      if (kind_word(title, brk[i]))
        return MODEL_BREAK;
  return MODEL_TALK;
}
