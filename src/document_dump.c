/* document_dump.c — the document as text, a line per section and per
 * block (kind, style, input line, text and what else the block carries),
 * indented by nesting: --dump-document and the tests read it. */
#include "document.h"

#include <stdio.h>

#include "util.h"

static const char *kind_name(doc_kind k) {
  static const char *names[] = {"para",  "heading", "list",  "item",
                                "quote", "code",    "table", "image",
                                "rule",  "space",   "fill",  "page-break",
                                "group", "notes", "card", "qr", "band",
                                "logos", "columns"};
  return k <= DOC_COLUMNS ? names[k] : "?";
}

static void dump_block(strbuf *b, const doc_block *blk, int indent) {
  sb_addf(b, "%*s%s [%s] line %d", indent * 2, "", kind_name(blk->kind),
          blk->style, blk->line);
  if (blk->marker)
    sb_addf(b, " marker '%s'", blk->marker);
  if (blk->text.text)
    sb_addf(b, " \"%s\"", blk->text.text);
  if (blk->kind == DOC_TABLE)
    sb_addf(b, " %zux%zu header %zu", blk->n_rows, blk->n_cols,
            blk->header_rows);
  if (blk->src || blk->alt)
    sb_addf(b, " src '%s' alt '%s'", blk->src ? blk->src : "",
            blk->alt ? blk->alt : "");
  if (blk->trail)
    sb_addf(b, " trail '%s'", blk->trail);
  if (blk->url)
    sb_addf(b, " url '%s'", blk->url);
  if (blk->kind == DOC_LOGOS)
    sb_addf(b, " %zu columns, logo %.1f pt", blk->n_cols, blk->height);
  sb_addc(b, '\n');
  for (size_t i = 0; i < blk->n_children; i++)
    dump_block(b, blk->children[i], indent + 1);
}

char *document_dump(const document *d) {
  strbuf b = {0};
  sb_addf(&b, "document \"%s\" lang %s\n", d->title, d->lang);
  for (size_t i = 0; i < d->n_sections; i++) {
    const doc_section *s = &d->sections[i];
    sb_addf(&b, "section %s \"%s\"\n", s->kind, s->title ? s->title : "");
    for (size_t k = 0; k < s->n_blocks; k++)
      dump_block(&b, s->blocks[k], 1);
  }
  return sb_take(&b);
}
