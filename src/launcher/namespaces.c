/*
 * namespaces.c - PrivateNetwork= and PrivateIPC=. The child unshares the
 * namespaces itself (before its fds are closed); as root that needs no
 * user namespace, otherwise it first enters a new user namespace that maps
 * its own uid and gid to themselves. In a new network namespace only
 * loopback exists, and the child brings it up with two ioctls. A failure
 * stops the launch: the command never runs without the isolation asked for.
 */
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "launcher/child.h"
#include "launcher/sandbox_plan.h"

int pd_ns_prepare(const struct pd_sandbox *s, struct pd_sandbox_plan *p, struct pd_diag *d)
{
	p->unshare_flags =
	    (s->private_network ? CLONE_NEWNET : 0) | (s->private_ipc ? CLONE_NEWIPC : 0);
	if (!p->unshare_flags || geteuid() == 0)
		return 0;
	p->userns = 1;
	p->uid_map_len = snprintf(p->uid_map, sizeof(p->uid_map), "%u %u 1\n", (unsigned)geteuid(),
				  (unsigned)geteuid());
	p->gid_map_len = snprintf(p->gid_map, sizeof(p->gid_map), "%u %u 1\n", (unsigned)getegid(),
				  (unsigned)getegid());
	(void)d;
	return 0;
}

static int write_file(const char *path, const char *s, int n)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ssize_t w = write(fd, s, (size_t)n);
	int e = errno;
	close(fd);
	errno = e;
	return w == n ? 0 : -1;
}

static int loopback_up(void)
{
	int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (s < 0)
		return -1;
	struct ifreq ifr;
	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_name[0] = 'l';
	ifr.ifr_name[1] = 'o';
	int r = ioctl(s, SIOCGIFFLAGS, &ifr);
	if (r == 0) {
		ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
		r = ioctl(s, SIOCSIFFLAGS, &ifr);
	}
	int e = errno;
	close(s);
	errno = e;
	return r;
}

int pd_ns_apply(const struct pd_sandbox_plan *p, int *step)
{
	if (!p->unshare_flags)
		return 0;
	*step = PD_STEP_NAMESPACES;
	if (unshare(p->unshare_flags | (p->userns ? CLONE_NEWUSER : 0)) < 0)
		return -1;
	if (p->userns && (write_file("/proc/self/setgroups", "deny", 4) < 0 ||
			  write_file("/proc/self/uid_map", p->uid_map, p->uid_map_len) < 0 ||
			  write_file("/proc/self/gid_map", p->gid_map, p->gid_map_len) < 0))
		return -1;
	if ((p->unshare_flags & CLONE_NEWNET) && loopback_up() < 0)
		return -1;
	return 0;
}
