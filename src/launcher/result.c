/*
 * result.c - names and exit-status conventions for a finished struct
 * pd_result (see docs/report.md and docs/architecture.md "Exit status").
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "launcher/result.h"

static const char *const verdict_names[PD_V_COUNT] = {
    [PD_V_OK] = "ok",
    [PD_V_EXIT_NONZERO] = "exit-nonzero",
    [PD_V_SIGNALED] = "signaled",
    [PD_V_WALL_TIMEOUT] = "wall-timeout",
    [PD_V_CPU_LIMIT] = "cpu-limit",
    [PD_V_FILE_SIZE_LIMIT] = "file-size-limit",
    [PD_V_RSS_LIMIT] = "rss-limit",
    [PD_V_MEMORY_LIMIT] = "memory-limit",
    [PD_V_STACK_LIMIT] = "stack-limit",
    [PD_V_SECCOMP_VIOLATION] = "seccomp-violation",
    [PD_V_LAUNCH_ERROR] = "launch-error",
    [PD_V_INTERRUPTED] = "interrupted",
};

const char *pd_verdict_name(enum pd_verdict v)
{
	return (unsigned)v < PD_V_COUNT ? verdict_names[v] : "unknown";
}

const char *pd_signal_name(int sig)
{
	static const char *const names[] = {
	    [SIGHUP] = "SIGHUP",       [SIGINT] = "SIGINT",	  [SIGQUIT] = "SIGQUIT",
	    [SIGILL] = "SIGILL",       [SIGTRAP] = "SIGTRAP",	  [SIGABRT] = "SIGABRT",
	    [SIGBUS] = "SIGBUS",       [SIGFPE] = "SIGFPE",	  [SIGKILL] = "SIGKILL",
	    [SIGUSR1] = "SIGUSR1",     [SIGSEGV] = "SIGSEGV",	  [SIGUSR2] = "SIGUSR2",
	    [SIGPIPE] = "SIGPIPE",     [SIGALRM] = "SIGALRM",	  [SIGTERM] = "SIGTERM",
	    [SIGSTKFLT] = "SIGSTKFLT", [SIGCHLD] = "SIGCHLD",	  [SIGCONT] = "SIGCONT",
	    [SIGSTOP] = "SIGSTOP",     [SIGTSTP] = "SIGTSTP",	  [SIGTTIN] = "SIGTTIN",
	    [SIGTTOU] = "SIGTTOU",     [SIGURG] = "SIGURG",	  [SIGXCPU] = "SIGXCPU",
	    [SIGXFSZ] = "SIGXFSZ",     [SIGVTALRM] = "SIGVTALRM", [SIGPROF] = "SIGPROF",
	    [SIGWINCH] = "SIGWINCH",   [SIGIO] = "SIGIO",	  [SIGPWR] = "SIGPWR",
	    [SIGSYS] = "SIGSYS",
	};
	if (sig > 0 && (size_t)sig < sizeof(names) / sizeof(names[0]) && names[sig])
		return names[sig];
	if (sig >= SIGRTMIN && sig <= SIGRTMAX)
		return "SIGRT";
	return "unknown";
}

int pd_result_exit_status(const struct pd_result *r)
{
	switch (r->verdict) {
	case PD_V_LAUNCH_ERROR:
		if (strcmp(r->launch_what, "execve") != 0)
			return PD_EXIT_ERROR;
		return r->launch_errno == ENOENT || r->launch_errno == ENOTDIR ? PD_EXIT_NOTFOUND
									       : PD_EXIT_NOEXEC;
	case PD_V_WALL_TIMEOUT:
		return PD_EXIT_TIMEOUT;
	case PD_V_INTERRUPTED:
		return 128 + r->interrupt_signal;
	default:
		break;
	}
	if (r->exited && r->exit_code == 0 && r->verdict == PD_V_OK && r->n_budget_misses > 0)
		return r->budget_exit_code; /* budget_eval.c: succeeded, but over budget */
	if (r->exited)
		return r->exit_code;
	return 128 + r->signal;
}
