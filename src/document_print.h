/* document_print.h — private to the document stage: the blocks it builds
 * for print (issue 5), kept out of document.c.  document.c calls each
 * function once, right after the section it concerns is built:
 *   - print_cover: the cover image as a full-bleed band (layout
 *     cover_image: full-bleed);
 *   - print_talks: a row of QR codes in place of each talk's links line
 *     (layout qr.talks);
 *   - print_back: a row of QR codes in place of the back cover's
 *     registration / live stream / replay lines (layout qr.back);
 *   - print_handout: the "handout" section, the event on one sheet:
 *     title, date, venue, agenda, speakers, QR codes.
 * No other stage includes it. */
#ifndef BOOKLET_DOCUMENT_PRINT_H
#define BOOKLET_DOCUMENT_PRINT_H

#include "document.h"

void print_cover(document *d, const model *m, const layout *l);
void print_talks(document *d, const model *m, const layout *l);
void print_back(document *d, const model *m, const layout *l);
void print_handout(document *d, const model *m, const layout *l);

#endif
