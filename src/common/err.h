/*
 * err.h - the launcher's one error-printing family (err(3)-style) and its
 * exit codes. Messages read "paddock: <what>: <value>: <reason>".
 */
#ifndef PD_ERR_H
#define PD_ERR_H

#include <stddef.h>

/* paddock's own exit statuses; see docs/architecture.md "Exit status". */
enum pd_exit {
	PD_EXIT_TIMEOUT = 124,	/* wall-clock timeout, as timeout(1) */
	PD_EXIT_ERROR = 125,	/* paddock's own error: bad input or setup failure */
	PD_EXIT_NOEXEC = 126,	/* the command was found but could not be executed */
	PD_EXIT_NOTFOUND = 127, /* the command was not found */
};

/* "paddock: MSG" on stderr. */
void pd_warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "paddock: MSG: strerror(errno)" on stderr. */
void pd_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* As pd_warnx/pd_warn, then exit(CODE). */
_Noreturn void pd_errx(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
_Noreturn void pd_err(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Allocation that cannot fail: on out-of-memory, prints and exits 125. */
void *pd_alloc_or_die(size_t n); /* zeroed */
void *pd_realloc_or_die(void *p, size_t n);
char *pd_strdup_or_die(const char *s);

#endif
