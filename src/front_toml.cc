/* front_toml.cc — stage 2a for TOML front matter (+++ … +++, Hugo's
 * default): parsed with toml++ (Debian's libtomlplusplus) into the same
 * front_node tree as YAML, so no later stage knows which it was.  The only
 * C++ in booklet; its C interface is front_toml.h.
 *
 * Values become scalar text the way YAML scalars are kept: strings as they
 * are, numbers, booleans and dates in their TOML spelling
 * (2024-05-18T14:00:00+08:00).  Table keys keep the order they were
 * written in (toml++ sorts them).  No exception leaves this file. */
#include "front_toml.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <new>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

extern "C" {
#include "diag.h"
#include "util.h"
}

namespace {

struct conv {
  const char *name; /* file, for diagnostics */
  int first_line;   /* file line of the text's first line */
  int max_depth;    /* deepest nesting accepted */
  bool failed;      /* a diagnostic was reported */
};

int file_line(const conv &c, const toml::source_region &src, int fallback) {
  return src.begin.line ? c.first_line + static_cast<int>(src.begin.line) - 1
                        : fallback;
}

char *dup_text(std::string_view s) {
  char *p = static_cast<char *>(xmalloc(s.size() + 1));
  std::memcpy(p, s.data(), s.size());
  p[s.size()] = '\0';
  return p;
}

front_node *new_node(front_kind kind, int line) {
  front_node *n = static_cast<front_node *>(xcalloc(1, sizeof *n));
  n->kind = kind;
  n->line = line;
  return n;
}

/* A value's TOML spelling: 42, 3.5, true, 2024-05-18, 14:00:00 ... */
template <typename T> char *spell(const T &v) {
  std::ostringstream os;
  os << v;
  return dup_text(os.str());
}

front_node *convert(conv &c, const toml::node &node, int parent_line,
                    int depth);

front_node *convert_table(conv &c, const toml::table &t, int line, int depth) {
  struct entry {
    const toml::key *key;
    const toml::node *value;
  };
  std::vector<entry> entries;
  for (auto &&kv : t)
    entries.push_back({&kv.first, &kv.second});
  /* written order: by where each key stands in the text */
  std::stable_sort(entries.begin(), entries.end(),
                   [](const entry &a, const entry &b) {
                     const auto &pa = a.key->source().begin;
                     const auto &pb = b.key->source().begin;
                     return pa.line != pb.line ? pa.line < pb.line
                                               : pa.column < pb.column;
                   });
  front_node *n = new_node(FRONT_MAP, line);
  n->n = entries.size();
  n->keys = static_cast<char **>(xcalloc(entries.size() + 1, sizeof *n->keys));
  n->items =
      static_cast<front_node **>(xcalloc(entries.size() + 1, sizeof *n->items));
  for (size_t i = 0; i < entries.size(); i++) {
    n->keys[i] = dup_text(entries[i].key->str());
    int kline = file_line(c, entries[i].key->source(), line);
    n->items[i] = convert(c, *entries[i].value, kline, depth + 1);
  }
  return n;
}

front_node *convert(conv &c, const toml::node &node, int parent_line,
                    int depth) {
  int line = file_line(c, node.source(), parent_line);
  if (depth > c.max_depth) {
    if (!c.failed)
      diag_report(DIAG_FM_DEPTH, c.name, line,
                  static_cast<int>(node.source().begin.column), c.max_depth);
    c.failed = true;
    return new_node(FRONT_NULL, line);
  }
  if (const toml::table *t = node.as_table())
    return convert_table(c, *t, line, depth);
  if (const toml::array *a = node.as_array()) {
    front_node *n = new_node(FRONT_SEQ, line);
    n->n = a->size();
    n->items =
        static_cast<front_node **>(xcalloc(a->size() + 1, sizeof *n->items));
    for (size_t i = 0; i < a->size(); i++)
      n->items[i] = convert(c, (*a)[i], line, depth + 1);
    return n;
  }
  front_node *n = new_node(FRONT_SCALAR, line);
  if (const auto *s = node.as_string()) {
    n->scalar = dup_text(s->get());
    n->quoted = 1;
  } else if (const auto *i = node.as_integer()) {
    n->scalar = dup_text(std::to_string(i->get()));
  } else if (const auto *f = node.as_floating_point()) {
    n->scalar = spell(*f);
  } else if (const auto *b = node.as_boolean()) {
    n->scalar = dup_text(b->get() ? "true" : "false");
  } else if (const auto *d = node.as_date()) {
    n->scalar = spell(d->get());
  } else if (const auto *tm = node.as_time()) {
    n->scalar = spell(tm->get());
  } else if (const auto *dt = node.as_date_time()) {
    n->scalar = spell(dt->get());
  } else {
    n->scalar = dup_text("");
  }
  return n;
}

} // namespace

extern "C" front_node *front_toml_parse(const char *name, const char *text,
                                        size_t len, int first_line,
                                        int max_depth) {
  conv c = {name, first_line, max_depth, false};
  front_node *root = nullptr;
  try {
    toml::table t = toml::parse(std::string_view(text, len),
                                std::string_view(name));
    root = convert_table(c, t, first_line, 1);
  } catch (const toml::parse_error &e) {
    const auto &at = e.source().begin;
    diag_report(DIAG_FM_TOML, name, file_line(c, e.source(), first_line),
                static_cast<int>(at.column),
                std::string(e.description()).c_str());
    return nullptr;
  } catch (const std::bad_alloc &) {
    diag_report(DIAG_FM_TOML, name, first_line, 0, "out of memory");
    front_free(root);
    return nullptr;
  }
  if (c.failed) {
    front_free(root);
    return nullptr;
  }
  return root;
}
