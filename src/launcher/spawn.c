/*
 * spawn.c - creating the child, in one of two ways, plus command path
 * resolution, done in the parent so the child only calls execve.
 *
 * Usually as posix_spawn() does: clone(CLONE_VM | CLONE_VFORK) on a stack
 * of its own. The child shares paddock's memory and paddock waits until it
 * has exec'd, so no page table is copied and no page is copied on write:
 * on this kind of virtual machine that is most of what a fork costs. The
 * child joins the run's cgroup by writing to cgroup.procs itself.
 *
 * Otherwise (paddock's init in a new pid namespace, which never execs; or
 * namespaces and a seccomp listener that need the parent while the child
 * waits) as a fork: clone3 with CLONE_PIDFD and, when the containment asks
 * for it, CLONE_INTO_CGROUP or CLONE_NEWPID.
 */
#include <errno.h>
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/err.h"
#include "launcher/run.h"
#include "launcher/sandbox.h"
#include "launcher/self_status.h"

/* The vfork child's stack. Its deepest path (sandbox, seccomp load, the
 * listener hand-over) needs a few KiB; untouched pages cost nothing. */
#define CHILD_STACK_SIZE (256u * 1024u)

/* AddressSanitizer cannot follow a child running on a stack it does not
 * know: it warns on the child's stderr, which is the command's. The
 * sanitizer build (make check) therefore always forks; `make test` covers
 * both ways (tests/sandbox/seccomp_filter.bats). */
#if defined(__SANITIZE_ADDRESS__)
#define VFORK_SPAWN 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define VFORK_SPAWN 0
#endif
#endif
#ifndef VFORK_SPAWN
#define VFORK_SPAWN 1
#endif

uint64_t pd_spawn_clone_flags(const struct pd_run *run)
{
	uint64_t flags = CLONE_PIDFD;
	if (run->contain.kind == PD_CONTAIN_CGROUP)
		flags |= CLONE_INTO_CGROUP;
	if (run->contain.kind == PD_CONTAIN_PIDNS)
		flags |= CLONE_NEWPID;
	return flags;
}

static int vfork_child(void *plan) { pd_child_exec(plan); }

/* The child's stack, mapped once (paddock spawns one command) with a
 * guard page below it, so an overflow faults instead of writing into
 * paddock's memory. */
static char *child_stack_top(void)
{
	static char *top;
	if (top)
		return top;
	long page = sysconf(_SC_PAGESIZE);
	char *base = mmap(NULL, CHILD_STACK_SIZE, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK | MAP_NORESERVE, -1, 0);
	if (base == MAP_FAILED)
		return NULL;
	if (mprotect(base, (size_t)page, PROT_NONE) < 0) {
		munmap(base, CHILD_STACK_SIZE);
		return NULL;
	}
	top = base + CHILD_STACK_SIZE;
	return top;
}

/* After a vfork-style clone returns the child has exec'd or failed. A
 * failure to join the cgroup is taken back here, so that the caller can
 * fall back to weaker containment as it does when clone3 refuses
 * CLONE_INTO_CGROUP: the child is reaped and -errno returned. Any other
 * report stays in the pipe for run.c. */
static int cgroup_join_failed(struct pd_run *run, pid_t pid, int pidfd)
{
	int avail = 0;
	struct pd_child_report rep;
	if (run->plan.cgroup_procs_fd < 0 || ioctl(run->err_pipe[0], FIONREAD, &avail) < 0 ||
	    avail < (int)sizeof(rep))
		return 0;
	/* Only the first report can be there: the child exits after it. */
	if (read(run->err_pipe[0], &rep, sizeof(rep)) != sizeof(rep))
		return 0;
	if (rep.step != PD_STEP_CGROUP) {
		run->early_report = rep;
		run->has_early_report = 1;
		return 0;
	}
	waitpid(pid, NULL, __WALL);
	close(pidfd);
	return -(rep.err ? rep.err : EIO);
}

static int spawn_vfork(struct pd_run *run, int handoff_fd)
{
	char *stack = child_stack_top();
	if (!stack)
		return -errno;
	run->plan.handoff_fd = handoff_fd;
	run->plan.cgroup_procs_fd =
	    run->contain.kind == PD_CONTAIN_CGROUP ? run->contain.cgroup_procs_fd : -1;
	/* The child shares paddock's memory: no signal may run a handler on it
	 * before it has set its dispositions. It restores an empty mask. */
	sigset_t all, old;
	sigfillset(&all);
	sigprocmask(SIG_SETMASK, &all, &old);
	int pidfd = -1;
	int pid = clone(vfork_child, stack, CLONE_VM | CLONE_VFORK | CLONE_PIDFD | SIGCHLD,
			&run->plan, &pidfd);
	int err = errno;
	sigprocmask(SIG_SETMASK, &old, NULL);
	pd_sandbox_handoff_spawned(run->sandbox);
	if (pid < 0)
		return -err;
	int rc = cgroup_join_failed(run, pid, pidfd);
	if (rc < 0)
		return rc;
	run->pid = pid;
	run->pidfd = pidfd;
	return 0;
}

int pd_spawn(struct pd_run *run)
{
	run->plan.sig_ignored = pd_self_status()->sig_ignored;
	run->plan.handoff_fd = -1;
	pd_sandbox_handoff_reset(run->sandbox);
	if (VFORK_SPAWN && !run->plan.pidns_init && pd_sandbox_vfork_ok(run->sandbox)) {
		int handoff_fd;
		int rc = pd_sandbox_handoff_socket(run->sandbox, &handoff_fd);
		return rc < 0 ? rc : spawn_vfork(run, handoff_fd);
	}

	int pidfd = -1;
	struct clone_args args;

	memset(&args, 0, sizeof(args));
	args.flags = pd_spawn_clone_flags(run);
	args.pidfd = (uint64_t)(uintptr_t)&pidfd;
	args.exit_signal = SIGCHLD;
	if (args.flags & CLONE_INTO_CGROUP)
		args.cgroup = (uint64_t)run->contain.cgroup_fd;

	/* Raw clone3 without a new stack behaves like fork(); the child runs
	 * only the async-signal-safe pd_child_exec(). */
	run->plan.cgroup_procs_fd = -1;
	long pid = syscall(SYS_clone3, &args, sizeof(args));
	if (pid < 0 && errno == ENOSYS) {
		/* clone3 filtered (e.g. paddock inside a paddock sandbox, whose
		 * seccomp policy answers ENOSYS): plain clone, which has
		 * CLONE_PIDFD but not CLONE_INTO_CGROUP, so the child joins the
		 * cgroup itself, first thing. */
		uint64_t flags = args.flags & ~(uint64_t)CLONE_INTO_CGROUP;
		if (args.flags & CLONE_INTO_CGROUP)
			run->plan.cgroup_procs_fd = run->contain.cgroup_procs_fd;
		pid = syscall(SYS_clone, (unsigned long)flags | SIGCHLD, NULL, &pidfd, NULL, 0);
	}
	if (pid < 0)
		return -errno;
	if (pid == 0)
		pd_child_exec(&run->plan);
	run->pid = (pid_t)pid;
	run->pidfd = pidfd;
	return 0;
}

static const char *env_path(char *const *envp)
{
	for (size_t i = 0; envp && envp[i]; i++)
		if (!strncmp(envp[i], "PATH=", 5))
			return envp[i] + 5;
	const char *p = getenv("PATH");
	return p ? p : "/usr/local/bin:/usr/bin:/bin";
}

char *pd_spawn_resolve(const char *argv0, char *const *envp)
{
	struct stat st;

	if (!*argv0) {
		errno = ENOENT;
		return NULL;
	}
	if (strchr(argv0, '/'))
		return pd_strdup_or_die(argv0);

	const char *path = env_path(envp);
	size_t alen = strlen(argv0);
	int seen_eacces = 0;
	for (const char *p = path;; p++) {
		const char *colon = strchrnul(p, ':');
		size_t dlen = (size_t)(colon - p);
		char *cand = pd_alloc_or_die(dlen + alen + 3);
		if (dlen == 0)
			cand[0] = '.', dlen = 1; /* empty entry: cwd, as execvp */
		else
			memcpy(cand, p, dlen);
		cand[dlen] = '/';
		memcpy(cand + dlen + 1, argv0, alen + 1);
		if (stat(cand, &st) == 0 && S_ISREG(st.st_mode)) {
			if (access(cand, X_OK) == 0)
				return cand;
			seen_eacces = 1;
		}
		free(cand);
		if (!*colon)
			break;
		p = colon;
	}
	errno = seen_eacces ? EACCES : ENOENT;
	return NULL;
}
