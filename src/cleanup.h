/* cleanup.h — temporary files removed when the program is killed.  A
 * stage that writes a temporary file (render writes the PDF beside its
 * target and renames it into place) registers its path here; if SIGINT,
 * SIGTERM or SIGHUP arrives before it is renamed or removed, the signal
 * handler unlinks every registered path and then dies of the same signal,
 * so an interrupted run leaves neither a partial file nor a stray
 * temporary, and an earlier output at the target path is untouched.
 * Children forked after cleanup_install() (main's worker pool) get a
 * SIGTERM when their parent dies, so killing the booklet process stops
 * its workers the same way.
 * Nothing here knows what the files hold. */
#ifndef BOOKLET_CLEANUP_H
#define BOOKLET_CLEANUP_H

/* Install the signal handlers and the parent-death signal of future
 * children (once; later calls do nothing).  Signals that were ignored
 * when the program started (nohup, `cmd &` in a script) stay ignored. */
void cleanup_install(void);

/* Remember path (copied) as a temporary to remove if a signal kills the
 * program.  Thread-safe. */
void cleanup_register(const char *path);

/* Forget path (it was renamed into place or removed).  Thread-safe; a
 * path that was never registered is ignored. */
void cleanup_unregister(const char *path);

/* Number of paths registered now (for tests). */
int cleanup_count(void);

#endif
