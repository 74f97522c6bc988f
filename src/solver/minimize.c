#include "solver/minimize.h"

#include <stdlib.h>
#include <string.h>

bool fc_delete_in_order(size_t n, fc_subset_probe probe, void *arg,
                        const fc_ivec *seed, fc_ivec *keep_out)
{
    bool *in = fc_xcalloc(n ? n : 1, sizeof(bool));
    bool *in_core = fc_xcalloc(n ? n : 1, sizeof(bool));
    size_t *idx = fc_xcalloc(n ? n : 1, sizeof(size_t));
    fc_ivec core = {0};
    for (size_t i = 0; i < n; i++) {
        in[i] = true;
        idx[i] = i;
    }
    bool whole = seed != NULL;
    const fc_ivec *known = seed;
    if (!seed && probe(arg, idx, n, &core)) {
        whole = true;
        known = &core;
    }
    for (size_t k = 0; known && k < known->len; k++)
        in_core[known->data[k]] = true;
    bool have_core = whole;
    for (size_t i = 0; i < n; i++) {
        if (have_core && !in_core[i]) {
            in[i] = false;
            continue;
        }
        size_t m = 0;
        for (size_t k = 0; k < n; k++)
            if (in[k] && k != i)
                idx[m++] = k;
        if (probe(arg, idx, m, &core)) {
            in[i] = false;
            have_core = true;
            memset(in_core, 0, n * sizeof(bool));
            for (size_t k = 0; k < core.len; k++)
                in_core[core.data[k]] = true;
        }
    }
    keep_out->len = 0;
    for (size_t i = 0; i < n; i++)
        if (in[i])
            fc_vec_push(keep_out, (int)i);
    fc_vec_free(&core);
    free(in);
    free(in_core);
    free(idx);
    return whole;
}

