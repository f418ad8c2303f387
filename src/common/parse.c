/*
 * parse.c - systemd-style value parsing: sizes, counts, time spans and
 * booleans (see systemd.exec(5) and systemd.time(7)), plus their inverse
 * formatting for `paddock show` and reports.
 */
#include "common/parse.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* Parse "DIGITS[.DIGITS]" at *P. Whole part into *WHOLE, fraction as
 * FRAC/FRAC_DIV (at most 9 fractional digits kept). */
static int parse_decimal(const char **p, uint64_t *whole, uint64_t *frac, uint64_t *frac_div,
			 const char **why)
{
	const char *s = *p;
	uint64_t w = 0, f = 0, div = 1;
	int digits = 0;

	if (*s == '-') {
		*why = "negative values are not allowed";
		return -1;
	}
	while (isdigit((unsigned char)*s)) {
		unsigned d = (unsigned)(*s - '0');
		if (w > (UINT64_MAX - d) / 10) {
			*why = "value is too large";
			return -1;
		}
		w = w * 10 + d;
		s++;
		digits++;
	}
	if (*s == '.') {
		s++;
		while (isdigit((unsigned char)*s)) {
			if (div < 1000000000ull) {
				f = f * 10 + (uint64_t)(*s - '0');
				div *= 10;
			}
			s++;
			digits++;
		}
	}
	if (!digits) {
		*why = "expected a number";
		return -1;
	}
	*whole = w;
	*frac = f;
	*frac_div = div;
	*p = s;
	return 0;
}

/* WHOLE.FRAC * MUL, with overflow check. */
static int scale(uint64_t whole, uint64_t frac, uint64_t div, uint64_t mul, uint64_t *out,
		 const char **why)
{
	if (mul && whole > UINT64_MAX / mul) {
		*why = "value is too large";
		return -1;
	}
	uint64_t v = whole * mul;
	/* frac/div * mul without overflow: mul <= 2^60, div <= 1e9 */
	uint64_t part = (uint64_t)((__uint128_t)frac * mul / div);
	if (v > UINT64_MAX - part) {
		*why = "value is too large";
		return -1;
	}
	*out = v + part;
	return 0;
}

int pd_parse_size(const char *s, uint64_t *out, const char **why)
{
	static const char suffixes[] = "KMGTPE";
	uint64_t whole, frac, div, mul = 1;

	if (!strcmp(s, "infinity")) {
		*out = PD_INFINITY;
		return 0;
	}
	while (*s == ' ')
		s++;
	if (parse_decimal(&s, &whole, &frac, &div, why) < 0)
		return -1;
	if (*s) {
		const char *k = strchr(suffixes, *s);
		if (!k) {
			*why = *s == 'B' && !s[1] ? NULL
						  : "unknown size suffix (use K, M, G, T, P or E)";
			if (*why)
				return -1;
		} else {
			for (long i = 0; i <= k - suffixes; i++)
				mul *= 1024;
			s++;
		}
		if (*s == 'B')
			s++;
		if (*s) {
			*why = "unknown size suffix (use K, M, G, T, P or E)";
			return -1;
		}
	}
	if (mul == 1 && frac) {
		*why = "a byte count must be a whole number";
		return -1;
	}
	if (scale(whole, frac, div, mul, out, why) < 0)
		return -1;
	if (*out == PD_INFINITY) {
		*why = "value is too large";
		return -1;
	}
	return 0;
}

int pd_parse_count(const char *s, uint64_t *out, const char **why)
{
	uint64_t whole, frac, div;

	if (!strcmp(s, "infinity")) {
		*out = PD_INFINITY;
		return 0;
	}
	if (parse_decimal(&s, &whole, &frac, &div, why) < 0)
		return -1;
	if (div != 1 || *s) {
		*why = "expected a whole number or 'infinity'";
		return -1;
	}
	if (whole == PD_INFINITY) {
		*why = "value is too large";
		return -1;
	}
	*out = whole;
	return 0;
}

static const struct {
	const char *name;
	uint64_t usec;
} time_units[] = {
    /* longest first where one is a prefix of another */
    {"seconds", 1000000ull},
    {"second", 1000000ull},
    {"sec", 1000000ull},
    {"s", 1000000ull},
    {"minutes", 60000000ull},
    {"minute", 60000000ull},
    {"min", 60000000ull},
    {"months", 2629800000000ull},
    {"month", 2629800000000ull},
    {"msec", 1000ull},
    {"ms", 1000ull},
    {"m", 60000000ull},
    {"hours", 3600000000ull},
    {"hour", 3600000000ull},
    {"hr", 3600000000ull},
    {"h", 3600000000ull},
    {"days", 86400000000ull},
    {"day", 86400000000ull},
    {"d", 86400000000ull},
    {"weeks", 604800000000ull},
    {"week", 604800000000ull},
    {"w", 604800000000ull},
    {"years", 31557600000000ull},
    {"year", 31557600000000ull},
    {"y", 31557600000000ull},
    {"usec", 1ull},
    {"us", 1ull},
    {"\xc2\xb5s", 1ull},
    {"M", 2629800000000ull},
};

int pd_parse_timespan(const char *s, uint64_t *usec, const char **why)
{
	uint64_t total = 0;
	int terms = 0;

	while (*s == ' ')
		s++;
	if (!strcmp(s, "infinity")) {
		*usec = PD_INFINITY;
		return 0;
	}
	while (*s) {
		uint64_t whole, frac, div, mul = 0, v;
		if (parse_decimal(&s, &whole, &frac, &div, why) < 0) {
			if (terms)
				*why = "expected a number after the previous unit";
			return -1;
		}
		while (*s == ' ')
			s++;
		size_t len = 0;
		while (s[len] && !isdigit((unsigned char)s[len]) && s[len] != ' ' &&
		       s[len] != '.' && s[len] != '-')
			len++;
		if (len == 0) {
			mul = 1000000ull; /* bare number: seconds */
		} else {
			for (size_t i = 0; i < sizeof(time_units) / sizeof(time_units[0]); i++) {
				if (strlen(time_units[i].name) == len &&
				    !strncmp(time_units[i].name, s, len)) {
					mul = time_units[i].usec;
					break;
				}
			}
			if (!mul) {
				*why = "unknown time unit (use us, ms, s, min, h, d, w)";
				return -1;
			}
			s += len;
		}
		if (scale(whole, frac, div, mul, &v, why) < 0)
			return -1;
		if (total > UINT64_MAX - 1 - v) {
			*why = "value is too large";
			return -1;
		}
		total += v;
		terms++;
		while (*s == ' ')
			s++;
		if (len == 0 && *s) {
			*why = "a bare number must stand alone";
			return -1;
		}
	}
	if (!terms) {
		*why = "expected a time span such as 90s, 2min or 500ms";
		return -1;
	}
	*usec = total;
	return 0;
}

int pd_parse_bool(const char *s, int *out, const char **why)
{
	static const char *const yes[] = {"1", "yes", "y", "true", "t", "on"};
	static const char *const no[] = {"0", "no", "n", "false", "f", "off"};
	for (unsigned i = 0; i < 6; i++) {
		if (!strcasecmp(s, yes[i])) {
			*out = 1;
			return 0;
		}
		if (!strcasecmp(s, no[i])) {
			*out = 0;
			return 0;
		}
	}
	*why = "expected a boolean (yes/no, true/false, on/off, 1/0)";
	return -1;
}

const char *pd_fmt_bytes(uint64_t bytes, char *buf, unsigned n)
{
	static const char *const units[] = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
	if (bytes == PD_INFINITY) {
		snprintf(buf, n, "infinity");
		return buf;
	}
	if (bytes < 1024) {
		snprintf(buf, n, "%llu B", (unsigned long long)bytes);
		return buf;
	}
	double v = (double)bytes / 1024;
	unsigned u = 0;
	while (v >= 1024 && u < 5) {
		v /= 1024;
		u++;
	}
	snprintf(buf, n, "%.1f %s", v, units[u]);
	return buf;
}

const char *pd_fmt_size(uint64_t bytes, char *buf, unsigned n)
{
	static const char suffix[] = "KMGTPE";
	unsigned u = 0;
	if (bytes == PD_INFINITY) {
		snprintf(buf, n, "infinity");
		return buf;
	}
	while (bytes && bytes % 1024 == 0 && u < 6) {
		bytes /= 1024;
		u++;
	}
	if (u)
		snprintf(buf, n, "%llu%c", (unsigned long long)bytes, suffix[u - 1]);
	else
		snprintf(buf, n, "%llu", (unsigned long long)bytes);
	return buf;
}

const char *pd_fmt_timespan(uint64_t usec, char *buf, unsigned n)
{
	static const struct {
		const char *name;
		uint64_t usec;
	} parts[] = {{"d", 86400000000ull}, {"h", 3600000000ull}, {"min", 60000000ull},
		     {"s", 1000000ull},	    {"ms", 1000ull},	  {"us", 1ull}};
	size_t len = 0;
	if (usec == PD_INFINITY) {
		snprintf(buf, n, "infinity");
		return buf;
	}
	if (usec == 0) {
		snprintf(buf, n, "0");
		return buf;
	}
	buf[0] = '\0';
	for (unsigned i = 0; i < 6 && usec; i++) {
		if (usec < parts[i].usec)
			continue;
		int w = snprintf(buf + len, n > len ? n - len : 0, "%s%llu%s", len ? " " : "",
				 (unsigned long long)(usec / parts[i].usec), parts[i].name);
		if (w > 0)
			len += (size_t)w;
		if (len >= n)
			break;
		usec %= parts[i].usec;
	}
	return buf;
}
