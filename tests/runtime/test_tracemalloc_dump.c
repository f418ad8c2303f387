/*
 * test_tracemalloc_dump.c - Snapshot.dump and Snapshot.load: round trips,
 * files truncated at every byte, every byte flipped, and files whose
 * checksum is valid but whose counts, indexes or version are not.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pgc.h"
#include "pgc_tracemalloc.h"
#include "runtime/internal.h"
#include "tracemalloc_test.h"

static char dump_path[64];

/* A snapshot with a few sites and raw frames, dumped to dump_path. */
static pgc_tracemalloc_snapshot *make_dump(void **blocks, size_t *dump_len)
{
	assert_int_equal(pgc_tracemalloc_start(4), 0);
	alloc_at(blocks, 3, 24, "d1.c", 11);
	alloc_at(blocks + 3, 2, 240, "dir/d2.c", 22);
	blocks[5] = path_one();
	pgc_tracemalloc_snapshot *s;
	assert_int_equal(pgc_tracemalloc_take_snapshot(&s), 0);
	assert_int_equal(pgc_tracemalloc_snapshot_dump(s, dump_path), 0);
	FILE *f = fopen(dump_path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	*dump_len = (size_t)ftell(f);
	fclose(f);
	return s;
}

static void free_dump_blocks(void **blocks)
{
	free_all(blocks, 3, 24);
	free_all(blocks + 3, 2, 240);
	pgc__free(blocks[5], 24);
}

static void dump_and_load_round_trip(void **state)
{
	void *blocks[6];
	size_t len;
	pgc_tracemalloc_snapshot *s = make_dump(blocks, &len), *t;
	assert_int_equal(pgc_tracemalloc_snapshot_load(dump_path, &t), 0);
	assert_int_equal(pgc_tracemalloc_snapshot_ntraces(t), 6);
	assert_int_equal(pgc_tracemalloc_snapshot_size(t), 3 * 24 + 2 * 240 + 24);
	assert_int_equal(pgc_tracemalloc_snapshot_traceback_limit(t), 4);
	struct pgc_tracemalloc_stats *d;
	assert_int_equal(
	    pgc_tracemalloc_snapshot_compare_to(t, s, PGC_TRACEMALLOC_KEY_TRACEBACK, 0, &d), 0);
	assert_int_equal(d->n, 3);
	for (size_t i = 0; i < d->n; i++) {
		assert_int_equal(d->items[i].size_diff, 0);
		assert_int_equal(d->items[i].count_diff, 0);
	}
	assert_string_equal(d->items[0].traceback.frames[0].filename, "dir/d2.c");
	pgc_tracemalloc_stats_free(d);
	pgc_tracemalloc_snapshot_free(t);
	assert_int_equal(pgc_tracemalloc_snapshot_dump(s, "/"), -EISDIR);
	pgc_tracemalloc_snapshot_free(s);
	free_dump_blocks(blocks);
	assert_int_equal(pgc_tracemalloc_snapshot_load("/nonexistent/x", &t), -ENOENT);
	assert_int_equal(pgc_tracemalloc_snapshot_load("/", &t), -EINVAL);
}

static unsigned char *read_dump(size_t len)
{
	unsigned char *buf = malloc(len);
	FILE *f = fopen(dump_path, "rb");
	assert_non_null(f);
	assert_int_equal(fread(buf, 1, len, f), len);
	fclose(f);
	return buf;
}

static void write_dump(const unsigned char *buf, size_t len)
{
	FILE *f = fopen(dump_path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(buf, 1, len, f), len);
	fclose(f);
}

static void truncated_and_flipped_dumps_are_rejected(void **state)
{
	void *blocks[6];
	size_t len;
	pgc_tracemalloc_snapshot *s = make_dump(blocks, &len), *t;
	unsigned char *orig = read_dump(len);
	for (size_t cut = 0; cut < len; cut++) {
		write_dump(orig, cut);
		assert_int_equal(pgc_tracemalloc_snapshot_load(dump_path, &t), -EINVAL);
		assert_null(t);
	}
	unsigned char *bad = malloc(len);
	for (size_t i = 0; i < len; i++) {
		memcpy(bad, orig, len);
		bad[i] ^= (unsigned char)(1u << (i % 8));
		write_dump(bad, len);
		int rc = pgc_tracemalloc_snapshot_load(dump_path, &t);
		assert_true(rc == -EINVAL || rc == -EPROTO);
		assert_null(t);
	}
	/* Appended garbage is corrupt too. */
	unsigned char *longer = calloc(1, len + 3);
	memcpy(longer, orig, len);
	write_dump(longer, len + 3);
	assert_int_equal(pgc_tracemalloc_snapshot_load(dump_path, &t), -EINVAL);
	free(longer);
	free(bad);
	free(orig);
	pgc_tracemalloc_snapshot_free(s);
	free_dump_blocks(blocks);
}

/* FNV-1a, as the dump format's trailer. */
static void reseal(unsigned char *buf, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ull;
	for (size_t i = 0; i + 8 < len; i++)
		h = (h ^ buf[i]) * 0x100000001b3ull;
	for (int k = 0; k < 8; k++)
		buf[len - 8 + k] = (unsigned char)(h >> (8 * k));
}

static void dumps_with_a_valid_checksum_but_bad_fields_are_rejected(void **state)
{
	void *blocks[6];
	size_t len;
	pgc_tracemalloc_snapshot *s = make_dump(blocks, &len), *t;
	unsigned char *orig = read_dump(len), *bad = malloc(len);
	/* Header offsets: version 8, limit 12, nstrings 16, ntbs 20,
	 * nframes 24, ntraces 32, payload_len 40. */
	static const struct {
		size_t off;
		unsigned char val;
		int rc;
	} cases[] = {
	    {8, 2, -EPROTO},	 {12, 0, -EINVAL},    {12, 200, -EINVAL},  {16, 0xff, -EINVAL},
	    {19, 0x7f, -EINVAL}, {23, 0x7f, -EINVAL}, {31, 0x7f, -EINVAL}, {39, 0x7f, -EINVAL},
	    {40, 1, -EINVAL},	 {20, 0, -EINVAL},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		memcpy(bad, orig, len);
		bad[cases[i].off] = cases[i].val;
		reseal(bad, len);
		write_dump(bad, len);
		assert_int_equal(pgc_tracemalloc_snapshot_load(dump_path, &t), cases[i].rc);
	}
	/* Every payload byte set to 0xff in turn, resealed: an error or a
	 * consistent snapshot, never a crash (ASan checks the reads). */
	for (size_t i = 48; i + 8 < len; i++) {
		memcpy(bad, orig, len);
		bad[i] = 0xff;
		reseal(bad, len);
		write_dump(bad, len);
		if (pgc_tracemalloc_snapshot_load(dump_path, &t) == 0) {
			struct pgc_tracemalloc_stats *st;
			assert_int_equal(pgc_tracemalloc_snapshot_statistics(
					     t, PGC_TRACEMALLOC_KEY_LINENO, 1, &st),
					 0);
			pgc_tracemalloc_stats_free(st);
			pgc_tracemalloc_snapshot_free(t);
		}
	}
	free(bad);
	free(orig);
	pgc_tracemalloc_snapshot_free(s);
	free_dump_blocks(blocks);
}

static int teardown(void **state)
{
	pgc_tracemalloc_stop();
	unlink(dump_path);
	return 0;
}

int main(void)
{
	pgc_init();
	snprintf(dump_path, sizeof dump_path, "/tmp/pgc-tm-dump-test-%d.dump", (int)getpid());
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_teardown(dump_and_load_round_trip, teardown),
	    cmocka_unit_test_teardown(truncated_and_flipped_dumps_are_rejected, teardown),
	    cmocka_unit_test_teardown(dumps_with_a_valid_checksum_but_bad_fields_are_rejected,
				      teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
