/*
 * spawn.c - creating the child: clone3 with CLONE_PIDFD, and (when the
 * containment asks for it) CLONE_INTO_CGROUP or CLONE_NEWPID; plus command
 * path resolution, done in the parent so the child only calls execve.
 */
#include <errno.h>
#include <linux/sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "common/err.h"
#include "launcher/run.h"

uint64_t pd_spawn_clone_flags(const struct pd_run *run)
{
	uint64_t flags = CLONE_PIDFD;
	if (run->contain.kind == PD_CONTAIN_CGROUP)
		flags |= CLONE_INTO_CGROUP;
	if (run->contain.kind == PD_CONTAIN_PIDNS)
		flags |= CLONE_NEWPID;
	return flags;
}

int pd_spawn(struct pd_run *run)
{
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
