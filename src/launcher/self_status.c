/*
 * self_status.c - SigIgn: and CapBnd: from /proc/self/status (proc(5)).
 * One read replaces a system call per signal and per capability in the
 * child: execve() already resets caught signals, so only the inherited
 * ignored ones need resetting, and only capabilities still in the bounding
 * set need dropping.
 */
#include <stdlib.h>
#include <string.h>

#include "common/readtext.h"
#include "launcher/self_status.h"

/* The hexadecimal mask after "\nNAME:\t", or all ones. */
static uint64_t mask_field(const char *text, const char *name)
{
	size_t n = strlen(name);
	for (const char *p = text; (p = strstr(p, name)) != NULL; p += n) {
		if (p != text && p[-1] != '\n')
			continue;
		const char *v = p + n;
		v += strspn(v, " \t");
		char *end;
		uint64_t m = strtoull(v, &end, 16);
		/* Only a whole line counts: a read cut short must not turn a
		 * truncated mask into a smaller one. */
		if (end == v || *end != '\n')
			break;
		return m;
	}
	return UINT64_MAX;
}

void pd_self_status_parse(const char *text, struct pd_self_status *st)
{
	st->sig_ignored = mask_field(text, "SigIgn:");
	st->cap_bounding = mask_field(text, "CapBnd:");
}

const struct pd_self_status *pd_self_status(void)
{
	static struct pd_self_status st;
	static int done;
	if (done)
		return &st;
	done = 1;
	char buf[4096];
	pd_read_text("/proc/self/status", buf, sizeof(buf)); /* "" on failure */
	pd_self_status_parse(buf, &st);
	return &st;
}
