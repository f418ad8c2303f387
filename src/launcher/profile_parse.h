/*
 * profile_parse.h - the lexical layer of profiles: systemd.syntax(7) lines
 * ([Section], Key=Value, comments, continuation) turned into events. It
 * knows no section or directive names; profile.c gives them meaning.
 */
#ifndef PD_PROFILE_PARSE_H
#define PD_PROFILE_PARSE_H

#include <stddef.h>

struct pd_lex_ops {
	/* "[NAME]" on logical line LINE (NAME is non-empty, printable). */
	void (*section)(void *arg, unsigned line, const char *name);
	/* "KEY=VALUE"; KEY is [A-Za-z0-9_-]+, both are stripped of blanks,
	 * valid UTF-8 without control characters. VALUE may be empty. */
	void (*assign)(void *arg, unsigned line, const char *key, const char *value);
	/* A lexical error; the offending logical line is dropped. */
	void (*error)(void *arg, unsigned line, const char *msg);
};

/*
 * Split DATA (LEN bytes, any content) into events, in order. Never stops
 * early: every bad line is reported and skipped. Lines longer than
 * PD_PROFILE_MAX_LINE are errors. A logical line is reported with the
 * number of its first physical line. Returns the number of section and
 * assignment events (0: the text holds nothing but blanks and comments).
 */
unsigned pd_profile_lex(const char *data, size_t len, const struct pd_lex_ops *ops, void *arg);

#endif
