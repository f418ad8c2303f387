/*
 * profile_parse.c - systemd.syntax(7) line handling for profiles: blanks,
 * '#'/';' comments, backslash continuation, [Section] and Key=Value, with
 * every byte checked (NUL, control characters, UTF-8). See docs/profiles.md.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "launcher/profile.h"
#include "launcher/profile_parse.h"

struct lexer {
	const struct pd_lex_ops *ops;
	void *arg;
	char *buf; /* the logical line being assembled, PD_PROFILE_MAX_LINE + 1 */
	size_t len;
	unsigned start_line;
	int bad;      /* a byte error was already reported for this logical line */
	int too_long; /* the logical line outgrew buf */
	unsigned events;
};

static void lex_error(struct lexer *lx, unsigned line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void lex_error(struct lexer *lx, unsigned line, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	lx->ops->error(lx->arg, line, msg);
}

static int is_blank(char c) { return c == ' ' || c == '\t'; }

/*
 * Check one physical line: no NUL, no control character but TAB, valid
 * UTF-8 (no overlong forms, surrogates or code points past U+10FFFF).
 * Returns NULL, or what is wrong with *COL set to the 1-based column.
 */
static const char *check_bytes(const unsigned char *s, size_t n, size_t *col)
{
	size_t i = 0;

	while (i < n) {
		unsigned c, cp, min;
		size_t need;

		/* fast path: printable ASCII and TAB, almost every byte */
		while (i < n && ((s[i] >= 0x20 && s[i] < 0x7f) || s[i] == '\t'))
			i++;
		if (i == n)
			break;
		c = s[i];
		*col = i + 1;
		if (c == 0)
			return "NUL byte";
		if (c < 0x80)
			return "control character";
		if (c >= 0xc2 && c <= 0xdf)
			need = 1, cp = c & 0x1f, min = 0x80;
		else if ((c & 0xf0) == 0xe0)
			need = 2, cp = c & 0x0f, min = 0x800;
		else if (c >= 0xf0 && c <= 0xf4)
			need = 3, cp = c & 0x07, min = 0x10000;
		else
			return "invalid UTF-8";
		if (n - i - 1 < need)
			return "invalid UTF-8";
		for (size_t k = 1; k <= need; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return "invalid UTF-8";
			cp = cp << 6 | (s[i + k] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return "invalid UTF-8";
		i += need + 1;
	}
	return NULL;
}

static int valid_key(const char *k)
{
	for (; *k; k++)
		if (!((*k >= 'A' && *k <= 'Z') || (*k >= 'a' && *k <= 'z') ||
		      (*k >= '0' && *k <= '9') || *k == '_' || *k == '-'))
			return 0;
	return 1;
}

/* Strip blanks at both ends in place; returns the new start. */
static char *strip(char *s)
{
	size_t n;

	while (is_blank(*s))
		s++;
	n = strlen(s);
	while (n > 0 && is_blank(s[n - 1]))
		s[--n] = '\0';
	return s;
}

static void parse_section(struct lexer *lx, char *s, unsigned line)
{
	size_t n = strlen(s);
	char *name;

	if (n < 2 || s[n - 1] != ']') {
		lex_error(lx, line, "malformed section header (expected [Name])");
		return;
	}
	s[n - 1] = '\0';
	name = s + 1;
	if (!*name || strpbrk(name, "[] \t")) {
		lex_error(lx, line, "malformed section header (expected [Name])");
		return;
	}
	lx->events++;
	lx->ops->section(lx->arg, line, name);
}

static void parse_logical(struct lexer *lx)
{
	char *s, *eq, *key;
	unsigned line = lx->start_line;

	lx->buf[lx->len] = '\0';
	s = strip(lx->buf);
	if (!*s || *s == '#' || *s == ';')
		return;
	if (*s == '[') {
		parse_section(lx, s, line);
		return;
	}
	eq = strchr(s, '=');
	if (!eq) {
		lex_error(lx, line, "'%.40s%s': expected Key=Value or [Section]", s,
			  strlen(s) > 40 ? "..." : "");
		return;
	}
	*eq = '\0';
	key = strip(s);
	if (!*key) {
		lex_error(lx, line, "missing directive name before '='");
		return;
	}
	if (!valid_key(key)) {
		lex_error(lx, line, "'%.40s': invalid directive name", key);
		return;
	}
	lx->events++;
	lx->ops->assign(lx->arg, line, key, strip(eq + 1));
}

static void finish_logical(struct lexer *lx)
{
	if (lx->too_long && !lx->bad)
		lex_error(lx, lx->start_line, "line longer than %d bytes", PD_PROFILE_MAX_LINE);
	else if (!lx->bad)
		parse_logical(lx);
	lx->len = 0;
	lx->bad = lx->too_long = 0;
}

static void append(struct lexer *lx, const char *s, size_t n)
{
	if (lx->too_long || n > PD_PROFILE_MAX_LINE - lx->len) {
		lx->too_long = 1;
		return;
	}
	memcpy(lx->buf + lx->len, s, n);
	lx->len += n;
}

/* A physical line is a comment when its first non-blank is '#' or ';'. */
static int is_comment(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && is_blank(s[i]))
		i++;
	return i < n && (s[i] == '#' || s[i] == ';');
}

/* The last non-blank byte is a backslash (the line may continue). */
static int ends_in_backslash(const char *s, size_t n)
{
	while (n > 0 && is_blank(s[n - 1]))
		n--;
	return n > 0 && s[n - 1] == '\\';
}

unsigned pd_profile_lex(const char *data, size_t len, const struct pd_lex_ops *ops, void *arg)
{
	struct lexer lx = {.ops = ops, .arg = arg};
	int continuing = 0;
	unsigned lineno = 0;
	size_t pos = 0;

	/* not zeroed: only the first lx.len bytes are ever read */
	lx.buf = pd_realloc_or_die(NULL, PD_PROFILE_MAX_LINE + 1);
	/* A UTF-8 byte order mark is not part of the first line (systemd skips it too). */
	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
		pos = 3;
	while (pos < len) {
		const char *phys = data + pos, *nl = memchr(phys, '\n', len - pos);
		size_t plen = nl ? (size_t)(nl - phys) : len - pos, col, trail = 0;
		const char *why;

		pos += plen + (nl ? 1 : 0);
		lineno++;
		if (plen > 0 && phys[plen - 1] == '\r')
			plen--; /* CRLF files */
		why = check_bytes((const unsigned char *)phys, plen, &col);
		/* systemd ignores comment lines inside a continuation. */
		if (continuing && !why && is_comment(phys, plen))
			continue;
		/* fast path: a whole comment line (one not ending in a backslash,
		 * which would join the next line to the comment) */
		if (!continuing && !why && is_comment(phys, plen) && !ends_in_backslash(phys, plen))
			continue;
		if (!continuing)
			lx.start_line = lineno;
		if (why && !lx.bad) {
			lex_error(&lx, lineno, "%s at column %zu", why, col);
			lx.bad = 1;
		}
		while (plen > 0 && is_blank(phys[plen - 1]))
			plen--;
		while (trail < plen && phys[plen - 1 - trail] == '\\')
			trail++;
		while (plen > 0 && is_blank(*phys) && continuing)
			phys++, plen--;
		if (trail % 2 == 1) {
			/* an odd run of trailing backslashes: the last one joins lines */
			append(&lx, phys, plen - 1);
			append(&lx, " ", 1);
			continuing = 1;
			continue;
		}
		append(&lx, phys, plen);
		continuing = 0;
		finish_logical(&lx);
	}
	if (continuing)
		finish_logical(&lx); /* a backslash on the last line joins nothing */
	free(lx.buf);
	return lx.events;
}
