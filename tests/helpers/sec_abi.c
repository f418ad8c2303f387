/* sec_abi int80|x32: make getpid through another ABI from a 64-bit
 * program: i386 `int $0x80` (nr 20) or an x32 call (nr 39 | 0x40000000).
 * A filter that checks only x86-64 numbers would let these through.
 * Prints what came back; a seccomp kill never lets it print. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: sec_abi int80|x32\n");
		return 2;
	}
	long r;
	if (!strcmp(argv[1], "int80")) {
		__asm__ volatile("int $0x80" : "=a"(r) : "a"(20L) : "memory");
	} else if (!strcmp(argv[1], "x32")) {
		r = syscall(0x40000000L | 39);
		if (r < 0)
			r = -errno;
	} else {
		fprintf(stderr, "sec_abi: unknown ABI %s\n", argv[1]);
		return 2;
	}
	printf("%s getpid returned %ld\n", argv[1], r);
	return 0;
}
