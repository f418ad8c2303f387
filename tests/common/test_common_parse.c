/*
 * test_common_parse.c - unit tests for src/common/parse.c: sizes, counts,
 * systemd time spans, booleans, and their formatting.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "common/parse.h"

static uint64_t size_ok(const char *s)
{
	uint64_t v = 0;
	const char *why = NULL;
	assert_int_equal(pd_parse_size(s, &v, &why), 0);
	return v;
}

static const char *size_bad(const char *s)
{
	uint64_t v = 0;
	const char *why = NULL;
	assert_int_equal(pd_parse_size(s, &v, &why), -1);
	assert_non_null(why);
	return why;
}

static uint64_t span_ok(const char *s)
{
	uint64_t v = 0;
	const char *why = NULL;
	assert_int_equal(pd_parse_timespan(s, &v, &why), 0);
	return v;
}

static const char *span_bad(const char *s)
{
	uint64_t v = 0;
	const char *why = NULL;
	assert_int_equal(pd_parse_timespan(s, &v, &why), -1);
	assert_non_null(why);
	return why;
}

static void test_sizes(void **state)
{
	(void)state;
	assert_int_equal(size_ok("0"), 0);
	assert_int_equal(size_ok("512"), 512);
	assert_int_equal(size_ok("64K"), 65536);
	assert_int_equal(size_ok("1M"), 1048576);
	assert_int_equal(size_ok("1.5G"), 1610612736ull);
	assert_int_equal(size_ok("2T"), 2ull << 40);
	assert_int_equal(size_ok("1P"), 1ull << 50);
	assert_int_equal(size_ok("7E"), 7ull << 60);
	assert_int_equal(size_ok("10KB"), 10240);
	assert_true(size_ok("infinity") == PD_INFINITY);
}

static void test_size_errors(void **state)
{
	(void)state;
	assert_string_equal(size_bad("12Q"), "unknown size suffix (use K, M, G, T, P or E)");
	assert_string_equal(size_bad("-1"), "negative values are not allowed");
	assert_string_equal(size_bad(""), "expected a number");
	assert_string_equal(size_bad("K"), "expected a number");
	assert_string_equal(size_bad("16E"), "value is too large");
	assert_string_equal(size_bad("99999999999999999999"), "value is too large");
	assert_string_equal(size_bad("1.5"), "a byte count must be a whole number");
	assert_string_equal(size_bad("1MM"), "unknown size suffix (use K, M, G, T, P or E)");
	size_bad("1 M");
	size_bad("0x10");
}

static void test_counts(void **state)
{
	(void)state;
	uint64_t v;
	const char *why;
	assert_int_equal(pd_parse_count("42", &v, &why), 0);
	assert_int_equal(v, 42);
	assert_int_equal(pd_parse_count("infinity", &v, &why), 0);
	assert_true(v == PD_INFINITY);
	assert_int_equal(pd_parse_count("4K", &v, &why), -1);
	assert_int_equal(pd_parse_count("1.0", &v, &why), -1);
	assert_int_equal(pd_parse_count("-3", &v, &why), -1);
	assert_string_equal(why, "negative values are not allowed");
}

static void test_timespans(void **state)
{
	(void)state;
	assert_int_equal(span_ok("90s"), 90000000ull);
	assert_int_equal(span_ok("90"), 90000000ull);
	assert_int_equal(span_ok("2min"), 120000000ull);
	assert_int_equal(span_ok("1h 30min"), 5400000000ull);
	assert_int_equal(span_ok("1h30min"), 5400000000ull);
	assert_int_equal(span_ok("500ms"), 500000ull);
	assert_int_equal(span_ok("1.5s"), 1500000ull);
	assert_int_equal(span_ok("2d"), 172800000000ull);
	assert_int_equal(span_ok("1w"), 604800000000ull);
	assert_int_equal(span_ok("10us"), 10);
	assert_int_equal(span_ok("3 seconds"), 3000000ull);
	assert_int_equal(span_ok("0"), 0);
	assert_true(span_ok("infinity") == PD_INFINITY);
}

static void test_timespan_errors(void **state)
{
	(void)state;
	assert_string_equal(span_bad("soon"), "expected a number");
	assert_string_equal(span_bad("-1"), "negative values are not allowed");
	assert_string_equal(span_bad("-1s"), "negative values are not allowed");
	assert_string_equal(span_bad("5fortnights"),
			    "unknown time unit (use us, ms, s, min, h, d, w)");
	assert_string_equal(span_bad(""), "expected a time span such as 90s, 2min or 500ms");
	assert_string_equal(span_bad("5 10"), "a bare number must stand alone");
	assert_string_equal(span_bad("99999999999999999999s"), "value is too large");
	assert_string_equal(span_bad("9999999999999y"), "value is too large");
	span_bad("1h -5min");
}

static void test_bools(void **state)
{
	(void)state;
	const char *yes[] = {"1", "yes", "Y", "true", "t", "ON"};
	const char *no[] = {"0", "no", "n", "FALSE", "f", "off"};
	int v;
	const char *why;
	for (unsigned i = 0; i < 6; i++) {
		assert_int_equal(pd_parse_bool(yes[i], &v, &why), 0);
		assert_int_equal(v, 1);
		assert_int_equal(pd_parse_bool(no[i], &v, &why), 0);
		assert_int_equal(v, 0);
	}
	assert_int_equal(pd_parse_bool("maybe", &v, &why), -1);
	assert_int_equal(pd_parse_bool("", &v, &why), -1);
}

static void test_formatting(void **state)
{
	(void)state;
	char buf[64];
	assert_string_equal(pd_fmt_size(1073741824ull, buf, sizeof(buf)), "1G");
	assert_string_equal(pd_fmt_size(1536 * 1024, buf, sizeof(buf)), "1536K");
	assert_string_equal(pd_fmt_size(123, buf, sizeof(buf)), "123");
	assert_string_equal(pd_fmt_size(PD_INFINITY, buf, sizeof(buf)), "infinity");
	assert_string_equal(pd_fmt_bytes(1536, buf, sizeof(buf)), "1.5 KiB");
	assert_string_equal(pd_fmt_bytes(10, buf, sizeof(buf)), "10 B");
	assert_string_equal(pd_fmt_timespan(90000000ull, buf, sizeof(buf)), "1min 30s");
	assert_string_equal(pd_fmt_timespan(500000, buf, sizeof(buf)), "500ms");
	assert_string_equal(pd_fmt_timespan(0, buf, sizeof(buf)), "0");
	/* round trip */
	uint64_t v;
	const char *why;
	assert_int_equal(
	    pd_parse_timespan(pd_fmt_timespan(5400123456ull, buf, sizeof(buf)), &v, &why), 0);
	assert_int_equal(v, 5400123456ull);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_sizes),	    cmocka_unit_test(test_size_errors),
	    cmocka_unit_test(test_counts),	    cmocka_unit_test(test_timespans),
	    cmocka_unit_test(test_timespan_errors), cmocka_unit_test(test_bools),
	    cmocka_unit_test(test_formatting),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
