/*
 * seccomp.c - the only file that includes <seccomp.h>. Names and numbers of
 * system calls, and the compiler that turns a resolved SystemCallFilter=
 * policy into one BPF program in the parent, before fork(); the child only
 * loads it with the raw seccomp(2) call. See docs/security.md.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "common/err.h"
#include "launcher/seccomp_filter.h"
#include "launcher/seccomp_names.h"

#define X32_BIT	      0x40000000u
#define TIOCSTI_CMD   0x5412u
#define TIOCLINUX_CMD 0x541Cu

#if !defined(__x86_64__)
#error "paddock's seccomp prologue is written for x86-64"
#endif

/* x86-64 calls newer than the installed libseccomp's table (kernel
 * arch/x86/entry/syscalls/syscall_64.tbl). Used only when libseccomp
 * does not resolve the name itself. */
static const struct {
	const char *name;
	int nr;
} newer_calls[] = {
    {"uretprobe", 335},		{"futex_wait", 455},	   {"futex_requeue", 456},
    {"statmount", 457},		{"listmount", 458},	   {"lsm_get_self_attr", 459},
    {"lsm_set_self_attr", 460}, {"lsm_list_modules", 461}, {"mseal", 462},
    {"setxattrat", 463},	{"getxattrat", 464},	   {"listxattrat", 465},
    {"removexattrat", 466},	{"open_tree_attr", 467},   {"file_getattr", 468},
    {"file_setattr", 469},
};
#define N_NEWER (sizeof(newer_calls) / sizeof(newer_calls[0]))
#define MAX_NR	1024

int pd_seccomp_resolve(const char *name)
{
	int nr = seccomp_syscall_resolve_name(name);
	if (nr >= 0)
		return nr;
	if (nr != __NR_SCMP_ERROR)
		return PD_SC_OTHER_ARCH; /* libseccomp's pseudo number */
	for (size_t i = 0; i < N_NEWER; i++)
		if (strcmp(newer_calls[i].name, name) == 0)
			return newer_calls[i].nr;
	return PD_SC_UNKNOWN;
}

void pd_seccomp_foreach_known(void (*fn)(const char *name, void *arg), void *arg)
{
	for (int nr = 0; nr < MAX_NR; nr++) {
		char *n = seccomp_syscall_resolve_num_arch(SCMP_ARCH_NATIVE, nr);
		if (n) {
			fn(n, arg);
			free(n);
		}
	}
	for (size_t i = 0; i < N_NEWER; i++)
		if (seccomp_syscall_resolve_name(newer_calls[i].name) == __NR_SCMP_ERROR)
			fn(newer_calls[i].name, arg);
}

const char *pd_seccomp_arch_name(uint32_t audit_arch)
{
	switch (audit_arch) {
	case AUDIT_ARCH_X86_64:
		return "x86-64";
	case AUDIT_ARCH_I386:
		return "x86";
	default:
		return "unknown";
	}
}

const char *pd_seccomp_name(uint32_t audit_arch, int nr, char *buf, size_t n)
{
	uint32_t token = SCMP_ARCH_X86_64;
	if (audit_arch == AUDIT_ARCH_I386)
		token = SCMP_ARCH_X86;
	else if (audit_arch == AUDIT_ARCH_X86_64 && ((uint32_t)nr & X32_BIT))
		token = SCMP_ARCH_X32;
	else if (audit_arch != AUDIT_ARCH_X86_64) {
		snprintf(buf, n, "syscall_%d", nr);
		return buf;
	}
	char *s = seccomp_syscall_resolve_num_arch(token, nr);
	const char *pfx = token == SCMP_ARCH_X86 ? "x86:" : token == SCMP_ARCH_X32 ? "x32:" : "";
	if (!s && token == SCMP_ARCH_X86_64)
		for (size_t i = 0; i < N_NEWER; i++)
			if (newer_calls[i].nr == nr) {
				snprintf(buf, n, "%s", newer_calls[i].name);
				return buf;
			}
	if (s)
		snprintf(buf, n, "%s%s", pfx, s);
	else
		snprintf(buf, n, "%ssyscall_%d", pfx, (int)((uint32_t)nr & ~X32_BIT));
	free(s);
	return buf;
}

int pd_seccomp_notify_available(void)
{
	static int cached = -1;
	if (cached >= 0)
		return cached;
	uint32_t action = SECCOMP_RET_USER_NOTIF;
	/* A second listener in one filter chain is refused (EBUSY), so when
	 * paddock itself runs under seccomp it falls back to plain actions. */
	cached = seccomp_api_get() >= 6 && prctl(PR_GET_SECCOMP, 0, 0, 0, 0) == 0 &&
		 syscall(SYS_seccomp, SECCOMP_GET_ACTION_AVAIL, 0, &action) == 0;
	return cached;
}

/* --- the prologue ------------------------------------------------------ */

/* A tiny assembler with forward labels for the hand-written prologue that
 * runs before libseccomp's program: it denies x32 calls (same AUDIT_ARCH as
 * x86-64, told apart only by X32_BIT, which libseccomp 2.5 does not check
 * when only x86-64 is in the filter) and ioctl TIOCSTI/TIOCLINUX on the
 * command's argument (CVE-2017-5226). Its own rules are few and fixed. */
enum { L_END, L_DENY, L_IOCTL, L_CHECK, L_I386, L_CLONE, L_ENOSYS, L_COUNT };
#define NO_LABEL (-1)

struct asm_insn {
	struct sock_filter f;
	int jt, jf; /* label or NO_LABEL (fall through) */
};

struct assembler {
	struct asm_insn insn[40];
	int n;
	int label[L_COUNT];
};

static void emit(struct assembler *a, uint16_t code, uint32_t k, int jt, int jf)
{
	a->insn[a->n++] = (struct asm_insn){{code, 0, 0, k}, jt, jf};
}

static void mark(struct assembler *a, int label) { a->label[label] = a->n; }

static int resolve_jump(const struct assembler *a, int i, int label)
{
	return label == NO_LABEL ? 0 : a->label[label] - (i + 1);
}

#define LD_W(off)   (BPF_LD | BPF_W | BPF_ABS), (off)
#define OFF_NR	    offsetof(struct seccomp_data, nr)
#define OFF_ARCH    offsetof(struct seccomp_data, arch)
#define OFF_ARG0_LO offsetof(struct seccomp_data, args) /* little endian */
#define OFF_ARG1_LO (offsetof(struct seccomp_data, args) + 8)
#define JEQ	    (BPF_JMP | BPF_JEQ | BPF_K)
#define JGE	    (BPF_JMP | BPF_JGE | BPF_K)

/* CLONE_NEWNS|NEWCGROUP|NEWUTS|NEWIPC|NEWUSER|NEWPID|NEWNET in clone(2)'s
 * flags (args[0]); CLONE_NEWTIME exists only for unshare/clone3. */
#define CLONE_NS_FLAGS 0x7E020000u

static int build_prologue(struct assembler *a, unsigned archs, uint32_t deny, uint32_t ioctl_act,
			  int no_ns)
{
	memset(a, 0, sizeof(*a));
	emit(a, LD_W(OFF_ARCH), NO_LABEL, NO_LABEL);
	emit(a, JEQ, AUDIT_ARCH_X86_64, NO_LABEL, L_I386);
	emit(a, LD_W(OFF_NR), NO_LABEL, NO_LABEL);
	if (archs & PD_ARCH_X32) {
		emit(a, JEQ, X32_BIT | 514, L_CHECK, NO_LABEL); /* x32 ioctl */
		emit(a, JEQ, X32_BIT | 16, L_CHECK, NO_LABEL);
	} else {
		emit(a, JGE, X32_BIT, L_DENY, NO_LABEL);
	}
	if (no_ns) {
		emit(a, JEQ, 56 /* clone */, L_CLONE, NO_LABEL);
		emit(a, JEQ, 435 /* clone3 */, L_ENOSYS, NO_LABEL);
	}
	emit(a, JEQ, 16 /* ioctl */, L_CHECK, L_END);
	mark(a, L_I386);
	if (archs & PD_ARCH_X86) {
		emit(a, JEQ, AUDIT_ARCH_I386, NO_LABEL, L_END);
		emit(a, LD_W(OFF_NR), NO_LABEL, NO_LABEL);
		emit(a, JEQ, 54 /* ioctl */, L_CHECK, L_END);
	} else {
		emit(a, BPF_JMP | BPF_JA, 0, NO_LABEL, NO_LABEL); /* k patched below */
	}
	int ja = a->n - 1;
	mark(a, L_CHECK);
	emit(a, LD_W(OFF_ARG1_LO), NO_LABEL, NO_LABEL);
	emit(a, JEQ, TIOCSTI_CMD, L_IOCTL, NO_LABEL);
	emit(a, JEQ, TIOCLINUX_CMD, L_IOCTL, L_END);
	if (no_ns) {
		mark(a, L_CLONE);
		emit(a, LD_W(OFF_ARG0_LO), NO_LABEL, NO_LABEL);
		emit(a, BPF_JMP | BPF_JSET | BPF_K, CLONE_NS_FLAGS, L_DENY, L_END);
		mark(a, L_ENOSYS);
		emit(a, BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOSYS, NO_LABEL, NO_LABEL);
	}
	mark(a, L_DENY);
	emit(a, BPF_RET | BPF_K, deny, NO_LABEL, NO_LABEL);
	mark(a, L_IOCTL);
	emit(a, BPF_RET | BPF_K, ioctl_act, NO_LABEL, NO_LABEL);
	mark(a, L_END);
	if (!(archs & PD_ARCH_X86))
		a->insn[ja].f.k = (uint32_t)(a->label[L_END] - (ja + 1));
	for (int i = 0; i < a->n; i++) {
		if (BPF_CLASS(a->insn[i].f.code) != BPF_JMP || BPF_OP(a->insn[i].f.code) == BPF_JA)
			continue;
		a->insn[i].f.jt = (uint8_t)resolve_jump(a, i, a->insn[i].jt);
		a->insn[i].f.jf = (uint8_t)resolve_jump(a, i, a->insn[i].jf);
	}
	return a->n;
}

/* --- libseccomp -------------------------------------------------------- */

static uint32_t act_for(int act, int notify, int default_act)
{
	if (notify)
		return SCMP_ACT_NOTIFY;
	if (act == PD_SC_ACT_DEFAULT)
		act = default_act;
	return act == PD_SC_ACT_KILL ? SCMP_ACT_KILL_PROCESS : SCMP_ACT_ERRNO((uint32_t)act);
}

static int add_rules(scmp_filter_ctx ctx, const struct pd_sc_policy *pol, uint32_t deny, int notify,
		     int default_act)
{
	if (pol->mode == PD_SC_MODE_DENY) {
		for (size_t i = 0; i < pol->n; i++) {
			int r = seccomp_rule_add_exact(
			    ctx, act_for(pol->rules[i].action, notify, default_act),
			    pol->rules[i].nr, 0);
			if (r < 0 && r != -EDOM)
				return r;
		}
		return 0;
	}
	if (pol->mode != PD_SC_MODE_ALLOW)
		return 0;
	/* Allowlist: known calls that are not listed are denied; numbers no
	 * one knows fall to the default, ENOSYS, as systemd does, so that a
	 * C library can fall back from a call newer than the filter. */
	for (int nr = 0; nr < MAX_NR; nr++) {
		int listed = pd_sc_policy_find(pol, nr) != NULL;
		char *n = listed ? NULL : seccomp_syscall_resolve_num_arch(SCMP_ARCH_NATIVE, nr);
		int known = listed || n;
		for (size_t i = 0; !known && i < N_NEWER; i++)
			known = newer_calls[i].nr == nr;
		free(n);
		if (!known)
			continue;
		int r = seccomp_rule_add_exact(ctx, listed ? SCMP_ACT_ALLOW : deny, nr, 0);
		if (r < 0 && r != -EDOM)
			return r;
	}
	return 0;
}

/* Export CTX's BPF through a memfd (libseccomp 2.5 has no in-memory export). */
static int export_bpf(scmp_filter_ctx ctx, struct sock_filter **out, size_t *n)
{
	int fd = memfd_create("paddock-bpf", MFD_CLOEXEC);
	if (fd < 0)
		return -errno;
	int r = seccomp_export_bpf(ctx, fd);
	off_t size = r == 0 ? lseek(fd, 0, SEEK_END) : -1;
	if (r == 0 && (size <= 0 || size % (off_t)sizeof(struct sock_filter)))
		r = -EINVAL;
	if (r == 0) {
		*out = pd_alloc_or_die((size_t)size);
		if (pread(fd, *out, (size_t)size, 0) != size) {
			r = -EIO;
			free(*out);
		}
		*n = (size_t)size / sizeof(struct sock_filter);
	}
	close(fd);
	return r;
}

int pd_seccomp_compile(const struct pd_sc_policy *pol, int default_act, unsigned archs, int notify,
		       struct pd_bpf *out, struct pd_diag *d)
{
	uint32_t deny = act_for(PD_SC_ACT_DEFAULT, notify, default_act);
	uint32_t ioctl_act = notify ? SCMP_ACT_NOTIFY : SCMP_ACT_ERRNO(EPERM);
	memset(out, 0, sizeof(*out));
	scmp_filter_ctx ctx =
	    seccomp_init(pol->mode == PD_SC_MODE_ALLOW ? SCMP_ACT_ERRNO(ENOSYS) : SCMP_ACT_ALLOW);
	if (!ctx) {
		pd_diag_set(d, "seccomp_init failed");
		return -1;
	}
	int r = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, deny);
	if (r == 0)
		r = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0);
	if (r == 0) /* a binary tree over the syscall numbers, not a chain */
		r = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2);
	if (r == 0 && (archs & PD_ARCH_X86))
		r = seccomp_arch_add(ctx, SCMP_ARCH_X86);
	if (r == 0 && (archs & PD_ARCH_X32))
		r = seccomp_arch_add(ctx, SCMP_ARCH_X32);
	if (r == 0)
		r = add_rules(ctx, pol, deny, notify, default_act);
	struct sock_filter *body = NULL;
	size_t nbody = 0;
	if (r == 0)
		r = export_bpf(ctx, &body, &nbody);
	seccomp_release(ctx);
	if (r < 0) {
		pd_diag_set(d, "cannot compile the system call filter: %s", strerror(-r));
		return -1;
	}
	/* A policy that denies unshare(2) also denies the same namespaces
	 * through clone(2)'s flags; clone3(2) keeps its flags in memory a
	 * filter cannot read, so it gets ENOSYS and the C library falls back
	 * to clone(2). */
	int no_ns = !pd_sc_policy_allows(pol, pd_seccomp_resolve("unshare"));
	struct assembler a;
	int npro = build_prologue(&a, archs, deny, ioctl_act, no_ns);
	if (nbody + (size_t)npro > BPF_MAXINSNS) {
		free(body);
		pd_diag_set(d, "the system call filter is too large (%zu instructions)",
			    nbody + (size_t)npro);
		return -1;
	}
	struct sock_filter *prog = pd_alloc_or_die((nbody + (size_t)npro) * sizeof(*prog));
	for (int i = 0; i < npro; i++)
		prog[i] = a.insn[i].f;
	memcpy(prog + npro, body, nbody * sizeof(*prog));
	free(body);
	out->insns = prog;
	out->len = (unsigned short)(nbody + (size_t)npro);
	out->notify = notify;
	return 0;
}

int pd_seccomp_load(const struct pd_bpf *bpf)
{
	struct sock_fprog prog = {.len = bpf->len, .filter = bpf->insns};
	unsigned flags = bpf->notify ? SECCOMP_FILTER_FLAG_NEW_LISTENER : 0;
	long r = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, flags, &prog);
	return r < 0 ? -errno : (int)r;
}

void pd_sc_judge(const struct pd_sc_policy *pol, int default_act, uint32_t arch, int nr,
		 uint64_t arg0, uint64_t arg1, struct pd_sc_verdict *v)
{
	uint32_t unr = (uint32_t)nr;
	int is_ioctl = (arch == AUDIT_ARCH_X86_64 &&
			(unr == 16 || unr == (X32_BIT | 16) || unr == (X32_BIT | 514))) ||
		       (arch == AUDIT_ARCH_I386 && unr == 54);
	uint32_t cmd = (uint32_t)arg1;
	v->nr = nr;
	if (arch == AUDIT_ARCH_X86_64 && unr == 56 && (arg0 & CLONE_NS_FLAGS)) {
		v->action = default_act;
		snprintf(v->name, sizeof(v->name), "clone(CLONE_NEW*)");
		return;
	}
	if (is_ioctl && (cmd == TIOCSTI_CMD || cmd == TIOCLINUX_CMD)) {
		v->action = EPERM;
		snprintf(v->name, sizeof(v->name), "ioctl(%s)",
			 cmd == TIOCSTI_CMD ? "TIOCSTI" : "TIOCLINUX");
		return;
	}
	pd_seccomp_name(arch, nr, v->name, sizeof(v->name));
	v->action = default_act;
	if (arch == AUDIT_ARCH_X86_64 && !(unr & X32_BIT) && pol->mode == PD_SC_MODE_DENY) {
		const struct pd_sc_rule *r = pd_sc_policy_find(pol, nr);
		if (r && r->action != PD_SC_ACT_DEFAULT)
			v->action = r->action;
	}
}
