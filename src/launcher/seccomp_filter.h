/*
 * seccomp_filter.h - SystemCallFilter= semantics (seccomp_policy.c), the
 * BPF compiler and child loader (seccomp.c) and the notification listener
 * (seccomp_notify.c). Internal to the sandbox modules.
 */
#ifndef PD_SECCOMP_FILTER_H
#define PD_SECCOMP_FILTER_H

#include <stddef.h>
#include <stdint.h>

#include "launcher/directive.h"

enum pd_sc_mode {
	PD_SC_MODE_NONE,  /* no SystemCallFilter=: only paddock's fixed rules */
	PD_SC_MODE_ALLOW, /* allowlist: everything else is denied */
	PD_SC_MODE_DENY,  /* denylist: only the listed calls are denied */
};

#define PD_SC_ACT_DEFAULT (-2) /* SystemCallErrorNumber= decides */
#define PD_SC_ACT_KILL	  (-1)

/* One resolved rule: native syscall NR; in a denylist ACTION is
 * PD_SC_ACT_DEFAULT, PD_SC_ACT_KILL or an errno; in an allowlist unused. */
struct pd_sc_rule {
	int nr;
	int action;
};

struct pd_sc_policy {
	enum pd_sc_mode mode;
	struct pd_sc_rule *rules; /* sorted by nr, unique */
	size_t n, cap;
};

/*
 * Check one SystemCallFilter= value (syntax, names, groups, ":errno").
 * Returns 0 (maybe with a warning in D) or -1 with the reason in D.
 */
int pd_sc_filter_check(const char *value, struct pd_diag *d);

/* Resolve the ordered assignments into POL (systemd's merge rules: the
 * first assignment fixes the mode, later ones add or remove). The values
 * were checked when set, so this cannot fail except on allocation (dies). */
void pd_sc_policy_build(char *const *assign, size_t n, struct pd_sc_policy *pol);
void pd_sc_policy_free(struct pd_sc_policy *pol);
/* The rule for NR, or NULL. */
const struct pd_sc_rule *pd_sc_policy_find(const struct pd_sc_policy *pol, int nr);
/* Whether the policy lets native system call NR through (listed in an
 * allowlist, absent from a denylist, or no list at all). */
int pd_sc_policy_allows(const struct pd_sc_policy *pol, int nr);

/* An errno name ("EPERM") or number (1-4095); -1 if neither. */
int pd_errno_parse(const char *s);
/* "EPERM" for 1, or the number as text into BUF. */
const char *pd_errno_name(int e, char *buf, size_t n);

/* Architectures (SystemCallArchitectures=): bit set of these. */
enum {
	PD_ARCH_NATIVE = 1u << 0, /* x86-64 here */
	PD_ARCH_X86 = 1u << 1,	  /* i386, int 0x80 */
	PD_ARCH_X32 = 1u << 2,
};
/* Parse one arch name ("native", "x86-64", "x86", "x32"); 0 if unknown. */
unsigned pd_sc_arch_parse(const char *s);

/* A compiled filter, ready for the child. */
struct pd_bpf {
	void *insns; /* struct sock_filter[len] */
	unsigned short len;
	int notify; /* built for SECCOMP_RET_USER_NOTIF */
};

/*
 * Compile POL into BPF. DEFAULT_ACT is SystemCallErrorNumber= (errno or
 * PD_SC_ACT_KILL); ARCHS the allowed architectures; NOTIFY makes every deny
 * a user notification the parent answers. Returns 0, or -1 with a reason in
 * D. Also denies ioctl TIOCSTI/TIOCLINUX and x32 calls (see seccomp.c).
 */
int pd_seccomp_compile(const struct pd_sc_policy *pol, int default_act, unsigned archs, int notify,
		       struct pd_bpf *out, struct pd_diag *d);
/* Whether this kernel and libseccomp support user notification here. */
int pd_seccomp_notify_available(void);
/* Child: load BPF; with notify, returns the listener fd (>= 0). -errno on
 * failure. Async-signal-safe. */
int pd_seccomp_load(const struct pd_bpf *bpf);

/* What the parent answers to a denied call (the notification's data). */
struct pd_sc_verdict {
	int action; /* errno, or PD_SC_ACT_KILL */
	char name[32];
	int nr;
};
void pd_sc_judge(const struct pd_sc_policy *pol, int default_act, uint32_t arch, int nr,
		 uint64_t arg0, uint64_t arg1, struct pd_sc_verdict *v);

#endif
