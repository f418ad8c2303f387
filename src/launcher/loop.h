/*
 * loop.h - paddock's event loop: epoll over the child's pidfd/signalfd,
 * timers (wall clock, sampling) and any fd a module adds (the seccomp
 * notification listener). Single-threaded; callbacks run in the loop.
 */
#ifndef PD_LOOP_H
#define PD_LOOP_H

#include <stdint.h>

struct pd_loop;

typedef void (*pd_loop_fd_cb)(struct pd_loop *loop, int fd, uint32_t events, void *arg);

/* Watch FD for EVENTS (EPOLLIN...). Returns 0 or -errno. */
int pd_loop_add_fd(struct pd_loop *loop, int fd, uint32_t events, pd_loop_fd_cb cb, void *arg);
/* Stop watching FD. Safe to call from its own callback. */
void pd_loop_del_fd(struct pd_loop *loop, int fd);

#endif
