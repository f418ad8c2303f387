/*
 * err.c - err(3)-style messages prefixed "paddock: " and allocation helpers
 * that exit 125 on out-of-memory. Launcher only: the runtime never prints.
 */
#include "common/err.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void vmsg(int errnum, const char *fmt, va_list ap)
{
	/* One buffer and one write, so concurrent writers do not interleave. */
	char buf[2048];
	int n = snprintf(buf, sizeof(buf), "paddock: ");
	n += vsnprintf(buf + n, sizeof(buf) - (size_t)n, fmt, ap);
	if (n >= (int)sizeof(buf))
		n = (int)sizeof(buf) - 1;
	if (errnum)
		n += snprintf(buf + n, sizeof(buf) - (size_t)n, ": %s", strerror(errnum));
	if (n >= (int)sizeof(buf) - 1)
		n = (int)sizeof(buf) - 2;
	buf[n++] = '\n';
	fflush(stdout);
	fwrite(buf, 1, (size_t)n, stderr);
}

void pd_warnx(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmsg(0, fmt, ap);
	va_end(ap);
}

void pd_warn(const char *fmt, ...)
{
	int e = errno;
	va_list ap;
	va_start(ap, fmt);
	vmsg(e, fmt, ap);
	va_end(ap);
}

void pd_errx(int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmsg(0, fmt, ap);
	va_end(ap);
	exit(code);
}

void pd_err(int code, const char *fmt, ...)
{
	int e = errno;
	va_list ap;
	va_start(ap, fmt);
	vmsg(e, fmt, ap);
	va_end(ap);
	exit(code);
}

void *pd_alloc_or_die(size_t n)
{
	void *p = calloc(1, n ? n : 1);
	if (!p)
		pd_errx(PD_EXIT_ERROR, "out of memory allocating %zu bytes", n);
	return p;
}

void *pd_realloc_or_die(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		pd_errx(PD_EXIT_ERROR, "out of memory allocating %zu bytes", n);
	return q;
}

char *pd_strdup_or_die(const char *s)
{
	char *d = strdup(s);
	if (!d)
		pd_errx(PD_EXIT_ERROR, "out of memory copying a string");
	return d;
}
