/*
 * baseline_launch.c - the launcher benchmark's baseline: what a plain,
 * careful launcher does without paddock. It builds a 50-rule libseccomp
 * allowlist in the parent, forks, applies 7 rlimits, loads the filter with
 * seccomp_load() (which compiles it to BPF, as most tools do), execs the
 * command and waits for it. Usage: baseline_launch COMMAND [ARG...]
 * Exit status: the command's, 128+N for signal N, 125 for its own errors.
 */
#include <errno.h>
#include <seccomp.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

/* 50 calls: enough for a dynamically linked program to start and exit. */
/* clang-format off */
static const char *const allow[50] = {
	"read", "write", "openat", "close", "fstat",
	"newfstatat", "statx", "lseek", "mmap", "mprotect",
	"munmap", "brk", "rt_sigaction", "rt_sigprocmask", "rt_sigreturn",
	"ioctl", "pread64", "pwrite64", "readv", "writev",
	"access", "faccessat2", "pipe2", "mremap", "madvise",
	"dup", "dup3", "nanosleep", "clock_nanosleep", "getpid",
	"getppid", "exit", "exit_group", "execve", "wait4",
	"kill", "uname", "fcntl", "getcwd", "readlink",
	"arch_prctl", "set_tid_address", "set_robust_list", "rseq", "prlimit64",
	"getrandom", "futex", "gettid", "getuid", "geteuid",
};
/* clang-format on */

static const struct {
	int resource;
	rlim_t value;
} limits[7] = {
    {RLIMIT_AS, 4ull << 30},	{RLIMIT_CORE, 0},	    {RLIMIT_CPU, 60},
    {RLIMIT_DATA, 4ull << 30},	{RLIMIT_FSIZE, 1ull << 30}, {RLIMIT_NOFILE, 1024},
    {RLIMIT_STACK, 8ull << 20},
};

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: baseline_launch COMMAND [ARG...]\n");
		return 125;
	}
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_KILL_PROCESS);
	if (!ctx) {
		fprintf(stderr, "baseline_launch: seccomp_init failed\n");
		return 125;
	}
	for (int i = 0; i < 50; i++) {
		int nr = seccomp_syscall_resolve_name(allow[i]);
		int rc =
		    nr == __NR_SCMP_ERROR ? -EINVAL : seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 0);
		if (rc < 0) {
			fprintf(stderr, "baseline_launch: rule %s: %s\n", allow[i], strerror(-rc));
			return 125;
		}
	}
	pid_t pid = fork();
	if (pid < 0) {
		perror("baseline_launch: fork");
		return 125;
	}
	if (pid == 0) {
		for (int i = 0; i < 7; i++) {
			struct rlimit rl = {limits[i].value, limits[i].value};
			if (setrlimit(limits[i].resource, &rl) < 0)
				_exit(125);
		}
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 || seccomp_load(ctx) < 0)
			_exit(125);
		execvp(argv[1], argv + 1);
		_exit(127);
	}
	int st;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR) {
			perror("baseline_launch: waitpid");
			return 125;
		}
	seccomp_release(ctx);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}
