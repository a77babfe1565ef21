/* event_print.h — the event's facts as readers write them, in the page's
 * language, for the cover, the agenda's header line, the handout and the
 * back cover: "2019年3月24日 周日 13:00–17:00", "Monday, 24 June 2019,
 * 9:00–17:30 (UTC+8)", "2021年12月9日—11日", "9–11 December 2021"; the
 * place with its city and "online".  Part of the document stage; reads
 * the model only. */
#ifndef BOOKLET_EVENT_PRINT_H
#define BOOKLET_EVENT_PRINT_H

#include "layout.h"
#include "model.h"

/* Day(s), time and time zone as one line; NULL when the page gives
 * neither a day nor a time.  Caller frees. */
char *event_print_when(const model_event *e);
/* The day(s) alone ("2019年3月24日 周日"); NULL when none.  Caller
 * frees. */
char *event_print_day(const model_event *e);
/* The place: venue (or city), the city when the venue does not name it,
 * and online (the layout's labels online / also_online); NULL when the
 * page gives none.  The street address is e->address, printed on its own
 * line.  Caller frees. */
char *event_print_place(const model_event *e, const layout *l);

#endif
