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

static int is_sep_cp(uint32_t cp) {
  switch (cp) {
  case ',': case 0xFF0C: case 0x3001: case ';': case 0xFF1B: case ':':
  case 0xFF1A: case '|': case 0xFF5C: case '/': case 0xFF0F: case '-':
  case 0x2013: case 0x2014: case 0x00B7: case 0x2022: case 0xFF0D:
    return 1;
  default:
    return ex_is_space(cp);
  }
}

static const char *skip_spaces(const char *s) {
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
static size_t rtrim_len(const char *s, size_t n, int (*drop)(uint32_t)) {
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

static int is_end_sep(uint32_t cp) {
  return is_sep_cp(cp) || cp == 0x3002 || cp == '.';
}

char *ex_trim_seps(const char *s) {
  size_t k;
  while (*s && is_sep_cp(ex_cp(s, &k)))
    s += k;
  return xstrndup(s, rtrim_len(s, strlen(s), is_end_sep));
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

static int is_digit_at(const char *s) { return *s >= '0' && *s <= '9'; }

size_t ex_marker_len(const char *s) {
  const char *p = s;
  size_t k;
  uint32_t cp = ex_cp(p, &k);
  if (is_digit_at(p)) {
    while (is_digit_at(p))
      p++;
    if (p - s > 2)
      return 0;
    cp = ex_cp(p, &k);
    /* "1、" "1." "1．" "1)" "1）" "1:"; "1.5 倍" is a number */
    if (cp == 0x3001 || cp == 0xFF0E || cp == ')' || cp == 0xFF09)
      p += k;
    else if (cp == '.' && !is_digit_at(p + 1))
      p++;
    else
      return 0;
  } else if (cp == '(' || cp == 0xFF08) {
    p += k;
    if (!is_digit_at(p))
      return 0;
    while (is_digit_at(p))
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
  return (size_t)(skip_spaces(p) - s);
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

static int is_colon(uint32_t cp) { return cp == ':' || cp == 0xFF1A; }

ex_cue extract_cue(const char *line, ex_cue_hit *hit) {
  memset(hit, 0, sizeof *hit);
  const char *p = skip_spaces(line);
  size_t k;
  uint32_t cp = ex_cp(p, &k);
  if (cp == 0x3010) { /* 【key】value */
    const char *q = strstr(p, "】");
    if (!q || q - p > 64)
      return EX_CUE_NONE;
    ex_cue kind = extract_cue_key(p + k, (size_t)(q - p - (long)k));
    if (!kind)
      return EX_CUE_NONE;
    const char *v = skip_spaces(q + 3);
    if (is_colon(ex_cp(v, &k)))
      v = skip_spaces(v + k);
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
    if (!is_colon(cp))
      continue;
    if (cp == ':' && (q[1] == '/' || is_digit_at(q + 1)))
      break; /* a URL or a time, not a key */
    char *key = ex_trimn(p, (size_t)(q - p));
    ex_cue kind = *key ? extract_cue_key(key, strlen(key)) : EX_CUE_NONE;
    free(key);
    if (!kind)
      return EX_CUE_NONE;
    const char *v = q + k;
    while (is_colon(ex_cp(v, &k)))
      v += k;
    v = skip_spaces(v);
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
    len = rtrim_len(p, len, ex_is_space);
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

typedef struct tod {
  size_t at, end; /* bytes of the time as written (with its period word) */
  int h, m;       /* as written */
  int mer;        /* 0 none, 1 am, 2 pm, 3 noon ("中午") */
} tod;

static int starts_ci(const char *s, const char *w) {
  return !strncasecmp(s, w, strlen(w));
}

static const struct {
  const char *w;
  int mer;
} periods[] = {{"上午", 1}, {"早上", 1}, {"凌晨", 1}, {"清晨", 1},
               {"早晨", 1}, {"中午", 3}, {"下午", 2}, {"晚上", 2},
               {"傍晚", 2}, {"晚间", 2}, {"夜间", 2}, {"晚", 2}};

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
      p = skip_spaces(p + n);
      break;
    }
  }
  if (!is_digit_at(p)) {
    if (t->mer)
      return 0;
    const char *word = starts_ci(p, "noon") ? "noon"
                       : starts_ci(p, "midnight") ? "midnight"
                       : !strncmp(p, "正午", 6) ? "正午"
                                                : NULL;
    if (!word || isalpha((unsigned char)p[strlen(word)]))
      return 0;
    t->h = word[0] == 'm' ? 0 : 12;
    t->mer = 0;
    t->end = (size_t)(p + strlen(word) - s);
    return 1;
  }
  int h = 0, m = 0, digits = 0;
  while (is_digit_at(p) && digits < 3)
    h = h * 10 + (*p++ - '0'), digits++;
  if (digits > 2 || is_digit_at(p))
    return 0;
  size_t k;
  uint32_t cp = ex_cp(p, &k);
  int have_min = 0;
  if (is_colon(cp) && is_digit_at(p + k) && is_digit_at(p + k + 1) &&
      !is_digit_at(p + k + 2)) {
    m = (p[k] - '0') * 10 + (p[k + 1] - '0');
    p += k + 2;
    have_min = 1;
  } else if (*p == 'h' && is_digit_at(p + 1) && is_digit_at(p + 2) &&
             !is_digit_at(p + 3)) {
    /* "13h00", as many European pages write a time of day */
    m = (p[1] - '0') * 10 + (p[2] - '0');
    p += 3;
    have_min = 1;
  } else if (!strncmp(skip_spaces(p), "点", 3) ||
             !strncmp(skip_spaces(p), "时", 3)) { /* "7 点", "14 时 30 分" */
    p = skip_spaces(p) + 3;
    const char *r = skip_spaces(p);
    if (!strncmp(r, "半", 3)) {
      m = 30;
      p = r + 3;
    } else if (is_digit_at(r)) {
      const char *q = r;
      while (is_digit_at(q) && m < 60)
        m = m * 10 + (*q++ - '0');
      q = skip_spaces(q);
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
  int mer = 0;
  size_t ml = 0;
  for (int j = 0; j < 2 && !mer; j++) {
    if (starts_ci(q, am[j]))
      mer = 1, ml = strlen(am[j]);
    else if (starts_ci(q, pm[j]))
      mer = 2, ml = strlen(pm[j]);
  }
  if (mer && isalpha((unsigned char)q[ml]))
    mer = 0;
  if (mer) {
    p = q + ml;
    t->mer = mer;
  } else if (!have_min) {
    return 0;
  }
  if (h > 24 || m > 59 || (t->mer == 1 || t->mer == 2 ? h > 12 : 0))
    return 0;
  t->h = h;
  t->m = m;
  t->end = (size_t)(p - s);
  return 1;
}

static int tod24(const tod *t) {
  int h = t->h;
  if (t->mer == 1 && h == 12)
    h = 0;
  else if (t->mer == 2 && h < 12)
    h += 12;
  else if (t->mer == 3 && h < 11)
    h += 12;
  return h;
}

/* Separator of a range at s[i] ("-", " – ", "~", "至", "to"): bytes to
 * skip, or 0. */
static size_t range_sep(const char *s, size_t i) {
  const char *p = skip_spaces(s + i);
  static const char *const seps[] = {"——", "--", "-", "–", "—", "~", "～", "〜",
                                     "至", "到", "－", "to "};
  for (size_t j = 0; j < sizeof seps / sizeof *seps; j++) {
    size_t n = strlen(seps[j]);
    if (!strncmp(p, seps[j], n))
      return (size_t)(skip_spaces(p + n) - (s + i));
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
    if (!t1->mer && t2->mer == 2 && t1->h < 12 && t1->h + 12 <= tod24(t2))
      t1->mer = 2;
    /* "下午 1:00-2:00": the first's reaches forward */
    if (!t2->mer && (t1->mer == 2 || t1->mer == 3) && t2->h < 12 &&
        t2->h + 12 >= tod24(t1))
      t2->mer = 2;
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
      int before_digit = is_digit_at(b.s + b.len - 1);
      int before_unit = b.len >= 3 && (!strncmp(b.s + b.len - 3, "年", 3) ||
                                       !strncmp(b.s + b.len - 3, "月", 3));
      int after_unit = !strncmp(s + j, "年", 3) || !strncmp(s + j, "月", 3) ||
                       !strncmp(s + j, "日", 3) || !strncmp(s + j, "号", 3);
      if ((before_digit && after_unit) || (before_unit && is_digit_at(s + j))) {
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
  const char *p = skip_spaces(s);
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

/* ---- names ---------------------------------------------------------------- */

/* Single-character family names, the most common few hundred. */
static const char surnames[] =
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董"
    "袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹"
    "孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康"
    "施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁"
    "尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁"
    "蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷"
    "晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞"
    "敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼"
    "蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计"
    "索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊乌母裘亓修邰赫杭况"
    "那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利呼居揭干但尉冶斯元束檀衣"
    "信展阴昝智幸奉植衡富尧闭由吕";

static const char *const compound_surnames[] = {
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容",
    "长孙", "宇文", "司徒", "令狐", "夏侯", "端木", "轩辕", "南宫", "独孤",
    "呼延", "西门", "申屠", "太史", "濮阳", "钟离", "淳于", "澹台", "公冶"};

/* Words that are part of organisations, titles or program items, never of
 * a person's name. */
static const char *const not_name_words[] = {
    "公司", "集团", "科技", "大学", "学院", "研究", "银行", "网络", "技术",
    "软件", "信息", "实验室", "中心", "社区", "基金", "团队", "部门", "平台",
    "工程", "专家", "架构", "经理", "总监", "负责", "创始", "开发", "讲师",
    "嘉宾", "主持", "全体", "所有", "待定", "活动", "议题", "分享", "演讲",
    "圆桌", "茶歇", "签到", "午餐", "开场", "致辞", "交流", "抽奖", "合影",
    "问答", "环节", "本次", "我们", "大家", "介绍", "服务", "系统", "云原生"};

/* Last characters of titles ("讲师", "架构师", "主持人"), not of names. */
static const char title_suffixes[] = "师家员者长官总监们人";

static int has_surname(const char *s) {
  for (size_t i = 0; i < sizeof compound_surnames / sizeof *compound_surnames; i++)
    if (!strncmp(s, compound_surnames[i], strlen(compound_surnames[i])))
      return 2;
  size_t k;
  ex_cp(s, &k);
  if (k != 3)
    return 0;
  for (const char *p = surnames; *p; p += 3)
    if (!memcmp(p, s, 3))
      return 1;
  return 0;
}

static int has_not_name_word(const char *s, size_t n) {
  for (size_t i = 0; i < sizeof not_name_words / sizeof *not_name_words; i++) {
    const char *w = not_name_words[i];
    size_t wl = strlen(w);
    for (size_t j = 0; j + wl <= n; j++)
      if (!memcmp(s + j, w, wl))
        return 1;
  }
  return 0;
}

/* Words of address written after a Han name ("王硕博士", "高一凡同学"): not
 * part of the name. */
static const char *const han_honorifics[] = {"博士", "同学", "老师", "先生",
                                             "女士", "小姐"};

/* Bytes of an honorific at s, or 0. */
static size_t honorific_len(const char *s) {
  for (size_t i = 0; i < sizeof han_honorifics / sizeof *han_honorifics; i++)
    if (!strncmp(s, han_honorifics[i], strlen(han_honorifics[i])))
      return strlen(han_honorifics[i]);
  return 0;
}

static size_t han_run_all(const char *s, size_t *bytes);

/* Han characters (and the middle dot of transliterated names) at s: their
 * count, and bytes in *bytes; a run of a name and an honorific ("王硕博士")
 * stops before the honorific. */
static size_t han_run(const char *s, size_t *bytes) {
  size_t n = han_run_all(s, bytes);
  if (n >= 4 && n <= 6 && *bytes >= 6) {
    size_t hl = honorific_len(s + *bytes - 6);
    if (hl == 6 && !han_run_all(s + *bytes, &hl)) {
      *bytes -= 6;
      return n - 2;
    }
  }
  return n;
}

static size_t han_run_all(const char *s, size_t *bytes) {
  size_t n = 0, k;
  const char *p = s;
  for (;;) {
    uint32_t cp = ex_cp(p, &k);
    if (utf8_is_han(cp) || ((cp == 0xB7 || cp == 0x30FB) && n > 0 &&
                            utf8_is_han(ex_cp(p + k, &k)))) {
      ex_cp(p, &k);
      p += k;
      n++;
    } else {
      break;
    }
  }
  *bytes = (size_t)(p - s);
  return n;
}

/* How much a Han name must look like a name. */
typedef enum han_check {
  HAN_LOOSE, /* 2–4 characters, no organisation words */
  HAN_PART,  /* one of several names: 2–3 (4 with a compound surname), no
                title suffix */
  HAN_SURE   /* a known family name and 2–3 characters (3–4 compound) */
} han_check;

static int is_num_at(const char *s, size_t *len);

/* Characters of function words and of technical words, almost never in
 * a given name ("微应用", "云函数", "场景方案"). */
static const char not_name_chars[] =
    "的了是与及或不也都就被把从对会要函数据器件式型性论统务端库络页码序"
    "图表版项框接口题础署测试读写议讲课享具";

static int has_not_name_char(const char *s, size_t bytes) {
  size_t k;
  for (size_t i = 3; i < bytes; i += k) { /* the family name may be any */
    ex_cp(s + i, &k);
    for (const char *c = not_name_chars; *c; c += 3)
      if (k == 3 && !memcmp(c, s + i, 3))
        return 1;
  }
  return 0;
}

static int han_name_ok(const char *s, size_t bytes, size_t cps, han_check c,
                       ex_known_fn known, void *kctx) {
  if (known && known(kctx, s, bytes))
    return 1;
  if (cps < 2 || cps > 4 || has_not_name_word(s, bytes) ||
      has_not_name_char(s, bytes))
    return 0;
  size_t nl;
  if (!strncmp(s, "第", 3) && is_num_at(s + 3, &nl))
    return 0; /* "第一场": numbering */
  int sur = has_surname(s);
  const char *last = s + bytes - 3;
  int suffix = 0;
  for (const char *p = title_suffixes; *p; p += 3)
    if (bytes >= 3 && !memcmp(p, last, 3))
      suffix = 1;
  switch (c) {
  case HAN_LOOSE:
    return 1;
  case HAN_PART:
    return !suffix && (cps <= 3 || sur == 2);
  case HAN_SURE:
    return !suffix && sur && (sur == 2 ? cps >= 3 : cps <= 3);
  }
  return 0;
}

static const char *const latin_stop[] = {
    "the", "a", "an", "of", "and", "in", "on", "for", "to", "with", "at",
    "from", "how", "why", "what", "when", "your", "our", "my", "we", "is",
    "are", "be", "by", "do", "using", "building", "scaling", "introduction",
    "intro", "panel", "keynote", "lunch", "break", "registration", "opening",
    "closing", "welcome", "all", "team", "day", "q&a", "inc", "inc.", "ltd",
    "llc", "corp", "corp.", "labs", "systems", "technologies", "software",
    "cloud", "foundation", "university", "group", "analytics", "health",
    "community", "consultant", "engineer", "independent", "organisers",
    "organizers", "speakers", "staff", "senior", "director", "head", "lead",
    "manager", "founder", "ceo", "cto", "vp", "part", "track", "session"};

static int latin_stopword(const char *w, size_t n) {
  for (size_t i = 0; i < sizeof latin_stop / sizeof *latin_stop; i++)
    if (strlen(latin_stop[i]) == n && !strncasecmp(latin_stop[i], w, n))
      return 1;
  return 0;
}

/* Particles inside a Latin name, written in lower case ("Jan van der
 * Berg", "Simão Melo de Sousa", "Julien A. dit Sandretto"). */
static const char *const name_particles[] = {
    "van", "von", "der", "den", "de", "di", "da", "du", "del", "della", "dos",
    "das", "le", "la", "ten", "ter", "bin", "al", "el", "dit", "y", "zu"};

static int is_particle(const char *w, size_t n) {
  for (size_t i = 0; i < sizeof name_particles / sizeof *name_particles; i++)
    if (strlen(name_particles[i]) == n && !strncmp(name_particles[i], w, n))
      return 1;
  return 0;
}

/* Bytes of one word of a Latin name at p: letters of any script and the
 * accents after them, with ' ’ and - inside ("O'Neil", "Anne-Marie"), and
 * a dot after a single letter ("J."); *upper gets 1 when it starts with a
 * capital, *caps when it has no lower-case letter. */
static size_t name_word(const char *p, int *upper, int *caps) {
  size_t k, n = 0, letters = 0;
  *upper = utf8_is_upper(ex_cp(p, &k));
  *caps = 1;
  for (;;) {
    uint32_t cp = ex_cp(p + n, &k);
    /* letters of alphabets; Han, kana and hangul end the word */
    if ((utf8_is_alpha(cp) && cp < 0x2E80) || (letters && utf8_is_mark(cp))) {
      if (utf8_is_lower(cp))
        *caps = 0;
      letters += !utf8_is_mark(cp);
      n += k;
    } else if ((cp == '\'' || cp == 0x2019 || cp == '-') && letters) {
      size_t k2;
      if (!utf8_is_alpha(ex_cp(p + n + k, &k2)))
        break;
      n += k;
    } else if (cp == '.' && letters == 1) {
      n += k;
      break;
    } else {
      break;
    }
  }
  return letters ? n : 0;
}

/* Capitalised words at s ("Maya Okafor", "J. R. Smith", "Zoë Müller",
 * "Jan van der Berg", "Łukasz Nowak"): returns the count of capitalised
 * words (at most 4; particles between them do not count) and the bytes
 * in *bytes.  Stops before a lowercase word, a stop word or punctuation. */
static int latin_name(const char *s, size_t *bytes) {
  const char *p = s, *end = s;
  int words = 0;
  /* "Dr. Jane Smith": an honorific belongs to the name, and is no word */
  static const char *const honor[] = {"Dr. ", "Prof. ", "Mr. ", "Ms. ",
                                      "Mrs. ", "Mx. ", "Dr ", "Prof "};
  size_t k;
  for (size_t i = 0; i < sizeof honor / sizeof *honor; i++)
    if (!strncmp(p, honor[i], strlen(honor[i])) &&
        utf8_is_upper(ex_cp(p + strlen(honor[i]), &k))) {
      p += strlen(honor[i]);
      break;
    }
  while (words < 4) {
    int upper, caps;
    size_t wl = name_word(p, &upper, &caps);
    if (!wl)
      break;
    if (!upper) {
      /* a particle, then more of the name */
      const char *after = p + wl;
      int up2, caps2;
      size_t nl = *after == ' ' ? name_word(after + 1, &up2, &caps2) : 0;
      if (!words || !is_particle(p, wl) || !nl ||
          (!up2 && !is_particle(after + 1, nl)))
        break;
      p = after + 1;
      continue;
    }
    if (latin_stopword(p, wl) || (caps && wl > 2 && p[wl - 1] != '.') ||
        isdigit((unsigned char)p[wl]))
      break;
    words++;
    p += wl;
    end = p;
    if (*p != ' ')
      break;
    int up2, caps2;
    if (!name_word(p + 1, &up2, &caps2))
      break;
    p++;
  }
  *bytes = (size_t)(end - s);
  return words;
}

/* Companies often written in brackets after a name ("张三（腾讯）"); other
 * organisations are told by their words (集团, 科技, 大学 …). */
static const char *const companies[] = {
    "阿里", "阿里巴巴", "阿里云", "腾讯", "腾讯云", "百度", "华为", "华为云",
    "字节", "字节跳动", "美团", "京东", "网易", "小米", "滴滴", "快手", "蚂蚁",
    "蚂蚁金服", "微软", "谷歌", "亚马逊", "携程", "拼多多", "新浪", "微博",
    "搜狐", "爱奇艺", "哔哩哔哩", "知乎", "豆瓣", "饿了么", "中兴", "联想",
    "平安", "招行", "工行", "建行", "农行", "中行", "英特尔", "甲骨文", "红帽",
    "七牛", "七牛云", "青云", "金山", "金山云", "有赞", "陌陌", "唯品会", "苏宁",
    "顺丰", "贝壳", "链家", "猎豹", "迅雷", "去哪儿", "大众点评", "同程", "虎牙",
    "斗鱼", "得物", "货拉拉", "小红书", "商汤", "旷视", "科大讯飞", "讯飞"};

static int is_company(const char *s) {
  for (size_t i = 0; i < sizeof companies / sizeof *companies; i++)
    if (!strcmp(s, companies[i]))
      return 1;
  return 0;
}

static const char *const alias_marks[] = {"花名", "昵称", "别名", "人称",
                                          "英文名", "a.k.a.", "aka",
                                          "also known as"};

/* Text after an alias mark and a colon or space, or NULL when s has no
 * alias mark. */
static const char *after_alias_mark(const char *s) {
  for (size_t i = 0; i < sizeof alias_marks / sizeof *alias_marks; i++) {
    size_t n = strlen(alias_marks[i]);
    if (!strncasecmp(s, alias_marks[i], n)) {
      const char *p = skip_spaces(s + n);
      size_t k;
      if (is_colon(ex_cp(p, &k)))
        p = skip_spaces(p + k);
      return p;
    }
  }
  return NULL;
}

/* Words written in brackets after a name that say something of the line,
 * not of the person: a recording, a tentative slot. */
static const char *const paren_markers[] = {
    "video", "videos", "slides", "slide", "pdf", "ppt", "link", "audio",
    "recording", "remote", "online", "invited", "tbd", "tba", "视频", "录音",
    "幻灯", "幻灯片", "直播", "回放", "待定", "暂定", "线上", "线下", "远程"};

static int paren_marker(const char *in) {
  for (size_t i = 0; i < sizeof paren_markers / sizeof *paren_markers; i++)
    if (!strcasecmp(in, paren_markers[i]))
      return 1;
  return 0;
}

/* Closing bracket matching the opening one at s (（ or (), or NULL. */
static const char *paren_close(const char *s) {
  size_t k;
  uint32_t open = ex_cp(s, &k);
  int depth = 0;
  for (const char *p = s; *p; p += k) {
    uint32_t cp = ex_cp(p, &k);
    if (cp == '(' || cp == 0xFF08)
      depth++;
    else if ((cp == ')' || cp == 0xFF09) && --depth == 0)
      return p;
    (void)open;
  }
  return NULL;
}

static void person_clear(ex_person *p) {
  free(p->name), free(p->alias), free(p->designation), free(p->company);
  memset(p, 0, sizeof *p);
}

static const char *const bio_marks[] = {"是", "现任", "现为", "目前", "就职",
                                        "任职", "来自", "毕业", "曾", "拥有",
                                        "担任", "负责", "于", "在", "为"};

/* Designation in a bio's first clause ("蚂蚁集团技术专家" in "祝辰（花名忘禅），
 * 蚂蚁集团技术专家，2020年加入…"), or NULL. */
static char *bio_designation(const char *rest) {
  static const char *const lead[] = {"目前是", "目前为", "现任", "现为", "目前",
                                     "就职于", "任职于", "来自", "担任", "是"};
  const char *p = rest;
  size_t k0;
  while (*p && is_sep_cp(ex_cp(p, &k0)))
    p += k0;
  for (size_t i = 0; i < sizeof lead / sizeof *lead; i++)
    if (!strncmp(p, lead[i], strlen(lead[i]))) {
      p = skip_spaces(p + strlen(lead[i]));
      break;
    }
  int depth = 0;
  size_t k, n = 0;
  const char *q = p;
  for (; *q; q += k, n++) {
    uint32_t cp = ex_cp(q, &k);
    if (cp == '(' || cp == 0xFF08)
      depth++;
    else if ((cp == ')' || cp == 0xFF09) && depth)
      depth--;
    else if (!depth && (cp == 0xFF0C || cp == 0x3002 || cp == 0xFF1B ||
                        cp == ';' || cp == '\n' || (cp == ',' && q[1] == ' ') ||
                        (cp == '.' && (q[1] == ' ' || !q[1]))))
      break;
  }
  if (n < 2 || n > 40)
    return NULL;
  char *d = ex_trimn(p, (size_t)(q - p));
  /* a clause about what the person did is not a designation */
  static const char *const verbs[] = {"负责", "主要", "曾", "从事", "致力",
                                      "专注", "热爱", "拥有", "在", "多年"};
  int verb = 0;
  for (size_t i = 0; i < sizeof verbs / sizeof *verbs; i++)
    if (!strncmp(d, verbs[i], strlen(verbs[i])))
      verb = 1;
  int year = 0;
  for (const char *y = d; *y && !year; y++)
    year = is_digit_at(y) && is_digit_at(y + 1) && is_digit_at(y + 2) &&
           is_digit_at(y + 3);
  if (!*d || verb || year || strstr(d, "加入")) {
    free(d);
    return NULL;
  }
  return d;
}

/* A name at the end of s ("陌陌中间件架构师 高飞航", "SRE at Acme — Jane
 * Doe"): a surely-named person after the last separator, the rest their
 * designation.  1 and *out filled when found. */
static int name_last(const char *s, ex_known_fn known, void *kctx,
                     ex_person *out) {
  size_t n = rtrim_len(s, strlen(s), is_end_sep), k;
  const char *strong = NULL, *space = NULL;
  for (const char *p = s; p < s + n; p += k) {
    uint32_t cp = ex_cp(p, &k);
    if (ex_is_space(cp))
      space = p + k;
    else if ((is_sep_cp(cp) && cp != '-' && cp != 0x00B7) ||
             (cp == '-' && p > s && p[-1] == ' '))
      strong = p + k;
  }
  const char *tails[2] = {strong, space}, *tail = NULL;
  size_t tl = 0, bytes;
  for (int i = 0; i < 2 && !tail; i++) {
    const char *t = tails[i];
    if (!t)
      continue;
    while (t < s + n && ex_is_space(ex_cp(t, &k)))
      t += k;
    size_t l = (size_t)(s + n - t);
    if (!l || t == s)
      continue;
    int ok = 0;
    if (utf8_is_han(ex_cp(t, &k))) {
      size_t cps = han_run(t, &bytes);
      ok = (bytes == l || bytes + honorific_len(t + bytes) == l) &&
           han_name_ok(t, bytes, cps, HAN_SURE, known, kctx);
      if (ok)
        l = bytes;
    } else if (latin_name(t, &bytes) >= 2 && bytes == l) {
      ok = 1;
    }
    if (ok)
      tail = t, tl = l;
  }
  if (!tail)
    return 0;
  char *head = ex_trimn(s, (size_t)(tail - s));
  char *d = ex_trim_seps(head);
  free(head);
  if (!*d || ex_cps(d) > 60) {
    free(d);
    return 0;
  }
  memset(out, 0, sizeof *out);
  out->name = xstrndup(tail, tl);
  out->designation = d;
  return 1;
}

/* A Han run that is an organisation and a name with no space between
 * ("腾讯云孔令飞", "北大李雷"): the last two or three characters a name with
 * a known family name, the rest a known company or a word of one.  1 and
 * *out (name and company) filled when so. */
static int is_org(const char *s);

static int glued_name(const char *p, size_t bytes, ex_known_fn known,
                      void *kctx, ex_person *out) {
  /* the shorter name first: "腾讯云" + "陈莹", not "腾讯" + "云陈莹" */
  static const size_t tries[][2] = {{2, 1}, {3, 1}};
  for (size_t t = 0; t < sizeof tries / sizeof *tries; t++) {
    size_t n = tries[t][0];
    if (bytes <= n * 3 + 3)
      continue;
    const char *tail = p + bytes - n * 3;
    char *org = xstrndup(p, bytes - n * 3);
    int org_ok = is_company(org) || is_org(org);
    size_t tb = n * 3;
    if (org_ok && (han_name_ok(tail, tb, n, HAN_SURE, NULL, NULL) ||
                   (known && known(kctx, tail, tb)))) {
      memset(out, 0, sizeof *out);
      out->name = xstrndup(tail, tb);
      out->company = org;
      out->designation = xstrdup(org);
      return 1;
    }
    free(org);
  }
  return 0;
}

/* One person at the start of s.  Returns 1 and fills *out when a name is
 * found; only_name: the text must be a name (and alias) and nothing else.
 * check is the Han check for names in this position. */
static int parse_person(const char *s, ex_strict strict, han_check check,
                        int only_name, ex_known_fn known, void *kctx,
                        ex_person *out) {
  memset(out, 0, sizeof *out);
  const char *p = skip_spaces(s);
  if (!strncasecmp(p, "by ", 3))
    p = skip_spaces(p + 3);
  size_t k, bytes;
  uint32_t cp = ex_cp(p, &k);
  size_t name_bytes = 0, name_cps = 0;
  int han = 0;
  if (utf8_is_han(cp)) {
    han = 1;
    size_t cps = han_run(p, &bytes);
    /* byte offsets of the first code points of the run */
    size_t off[6] = {0};
    for (size_t i = 1; i < 6 && i <= cps; i++) {
      ex_cp(p + off[i - 1], &k);
      off[i] = off[i - 1] + k;
    }
    if (cps >= 2 && cps <= 4 && han_name_ok(p, bytes, cps, check, known, kctx)) {
      name_bytes = bytes, name_cps = cps;
    } else if (cps > 4 || (strict == EX_BIO && cps >= 2)) {
      /* no separator after the name: a known name, or in a bio the word
       * after it ("吕思泉是…") */
      for (size_t n = cps < 4 ? cps : 4; n >= 2 && !name_bytes; n--)
        if (known && known(kctx, p, off[n]))
          name_bytes = off[n], name_cps = n;
      for (size_t n = 2; n <= 4 && n < cps && !name_bytes && strict == EX_BIO; n++)
        for (size_t i = 0; i < sizeof bio_marks / sizeof *bio_marks; i++)
          if (!strncmp(p + off[n], bio_marks[i], strlen(bio_marks[i])) &&
              han_name_ok(p, off[n], n, HAN_LOOSE, NULL, NULL)) {
            name_bytes = off[n], name_cps = n;
            break;
          }
    }
    if (name_bytes && strict == EX_STRICT &&
        !han_name_ok(p, name_bytes, name_cps, HAN_SURE, known, kctx))
      name_bytes = 0;
    /* "腾讯云孔令飞": an organisation written against the name after it */
    if (!name_bytes && cps >= 4 && cps <= 12 && bytes == strlen(p) &&
        glued_name(p, bytes, known, kctx, out)) {
      return strict != EX_STRICT ||
             han_name_ok(out->name, strlen(out->name), ex_cps(out->name),
                         HAN_SURE, known, kctx);
    }
  } else if (utf8_is_upper(cp)) {
    int words = latin_name(p, &bytes);
    if (words && (known && known(kctx, p, bytes)))
      name_bytes = bytes;
    else if (words >= (strict == EX_LENIENT ? 1 : 2))
      name_bytes = bytes;
  }
  if (!name_bytes)
    return strict == EX_LENIENT && !only_name &&
           name_last(p, known, kctx, out);
  /* "阿里云 张三", "Acme - Jane Doe": the first word is not surely a name
   * and the last surely is; "乐凯撒 CTO 黄道泳": a job stands between */
  if (strict == EX_LENIENT && !only_name && !(known && known(kctx, p, name_bytes))) {
    size_t w;
    int unsure = han ? !han_name_ok(p, name_bytes, name_cps, HAN_SURE, NULL, NULL)
                     : latin_name(p, &w) < 2;
    ex_person last;
    if (name_last(p, known, kctx, &last)) {
      if (unsure || ex_lex_find(EX_LEX_JOB, last.designation)) {
        *out = last;
        return 1;
      }
      person_clear(&last);
    }
  }
  out->name = xstrndup(p, name_bytes);
  const char *r = skip_spaces(p + name_bytes);
  /* alias or company in brackets */
  cp = ex_cp(r, &k);
  if (cp == '(' || cp == 0xFF08) {
    const char *close = paren_close(r);
    if (close) {
      char *in = ex_trimn(r + k, (size_t)(close - r - (long)k));
      const char *a = after_alias_mark(in);
      size_t ib;
      size_t icps = han_run(in, &ib);
      int whole_han = ib == strlen(in);
      size_t lb;
      if (paren_marker(in)) {
        /* "(video)", "（暂定）": a note on the line, not a name */
        out->company = xstrdup(in);
      } else if (a && *a)
        out->alias = xstrdup(a);
      else if (han && whole_han && icps >= 2 && icps <= 4 &&
               !has_not_name_word(in, ib) && !is_company(in))
        out->alias = xstrdup(in);
      else if ((han && !ex_has_han(in) &&
                (!strchr(in, ' ') || (latin_name(in, &lb) >= 2 && lb == strlen(in))) &&
                *in) ||
               (!han && ex_has_han(in) && whole_han))
        out->alias = xstrdup(in);
      else if (*in)
        out->company = xstrdup(in);
      free(in);
      ex_cp(close, &k);
      r = skip_spaces(close + k);
    }
  }
  /* the rest: designation */
  char *rest = ex_trim_seps(r);
  if (only_name && *rest) {
    free(rest);
    person_clear(out);
    return 0;
  }
  if (strict == EX_BIO) {
    char *d = bio_designation(r);
    free(rest);
    rest = d;
  } else if (strict == EX_STRICT &&
             (ex_cps(rest) > 60 || strstr(rest, "。") || strstr(rest, "！") ||
              strstr(rest, "？"))) {
    free(rest);
    person_clear(out);
    return 0;
  }
  if (rest && *rest) {
    if (out->company)
      out->designation = xasprintf("%s%s%s", out->company,
                                   ex_has_han(rest) ? " " : ", ", rest);
    else
      out->designation = xstrdup(rest);
    if (!out->company) {
      const char *at = strstr(rest, " at ");
      if (!at)
        at = strstr(rest, " @ ");
      const char *sp = strchr(rest, ' ');
      if (at)
        out->company = ex_trim_seps(at + 4);
      else if (strict != EX_BIO && ex_has_han(rest) && sp &&
               !strstr(rest, "的") && !strpbrk(rest, ",") &&
               !strstr(rest, "，") &&
               ex_has_han(sp)) /* "中兴通讯 网管软件资深专家" */
        out->company = ex_trimn(rest, (size_t)(sp - rest));
    }
  } else if (out->company) {
    out->designation = xstrdup(out->company);
  }
  free(rest);
  return 1;
}

void extract_people_free(ex_person *p, size_t n) {
  for (size_t i = 0; i < n; i++)
    person_clear(&p[i]);
  free(p);
}

/* Split s at the separators accepted by is_sep (commas too when commas).
 * Returns the parts (trimmed copies) in *parts, their count; *strong gets
 * 1 when a separator other than a comma was seen. */
static size_t split_names(const char *s, int commas, char ***parts, int *strong) {
  size_t n = 0, cap = 0, k;
  *parts = NULL;
  *strong = 0;
  const char *start = s;
  int depth = 0;
  for (const char *p = s;; p += k) {
    uint32_t cp = ex_cp(p, &k);
    size_t skip = 0;
    int is_strong = 1;
    if (cp == '(' || cp == 0xFF08)
      depth++;
    else if ((cp == ')' || cp == 0xFF09) && depth)
      depth--;
    if (!cp) {
      skip = 0;
    } else if (depth) {
      continue;
    } else if (cp == '\n' || cp == 0x3001 || cp == 0xFF1B || cp == ';' ||
               cp == '&' || cp == 0xFF06 || cp == '/' || cp == 0xFF0F) {
      skip = k;
    } else if (!strncmp(p, " and ", 5)) {
      skip = 5;
    } else if (!strncmp(p, ", and ", 6)) {
      skip = 6;
    } else if (!strncmp(p, " 和 ", 5) || !strncmp(p, "和", 3)) {
      skip = p[0] == ' ' ? 5 : 3;
    } else if (commas && (cp == ',' || cp == 0xFF0C)) {
      skip = k;
      is_strong = 0;
    } else {
      continue;
    }
    if (cp && !skip)
      continue;
    char *part = ex_trimn(start, (size_t)(p - start));
    if (*part)
      VEC_PUSH(*parts, n, cap, part);
    else
      free(part);
    if (!cp)
      break;
    if (is_strong)
      *strong = 1;
    start = p + skip;
    k = skip;
  }
  return n;
}

static void free_parts(char **parts, size_t n) {
  for (size_t i = 0; i < n; i++)
    free(parts[i]);
  free(parts);
}

/* 1 when s names an organisation, not a person: it ends with a word such
 * as GmbH, Inc., Labs, 公司, 科技, 大学 ("Jonas Weber, Acme GmbH"). */
static int is_org(const char *s) {
  static const char *const ends[] = {
      "gmbh", "inc", "inc.", "ltd", "ltd.", "llc", "corp", "corp.", "co.",
      "corporation", "company", "ag", "se", "s.a.", "sas", "bv", "b.v.",
      "plc", "labs", "lab", "foundation", "university", "institute", "group",
      "technologies", "technology", "software", "systems", "studio", "team",
      "community", "公司", "科技", "集团", "大学", "学院", "实验室", "研究院",
      "研究所", "基金会", "团队", "社区", "工作室", NULL};
  char *t = util_trim(s);
  size_t n = strlen(t);
  for (size_t i = 0; i < n; i++)
    t[i] = (char)tolower((unsigned char)t[i]);
  int org = 0;
  for (size_t i = 0; ends[i] && !org; i++) {
    size_t k = strlen(ends[i]);
    org = n > k && !strcmp(t + n - k, ends[i]) &&
          ((unsigned char)ends[i][0] >= 0x80 || t[n - k - 1] == ' ');
  }
  free(t);
  return org;
}

/* Each part a person; 0 (and nothing kept) unless all are. */
static size_t people_from_parts(char **parts, size_t n, ex_strict strict,
                                han_check check, int only_name,
                                ex_known_fn known, void *kctx, ex_person **out) {
  for (size_t i = 0; only_name && i < n; i++)
    if (is_org(parts[i]))
      return 0;
  /* "Wenjie Jiang / Scientist, iQiYi": a part that opens with a job is the
   * designation of the person before it */
  char **own = xmalloc(n * sizeof *own);
  size_t m = 0;
  for (size_t i = 0; i < n; i++) {
    if (m && !only_name && ex_lex_starts(EX_LEX_JOB, parts[i])) {
      char *j = xasprintf("%s, %s", own[m - 1], parts[i]);
      free(own[m - 1]);
      own[m - 1] = j;
    } else {
      own[m++] = xstrdup(parts[i]);
    }
  }
  ex_person *ps = xcalloc(m, sizeof *ps);
  size_t ok = m;
  for (size_t i = 0; i < m && ok == m; i++)
    if (!parse_person(own[i], strict, check, only_name, known, kctx, &ps[i])) {
      extract_people_free(ps, i);
      ps = NULL;
      ok = 0;
    }
  for (size_t i = 0; i < m; i++)
    free(own[i]);
  free(own);
  *out = ps;
  return ok;
}

size_t extract_people(const char *s, ex_strict strict, ex_known_fn known,
                      void *kctx, ex_person **out) {
  *out = NULL;
  if (!s)
    return 0;
  char *t = ex_trim_seps(s);
  /* "等" closing a list of names: "张三、李四等" */
  size_t tl = strlen(t);
  if (tl > 3 && !strcmp(t + tl - 3, "等"))
    t[tl - 3] = 0;
  size_t n = 0;
  char **parts;
  int strong;
  if (strict != EX_BIO) {
    /* bare names split by anything, commas included */
    size_t np = split_names(t, 1, &parts, &strong);
    if (np >= 2) {
      han_check c = !strong && np == 2 ? HAN_SURE : HAN_PART;
      n = people_from_parts(parts, np, strong || np > 2 ? strict : EX_STRICT, c,
                            1, known, kctx, out);
    }
    free_parts(parts, np);
    /* names with designations split by strong separators */
    if (!n) {
      np = split_names(t, 0, &parts, &strong);
      if (np >= 2)
        n = people_from_parts(parts, np, strict, HAN_PART, 0, known, kctx, out);
      free_parts(parts, np);
    }
  }
  if (!n) {
    /* one person: the first line names them, later lines add to it */
    ex_person p;
    if (parse_person(t, strict, strict == EX_STRICT ? HAN_SURE : HAN_LOOSE, 0,
                     known, kctx, &p)) {
      *out = xmalloc(sizeof **out);
      **out = p;
      n = 1;
    }
  }
  free(t);
  return n;
}

/* ---- how much a text names people ------------------------------------------ */

/* Endings of English words that name things and acts, rarely people
 * ("Computing", "Introduction", "Management"). */
static const char *const thing_endings[] = {"less", "tion", "sion", "ment", "ness",
                                            "ity", "ics", "ism", "ogy", "ance",
                                            "ence", "able", "ware", "ture"};

/* 1 when a capitalised word of a Latin "name" reads as a thing instead:
 * a long word with a noun ending, an inner capital ("GraphQL"), a digit or
 * a dot inside ("vue.js"). */
static int thing_word(const char *w, size_t n) {
  if (n >= 6)
    for (size_t i = 0; i < sizeof thing_endings / sizeof *thing_endings; i++) {
      size_t e = strlen(thing_endings[i]);
      if (n > e + 2 && !strncasecmp(w + n - e, thing_endings[i], e))
        return 1;
    }
  size_t k;
  int inner_caps = 0, lower_seen = 0;
  for (size_t i = 0; i < n; i += k) {
    uint32_t cp = ex_cp(w + i, &k);
    if (cp < 0x80 && isdigit((int)cp))
      return 1;
    if (cp == '.' && i + 1 < n && i > 1)
      return 1;
    if (utf8_is_lower(cp))
      lower_seen = 1;
    else if (utf8_is_upper(cp) && lower_seen && i > 0 && w[i - 1] != '-' &&
             w[i - 1] != '\'')
      inner_caps = 1;
  }
  /* "McCormick", "LaNou", "DeVito": one inner capital after a short head */
  if (inner_caps) {
    int caps = 0;
    for (size_t i = 0; i < n; i += k)
      caps += utf8_is_upper(ex_cp(w + i, &k));
    return caps > 2;
  }
  return 0;
}

/* A handle: "@name", or one word of lower-case ASCII letters, digits and
 * _ . - ("wuvist", "lancern", "p1umer").  1 for "@…", 2 for a bare word. */
static int handle_shape(const char *s, size_t n) {
  size_t i = 0;
  int at = n && s[0] == '@';
  if (at)
    i = 1;
  if (n - i < 2 || n - i > 24)
    return 0;
  int letters = 0;
  for (size_t j = i; j < n; j++) {
    unsigned char c = (unsigned char)s[j];
    if (isalpha(c))
      letters++;
    else if (!isdigit(c) && c != '_' && c != '.' && c != '-')
      return 0;
    if (!at && isupper(c))
      return 0;
  }
  return letters >= 2 ? (at ? 1 : 2) : 0;
}

/* How much one name (without designation) reads as a person's. */
static double name_score(const char *name, ex_known_fn known, void *kctx) {
  size_t n = strlen(name), k, bytes;
  if (!n)
    return 0;
  if (known && known(kctx, name, n))
    return 1.0;
  uint32_t cp = ex_cp(name, &k);
  if (utf8_is_han(cp)) {
    size_t cps = han_run(name, &bytes);
    if (bytes != n || has_not_name_word(name, n) || is_company(name))
      return 0;
    if (han_name_ok(name, bytes, cps, HAN_SURE, NULL, NULL))
      return 0.9;
    return cps >= 2 && cps <= 3 ? 0.55 : cps == 4 ? 0.35 : 0;
  }
  int h = handle_shape(name, n);
  if (h)
    return h == 1 ? 0.6 : 0.3;
  if (!utf8_is_upper(cp))
    return 0;
  int words = latin_name(name, &bytes);
  if (!words || bytes != n)
    return 0;
  /* every capitalised word must read as a name, not a thing */
  for (const char *p = name; *p;) {
    int up, caps;
    size_t wl = name_word(p, &up, &caps);
    if (!wl)
      break;
    if (up && thing_word(p, wl))
      return 0.1;
    p += wl;
    while (*p == ' ')
      p++;
  }
  return words >= 2 ? 0.85 : 0.45;
}

/* Drop "(@handle)", "- @handle" and a leading "by " from people text; the
 * handle stays when it is all there is.  Caller frees. */
static char *drop_handles(const char *s) {
  char *t = util_trim(s);
  if (!strncasecmp(t, "by ", 3))
    memmove(t, t + 3, strlen(t + 3) + 1);
  strbuf b = {0};
  int other = 0;
  for (const char *p = t; *p;) {
    const char *at = strchr(p, '@');
    if (!at) {
      sb_add(&b, p);
      break;
    }
    /* a handle starts a word */
    if (at > t && !strchr(" (（-–—,，、/", at[-1])) {
      sb_addn(&b, p, (size_t)(at - p + 1));
      p = at + 1;
      continue;
    }
    const char *e = at + 1;
    while (*e && (isalnum((unsigned char)*e) || *e == '_' || *e == '-' || *e == '.'))
      e++;
    sb_addn(&b, p, (size_t)(at - p));
    p = e;
  }
  char *r = sb_take(&b);
  /* remove brackets and separators left empty: "Ada ()" → "Ada" */
  char *c = ex_trim_seps(r);
  for (char *q; (q = strstr(c, "()")) || (q = strstr(c, "（）"));)
    memmove(q, q + (*q == '(' ? 2 : 6), strlen(q + (*q == '(' ? 2 : 6)) + 1);
  char *d = ex_trim_seps(c);
  free(c);
  other = *d != 0;
  free(r);
  if (!other) {
    free(d);
    d = ex_trim_seps(t);
    if (*d == '@')
      memmove(d, d + 1, strlen(d));
  }
  free(t);
  return d;
}

/* 1 when d reads as a designation (a job, an organisation, "at Acme"),
 * not as more of a title ("针对多架构的设计"). */
static int designation_ok(const char *d) {
  size_t n = strlen(d), cps = ex_cps(d);
  if (cps <= 4 || ex_lex_find(EX_LEX_JOB, d) || has_not_name_word(d, n) ||
      is_company(d) || is_org(d) || ex_casestr(d, " at ") || strchr(d, '@') ||
      strchr(d, '(') || strstr(d, "（") || !strncmp(d, "http", 4))
    return 1;
  /* a few capitalised words: a company ("Ocado", "Tetrate") */
  int words = 0, caps = 0;
  for (const char *p = d; *p;) {
    while (*p == ' ' || *p == ',')
      p++;
    if (!*p)
      break;
    size_t k;
    caps += utf8_is_upper(ex_cp(p, &k)) != 0;
    words++;
    while (*p && *p != ' ')
      p++;
  }
  return !ex_has_han(d) && words <= 3 && caps == words;
}

double ex_names_score(const char *s, ex_known_fn known, void *kctx) {
  if (!s)
    return 0;
  char *whole = ex_trim_seps(s);
  int h = handle_shape(whole, strlen(whole));
  if (h && known && known(kctx, whole + (h == 1), strlen(whole + (h == 1))))
    h = 3;
  free(whole);
  if (h)
    return h == 3 ? 1.0 : h == 1 ? 0.6 : 0.3;
  char *t = drop_handles(s);
  size_t cps = ex_cps(t);
  if (!cps || cps > 160 || strstr(t, "。") || strstr(t, "！") || strstr(t, "？") ||
      strchr(t, '?') || strchr(t, '!')) {
    free(t);
    return 0;
  }
  ex_person *ps;
  size_t n = extract_people(t, EX_LENIENT, known, kctx, &ps);
  double score = n ? 1.0 : 0;
  for (size_t i = 0; i < n; i++) {
    double v = name_score(ps[i].name, known, kctx);
    if (ps[i].designation) {
      size_t dl = ex_cps(ps[i].designation);
      /* a long designation makes a name less sure: between two splits
       * that find the same person, the one with less beside the name */
      v *= dl > 60 ? 0.5 : 1.0 - (double)dl / 150.0;
      /* an affiliation in brackets after the name is one by its place */
      int bracketed = ps[i].company && !strcmp(ps[i].company, ps[i].designation);
      if (!bracketed && !designation_ok(ps[i].designation))
        v *= 0.5;
    }
    if (v < score)
      score = v;
  }
  /* the people must be most of the text: "Mythbusting" is no name of
   * "Mythbusting around GraphQL" */
  if (n) {
    size_t named = 0;
    for (size_t i = 0; i < n; i++)
      named += ex_cps(ps[i].name) + (ps[i].designation ? ex_cps(ps[i].designation) : 0) +
               (ps[i].alias ? ex_cps(ps[i].alias) + 2 : 0) +
               (ps[i].company && !ps[i].designation ? ex_cps(ps[i].company) + 2 : 0);
    if (named + 4 * n + 2 < cps)
      score *= 0.5;
  }
  extract_people_free(ps, n);
  free(t);
  return score;
}

char *ex_people_text(const char *s) { return drop_handles(s ? s : ""); }

/* ---- titles ---------------------------------------------------------------- */

static const char *const han_digits = "零〇一二三四五六七八九十两";

static int is_num_at(const char *s, size_t *len) {
  if (is_digit_at(s)) {
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
  while (is_num_at(s + n, &k))
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
  if (!words || !is_digit_at(p))
    return 0;
  while (is_digit_at(p))
    p++;
  return *p == ':' ? (size_t)(p - s) : 0;
}

static size_t title_prefix(const char *s, size_t *all) {
  const char *p = s;
  size_t word = 0;
  size_t lp = label_prefix(s);
  if (lp) {
    const char *q = skip_spaces(s + lp + 1);
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
  const char *q = word ? skip_spaces(p + word) : p;
  size_t nl = num_len(q);
  if (!nl || (!word && !is_digit_at(q)))
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
  int sep = is_colon(cp) || cp == '.' || cp == 0x3001 || cp == 0xFF0E ||
            cp == ')' || cp == 0xFF09 || cp == '-' || cp == 0x2013 ||
            cp == 0x2014;
  if (sep)
    q += k;
  else if (!(word && ex_is_space(cp)) && !(word && !di && cp == 0x300A))
    return 0;
  if (!word && cp == '.' && is_digit_at(q))
    return 0; /* "2.0 版本" */
  q = skip_spaces(q);
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

/* Bytes of speaker separators at s: spaces, dashes, bars, colons, "by". */
static size_t people_sep(const char *s) {
  const char *p = s;
  size_t k;
  for (;;) {
    uint32_t cp = ex_cp(p, &k);
    if (ex_is_space(cp) || cp == '-' || cp == 0x2013 || cp == 0x2014 ||
        cp == '|' || cp == 0xFF5C || is_colon(cp) || cp == 0xFF0C || cp == ',')
      p += k;
    else if (!strncasecmp(p, "by ", 3))
      p += 3;
    else
      break;
  }
  return (size_t)(p - s);
}

static int people_ok(const char *s, ex_strict strict, ex_known_fn known,
                     void *kctx) {
  ex_person *ps;
  size_t n = extract_people(s, strict, known, kctx, &ps);
  extract_people_free(ps, n);
  return n > 0;
}

int extract_title_people(const char *s, ex_known_fn known, void *kctx,
                         char **title, char **people) {
  *title = *people = NULL;
  char *t = util_trim(s ? s : "");
  size_t n = strlen(t), k;
  if (!n) {
    free(t);
    return 0;
  }
  /* "《Title》 Speaker", "“Title” - Speaker" */
  for (size_t i = 0; i < sizeof quote_pairs / sizeof *quote_pairs; i++) {
    size_t ol = strlen(quote_pairs[i].open), cl = strlen(quote_pairs[i].close);
    if (strncmp(t, quote_pairs[i].open, ol))
      continue;
    char *c = strstr(t + ol, quote_pairs[i].close);
    if (!c)
      break;
    const char *after = c + cl;
    while (!strncmp(after, quote_pairs[i].close, cl))
      after += cl;
    const char *r = after + people_sep(after);
    if (*r && people_ok(r, EX_STRICT, known, kctx)) {
      *title = xstrndup(t, (size_t)(after - t));
      *people = xstrdup(r);
      free(t);
      return 1;
    }
    break;
  }
  /* "Name（公司）：Title" */
  {
    size_t nb = 0;
    uint32_t cp = ex_cp(t, &k);
    if (utf8_is_han(cp)) {
      size_t cps = han_run(t, &nb);
      if (cps < 2 || cps > 4)
        nb = 0;
    } else if (utf8_is_upper(cp)) {
      if (latin_name(t, &nb) < 1)
        nb = 0;
    }
    const char *p = nb ? skip_spaces(t + nb) : NULL;
    cp = p ? ex_cp(p, &k) : 0;
    if (cp == '(' || cp == 0xFF08) {
      const char *close = paren_close(p);
      const char *q = close ? close + (ex_cp(close, &k), k) : NULL;
      q = q ? skip_spaces(q) : NULL;
      if (q && is_colon(ex_cp(q, &k)) && *skip_spaces(q + k)) {
        char *in = ex_trimn(p + (*p == '(' ? 1 : 3),
                            (size_t)(close - p - (*p == '(' ? 1 : 3)));
        const char *a = after_alias_mark(in);
        *people = a ? xstrndup(t, (size_t)(close - t) + (*close == ')' ? 1 : 3))
                    : xasprintf("%.*s, %s", (int)nb, t, in);
        free(in);
        *title = xstrdup(skip_spaces(q + k));
        free(t);
        return 1;
      }
    } else if (p && is_colon(cp) && known && known(kctx, t, nb) &&
               *skip_spaces(p + k)) {
      *people = xstrndup(t, nb);
      *title = xstrdup(skip_spaces(p + k));
      free(t);
      return 1;
    }
  }
  /* "Title by Name" */
  {
    const char *by = NULL;
    for (const char *p = t; (p = ex_casestr(p, " by ")); p++)
      by = p;
    if (by && by > t && people_ok(by + 4, EX_STRICT, known, kctx)) {
      *title = ex_trimn(t, (size_t)(by - t));
      *people = xstrdup(by + 4);
      free(t);
      return 1;
    }
  }
  /* "Title (Speaker)" */
  {
    size_t e = rtrim_len(t, n, ex_is_space);
    size_t cb = e && t[e - 1] == ')' ? 1 : e >= 3 && !strncmp(t + e - 3, "）", 3) ? 3 : 0;
    if (cb) {
      /* the matching opening bracket */
      int depth = 0;
      long open = -1;
      for (long i = (long)e - 1; i >= 0; i--) {
        if (t[i] == ')' || (i >= 2 && !strncmp(t + i - 2, "）", 3)))
          depth++;
        else if (t[i] == '(' || (i >= 2 && !strncmp(t + i - 2, "（", 3))) {
          if (--depth == 0) {
            open = t[i] == '(' ? i : i - 2;
            break;
          }
        }
      }
      if (open > 0) {
        size_t ol = t[open] == '(' ? 1 : 3;
        char *in = ex_trimn(t + open + ol, e - cb - (size_t)open - ol);
        if (people_ok(in, EX_STRICT, known, kctx)) {
          *title = ex_trimn(t, (size_t)open);
          *people = in;
          free(t);
          return 1;
        }
        free(in);
      }
    }
  }
  /* "Title——Speaker", "Title - Speaker", "Title | Speaker" */
  {
    static const char *const seps[] = {"——", " — ", "—", " – ", " - ", " | ",
                                       "｜"};
    for (size_t i = 0; i < sizeof seps / sizeof *seps; i++) {
      const char *last = NULL;
      for (const char *p = t; (p = strstr(p, seps[i])); p += strlen(seps[i]))
        last = p;
      if (!last || last == t)
        continue;
      const char *r = skip_spaces(last + strlen(seps[i]));
      if (*r && people_ok(r, EX_STRICT, known, kctx)) {
        *title = ex_trimn(t, (size_t)(last - t));
        *people = xstrdup(r);
        free(t);
        return 1;
      }
    }
  }
  free(t);
  return 0;
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
