/*
 * mlock - locks memory into RAM. RLIMIT_MEMLOCK caps how much an
 * unprivileged process may lock; a process with CAP_IPC_LOCK ignores it,
 * which is why paddock's default profile drops capabilities. Exceeding it
 * makes mlock(2) fail with ENOMEM (EPERM when the limit is 0).
 *
 *   paddock run -p LimitMEMLOCK=64K build/workloads/mlock
 *
 * Usage: mlock [BYTES]   (default 1 MiB)
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "pgc.h"

int main(int argc, char **argv)
{
	size_t bytes = argc > 1 ? strtoull(argv[1], NULL, 0) : 1024 * 1024;
	pgc_init();
	void *buf = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (buf == MAP_FAILED) {
		fprintf(stderr, "mlock: mmap %zu bytes: %s\n", bytes, strerror(errno));
		return 1;
	}
	if (mlock(buf, bytes) < 0) {
		fprintf(stderr, "mlock: locking %zu bytes: %s\n", bytes, strerror(errno));
		return 1;
	}
	printf("mlock: locked %zu bytes\n", bytes);
	return 0;
}
