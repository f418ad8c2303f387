/* mlocker BYTES [nobody]: mlock BYTES, optionally as uid 65534 (root has
 * CAP_IPC_LOCK, which ignores RLIMIT_MEMLOCK). Exits 1 when mlock fails. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	size_t n = argc > 1 ? strtoull(argv[1], NULL, 0) : 1 << 20;
	if (argc > 2 && !strcmp(argv[2], "nobody")) {
		if (setresgid(65534, 65534, 65534) || setresuid(65534, 65534, 65534)) {
			perror("mlocker: setresuid");
			return 2;
		}
	}
	char *p = malloc(n);
	if (!p)
		return 2;
	if (mlock(p, n) < 0) {
		printf("mlock failed: %s\n", strerror(errno));
		return 1;
	}
	printf("locked %zu\n", n);
	return 0;
}
