/*
 * env.c - the command's environment, built in the parent: clean by default
 * (a safe PATH plus LANG, LC_*, TERM and TZ when set), USER, LOGNAME, HOME
 * and SHELL when User= or DynamicUser= changes the user, then
 * PassEnvironment=, Environment= (systemd quoting) and UnsetEnvironment=,
 * then paddock's own variables (pd_env_add). A secret in paddock's
 * environment reaches the command only when a profile passes it by name.
 */
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "launcher/env.h"
#include "launcher/sandbox_plan.h"

extern char **environ;

#define SAFE_PATH "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

int pd_env_name_valid(const char *s, size_t n)
{
	if (n == 0 || (s[0] >= '0' && s[0] <= '9'))
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!(s[i] == '_' || (s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= '0' && s[i] <= '9')))
			return 0;
	return 1;
}

/* One word of VALUE at *PP, unquoted as systemd's extract_first_word does
 * with EXTRACT_UNQUOTE|EXTRACT_CUNESCAPE. Returns a malloc'd word, NULL at
 * the end, or sets *ERR to a static reason. */
char *pd_env_next_word(const char **pp, const char **err)
{
	const char *p = *pp + strspn(*pp, " \t");
	if (!*p)
		return NULL;
	char *out = pd_alloc_or_die(strlen(p) + 1);
	size_t n = 0;
	char quote = 0;
	for (; *p; p++) {
		if (!quote && (*p == ' ' || *p == '\t'))
			break;
		if (!quote && (*p == '"' || *p == '\'')) {
			quote = *p;
			continue;
		}
		if (quote && *p == quote) {
			quote = 0;
			continue;
		}
		if (*p == '\\' && quote != '\'') {
			p++;
			switch (*p) {
			case 'n':
				out[n++] = '\n';
				break;
			case 't':
				out[n++] = '\t';
				break;
			case '\0':
				*err = "trailing backslash";
				free(out);
				return NULL;
			default:
				out[n++] = *p;
				break;
			}
			continue;
		}
		out[n++] = *p;
	}
	if (quote) {
		*err = "unterminated quote";
		free(out);
		return NULL;
	}
	out[n] = '\0';
	*pp = p;
	return out;
}

char *pd_env_kv(const char *name, const char *value)
{
	size_t n = strlen(name), m = strlen(value);
	char *kv = pd_alloc_or_die(n + m + 2);
	memcpy(kv, name, n);
	kv[n] = '=';
	memcpy(kv + n + 1, value, m + 1);
	return kv;
}

static size_t name_len(const char *kv)
{
	const char *eq = strchr(kv, '=');
	return eq ? (size_t)(eq - kv) : strlen(kv);
}

static void env_remove(struct pd_sandbox_plan *p, const char *name, size_t n)
{
	for (size_t i = 0; i < p->n_env;) {
		if (name_len(p->envp[i]) == n && strncmp(p->envp[i], name, n) == 0) {
			free(p->envp[i]);
			memmove(&p->envp[i], &p->envp[i + 1], (p->n_env - i) * sizeof(char *));
			p->n_env--;
		} else {
			i++;
		}
	}
}

static void env_set(struct pd_sandbox_plan *p, const char *kv)
{
	env_remove(p, kv, name_len(kv));
	if (p->n_env + 2 > p->cap_env) {
		p->cap_env = p->cap_env ? p->cap_env * 2 : 16;
		p->envp = pd_realloc_or_die(p->envp, p->cap_env * sizeof(char *));
	}
	p->envp[p->n_env++] = pd_strdup_or_die(kv);
	p->envp[p->n_env] = NULL;
}

static int inherited_by_default(const char *kv)
{
	size_t n = name_len(kv);
	return (n == 4 && !strncmp(kv, "LANG", 4)) || !strncmp(kv, "LC_", 3) ||
	       (n == 4 && !strncmp(kv, "TERM", 4)) || (n == 2 && !strncmp(kv, "TZ", 2));
}

void pd_env_build(const struct pd_sandbox *s, struct pd_sandbox_plan *p)
{
	env_set(p, SAFE_PATH);
	for (char **e = environ; e && *e; e++)
		if (strchr(*e, '=') && inherited_by_default(*e))
			env_set(p, *e);
	/* User=/DynamicUser=: USER, LOGNAME, HOME, SHELL of the new user;
	 * PassEnvironment= and Environment= below may override them. */
	for (int i = 0; i < 4; i++)
		if (p->login_env[i])
			env_set(p, p->login_env[i]);
	for (size_t i = 0; i < s->n_pass_environment; i++) {
		const char *v = getenv(s->pass_environment[i]);
		if (!v)
			continue;
		char *kv = pd_env_kv(s->pass_environment[i], v);
		env_set(p, kv);
		free(kv);
	}
	for (size_t i = 0; i < s->n_environment; i++)
		env_set(p, s->environment[i]);
	for (size_t i = 0; i < s->n_unset_environment; i++) {
		const char *u = s->unset_environment[i];
		if (!strchr(u, '=')) {
			env_remove(p, u, strlen(u));
			continue;
		}
		for (size_t j = 0; j < p->n_env; j++) /* only the exact assignment */
			if (strcmp(p->envp[j], u) == 0) {
				env_remove(p, u, name_len(u));
				break;
			}
	}
	if (!p->envp) {
		p->envp = pd_alloc_or_die(sizeof(char *));
		p->cap_env = 1;
	}
}

int pd_env_add(struct pd_sandbox_plan *p, const char *kv)
{
	if (!strchr(kv, '=') || !pd_env_name_valid(kv, name_len(kv)))
		return -1;
	env_set(p, kv);
	return 0;
}

char *const *pd_sandbox_envp(const struct pd_sandbox_plan *p) { return p->envp; }

void pd_env_free(struct pd_sandbox_plan *p)
{
	for (size_t i = 0; i < p->n_env; i++)
		free(p->envp[i]);
	free(p->envp);
	p->envp = NULL;
	p->n_env = p->cap_env = 0;
}
