/* document_print.h — private to the document stage: the blocks it builds
 * for print, kept out of document.c, and what those files share.
 * document.c calls each print_ function once, right after the section it
 * concerns is built:
 *   - print_cover: the cover image as a full-bleed band (layout
 *     cover_image: full-bleed);
 *   - print_talks: a row of QR codes in place of each talk's links line
 *     (layout qr.talks);
 *   - print_back: a row of QR codes in place of the back cover's
 *     registration / live stream / replay lines (layout qr.back);
 *   - print_handout: the "handout" section, the event on one sheet:
 *     title, date, venue, agenda, speakers, QR codes;
 *   - print_agenda (document_agenda.c): the agenda's tables, a day
 *     heading per day and parallel tracks set as the layout says.
 * Also here: the block constructors every file of the stage uses, the
 * event's facts as printed (accessors), and the printed words that have
 * no place in the layout yet.  No other stage includes it. */
#ifndef BOOKLET_DOCUMENT_PRINT_H
#define BOOKLET_DOCUMENT_PRINT_H

#include "document.h"

/* ---- blocks (document.c) ------------------------------------------------- */

/* A new block of kind in style; freed with doc_block_free (or by
 * document_free once in a section). */
doc_block *doc_block_new(doc_kind kind, const char *style, int line);
/* Appends child to parent's children (parent owns it). */
void doc_block_add(doc_block *parent, doc_block *child);
/* Frees a block and its children. */
void doc_block_free(doc_block *b);
/* A paragraph of one run of text in style. */
doc_block *doc_para(const char *style, const char *text, unsigned flags,
                    const char *url);
/* Appends b to the section's blocks (nothing for NULL). */
void doc_section_add(doc_section *s, doc_block *b);

/* ---- the event's facts as printed (document_print.c) --------------------
 * One place that reads the model's event facts for the cover, the back
 * cover, the agenda and the handout, so the event model's own formatting
 * (date, time, venue, links) replaces these few functions only. */

typedef enum print_link_kind {
  PRINT_REGISTRATION, /* where to sign up */
  PRINT_LIVE,         /* live stream */
  PRINT_REPLAY        /* recording */
} print_link_kind;

/* "2019年12月28日 周六 13:30–17:30": the event's date and time as the
 * page gives them, or NULL.  Caller frees. */
char *print_when(const model *m);
/* The venue, with the street address when there is one ("银杏大厦 3 楼,
 * 天府大道 1 号"), or NULL.  Caller frees. */
char *print_where(const model *m, const layout *l);
/* The organizer (for the kicker line and the back cover), or NULL. */
const char *print_organizer(const model *m);
/* The event's address of that kind: the model's, else the first link of
 * the page's text whose line names it ("报名：https://…", "[Register
 * here](…)"); an http(s) address, or NULL. */
const char *print_link(const model *m, print_link_kind k);
/* The label of a link kind ("报名" / "Register"). */
const char *print_link_label(const layout *l, print_link_kind k);

/* ---- speakers as printed (document_print.c) ------------------------------ */

/* What a speaker does as printed beside the name on the talk, the card
 * and the handout: the page's designation (or company), with the role an
 * agenda row of one of their talks gives ("职务": a row whose talk or
 * speaker cell is this speaker alone) when the designation does not say
 * it already — "锦江云 平台工程负责人", "Principal Engineer, Harbor".
 * NULL when there is neither.  Caller frees. */
char *print_designation(const model *m, size_t speaker);

/* ---- print sections ------------------------------------------------------ */

void print_cover(document *d, const model *m, const layout *l);
void print_talks(document *d, const model *m, const layout *l);
void print_back(document *d, const model *m, const layout *l);
void print_handout(document *d, const model *m, const layout *l);
/* The agenda into s: a table per day (a day heading each when the event
 * has several), parallel tracks as the layout's agenda.tracks says, rows
 * in time order with plenary sessions in place.  The model's agenda rows,
 * or one row per talk when it has none (from_talks).  handout: the
 * handout's styles, long single-track agendas in two columns. */
void print_agenda(doc_section *s, const model *m, const layout *l,
                  int from_talks, int handout);

#endif
