/*
 * loop.c - paddock's single-threaded event loop: epoll over a small fixed
 * table of watches (the child's pidfd, a signalfd, timerfds, module fds).
 * Nothing here allocates after pd_loop_new().
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include "common/err.h"
#include "launcher/loop.h"

#define MAX_WATCHES 16

struct watch {
	int fd;	   /* -1: free slot */
	int owned; /* timer/signal fds the loop created and closes */
	pd_loop_fd_cb cb;
	void *arg;
	pd_loop_timer_cb timer_cb;
	pd_loop_signal_cb signal_cb;
};

struct pd_loop {
	int epfd;
	int stop;
	struct watch w[MAX_WATCHES];
};

struct pd_loop *pd_loop_new(void)
{
	struct pd_loop *l = calloc(1, sizeof(*l));
	if (!l)
		return NULL;
	l->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (l->epfd < 0) {
		free(l);
		return NULL;
	}
	for (int i = 0; i < MAX_WATCHES; i++)
		l->w[i].fd = -1;
	return l;
}

void pd_loop_free(struct pd_loop *l)
{
	if (!l)
		return;
	for (int i = 0; i < MAX_WATCHES; i++)
		if (l->w[i].fd >= 0 && l->w[i].owned)
			close(l->w[i].fd);
	close(l->epfd);
	free(l);
}

static int add_watch(struct pd_loop *l, int fd, uint32_t events, struct watch *tmpl)
{
	for (int i = 0; i < MAX_WATCHES; i++) {
		if (l->w[i].fd >= 0)
			continue;
		struct epoll_event ev = {.events = events, .data.u32 = (uint32_t)i};
		if (epoll_ctl(l->epfd, EPOLL_CTL_ADD, fd, &ev) < 0)
			return -errno;
		l->w[i] = *tmpl;
		l->w[i].fd = fd;
		return 0;
	}
	return -ENOSPC;
}

int pd_loop_add_fd(struct pd_loop *loop, int fd, uint32_t events, pd_loop_fd_cb cb, void *arg)
{
	struct watch t = {.cb = cb, .arg = arg};
	return add_watch(loop, fd, events, &t);
}

void pd_loop_del_fd(struct pd_loop *loop, int fd)
{
	for (int i = 0; i < MAX_WATCHES; i++) {
		if (loop->w[i].fd != fd)
			continue;
		epoll_ctl(loop->epfd, EPOLL_CTL_DEL, fd, NULL);
		if (loop->w[i].owned)
			close(fd);
		loop->w[i].fd = -1;
		return;
	}
}

int pd_loop_add_timer(struct pd_loop *loop, const struct timespec *first_abs,
		      uint64_t interval_usec, pd_loop_timer_cb cb, void *arg)
{
	int fd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
	if (fd < 0)
		return -errno;
	struct itimerspec its = {
	    .it_value = *first_abs,
	    .it_interval = {(time_t)(interval_usec / 1000000),
			    (long)(interval_usec % 1000000) * 1000},
	};
	if (its.it_value.tv_sec == 0 && its.it_value.tv_nsec == 0)
		its.it_value.tv_nsec = 1; /* zero would disarm */
	if (timerfd_settime(fd, TFD_TIMER_ABSTIME, &its, NULL) < 0) {
		int e = errno;
		close(fd);
		return -e;
	}
	struct watch t = {.owned = 1, .timer_cb = cb, .arg = arg};
	int rc = add_watch(loop, fd, EPOLLIN, &t);
	if (rc < 0) {
		close(fd);
		return rc;
	}
	return fd;
}

int pd_loop_add_signals(struct pd_loop *loop, const sigset_t *set, pd_loop_signal_cb cb, void *arg)
{
	int fd = signalfd(-1, set, SFD_CLOEXEC | SFD_NONBLOCK);
	if (fd < 0)
		return -errno;
	struct watch t = {.owned = 1, .signal_cb = cb, .arg = arg};
	int rc = add_watch(loop, fd, EPOLLIN, &t);
	if (rc < 0) {
		close(fd);
		return rc;
	}
	return fd;
}

static void dispatch(struct pd_loop *l, int i, uint32_t events)
{
	struct watch w = l->w[i];
	if (w.fd < 0)
		return; /* removed by an earlier callback in this batch */
	if (w.timer_cb) {
		uint64_t expirations;
		if (read(w.fd, &expirations, sizeof(expirations)) != sizeof(expirations))
			return; /* spurious: EAGAIN */
		w.timer_cb(l, w.fd, w.arg);
	} else if (w.signal_cb) {
		struct signalfd_siginfo si;
		while (read(w.fd, &si, sizeof(si)) == sizeof(si)) {
			w.signal_cb(l, (int)si.ssi_signo, &si, w.arg);
			if (l->w[i].fd != w.fd)
				break;
		}
	} else {
		w.cb(l, w.fd, events, w.arg);
	}
}

int pd_loop_run(struct pd_loop *loop)
{
	struct epoll_event ev[MAX_WATCHES];
	loop->stop = 0;
	while (!loop->stop) {
		int n = epoll_wait(loop->epfd, ev, MAX_WATCHES, -1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		for (int i = 0; i < n && !loop->stop; i++)
			dispatch(loop, (int)ev[i].data.u32, ev[i].events);
	}
	return 0;
}

void pd_loop_stop(struct pd_loop *loop) { loop->stop = 1; }
