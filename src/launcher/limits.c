/*
 * limits.c - the Limit*= directives (setrlimit(2) values, systemd.exec(5)
 * syntax "N" or "SOFT:HARD") and RuntimeMaxSec= (paddock's wall clock).
 * LimitRSS= is set but the kernel ignores it; the sampler enforces it.
 */
#include <linux/capability.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "common/parse.h"
#include "launcher/config.h"

enum value_kind { SIZE, COUNT, SECONDS };

static const struct {
	const char *name;
	int resource;
	enum value_kind kind;
	const char *unit;
} rl_info[PD_RL_COUNT] = {
    [PD_RL_AS] = {"AS", RLIMIT_AS, SIZE, "bytes"},
    [PD_RL_DATA] = {"DATA", RLIMIT_DATA, SIZE, "bytes"},
    [PD_RL_STACK] = {"STACK", RLIMIT_STACK, SIZE, "bytes"},
    [PD_RL_CORE] = {"CORE", RLIMIT_CORE, SIZE, "bytes"},
    [PD_RL_CPU] = {"CPU", RLIMIT_CPU, SECONDS, "seconds"},
    [PD_RL_NPROC] = {"NPROC", RLIMIT_NPROC, COUNT, "count"},
    [PD_RL_MEMLOCK] = {"MEMLOCK", RLIMIT_MEMLOCK, SIZE, "bytes"},
    [PD_RL_FSIZE] = {"FSIZE", RLIMIT_FSIZE, SIZE, "bytes"},
    [PD_RL_NOFILE] = {"NOFILE", RLIMIT_NOFILE, COUNT, "count"},
    [PD_RL_RSS] = {"RSS", RLIMIT_RSS, SIZE, "bytes"},
};

const char *pd_rl_name(enum pd_rl r) { return rl_info[r].name; }

int pd_rl_resource(enum pd_rl r) { return rl_info[r].resource; }

const char *pd_rl_unit(enum pd_rl r) { return rl_info[r].unit; }

void pd_limits_init(struct pd_limits *l) { memset(l, 0, sizeof(*l)); }

/* Whether this process may raise a hard limit (capable(CAP_SYS_RESOURCE)).
 * A raw capget: only the capabilities module links libcap's header. */
static int have_cap_sys_resource(void)
{
	struct __user_cap_header_struct hdr = {.version = _LINUX_CAPABILITY_VERSION_3, .pid = 0};
	struct __user_cap_data_struct data[2];
	if (syscall(SYS_capget, &hdr, data) != 0)
		return 0;
	return (data[CAP_SYS_RESOURCE / 32].effective >> (CAP_SYS_RESOURCE % 32)) & 1;
}

static int parse_one(enum value_kind kind, const char *s, int quote, rlim_t *out,
		     struct pd_diag *diag)
{
	const char *why = NULL;
	uint64_t v;
	int rc;

	switch (kind) {
	case SIZE:
		rc = pd_parse_size(s, &v, &why);
		break;
	case COUNT:
		rc = pd_parse_count(s, &v, &why);
		break;
	default:
		rc = pd_parse_timespan(s, &v, &why);
		/* LimitCPU= rounds up to whole seconds, as systemd does */
		if (rc == 0 && v != PD_INFINITY)
			v = v / 1000000 + (v % 1000000 != 0);
		break;
	}
	if (rc < 0) {
		if (quote)
			pd_diag_set(diag, "'%s': %s", s, why);
		else
			pd_diag_set(diag, "%s", why);
		return -1;
	}
	*out = v == PD_INFINITY ? RLIM_INFINITY : (rlim_t)v;
	return 0;
}

static void fmt_rlim(enum value_kind kind, rlim_t v, char *buf, unsigned n)
{
	if (v == RLIM_INFINITY)
		snprintf(buf, n, "infinity");
	else if (kind == SIZE)
		pd_fmt_size(v, buf, n);
	else
		snprintf(buf, n, "%llu", (unsigned long long)v);
}

static int set_limit(enum pd_rl r, struct pd_config *cfg, const char *value, struct pd_diag *diag)
{
	enum value_kind kind = rl_info[r].kind;
	rlim_t soft, hard;
	char tmp[256];
	const char *colon = strchr(value, ':');

	if (!*value) {
		/* An empty assignment resets to "inherit paddock's limit". */
		cfg->limits.rl[r].set = 0;
		return 0;
	}
	if (colon) {
		size_t n = (size_t)(colon - value);
		if (n >= sizeof(tmp)) {
			pd_diag_set(diag, "value is too long");
			return -1;
		}
		memcpy(tmp, value, n);
		tmp[n] = '\0';
		if (parse_one(kind, tmp, 1, &soft, diag) < 0 ||
		    parse_one(kind, colon + 1, 1, &hard, diag) < 0)
			return -1;
	} else {
		if (parse_one(kind, value, 0, &soft, diag) < 0)
			return -1;
		hard = soft;
	}
	if (soft > hard) {
		char a[32], b[32];
		fmt_rlim(kind, soft, a, sizeof(a));
		fmt_rlim(kind, hard, b, sizeof(b));
		pd_diag_set(diag, "soft limit %s is above the hard limit %s", a, b);
		return -1;
	}
	struct rlimit cur;
	if (getrlimit(rl_info[r].resource, &cur) == 0 && hard != RLIM_INFINITY &&
	    cur.rlim_max != RLIM_INFINITY && hard > cur.rlim_max && !have_cap_sys_resource()) {
		char a[32], b[32];
		fmt_rlim(kind, hard, a, sizeof(a));
		fmt_rlim(kind, cur.rlim_max, b, sizeof(b));
		pd_diag_set(
		    diag,
		    "hard limit %s is above paddock's current hard limit %s, and raising it "
		    "needs CAP_SYS_RESOURCE, which paddock lacks",
		    a, b);
		return -1;
	} else if (hard == RLIM_INFINITY && cur.rlim_max != RLIM_INFINITY &&
		   !have_cap_sys_resource()) {
		char b[32];
		fmt_rlim(kind, cur.rlim_max, b, sizeof(b));
		pd_diag_set(diag,
			    "hard limit infinity is above paddock's current hard limit %s, and "
			    "raising it needs CAP_SYS_RESOURCE, which paddock lacks",
			    b);
		return -1;
	}
	cfg->limits.rl[r].set = 1;
	cfg->limits.rl[r].soft = soft;
	cfg->limits.rl[r].hard = hard;
	return 0;
}

static void format_limit(enum pd_rl r, const struct pd_config *cfg, struct pd_buf *out)
{
	enum value_kind kind = rl_info[r].kind;
	struct pd_rlimit_setting s = cfg->limits.rl[r];
	char a[32], b[32];

	if (!s.set) {
		/* not set: the effective value is paddock's own, inherited */
		struct rlimit cur;
		if (getrlimit(rl_info[r].resource, &cur) != 0)
			return;
		s.soft = cur.rlim_cur;
		s.hard = cur.rlim_max;
	}
	fmt_rlim(kind, s.soft, a, sizeof(a));
	fmt_rlim(kind, s.hard, b, sizeof(b));
	if (s.soft == s.hard)
		pd_buf_puts(out, a);
	else
		pd_buf_printf(out, "%s:%s", a, b);
}

static int set_runtime_max(struct pd_config *cfg, const char *value, struct pd_diag *diag)
{
	uint64_t usec;
	const char *why = NULL;
	if (!*value) {
		cfg->limits.runtime_max_usec = 0;
		return 0;
	}
	if (pd_parse_timespan(value, &usec, &why) < 0) {
		pd_diag_set(diag, "%s", why);
		return -1;
	}
	cfg->limits.runtime_max_usec = usec == PD_INFINITY ? 0 : usec;
	return 0;
}

static void format_runtime_max(const struct pd_config *cfg, struct pd_buf *out)
{
	char buf[64];
	uint64_t v = cfg->limits.runtime_max_usec;
	pd_buf_puts(out, pd_fmt_timespan(v ? v : PD_INFINITY, buf, sizeof(buf)));
}

/* One set/format pair per resource: the table needs plain function pointers. */
#define LIMIT_FNS(R)                                                                               \
	static int set_##R(struct pd_config *cfg, const char *v, struct pd_diag *d)                \
	{                                                                                          \
		return set_limit(PD_RL_##R, cfg, v, d);                                            \
	}                                                                                          \
	static void format_##R(const struct pd_config *cfg, struct pd_buf *out)                    \
	{                                                                                          \
		format_limit(PD_RL_##R, cfg, out);                                                 \
	}
LIMIT_FNS(AS)
LIMIT_FNS(DATA)
LIMIT_FNS(STACK)
LIMIT_FNS(CORE)
LIMIT_FNS(CPU)
LIMIT_FNS(NPROC)
LIMIT_FNS(MEMLOCK)
LIMIT_FNS(FSIZE)
LIMIT_FNS(NOFILE)
LIMIT_FNS(RSS)

#define LIMIT_ENTRY(R, help)                                                                       \
	{                                                                                          \
		"Service", "Limit" #R, 0, set_##R, format_##R, help                                \
	}

const struct pd_directive pd_limit_directives[] = {
    LIMIT_ENTRY(AS, "address space, bytes (RLIMIT_AS)"),
    LIMIT_ENTRY(DATA, "data segment, bytes (RLIMIT_DATA)"),
    LIMIT_ENTRY(STACK, "stack size, bytes (RLIMIT_STACK)"),
    LIMIT_ENTRY(CORE, "core file size, bytes (RLIMIT_CORE)"),
    LIMIT_ENTRY(CPU, "CPU time per process, time span rounded up to seconds (RLIMIT_CPU)"),
    LIMIT_ENTRY(NPROC, "processes of the real user id (RLIMIT_NPROC; not enforced for root)"),
    LIMIT_ENTRY(MEMLOCK, "locked memory, bytes (RLIMIT_MEMLOCK)"),
    LIMIT_ENTRY(FSIZE, "largest file written, bytes (RLIMIT_FSIZE)"),
    LIMIT_ENTRY(NOFILE, "open file descriptors (RLIMIT_NOFILE)"),
    LIMIT_ENTRY(RSS, "tree-wide resident memory, bytes; enforced by paddock's sampler"),
    {"Service", "RuntimeMaxSec", 0, set_runtime_max, format_runtime_max,
     "wall-clock limit, time span; the tree is killed when it expires"},
    {.name = NULL},
};
