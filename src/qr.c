/* qr.c — QR encoding through libqrencode (byte mode, level M) into a
 * plain module matrix, and the short form of a URL printed under a code.
 * Drawing is render's job (a vector outline). */
#include "qr.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <qrencode.h>

#include "util.h"

qr_code *qr_encode(const char *text) {
  if (!text || !*text)
    return NULL;
  QRcode *c = QRcode_encodeData((int)strlen(text),
                                (const unsigned char *)text, 0, QR_ECLEVEL_M);
  if (!c)
    return NULL;
  qr_code *q = xcalloc(1, sizeof *q);
  q->size = c->width;
  size_t n = (size_t)c->width * (size_t)c->width;
  q->modules = xmalloc(n);
  for (size_t i = 0; i < n; i++)
    q->modules[i] = c->data[i] & 1; /* bit 0: dark module */
  QRcode_free(c);
  return q;
}

void qr_free(qr_code *q) {
  if (!q)
    return;
  free(q->modules);
  free(q);
}

char *qr_short_url(const char *url) {
  if (!url)
    return xstrdup("");
  const char *p = url;
  if (!strncasecmp(p, "https://", 8))
    p += 8;
  else if (!strncasecmp(p, "http://", 7))
    p += 7;
  if (!strncasecmp(p, "www.", 4))
    p += 4;
  size_t n = strlen(p);
  while (n > 1 && p[n - 1] == '/')
    n--;
  return xstrndup(p, n);
}
