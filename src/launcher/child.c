/*
 * child.c - the code that runs between clone and execve. Only raw,
 * async-signal-safe calls: no malloc, no stdio, no locks (see musl's
 * posix_spawn.c). Also paddock's tiny init for the pid-namespace fallback.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "launcher/child.h"

static const char *const step_names[PD_STEP_COUNT] = {
    [PD_STEP_NONE] = "none",
    [PD_STEP_CGROUP] = "joining the cgroup",
    [PD_STEP_INIT] = "pid-namespace init",
    [PD_STEP_SETSID] = "setsid",
    [PD_STEP_SIGNALS] = "resetting signals",
    [PD_STEP_NAMESPACES] = "namespace setup",
    [PD_STEP_CLOSE_FDS] = "closing file descriptors",
    [PD_STEP_WORKDIR] = "WorkingDirectory",
    [PD_STEP_UMASK] = "UMask",
    [PD_STEP_NICE] = "Nice",
    [PD_STEP_RLIMIT] = "setrlimit",
    [PD_STEP_SETGROUPS] = "setgroups",
    [PD_STEP_SETGID] = "setresgid",
    [PD_STEP_SETUID] = "setresuid",
    [PD_STEP_CAPS] = "capabilities",
    [PD_STEP_NO_NEW_PRIVS] = "no_new_privs",
    [PD_STEP_SECCOMP] = "seccomp",
    [PD_STEP_SECCOMP_LISTENER] = "passing the seccomp listener",
    [PD_STEP_EXECVE] = "execve",
};

const char *pd_child_step_name(int step)
{
	if (step >= 0 && step < PD_STEP_COUNT && step_names[step])
		return step_names[step];
	return "unknown step";
}

static _Noreturn void fail(const struct pd_child_plan *p, int step, int err, int detail)
{
	struct pd_child_report r = {step, err, detail, 0};
	ssize_t n;
	do
		n = write(p->err_fd, &r, sizeof(r));
	while (n < 0 && errno == EINTR);
	_exit(127);
}

/* Close every fd >= 3 except err_fd, handoff_fd and the keep list, in
 * O(keep) syscalls. err_fd and handoff_fd stay O_CLOEXEC. */
static int close_fds(const struct pd_child_plan *p)
{
	int keep[PD_CHILD_MAX_KEEP + 2];
	unsigned n = 0;

	keep[n++] = p->err_fd;
	if (p->handoff_fd >= 0)
		keep[n++] = p->handoff_fd;
	for (unsigned i = 0; i < p->n_keep_fds; i++)
		keep[n++] = p->keep_fds[i];
	/* insertion sort: n <= 10 */
	for (unsigned i = 1; i < n; i++)
		for (unsigned j = i; j > 0 && keep[j - 1] > keep[j]; j--) {
			int t = keep[j];
			keep[j] = keep[j - 1];
			keep[j - 1] = t;
		}
	unsigned lo = 3;
	for (unsigned i = 0; i < n; i++) {
		if (keep[i] < (int)lo)
			continue;
		if ((unsigned)keep[i] > lo && syscall(SYS_close_range, lo, keep[i] - 1, 0) < 0)
			return -1;
		lo = (unsigned)keep[i] + 1;
	}
	if (syscall(SYS_close_range, lo, ~0u, 0) < 0)
		return -1;
	for (unsigned i = 0; i < p->n_keep_fds; i++)
		if (fcntl(p->keep_fds[i], F_SETFD, 0) < 0)
			return -1;
	return 0;
}

/* Ignored signals stay ignored across execve(); caught ones do not. */
static void reset_signals(uint64_t ignored)
{
	struct sigaction sa = {.sa_handler = SIG_DFL};
	for (int sig = 1; sig < _NSIG && sig <= 64; sig++) {
		if (sig == SIGKILL || sig == SIGSTOP || !(ignored & (1ULL << (sig - 1))))
			continue;
		/* raw: glibc's sigaction refuses its own internal signals */
		syscall(SYS_rt_sigaction, sig, &sa, NULL, _NSIG / 8);
	}
}

/* The command's side: everything from setsid to execve. */
static _Noreturn void run_command(const struct pd_child_plan *p)
{
	int step = PD_STEP_NONE;
	sigset_t empty;

	if (setsid() < 0)
		fail(p, PD_STEP_SETSID, errno, 0);
	reset_signals(p->sig_ignored);
	sigemptyset(&empty);
	if (sigprocmask(SIG_SETMASK, &empty, NULL) < 0)
		fail(p, PD_STEP_SIGNALS, errno, 0);
	if (p->sandbox_early && p->sandbox_early(p->sandbox_plan, &step) < 0)
		fail(p, step, errno, 0);
	if (close_fds(p) < 0)
		fail(p, PD_STEP_CLOSE_FDS, errno, 0);
	for (unsigned i = 0; i < p->n_rlimits; i++)
		if (setrlimit(p->rlimits[i].resource, &p->rlimits[i].rl) < 0)
			fail(p, PD_STEP_RLIMIT, errno, p->rlimits[i].resource);
	if (p->sandbox_apply && p->sandbox_apply(p->sandbox_plan, &step) < 0)
		fail(p, step, errno, 0);
	execve(p->path, p->argv, p->envp);
	fail(p, PD_STEP_EXECVE, errno, 0);
}

/*
 * PID 1 of the namespace. Signals stay blocked and are taken synchronously:
 * SIGCHLD reaps, anything else is forwarded to the command. When the command
 * ends, everything else in the namespace is killed and reaped, the command's
 * status goes to the parent, and init exits (which would kill the namespace
 * anyway).
 */
static _Noreturn void run_init(const struct pd_child_plan *p)
{
	sigset_t all;
	struct pd_init_status st = {0, 0};
	int cmd_done = 0;

	sigfillset(&all);
	sigprocmask(SIG_SETMASK, &all, NULL);
	pid_t cmd = (pid_t)syscall(SYS_clone, SIGCHLD, 0, 0, 0, 0);
	if (cmd < 0)
		fail(p, PD_STEP_INIT, errno, 0);
	if (cmd == 0)
		run_command(p);
	/* Only the command may hold the error pipe: its EOF means "exec'd". */
	close(p->err_fd);
	syscall(SYS_close_range, 0, p->init_status_fd - 1, 0);
	syscall(SYS_close_range, p->init_status_fd + 1, ~0u, 0);

	for (;;) {
		siginfo_t si;
		int sig = sigwaitinfo(&all, &si);
		if (sig < 0)
			continue;
		if (sig != SIGCHLD) {
			if (!cmd_done)
				kill(cmd, sig);
			continue;
		}
		for (;;) {
			int status;
			struct rusage ru;
			pid_t pid = wait4(-1, &status, WNOHANG, &ru);
			if (pid <= 0)
				break;
			if (pid == cmd) {
				cmd_done = 1;
				st.wait_status = status;
				st.cpu_usec =
				    (long long)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000 +
				    ru.ru_utime.tv_usec + ru.ru_stime.tv_usec;
			}
		}
		if (cmd_done)
			break;
	}
	/* Daemons that escaped with setsid/double fork are still ours. */
	kill(-1, SIGKILL);
	while (wait4(-1, NULL, 0, NULL) > 0 || errno == EINTR)
		;
	ssize_t n;
	do
		n = write(p->init_status_fd, &st, sizeof(st));
	while (n < 0 && errno == EINTR);
	_exit(0);
}

void pd_child_exec(const struct pd_child_plan *p)
{
	if (p->cgroup_procs_fd >= 0 && write(p->cgroup_procs_fd, "0", 1) != 1)
		fail(p, PD_STEP_CGROUP, errno, 0);
	if (p->pidns_init)
		run_init(p);
	run_command(p);
}
