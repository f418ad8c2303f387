/*
 * loop.h - paddock's event loop: epoll over the child's pidfd/signalfd,
 * timers (wall clock, sampling) and any fd a module adds (the seccomp
 * notification listener). Single-threaded; callbacks run in the loop.
 */
#ifndef PD_LOOP_H
#define PD_LOOP_H

#include <signal.h>
#include <stdint.h>
#include <sys/signalfd.h>
#include <time.h>

/*
 * Lifecycle: pd_loop_new(); add fds, timers and signals; pd_loop_run() until
 * a callback calls pd_loop_stop(); pd_loop_free(). At most 16 watches.
 */
struct pd_loop;

typedef void (*pd_loop_fd_cb)(struct pd_loop *loop, int fd, uint32_t events, void *arg);

/* Watch FD for EVENTS (EPOLLIN...). Returns 0 or -errno. */
int pd_loop_add_fd(struct pd_loop *loop, int fd, uint32_t events, pd_loop_fd_cb cb, void *arg);
/* Stop watching FD. Safe to call from its own callback. Closes FD only if
 * the loop created it (timers, signals). */
void pd_loop_del_fd(struct pd_loop *loop, int fd);

/* A new loop, or NULL with errno set. */
struct pd_loop *pd_loop_new(void);
/* Closes the epoll fd and every timer/signal fd the loop created. */
void pd_loop_free(struct pd_loop *loop);

typedef void (*pd_loop_timer_cb)(struct pd_loop *loop, int timer_fd, void *arg);
/* A CLOCK_MONOTONIC timer first firing at FIRST_ABS, then every
 * INTERVAL_USEC (0: once). Returns its fd (the id for pd_loop_del_fd) or -errno. */
int pd_loop_add_timer(struct pd_loop *loop, const struct timespec *first_abs,
		      uint64_t interval_usec, pd_loop_timer_cb cb, void *arg);

typedef void (*pd_loop_signal_cb)(struct pd_loop *loop, int signo,
				  const struct signalfd_siginfo *si, void *arg);
/* Deliver SET through a signalfd. The caller must already have blocked SET.
 * Returns the signalfd or -errno. */
int pd_loop_add_signals(struct pd_loop *loop, const sigset_t *set, pd_loop_signal_cb cb, void *arg);

/* Dispatch events until pd_loop_stop(). Returns 0, or -errno if epoll failed. */
int pd_loop_run(struct pd_loop *loop);
/* Make pd_loop_run() return after the current callback. */
void pd_loop_stop(struct pd_loop *loop);

#endif
