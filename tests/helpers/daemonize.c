/* daemonize PIDFILE: the classic escape: fork, setsid, fork again; the
 * grandchild writes its pid to PIDFILE and sleeps; the command itself exits
 * 0 once the pid file is written. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int fds[2];
	if (argc < 2 || pipe(fds) < 0)
		return 2;
	pid_t p = fork();
	if (p == 0) {
		setsid();
		if (fork() == 0) {
			char buf[32];
			int fd = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC, 0644);
			int n = snprintf(buf, sizeof(buf), "%d\n", (int)getpid());
			if (fd < 0 || write(fd, buf, (size_t)n) != n)
				_exit(1);
			close(fd);
			if (write(fds[1], "x", 1) != 1)
				_exit(1);
			close(fds[1]);
			close(0), close(1), close(2);
			for (;;)
				pause();
		}
		_exit(0);
	}
	close(fds[1]);
	waitpid(p, NULL, 0);
	char c;
	return read(fds[0], &c, 1) == 1 ? 0 : 1;
}
