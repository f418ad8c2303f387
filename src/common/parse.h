/*
 * parse.h - value syntax shared by every directive, following systemd:
 * sizes (base 1024), time spans, booleans and counts. Pure functions: each
 * returns 0, or -1 with a static reason in *WHY ("unknown unit 'Q'").
 */
#ifndef PD_PARSE_H
#define PD_PARSE_H

#include <stdint.h>

/* UINT64_MAX stands for "infinity" in every parser below that accepts it. */
#define PD_INFINITY UINT64_MAX

/* "512", "64K", "1.5G", "infinity". Suffixes K M G T P E (base 1024) and an
 * optional trailing B. Rejects negatives, junk, empty and overflow. */
int pd_parse_size(const char *s, uint64_t *out, const char **why);

/* A plain non-negative integer, or "infinity". */
int pd_parse_count(const char *s, uint64_t *out, const char **why);

/* systemd time span: "90s", "2min", "1h 30min", "500ms", "1.5h"; a bare
 * number is seconds; "infinity". Result in microseconds. */
int pd_parse_timespan(const char *s, uint64_t *usec, const char **why);

/* 1/yes/y/true/t/on and 0/no/n/false/f/off (case-insensitive). */
int pd_parse_bool(const char *s, int *out, const char **why);

/* Format BYTES as "1.5 MiB" (or "N B") into BUF; returns BUF. */
const char *pd_fmt_bytes(uint64_t bytes, char *buf, unsigned n);
/* Format a size in directive syntax ("64M", "1536K", "123", "infinity"). */
const char *pd_fmt_size(uint64_t bytes, char *buf, unsigned n);
/* Format microseconds in time-span syntax ("1min 30s", "500ms", "infinity"). */
const char *pd_fmt_timespan(uint64_t usec, char *buf, unsigned n);

#endif
