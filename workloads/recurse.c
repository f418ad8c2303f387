/*
 * recurse - recursion deeper than the stack allows. LimitSTACK= caps the
 * main thread's stack; the call that crosses it faults on the guard page
 * and the kernel sends SIGSEGV. libpgc catches that SIGSEGV on an
 * alternate signal stack (sigaltstack: the normal stack is full), records
 * the overflow in the stats page and lets the signal kill the process, so
 * paddock can say stack-limit rather than a bare "signaled".
 *
 *   paddock run -p LimitSTACK=1M build/workloads/recurse
 *   paddock run -p LimitSTACK=64M build/workloads/recurse 20000
 *
 * Usage: recurse [DEPTH]   (default 1000000 frames of about 300 bytes)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pgc.h"

/* Each frame holds a 256-byte buffer the compiler cannot drop, and uses the
 * callee's result, so the call cannot become a loop. */
static long descend(long depth)
{
	volatile char frame[256];
	memset((char *)frame, (int)(depth & 0x7f), sizeof(frame));
	if (depth == 0)
		return frame[0];
	return descend(depth - 1) + frame[depth % sizeof(frame)];
}

int main(int argc, char **argv)
{
	long depth = argc > 1 ? strtol(argv[1], NULL, 10) : 1000000;
	pgc_init(); /* installs the stack-overflow recorder when paddock is watching */
	long sum = descend(depth);
	printf("recurse: reached depth %ld (checksum %ld)\n", depth, sum);
	return 0;
}
