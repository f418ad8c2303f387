/*
 * env.h - environment directive helpers shared by env.c and the directive
 * table (sandbox_directives.c).
 */
#ifndef PD_ENV_H
#define PD_ENV_H

#include <stddef.h>

/* NAME (N bytes) is a valid variable name: [A-Za-z_][A-Za-z0-9_]*. */
int pd_env_name_valid(const char *s, size_t n);
/* Next word of a systemd-quoted list at *PP (advanced). malloc'd; NULL at
 * the end, or NULL with *ERR set on a syntax error. */
char *pd_env_next_word(const char **pp, const char **err);
/* "NAME=VALUE", malloc'd (dies on ENOMEM). */
char *pd_env_kv(const char *name, const char *value);

#endif
