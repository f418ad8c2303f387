/*
 * self_status.h - what the launcher needs to know about its own process
 * from /proc/self/status, read once: the signals it inherited as ignored
 * and its capability bounding set. The child uses both to skip work it
 * would otherwise do blind, one system call per signal or capability.
 */
#ifndef PD_SELF_STATUS_H
#define PD_SELF_STATUS_H

#include <stdint.h>

struct pd_self_status {
	uint64_t sig_ignored;  /* bit N-1: signal N is SIG_IGN (SigIgn:) */
	uint64_t cap_bounding; /* bit N: capability N is in the bounding set (CapBnd:) */
};

/* The values, read on first use and cached. When /proc is not mounted or a
 * field is missing, that field is all ones: every signal is reset and every
 * capability is dropped, as if nothing were known. */
const struct pd_self_status *pd_self_status(void);

/* Parse the text of a status file into ST (exposed for the unit tests).
 * Fields not found are set to all ones. */
void pd_self_status_parse(const char *text, struct pd_self_status *st);

#endif
