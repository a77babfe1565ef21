/* extract_speakers.c — sections of speakers' bios written apart from the
 * talks ("## 嘉宾介绍" over "### 沈清和" and her bio, or "**Priya Raman** is a
 * data engineer at …"): the blocks under a known speaker's name go to that
 * speaker — paragraphs as the bio, a lone image as the photo — and leave
 * the prose; the section's heading titles the speaker cards.  Runs after
 * the talks and the agenda have named the speakers.  A name nobody spoke
 * under stays prose. */
#include "extract_int.h"

#include <stdlib.h>
#include <string.h>

/* 1 when paragraph p is one line of bold text and nothing else. */
static int bold_line(const md_node *p) {
  return p->type == MD_PARAGRAPH && p->first && p->first->type == MD_STRONG &&
         !p->first->next;
}

/* The speaker a block names by itself: a heading or a wholly bold line
 * that is a known speaker's name ("### 沈清和", "**闻笛（向量实验室）**"),
 * or -1. */
static long speaker_named_by(ex_ctx *x, const ex_block *b) {
  const md_node *n = b->n;
  if (n->type != MD_HEADING && !bold_line(n))
    return -1;
  char *t = ex_text(n);
  long i = -1;
  if (!strchr(t, '\n') && ex_cps(t) <= 40) {
    char *name = util_trim(t);
    i = ex_speaker_find(x, name, strlen(name));
    if (i < 0) {
      ex_person *ps;
      size_t np = extract_people(name, EX_STRICT, ex_known, x, &ps);
      if (np == 1)
        i = ex_speaker_find(x, ps[0].name, strlen(ps[0].name));
      extract_people_free(ps, np);
    }
    free(name);
  }
  free(t);
  return i;
}

/* The known speaker whose bold name opens paragraph p and a sentence
 * about them ("**Priya Raman** is a data engineer at …", "**沈清和**，某
 * 公司工程师……", "**Zoey Zou:**" over her bio), or -1. */
static long bio_lead(ex_ctx *x, const md_node *p) {
  if (p->type != MD_PARAGRAPH || !p->first || p->first->type != MD_STRONG ||
      !p->first->next)
    return -1;
  char *name = md_plain_text(p->first), *all = ex_text(p);
  char *nm = ex_trim_seps(name);
  long i = ex_speaker_find(x, nm, strlen(nm));
  if (i >= 0 && ex_cps(all) < ex_cps(nm) + 8)
    i = -1; /* a name and a word or two: not a bio */
  free(name), free(all), free(nm);
  return i;
}

/* The heading just before block i, when it names a section of speakers
 * ("## 嘉宾介绍", "## Speakers"), titles the speaker cards: taken. */
static void take_speakers_heading(ex_ctx *x, ex_blocks *bl, size_t i) {
  if (x->m->speakers_heading || i == 0 || bl->b[i - 1].owner != EX_FREE ||
      bl->b[i - 1].n->type != MD_HEADING ||
      (bl->b[i].n->type == MD_HEADING && bl->b[i - 1].level >= bl->b[i].level))
    return;
  if (bl->b[i - 1].role == EX_ROLE_SPEAKERS ||
      (bl->b[i - 1].role == EX_ROLE_CUE &&
       (bl->b[i - 1].cues & (EX_CUE_BIT(EX_CUE_SPEAKER) | EX_CUE_BIT(EX_CUE_BIO))))) {
    x->m->speakers_heading = bl->b[i - 1].n;
    bl->b[i - 1].owner = EX_CLAIM_SPEAKER;
  }
}

/* Blocks after the name at i that are its bio: up to the next name or a
 * heading as high.  Returns the end, or i + 1 when there is no bio (or a
 * table or code is in it: not a bio, left as prose). */
static size_t bio_end(ex_ctx *x, const ex_blocks *bl, size_t i) {
  int level = bl->b[i].level;
  size_t j = i + 1;
  for (; j < bl->n; j++) {
    const ex_block *b = &bl->b[j];
    if (b->owner != EX_FREE || b->sponsor ||
        (b->n->type == MD_HEADING && b->level <= level) ||
        speaker_named_by(x, b) >= 0)
      break;
    if (b->n->type != MD_PARAGRAPH && b->n->type != MD_LIST &&
        b->n->type != MD_BLOCKQUOTE)
      return i + 1;
  }
  return j;
}

void ex_speaker_sections(ex_ctx *x, ex_blocks *bl) {
  for (size_t i = 0; i < bl->n; i++) {
    ex_block *b = &bl->b[i];
    if (b->owner != EX_FREE || b->sponsor)
      continue;
    long lead = bio_lead(x, b->n);
    if (lead >= 0) {
      char *t = ex_text(b->n);
      ex_speaker_bio(x, (size_t)lead, t);
      free(t);
      b->owner = EX_CLAIM_SPEAKER;
      take_speakers_heading(x, bl, i);
      continue;
    }
    long sp = speaker_named_by(x, b);
    if (sp < 0)
      continue;
    size_t j = bio_end(x, bl, i);
    if (j == i + 1)
      continue;
    model_speaker *s = &x->m->speakers[sp];
    for (size_t k = i + 1; k < j; k++) {
      const md_node *n = bl->b[k].n;
      if (n->type == MD_PARAGRAPH && ex_only_images(n) && n->first &&
          n->first->type == MD_IMAGE && !n->first->next && !s->photo &&
          n->first->url) {
        s->photo = xstrdup(n->first->url);
      } else {
        char *t = ex_text(n);
        ex_speaker_bio(x, (size_t)sp, t);
        free(t);
      }
      bl->b[k].owner = EX_CLAIM_SPEAKER;
    }
    b->owner = EX_CLAIM_SPEAKER;
    take_speakers_heading(x, bl, i);
    i = j - 1;
  }
}

void ex_drop_claimed(const ex_blocks *bl, const md_node ***arr, size_t *cnt) {
  size_t r = 0, w = 0;
  for (size_t k = 0; k < bl->n && r < *cnt; k++) {
    if (bl->b[k].n != (*arr)[r])
      continue;
    if (bl->b[k].owner != EX_CLAIM_SPEAKER)
      (*arr)[w++] = (*arr)[r];
    r++;
  }
  while (r < *cnt)
    (*arr)[w++] = (*arr)[r++];
  *cnt = w;
}
