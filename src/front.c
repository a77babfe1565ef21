/* front.c — stage 2a: YAML front matter (and layout files) read with
 * libyaml's event parser into an owned front_node tree, plus lookups by
 * (dotted) key and a text dump for tests.  Scalars stay text exactly as
 * written: no numbers, booleans or dates are interpreted here.  Aliases
 * are expanded into deep copies, merge keys (`<<`) are applied, and limits
 * on nesting depth and alias expansion keep hostile input cheap.  This
 * file knows nothing about events, talks or layouts; TOML front matter
 * goes to front_toml.cc, which builds the same tree. */
#include "front.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

#include "diag.h"
#include "front_toml.h"
#include "util.h"

/* Deepest nesting of sequences and mappings accepted by default
 * ($BOOKLET_MAX_DEPTH changes it, up to FRONT_DEPTH_CAP). */
#define FRONT_MAX_DEPTH 64
#define FRONT_DEPTH_CAP 1000
/* Most nodes a document may hold once aliases and merges are expanded, by
 * default ($BOOKLET_MAX_YAML_NODES changes it). */
#define FRONT_MAX_NODES ((size_t)100000)
/* Most bytes of text (scalars and keys) that alias and merge copies may
 * add: a 1 MB scalar copied by 100000 aliases would be 100 GB. */
#define FRONT_MAX_COPY_BYTES ((size_t)64 * 1024 * 1024)

/* An anchored node, for aliases to copy. */
typedef struct anchor {
  char *name;       /* anchor name, owned */
  front_node *node; /* the anchored node (owned by the tree or graveyard) */
  size_t size;      /* nodes in its subtree */
  size_t bytes;     /* bytes of text (scalars, keys) in its subtree */
  int height;       /* its nesting levels: 0 for a scalar, 1 for [a] */
} anchor;

/* State of one parse. */
typedef struct parser {
  yaml_parser_t yp; /* libyaml's parser */
  const char *name; /* file name for diagnostics */
  const char *text; /* the YAML text and its length, for offsets */
  size_t len;       /* bytes in text */
  int first_line;   /* input line of the text's first line */
  size_t nodes;     /* nodes created so far, copies included */
  int max_depth;    /* deepest nesting accepted */
  size_t max_nodes; /* most nodes accepted */
  size_t copied;    /* bytes of text copied by aliases and merges */
  anchor *anchors;  /* anchors seen so far; later ones shadow earlier */
  size_t n_anchors, cap_anchors;
  front_node **dead; /* nodes taken out of the tree but maybe anchored:
                        freed when the parse ends */
  size_t n_dead, cap_dead;
} parser;

static front_node *new_node(parser *p, front_kind kind, int line) {
  front_node *n = xcalloc(1, sizeof *n);
  n->kind = kind;
  n->line = line;
  p->nodes++;
  return n;
}

void front_free(front_node *n) {
  if (!n)
    return;
  for (size_t i = 0; i < n->n; i++) {
    if (n->keys)
      free(n->keys[i]);
    front_free(n->items[i]);
  }
  free(n->keys);
  free(n->items);
  free(n->scalar);
  free(n);
}

/* Drop a node that an anchor may still point to: freed at the end. */
static void bury(parser *p, front_node *n) {
  if (n)
    VEC_PUSH(p->dead, p->n_dead, p->cap_dead, n);
}

/* Room allocated for n items: the struct has no capacity field, so the
 * arrays are always sized to the next power of two. */
static size_t room_for(size_t n) {
  size_t c = 1;
  while (c < n)
    c *= 2;
  return c;
}

/* Append key (taken over; NULL for a sequence) and value to n. */
static void add_item(front_node *n, char *key, front_node *value) {
  if (n->n == 0 || room_for(n->n) == n->n) { /* full: double */
    size_t cap = room_for(n->n + 1);
    n->items = xrealloc(n->items, cap * sizeof *n->items);
    if (n->kind == FRONT_MAP)
      n->keys = xrealloc(n->keys, cap * sizeof *n->keys);
  }
  n->items[n->n] = value;
  if (n->kind == FRONT_MAP)
    n->keys[n->n] = key;
  n->n++;
}

/* Bytes of text in n's subtree: scalars and keys. */
static size_t count_bytes(const front_node *n) {
  size_t c = n->scalar ? strlen(n->scalar) : 0;
  for (size_t i = 0; i < n->n; i++)
    c += count_bytes(n->items[i]) + (n->keys ? strlen(n->keys[i]) : 0);
  return c;
}

static size_t count_nodes(const front_node *n) {
  size_t c = 1;
  for (size_t i = 0; i < n->n; i++)
    c += count_nodes(n->items[i]);
  return c;
}

static int height(const front_node *n) {
  int h = 0;
  for (size_t i = 0; i < n->n; i++) {
    int c = height(n->items[i]);
    if (c > h)
      h = c;
  }
  return n->kind == FRONT_SEQ || n->kind == FRONT_MAP ? h + 1 : 0;
}

static front_node *copy_node(parser *p, const front_node *n) {
  front_node *c = new_node(p, n->kind, n->line);
  c->scalar = xstrdup(n->scalar);
  c->quoted = n->quoted;
  if (n->n) {
    c->n = n->n;
    c->items = xmalloc(room_for(n->n) * sizeof *c->items);
    if (n->keys)
      c->keys = xmalloc(room_for(n->n) * sizeof *c->keys);
    for (size_t i = 0; i < n->n; i++) {
      c->items[i] = copy_node(p, n->items[i]);
      if (n->keys)
        c->keys[i] = xstrdup(n->keys[i]);
    }
  }
  return c;
}

/* Index of key in mapping n: the key as written, else (any_case) the same
 * key in other case (TOML's `Title = …`, YAML's `Date:`); -1 when absent. */
static long find_key_case(const front_node *n, const char *key, size_t keylen,
                          int any_case) {
  if (!n || n->kind != FRONT_MAP)
    return -1;
  long other = -1;
  for (size_t i = 0; i < n->n; i++) {
    if (strlen(n->keys[i]) != keylen)
      continue;
    if (memcmp(n->keys[i], key, keylen) == 0)
      return (long)i;
    if (any_case && other < 0 && strncasecmp(n->keys[i], key, keylen) == 0)
      other = (long)i;
  }
  return other;
}

/* The key as written only (duplicates, merges). */
static long find_key(const front_node *n, const char *key, size_t keylen) {
  return find_key_case(n, key, keylen, 0);
}

/* Report libyaml's error (the parser failed) at the right input line. */
static void yaml_error(parser *p) {
  yaml_parser_t *y = &p->yp;
  int line = p->first_line, col = 0;
  strbuf msg = {0};
  if (y->error == YAML_MEMORY_ERROR) {
    sb_add(&msg, "out of memory");
  } else if (y->error == YAML_READER_ERROR) {
    /* Only an offset is known: count the lines up to it. */
    size_t off = y->problem_offset < p->len ? y->problem_offset : p->len;
    for (size_t i = 0; i < off; i++)
      if (p->text[i] == '\n')
        line++;
    sb_add(&msg, y->problem ? y->problem : "cannot read the text");
  } else {
    line = (int)y->problem_mark.line + p->first_line;
    col = (int)y->problem_mark.column + 1;
    sb_add(&msg, y->problem ? y->problem : "syntax error");
    if (y->context)
      sb_addf(&msg, " (%s at line %d)", y->context,
              (int)y->context_mark.line + p->first_line);
  }
  diag_report(DIAG_FM_YAML, p->name, line, col, msg.s);
  sb_free(&msg);
}

/* Next event into ev; reports and returns 0 on a syntax error. */
static int next_event(parser *p, yaml_event_t *ev) {
  if (!yaml_parser_parse(&p->yp, ev)) {
    yaml_error(p);
    return 0;
  }
  return 1;
}

static int line_of(const parser *p, const yaml_event_t *ev) {
  return (int)ev->start_mark.line + p->first_line;
}

/* Remember node under the anchor name (may be NULL: nothing to do). */
static void add_anchor(parser *p, const yaml_char_t *name, front_node *node) {
  if (!name)
    return;
  anchor a = {xstrdup((const char *)name), node, count_nodes(node),
              count_bytes(node),
              height(node)};
  VEC_PUSH(p->anchors, p->n_anchors, p->cap_anchors, a);
}

/* Check that a copy of size nodes holding bytes of text, h levels deep
 * (see height), placed at nesting level depth stays within the limits;
 * counts the bytes as copied.  Reports and returns 0 when not. */
static int may_copy(parser *p, size_t size, size_t bytes, int h, int depth,
                    int line, int col) {
  if (depth - 1 + h > p->max_depth) {
    diag_report(DIAG_FM_DEPTH, p->name, line, col, p->max_depth);
    return 0;
  }
  if (p->nodes + size > p->max_nodes) {
    diag_report(DIAG_FM_ALIAS, p->name, line, col, p->max_nodes);
    return 0;
  }
  if (bytes > FRONT_MAX_COPY_BYTES - p->copied) {
    char *msg = xasprintf("aliases copy more than %zu bytes of text",
                          (size_t)FRONT_MAX_COPY_BYTES);
    diag_report(DIAG_FM_YAML, p->name, line, col, msg);
    free(msg);
    return 0;
  }
  p->copied += bytes;
  return 1;
}

static front_node *parse_node(parser *p, yaml_event_t *ev, int depth);

/* 1 when a plain scalar spells null. */
static int is_null(const char *s) {
  return !*s || !strcmp(s, "~") || !strcmp(s, "null") || !strcmp(s, "Null") ||
         !strcmp(s, "NULL");
}

static front_node *parse_scalar(parser *p, yaml_event_t *ev) {
  const char *v = (const char *)ev->data.scalar.value;
  yaml_scalar_style_t style = ev->data.scalar.style;
  int plain =
      style == YAML_PLAIN_SCALAR_STYLE || style == YAML_ANY_SCALAR_STYLE;
  front_node *n;
  if (plain && is_null(v)) {
    n = new_node(p, FRONT_NULL, line_of(p, ev));
  } else {
    n = new_node(p, FRONT_SCALAR, line_of(p, ev));
    /* A "\0" escape would end the text early: the copy stops there. */
    n->scalar = xstrndup(v, ev->data.scalar.length);
    n->quoted = style == YAML_SINGLE_QUOTED_SCALAR_STYLE ||
                style == YAML_DOUBLE_QUOTED_SCALAR_STYLE;
  }
  add_anchor(p, ev->data.scalar.anchor, n);
  return n;
}

static front_node *parse_alias(parser *p, yaml_event_t *ev, int depth) {
  const char *name = (const char *)ev->data.alias.anchor;
  int line = line_of(p, ev), col = (int)ev->start_mark.column + 1;
  for (size_t i = p->n_anchors; i-- > 0;) {
    anchor *a = &p->anchors[i];
    if (strcmp(a->name, name) != 0)
      continue;
    if (!may_copy(p, a->size, a->bytes, a->height, depth, line, col))
      return NULL;
    return copy_node(p, a->node);
  }
  char *msg = xasprintf("alias '*%s' names no anchor defined before it", name);
  diag_report(DIAG_FM_YAML, p->name, line, col, msg);
  free(msg);
  return NULL;
}

static front_node *parse_seq(parser *p, yaml_event_t *ev, int depth) {
  front_node *n = new_node(p, FRONT_SEQ, line_of(p, ev));
  yaml_event_t item;
  for (;;) {
    if (!next_event(p, &item))
      goto fail;
    if (item.type == YAML_SEQUENCE_END_EVENT) {
      yaml_event_delete(&item);
      break;
    }
    front_node *c = parse_node(p, &item, depth + 1);
    yaml_event_delete(&item);
    if (!c)
      goto fail;
    add_item(n, NULL, c);
  }
  /* ev is still alive: the caller deletes it after this returns. */
  add_anchor(p, ev->data.sequence_start.anchor, n);
  return n;
fail:
  front_free(n);
  return NULL;
}

/* Apply the merge key: entries of src (a mapping, or a sequence of
 * mappings, earlier ones first) that n does not define yet are copied
 * into n.  Anything else is a warning and is ignored. */
static int merge_into(parser *p, front_node *n, const front_node *src,
                      int depth) {
  if (src->kind == FRONT_SEQ) {
    for (size_t i = 0; i < src->n; i++)
      if (src->items[i]->kind != FRONT_MAP) {
        diag_report(DIAG_FM_TYPE, p->name, src->items[i]->line, 0, "<<",
                    "a mapping or a list of mappings", "this merge is ignored");
        return 1;
      }
    for (size_t i = 0; i < src->n; i++)
      if (!merge_into(p, n, src->items[i], depth))
        return 0;
    return 1;
  }
  if (src->kind != FRONT_MAP) {
    diag_report(DIAG_FM_TYPE, p->name, src->line, 0, "<<",
                "a mapping or a list of mappings", "this merge is ignored");
    return 1;
  }
  for (size_t i = 0; i < src->n; i++) {
    const char *k = src->keys[i];
    if (find_key(n, k, strlen(k)) >= 0)
      continue;
    const front_node *v = src->items[i];
    if (!may_copy(p, count_nodes(v), count_bytes(v) + strlen(k), height(v),
                  depth + 1, v->line, 0))
      return 0;
    add_item(n, xstrdup(k), copy_node(p, v));
  }
  return 1;
}

static front_node *parse_map(parser *p, yaml_event_t *ev, int depth) {
  front_node *n = new_node(p, FRONT_MAP, line_of(p, ev));
  front_node **merges = NULL; /* values of << keys, applied at the end */
  size_t n_merges = 0, cap_merges = 0;
  yaml_event_t kev, vev;
  for (;;) {
    if (!next_event(p, &kev))
      goto fail;
    if (kev.type == YAML_MAPPING_END_EVENT) {
      yaml_event_delete(&kev);
      break;
    }
    int kline = line_of(p, &kev), kcol = (int)kev.start_mark.column + 1;
    int merge = kev.type == YAML_SCALAR_EVENT &&
                kev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
                strcmp((const char *)kev.data.scalar.value, "<<") == 0;
    /* A key is its text as written, so a null key keeps its spelling
     * ("~", "null"); an alias key that copies a null reads "". */
    char *ktext = kev.type == YAML_SCALAR_EVENT
                      ? xstrndup((const char *)kev.data.scalar.value,
                                 kev.data.scalar.length)
                      : NULL;
    front_node *k = parse_node(p, &kev, depth + 1);
    yaml_event_delete(&kev);
    front_node *v = NULL;
    if (k && next_event(p, &vev)) {
      v = parse_node(p, &vev, depth + 1);
      yaml_event_delete(&vev);
    }
    if (!v) {
      bury(p, k);
      free(ktext);
      goto fail;
    }
    if (k->kind == FRONT_SEQ || k->kind == FRONT_MAP) {
      diag_report(DIAG_FM_TYPE, p->name, kline, kcol, "key", "a scalar",
                  "this key and its value are ignored");
      bury(p, k);
      bury(p, v);
      free(ktext);
      continue;
    }
    if (!ktext)
      ktext = xstrdup(k->scalar ? k->scalar : "");
    bury(p, k);
    if (merge && (v->kind == FRONT_MAP || v->kind == FRONT_SEQ)) {
      VEC_PUSH(merges, n_merges, cap_merges, v);
      free(ktext);
      continue;
    }
    long i = find_key(n, ktext, strlen(ktext));
    if (i >= 0) {
      diag_report(DIAG_FM_DUPKEY, p->name, kline, kcol, ktext);
      bury(p, n->items[i]);
      n->items[i] = v;
      free(ktext);
    } else {
      add_item(n, ktext, v);
    }
  }
  for (size_t i = 0; i < n_merges; i++)
    if (!merge_into(p, n, merges[i], depth))
      goto fail;
  for (size_t i = 0; i < n_merges; i++)
    bury(p, merges[i]);
  free(merges);
  add_anchor(p, ev->data.mapping_start.anchor, n);
  return n;
fail:
  for (size_t i = 0; i < n_merges; i++)
    bury(p, merges[i]);
  free(merges);
  front_free(n);
  return NULL;
}

/* Build the node that starts with event ev (not freed here) at nesting
 * level depth (the top-level node is at 1).  NULL after reporting. */
static front_node *parse_node(parser *p, yaml_event_t *ev, int depth) {
  switch (ev->type) {
  case YAML_SCALAR_EVENT:
    return parse_scalar(p, ev);
  case YAML_ALIAS_EVENT:
    return parse_alias(p, ev, depth);
  case YAML_SEQUENCE_START_EVENT:
  case YAML_MAPPING_START_EVENT:
    if (depth > p->max_depth) {
      diag_report(DIAG_FM_DEPTH, p->name, line_of(p, ev),
                  (int)ev->start_mark.column + 1, p->max_depth);
      return NULL;
    }
    return ev->type == YAML_SEQUENCE_START_EVENT ? parse_seq(p, ev, depth)
                                                 : parse_map(p, ev, depth);
  default:
    /* libyaml only gives node events here; be safe all the same. */
    diag_report(DIAG_FM_YAML, p->name, line_of(p, ev), 0,
                "unexpected event in the YAML stream");
    return NULL;
  }
}

/* Parse the first document of the stream: its root node, or an empty
 * mapping when there is none.  NULL after reporting. */
static front_node *parse_stream(parser *p) {
  yaml_event_t ev;
  front_node *root = NULL;
  if (!next_event(p, &ev)) /* STREAM-START */
    return NULL;
  yaml_event_delete(&ev);
  if (!next_event(p, &ev))
    return NULL;
  if (ev.type == YAML_STREAM_END_EVENT) {
    yaml_event_delete(&ev);
    return new_node(p, FRONT_MAP, p->first_line);
  }
  yaml_event_delete(&ev); /* DOCUMENT-START */
  if (!next_event(p, &ev))
    return NULL;
  root = parse_node(p, &ev, 1);
  yaml_event_delete(&ev);
  if (!root)
    return NULL;
  /* Read the document's end so that errors after the root are caught;
   * later documents are ignored. */
  if (!next_event(p, &ev)) {
    front_free(root);
    return NULL;
  }
  yaml_event_delete(&ev);
  return root;
}

/* Deepest nesting accepted, from $BOOKLET_MAX_DEPTH. */
static int max_depth(void) {
  size_t d = util_env_limit("BOOKLET_MAX_DEPTH", FRONT_MAX_DEPTH);
  return d < 1 ? 1 : d > FRONT_DEPTH_CAP ? FRONT_DEPTH_CAP : (int)d;
}

front_node *front_parse_text(const char *name, const char *text, size_t len,
                             int first_line) {
  parser p;
  memset(&p, 0, sizeof p);
  p.name = name ? name : "<memory>";
  p.text = text ? text : "";
  p.len = text ? len : 0;
  p.first_line = first_line > 0 ? first_line : 1;
  p.max_depth = max_depth();
  p.max_nodes = util_env_limit("BOOKLET_MAX_YAML_NODES", FRONT_MAX_NODES);
  if (!yaml_parser_initialize(&p.yp)) {
    diag_report(DIAG_FM_YAML, p.name, p.first_line, 0,
                "cannot start the YAML parser");
    return NULL;
  }
  yaml_parser_set_input_string(&p.yp, (const unsigned char *)p.text, p.len);
  yaml_parser_set_encoding(&p.yp, YAML_UTF8_ENCODING);
  front_node *root = parse_stream(&p);
  yaml_parser_delete(&p.yp);
  if (root && root->kind == FRONT_NULL) {
    /* "---\n~\n---" or an empty document: no keys. */
    root->kind = FRONT_MAP;
  } else if (root && root->kind != FRONT_MAP) {
    diag_report(DIAG_FM_NOT_MAP, p.name, root->line, 0);
    front_free(root);
    root = NULL;
  }
  for (size_t i = 0; i < p.n_anchors; i++)
    free(p.anchors[i].name);
  free(p.anchors);
  for (size_t i = 0; i < p.n_dead; i++)
    front_free(p.dead[i]);
  free(p.dead);
  return root;
}

front_node *front_parse(const source *src) {
  assert(src);
  switch (src->fm_kind) {
  case SOURCE_FM_YAML:
    return front_parse_text(src->path, src->fm, src->fm_len, src->fm_line);
  case SOURCE_FM_TOML:
    return front_toml_parse(src->path, src->fm, src->fm_len, src->fm_line,
                            max_depth());
  case SOURCE_FM_NONE:
  default: {
    front_node *n = xcalloc(1, sizeof *n);
    n->kind = FRONT_MAP;
    n->line = 1;
    return n;
  }
  }
}

front_node *front_parse_file(const char *path) {
  source *src = source_load_plain(path);
  if (!src)
    return NULL;
  front_node *n = front_parse_text(src->path, src->text, src->len, 1);
  source_free(src);
  return n;
}

const front_node *front_get(const front_node *map, const char *key) {
  if (!map || map->kind != FRONT_MAP || !key)
    return NULL;
  size_t len = strlen(key);
  long i = find_key_case(map, key, len, 1);
  if (i >= 0)
    return map->items[i];
  /* Split at each dot in turn: "a.b.c" tries a → "b.c", then a.b → "c". */
  for (const char *dot = strchr(key, '.'); dot; dot = strchr(dot + 1, '.')) {
    i = find_key_case(map, key, (size_t)(dot - key), 1);
    if (i < 0)
      continue;
    const front_node *v = front_get(map->items[i], dot + 1);
    if (v)
      return v;
  }
  return NULL;
}

const char *front_scalar(const front_node *n) {
  return n && n->kind == FRONT_SCALAR ? n->scalar : NULL;
}

const char *front_str(const front_node *map, const char *key) {
  return front_scalar(front_get(map, key));
}

/* Append s escaped: backslash, quote (when quoted), control characters;
 * an unquoted text also escapes leading and trailing spaces and a first
 * character that would read as a dump marker. */
static void dump_text(strbuf *b, const char *s, int quoted) {
  size_t n = strlen(s);
  if (quoted)
    sb_addc(b, '"');
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '\\' || (c == '"' && (quoted || i == 0)))
      sb_addf(b, "\\%c", c);
    else if (c == '\n')
      sb_add(b, "\\n");
    else if (c == '\t')
      sb_add(b, "\\t");
    else if (c < 0x20 || c == 0x7F)
      sb_addf(b, "\\x%02x", c);
    else if (!quoted && c == ' ' && (i == 0 || i + 1 == n))
      sb_add(b, "\\x20");
    else if (!quoted && i == 0 && strchr("{[~", c))
      sb_addf(b, "\\%c", c);
    else
      sb_addc(b, (char)c);
  }
  if (quoted)
    sb_addc(b, '"');
}

static void dump_node(strbuf *b, const front_node *n, int indent) {
  switch (n->kind) {
  case FRONT_NULL:
    sb_add(b, "~");
    break;
  case FRONT_SCALAR:
    dump_text(b, n->scalar, n->quoted);
    break;
  case FRONT_SEQ:
    sb_add(b, "[]");
    break;
  case FRONT_MAP:
    sb_add(b, "{}");
    break;
  }
  sb_addf(b, " @%d\n", n->line);
  for (size_t i = 0; i < n->n; i++) {
    sb_addf(b, "%*s", indent + 2, "");
    if (n->kind == FRONT_MAP) {
      dump_text(b, n->keys[i], 0);
      sb_add(b, ": ");
    } else {
      sb_add(b, "- ");
    }
    dump_node(b, n->items[i], indent + 2);
  }
}

char *front_dump(const front_node *n) {
  strbuf b = {0};
  if (n)
    dump_node(&b, n, 0);
  return sb_take(&b);
}
