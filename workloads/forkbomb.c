/*
 * forkbomb - forks children that wait forever, until fork(2) fails (or a
 * safety cap is reached). RLIMIT_NPROC counts every process of the real
 * uid and is not enforced for uid 0, so it only bites when paddock runs the
 * command as an unprivileged user, e.g. with DynamicUser=yes. paddock kills
 * every child when the command exits.
 *
 *   paddock run -p DynamicUser=yes -p LimitNPROC=20 build/workloads/forkbomb
 *
 * Usage: forkbomb [CAP]   (default cap 500 children)
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pgc.h"

int main(int argc, char **argv)
{
	long cap = argc > 1 ? strtol(argv[1], NULL, 10) : 500;
	pgc_init();
	for (long n = 0; n < cap; n++) {
		pid_t pid = fork();
		if (pid < 0) {
			fprintf(stderr, "forkbomb: fork failed after %ld children: %s\n", n,
				strerror(errno));
			return 1;
		}
		if (pid == 0) {
			for (;;)
				pause(); /* paddock kills the whole tree when the parent exits */
		}
	}
	printf("forkbomb: %ld children forked, none refused\n", cap);
	return 0;
}
