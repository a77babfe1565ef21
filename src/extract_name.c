/* extract_name.c — the reader of people in a speaker line, for the
 * extract stage: Han names (a family name from the table of common ones,
 * two to four characters, no word of an organisation or a programme, an
 * honorific after it dropped), Latin names in any spelling (accents,
 * particles, hyphens, initials), handles; an alias or a company in
 * brackets after the name, a designation after it ("肖涵（涵畅）蚂蚁金服高级
 * 技术专家", "Maya Okafor, Staff Engineer at Larchwood"), several people in
 * one line ("鲁直 、涵畅 、张超盟", "A, B and C, Acme"), a name glued to its
 * organisation ("腾讯云孔令飞"); and how much a text names people at all
 * (ex_names_score), which the title-line reader weighs.
 *
 * Reads strings only, knows no page: its word lists are what names are
 * and are not in general. */
#include "extract_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

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

/* The surname a Han name starts with. */
typedef enum surname_kind {
  SURNAME_NONE,    /* none of the lists' */
  SURNAME_SINGLE,  /* one character ("王") */
  SURNAME_COMPOUND /* two ("欧阳") */
} surname_kind;

static surname_kind has_surname(const char *s) {
  for (size_t i = 0; i < sizeof compound_surnames / sizeof *compound_surnames; i++)
    if (!strncmp(s, compound_surnames[i], strlen(compound_surnames[i])))
      return SURNAME_COMPOUND;
  size_t k;
  ex_cp(s, &k);
  if (k != 3)
    return SURNAME_NONE;
  for (const char *p = surnames; *p; p += 3)
    if (!memcmp(p, s, 3))
      return SURNAME_SINGLE;
  return SURNAME_NONE;
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


/* Characters of function words and of technical words, almost never in
 * a given name ("微应用", "云函数", "场景方案"). */
static const char not_name_chars[] =
    "的了是与及或不也都就被把从对会要应函数据器件式型性论统务端库络页码序"
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
  if (!strncmp(s, "第", 3) && ex_is_num_at(s + 3, &nl))
    return 0; /* "第一场": numbering */
  surname_kind sur = has_surname(s);
  const char *last = s + bytes - 3;
  int suffix = 0;
  for (const char *p = title_suffixes; *p; p += 3)
    if (bytes >= 3 && !memcmp(p, last, 3))
      suffix = 1;
  switch (c) {
  case HAN_LOOSE:
    return 1;
  case HAN_PART:
    return !suffix && (cps <= 3 || sur == SURNAME_COMPOUND);
  case HAN_SURE:
    return !suffix && sur != SURNAME_NONE &&
           (sur == SURNAME_COMPOUND ? cps >= 3 : cps <= 3);
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
      const char *p = ex_skip_spaces(s + n);
      size_t k;
      if (ex_is_colon(ex_cp(p, &k)))
        p = ex_skip_spaces(p + k);
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
  while (*p && ex_is_sep_cp(ex_cp(p, &k0)))
    p += k0;
  for (size_t i = 0; i < sizeof lead / sizeof *lead; i++)
    if (!strncmp(p, lead[i], strlen(lead[i]))) {
      p = ex_skip_spaces(p + strlen(lead[i]));
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
    year = ex_is_digit_at(y) && ex_is_digit_at(y + 1) && ex_is_digit_at(y + 2) &&
           ex_is_digit_at(y + 3);
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
  size_t n = ex_rtrim_len(s, strlen(s), ex_is_end_sep), k;
  const char *strong = NULL, *space = NULL;
  for (const char *p = s; p < s + n; p += k) {
    uint32_t cp = ex_cp(p, &k);
    if (ex_is_space(cp))
      space = p + k;
    else if ((ex_is_sep_cp(cp) && cp != '-' && cp != 0x00B7) ||
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

/* 1 when s ends with the head of a Chinese job ("…工程师", "…经理"). */
static int job_head_end(const char *s) {
  static const char *const heads[] = {"工程师", "经理", "专家", "总监", "架构师",
                                      "创始人", "负责人", "研究员", "教授", "主管",
                                      "顾问", "讲师", "CTO", "CEO"};
  size_t n = strlen(s);
  for (size_t i = 0; i < sizeof heads / sizeof *heads; i++) {
    size_t l = strlen(heads[i]);
    if (n > l && !strcmp(s + n - l, heads[i]))
      return 1;
  }
  return 0;
}

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
    /* an organisation, or a job ("高级产品经理庞志伟") */
    int org_ok = is_company(org) || is_org(org) || job_head_end(org);
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

/* The shape of a handle (handle_shape). */
typedef enum handle_kind {
  HANDLE_NONE,  /* not a handle */
  HANDLE_AT,    /* "@name" */
  HANDLE_BARE,  /* "wuvist": one lower-case word */
  HANDLE_KNOWN  /* either, naming a person the page knows */
} handle_kind;

static handle_kind handle_shape(const char *s, size_t n);

/* One person at the start of s.  Returns 1 and fills *out when a name is
 * found; only_name: the text must be a name (and alias) and nothing else.
 * check is the Han check for names in this position. */
/* Where a name is at p (after "by "), its bytes and code points. */
typedef struct name_at {
  size_t bytes; /* bytes of the name, 0 when none */
  size_t cps;   /* its code points (Han names) */
  int han;      /* a Han name */
} name_at;

/* A Han name at p: a run of two to four characters that passes the check,
 * or, with no separator after it, a known name or (in a bio) the word
 * before "是", "现任" …  0 bytes when none. */
static name_at han_name_at(const char *p, ex_strict strict, han_check check,
                           ex_known_fn known, void *kctx) {
  name_at r = {.han = 1};
  size_t bytes, k;
  size_t cps = han_run(p, &bytes);
  /* byte offsets of the first code points of the run */
  size_t off[6] = {0};
  for (size_t i = 1; i < 6 && i <= cps; i++) {
    ex_cp(p + off[i - 1], &k);
    off[i] = off[i - 1] + k;
  }
  if (cps >= 2 && cps <= 4 && han_name_ok(p, bytes, cps, check, known, kctx)) {
    r.bytes = bytes, r.cps = cps;
  } else if (cps > 4 || (strict == EX_BIO && cps >= 2)) {
    for (size_t n = cps < 4 ? cps : 4; n >= 2 && !r.bytes; n--)
      if (known && known(kctx, p, off[n]))
        r.bytes = off[n], r.cps = n;
    for (size_t n = 2; n <= 4 && n < cps && !r.bytes && strict == EX_BIO; n++)
      for (size_t i = 0; i < sizeof bio_marks / sizeof *bio_marks; i++)
        if (!strncmp(p + off[n], bio_marks[i], strlen(bio_marks[i])) &&
            han_name_ok(p, off[n], n, HAN_LOOSE, NULL, NULL)) {
          r.bytes = off[n], r.cps = n;
          break;
        }
  }
  if (r.bytes && strict == EX_STRICT &&
      !han_name_ok(p, r.bytes, r.cps, HAN_SURE, known, kctx))
    r.bytes = 0;
  return r;
}

/* A Latin name at p (upper-case start), or a handle where people are
 * expected ("wuvist", "@lancern": only when it is all there is). */
static name_at other_name_at(const char **pp, ex_strict strict,
                             ex_known_fn known, void *kctx) {
  name_at r = {0};
  const char *p = *pp;
  size_t k, bytes;
  uint32_t cp = ex_cp(p, &k);
  if (utf8_is_upper(cp)) {
    int words = latin_name(p, &bytes);
    if ((words && known && known(kctx, p, bytes)) ||
        words >= (strict == EX_LENIENT ? 1 : 2))
      r.bytes = bytes;
  } else if (strict == EX_LENIENT && (cp == '@' || (cp < 0x80 && islower((int)cp)))) {
    size_t w = 0;
    while (p[w] && !ex_is_space((unsigned char)p[w]) && p[w] != ',' && p[w] != '(')
      w++;
    if (handle_shape(p, w) && !*ex_skip_spaces(p + w)) {
      if (*p == '@')
        (*pp)++, w--;
      r.bytes = w;
    }
  }
  return r;
}

/* An alias or a company in brackets right after the name at r: filled
 * into out; returns where the text goes on after the bracket. */
static const char *bracket_part(const char *r, int han, ex_person *out) {
  size_t k;
  uint32_t cp = ex_cp(r, &k);
  const char *close = cp == '(' || cp == 0xFF08 ? paren_close(r) : NULL;
  if (!close)
    return r;
  char *in = ex_trimn(r + k, (size_t)(close - r - (long)k));
  const char *a = after_alias_mark(in);
  size_t ib, lb;
  size_t icps = han_run(in, &ib);
  int whole_han = ib == strlen(in);
  if (paren_marker(in)) /* "(video)", "（暂定）": a note on the line, kept
                           * in its brackets, no alias or company's name */
    out->company = xstrndup(r, (size_t)(close - r) + (cp == '(' ? 1 : 3));
  else if (a && *a)
    out->alias = xstrdup(a);
  else if (han && whole_han && icps >= 2 && icps <= 4 &&
           !has_not_name_word(in, ib) && !is_company(in))
    out->alias = xstrdup(in);
  else if ((han && !ex_has_han(in) && *in &&
            (!strchr(in, ' ') || (latin_name(in, &lb) >= 2 && lb == strlen(in)))) ||
           (!han && ex_has_han(in) && whole_han))
    out->alias = xstrdup(in);
  else if (*in)
    out->company = xstrdup(in);
  free(in);
  ex_cp(close, &k);
  return ex_skip_spaces(close + k);
}

/* s after a leading "by " or "presented by " ("hosted by", "moderated
 * by", "led by"): the words before the people of a talk. */
static const char *skip_by(const char *s) {
  static const char *const by[] = {"by ", "presented by ", "hosted by ",
                                   "moderated by ", "led by ", NULL};
  for (size_t i = 0; by[i]; i++)
    if (!strncasecmp(s, by[i], strlen(by[i])))
      return ex_skip_spaces(s + strlen(by[i]));
  return s;
}

/* A designation that opens with the name again ("赵禹光，赵禹光，贝壳…", a
 * slip of the page) loses it. */
static void drop_name_again(ex_person *p) {
  size_t n = strlen(p->name);
  char *d = p->designation;
  if (!d || strncmp(d, p->name, n))
    return;
  const char *rest = d + n;
  if (!strncmp(rest, "\uff0c", 3) || !strncmp(rest, "\u3001", 3))
    rest += 3;
  else if (*rest == ',')
    rest++;
  else
    return;
  rest = ex_skip_spaces(rest);
  if (!*rest)
    return;
  memmove(d, rest, strlen(rest) + 1);
}

static double name_score(const char *name, ex_known_fn known, void *kctx);

/* The designation from the rest of the line r (with the company found in
 * brackets, if any): 1, or 0 when the rest says this is no person line
 * (a sentence where the strict reader wants a name, more text where only
 * a name may stand). */
static int designation_part(const char *r, ex_strict strict, int only_name,
                            ex_person *out) {
  char *rest = ex_trim_seps(r);
  if (only_name && *rest) {
    free(rest);
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
               !strstr(rest, "，") && ex_has_han(sp)) /* "中兴通讯 网管软件资深专家" */
        out->company = ex_trimn(rest, (size_t)(sp - rest));
    }
  } else if (out->company) {
    out->designation = xstrdup(out->company);
  }
  free(rest);
  return 1;
}

static int parse_person(const char *s, ex_strict strict, han_check check,
                        int only_name, ex_known_fn known, void *kctx,
                        ex_person *out) {
  memset(out, 0, sizeof *out);
  const char *p = ex_skip_spaces(s);
  p = skip_by(p);
  size_t k;
  name_at na;
  if (utf8_is_han(ex_cp(p, &k))) {
    na = han_name_at(p, strict, check, known, kctx);
    size_t bytes;
    size_t cps = han_run(p, &bytes);
    /* "腾讯云孔令飞": an organisation written against the name after it */
    if (!na.bytes && cps >= 4 && cps <= 24 && bytes == strlen(p) &&
        glued_name(p, bytes, known, kctx, out))
      return strict != EX_STRICT ||
             han_name_ok(out->name, strlen(out->name), ex_cps(out->name),
                         HAN_SURE, known, kctx);
  } else {
    na = other_name_at(&p, strict, known, kctx);
  }
  if (!na.bytes)
    return strict == EX_LENIENT && !only_name && name_last(p, known, kctx, out);
  /* "阿里云 张三", "Acme - Jane Doe": the first word is not surely a name
   * and the last surely is; "乐凯撒 CTO 黄道泳": a job stands between */
  if (strict == EX_LENIENT && !only_name && !(known && known(kctx, p, na.bytes))) {
    size_t w;
    int unsure = na.han ? !han_name_ok(p, na.bytes, na.cps, HAN_SURE, NULL, NULL)
                        : latin_name(p, &w) < 2;
    ex_person last;
    if (name_last(p, known, kctx, &last)) {
      /* …unless the last is less a name than the first ("温铭，…，Apache
       * SkyWalking Committer") */
      char *first = xstrndup(p, na.bytes);
      int better = name_score(last.name, known, kctx) >=
                   name_score(first, known, kctx);
      free(first);
      if ((unsure || ex_lex_find(EX_LEX_JOB, last.designation)) && better) {
        *out = last;
        return 1;
      }
      person_clear(&last);
    }
  }
  out->name = xstrndup(p, na.bytes);
  const char *r = bracket_part(ex_skip_spaces(p + na.bytes), na.han, out);
  if (!designation_part(r, strict, only_name, out)) {
    person_clear(out);
    return 0;
  }
  drop_name_again(out);
  return 1;
}

void extract_people_free(ex_person *p, size_t n) {
  for (size_t i = 0; i < n; i++)
    person_clear(&p[i]);
  free(p);
}

/* 1 when s opens with a Han character (a name goes on after it). */
static int han_follows(const char *s) {
  size_t k;
  return utf8_is_han(ex_cp(s, &k));
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
    } else if (!strncmp(p, " 和 ", 5) ||
               (!strncmp(p, "和", 3) && p > start && han_follows(p + 3))) {
      /* "张三和李四"; not the last character of a name ("许清和、陈默") */
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

/* "Ada Roe, Bo Li and Cy Wu, Acme": names and, last, the organisation
 * they share (one that reads as one, or a single word after names of two
 * words or more).  Returns the people (each with that company) or 0. */
static size_t shared_company(char **parts, size_t np, ex_strict strict,
                             ex_known_fn known, void *kctx, ex_person **out) {
  if (np < 3)
    return 0;
  const char *last = parts[np - 1];
  size_t lb;
  int org = is_org(last) || is_company(last) ||
            (!strchr(last, ' ') && !ex_has_han(last) && latin_name(last, &lb) == 1);
  for (size_t i = 0; i + 1 < np && org; i++) {
    size_t b;
    org = ex_has_han(parts[i]) ? 0 : latin_name(parts[i], &b) >= 2 &&
                                         b == strlen(parts[i]);
  }
  if (!org)
    return 0;
  size_t n = people_from_parts(parts, np - 1, strict, HAN_PART, 1, known, kctx, out);
  for (size_t i = 0; i < n; i++) {
    (*out)[i].company = xstrdup(last);
    (*out)[i].designation = xstrdup(last);
  }
  return n;
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
    n = shared_company(parts, np, strict, known, kctx, out);
    if (!n && np >= 2) {
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

/* Words of jobs and roles that are nobody's name ("Apache SkyWalking
 * Committer", "Senior Engineer"); words that can be surnames too (Lead,
 * Head, Chair, Fellow) are not here. */
static const char *const job_words[] = {
    "engineer",   "developer",  "manager",    "director",    "founder",
    "cofounder",  "co-founder", "architect",  "scientist",   "researcher",
    "professor",  "student",    "evangelist", "consultant",  "committer",
    "maintainer", "contributor", "designer",  "analyst",     "specialist",
    "intern",     "cto",        "ceo",        "coo",         "cfo",
    "vp",         "pmc"};

/* 1 when a capitalised word of a Latin "name" reads as a thing instead:
 * a job or a role, a long word with a noun ending, an inner capital
 * ("GraphQL"), a digit or a dot inside ("vue.js"). */
static int thing_word(const char *w, size_t n) {
  for (size_t i = 0; i < sizeof job_words / sizeof *job_words; i++)
    if (strlen(job_words[i]) == n && !strncasecmp(w, job_words[i], n))
      return 1;
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
 * _ . - ("wuvist", "lancern", "p1umer"), HANDLE_MIN to HANDLE_MAX bytes
 * long (the @ left out). */
enum { HANDLE_MIN = 2, HANDLE_MAX = 24 };
static handle_kind handle_shape(const char *s, size_t n) {
  size_t i = 0;
  int at = n && s[0] == '@';
  if (at)
    i = 1;
  if (n - i < HANDLE_MIN || n - i > HANDLE_MAX)
    return HANDLE_NONE;
  int letters = 0;
  for (size_t j = i; j < n; j++) {
    unsigned char c = (unsigned char)s[j];
    if (isalpha(c))
      letters++;
    else if (!isdigit(c) && c != '_' && c != '.' && c != '-')
      return HANDLE_NONE;
    if (!at && isupper(c))
      return HANDLE_NONE;
  }
  return letters < 2 ? HANDLE_NONE : at ? HANDLE_AT : HANDLE_BARE;
}

/* How much a name of each shape reads as a person's, 0 to 1. */
static const struct {
  double known;     /* a name the page names elsewhere */
  double han_sure;  /* Han, a surname and a name's length */
  double han_short; /* two or three Han characters, no known surname */
  double han_four;  /* four Han characters, no known surname */
  double handle_at; /* "@name" */
  double handle;    /* "wuvist" */
  double latin;     /* two or more capitalised words */
  double latin_one; /* one capitalised word */
  double thing;     /* capitalised words, one naming a thing ("Kafka") */
} SCORE = {.known = 1.0,
           .han_sure = 0.9,
           .han_short = 0.55,
           .han_four = 0.35,
           .handle_at = 0.6,
           .handle = 0.3,
           .latin = 0.85,
           .latin_one = 0.45,
           .thing = 0.1};

/* The score of a handle of shape h. */
static double handle_score(handle_kind h) {
  return h == HANDLE_KNOWN ? SCORE.known
         : h == HANDLE_AT  ? SCORE.handle_at
         : h == HANDLE_BARE ? SCORE.handle
                            : 0;
}

/* How much one name (without designation) reads as a person's. */
static double name_score(const char *name, ex_known_fn known, void *kctx) {
  size_t n = strlen(name), k, bytes;
  if (!n)
    return 0;
  if (known && known(kctx, name, n))
    return SCORE.known;
  uint32_t cp = ex_cp(name, &k);
  if (utf8_is_han(cp)) {
    size_t cps = han_run(name, &bytes);
    if (bytes != n || has_not_name_word(name, n) || is_company(name))
      return 0;
    if (han_name_ok(name, bytes, cps, HAN_SURE, NULL, NULL))
      return SCORE.han_sure;
    return cps >= 2 && cps <= 3 ? SCORE.han_short : cps == 4 ? SCORE.han_four : 0;
  }
  handle_kind h = handle_shape(name, n);
  if (h != HANDLE_NONE)
    return handle_score(h);
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
      return SCORE.thing;
    p += wl;
    while (*p == ' ')
      p++;
  }
  return words >= 2 ? SCORE.latin : SCORE.latin_one;
}

/* Drop "(@handle)", "- @handle", a leading "by " and a leading speaker
 * cue ("主讲人: ") from people text; the handle stays when it is all there
 * is.  Caller frees. */
static char *drop_handles(const char *s) {
  char *t = util_trim(s);
  /* "[Kevin Gillette] (https://…)": a link whose markup broke */
  if (t[0] == '[' && strchr(t, ']')) {
    char *close = strchr(t, ']');
    memmove(close, close + 1, strlen(close + 1) + 1);
    memmove(t, t + 1, strlen(t + 1) + 1);
  }
  const char *after = skip_by(t);
  memmove(t, after, strlen(after) + 1);
  ex_cue_hit cue;
  if (extract_cue(t, &cue) == EX_CUE_SPEAKER && !cue.bare && t[cue.value])
    memmove(t, t + cue.value, strlen(t + cue.value) + 1);
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
  handle_kind h = handle_shape(whole, strlen(whole));
  const char *bare = whole + (h == HANDLE_AT); /* without its @ */
  if (h != HANDLE_NONE && known && known(kctx, bare, strlen(bare)))
    h = HANDLE_KNOWN;
  free(whole);
  if (h != HANDLE_NONE)
    return handle_score(h);
  enum { PEOPLE_MAX_CPS = 160 }; /* longer is prose, not names */
  char *t = drop_handles(s);
  size_t cps = ex_cps(t);
  if (!cps || cps > PEOPLE_MAX_CPS || strstr(t, "。") || strstr(t, "！") || strstr(t, "？") ||
      strchr(t, '?') || strchr(t, '!')) {
    free(t);
    return 0;
  }
  ex_person *ps;
  size_t n = extract_people(t, EX_LENIENT, known, kctx, &ps);
  /* a long designation makes a name less sure: between two splits that
   * find the same person, the one with less beside the name.  One over
   * DESIG_LONG characters halves the score, a shorter one takes off its
   * length / DESIG_SCALE */
  enum { DESIG_LONG = 60, DESIG_SCALE = 150 };
  static const double DOUBT = 0.5; /* the factor of a doubt */
  double score = n ? SCORE.known : 0;
  for (size_t i = 0; i < n; i++) {
    double v = name_score(ps[i].name, known, kctx);
    if (ps[i].designation) {
      size_t dl = ex_cps(ps[i].designation);
      double full = v;
      v *= dl > DESIG_LONG ? DOUBT : 1.0 - (double)dl / DESIG_SCALE;
      /* …half as much when it names a job: "温铭，支流科技联合创始人＆CEO，
       * …" is a person with a long designation */
      if (ex_lex_find(EX_LEX_JOB, ps[i].designation)) {
        double job = full * (dl > DESIG_LONG ? 1.0 - DOUBT / 2
                                             : 1.0 - (double)dl / (2 * DESIG_SCALE));
        if (job > v)
          v = job;
      }
      /* an affiliation in brackets after the name is one by its place */
      int bracketed = ps[i].company && !strcmp(ps[i].company, ps[i].designation);
      if (!bracketed && !designation_ok(ps[i].designation))
        v *= DOUBT;
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
      score *= DOUBT;
  }
  extract_people_free(ps, n);
  free(t);
  return score;
}

char *ex_people_text(const char *s) { return drop_handles(s ? s : ""); }

