/* extract_lex.c — the words and numbers the extractor decides by, in named
 * tables: what an agenda item that is not a talk says (签到, Lunch, Doors
 * open), what a heading of event information, of an agenda, of speakers,
 * of a day or of a track says, which words name a job rather than a talk,
 * and the thresholds of the group decisions (see extract_int.h, "lexicons").
 *
 * A word is matched in text folded by ex_fold (letters, digits and Han
 * only, ASCII lower case): Chinese words anywhere, English words as whole
 * words of the unfolded text.  Cue words ("讲师：", "Speaker:") are not here
 * but in extract_text.c's cue table, beside the reader of cue lines. */
#include "extract_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* ---- the tables ------------------------------------------------------------ */

/* Agenda items that are not talks: arriving, eating, breaks, opening and
 * closing words, photos, raffles, questions, free discussion. */
static const char *const lex_break[] = {
    "签到", "入场", "开场", "开幕", "致辞", "欢迎", "茶歇", "午餐", "午休", "晚餐",
    "早餐", "晚宴", "用餐", "休息", "合影", "抽奖", "自由讨论", "自由交流",
    "自由聊天", "自由话题", "问答", "答疑", "复盘", "闭幕", "结束", "嘉宾介绍",
    "自我介绍", "致谢", "布展", "暖场", "下午茶", "茶点", "颁奖", "交流环节",
    "break", "coffee", "tea", "lunch", "dinner", "breakfast", "snack", "snacks",
    "food", "drinks", "networking", "hang out", "hangout", "social", "pub",
    "beer", "pizza", "doors", "doors open", "registration", "check-in",
    "check in", "welcome", "opening remarks", "opening", "closing remarks",
    "closing", "wrap-up", "wrap up", "farewell", "raffle", "giveaway",
    "group photo", "photo", "q&a", "questions", "announcements",
    "a word from our sponsor", "unconference", "open space", "meet and greet",
    "meet & greet", "see you", "end of the meeting", NULL};

/* Slots with nothing named yet: not talks. */
static const char *const lex_placeholder[] = {"待定", "tbd", "tba", "to be announced",
                                              "to be confirmed", NULL};

/* Headings over event information, never over talks. */
static const char *const lex_info[] = {
    "时间", "地点", "日期", "报名", "交通", "直播", "回放", "须知", "注意", "福利",
    "周边", "参与方式", "参加方式", "如何参加", "联系", "关于", "主办", "协办",
    "承办", "组织", "面向对象", "适合人群", "费用", "门票", "地图", "路线", "场地",
    "礼品", "好礼", "往期", "特别嘉奖", "感谢", "致谢", "赞助", "合作", "传送门",
    "观看", "视频", "资料", "参考", "问题", "活动信息", "活动介绍", "活动简介",
    "活动指南", "活动背景", "活动亮点", "亮点", "venue", "location", "where",
    "when", "date", "time", "registration", "register", "tickets", "rsvp",
    "afterwards", "after party", "afterparty", "food", "drinks", "directions",
    "getting there", "travel", "parking", "accommodation", "contact", "faq",
    "about", "summary", "overview", "code of conduct", "livestream",
    "live stream", "video", "videos", "recording", "recordings", "slides",
    "resources", "links", "photos", "sponsors", "sponsor", "organizers",
    "organisers", "committee", "important dates", "call for", "notes",
    "what is", "can i", "who came", "next meetup", "past meetups", "meetup",
    "introduction", "welcome", "practical information", NULL};

/* Headings over an agenda or over the talks. */
static const char *const lex_agenda[] = {
    "议程", "日程", "流程", "安排", "流水", "agenda", "schedule", "program",
    "programme", "lineup", NULL};

/* Words of talks that make a heading one over them only with a word of
 * sections beside them ("议题介绍", "演讲内容简介") or alone ("Talks"):
 * "工具链分享" is a talk. */
static const char *const lex_talks[] = {
    "议题", "演讲", "分享", "专题", "话题", "主题", "talks", "sessions",
    "presentations",
    "proposed talks", "lightning talks", NULL};

/* Words of sections that go with them. */
static const char *const lex_section[] = {
    "介绍", "简介", "详情", "内容", "列表", "一览", "安排", "概览", "list",
    "details", "overview", NULL};

/* Headings over the speakers' bios. */
static const char *const lex_speakers[] = {
    "嘉宾", "讲师", "讲者", "分享人", "分享者", "主讲", "speaker", "speakers",
    "presenter", "presenters", "about the speakers", "bios", NULL};

/* Words of a heading that names a part of a day. */
static const char *const lex_day[] = {
    "上午", "下午", "晚上", "中午", "第一天", "第二天", "第三天", "周一", "周二",
    "周三", "周四", "周五", "周六", "周日", "星期", "morning", "afternoon",
    "evening", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday", NULL};

/* Words of a heading that names a track, hall or room. */
static const char *const lex_track[] = {
    "分会场", "专场", "论坛", "会场", "分论坛", "主会场", "track", "room",
    "hall", "stage", NULL};

/* Words of a job, a title a speaker holds, not the title of a talk. */
static const char *const lex_job[] = {
    "工程师", "专家", "经理", "总监", "架构师", "创始人", "负责人", "研究员",
    "教授", "博士", "学生", "主管", "顾问", "总裁", "主席", "成员", "作者",
    "布道师", "总经理", "董事", "发起人", "理事", "会员", "维护者", "开发者",
    "贡献者", "讲师", "老师", "总裁", "副总裁", "合伙人", "engineer", "developer", "manager", "director",
    "cto", "ceo", "coo", "founder", "co-founder", "cofounder", "lead", "architect",
    "scientist", "researcher", "professor", "student", "advocate", "evangelist",
    "consultant", "head", "vp", "president", "chair", "member", "maintainer",
    "committer", "designer", "writer", "analyst", "specialist", "intern",
    "fellow", "owner", "partner", "contributor", "pmc", NULL};

/* Words that make a heading a container of talks by their kind ("Lightning
 * talks", "Keynotes"), so its items are the talks. */
static const char *const lex_series[] = {"闪电演讲", "开场演讲", "主题演讲", "lightning talks",
                                         "lightning", "keynotes", NULL};

/* Headings over sponsors and thanks. */
static const char *const lex_sponsors[] = {
    "致谢", "感谢", "鸣谢", "赞助", "合作伙伴", "合作单位", "合作方", "合作社区",
    "支持单位", "支持社区", "协办", "联合主办", "媒体支持", "社区伙伴", "sponsor",
    "sponsors", "sponsored", "thanks", "thank you", "partner", "partners",
    "supporter", "supporters", "acknowledgements", "acknowledgments", NULL};

static const char *const *const tables[EX_LEX_COUNT] = {
    [EX_LEX_BREAK] = lex_break,       [EX_LEX_PLACEHOLDER] = lex_placeholder,
    [EX_LEX_INFO] = lex_info,         [EX_LEX_AGENDA] = lex_agenda,
    [EX_LEX_SPEAKERS] = lex_speakers, [EX_LEX_DAY] = lex_day,
    [EX_LEX_TRACK] = lex_track,       [EX_LEX_JOB] = lex_job,
    [EX_LEX_SERIES] = lex_series,     [EX_LEX_SPONSORS] = lex_sponsors,
    [EX_LEX_TALKS] = lex_talks,       [EX_LEX_SECTION] = lex_section,
};

const ex_thresholds ex_limits = {
    .group_share = 0.5,
    .group_min = 2,
    .schedule_share = 0.25,
    .names_sure = 0.75,
    .names_likely = 0.5,
    .names_pattern = 0.25,
    .heading_cps = 80,
    .title_cps = 120,
    .section_cps = 16,
    .break_words = 6,
    .match_ratio = 0.8,
    .match_contain = 0.6,
};

/* ---- lookups ------------------------------------------------------------------ */

/* 1 when the ASCII phrase w occurs in s as whole words, case ignored. */
static int has_phrase(const char *s, const char *w) {
  size_t n = strlen(w);
  for (const char *p = s; (p = ex_casestr(p, w)); p++) {
    int before = p > s && isalnum((unsigned char)p[-1]);
    int after = isalnum((unsigned char)p[n]);
    if (!before && !after)
      return 1;
  }
  return 0;
}

const char *ex_lex_find(ex_lex kind, const char *text) {
  if (!text || kind >= EX_LEX_COUNT)
    return NULL;
  for (const char *const *w = tables[kind]; *w; w++) {
    if ((unsigned char)(*w)[0] >= 0x80 ? strstr(text, *w) != NULL
                                       : has_phrase(text, *w))
      return *w;
  }
  return NULL;
}

int ex_lex_starts(ex_lex kind, const char *text) {
  if (!text || kind >= EX_LEX_COUNT)
    return 0;
  const char *p = text;
  while (*p == ' ' || *p == '\t' || *p == '*' || *p == '_' || *p == '"' ||
         *p == '[' || *p == '(')
    p++;
  for (const char *const *w = tables[kind]; *w; w++) {
    size_t n = strlen(*w);
    if ((unsigned char)(*w)[0] >= 0x80) {
      if (!strncmp(p, *w, n))
        return 1;
    } else if (!strncasecmp(p, *w, n) && !isalnum((unsigned char)p[n])) {
      return 1;
    }
  }
  return 0;
}

int ex_break_title(const char *t) {
  return t && (ex_lex_starts(EX_LEX_BREAK, t) ||
               (ex_lex_find(EX_LEX_BREAK, t) &&
                ex_cps(t) <= 4 * (size_t)ex_limits.break_words));
}

int ex_lex_whole(ex_lex kind, const char *text) {
  if (!text || kind >= EX_LEX_COUNT)
    return 0;
  char *f = ex_fold(text);
  int hit = 0;
  for (const char *const *w = tables[kind]; *w && !hit; w++) {
    char *fw = ex_fold(*w);
    hit = *fw && !strcmp(f, fw);
    free(fw);
  }
  free(f);
  return hit;
}
