/*
 * shapes.h - the object shapes every GC benchmark program builds, so that
 * libpgc, malloc, Boehm GC and CPython (bench/gc_python.py) do the same work:
 *   ring:  a node holding one reference, K nodes linked in a cycle;
 *   churn: N acyclic objects whose sizes cycle through CHURN_SIZES (bytes,
 *          including libpgc's 24-byte header: 1, 3, 5 and 9 pointer slots).
 */
#ifndef BENCH_SHAPES_H
#define BENCH_SHAPES_H

#include <stddef.h>

#define CHURN_KINDS 4
static const size_t churn_slots[CHURN_KINDS] = {1, 3, 5, 9};
/* Allocation size of churn object i: 24-byte header + its slots. */
static inline size_t churn_size(size_t i) { return 24 + 8 * churn_slots[i % CHURN_KINDS]; }

#endif
