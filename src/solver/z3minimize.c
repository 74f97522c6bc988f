#include "solver/z3minimize.h"

#include "solver/minimize.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- over guard literals ----------------------------------------------- */

typedef struct lits_probe {
    fc_z3_session *s;
    const int *cands;
    int *lits;          /* the fixed literals, then room for candidates */
    size_t nfixed;
    int *pos;           /* by literal: index in cands, or -1 */
    fc_query_result q;
} lits_probe;

/* A check of the fixed literals with the candidates idx[0..m) on the
 * guarded solver; its core is mapped back to candidates. */
static bool probe_lits(void *arg, const size_t *idx, size_t m, fc_ivec *core)
{
    lits_probe *p = arg;
    for (size_t j = 0; j < m; j++)
        p->lits[p->nfixed + j] = p->cands[idx[j]];
    fc_z3_check(p->s, p->lits, p->nfixed + m, true, false, &p->q);
    if (p->q.answer != FC_UNSAT)
        return false;
    core->len = 0;
    for (size_t k = 0; k < p->q.core.len; k++)
        if (p->pos[p->q.core.data[k]] >= 0)
            fc_vec_push(core, p->pos[p->q.core.data[k]]);
    return true;
}

bool fc_z3_minimize_lits(fc_z3_session *s, const int *fixed, size_t nfixed,
                         const int *cands, size_t n, const fc_ivec *seed,
                         fc_ivec *keep_out)
{
    /* probes get the small budget: one that drops a needed formula
     * usually answers sat, which for nonlinear arithmetic can take long */
    bool was = fc_z3_probe(s, true);
    lits_probe p = {s, cands, fc_xmalloc((nfixed + n + 1) * sizeof(int)),
                    nfixed, NULL, {0}};
    size_t nl = fc_z3_literal_count(s);
    p.pos = fc_xmalloc((nl ? nl : 1) * sizeof(int));
    for (size_t i = 0; i < nl; i++)
        p.pos[i] = -1;
    for (size_t i = 0; i < n; i++)
        p.pos[cands[i]] = (int)i;
    for (size_t i = 0; i < nfixed; i++)
        p.lits[i] = fixed[i];
    bool whole = fc_delete_in_order(n, probe_lits, &p, seed, keep_out);
    fc_query_result_free(&p.q);
    free(p.pos);
    free(p.lits);
    fc_z3_probe(s, was);
    return whole;
}

/* ---- over plain formulas ----------------------------------------------- */

typedef struct forms_probe {
    fc_z3_session *s;
    Z3_solver solver;
    const Z3_ast *guards;
    Z3_ast *as;
    fc_ivec at;         /* a core, as indices into as */
} forms_probe;

/* A check of the candidates idx[0..m), by their guards, on the
 * minimization's own solver. */
static bool probe_forms(void *arg, const size_t *idx, size_t m,
                        fc_ivec *core)
{
    forms_probe *p = arg;
    for (size_t j = 0; j < m; j++)
        p->as[j] = p->guards[idx[j]];
    fc_answer a = fc_z3_solver_check(p->s, p->solver, p->as, m, &p->at,
                                     NULL, 0);
    if (a != FC_UNSAT)
        return false;
    core->len = 0;
    for (size_t k = 0; k < p->at.len; k++)
        fc_vec_push(core, (int)idx[p->at.data[k]]);
    return true;
}

bool fc_z3_minimize_formulas(fc_z3_session *s, const Z3_ast *hard,
                             size_t nhard, const Z3_ast *forms, size_t n,
                             Z3_ast neg_goal, fc_ivec *keep_out)
{
    Z3_context c = fc_z3_context(s);
    Z3_solver solver = fc_z3_new_solver(s, true);
    for (size_t i = 0; i < nhard; i++)
        Z3_solver_assert(c, solver, hard[i]);
    Z3_solver_assert(c, solver, neg_goal);
    /* one guard per candidate, so that probes are assumption sets */
    Z3_ast *g = fc_xcalloc(n ? n : 1, sizeof(Z3_ast));
    for (size_t i = 0; i < n; i++) {
        char name[32];
        snprintf(name, sizeof name, "!M%zu", i);
        g[i] = Z3_mk_const(c, Z3_mk_string_symbol(c, name),
                           Z3_mk_bool_sort(c));
        Z3_inc_ref(c, g[i]);
        Z3_ast imp = Z3_mk_implies(c, g[i], forms[i]);
        Z3_inc_ref(c, imp);
        Z3_solver_assert(c, solver, imp);
        Z3_dec_ref(c, imp);
    }
    forms_probe p = {s, solver, g, fc_xcalloc(n ? n : 1, sizeof(Z3_ast)),
                     {0}};
    bool whole = fc_delete_in_order(n, probe_forms, &p, NULL, keep_out);
    for (size_t i = 0; i < n; i++)
        Z3_dec_ref(c, g[i]);
    fc_vec_free(&p.at);
    free(p.as);
    free(g);
    Z3_solver_dec_ref(c, solver);
    return whole;
}
