/*
 * test_self_status.c - parsing SigIgn: and CapBnd: out of /proc/self/status
 * (src/launcher/self_status.c): the masks the child trusts to skip resetting
 * signals and dropping capabilities, so a damaged field must never read as
 * a smaller mask.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "launcher/self_status.h"

static void both_fields_are_read(void **state)
{
	struct pd_self_status st;
	pd_self_status_parse("Name:\tx\nSigBlk:\t0000000000000000\nSigIgn:\t0000000000001001\n"
			     "SigCgt:\t0000000000000000\nCapBnd:\t000001ffffffffff\nCapAmb:\t0\n",
			     &st);
	assert_int_equal(st.sig_ignored, 0x1001);
	assert_int_equal(st.cap_bounding, 0x1ffffffffffULL);
}

static void a_missing_field_reads_as_all_ones(void **state)
{
	struct pd_self_status st;
	pd_self_status_parse("Name:\tx\nSigIgn:\t0000000000000004\n", &st);
	assert_int_equal(st.sig_ignored, 4);
	assert_int_equal(st.cap_bounding, UINT64_MAX);
	pd_self_status_parse("", &st);
	assert_int_equal(st.sig_ignored, UINT64_MAX);
}

static void a_line_cut_short_is_not_trusted(void **state)
{
	struct pd_self_status st;
	/* A read that stopped inside the mask: "000001ff..." became "0000". */
	pd_self_status_parse("SigIgn:\t0000000000000000\nCapBnd:\t0000", &st);
	assert_int_equal(st.sig_ignored, 0);
	assert_int_equal(st.cap_bounding, UINT64_MAX);
}

static void only_a_field_at_the_start_of_a_line_counts(void **state)
{
	struct pd_self_status st;
	pd_self_status_parse("Name:\tSigIgn:\t1\nSigIgn:\t0000000000000002\nXCapBnd:\t0\n", &st);
	assert_int_equal(st.sig_ignored, 2);
	assert_int_equal(st.cap_bounding, UINT64_MAX);
}

static void junk_in_a_mask_reads_as_all_ones(void **state)
{
	struct pd_self_status st;
	pd_self_status_parse("SigIgn:\tzz\nCapBnd:\t12g4\n", &st);
	assert_int_equal(st.sig_ignored, UINT64_MAX);
	assert_int_equal(st.cap_bounding, UINT64_MAX);
}

static void this_process_has_its_own_values(void **state)
{
	const struct pd_self_status *st = pd_self_status();
	/* The test runs with its bounding set readable: not the fallback. */
	assert_true(st->cap_bounding != UINT64_MAX);
	assert_ptr_equal(st, pd_self_status()); /* read once */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(both_fields_are_read),
	    cmocka_unit_test(a_missing_field_reads_as_all_ones),
	    cmocka_unit_test(a_line_cut_short_is_not_trusted),
	    cmocka_unit_test(only_a_field_at_the_start_of_a_line_counts),
	    cmocka_unit_test(junk_in_a_mask_reads_as_all_ones),
	    cmocka_unit_test(this_process_has_its_own_values),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
