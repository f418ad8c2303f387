/*
 * json.h - a small streaming JSON writer. Output is always valid JSON:
 * strings are escaped and invalid UTF-8 becomes U+FFFD. Used by every
 * report section (report_json.c and the sections other modules add).
 *
 * Lifecycle: pd_json_init(), then nested begin/end and value calls, then
 * pd_json_finish(). KEY is the member name inside an object and must be
 * NULL inside an array or at the top level.
 */
#ifndef PD_JSON_H
#define PD_JSON_H

#include <stddef.h>
#include <stdio.h>

#define PD_JSON_MAXDEPTH 32

struct pd_json {
	FILE *f;
	int depth;
	int pretty;
	unsigned char count[PD_JSON_MAXDEPTH]; /* members written at each depth (capped) */
};

void pd_json_init(struct pd_json *j, FILE *f, int pretty);
void pd_json_object_begin(struct pd_json *j, const char *key);
void pd_json_object_end(struct pd_json *j);
void pd_json_array_begin(struct pd_json *j, const char *key);
void pd_json_array_end(struct pd_json *j);
/* S NULL writes null. */
void pd_json_string(struct pd_json *j, const char *key, const char *s);
void pd_json_string_n(struct pd_json *j, const char *key, const char *s, size_t n);
void pd_json_int(struct pd_json *j, const char *key, long long v);
void pd_json_uint(struct pd_json *j, const char *key, unsigned long long v);
/* Finite V with DECIMALS digits after the point; NaN/inf are written as null. */
void pd_json_double(struct pd_json *j, const char *key, double v, int decimals);
void pd_json_bool(struct pd_json *j, const char *key, int v);
void pd_json_null(struct pd_json *j, const char *key);
/* Ends the document with a newline and flushes. Returns 0, or -1 if any
 * write failed (errno set). */
int pd_json_finish(struct pd_json *j);

/* Write S as a quoted, escaped JSON string to F (exposed for tests). */
void pd_json_write_string(FILE *f, const char *s, size_t n);

#endif
