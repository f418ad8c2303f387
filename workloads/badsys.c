/*
 * badsys - makes a system call that paddock's default seccomp filter denies:
 * reboot(2), with a bad magic number so that it could do nothing even if it
 * were allowed. The default action kills the process, and the verdict is
 * seccomp-violation, naming the call.
 *
 *   paddock run build/workloads/badsys
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "pgc.h"

int main(void)
{
	pgc_init();
	long rc = syscall(SYS_reboot, 0L, 0L, 0L, (void *)0); /* magic 0: always EINVAL */
	printf("badsys: reboot returned %ld (%s): the call was not filtered\n", rc,
	       rc < 0 ? strerror(errno) : "success");
	return 1;
}
