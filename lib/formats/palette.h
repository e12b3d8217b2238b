/*
 * palette: a float32 table of few distinct values (the featurizer's IDF: one value per
 * document frequency) stored as three .npy entries of a model archive:
 *   NAME.common.npy  float32 (k,), k <= 255: its commonest values, most frequent first;
 *   NAME.codes.npy   uint8 (n,): code c < k stands for common[c], 255 for the next value
 *                    of NAME.rare.npy;
 *   NAME.rare.npy    float32 (m,): the values coded 255, in table order.
 * Stored whole, such a table is a match every few bytes to zstd, which then decompresses
 * it at a tenth of the speed of the weights; as codes it is a quarter of the bytes and
 * decompresses as fast as it is copied.  The values come back to the bit.  numpy rebuilds
 * the table with
 *   r = codes == 255; t = np.empty(len(codes), np.float32)
 *   t[~r] = common[codes[~r]]; t[r] = rare
 */
#ifndef PC_PALETTE_H
#define PC_PALETTE_H

#include <stddef.h>
#include <stdint.h>

#include "formats/npy.h"
#include "formats/pcm.h"

#define PALETTE_COMMON_MAX 255
#define PALETTE_RARE 255	/* the code of a value of NAME.rare.npy */

/* v[0..n) into `a` as NAME.common.npy, NAME.codes.npy and NAME.rare.npy (`name` without
 * ".npy"); 0, or -1 after reporting. */
int palette_put(struct pcm *a, const char *name, const float *v, size_t n);

/* The table of n values from the three entries of `a`, malloc'd; NULL after reporting one
 * missing, misshapen or disagreeing with the others ("FILE: ENTRY: what"). */
float *palette_get(const struct pcm *a, const char *name, size_t n);

/* For an archive's check of each entry before its data: 1 when `entry` is one of NAME's
 * three, with the dtype and 1-D shape its .npy header must have and the most values it may
 * hold, for a table of n values (NPY_ANY: any number); 0 when it is not. */
int palette_entry_shape(const char *name, const char *entry, uint64_t n, enum npy_dtype *t,
			uint64_t *shape, uint64_t *max);

#endif
