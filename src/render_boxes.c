/* render_boxes.c — the PDF after Cairo wrote it: a TrimBox and a
 * BleedBox on every page (Cairo 1.16 cannot set them) and a
 * deterministic /ID.  Two ways, each the other's fallback:
 *   - with libqpdf, which reads the whole file, sets the boxes and writes
 *     it again, streams copied as they are and, for a compact file, the
 *     other objects packed into compressed object streams;
 *   - in place, for long documents (qpdf would hold every object in
 *     memory): the boxes are inserted into Cairo's page objects and the
 *     xref table is written again with the shifted offsets.
 * Which way, and writing the file, is render_pdf.c's. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <qpdf/qpdf-c.h>

#include "render_int.h"
#include "util.h"

/* ---- with libqpdf ---------------------------------------------------------
 */

static void put_box(qpdf_data q, qpdf_oh page, const char *key, impose_box b,
                    double sheet_h) {
  double v[4] = {b.x, sheet_h - (b.y + b.h), b.x + b.w, sheet_h - b.y};
  qpdf_oh arr = qpdf_oh_new_array(q);
  for (int i = 0; i < 4; i++)
    qpdf_oh_append_item(q, arr, qpdf_oh_new_real_from_double(q, v[i], 3));
  qpdf_oh_replace_key(q, page, key, arr);
}

int render_boxes_qpdf(const strbuf *pdf, const impose_plan *p,
                      render_objstm objstm, strbuf *out, char **why) {
  qpdf_data q = qpdf_init();
  qpdf_silence_errors(q);
  qpdf_set_suppress_warnings(q, QPDF_TRUE);
  int rc = -1;
  if (qpdf_read_memory(q, "booklet.pdf", pdf->s, pdf->len, NULL) & QPDF_ERRORS)
    goto done;
  int n = qpdf_get_num_pages(q);
  if (n < 0 || (size_t)n != p->n_sheets) {
    *why = xstrdup("page count changed");
    goto done;
  }
  for (int i = 0; i < n; i++) {
    qpdf_oh page = qpdf_get_page_n(q, (size_t)i);
    put_box(q, page, "/TrimBox", p->sheets[i].trim, p->sheet_h);
    put_box(q, page, "/BleedBox", p->sheets[i].bleed, p->sheet_h);
  }
  if (qpdf_init_write_memory(q) & QPDF_ERRORS)
    goto done;
  qpdf_set_stream_data_mode(q, qpdf_s_preserve);
  qpdf_set_object_stream_mode(
      q, objstm == RENDER_OBJSTM_GENERATE ? qpdf_o_generate : qpdf_o_preserve);
  qpdf_set_deterministic_ID(q, QPDF_TRUE);
  if (qpdf_write(q) & QPDF_ERRORS)
    goto done;
  sb_addn(out, (const char *)qpdf_get_buffer(q), qpdf_get_buffer_length(q));
  rc = 0;
done:
  if (rc && !*why && qpdf_has_error(q))
    *why = xstrdup(qpdf_get_error_full_text(q, qpdf_get_error(q)));
  if (rc && !*why)
    *why = xstrdup("qpdf failed");
  qpdf_cleanup(&q);
  return rc;
}

/* ---- in place -------------------------------------------------------------
 */

/* Cairo 1.16 writes every object uncompressed at the offset its classic
 * xref table gives, and each page object as
 *     N 0 obj\n<< /Type /Page % K\n   /Parent P 0 R\n   /MediaBox [ … ]\n…
 * so the boxes go in after the /MediaBox line of page K's object, and the
 * xref table and startxref are written again with the shifted offsets.
 * Only object starts listed in the xref are looked at, never stream
 * bytes.  Cairo lists a few ids it never writes (their offset points at
 * another object): those become free entries, as qpdf would make them.
 * The trailer gains an /ID made from the bytes written.  Any surprise in
 * the layout returns -1 and the caller uses qpdf instead.  Memory: the
 * output file once more, where qpdf held every object (~60 MB at 1000
 * pages). */

/* The last "startxref" is looked for in this many bytes at the end. */
#define TAIL_BYTES 64
/* Most objects an xref table may list (a sanity bound, not a limit on
 * real documents: Cairo writes a few per page). */
#define MAX_OBJECTS 8000000
/* Bytes after a page object's "% K" comment in which its /MediaBox
 * line must start. */
#define MEDIABOX_WITHIN 200
/* Most digits of a number read from the file. */
#define MAX_DIGITS 15
/* Bytes of one classic xref entry: "oooooooooo ggggg n \n". */
#define XREF_ENTRY 20

/* Where the parts of Cairo's file end and begin (byte offsets). */
typedef struct pdf_xref {
  size_t xref;    /* "xref": the end of the body */
  size_t count;   /* entries of the table, entry 0 included */
  size_t ent;     /* the first entry */
  size_t trailer; /* "trailer\n<<" */
  size_t tr_end;  /* the trailer dictionary's closing ">>" */
} pdf_xref;

/* A box insertion: where it goes and for which sheet. */
typedef struct box_ins {
  size_t pos;  /* offset in the input where the text goes */
  size_t page; /* sheet index, from cairo's "% K" comment */
} box_ins;

/* A free xref entry's offset slot holds the next free id, marked by the
 * top bit. */
#define FREE_MARK ((size_t)1 << (sizeof(size_t) * 8 - 1))

static int cmp_ins(const void *a, const void *b) {
  const box_ins *x = a, *y = b;
  return x->pos < y->pos ? -1 : x->pos > y->pos;
}

/* Reads a decimal number at s[*i..n); -1 if none or too long. */
static long long read_num(const char *s, size_t n, size_t *i) {
  long long v = 0;
  size_t start = *i;
  while (*i < n && *i - start < MAX_DIGITS && isdigit((unsigned char)s[*i]))
    v = v * 10 + (s[(*i)++] - '0');
  return *i == start || (*i < n && isdigit((unsigned char)s[*i])) ? -1 : v;
}

static int has_at(const char *s, size_t n, size_t i, const char *lit) {
  size_t l = strlen(lit);
  return i <= n && n - i >= l && !memcmp(s + i, lit, l);
}

/* "x0 y0 x1 y1" of box b in PDF space (y up), 3 decimals at most. */
static void add_box_line(strbuf *out, const char *key, impose_box b,
                         double sheet_h) {
  double v[4] = {b.x, sheet_h - (b.y + b.h), b.x + b.w, sheet_h - b.y};
  sb_addf(out, "   /%s [", key);
  for (int i = 0; i < 4; i++) {
    char num[64];
    render_fmt_num(num, sizeof num, v[i]);
    char *e = num + strlen(num);
    while (e > num && e[-1] == '0')
      *--e = 0;
    if (e > num && e[-1] == '.')
      *--e = 0;
    if (!strcmp(num, "-0"))
      strcpy(num, "0");
    sb_addf(out, " %s", num);
  }
  sb_add(out, " ]\n");
}

/* Finds the classic xref table and the trailer through the last
 * startxref.  Returns 0, or -1 with the reason in *why. */
static int find_xref(const char *s, size_t n, pdf_xref *x, char **why) {
  size_t i = n > TAIL_BYTES ? n - TAIL_BYTES : 0, sx = 0;
  for (; i + 10 < n; i++) /* the last "startxref\n" */
    if (has_at(s, n, i, "startxref\n"))
      sx = i;
  if (!s || !sx) {
    *why = xstrdup("no startxref");
    return -1;
  }
  i = sx + 10;
  long long xref = read_num(s, n, &i);
  if (xref <= 0 || (size_t)xref >= sx ||
      !has_at(s, n, (size_t)xref, "xref\n0 ")) {
    *why = xstrdup("no classic xref table");
    return -1;
  }
  i = (size_t)xref + 7;
  long long count = read_num(s, n, &i);
  if (count < 1 || count > MAX_OBJECTS || !has_at(s, n, i, "\n") ||
      (n - i - 1) / XREF_ENTRY < (size_t)count) {
    *why = xstrdup("bad xref table");
    return -1;
  }
  x->xref = (size_t)xref;
  x->count = (size_t)count;
  x->ent = i + 1;
  x->trailer = x->ent + XREF_ENTRY * x->count;
  if (!has_at(s, n, x->trailer, "trailer\n<<")) {
    *why = xstrdup("bad trailer");
    return -1;
  }
  size_t tr_end = sx; /* the trailer dictionary's ">>" */
  while (tr_end > x->trailer && s[tr_end] != '>')
    tr_end--;
  if (tr_end < x->trailer + 11 || s[tr_end - 1] != '>') {
    *why = xstrdup("bad trailer");
    return -1;
  }
  x->tr_end = tr_end - 1;
  return 0;
}

/* The offset just after the /MediaBox line of the page object whose
 * text goes on at j, or 0 when there is none within MEDIABOX_WITHIN. */
static size_t after_mediabox(const char *s, size_t xref, size_t j) {
  size_t lim = j + MEDIABOX_WITHIN < xref ? j + MEDIABOX_WITHIN : xref;
  size_t m = j;
  while (m < lim && !has_at(s, lim, m, "\n   /MediaBox ["))
    m++;
  size_t end = m + 14;
  while (end < lim && s[end] != '\n' && s[end] != ']')
    end++;
  if (m >= lim || !has_at(s, lim, end, "]\n"))
    return 0;
  return end + 2;
}

/* Reads the xref entries into off[] (0: free or never written) and,
 * for each page object, where its boxes go into ins[] (in file order
 * after sorting).  Returns the number of insertions, or -1 with the
 * reason in *why. */
static long scan_objects(const char *s, const pdf_xref *x, const impose_plan *p,
                         size_t *off, box_ins *ins, char **why) {
  unsigned char *seen = xcalloc(p->n_sheets ? p->n_sheets : 1, 1);
  size_t n_ins = 0;
  long rc = -1;
  for (size_t k = 1; k < x->count; k++) {
    const char *e = s + x->ent + XREF_ENTRY * k;
    size_t j = 0;
    long long o = read_num(e, 10, &j);
    if (o < 0 || j != 10 || memcmp(e + 10, " 00000 ", 7) ||
        (e[17] != 'n' && e[17] != 'f') || e[18] != ' ' || e[19] != '\n') {
      *why = xstrdup("bad xref entry");
      goto done;
    }
    if (e[17] != 'n' || o <= 0 || (size_t)o >= x->xref)
      continue;
    /* the entry must point at its own object, else Cairo never wrote it */
    j = (size_t)o;
    if (read_num(s, x->xref, &j) != (long long)k ||
        !has_at(s, x->xref, j, " 0 obj\n"))
      continue;
    off[k] = (size_t)o;
    j += 7;
    if (!has_at(s, x->xref, j, "<< /Type /Page % "))
      continue;
    j += 17;
    long long pg = read_num(s, x->xref, &j);
    if (pg < 1 || (size_t)pg > p->n_sheets || seen[pg - 1] ||
        n_ins == p->n_sheets) {
      *why = xstrdup("unexpected page object");
      goto done;
    }
    size_t at = after_mediabox(s, x->xref, j);
    if (!at) {
      *why = xstrdup("page without /MediaBox");
      goto done;
    }
    seen[pg - 1] = 1;
    ins[n_ins].pos = at;
    ins[n_ins++].page = (size_t)pg - 1;
  }
  if (n_ins != p->n_sheets) {
    *why = xstrdup("page count changed");
    goto done;
  }
  qsort(ins, n_ins, sizeof *ins, cmp_ins);
  rc = (long)n_ins;
done:
  free(seen);
  return rc;
}

/* The body up to the xref with the boxes inserted; shift[k] gets how far
 * the insertions before ins[k] moved what follows them (shift[n_ins]:
 * all of them). */
static void write_body(strbuf *out, const char *s, const pdf_xref *x,
                       const impose_plan *p, const box_ins *ins, size_t n_ins,
                       size_t *shift) {
  sb_addn(out, s, n_ins ? ins[0].pos : x->xref);
  for (size_t k = 0; k < n_ins; k++) {
    size_t before = out->len;
    const impose_sheet *sh = &p->sheets[ins[k].page];
    add_box_line(out, "TrimBox", sh->trim, p->sheet_h);
    add_box_line(out, "BleedBox", sh->bleed, p->sheet_h);
    shift[k + 1] = shift[k] + (out->len - before);
    size_t to = k + 1 < n_ins ? ins[k + 1].pos : x->xref;
    sb_addn(out, s + ins[k].pos, to - ins[k].pos);
  }
}

/* The new xref table (free entries chained from entry 0, as the format
 * wants; the others moved by the insertions before them), the trailer
 * with an /ID digested from the body, and startxref. */
static void write_xref(strbuf *out, const char *s, const pdf_xref *x,
                       size_t *off, const box_ins *ins, size_t n_ins,
                       const size_t *shift) {
  size_t new_xref = out->len;
  /* the /ID: a digest of everything before the xref */
  GChecksum *md5 = g_checksum_new(G_CHECKSUM_MD5);
  g_checksum_update(md5, (const guchar *)out->s, (gssize)out->len);
  char id[33];
  snprintf(id, sizeof id, "%s", g_checksum_get_string(md5));
  g_checksum_free(md5);
  size_t next_free = 0;
  for (size_t k = x->count; k-- > 1;)
    if (!off[k]) {
      off[k] = next_free | FREE_MARK; /* reused as "next free" */
      next_free = k;
    }
  sb_addf(out, "xref\n0 %zu\n%010zu 65535 f \n", x->count, next_free);
  for (size_t k = 1; k < x->count; k++) {
    if (off[k] & FREE_MARK) {
      sb_addf(out, "%010zu 00001 f \n", off[k] & ~FREE_MARK);
      continue;
    }
    size_t lo = 0, hi = n_ins; /* insertions before this object */
    while (lo < hi) {
      size_t mid = lo + (hi - lo) / 2;
      if (ins[mid].pos <= off[k])
        lo = mid + 1;
      else
        hi = mid;
    }
    sb_addf(out, "%010zu 00000 n \n", off[k] + shift[lo]);
  }
  sb_addn(out, s + x->trailer, x->tr_end - x->trailer);
  sb_addf(out, "   /ID [<%s> <%s>]\n>>\nstartxref\n%zu\n%%%%EOF\n", id, id,
          new_xref);
}

int render_boxes_direct(const strbuf *pdf, const impose_plan *p, strbuf *out,
                        char **why) {
  pdf_xref x;
  if (find_xref(pdf->s, pdf->len, &x, why) != 0)
    return -1;
  size_t *off = xcalloc(x.count, sizeof *off); /* 0: free */
  box_ins *ins = xcalloc(p->n_sheets ? p->n_sheets : 1, sizeof *ins);
  long n_ins = scan_objects(pdf->s, &x, p, off, ins, why);
  if (n_ins >= 0) {
    size_t *shift = xcalloc((size_t)n_ins + 1, sizeof *shift);
    write_body(out, pdf->s, &x, p, ins, (size_t)n_ins, shift);
    write_xref(out, pdf->s, &x, off, ins, (size_t)n_ins, shift);
    free(shift);
  }
  free(off);
  free(ins);
  return n_ins >= 0 ? 0 : -1;
}
