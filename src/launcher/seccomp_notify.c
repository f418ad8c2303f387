/*
 * seccomp_notify.c - seccomp user notification (SECCOMP_RET_USER_NOTIF):
 * a forked child hands its listener over through a shared futex word and
 * the parent takes it with pidfd_getfd(); a vfork child (spawn.c), whose
 * parent is suspended until it execs, sends it over a socket instead. The
 * parent answers every denied call from its event loop: with the errno
 * (the run goes on) or by killing the tree. Every descendant inherits the
 * filter, so every violation is seen.
 */
#include <errno.h>
#include <linux/futex.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "common/err.h"
#include "launcher/loop.h"
#include "launcher/run.h"
#include "launcher/sandbox_plan.h"

/* How long either side waits for the other during the hand-over. The
 * child reaches it within milliseconds; the cap only bounds a broken run. */
#define HANDOFF_TIMEOUT_MS 5000

static long futex(uint32_t *word, int op, uint32_t val, const struct timespec *ts)
{
	return syscall(SYS_futex, word, op, val, ts, NULL, 0);
}

/* The vfork child's hand-over: one sendmsg() with the listener attached
 * (SCM_RIGHTS). The filter allows sendmsg, or the child would have been
 * forked (pd_sandbox_vfork_ok). */
static int send_listener(int sock, int listener)
{
	char byte = 'L';
	struct iovec iov = {&byte, 1};
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(int))];
	} u;
	memset(&u, 0, sizeof(u));
	struct msghdr msg = {.msg_iov = &iov,
			     .msg_iovlen = 1,
			     .msg_control = u.buf,
			     .msg_controllen = sizeof(u.buf)};
	struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &listener, sizeof(int));
	ssize_t n;
	do
		n = sendmsg(sock, &msg, MSG_NOSIGNAL);
	while (n < 0 && errno == EINTR);
	return n == 1 ? 0 : -1;
}

/* Child, right after the filter is loaded. A forked child uses only futex,
 * getpid (both in @default, which no filter denies) and plain memory:
 * nothing the filter could send to a listener that is not yet watched.
 * Returns 0, or -1 with errno when the vfork hand-over failed. */
int pd_handoff_child(const struct pd_sandbox_plan *p, int listener)
{
	struct pd_handoff *h = p->handoff;
	if (h->sock >= 0)
		return send_listener(h->sock, listener);
	h->fd = listener;
	h->pid = (int)syscall(SYS_getpid);
	__atomic_store_n(&h->state, HANDOFF_POSTED, __ATOMIC_RELEASE);
	futex(&h->state, FUTEX_WAKE, 1, NULL);
	struct timespec ts = {0, 100 * 1000 * 1000};
	for (int i = 0; i < HANDOFF_TIMEOUT_MS / 100; i++) {
		if (__atomic_load_n(&h->state, __ATOMIC_ACQUIRE) != HANDOFF_POSTED)
			break;
		futex(&h->state, FUTEX_WAIT, HANDOFF_POSTED, &ts);
	}
	/* The listener is O_CLOEXEC: execve closes the child's copy. */
	return 0;
}

static void record(struct pd_sandbox_plan *p, const struct pd_sc_verdict *v, pid_t pid)
{
	for (size_t i = 0; i < p->n_viol; i++) {
		if (strcmp(p->viol[i].name, v->name) == 0) {
			p->viol[i].count++;
			return;
		}
	}
	p->viol = pd_realloc_or_die(p->viol, (p->n_viol + 1) * sizeof(*p->viol));
	struct pd_violation *x = &p->viol[p->n_viol++];
	memset(x, 0, sizeof(*x));
	snprintf(x->name, sizeof(x->name), "%s", v->name);
	x->nr = v->nr;
	x->pid = pid;
	x->count = 1;
	x->killed = v->action == PD_SC_ACT_KILL;
}

static void on_notify(struct pd_loop *loop, int fd, uint32_t events, void *arg)
{
	struct pd_sandbox_plan *p = arg;
	struct pollfd pfd = {fd, POLLIN, 0};
	/* Never block here: take a notification only when one is pending. */
	if (poll(&pfd, 1, 0) <= 0 || !(pfd.revents & POLLIN)) {
		if (pfd.revents & (POLLHUP | POLLERR | POLLNVAL))
			pd_loop_del_fd(loop, fd);
		return;
	}
	struct seccomp_notif req;
	memset(&req, 0, sizeof(req));
	if (ioctl(fd, SECCOMP_IOCTL_NOTIF_RECV, &req) < 0)
		return; /* ENOENT: the caller died meanwhile */
	struct pd_sc_verdict v;
	pd_sc_judge(&p->policy, p->default_act, req.data.arch, req.data.nr, req.data.args[0],
		    req.data.args[1], &v);
	record(p, &v, (pid_t)req.pid);
	if (v.action == PD_SC_ACT_KILL) {
		/* Not answered: SIGKILL ends the wait. The direct kill covers the
		 * caller even before the containment's kill lands. */
		kill((pid_t)req.pid, SIGKILL);
		if (!p->killed) {
			char note[160];
			p->killed = 1;
			snprintf(note, sizeof(note), "denied system call %s (%d) by pid %d", v.name,
				 v.nr, (int)req.pid);
			pd_run_kill(p->run, PD_V_SECCOMP_VIOLATION, note);
		}
		return;
	}
	struct seccomp_notif_resp resp;
	memset(&resp, 0, sizeof(resp));
	resp.id = req.id;
	resp.error = -v.action;
	ioctl(fd, SECCOMP_IOCTL_NOTIF_SEND, &resp); /* ENOENT: caller gone */
}

/* The pid (in our namespace) of the process that posted the hand-over:
 * the spawned child itself, or, under a pid-namespace init, its child. */
static int target_pidfd(const struct pd_run *run, const struct pd_handoff *h, int *own)
{
	*own = 0;
	if (h->pid == run->pid)
		return run->pidfd;
	char path[64], buf[64];
	snprintf(path, sizeof(path), "/proc/%d/task/%d/children", (int)run->pid, (int)run->pid);
	FILE *f = fopen(path, "re");
	if (!f)
		return -1;
	int pid = 0;
	if (!fgets(buf, sizeof(buf), f) || sscanf(buf, "%d", &pid) != 1)
		pid = 0;
	fclose(f);
	if (pid <= 0)
		return -1;
	*own = 1;
	return (int)syscall(SYS_pidfd_open, pid, 0);
}

/* The listener the vfork child sent, or -1 with errno: EAGAIN when it sent
 * nothing (it failed earlier, and the error pipe says why). */
static int recv_listener(int sock)
{
	char byte;
	struct iovec iov = {&byte, 1};
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(int))];
	} u;
	struct msghdr msg = {.msg_iov = &iov,
			     .msg_iovlen = 1,
			     .msg_control = u.buf,
			     .msg_controllen = sizeof(u.buf)};
	ssize_t n = recvmsg(sock, &msg, MSG_DONTWAIT | MSG_CMSG_CLOEXEC);
	if (n < 0)
		return -1;
	struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
	int fd = -1;
	if (n == 1 && c && c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS &&
	    c->cmsg_len == CMSG_LEN(sizeof(int)))
		memcpy(&fd, CMSG_DATA(c), sizeof(int));
	if (fd < 0 || (msg.msg_flags & MSG_CTRUNC)) {
		if (fd >= 0)
			close(fd);
		errno = EBADMSG;
		return -1;
	}
	return fd;
}

void pd_sandbox_handoff_reset(struct pd_sandbox_plan *p)
{
	pd_sandbox_handoff_spawned(p);
	if (p->handoff_parent >= 0)
		close(p->handoff_parent);
	p->handoff_parent = -1;
}

int pd_sandbox_handoff_socket(struct pd_sandbox_plan *p, int *child_fd)
{
	pd_sandbox_handoff_reset(p);
	*child_fd = -1;
	if (!p->handoff)
		return 0;
	int sv[2];
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
		return -errno;
	p->handoff_parent = sv[0];
	p->handoff->sock = *child_fd = sv[1];
	return 0;
}

void pd_sandbox_handoff_spawned(struct pd_sandbox_plan *p)
{
	/* The child is done with it: exec'd (its copy went, O_CLOEXEC) or
	 * exited. pd_sandbox_started() reads the parent's end. */
	if (p->handoff && p->handoff->sock >= 0) {
		close(p->handoff->sock);
		p->handoff->sock = -1;
	}
}

/* The listener did not reach paddock's loop: say why (ERR, or 0 when the
 * child never posted it) and fail the run (the caller kills the tree). */
static int listener_lost(struct pd_sandbox_plan *p, const char *what, int err)
{
	p->listener_missing = 1;
	if (err)
		pd_warnx("seccomp: %s: %s", what, strerror(err));
	else
		pd_warnx("seccomp: %s", what);
	return -1;
}

/* Watch the listener FD from the run's loop; takes FD. */
static int watch_listener(struct pd_sandbox_plan *p, struct pd_run *run, int fd)
{
	int r = pd_loop_add_fd(run->loop, fd, EPOLLIN, on_notify, p);
	if (r < 0) {
		close(fd);
		return listener_lost(p, "cannot watch the notification listener", -r);
	}
	p->listener = fd;
	return 0;
}

int pd_sandbox_started(struct pd_sandbox_plan *p, struct pd_run *run)
{
	run->res->dynamic_uid = p->dyn_uid;
	p->run = run;
	p->loop = run->loop;
	if (!p->handoff)
		return 0;
	struct pd_handoff *h = p->handoff;
	if (p->handoff_parent >= 0) {
		int fd = recv_listener(p->handoff_parent);
		int err = errno;
		pd_sandbox_handoff_reset(p);
		if (fd >= 0)
			return watch_listener(p, run, fd);
		if (err == EAGAIN)
			return 0; /* the child failed before its filter: the error pipe says why */
		return listener_lost(p, "cannot take the notification listener", err);
	}
	struct timespec ts = {0, 10 * 1000 * 1000};
	for (int i = 0; i < HANDOFF_TIMEOUT_MS / 10; i++) {
		if (__atomic_load_n(&h->state, __ATOMIC_ACQUIRE) == HANDOFF_POSTED)
			break;
		struct pollfd pfd = {run->pidfd, POLLIN, 0};
		if (poll(&pfd, 1, 0) > 0)
			return 0; /* the child ended before its filter: nothing to watch */
		futex(&h->state, FUTEX_WAIT, HANDOFF_INIT, &ts);
	}
	if (__atomic_load_n(&h->state, __ATOMIC_ACQUIRE) != HANDOFF_POSTED) {
		return listener_lost(p, "the child did not hand over its notification listener", 0);
	}
	int own;
	int pidfd = target_pidfd(run, h, &own);
	int fd = pidfd >= 0 ? (int)syscall(SYS_pidfd_getfd, pidfd, h->fd, 0) : -1;
	int err = errno;
	if (own && pidfd >= 0)
		close(pidfd);
	__atomic_store_n(&h->state, HANDOFF_TAKEN, __ATOMIC_RELEASE);
	futex(&h->state, FUTEX_WAKE, 1, NULL);
	if (fd < 0) {
		return listener_lost(p, "cannot take the notification listener", err);
	}
	return watch_listener(p, run, fd);
}

void pd_sandbox_finish(struct pd_sandbox_plan *p, struct pd_result *r)
{
	if (p->listener >= 0) {
		/* Answer what is still queued, then stop watching. */
		if (p->loop)
			on_notify(p->loop, p->listener, EPOLLIN, p);
		if (p->loop)
			pd_loop_del_fd(p->loop, p->listener);
		close(p->listener);
		p->listener = -1;
	}
	/* Without notification a kill action leaves only SIGSYS as evidence. */
	if (!p->bpf.notify && p->bpf.len && !r->exited && r->signal == SIGSYS && p->n_viol == 0) {
		struct pd_sc_verdict v = {PD_SC_ACT_KILL, "unknown (SIGSYS)", -1};
		record(p, &v, 0);
	}
	free(r->violations);
	r->violations = p->viol;
	r->n_violations = p->n_viol;
	p->viol = NULL;
	p->n_viol = 0;
}

void pd_notify_free(struct pd_sandbox_plan *p)
{
	pd_sandbox_handoff_reset(p);
	if (p->listener >= 0)
		close(p->listener);
	p->listener = -1;
	free(p->viol);
	p->viol = NULL;
}
