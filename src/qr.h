/* qr.h — QR codes for the URLs that matter on paper (registration, live
 * stream, slides, replay), encoded with libqrencode.  The result is the
 * module matrix only: render draws it as a filled vector outline, never as
 * a bitmap.  No drawing and no layout here; libqrencode stays inside
 * qr.c. */
#ifndef BOOKLET_QR_H
#define BOOKLET_QR_H

#include <stddef.h>

typedef struct qr_code {
  int size;               /* modules per side (21 for version 1) */
  unsigned char *modules; /* size * size, row by row: 1 dark, 0 light */
} qr_code;

/* Encodes text (UTF-8, byte mode, error correction level M, the smallest
 * version that holds it).  Returns NULL when it cannot be encoded (empty
 * or longer than a version-40 code holds).  Caller frees with qr_free. */
qr_code *qr_encode(const char *text);
void qr_free(qr_code *q);
/* The quiet zone a reader needs around the symbol, in modules. */
#define QR_QUIET_MODULES 4

/* The URL as printed under a code: scheme, "www." and a trailing slash
 * dropped ("https://www.example.org/a/" → "example.org/a").  Caller
 * frees. */
char *qr_short_url(const char *url);

#endif
