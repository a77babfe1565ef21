#!/usr/bin/env python3
"""make-stress.py — writes tests/typeset/stress.md, the typesetting stress
fixture (kept in the tree; this script is kept for reference and to
regenerate it).  Every word in it is written for this project.

The fixture provokes each composition and pagination rule that
tests/e2e/typecheck.py measures:
  - long Chinese paragraphs, and the same paragraph shifted one character
    at a time, so that every kind of punctuation falls on every column
    and therefore at every line start and line end;
  - Chinese mixed with English words and numbers, with and without
    spaces in the source, and half-width punctuation after Han text;
  - long URLs and long Latin words that cannot fit on a line;
  - headings in dense succession (some must land at a page foot);
  - lists with one- and two-digit numbers, nested bullets;
  - a 60-row agenda table, and a table whose one cell runs three pages.

    python3 tests/typeset/make-stress.py > tests/typeset/stress.md
"""

FRONT = """---
title: "排版压力测试：标点禁则、中英混排与超长表格"
date: 2025-06-21T09:00:00+08:00
description: "这是一份故意刁难排版程序的活动页面：标点落在每一个可能的断行位置，中文与 English 单词、数字 2025 混在一起，还有很长的网址、六十行的议程表和一个跨三页的表格单元格。"
location: "虚构市 排版路 1 号 试印车间（二楼）"
fee: "免费"
author: "booklet 项目"
---
"""

# Paragraphs dense with punctuation: closing marks that must not start a
# line, opening marks that must not end one, pairs that compress.
DENSE = [
    "排版这件事，说难不难，说易不易：一行字里只要有一个逗号跑到了行首，"
    "读者就会觉得“这本册子不太讲究”。所以我们要检查的，不只是“字对不对”，"
    "还有“字放在哪里”——每一个句号、顿号、引号、括号（包括半角的和全角的）"
    "都得待在它该待的位置上。",
    "《活动手册》里最常见的标点组合，是书名号接逗号：《开幕致辞》，《主题演讲》，"
    "《圆桌讨论》，以及《闭幕总结》。括号也常常连在一起出现，比如“（上午）（下午）”"
    "或者“（见附录）。”这样的写法；引号套引号时，还会出现「他说：『明天见。』」"
    "这样三个标点挨在一起的情形。",
    "有人问：为什么要这样？答案很简单！因为印刷品一旦印出来，就再也改不了了；"
    "网页可以随时修订，纸面却要经得起反复翻看……所以，宁可在排版时多花一分钟，"
    "也不要在会场里听到有人说：“这一页怎么空了一大块？”",
    "【提示】会场分为甲、乙、丙、丁四个区域；每个区域都有指示牌〈入口〉〈出口〉"
    "〈洗手间〉。如遇紧急情况，请听从工作人员的安排——不要拥挤，不要奔跑，"
    "也不要回头取物品。谢谢配合。",
    "“这是第一句。”“这是第二句。”“这是第三句！”‘单引号也要试一试’，"
    "‘还有连着的单引号’；最后再来一串省略号……以及一串破折号——看它们会不会被拆开。",
]

# Prefix used to shift a paragraph by n characters.
SHIFT = ("这一段文字的开头故意多写几个字让后面的标点落在不同的位置上"
         "从而检验每一种断行情况是否都符合规范要求")

MIXED = [
    "我们在2024年用Kubernetes 1.29部署了300个节点，"
    "平均每个节点运行42个Pod；升级到v1.30之后，P99延迟从38ms降到了11 ms，"
    "可用性达到99.99%。其中大约60%的流量来自HTTP/2，其余走gRPC。",
    "本次活动的报名人数是 120 人，实到 97 人，签到率约为 80.8%。"
    "现场使用的投影仪支持 4K 分辨率，但我们建议演讲者把幻灯片导出成 1920×1080 的 PDF，"
    "文件名用英文，例如 talk-03-final.pdf，不要用“最终版（改）”这样的名字。",
    "English words in Chinese text should sit a quarter em away from the "
    "Han characters: 例如Go语言、Rust语言、Python语言和C++，还有JSON、YAML、"
    "TOML三种配置格式。源文件里有空格的 Markdown 和没有空格的Markdown，"
    "印出来应当一模一样。",
    "半角标点跟在中文后面也不能出现在行首,比如这一句用的是英文逗号,"
    "还有英文句号.问号?感叹号!冒号:分号;这些都是常见的输入习惯,"
    "排版程序应当把它们留在上一行的末尾,而不是让它们孤零零地开始新的一行.",
    "This paragraph is written in English on purpose. It has long words such "
    "as internationalization, interoperability and characteristically, so "
    "that a justified line must stretch its spaces without leaving holes; "
    "and it mentions version numbers like 2.4.1 and ranges like 10–20.",
]

URLS = [
    "完整的报名说明请见https://example.org/events/typesetting-stress-test/"
    "2025/registration/instructions-for-participants-and-volunteers.html，"
    "如果链接打不开，可以改用备用地址"
    "https://mirror.example.net/a/very/long/path/segment/that/keeps/going/"
    "and/going/until/it/is/wider/than/the/text/frame/itself/index.html。",
    "幻灯片下载：https://example.org/slides/2025/0621/"
    "typesetting-stress-test-keynote-and-all-afternoon-talks-combined.pdf"
    "（约 48 MB）。",
    "有些英文单词本身就比一行还长，比如"
    "Supercalifragilisticexpialidociousnessandantidisestablishmentarianism"
    "这个故意拼出来的词，它必须在行内断开，而不能把上一行撑成稀疏的字母。",
    "配置片段里的长标识符也一样：ThisIsAnExtremelyLongIdentifierNameThat"
    "NobodyShouldEverWriteButSomeGeneratedCodeDoesAnyway 出现在正文中时，"
    "前后的中文仍应两端对齐。",
]

LIST_ITEMS = [
    "第一项：签到并领取胸牌；",
    "第二项：找到自己的座位，座位号印在胸牌背面；",
    "第三项：把手机调成静音（或者振动）；",
    "第四项：阅读本手册的《议程》一节；",
    "第五项：如果想提问，请举手示意，工作人员会递上话筒；",
    "第六项：茶歇时间请到二楼走廊；",
    "第七项：午餐券在签到时一并发放，遗失不补；",
    "第八项：下午场开始前十分钟会响铃提醒；",
    "第九项：活动结束后请把胸牌投回入口处的回收箱；",
    "第十项：欢迎在社交媒体上分享照片，话题标签是 #排版压力测试#；",
    "第十一项：所有幻灯片会在一周内上传，地址见上文的长网址一节；",
    "第十二项：有任何意见，请写在最后几页的笔记页上交给我们。",
]

TOPICS = [
    "开场：为什么要给排版写测试", "标点禁则的历史与现状", "全角与半角：一场旷日持久的争论",
    "茶歇", "两端对齐的数学", "中英文之间到底该空多少", "行首行尾的例外情况",
    "午餐", "表格跨页时表头怎么办", "孤行与寡行", "标题不能落在页脚",
    "基线网格与对页对齐", "茶歇", "从网页到印刷品：一次完整的演示", "圆桌：排版师和程序员",
    "自由交流",
]
SPEAKERS = ["甲老师", "乙老师", "丙老师", "丁老师", "戊老师", "己老师", "Alex Chen",
            "Maria Lopez", "—"]
ROOMS = ["一号厅", "二号厅", "三楼小会议室", "走廊"]


def shifted():
    base = DENSE[0] + DENSE[2]
    out = []
    for n in range(1, 34):
        out.append(SHIFT[:n] + "：" + base)
    return out


def agenda():
    rows = ["| 时间 | 议题 | 讲师 | 地点 |", "| --- | --- | --- | --- |"]
    h, m = 8, 0
    for i in range(60):
        h2, m2 = h, m + 15
        if m2 >= 60:
            h2, m2 = h + 1, m2 - 60
        topic = TOPICS[i % len(TOPICS)]
        if i % 7 == 3:
            topic += "（含现场问答，时间可能略有延长，请留意主持人的提示）"
        rows.append("| %02d:%02d–%02d:%02d | %s | %s | %s |" % (
            h, m, h2, m2, topic, SPEAKERS[i % len(SPEAKERS)], ROOMS[i % len(ROOMS)]))
        h, m = h2, m2
    return "\n".join(rows)


def long_cell():
    parts = []
    for k in range(26):
        parts.append(
            "第%d条：本条说明写得很长，是为了让这个单元格的内容超过一页，"
            "甚至超过两页，从而检验表格的一行能否在单元格内部断开并延续到下一页，"
            "同时表头应当在新的一页上重复出现；单元格里的中文也要正常换行，"
            "标点同样遵守禁则，不能出现在行首。" % (k + 1))
    return ("| 项目 | 说明 |\n| --- | --- |\n| 超长说明 | %s |\n"
            "| 结束 | 这一行很短，紧跟在超长的那一行后面。 |" % "".join(parts))


def main():
    out = [FRONT]
    out.append("## 关于这份测试页\n")
    out.append("这份页面不是真实的活动，而是给排版程序准备的一张“考卷”。"
               "它的每一节都针对一条规则：标点禁则、两端对齐、中西文间距、"
               "标点挤压、表格分页、标题与段落的关系。读者可以把它印出来，"
               "用尺子量一量每一行的右边缘是不是整齐。\n")
    out.append("## 标点禁则\n")
    out += [p + "\n" for p in DENSE]
    out.append("### 错位段落\n")
    out.append("下面的段落内容相同，只是开头逐个多出一个字，"
               "这样每一个标点都会轮流落在行首和行尾的位置。\n")
    out += [p + "\n" for p in shifted()]
    out.append("## 中英文混排\n")
    out += [p + "\n" for p in MIXED]
    out.append("## 长网址与长单词\n")
    out += [p + "\n" for p in URLS]
    out.append("- 备用地址：https://example.org/a/really/really/long/url/"
               "that/has/no/spaces/at/all/and/must/be/broken/somewhere/sensible\n"
               "- 邮件：typesetting-stress-test-organizers@example.org\n")
    out.append("## 须知清单\n")
    out += ["%d. %s" % (i + 1, t) for i, t in enumerate(LIST_ITEMS)]
    out.append("")
    out.append("- 一级条目，后面跟着两个二级条目：\n"
               "  - 二级条目甲，文字稍长一些，长到足以换行，"
               "这样可以看出悬挂缩进是否对齐；\n"
               "  - 二级条目乙。\n"
               "- 另一个一级条目。\n")
    out.append("## 全天议程\n")
    out.append(agenda() + "\n")
    out.append("## 超长单元格\n")
    out.append(long_cell() + "\n")
    out.append("## 标题密集区\n")
    for i in range(1, 19):
        out.append("### 第%d个小标题：检验标题不会孤零零地落在页脚\n" % i)
        n = (i * 5) % 7 + 1
        out.append("这一节只有很短的正文。" * n + "\n")
        if i % 6 == 0:
            out.append("#### 紧跟的四级标题\n")
            out.append("四级标题后面的段落，也要和标题待在同一页上。"
                       "它写得稍长一点，至少占两行，这样标题和正文的前两行可以一起移动。\n")
    out.append("> 引文块里的文字同样两端对齐，标点同样遵守禁则，"
               "而且引文会跨页延续，左边的竖线也要跟着走，不能断在奇怪的地方。"
               "这一句再写长一点，让它占满好几行，好看出两端是否整齐。\n")
    out.append("```\n# 代码块不做两端对齐，也不加中西文间距\n"
               "booklet stress.md -o out/stress.pdf\n```\n")
    out.append("最后一段：如果你读到了这里，说明排版程序至少没有崩溃。"
               "接下来就看检查脚本给出的数字是不是全都为零了。\n")
    print("\n".join(out))


if __name__ == "__main__":
    main()
