/* sec_call NAME: make one dangerous system call with harmless arguments
 * and print "NAME: OK" or "NAME: <errno name>". Used by the escape tests:
 * under paddock's default policy the call must never succeed. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <unistd.h>

static const struct {
	const char *name;
	long nr;
	long a0, a1, a2;
} calls[] = {
    {"ptrace", SYS_ptrace, PTRACE_ATTACH, 1, 0}, /* attach to init */
    {"mount", SYS_mount, 0, 0, 0},
    {"init_module", SYS_init_module, 0, 0, 0},
    {"kexec_load", SYS_kexec_load, 0, 0, 0},
    {"bpf", SYS_bpf, 0, 0, 0},
    {"perf_event_open", SYS_perf_event_open, 0, 0, -1},
    {"keyctl", SYS_keyctl, 0, 0, 0},
    {"unshare", SYS_unshare, 0x10000000 /* CLONE_NEWUSER */, 0, 0},
    {"clone_newuser", SYS_clone, 0x10000000 | 17 /* CLONE_NEWUSER|SIGCHLD */, 0, 0},
    {"getpid", SYS_getpid, 0, 0, 0},
};

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: sec_call NAME\n");
		return 2;
	}
	for (size_t i = 0; i < sizeof(calls) / sizeof(calls[0]); i++) {
		if (strcmp(calls[i].name, argv[1]))
			continue;
		long r = syscall(calls[i].nr, calls[i].a0, calls[i].a1, calls[i].a2, 0, 0, 0);
		if (r == 0 && calls[i].nr == SYS_clone)
			_exit(0); /* the child of a successful clone */
		if (r < 0)
			printf("%s: %s\n", argv[1], strerrorname_np(errno));
		else
			printf("%s: OK\n", argv[1]);
		return r < 0 ? 1 : 0;
	}
	fprintf(stderr, "sec_call: unknown call %s\n", argv[1]);
	return 2;
}
