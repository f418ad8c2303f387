/*
 * caps.c - CapabilityBoundingSet=, AmbientCapabilities= and the capability
 * part of the child: the only file that includes <sys/capability.h>. Names
 * are parsed with libcap in the parent; the child applies the prepared
 * masks with raw prctl(2)/capset(2), which never allocate.
 */
#include <errno.h>
#include <linux/securebits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "launcher/caps.h"
#include "launcher/child.h"
#include "launcher/sandbox_plan.h"
#include "launcher/self_status.h"

static int last_cap(void)
{
	int n = (int)cap_max_bits();
	return n > 0 && n <= 64 ? n - 1 : CAP_LAST_CAP;
}

static uint64_t all_caps(void)
{
	int last = last_cap();
	return last >= 63 ? ~0ULL : (1ULL << (last + 1)) - 1;
}

int pd_caps_parse(const char *value, unsigned long long *mask, int *assigned, struct pd_diag *d)
{
	const char *p = value + strspn(value, " \t");
	if (!*p) { /* empty: reset to the empty set */
		*mask = 0;
		*assigned = 0;
		return 0;
	}
	int invert = *p == '~';
	if (invert)
		p++;
	uint64_t sum = 0;
	char tok[64];
	while (*(p += strspn(p, " \t"))) {
		size_t len = strcspn(p, " \t");
		if (len >= sizeof(tok)) {
			pd_diag_set(d, "unknown capability '%.*s'", (int)len, p);
			return -1;
		}
		memcpy(tok, p, len);
		tok[len] = '\0';
		p += len;
		cap_value_t c;
		if (cap_from_name(tok, &c) < 0 || c < 0 || c > last_cap()) {
			pd_diag_set(d,
				    "unknown capability '%s' (names look like CAP_NET_ADMIN; see "
				    "capabilities(7))",
				    tok);
			return -1;
		}
		sum |= 1ULL << c;
	}
	/* systemd: the first assignment sets the list, later ones add to it;
	 * '~' inverts (and later removes). */
	if (invert)
		*mask = (*assigned ? *mask : all_caps()) & ~sum;
	else
		*mask |= sum;
	*assigned = 1;
	return 0;
}

void pd_caps_format(unsigned long long mask, struct pd_buf *out)
{
	uint64_t all = all_caps();
	int first = 1;
	if ((mask & all) == all) {
		pd_buf_puts(out, "~");
		return;
	}
	for (int c = 0; c <= last_cap(); c++) {
		if (!(mask & (1ULL << c)))
			continue;
		char *name = cap_to_name(c);
		for (char *q = name; q && *q; q++)
			*q = (char)(*q >= 'a' && *q <= 'z' ? *q - 'a' + 'A' : *q);
		pd_buf_printf(out, "%s%s", first ? "" : " ", name ? name : "?");
		cap_free(name);
		first = 0;
	}
}

int pd_caps_prepare(const struct pd_sandbox *s, struct pd_sandbox_plan *p, struct pd_diag *d)
{
	p->last_cap = last_cap();
	/* An ambient capability must stay in the bounding set to survive. */
	p->ambient = s->cap_ambient & all_caps();
	p->bounding = (s->cap_bounding | p->ambient) & all_caps();
	p->no_new_privs = s->no_new_privs;
	p->is_root = geteuid() == 0;
	/* What the child inherits: paddock's own bounding set. */
	p->present = pd_self_status()->cap_bounding;
	if (p->ambient && geteuid() != 0) {
		pd_diag_set(d, "AmbientCapabilities= needs paddock to run as root");
		return -1;
	}
	return 0;
}

/* Before the identity change (which clears the effective set): dropping
 * from the bounding set needs CAP_SETPCAP. Without it (paddock not root
 * and no user namespace) there is nothing to drop: the process has no
 * capabilities, and no_new_privs stops setuid binaries from adding any. */
int pd_caps_drop_bounding(const struct pd_sandbox_plan *p, int *step)
{
	for (int c = 0; c <= p->last_cap; c++) {
		/* Kept, or already gone (e.g. under an outer paddock). */
		if ((p->bounding & (1ULL << c)) || !(p->present & (1ULL << c)))
			continue;
		if (prctl(PR_CAPBSET_DROP, c, 0, 0, 0) < 0) {
			if (errno == EINVAL || (errno == EPERM && !p->is_root))
				continue;
			*step = PD_STEP_CAPS;
			return -1;
		}
	}
	/* Keep the permitted set across setresuid only for ambient caps. */
	if (p->ambient && prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0) {
		*step = PD_STEP_CAPS;
		return -1;
	}
	return 0;
}

/* After the identity change: permitted, effective and inheritable become
 * the ambient set (usually empty), then the ambient set is raised. */
int pd_caps_apply(const struct pd_sandbox_plan *p, int *step)
{
	struct __user_cap_header_struct hdr = {_LINUX_CAPABILITY_VERSION_3, 0};
	struct __user_cap_data_struct data[2];
	memset(data, 0, sizeof(data));
	for (int i = 0; i < 2; i++) {
		uint32_t w = (uint32_t)(p->ambient >> (32 * i));
		data[i].effective = data[i].permitted = data[i].inheritable = w;
	}
	*step = PD_STEP_CAPS;
	if (syscall(SYS_capset, &hdr, data) < 0)
		return -1;
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 && errno != EINVAL)
		return -1;
	for (int c = 0; c <= p->last_cap; c++)
		if ((p->ambient & (1ULL << c)) &&
		    prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, c, 0, 0) < 0)
			return -1;
	if (p->ambient && prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0) < 0)
		return -1;
	*step = PD_STEP_NO_NEW_PRIVS;
	if (p->no_new_privs && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return -1;
	return 0;
}
