#include "result/result.h"

#include <stdlib.h>
#include <string.h>

static const char *const status_names[] = {
    "none",    "entailed",   "contradicted", "undetermined",
    "unknown", "definition", "ill_formed",   "refuted",
};

const char *fc_status_name(fc_status s) { return status_names[s]; }

static const struct {
    const char *name, *title;
} categories[FC_CAT_COUNT] = {
    [FC_CAT_NONE] = {"none", "None"},
    [FC_CAT_FALSE_PREMISE] = {"false_premise", "False premise"},
    [FC_CAT_FALSE_RULE] = {"false_rule", "False rule"},
    [FC_CAT_CALCULATOR_ERROR] = {"calculator_error", "Calculator error"},
    [FC_CAT_FORMAT_ERROR] = {"format_error", "Format error"},
    [FC_CAT_ILL_FORMED] = {"ill_formed", "Ill-formed"},
    [FC_CAT_UNKNOWN] = {"unknown", "Solver unknown"},
};

const char *fc_category_name(fc_category c) { return categories[c].name; }
const char *fc_category_title(fc_category c) { return categories[c].title; }

/* The taxonomy: every type with its category, in the order types are
 * tried (README, "Error taxonomy"). */
static const struct {
    const char *name;
    fc_category category;
} etypes[FC_T_COUNT] = {
    [FC_T_NONE] = {"none", FC_CAT_NONE},
    [FC_T_SYNTAX] = {"syntax", FC_CAT_ILL_FORMED},
    [FC_T_TYPE_MISMATCH] = {"type_mismatch", FC_CAT_FALSE_RULE},
    [FC_T_SOLVER_UNKNOWN] = {"solver_unknown", FC_CAT_UNKNOWN},
    [FC_T_PROPAGATED] = {"propagated", FC_CAT_FALSE_PREMISE},
    [FC_T_OPERATION_MISAPPLICATION] = {"operation_misapplication",
                                       FC_CAT_FALSE_RULE},
    [FC_T_ARITHMETIC] = {"arithmetic", FC_CAT_CALCULATOR_ERROR},
    [FC_T_INFERENCE_VIOLATION] = {"inference_violation", FC_CAT_FALSE_RULE},
    [FC_T_QUANTIFIER_MISUSE] = {"quantifier_misuse", FC_CAT_FALSE_RULE},
    [FC_T_CONTRADICTS_PREMISES] = {"contradicts_premises",
                                   FC_CAT_FALSE_PREMISE},
    [FC_T_CONTRADICTS_STEPS] = {"contradicts_steps", FC_CAT_FALSE_RULE},
    [FC_T_UNGROUNDED_SYMBOL] = {"ungrounded_symbol", FC_CAT_FALSE_PREMISE},
    [FC_T_MISSING_STEPS] = {"missing_steps", FC_CAT_FALSE_RULE},
    [FC_T_FALSE_ASSUMPTION] = {"false_assumption", FC_CAT_FALSE_PREMISE},
    [FC_T_CONCLUSION_MISMATCH] = {"conclusion_mismatch", FC_CAT_FORMAT_ERROR},
    [FC_T_INCONSISTENT_PREMISES] = {"inconsistent_premises",
                                    FC_CAT_FALSE_PREMISE},
};

const char *fc_etype_name(fc_etype t) { return etypes[t].name; }
fc_category fc_etype_category_of(fc_etype t) { return etypes[t].category; }
const char *fc_etype_category(fc_etype t)
{
    return categories[etypes[t].category].name;
}

fc_etype fc_etype_from_name(const char *name)
{
    for (int i = 1; i < FC_T_COUNT; i++)
        if (!strcmp(etypes[i].name, name))
            return (fc_etype)i;
    if (!strcmp(name, "calculator_error"))
        return FC_T_ARITHMETIC;
    return FC_T_NONE;
}

bool fc_step_failed(const fc_step_result *sr)
{
    return sr->err.type != FC_T_NONE;
}

/* Invalid unless the only problems are unknown answers. */
static const char *verdict_word(const fc_result *r)
{
    if (r->valid)
        return "valid";
    bool only_unknown = r->has_unknown;
    for (size_t k = 0; k < r->steps.len && only_unknown; k++) {
        fc_etype e = r->steps.data[k].err.type;
        if (e != FC_T_NONE && e != FC_T_SOLVER_UNKNOWN)
            only_unknown = false;
    }
    for (size_t i = 0; i < r->errors.len && only_unknown; i++)
        if (r->errors.data[i].type != FC_T_SOLVER_UNKNOWN)
            only_unknown = false;
    return only_unknown ? "unknown" : "invalid";
}

const char *fc_result_verdict(const fc_result *r)
{
    if (!r->checked)
        return "error";
    return verdict_word(r);
}

void fc_result_free(fc_result *r)
{
    if (!r)
        return;
    for (size_t k = 0; k < r->steps.len; k++) {
        fc_step_result *sr = &r->steps.data[k];
        free(sr->local_reason);
        free(sr->global_reason);
        free(sr->countermodel);
        cJSON_Delete(sr->countermodel_tables);
        free(sr->err.message);
        cJSON_Delete(sr->err.details);
        fc_vec_free(&sr->support);
    }
    for (size_t i = 0; i < r->errors.len; i++) {
        free(r->errors.data[i].message);
        cJSON_Delete(r->errors.data[i].details);
    }
    fc_vec_free(&r->errors);
    for (size_t i = 0; i < r->obligations.len; i++) {
        fc_obligation *o = &r->obligations.data[i];
        fc_vec_free(&o->given);
        free(o->smtlib);
        free(o->answer);
    }
    fc_vec_free(&r->obligations);
    fc_vec_free(&r->steps);
    fc_vec_free(&r->inconsistent_core);
    fc_vec_free(&r->unused_premises);
    free(r->concl.reason);
    free(r->concl.term);
    free(r->concl.expected);
    free(r->concl.stated);
    fc_vec_free(&r->concl.support);
    free(r);
}

fc_obligation *fc_result_add_obligation(fc_result *r, int step,
                                        const char *context,
                                        const fc_node *const *given,
                                        size_t ngiven, const fc_node *goal,
                                        fc_status status)
{
    fc_obligation o = {.step = step, .context = context, .goal = goal,
                       .status = status, .agrees = -1};
    for (size_t i = 0; i < ngiven; i++)
        fc_vec_push(&o.given, given[i]);
    fc_vec_push(&r->obligations, o);
    return &r->obligations.data[r->obligations.len - 1];
}

bool fc_result_checked(const fc_result *r) { return r->checked; }
bool fc_result_valid(const fc_result *r) { return r->checked && r->valid; }
bool fc_result_coherent(const fc_result *r)
{
    return r->checked && r->coherent;
}
bool fc_result_has_unknown(const fc_result *r) { return r->has_unknown; }
