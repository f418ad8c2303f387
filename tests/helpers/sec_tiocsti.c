/* sec_tiocsti: open a new pseudo-terminal and try to push a character into
 * its input queue with TIOCSTI (CVE-2017-5226) and to use TIOCLINUX.
 * Prints the outcome of each. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

int main(void)
{
	int m = posix_openpt(O_RDWR | O_NOCTTY);
	if (m < 0 || grantpt(m) || unlockpt(m)) {
		perror("sec_tiocsti: posix_openpt");
		return 2;
	}
	int s = open(ptsname(m), O_RDWR | O_NOCTTY);
	if (s < 0) {
		perror("sec_tiocsti: open slave");
		return 2;
	}
	char c = 'x';
	int r = ioctl(s, TIOCSTI, &c);
	printf("TIOCSTI: %s\n", r == 0 ? "OK" : strerrorname_np(errno));
	char sub = 0;
	r = ioctl(s, TIOCLINUX, &sub);
	printf("TIOCLINUX: %s\n", r == 0 ? "OK" : strerrorname_np(errno));
	return 0;
}
