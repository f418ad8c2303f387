/*
 * test_common_json.c - unit tests for src/common/json.c: structure,
 * escaping, and invalid UTF-8 replaced by U+FFFD.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "common/json.h"

/* Run FN on a compact writer and return what it wrote (static buffer). */
static const char *render(void (*fn)(struct pd_json *j))
{
	static char out[4096];
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct pd_json j;
	pd_json_init(&j, f, 0);
	fn(&j);
	assert_int_equal(pd_json_finish(&j), 0);
	fclose(f);
	snprintf(out, sizeof(out), "%s", buf);
	free(buf);
	return out;
}

static void doc_nested(struct pd_json *j)
{
	pd_json_object_begin(j, NULL);
	pd_json_int(j, "a", -1);
	pd_json_uint(j, "b", 18446744073709551615ull);
	pd_json_array_begin(j, "c");
	pd_json_bool(j, NULL, 1);
	pd_json_null(j, NULL);
	pd_json_double(j, NULL, 1.5, 3);
	pd_json_array_end(j);
	pd_json_object_begin(j, "d");
	pd_json_object_end(j);
	pd_json_array_begin(j, "e");
	pd_json_array_end(j);
	pd_json_string(j, "f", NULL);
	pd_json_object_end(j);
}

static void test_structure(void **state)
{
	(void)state;
	assert_string_equal(render(doc_nested),
			    "{\"a\":-1,\"b\":18446744073709551615,\"c\":[true,null,1.500],\"d\":{},"
			    "\"e\":[],\"f\":null}\n");
}

static void doc_escapes(struct pd_json *j) { pd_json_string(j, NULL, "q\"b\\n\nt\tc\x01\x7f/"); }

static void test_escapes(void **state)
{
	(void)state;
	assert_string_equal(render(doc_escapes), "\"q\\\"b\\\\n\\nt\\tc\\u0001\\u007f/\"\n");
}

static void doc_utf8(struct pd_json *j)
{
	pd_json_array_begin(j, NULL);
	pd_json_string(j, NULL, "caf\xc3\xa9");	     /* valid 2-byte */
	pd_json_string(j, NULL, "\xe2\x82\xac");     /* valid 3-byte euro */
	pd_json_string(j, NULL, "\xf0\x9f\x98\x80"); /* valid 4-byte */
	pd_json_string(j, NULL,
		       "a\xff"
		       "b");			     /* invalid byte */
	pd_json_string(j, NULL, "\xc3");	     /* truncated */
	pd_json_string(j, NULL, "\xc0\xaf");	     /* overlong */
	pd_json_string(j, NULL, "\xed\xa0\x80");     /* surrogate */
	pd_json_string(j, NULL, "\xf4\x90\x80\x80"); /* above U+10FFFF */
	pd_json_array_end(j);
}

static void test_utf8(void **state)
{
	(void)state;
	assert_string_equal(render(doc_utf8),
			    "[\"caf\xc3\xa9\",\"\xe2\x82\xac\",\"\xf0\x9f\x98\x80\",\"a\\ufffdb\","
			    "\"\\ufffd\",\"\\ufffd\\ufffd\",\"\\ufffd\\ufffd\\ufffd\","
			    "\"\\ufffd\\ufffd\\ufffd\\ufffd\"]\n");
}

static void doc_nonfinite(struct pd_json *j)
{
	pd_json_array_begin(j, NULL);
	pd_json_double(j, NULL, 1.0 / 0.0, 2);
	pd_json_double(j, NULL, 0.0 / 0.0, 2);
	pd_json_array_end(j);
}

static void test_nonfinite(void **state)
{
	(void)state;
	assert_string_equal(render(doc_nonfinite), "[null,null]\n");
}

static void doc_pretty(struct pd_json *j)
{
	j->pretty = 1;
	pd_json_object_begin(j, NULL);
	pd_json_int(j, "x", 1);
	pd_json_array_begin(j, "y");
	pd_json_int(j, NULL, 2);
	pd_json_array_end(j);
	pd_json_object_end(j);
}

static void test_pretty(void **state)
{
	(void)state;
	assert_string_equal(render(doc_pretty), "{\n  \"x\": 1,\n  \"y\": [\n    2\n  ]\n}\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_structure), cmocka_unit_test(test_escapes),
	    cmocka_unit_test(test_utf8),      cmocka_unit_test(test_nonfinite),
	    cmocka_unit_test(test_pretty),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
