# gen.awk — writes a synthetic event page for `make bench`: front matter
# with a speaker list, an agenda table and TALKS talks, each a 《title》
# heading, a 讲师／时间 cue block and Chinese paragraphs of invented text.
# The text is drawn from a fixed word pool with a fixed linear congruential
# generator, so the same TALKS give the same page on every machine.
#
#     awk -v talks=120 -f tests/bench/gen.awk > big.md
#
# About 0.6 pages per talk in a5-booklet (run.sh picks TALKS per target).
# Only byte-safe awk (split on spaces, no substr on UTF-8): runs in mawk.

function rnd(n) {
  seed = (seed * 1103515245 + 12345) % 2147483648
  return int(seed / 65536) % n
}
function pick(arr, n) { return arr[rnd(n) + 1] }
function sentence(    s, k, i) {
  k = 6 + rnd(10)
  s = ""
  for (i = 0; i < k; i++) {
    s = s pick(W, nw)
    if (i == 3 && rnd(3) == 0) s = s " " pick(L, nl) " "
    if (i == int(k / 2) && rnd(2) == 0) s = s "，"
  }
  return s (rnd(5) == 0 ? "；" : "。")
}
function paragraph(n,    s, i) {
  s = ""
  for (i = 0; i < n; i++) s = s sentence()
  return s
}
function hhmm(m) { return sprintf("%02d:%02d", int(m / 60) % 24, m % 60) }

BEGIN {
  if (talks < 1) talks = 10
  seed = 20191228
  nw = split("数据 系统 架构 服务 网格 云原生 容器 调度 存储 引擎 " \
    "一致性 延迟 故障 恢复 实践 演进 平台 工程师 社区 开源 性能 优化 " \
    "监控 观测 日志 指标 链路 追踪 部署 发布 灰度 回滚 流量 治理 " \
    "安全 认证 网关 代理 协议 内核 网络 磁盘 内存 缓存 索引 事务 " \
    "分布式 共识 副本 分片 迁移 备份 容量 成本 团队 协作 经验 教训 " \
    "方案 取舍 边界 场景 业务 用户 请求 吞吐 稳定 弹性 扩展 自动化 " \
    "我们 他们 如何 为什么 可以 需要 已经 正在 逐步 最终 首先 然后 " \
    "在生产环境中 从零开始 一步步 踩过的坑 真实的问题 背后的原理 " \
    "这次分享 将会介绍 重点讨论 结合案例 总结出 一套方法", W, " ")
  nl = split("Kubernetes Service Mesh eBPF Raft WAL Operator CI/CD " \
    "PostgreSQL MySQL Rust Go 5G API gRPC HTTP/2 Envoy Istio", L, " ")
  ns = split("林 周 宋 何 韩 王 李 张 刘 陈 杨 赵 黄 吴 郑 孙 马 朱 胡 郭", S, " ")
  ng = split("望舒 岩 知遥 川 雪柠 子墨 一帆 思远 若水 明哲 嘉禾 " \
    "清扬 晓峰 静怡 浩然 雨桐 书恒 云起", G, " ")
  nc = split("竹溪数据 锦江云 青禾科技 蜀锦银行 银杏网络 岷山软件 " \
    "天府实验室 浣花科技", C, " ")
  nr = split("资深工程师 架构师 技术专家 SRE 负责人 开源维护者", R, " ")

  for (i = 1; i <= talks; i++) {
    name[i] = pick(S, ns) pick(G, ng) i
    comp[i] = pick(C, nc)
    role[i] = pick(R, nr)
    title[i] = pick(W, nw) pick(W, nw) "与" pick(W, nw) "：" pick(L, nl) \
      " " pick(W, nw) pick(W, nw) "的" pick(W, nw) "之路"
    start[i] = 9 * 60 + (i - 1) * 40
  }

  print "---"
  printf "title: \"合成基准活动：%d 个议题的长程序册\"\n", talks
  print "date: 2024-06-01T09:00:00+08:00"
  print "description: \"由 tests/bench/gen.awk 生成的基准测试页面，内容为随机组合的中文词语。\""
  print "location: \"成都市高新区 基准大厦 1 楼\""
  print "author: \"booklet bench\""
  print "tags: [\"bench\", \"synthetic\"]"
  print "speaker:"
  for (i = 1; i <= talks; i++) {
    printf "  - name: \"%s\"\n", name[i]
    printf "    designation: \"%s %s\"\n", comp[i], role[i]
  }
  print "---"
  print ""
  print "## 关于本次活动"
  print ""
  print paragraph(6)
  print ""
  print "## 活动议程"
  print ""
  print "| 时间 | 议题 | 讲师 |"
  print "| --- | --- | --- |"
  for (i = 1; i <= talks; i++)
    printf "| %s–%s | 《%s》 | %s |\n", hhmm(start[i]), hhmm(start[i] + 40),
      title[i], name[i]
  print ""
  print "## 讲师与议题"
  for (i = 1; i <= talks; i++) {
    print ""
    printf "### 《%s》\n\n", title[i]
    printf "讲师：%s，%s %s\n\n", name[i], comp[i], role[i]
    printf "时间：%s–%s\n\n", hhmm(start[i]), hhmm(start[i] + 40)
    print "议题简介："
    print ""
    print paragraph(4 + rnd(3))
    print ""
    print paragraph(3 + rnd(3))
    print ""
    print "讲师简介："
    print ""
    print paragraph(2)
  }
  print ""
  print "## 致谢"
  print ""
  print "感谢 " pick(C, nc) " 提供场地，感谢 " pick(C, nc) " 提供茶歇。"
}
