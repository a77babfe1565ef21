/* fetch.h — remote images: fetch http(s) URLs in parallel into an on-disk
 * cache (libcurl).  Knows nothing about documents or image formats beyond
 * sniffing that the bytes are a picture; see imgpath.h for the step that
 * uses it.  Thread-safe: a batch may fetch for several inputs at once. */
#ifndef BOOKLET_FETCH_H
#define BOOKLET_FETCH_H

#include <stddef.h>

typedef struct fetch_item {
  const char *url; /* in: an http:, https: or protocol-relative // URL */
  char *path;      /* out: the cached file, NULL on failure; caller frees */
  char *error;     /* out: why it failed ("HTTP 404", "timed out after
                      30 s", ...), NULL on success; caller frees */
  int cached;      /* out: 1 when served from the cache without a request */
} fetch_item;

typedef struct fetch_options {
  int offline;            /* 1: use the cache only, never the network */
  double connect_timeout; /* seconds to connect, 0: 10 */
  double timeout;         /* seconds for the whole transfer, 0: 30, or
                             $BOOKLET_FETCH_TIMEOUT */
  size_t max_bytes;       /* size cap per image, 0: 20 MB */
  int max_redirects;      /* 0: 5 */
  int parallel;           /* transfers at once, 0: 8 */
  const char *cache_dir;  /* NULL: $XDG_CACHE_HOME/booklet, else
                             ~/.cache/booklet, else a folder in $TMPDIR */
  int allow_private;      /* 1: connect to loopback, private, link-local
                             and multicast addresses too (refused by
                             default, on the first request and on every
                             redirect) */
} fetch_options;

/* 1 when a connection to this address is refused unless allowed: IPv4
 * 0/8, 10/8, 100.64/10, 127/8, 169.254/16, 172.16/12, 192.168/16,
 * 224/4 and up; IPv6 ::, ::1, fc00::/7, fe80::/10, ff00::/8, and IPv4
 * addresses mapped into IPv6 by the same rules.  family is AF_INET or
 * AF_INET6, addr the 4 or 16 address bytes. */
int fetch_private_address(int family, const unsigned char *addr);

/* Fetch every item (duplicates are fetched once), filling path or error.
 * Items already in the cache are not requested again.  o may be NULL for
 * the defaults. */
void fetch_all(fetch_item *items, size_t n, const fetch_options *o);

/* The cache folder fetch_all would use (created if missing), or NULL
 * when none can be made.  Caller frees. */
char *fetch_cache_dir(const fetch_options *o);

#endif
