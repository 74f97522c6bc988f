#include "classify/classify.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What the classifier works with: the checker's view of the step
 * (fc_classify_in), the result it completes, and the literals of the
 * step's contexts. */
typedef struct fc_check {
    fc_result *r;
    const fc_trace *t;
    const fc_plan *plan;
    fc_solver *s;
    bool explain;
    const fc_ivec *global_stmts, *local_stmts, *failed, *contradicted;
    fc_ivec global_lits, local_lits;
} fc_check;

/* ---- small helpers ------------------------------------------------------ */

static void set_error(fc_step_result *sr, fc_etype type, cJSON *details,
                      const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void set_error(fc_step_result *sr, fc_etype type, cJSON *details,
                      const char *fmt, ...)
{
    fc_buf b = {0};
    va_list ap;
    va_start(ap, fmt);
    fc_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    sr->err.type = type;
    free(sr->err.message);
    sr->err.message = fc_buf_take(&b);
    cJSON_Delete(sr->err.details);
    sr->err.details = details;
}

static const char *label_of(fc_check *c, int stmt)
{
    return c->t->stmts.data[stmt].label;
}

static cJSON *labels_json(fc_check *c, const fc_ivec *stmts)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; i < stmts->len; i++)
        cJSON_AddItemToArray(a, cJSON_CreateString(label_of(c,
                                                            stmts->data[i])));
    return a;
}

static void labels_text(fc_check *c, const fc_ivec *stmts, fc_buf *b)
{
    for (size_t i = 0; i < stmts->len; i++)
        fc_buf_printf(b, "%s%s", i ? ", " : "", label_of(c, stmts->data[i]));
}

/* Is `n` entailed by the literals ctx?  A fresh guard of ¬n is asserted
 * once per call; the answer is the solver's. */
static fc_answer entails(fc_check *c, const fc_ivec *ctx, const fc_node *n,
                         fc_ivec *core)
{
    int lit = fc_solver_guard(c->s, n, true);
    if (lit < 0)
        return FC_UNKNOWN;
    fc_query_result q = {0};
    fc_solver_check(c->s, ctx, lit, core != NULL, false, &q);
    fc_answer a = q.answer;
    if (core && a == FC_UNSAT) {
        core->len = 0;
        for (size_t i = 0; i < q.core.len; i++)
            if (q.core.data[i] != lit)
                fc_vec_push(core, q.core.data[i]);
    }
    fc_query_result_free(&q);
    return a; /* FC_UNSAT means entailed */
}

/* The outer claim of a chain `a = b = c`: `a = c`; otherwise the formula. */
static fc_node *outer_claim(fc_ast *a, fc_node *f)
{
    if (f->kind != FC_AND || f->nargs < 2)
        return f;
    for (size_t i = 0; i < f->nargs; i++) {
        if (f->args[i]->kind != FC_EQ)
            return f;
        if (i && f->args[i]->args[0] != f->args[i - 1]->args[1])
            return f;
    }
    return fc_mk2(a, FC_EQ, f->args[0]->args[0],
                  f->args[f->nargs - 1]->args[1]);
}

/* ---- 3. propagated ------------------------------------------------------ */

typedef enum { PUT_BACK_NO, PUT_BACK_YES, PUT_BACK_UNKNOWN } put_back;

/* The literal of what statement st said the result was: its outer claim
 * (a chain `a = b = c` as `a = c`); -1 when Z3 cannot represent it. */
static int outer_claim_lit(fc_check *c, int st)
{
    fc_node *f = c->t->stmts.data[st].formula;
    fc_node *claim = outer_claim(c->t->ast, f);
    return claim == f ? fc_solver_lit(c->s, st)
                      : fc_solver_guard(c->s, claim, false);
}

/* Notes a query that the solver could not answer; the first reason is kept. */
static void note_unknown(const fc_query_result *q, char *why, size_t size)
{
    if (q->answer == FC_UNKNOWN && !why[0])
        snprintf(why, size, "%s", q->reason[0] ? q->reason : "unknown");
}

/* Puts the contradicted failed steps back in place of the premises they
 * contradict, and asks whether the step follows then.  When it does not
 * and a query on the way had no answer, the answer is unknown, with the
 * solver's reason in why: a premise whose consistency with the put-back
 * steps is unknown is left out, and the step might have followed with it. */
/* The put-back: base holds the literals asked together, claims the
 * put-back steps (literals and statements), why the first reason of a
 * query that had no answer. */
typedef struct put_back_state {
    fc_ivec base, claim_lit, claim_stmt;
    fc_query_result q;
    char *why;
    size_t why_size;
} put_back_state;

/* Adds lit to the base when it stays consistent with it.  An unknown
 * answer is noted when note: a put-back claim whose consistency cannot
 * be shown is left out without a note (a claim not shown consistent is
 * none to build on), a premise left out is noted. */
static bool add_if_consistent(fc_check *c, put_back_state *pb, int lit,
                              bool note)
{
    fc_solver_check(c->s, &pb->base, lit, false, false, &pb->q);
    if (note)
        note_unknown(&pb->q, pb->why, pb->why_size);
    if (pb->q.answer != FC_SAT)
        return false;
    fc_vec_push(&pb->base, lit);
    return true;
}

static void add_syms(const fc_node *n, fc_symset *set)
{
    if (n->kind == FC_APP)
        fc_symset_add(set, n->sym);
    for (size_t i = 0; i < n->nargs; i++)
        add_syms(n->args[i], set);
}

static bool shares_sym(const fc_node *n, const fc_symset *set)
{
    if (n->kind == FC_APP && fc_symset_has(set, n->sym))
        return true;
    for (size_t i = 0; i < n->nargs; i++)
        if (shares_sym(n->args[i], set))
            return true;
    return false;
}

/* Are all of n's symbols in set? */
static bool covered(const fc_node *n, const fc_symset *set)
{
    if (n->kind == FC_APP && !fc_symset_has(set, n->sym))
        return false;
    for (size_t i = 0; i < n->nargs; i++)
        if (!covered(n->args[i], set))
            return false;
    return true;
}

/* The contradicted steps that share a symbol with the step or its
 * definitions (put back, no other can make it follow), each as its outer
 * claim, unless still false on its own. */
static void put_back_claims(fc_check *c, put_back_state *pb,
                            const fc_symset *syms)
{
    for (size_t i = 0; i < c->contradicted->len; i++) {
        int st = c->contradicted->data[i];
        if (!shares_sym(c->t->stmts.data[st].formula, syms))
            continue;
        int lit = outer_claim_lit(c, st);
        if (lit >= 0 && add_if_consistent(c, pb, lit, false)) {
            fc_vec_push(&pb->claim_lit, lit);
            fc_vec_push(&pb->claim_stmt, st);
        }
    }
}

/* The premises, in order, that stay consistent; then the earlier steps
 * that did not fail, likewise. */
static void keep_consistent(fc_check *c, put_back_state *pb)
{
    for (size_t i = 0; i < c->plan->premises.len; i++)
        add_if_consistent(c, pb,
                          fc_solver_lit(c->s, c->plan->premises.data[i]),
                          true);
    for (size_t i = 0; i < c->global_stmts->len; i++) {
        int st = c->global_stmts->data[i];
        if (c->plan->role[st] != FC_ROLE_STEP ||
            fc_ivec_contains(c->failed, st) || fc_solver_lit(c->s, st) < 0)
            continue;
        int lit = outer_claim_lit(c, st);
        if (lit >= 0)
            add_if_consistent(c, pb, lit, true);
    }
}

/* The put-back steps the step needs: each one without which it no
 * longer follows, in order; all of them when it follows from them
 * jointly and none is needed alone. */
static void needed_claims(fc_check *c, put_back_state *pb, int neg,
                          fc_ivec *from)
{
    for (size_t i = 0; i < pb->claim_lit.len; i++) {
        fc_ivec rest = {0};
        for (size_t j = 0; j < pb->base.len; j++)
            if (pb->base.data[j] != pb->claim_lit.data[i])
                fc_vec_push(&rest, pb->base.data[j]);
        fc_solver_check(c->s, &rest, neg, false, false, &pb->q);
        if (pb->q.answer != FC_UNSAT)
            fc_vec_push(from, pb->claim_stmt.data[i]);
        fc_vec_free(&rest);
    }
    if (!from->len)
        for (size_t i = 0; i < pb->claim_stmt.len; i++)
            fc_vec_push(from, pb->claim_stmt.data[i]);
}

static put_back propagated_put_back(fc_check *c, size_t k, fc_ivec *from,
                                    char *why, size_t why_size)
{
    fc_step_result *sr = &c->r->steps.data[k];
    why[0] = 0;
    if (!c->contradicted->len)
        return PUT_BACK_NO;
    /* Earlier steps take part as what they said the result was (a chain
     * `a = b = c` as `a = c`), without the definitions inside them: a
     * wrong value put back must not be overruled by its own chain. */
    put_back_state pb = {.why = why, .why_size = why_size};
    fc_ivec defs = {0};
    fc_plan_definitions(c->plan, sr->stmt, &defs);
    fc_solver_lits(c->s, &defs, &pb.base);
    if (fc_solver_def_lit(c->s, sr->stmt) >= 0)
        fc_vec_push(&pb.base, fc_solver_def_lit(c->s, sr->stmt));
    /* the symbols connected to the step's through G and the put-back
     * claims */
    fc_symset syms;
    fc_symset_init(&syms, c->t->ast);
    add_syms(c->t->stmts.data[sr->stmt].formula, &syms);
    for (bool grew = true; grew;) {
        grew = false;
        for (int pass = 0; pass < 2; pass++) {
            const fc_ivec *v = pass ? c->contradicted : c->global_stmts;
            for (size_t i = 0; i < v->len; i++) {
                const fc_node *f = c->t->stmts.data[v->data[i]].formula;
                if (f && shares_sym(f, &syms) && !covered(f, &syms)) {
                    add_syms(f, &syms);
                    grew = true;
                }
            }
        }
    }
    put_back_claims(c, &pb, &syms);
    fc_symset_free(&syms);
    put_back result = PUT_BACK_NO;
    if (pb.claim_lit.len) {
        keep_consistent(c, &pb);
        int neg = fc_solver_neg_lit(c->s, sr->stmt);
        fc_solver_check(c->s, &pb.base, neg, false, false, &pb.q);
        note_unknown(&pb.q, why, why_size);
        if (pb.q.answer == FC_UNSAT) {
            needed_claims(c, &pb, neg, from);
            result = PUT_BACK_YES;
        }
    }
    if (result == PUT_BACK_NO && why[0])
        result = PUT_BACK_UNKNOWN;
    fc_query_result_free(&pb.q);
    fc_vec_free(&pb.base);
    fc_vec_free(&defs);
    fc_vec_free(&pb.claim_lit);
    fc_vec_free(&pb.claim_stmt);
    return result;
}

/* ---- 4. operation misapplication --------------------------------------- */

typedef FC_VEC(fc_node *) node_vec;

/* The operators tried in place of one written: the four operations for
 * each other, the integer quotient and remainder next to `/`, each
 * rounding for another, `min` for `max`, and `*` for `^` (x ^ 2 written
 * for x * 2, or the other way). */
static size_t alternatives(fc_kind k, fc_kind *out)
{
    static const fc_kind ops[] = {FC_ADD, FC_SUB, FC_MUL, FC_DIV};
    static const fc_kind rounding[] = {FC_FLOOR, FC_CEIL, FC_ROUND,
                                       FC_TRUNC};
    size_t n = 0;
    switch (k) {
    case FC_ADD: case FC_SUB: case FC_MUL: case FC_DIV:
        for (size_t i = 0; i < 4; i++)
            if (ops[i] != k)
                out[n++] = ops[i];
        if (k == FC_MUL)
            out[n++] = FC_POW;
        break;
    case FC_IDIV: out[n++] = FC_DIV; out[n++] = FC_MOD; break;
    case FC_MOD: out[n++] = FC_IDIV; break;
    case FC_POW: out[n++] = FC_MUL; break;
    case FC_FLOOR: case FC_CEIL: case FC_ROUND: case FC_TRUNC:
        for (size_t i = 0; i < 4; i++)
            if (rounding[i] != k)
                out[n++] = rounding[i];
        break;
    case FC_MIN: out[n++] = FC_MAX; break;
    case FC_MAX: out[n++] = FC_MIN; break;
    default: break;
    }
    return n;
}

static bool binary_site(const fc_node *n)
{
    return (n->kind == FC_ADD || n->kind == FC_SUB || n->kind == FC_MUL ||
            n->kind == FC_DIV || n->kind == FC_IDIV || n->kind == FC_MOD ||
            n->kind == FC_POW) &&
           n->nargs == 2;
}

static void collect_ops(fc_node *n, node_vec *out)
{
    fc_kind alt[8];
    if ((binary_site(n) || (fc_kind_is_builtin(n->kind) &&
                            n->kind != FC_POW && n->kind != FC_IDIV &&
                            n->kind != FC_MOD)) &&
        alternatives(n->kind, alt)) {
        for (size_t i = 0; i < out->len; i++)
            if (out->data[i] == n)
                goto children;
        fc_vec_push(out, n);
    }
children:
    for (size_t i = 0; i < n->nargs; i++)
        collect_ops(n->args[i], out);
}

/* The site with its operator replaced by k; NULL when that makes no
 * term (`x ^ y` needs a numeral exponent). */
static fc_node *replace_op(fc_ast *a, fc_node *site, fc_kind k)
{
    if (k == FC_POW) {
        const fc_node *e = site->args[1];
        if (e->kind != FC_NUM || strchr(e->num, '.') || strchr(e->num, '%') ||
            e->num[0] == '-' || strlen(e->num) > 3)
            return NULL;
    }
    if (binary_site(site))
        return fc_mk2(a, k, site->args[0], site->args[1]);
    return fc_mk(a, k, site->args, site->nargs);
}

/* Context for a variant of step stmt: G without the step's own implicit
 * definition, plus the variant's own (its first conjunct), if any. */
static void variant_context(fc_check *c, size_t k, fc_node *variant,
                            fc_ivec *ctx)
{
    fc_step_result *sr = &c->r->steps.data[k];
    ctx->len = 0;
    for (size_t i = 0; i < c->global_lits.len; i++)
        if (c->global_lits.data[i] != fc_solver_def_lit(c->s, sr->stmt))
            fc_vec_push(ctx, c->global_lits.data[i]);
    if (fc_solver_def_lit(c->s, sr->stmt) >= 0 && variant->kind == FC_AND) {
        int lit = fc_solver_guard(c->s, variant->args[0], false);
        if (lit >= 0)
            fc_vec_push(ctx, lit);
    }
}

static bool operation_misapplication(fc_check *c, size_t k)
{
    fc_step_result *sr = &c->r->steps.data[k];
    fc_stmt *s = &c->t->stmts.data[sr->stmt];
    fc_ast *a = c->t->ast;
    node_vec ops = {0};
    collect_ops(s->formula, &ops);
    size_t tried = 0;
    bool found = false;
    fc_ivec ctx = {0};
    for (size_t i = 0; i < ops.len && !found; i++) {
        fc_node *site = ops.data[i];
        fc_kind kinds[8];
        size_t nk = alternatives(site->kind, kinds);
        for (size_t j = 0; j < nk && !found; j++) {
            if (tried++ >= FC_MAX_OPERATOR_VARIANTS)
                goto done;
            fc_node *repl = replace_op(a, site, kinds[j]);
            if (!repl)
                continue;
            fc_node *variant = fc_node_replace(a, s->formula, site, repl);
            variant_context(c, k, variant, &ctx);
            if (entails(c, &ctx, variant, NULL) == FC_UNSAT) {
                char *was = fc_node_str(a, site);
                char *fix = fc_node_str(a, repl);
                cJSON *d = cJSON_CreateObject();
                cJSON_AddStringToObject(d, "operator", fc_kind_symbol(site->kind));
                cJSON_AddStringToObject(d, "expected_operator",
                                        fc_kind_symbol(kinds[j]));
                cJSON_AddStringToObject(d, "term", was);
                cJSON_AddStringToObject(d, "corrected", fix);
                set_error(sr, FC_T_OPERATION_MISAPPLICATION, d,
                          "`%s` uses '%s' where '%s' makes the step follow "
                          "(`%s`)",
                          was, fc_kind_symbol(site->kind),
                          fc_kind_symbol(kinds[j]), fix);
                free(was);
                free(fix);
                found = true;
            }
        }
    }
done:
    fc_vec_free(&ctx);
    fc_vec_free(&ops);
    return found;
}

/* ---- 5. arithmetic ------------------------------------------------------ */

/* A constant: numerals and arithmetic on them, such as `(5 / 3)`. */
static bool is_numeral(const fc_node *n)
{
    if (n->kind == FC_NUM)
        return true;
    if (!fc_kind_is_arith(n->kind))
        return false;
    for (size_t i = 0; i < n->nargs; i++)
        if (!is_numeral(n->args[i]))
            return false;
    return true;
}

static bool is_bare_numeral(const fc_node *n)
{
    return n->kind == FC_NUM ||
           (n->kind == FC_NEG && n->args[0]->kind == FC_NUM);
}

static void collect_eqs(fc_node *n, node_vec *out)
{
    if (n->kind == FC_EQ) {
        fc_vec_push(out, n);
        return;
    }
    if (n->kind == FC_AND)
        for (size_t i = 0; i < n->nargs; i++)
            collect_eqs(n->args[i], out);
}

/* The stated side of an equation is a constant and the other side is
 * computed: `total = 72`, `48 + 24 = 70`, `2 / 3 = (5 / 3)`.  False when
 * the equation is not of that form. */
static bool computed_and_stated(fc_node *eq, fc_node **term,
                                fc_node **stated)
{
    fc_node *l = eq->args[0], *r = eq->args[1];
    if (is_numeral(r) && !is_numeral(l)) {
        *term = l;
        *stated = r;
    } else if (is_numeral(l) && !is_numeral(r)) {
        *term = r;
        *stated = l;
    } else if (is_numeral(l) && is_numeral(r) && !is_bare_numeral(l)) {
        *term = l;
        *stated = r;
    } else {
        return false;
    }
    return true;
}

/* The value of term fixed by G (with the step's own definition, not the
 * step): the value in a model of G, when no model gives another.
 * Caller frees; NULL when it is not fixed. */
static char *fixed_value(fc_check *c, fc_node *term, fc_query_result *q)
{
    if (!fc_solver_translates(c->s, term))
        return NULL;
    char *exact = fc_solver_exact_value(c->s, &c->global_lits, term);
    if (exact)
        return exact;
    fc_solver_check(c->s, &c->global_lits, -1, false, true, q);
    if (q->answer != FC_SAT || !q->model)
        return NULL;
    char *v = fc_solver_model_value(c->s, term);
    if (!v)
        return NULL;
    int lit = fc_solver_guard_other_value(c->s, term, v);
    if (lit >= 0) {
        fc_solver_check(c->s, &c->global_lits, lit, false, false, q);
        if (q->answer == FC_UNSAT)
            return v;
    }
    free(v);
    return NULL;
}

static bool arithmetic_error(fc_check *c, size_t k)
{
    fc_step_result *sr = &c->r->steps.data[k];
    const fc_stmt *s = &c->t->stmts.data[sr->stmt];
    fc_ast *a = c->t->ast;
    node_vec eqs = {0};
    collect_eqs(s->formula, &eqs);
    bool found = false;
    fc_query_result q = {0};
    for (size_t i = 0; i < eqs.len && !found; i++) {
        fc_node *term, *stated;
        if (!computed_and_stated(eqs.data[i], &term, &stated))
            continue;
        uint32_t srt = fc_sort_of(c->t->sorting, a, term);
        if (srt != FC_SORT_REAL && srt != FC_SORT_INT)
            continue;
        char *v = fixed_value(c, term, &q);
        if (v && fc_solver_value_differs(c->s, stated, v)) {
            char *ts = fc_node_str(a, term);
            char *ss = fc_node_str(a, stated);
            cJSON *d = cJSON_CreateObject();
            cJSON_AddStringToObject(d, "term", ts);
            cJSON_AddStringToObject(d, "expected", v);
            cJSON_AddStringToObject(d, "stated", ss);
            fc_buf vb = {0};
            fc_buf_put_numeral(&vb, v);
            set_error(sr, FC_T_ARITHMETIC, d, "`%s` is %s, not %s", ts,
                      vb.data, ss);
            fc_buf_free(&vb);
            free(ts);
            free(ss);
            found = true;
        }
        free(v);
    }
    fc_query_result_free(&q);
    fc_vec_free(&eqs);
    return found;
}

/* ---- 6. inference violations ------------------------------------------- */

#define MAX_VARS 8

typedef struct binding {
    const fc_node *vars[MAX_VARS];
    fc_node *vals[MAX_VARS];
    size_t nvars;
} binding;

static fc_node *strip_forall(fc_ast *a, fc_node *n, binding *b)
{
    b->nvars = 0;
    while (n->kind == FC_FORALL && b->nvars < MAX_VARS) {
        b->vars[b->nvars] = fc_quant_var(a, n);
        b->vals[b->nvars] = NULL;
        b->nvars++;
        n = n->args[0];
    }
    return n;
}

static bool match(const fc_node *pat, fc_node *tgt, binding *b)
{
    if (pat->kind == FC_VAR) {
        for (size_t i = 0; i < b->nvars; i++) {
            if (b->vars[i] != pat)
                continue;
            if (b->vals[i])
                return b->vals[i] == tgt;
            b->vals[i] = tgt;
            return true;
        }
    }
    if (pat == tgt)
        return true;
    if (pat->kind != tgt->kind || pat->sym != tgt->sym ||
        pat->nargs != tgt->nargs || pat->num != tgt->num ||
        pat->annot != tgt->annot || pat->tag != tgt->tag)
        return false;
    for (size_t i = 0; i < pat->nargs; i++)
        if (!match(pat->args[i], tgt->args[i], b))
            return false;
    return true;
}

static fc_node *substitute(fc_ast *a, fc_node *n, const binding *b)
{
    for (size_t i = 0; i < b->nvars; i++)
        if (b->vals[i])
            n = fc_node_replace(a, n, b->vars[i], b->vals[i]);
    return n;
}

static bool fully_bound(const binding *b)
{
    for (size_t i = 0; i < b->nvars; i++)
        if (!b->vals[i])
            return false;
    return true;
}

typedef struct fallacy_search {
    fc_check *c;
    size_t k;
    size_t queries;
    const char *name;
    fc_ivec formulas;
} fallacy_search;

static bool follows(fallacy_search *fs, const fc_node *n)
{
    if (fs->queries++ >= FC_MAX_FALLACY_QUERIES)
        return false;
    return entails(fs->c, &fs->c->global_lits, n, NULL) == FC_UNSAT;
}

/* Affirming the consequent and denying the antecedent, from the rule
 * A → B (under the bindings b of its universal variables). */
static bool modus_fallacy(fallacy_search *fs, const fc_node *body,
                          const binding *b, fc_node *step)
{
    fc_ast *a = fs->c->t->ast;
    fc_node *ant = body->args[0], *cons = body->args[1];
    /* affirming the consequent: from A → B and B, "A" */
    binding m = *b;
    if (match(ant, step, &m) && fully_bound(&m) &&
        follows(fs, substitute(a, cons, &m))) {
        fs->name = "affirming_the_consequent";
        return true;
    }
    /* denying the antecedent: from A → B and ¬A, "¬B" */
    m = *b;
    if (step->kind == FC_NOT && match(cons, step->args[0], &m) &&
        fully_bound(&m) &&
        follows(fs, fc_mk1(a, FC_NOT, substitute(a, ant, &m)))) {
        fs->name = "denying_the_antecedent";
        return true;
    }
    return false;
}

/* The converse and the undistributed middle, from the universal rule
 * ∀x (A → B) (statement rule_stmt). */
static bool universal_fallacy(fallacy_search *fs, int rule_stmt,
                              const fc_node *body, const binding *b,
                              fc_node *step)
{
    fc_check *c = fs->c;
    fc_ast *a = c->t->ast;
    fc_node *ant = body->args[0], *cons = body->args[1];
    binding bs, m;
    /* converse: from ∀x (A → B), "∀x (B → A)" */
    fc_node *sbody = strip_forall(a, step, &bs);
    if (sbody->kind == FC_IMPLIES && bs.nvars == b->nvars) {
        m = *b;
        if (match(cons, sbody->args[0], &m) &&
            match(ant, sbody->args[1], &m)) {
            fs->name = "converse";
            return true;
        }
    }
    /* undistributed middle: from ∀x (A → B) and ∀x (C → B),
     * "∀x (A → C)" */
    if (sbody->kind == FC_IMPLIES && b->nvars > 0) {
        m = *b;
        if (match(ant, sbody->args[0], &m)) {
            for (size_t j = 0; j < c->global_stmts->len; j++) {
                int other = c->global_stmts->data[j];
                if (other == rule_stmt)
                    continue;
                fc_node *of = c->t->stmts.data[other].formula;
                if (!of)
                    continue;
                binding ob;
                fc_node *obody = strip_forall(a, of, &ob);
                if (obody->kind != FC_IMPLIES || ob.nvars != b->nvars)
                    continue;
                binding m2 = ob;
                binding m3 = *b;
                if (match(obody->args[0], sbody->args[1], &m2) &&
                    match(cons, obody->args[1], &m3)) {
                    /* same middle term up to variable names */
                    fs->name = "undistributed_middle";
                    fc_vec_push(&fs->formulas, other);
                    return true;
                }
            }
        }
    }
    return false;
}

static bool try_rule(fallacy_search *fs, int rule_stmt, fc_node *step)
{
    fc_ast *a = fs->c->t->ast;
    fc_node *rule = fs->c->t->stmts.data[rule_stmt].formula;
    binding b;
    fc_node *body = strip_forall(a, rule, &b);
    if (body->kind == FC_IMPLIES &&
        (modus_fallacy(fs, body, &b, step) ||
         universal_fallacy(fs, rule_stmt, body, &b, step)))
        return true;
    if (body->kind == FC_OR && step->kind == FC_NOT) {
        /* affirming a disjunct: from A ∨ B and A, "¬B" */
        for (size_t i = 0; i < body->nargs; i++) {
            binding m = b;
            if (!match(body->args[i], step->args[0], &m) || !fully_bound(&m))
                continue;
            for (size_t j = 0; j < body->nargs; j++) {
                if (j == i)
                    continue;
                if (follows(fs, substitute(a, body->args[j], &m))) {
                    fs->name = "affirming_a_disjunct";
                    return true;
                }
            }
        }
    }
    return false;
}

static bool existential_fallacy(fallacy_search *fs, fc_node *step)
{
    fc_ast *a = fs->c->t->ast;
    if (step->kind != FC_EXISTS)
        return false;
    /* ∃x (A ∧ B) read as ∀x (A → B) */
    fc_node *n = step;
    node_vec quants = {0};
    while (n->kind == FC_EXISTS) {
        fc_vec_push(&quants, n);
        n = n->args[0];
    }
    bool found = false;
    if (n->kind == FC_AND && n->nargs == 2) {
        fc_node *u = fc_mk2(a, FC_IMPLIES, n->args[0], n->args[1]);
        for (size_t i = quants.len; i-- > 0;)
            u = fc_mk_quant(a, FC_FORALL, quants.data[i]->sym,
                            quants.data[i]->annot, quants.data[i]->tag, u);
        found = follows(fs, u);
    }
    fc_vec_free(&quants);
    if (found)
        fs->name = "existential_fallacy";
    return found;
}

static bool inference_violation(fc_check *c, size_t k)
{
    fc_step_result *sr = &c->r->steps.data[k];
    fc_stmt *s = &c->t->stmts.data[sr->stmt];
    fallacy_search fs = {c, k, 0, NULL, {0}};
    bool found = false;
    int rule = -1;
    for (size_t i = 0; i < c->global_stmts->len && !found; i++) {
        int st = c->global_stmts->data[i];
        if (!c->t->stmts.data[st].formula)
            continue;
        if (try_rule(&fs, st, s->formula)) {
            found = true;
            rule = st;
        }
    }
    if (!found && existential_fallacy(&fs, s->formula))
        found = true;
    if (found) {
        fc_ivec labels = {0};
        if (rule >= 0)
            fc_vec_push(&labels, rule);
        for (size_t i = 0; i < fs.formulas.len; i++)
            fc_vec_push(&labels, fs.formulas.data[i]);
        if (!labels.len) {
            /* the universal premises it generalizes from */
            for (size_t i = 0; i < c->global_stmts->len; i++) {
                int st = c->global_stmts->data[i];
                fc_node *f = c->t->stmts.data[st].formula;
                if (f && f->kind == FC_FORALL)
                    fc_vec_push(&labels, st);
            }
        }
        cJSON *d = cJSON_CreateObject();
        cJSON_AddStringToObject(d, "fallacy", fs.name);
        cJSON_AddItemToObject(d, "formulas", labels_json(c, &labels));
        fc_buf b = {0};
        labels_text(c, &labels, &b);
        set_error(sr, FC_T_INFERENCE_VIOLATION, d,
                  "invalid inference (%s) from %s", fs.name,
                  b.data ? b.data : "the context");
        fc_buf_free(&b);
        fc_vec_free(&labels);
    }
    fc_vec_free(&fs.formulas);
    return found;
}

/* ---- 7. quantifier misuse ----------------------------------------------- */

typedef struct qvariant {
    fc_node *node;
    const char *change;
} qvariant;

typedef FC_VEC(qvariant) qvariant_vec;

static void quant_variants(fc_ast *a, fc_node *root, fc_node *n,
                           qvariant_vec *out)
{
    if (out->len >= FC_MAX_QUANTIFIER_VARIANTS)
        return;
    if (fc_kind_is_quant(n->kind)) {
        fc_kind flip = n->kind == FC_FORALL ? FC_EXISTS : FC_FORALL;
        qvariant v = {fc_node_replace(a, root, n,
                                      fc_mk_quant(a, flip, n->sym, n->annot, n->tag,
                                                  n->args[0])),
                      n->kind == FC_FORALL ? "∀ → ∃" : "∃ → ∀"};
        fc_vec_push(out, v);
        fc_node *in = n->args[0];
        if (fc_kind_is_quant(in->kind) && in->sym != n->sym) {
            fc_node *sw = fc_mk_quant(a, in->kind, in->sym, in->annot, in->tag,
                                      fc_mk_quant(a, n->kind, n->sym, n->annot,
                                                  n->tag, in->args[0]));
            qvariant v2 = {fc_node_replace(a, root, n, sw),
                           "swapped quantifiers"};
            fc_vec_push(out, v2);
        }
        if (in->kind == FC_NOT) {
            /* Qx ¬φ  →  ¬Q'x φ */
            fc_node *mv = fc_mk1(a, FC_NOT,
                                 fc_mk_quant(a, n->kind, n->sym, n->annot,
                                             n->tag, in->args[0]));
            qvariant v3 = {fc_node_replace(a, root, n, mv),
                           "negation moved across the quantifier"};
            fc_vec_push(out, v3);
        }
    }
    if (n->kind == FC_NOT && fc_kind_is_quant(n->args[0]->kind)) {
        fc_node *q = n->args[0];
        fc_node *mv = fc_mk_quant(a, q->kind, q->sym, q->annot, q->tag,
                                  fc_mk1(a, FC_NOT, q->args[0]));
        qvariant v = {fc_node_replace(a, root, n, mv),
                      "negation moved across the quantifier"};
        fc_vec_push(out, v);
    }
    for (size_t i = 0; i < n->nargs; i++)
        quant_variants(a, root, n->args[i], out);
}

static bool quantifier_misuse(fc_check *c, size_t k)
{
    fc_step_result *sr = &c->r->steps.data[k];
    fc_stmt *s = &c->t->stmts.data[sr->stmt];
    fc_ast *a = c->t->ast;
    qvariant_vec vs = {0};
    quant_variants(a, s->formula, s->formula, &vs);
    bool found = false;
    for (size_t i = 0; i < vs.len && i < FC_MAX_QUANTIFIER_VARIANTS; i++) {
        if (vs.data[i].node == s->formula)
            continue;
        if (entails(c, &c->global_lits, vs.data[i].node, NULL) == FC_UNSAT) {
            char *fix = fc_node_str(a, vs.data[i].node);
            cJSON *d = cJSON_CreateObject();
            cJSON_AddStringToObject(d, "change", vs.data[i].change);
            cJSON_AddStringToObject(d, "corrected", fix);
            set_error(sr, FC_T_QUANTIFIER_MISUSE, d,
                      "the step does not follow, but with %s it does: `%s`",
                      vs.data[i].change, fix);
            free(fix);
            found = true;
            break;
        }
    }
    fc_vec_free(&vs);
    return found;
}

/* ---- 8, 9. contradictions ----------------------------------------------- */

/* A minimal set of the statements cands that contradicts statement stmt,
 * found in statement order. */
static bool witnesses(fc_check *c, const fc_ivec *cands, int stmt,
                      fc_ivec *out)
{
    fc_subset_query q = {.own = stmt, .goal = stmt, .negate = false,
                         .full = true};
    return fc_solver_minimal_subset(c->s, cands, &q, out);
}

static bool contradictions(fc_check *c, size_t k)
{
    fc_step_result *sr = &c->r->steps.data[k];
    if (sr->global != FC_STATUS_CONTRADICTED &&
        sr->local != FC_STATUS_CONTRADICTED)
        return false;
    int stmt = sr->stmt;
    fc_ivec pd = {0}, labels = {0};
    for (size_t i = 0; i < c->plan->premises.len; i++)
        fc_vec_push(&pd, c->plan->premises.data[i]);
    fc_plan_definitions(c->plan, stmt, &pd);
    /* witnesses: a minimal set, found in statement order */
    bool by_premises =
        witnesses(c, &pd, stmt, &labels);
    if (!by_premises) {
        const fc_ivec *ctx = sr->global == FC_STATUS_CONTRADICTED
                                 ? c->global_stmts
                                 : c->local_stmts;
        witnesses(c, ctx, stmt, &labels);
    }
    /* definitions are in every context: they are not the witnesses */
    fc_ivec shown = {0};
    for (size_t i = 0; i < labels.len; i++)
        if (c->plan->role[labels.data[i]] != FC_ROLE_DEFINITION &&
            labels.data[i] != stmt)
            fc_vec_push(&shown, labels.data[i]);
    fc_buf b = {0};
    labels_text(c, &shown, &b);
    cJSON *d = cJSON_CreateObject();
    cJSON_AddItemToObject(d, "contradicts", labels_json(c, &shown));
    /* the message names what the JSON lists, and nothing else */
    if (by_premises && !shown.len)
        set_error(sr, FC_T_CONTRADICTS_PREMISES, d,
                  "the step is false on its own: no premise is needed to "
                  "refute it");
    else if (by_premises)
        set_error(sr, FC_T_CONTRADICTS_PREMISES, d,
                  "the step contradicts %s", b.data);
    else if (shown.len)
        set_error(sr, FC_T_CONTRADICTS_STEPS, d,
                  "the step contradicts earlier steps: %s", b.data);
    else
        set_error(sr, FC_T_CONTRADICTS_STEPS, d,
                  "the step contradicts its context; which statements do "
                  "could not be singled out");
    fc_buf_free(&b);
    fc_vec_free(&shown);
    fc_vec_free(&labels);
    fc_vec_free(&pd);
    return true;
}

/* ---- 10. ungrounded symbols --------------------------------------------- */

/* Levenshtein distance, a case change costing nothing when the rest
 * agrees (`mortal` for `Mortal`): 0 then. */
static size_t edit_distance(const char *a, const char *b)
{
    size_t n = strlen(a), m = strlen(b);
    if (n > 64 || m > 64)
        return SIZE_MAX;
    size_t row[65], prev[65];
    for (size_t j = 0; j <= m; j++)
        prev[j] = j;
    for (size_t i = 1; i <= n; i++) {
        row[0] = i;
        for (size_t j = 1; j <= m; j++) {
            char x = a[i - 1], y = b[j - 1];
            size_t sub = prev[j - 1] +
                         (x == y || ((x | 32) == (y | 32) && isalpha(
                                         (unsigned char)x))
                              ? 0
                              : 1);
            size_t del = prev[j] + 1, ins = row[j - 1] + 1;
            row[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
        }
        memcpy(prev, row, (m + 1) * sizeof(size_t));
    }
    return prev[m];
}

static void known_syms(const fc_node *n, fc_symset *seen, fc_symvec *out)
{
    if (n->kind == FC_APP && fc_symset_add(seen, n->sym))
        fc_vec_push(out, n->sym);
    for (size_t i = 0; i < n->nargs; i++)
        known_syms(n->args[i], seen, out);
}

/* The known name closest to an ungrounded one, when it is close: the
 * same but for case, or within 1 edit (none for names of 1 or 2
 * characters, 2 from 6 characters, 3 from 10): `Mortl` for `Mortal`.
 * NULL when none is. */
static const fc_sym *suggestion(fc_check *c, int stmt, const fc_sym *y)
{
    fc_symset seen;
    fc_symset_init(&seen, c->t->ast);
    fc_symvec known = {0};
    for (int i = 0; i < stmt; i++) {
        const fc_stmt *o = &c->t->stmts.data[i];
        if (o->formula)
            known_syms(o->formula, &seen, &known);
        for (size_t k = 0; k < o->names.len; k++)
            if (fc_symset_add(&seen, o->names.data[k]))
                fc_vec_push(&known, o->names.data[k]);
    }
    size_t len = strlen(y->name);
    size_t limit = len >= 10 ? 3 : len >= 6 ? 2 : len >= 3 ? 1 : 0;
    const fc_sym *best = NULL;
    size_t best_d = SIZE_MAX;
    for (size_t i = 0; i < known.len; i++) {
        if (known.data[i] == y)
            continue;
        size_t d = edit_distance(y->name, known.data[i]->name);
        if (d <= limit && d < best_d) {
            best = known.data[i];
            best_d = d;
        }
    }
    fc_vec_free(&known);
    fc_symset_free(&seen);
    return best;
}

static bool ungrounded(fc_check *c, size_t k)
{
    fc_step_result *sr = &c->r->steps.data[k];
    fc_stmt *s = &c->t->stmts.data[sr->stmt];
    fc_symvec fresh = {0};
    fc_plan_fresh_symbols(c->plan, s->formula, sr->stmt, &fresh);
    fc_node *def = c->plan->implicit_def[sr->stmt];
    for (size_t i = 0; def && i < fresh.len; i++)
        if (fresh.data[i] == def->args[0]->sym) {
            fresh.data[i] = fresh.data[--fresh.len];
            i--;
        }
    bool found = fresh.len > 0;
    if (found) {
        cJSON *d = cJSON_CreateObject();
        cJSON *arr = cJSON_CreateArray();
        fc_buf b = {0}, hint = {0};
        const fc_sym *first = NULL;
        for (size_t i = 0; i < fresh.len; i++) {
            cJSON_AddItemToArray(arr, cJSON_CreateString(fresh.data[i]->name));
            fc_buf_printf(&b, "%s'%s'", i ? ", " : "", fresh.data[i]->name);
            const fc_sym *g = suggestion(c, sr->stmt, fresh.data[i]);
            if (g && !first)
                first = g;
            if (g && fresh.len == 1) {
                fc_buf_printf(&hint, "'%s'", g->name);
            } else if (g) {
                fc_buf_printf(&hint, "%s'%s' for '%s'",
                              hint.data ? " and " : "", g->name,
                              fresh.data[i]->name);
                if (!first)
                    first = g;
            }
        }
        cJSON_AddItemToObject(d, "symbols", arr);
        if (first)
            cJSON_AddStringToObject(d, "suggestion", first->name);
        if (hint.data)
            set_error(sr, FC_T_UNGROUNDED_SYMBOL, d,
                      "the step does not follow and uses %s, which no "
                      "earlier statement mentions; did you mean %s?",
                      b.data, hint.data);
        else
            set_error(sr, FC_T_UNGROUNDED_SYMBOL, d,
                      "the step does not follow and uses %s, which no "
                      "earlier statement mentions", b.data);
        fc_buf_free(&b);
        fc_buf_free(&hint);
    }
    fc_vec_free(&fresh);
    return found;
}

/* ---- the step ----------------------------------------------------------- */

static void explain(fc_check *c, size_t k)
{
    fc_step_result *sr = &c->r->steps.data[k];
    if (!c->explain || fc_solver_lit(c->s, sr->stmt) < 0)
        return;
    int neg = fc_solver_neg_lit(c->s, sr->stmt);
    fc_query_result q = {0};
    fc_solver_check_small_model(c->s, &c->global_lits, neg, &q);
    if (q.answer == FC_SAT && q.model) {
        FC_VEC(const fc_node *) fs = {0};
        for (size_t i = 0; i < c->global_stmts->len; i++)
            fc_vec_push(&fs, c->t->stmts.data[c->global_stmts->data[i]].formula);
        fc_vec_push(&fs, c->t->stmts.data[sr->stmt].formula);
        const fc_node *step = c->t->stmts.data[sr->stmt].formula;
        sr->countermodel = fc_solver_describe_model(
            c->s, fs.data, fs.len, step, &sr->countermodel_tables);
        fc_vec_free(&fs);
    }
    fc_query_result_free(&q);
}

/* The literals of the step's contexts, with its own definition. */
static void prepare(fc_check *c, const fc_step_result *sr)
{
    int own = fc_solver_def_lit(c->s, sr->stmt);
    fc_solver_lits(c->s, c->global_stmts, &c->global_lits);
    fc_solver_lits(c->s, c->local_stmts, &c->local_lits);
    if (own >= 0) {
        fc_vec_push(&c->global_lits, own);
        fc_vec_push(&c->local_lits, own);
    }
}

/* Types 1 and 2: the step could not be checked at all. */
static void ill_formed(fc_step_result *sr, const fc_stmt *s)
{
    if (s->ill_sorted)
        set_error(sr, FC_T_TYPE_MISMATCH, NULL, "%s",
                  s->error_msg ? s->error_msg : "ill-sorted");
    else
        set_error(sr, FC_T_SYNTAX, NULL, "%s",
                  s->error_msg ? s->error_msg
                               : "the step cannot be translated");
}

static void solver_unknown(fc_step_result *sr, const char *fmt,
                           const char *why)
{
    cJSON *d = cJSON_CreateObject();
    cJSON_AddStringToObject(d, "reason", why ? why : "unknown");
    set_error(sr, FC_T_SOLVER_UNKNOWN, d, fmt, why ? why : "unknown");
}

/* Type 3 for a step that G entails only with failed steps: those of its
 * support, or all of them. */
static void propagated_by_support(fc_check *c, fc_step_result *sr)
{
    fc_ivec from = {0};
    for (size_t i = 0; i < sr->support.len; i++)
        if (fc_ivec_contains(c->failed, sr->support.data[i]))
            fc_vec_push(&from, sr->support.data[i]);
    if (!from.len)
        for (size_t i = 0; i < c->failed->len; i++)
            fc_vec_push(&from, c->failed->data[i]);
    fc_buf b = {0};
    labels_text(c, &from, &b);
    cJSON *d = cJSON_CreateObject();
    cJSON_AddItemToObject(d, "from", labels_json(c, &from));
    set_error(sr, FC_T_PROPAGATED, d,
              "the step follows only from earlier failed steps: %s", b.data);
    fc_buf_free(&b);
    fc_vec_free(&from);
}

/* Type 11: the cited parents do not entail it, the global context does. */
static void missing_steps(fc_check *c, fc_step_result *sr, const fc_stmt *s)
{
    fc_ivec parents = {0};
    for (size_t i = 0; i < s->by.len; i++)
        fc_vec_push(&parents, s->by.data[i].target);
    fc_buf b = {0}, b2 = {0};
    labels_text(c, &parents, &b);
    labels_text(c, &sr->support, &b2);
    cJSON *d = cJSON_CreateObject();
    cJSON_AddItemToObject(d, "cited", labels_json(c, &parents));
    cJSON_AddItemToObject(d, "support", labels_json(c, &sr->support));
    set_error(sr, FC_T_MISSING_STEPS, d,
              "the cited %s do%s not entail the step; %s do%s",
              b.data ? b.data : "parents", parents.len == 1 ? "es" : "",
              b2.data ? b2.data : "the context",
              sr->support.len == 1 ? "es" : "");
    fc_buf_free(&b);
    fc_buf_free(&b2);
    fc_vec_free(&parents);
}

/* Type 3 by putting contradicted steps back: true when it settled the
 * type (propagated, or unknown because a query on the way had no
 * answer). */
static bool propagated_when_put_back(fc_check *c, size_t k)
{
    fc_step_result *sr = &c->r->steps.data[k];
    fc_ivec from = {0};
    char why[160];
    put_back pb = propagated_put_back(c, k, &from, why, sizeof why);
    if (pb == PUT_BACK_UNKNOWN) {
        /* whether it is propagated cannot be told; a later type would be
         * a guess */
        solver_unknown(sr, "the solver gave up while classifying the "
                           "step: %s", why);
    } else if (pb == PUT_BACK_YES) {
        fc_buf b = {0};
        labels_text(c, &from, &b);
        cJSON *d = cJSON_CreateObject();
        cJSON_AddItemToObject(d, "from", labels_json(c, &from));
        set_error(sr, FC_T_PROPAGATED, d,
                  "the step follows from the earlier wrong step%s %s",
                  from.len == 1 ? "" : "s", b.data);
        fc_buf_free(&b);
    }
    fc_vec_free(&from);
    return pb != PUT_BACK_NO;
}

/* A step that G does not entail: types 3 to 10 and 12, the first that
 * applies. */
static void not_entailed(fc_check *c, size_t k)
{
    fc_step_result *sr = &c->r->steps.data[k];
    explain(c, k);
    if (propagated_when_put_back(c, k))
        return;
    if (operation_misapplication(c, k))
        return;
    if (sr->global == FC_STATUS_CONTRADICTED && arithmetic_error(c, k))
        return;
    if (inference_violation(c, k))
        return;
    if (quantifier_misuse(c, k))
        return;
    if (contradictions(c, k))
        return;
    if (ungrounded(c, k))
        return;
    set_error(sr, FC_T_FALSE_ASSUMPTION, NULL,
              "the step does not follow from the premises and earlier "
              "steps");
}

static bool has_division(const fc_node *n)
{
    if (n->kind == FC_DIV || n->kind == FC_MOD || n->kind == FC_IDIV)
        return true;
    for (size_t i = 0; i < n->nargs; i++)
        if (has_division(n->args[i]))
            return true;
    return false;
}

/* A divisor that G fixes to 0: the step divides by zero, whatever the
 * solver makes of it (Z3 gives x / 0 an arbitrary value). */
static bool division_by_zero(fc_check *c, fc_step_result *sr,
                             const fc_stmt *s)
{
    if (!has_division(s->formula))
        return false;
    prepare(c, sr);
    const fc_node *z = fc_solver_zero_divisor(c->s, &c->global_lits,
                                              s->formula);
    if (!z)
        return false;
    char *what = fc_node_str(c->t->ast, z);
    char *div = fc_node_str(c->t->ast, z->args[1]);
    cJSON *d = cJSON_CreateObject();
    cJSON_AddStringToObject(d, "term", what);
    cJSON_AddStringToObject(d, "divisor", div);
    cJSON_AddStringToObject(d, "expected", "a divisor other than 0");
    set_error(sr, FC_T_ARITHMETIC, d,
              "`%s` divides by zero: `%s` is 0 here", what, div);
    free(what);
    free(div);
    return true;
}

static void classify_step(fc_check *c, size_t k)
{
    fc_step_result *sr = &c->r->steps.data[k];
    const fc_stmt *s = &c->t->stmts.data[sr->stmt];
    if (sr->global == FC_STATUS_ILL_FORMED) {
        ill_formed(sr, s);
        return;
    }
    if (division_by_zero(c, sr, s))
        return;
    if (sr->global == FC_STATUS_DEFINITION)
        return;
    bool entailed = sr->global == FC_STATUS_ENTAILED;
    bool cites_ok = !s->has_by || sr->local == FC_STATUS_ENTAILED;
    if (entailed && sr->global_without_failed && cites_ok)
        return;
    prepare(c, sr);
    if (sr->global == FC_STATUS_UNKNOWN)
        solver_unknown(sr, "the solver gave up: %s", sr->global_reason);
    else if (entailed && s->has_by && sr->local == FC_STATUS_UNKNOWN)
        solver_unknown(sr, "the solver gave up: %s", sr->local_reason);
    else if (entailed && !sr->global_without_failed)
        propagated_by_support(c, sr);
    else if (entailed)
        missing_steps(c, sr, s);
    else
        not_entailed(c, k);
}

void fc_classify_step(const fc_classify_in *in, fc_result *r, size_t k)
{
    fc_check c = {
        .r = r,
        .t = in->t,
        .plan = in->plan,
        .s = in->solver,
        .explain = in->explain,
        .global_stmts = in->global_stmts,
        .local_stmts = in->local_stmts,
        .failed = in->failed,
        .contradicted = in->contradicted,
    };
    classify_step(&c, k);
    fc_vec_free(&c.global_lits);
    fc_vec_free(&c.local_lits);
}

/* ---- the trace ---------------------------------------------------------- */

static void add_trace_error(fc_result *r, fc_etype type, cJSON *details,
                            const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void add_trace_error(fc_result *r, fc_etype type, cJSON *details,
                            const char *fmt, ...)
{
    fc_buf b = {0};
    va_list ap;
    va_start(ap, fmt);
    fc_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    fc_trace_error e = {type, fc_buf_take(&b), details};
    fc_vec_push(&r->errors, e);
}

void fc_classify_trace(const fc_trace *t, fc_result *r)
{
    fc_check cc = {.r = r, .t = t};
    fc_check *c = &cc;
    if (!r->premises_consistent) {
        fc_buf b = {0};
        labels_text(c, &r->inconsistent_core, &b);
        cJSON *d = cJSON_CreateObject();
        cJSON_AddItemToObject(d, "premises",
                              labels_json(c, &r->inconsistent_core));
        add_trace_error(r, FC_T_INCONSISTENT_PREMISES, d,
                        "the premises contradict each other (%s): every "
                        "entailment from them is vacuous",
                        b.data ? b.data : "all");
        fc_buf_free(&b);
    } else if (r->premises_unknown) {
        add_trace_error(r, FC_T_SOLVER_UNKNOWN, NULL,
                        "the solver could not decide whether the premises "
                        "are consistent");
    }
    if (r->concl.present && r->concl.status == FC_STATUS_ILL_FORMED) {
        const fc_stmt *s = &t->stmts.data[r->concl.stmt];
        cJSON *d = cJSON_CreateObject();
        cJSON_AddStringToObject(d, "code", s->broken || s->ill_sorted
                                               ? fc_code_name(s->error_code)
                                               : "syntax");
        add_trace_error(r, s->ill_sorted ? FC_T_TYPE_MISMATCH : FC_T_SYNTAX,
                        d, "the conclusion is ill-formed: %s",
                        s->error_msg ? s->error_msg
                                     : "it cannot be translated");
    } else if (r->concl.present) {
        if (r->concl.reached_status == FC_STATUS_UNKNOWN) {
            add_trace_error(r, FC_T_SOLVER_UNKNOWN, NULL,
                            "the solver could not decide whether the "
                            "conclusion is reached");
        } else if (!r->concl.reached) {
            cJSON *d = cJSON_CreateObject();
            cJSON_AddStringToObject(d, "status",
                                    fc_status_name(r->concl.status));
            if (r->concl.expected) {
                cJSON_AddStringToObject(d, "term", r->concl.term);
                cJSON_AddStringToObject(d, "expected", r->concl.expected);
                cJSON_AddStringToObject(d, "stated", r->concl.stated);
                add_trace_error(r, FC_T_CONCLUSION_MISMATCH, d,
                                "the conclusion is not reached by the "
                                "steps: they give `%s` = %s, not %s "
                                "(against the premises alone it is %s)",
                                r->concl.term, r->concl.expected,
                                r->concl.stated,
                                fc_status_name(r->concl.status));
            } else {
                add_trace_error(r, FC_T_CONCLUSION_MISMATCH, d,
                                "the conclusion is not reached by the "
                                "steps (against the premises alone it "
                                "is %s)",
                                fc_status_name(r->concl.status));
            }
        }
    }
}
