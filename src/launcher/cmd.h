/*
 * cmd.h - the subcommands of paddock, one per cmd_<name>.c, dispatched by
 * main.c's table. Each returns the process exit status.
 */
#ifndef PD_CMD_H
#define PD_CMD_H

/* ARGV[0] is the subcommand name. */
int pd_cmd_run(int argc, char **argv);
int pd_cmd_profiles(int argc, char **argv); /* cmd_profiles.c */
int pd_cmd_show(int argc, char **argv);	    /* cmd_show.c */
int pd_cmd_check(int argc, char **argv);    /* cmd_check.c */
int pd_cmd_syscalls(int argc, char **argv); /* cmd_syscalls.c */

#endif
