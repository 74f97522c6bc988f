/* JSON in, JSON out: what bindings, the server and training loops call
 * (the public part is in folcheck.h).  Here: the options and the reward
 * recipe as C values, for the server. */
#ifndef FC_API_H
#define FC_API_H

#include <cjson/cJSON.h>

#include "folcheck.h"
#include "result/result.h"

/* Reads check options from a JSON object (NULL or "": the defaults).
 * False with *err (caller frees) on an unknown key or a bad value. */
bool fc_api_options(const char *json, fc_check_options *o, char **err);

/* fc_check_json with the record's line number, and the check's time
 * (*total_us, 0 for a trace that could not be read; may be NULL). */
char *fc_api_check(fc_checker *c, const char *name, int lineno,
                   const char *input, size_t len, bool record,
                   fc_dialect dialect, uint64_t *total_us);

/* The reward recipe's values (folcheck.h, fc_reward_json); a negative
 * by_type or by_category entry is unset. */
typedef struct fc_reward_weights {
    double valid, coherent_invalid, incoherent, vacuous, error;
    double entailed, definition, failed;
    double by_type[FC_T_COUNT];
    double by_category[FC_CAT_COUNT];
} fc_reward_weights;

void fc_reward_weights_init(fc_reward_weights *w);
bool fc_reward_weights_parse(const char *json, fc_reward_weights *w,
                             char **err);

typedef struct fc_reward {
    double reward;
    double *step_rewards;
    size_t nsteps;
    int first_failed;       /* index into the steps, or -1 */
    const char *verdict;    /* borrowed from the result */
} fc_reward;

/* False with *err (caller frees) when result is not a result object. */
bool fc_reward_compute(const cJSON *result, const fc_reward_weights *w,
                       fc_reward *out, char **err);
void fc_reward_free(fc_reward *r);
cJSON *fc_reward_to_json(const fc_reward *r);

#endif
