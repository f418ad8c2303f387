/*
 * json.c - streaming JSON writer (see json.h). Escapes control characters,
 * quotes and backslashes; replaces each byte of an invalid UTF-8 sequence
 * with U+FFFD so the output parses whatever argv contained.
 */
#include "common/json.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

void pd_json_init(struct pd_json *j, FILE *f, int pretty)
{
	memset(j, 0, sizeof(*j));
	j->f = f;
	j->pretty = pretty;
}

/* Length of the valid UTF-8 sequence at S (at most N bytes), or 0. */
static size_t utf8_valid(const unsigned char *s, size_t n)
{
	size_t len;
	uint32_t cp;
	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		len = 2;
		cp = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		len = 3;
		cp = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4;
		cp = s[0] & 0x07;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

void pd_json_write_string(FILE *f, const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	putc('"', f);
	for (size_t i = 0; i < n;) {
		unsigned char c = s[i];
		if (c == '"' || c == '\\') {
			putc('\\', f);
			putc(c, f);
			i++;
		} else if (c < 0x20 || c == 0x7f) {
			switch (c) {
			case '\n':
				fputs("\\n", f);
				break;
			case '\t':
				fputs("\\t", f);
				break;
			case '\r':
				fputs("\\r", f);
				break;
			default:
				fprintf(f, "\\u%04x", c);
			}
			i++;
		} else {
			size_t len = utf8_valid(s + i, n - i);
			if (len == 0) {
				fputs("\\ufffd", f);
				i++;
			} else {
				fwrite(s + i, 1, len, f);
				i += len;
			}
		}
	}
	putc('"', f);
}

static void indent(struct pd_json *j)
{
	if (!j->pretty)
		return;
	putc('\n', j->f);
	for (int i = 0; i < j->depth; i++)
		fputs("  ", j->f);
}

/* Separator, indentation and "key": before a value. */
static void member(struct pd_json *j, const char *key)
{
	if (j->depth > 0) {
		if (j->count[j->depth - 1])
			putc(',', j->f);
		if (j->count[j->depth - 1] < 255)
			j->count[j->depth - 1]++;
		indent(j);
	}
	if (key) {
		pd_json_write_string(j->f, key, strlen(key));
		fputs(j->pretty ? ": " : ":", j->f);
	}
}

static void open_(struct pd_json *j, const char *key, char c)
{
	member(j, key);
	putc(c, j->f);
	if (j->depth < PD_JSON_MAXDEPTH)
		j->count[j->depth] = 0;
	j->depth++;
}

static void close_(struct pd_json *j, char c)
{
	int had = j->depth > 0 && j->depth <= PD_JSON_MAXDEPTH && j->count[j->depth - 1];
	j->depth--;
	if (had)
		indent(j);
	putc(c, j->f);
}

void pd_json_object_begin(struct pd_json *j, const char *key) { open_(j, key, '{'); }

void pd_json_object_end(struct pd_json *j) { close_(j, '}'); }

void pd_json_array_begin(struct pd_json *j, const char *key) { open_(j, key, '['); }

void pd_json_array_end(struct pd_json *j) { close_(j, ']'); }

void pd_json_string_n(struct pd_json *j, const char *key, const char *s, size_t n)
{
	member(j, key);
	pd_json_write_string(j->f, s, n);
}

void pd_json_string(struct pd_json *j, const char *key, const char *s)
{
	if (!s) {
		pd_json_null(j, key);
		return;
	}
	pd_json_string_n(j, key, s, strlen(s));
}

void pd_json_int(struct pd_json *j, const char *key, long long v)
{
	member(j, key);
	fprintf(j->f, "%lld", v);
}

void pd_json_uint(struct pd_json *j, const char *key, unsigned long long v)
{
	member(j, key);
	fprintf(j->f, "%llu", v);
}

void pd_json_double(struct pd_json *j, const char *key, double v, int decimals)
{
	if (!isfinite(v)) {
		pd_json_null(j, key);
		return;
	}
	member(j, key);
	fprintf(j->f, "%.*f", decimals, v);
}

void pd_json_bool(struct pd_json *j, const char *key, int v)
{
	member(j, key);
	fputs(v ? "true" : "false", j->f);
}

void pd_json_null(struct pd_json *j, const char *key)
{
	member(j, key);
	fputs("null", j->f);
}

int pd_json_finish(struct pd_json *j)
{
	putc('\n', j->f);
	if (fflush(j->f) != 0 || ferror(j->f))
		return -1;
	return 0;
}
