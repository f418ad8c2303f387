/* forker N [nobody]: fork N children that sleep 5 s, optionally after
 * becoming uid/gid 65534 (RLIMIT_NPROC is not enforced for root). Exits 1
 * printing how many it got when fork fails. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 10;
	if (argc > 2 && !strcmp(argv[2], "nobody")) {
		if (setresgid(65534, 65534, 65534) || setresuid(65534, 65534, 65534)) {
			perror("forker: setresuid");
			return 2;
		}
	}
	for (int i = 0; i < n; i++) {
		pid_t p = fork();
		if (p < 0) {
			printf("forked %d: %s\n", i, strerror(errno));
			return 1;
		}
		if (p == 0) {
			sleep(5);
			_exit(0);
		}
	}
	printf("forked %d\n", n);
	return 0;
}
