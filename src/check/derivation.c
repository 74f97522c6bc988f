#include "check/derivation.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classify/classify.h"

typedef FC_VEC(fc_node *) node_vec;

/* One derivation being checked. */
typedef struct dv {
    const fc_trace *t;
    const fc_plan *p;
    fc_solver *s;
    const fc_check_options *o;
    fc_result *r;
    int *stmt_step;       /* by statement: index into r->steps, or -1 */
    bool *established;    /* by step: verified, and so are its ancestors */
    int *first_claim;     /* by symbol id: first claim mentioning it */
    bool *input_sym;      /* by symbol id: a premise or the conjecture
                             names it, wherever it stands in the file */
    bool *foreign;        /* by step: rests on the negation (cth) of
                             something other than the conjecture */
    unsigned fresh_names; /* existential variables made for Skolem terms */
} dv;

/* What one inference claims: its named parents, as they are (pos) or
 * negated (neg, assume_negation), and how the child follows from them. */
typedef struct obligation {
    fc_ivec pos, neg;
    bool esa;             /* somewhere in the chain: Skolem terms */
    bool eqv;             /* one inference, status eqv: both ways */
    bool single_cth;      /* one assume_negation of one parent */
    bool nested;          /* a chain of inferences */
    const char *unsupported; /* a status that is not checked */
    int conjecture;       /* the conjecture as a parent (not negated), or -1 */
} obligation;

static void obligation_free(obligation *ob)
{
    fc_vec_free(&ob->pos);
    fc_vec_free(&ob->neg);
}

static bool status_is(const fc_inference *inf, const char *status)
{
    return !strcmp(inf->status, status);
}

static void gather(const dv *d, const fc_stmt *s, const fc_inference *inf,
                   int depth, obligation *ob)
{
    bool cth = status_is(inf, "cth");
    if (status_is(inf, "esa"))
        ob->esa = true;
    else if (status_is(inf, "eqv"))
        ob->eqv = depth == 0 && !inf->nested.len;
    else if (!cth && !status_is(inf, "thm") && !ob->unsupported)
        ob->unsupported = inf->status;
    if (cth && inf->nested.len && !ob->unsupported)
        ob->unsupported = "cth of an intermediate step";
    if (depth > 0)
        ob->nested = true;
    for (size_t i = 0; i < inf->cites.len; i++) {
        int st = s->by.data[inf->cites.data[i]].target;
        if (st < 0)
            continue;
        fc_ivec *to = cth ? &ob->neg : &ob->pos;
        if (!fc_ivec_contains(to, st))
            fc_vec_push(to, st);
        if (!cth && d->t->stmts.data[st].kind == FC_ST_CONCLUDE)
            ob->conjecture = st;
    }
    for (size_t i = 0; i < inf->nested.len; i++)
        gather(d, s, inf->nested.data[i], depth + 1, ob);
    if (depth == 0)
        ob->single_cth = cth && !inf->nested.len && inf->cites.len == 1;
}

/* ---- questions ---------------------------------------------------------- */

/* A set of formulas, each as it is or negated: a question put to a
 * solver of its own (fc_solver_check_formulas), so that an inference
 * costs what its parents cost, however long the derivation. */
typedef struct fset {
    FC_VEC(const fc_node *) f;
    FC_VEC(bool) neg;
} fset;

static void fset_add(fset *s, const fc_node *f, bool neg)
{
    fc_vec_push(&s->f, f);
    fc_vec_push(&s->neg, neg);
}

static void fset_free(fset *s)
{
    fc_vec_free(&s->f);
    fc_vec_free(&s->neg);
}

/* The parents, the negated ones (cth) negated.  False when one cannot be
 * translated. */
static bool parents_set(dv *d, const obligation *ob, fset *out)
{
    bool all = true;
    const fc_ivec *sets[2] = {&ob->pos, &ob->neg};
    for (int j = 0; j < 2; j++)
        for (size_t i = 0; i < sets[j]->len; i++) {
            int st = sets[j]->data[i];
            if (fc_solver_has(d->s, st))
                fset_add(out, d->t->stmts.data[st].formula, j == 1);
            else
                all = false;
        }
    return all;
}

/* The set with extra (negated when neg; NULL: none): satisfiable? */
static fc_answer check_set(dv *d, fset *s, const fc_node *extra, bool neg,
                           char *reason, size_t size)
{
    char own[160] = "";
    if (extra)
        fset_add(s, extra, neg);
    fc_answer a = fc_solver_check_formulas(d->s, s->f.data, s->neg.data,
                                           s->f.len, own, sizeof own);
    if (extra) {
        s->f.len--;
        s->neg.len--;
    }
    if (a == FC_UNKNOWN && reason && !reason[0])
        snprintf(reason, size, "%s", own);
    return a;
}

/* Is goal entailed by the set, contradicted, or neither? */
static fc_status ask(dv *d, fset *given, const fc_node *goal, char *reason,
                     size_t size)
{
    if (!fc_solver_translates(d->s, goal)) {
        snprintf(reason, size, "the obligation cannot be translated");
        return FC_STATUS_UNKNOWN;
    }
    fc_answer e = check_set(d, given, goal, true, reason, size);
    if (e == FC_UNSAT)
        return FC_STATUS_ENTAILED;
    if (check_set(d, given, goal, false, NULL, 0) == FC_UNSAT)
        return FC_STATUS_CONTRADICTED;
    return e == FC_UNKNOWN ? FC_STATUS_UNKNOWN : FC_STATUS_UNDETERMINED;
}

/* ---- symbols ------------------------------------------------------------ */

static void mark_claims(dv *d, const fc_node *n, int stmt)
{
    if (n->kind == FC_APP && d->first_claim[n->sym->id] < 0)
        d->first_claim[n->sym->id] = stmt;
    for (size_t i = 0; i < n->nargs; i++)
        mark_claims(d, n->args[i], stmt);
}

/* A symbol that no claim before stmt mentions, and no premise or
 * conjecture anywhere in the file: a premise after the inference that
 * named the symbol would constrain a "fresh" witness. */
static bool is_new(const dv *d, const fc_sym *y, int stmt)
{
    return !d->input_sym[y->id] &&
           (d->first_claim[y->id] < 0 || d->first_claim[y->id] >= stmt);
}

static void mark_input(dv *d, const fc_node *n)
{
    if (n->kind == FC_APP)
        d->input_sym[n->sym->id] = true;
    for (size_t i = 0; i < n->nargs; i++)
        mark_input(d, n->args[i]);
}

static bool has_sym(const fc_node *n, const fc_sym *y)
{
    if (n->kind == FC_APP && n->sym == y)
        return true;
    for (size_t i = 0; i < n->nargs; i++)
        if (has_sym(n->args[i], y))
            return true;
    return false;
}

/* The terms of n whose symbol is new at stmt: the Skolem terms. */
static void skolem_terms(dv *d, int stmt, const fc_node *n, node_vec *out)
{
    if (n->kind == FC_APP && is_new(d, n->sym, stmt) &&
        fc_sort_of(d->t->sorting, d->t->ast, n) != FC_SORT_BOOL) {
        for (size_t i = 0; i < out->len; i++)
            if (out->data[i] == n)
                return;
        fc_vec_push(out, (fc_node *)n);
    }
    for (size_t i = 0; i < n->nargs; i++)
        skolem_terms(d, stmt, n->args[i], out);
}

static bool has_arg(const fc_node *term, const fc_node *var)
{
    for (size_t i = 0; i < term->nargs; i++)
        if (term->args[i] == var)
            return true;
    return false;
}

/* The child of an esa inference with its Skolem terms read as
 * existential variables: each quantified right after the universal
 * variables it depends on, so that a witness for it is a function of its
 * arguments alone.  NULL, with why, when the terms are not in that form
 * (arguments that are not distinct variables of the universal prefix, a
 * symbol with two argument lists, argument sets that are not nested). */
static fc_node *skolem_goal(dv *d, int stmt, fc_node *child, char *why,
                            size_t size)
{
    fc_ast *a = d->t->ast;
    node_vec terms = {0}, prefix = {0}, vars = {0};
    skolem_terms(d, stmt, child, &terms);
    fc_node *body = child, *out = NULL;
    if (!terms.len)
        return child;
    while (body->kind == FC_FORALL) {
        fc_vec_push(&prefix, fc_quant_var(a, body));
        body = body->args[0];
    }
    /* fewest arguments first */
    for (size_t i = 1; i < terms.len; i++)
        for (size_t j = i; j > 0 && terms.data[j - 1]->nargs >
                                        terms.data[j]->nargs; j--) {
            fc_node *x = terms.data[j];
            terms.data[j] = terms.data[j - 1];
            terms.data[j - 1] = x;
        }
    for (size_t i = 0; i < terms.len; i++) {
        fc_node *t = terms.data[i];
        for (size_t j = 0; j < i; j++)
            if (terms.data[j]->sym == t->sym) {
                snprintf(why, size, "the Skolem symbol %s has two argument "
                         "lists", t->sym->name);
                goto done;
            }
        for (size_t k = 0; k < t->nargs; k++) {
            bool bound = false;
            for (size_t q = 0; q < prefix.len && !bound; q++)
                bound = prefix.data[q] == t->args[k];
            for (size_t m = 0; m < k && bound; m++)
                bound = t->args[m] != t->args[k];
            if (!bound) {
                snprintf(why, size, "an argument of the Skolem term %s is "
                         "not a distinct variable of the universal prefix",
                         t->sym->name);
                goto done;
            }
        }
        for (size_t k = 0; i > 0 && k < terms.data[i - 1]->nargs; k++)
            if (!has_arg(t, terms.data[i - 1]->args[k])) {
                snprintf(why, size, "the arguments of the Skolem terms %s "
                         "and %s are not nested", terms.data[i - 1]->sym->name,
                         t->sym->name);
                goto done;
            }
    }
    for (size_t i = 0; i < terms.len; i++) {
        char name[32];
        snprintf(name, sizeof name, "sk!%u", ++d->fresh_names);
        uint32_t sort = fc_sort_of(d->t->sorting, a, terms.data[i]);
        fc_node *v = fc_mk_var(a, fc_intern(a, name, strlen(name)), sort, 0);
        fc_vec_push(&vars, v);
        body = fc_node_replace(a, body, terms.data[i], v);
    }
    /* from the inside out: the variables no Skolem term depends on, then
     * each Skolem variable after the universal variables it needs */
    const fc_node *last = terms.data[terms.len - 1];
    for (size_t q = prefix.len; q-- > 0;)
        if (!has_arg(last, prefix.data[q]))
            body = fc_mk_quant(a, FC_FORALL, prefix.data[q]->sym,
                               prefix.data[q]->annot, prefix.data[q]->tag,
                               body);
    for (size_t i = terms.len; i-- > 0;) {
        fc_node *v = vars.data[i];
        body = fc_mk_quant(a, FC_EXISTS, v->sym, v->annot, 0, body);
        for (size_t q = prefix.len; q-- > 0;) {
            fc_node *x = prefix.data[q];
            if (has_arg(terms.data[i], x) &&
                (i == 0 || !has_arg(terms.data[i - 1], x)))
                body = fc_mk_quant(a, FC_FORALL, x->sym, x->annot, x->tag,
                                   body);
        }
    }
    out = body;
done:
    fc_vec_free(&terms);
    fc_vec_free(&prefix);
    fc_vec_free(&vars);
    return out;
}

/* introduced(definition): `p(X...) <=> φ` or `f(X...) = t` under the
 * universal prefix X..., p or f new here, its arguments the distinct
 * prefix variables, and φ or t free of p or f.  Such a definition keeps
 * every model of what came before (a conservative extension). */
static bool defines_fresh(dv *d, int stmt, const fc_node *f)
{
    size_t nvars = 0;
    while (f->kind == FC_FORALL) {
        nvars++;
        f = f->args[0];
    }
    if ((f->kind != FC_IFF && f->kind != FC_EQ) || f->nargs != 2)
        return false;
    for (int side = 0; side < 2; side++) {
        const fc_node *h = f->args[side], *body = f->args[1 - side];
        if (h->kind != FC_APP || !is_new(d, h->sym, stmt) ||
            has_sym(body, h->sym) || h->nargs != nvars)
            continue;
        bool ok = true;
        for (size_t i = 0; i < h->nargs && ok; i++) {
            ok = h->args[i]->kind == FC_VAR;
            for (size_t j = 0; j < i && ok; j++)
                ok = h->args[j] != h->args[i];
        }
        if (ok)
            return true;
    }
    return false;
}

/* ---- obligations --------------------------------------------------------- */

/* Keeps the questions settled for inference k, when asked to: the
 * parents (negated ones as negations) against the goal, and for an
 * assume_negation the way back, the child against the parent's
 * negation. */
static void keep(dv *d, int k, int stmt, const obligation *ob,
                 const fc_node *goal, fc_status st)
{
    if (!d->o->keep_obligations)
        return;
    fc_ast *a = d->t->ast;
    FC_VEC(const fc_node *) given = {0};
    for (size_t i = 0; i < ob->pos.len; i++)
        if (fc_solver_has(d->s, ob->pos.data[i]))
            fc_vec_push(&given, d->t->stmts.data[ob->pos.data[i]].formula);
    for (size_t i = 0; i < ob->neg.len; i++)
        if (fc_solver_has(d->s, ob->neg.data[i]))
            fc_vec_push(&given,
                        fc_mk1(a, FC_NOT,
                               d->t->stmts.data[ob->neg.data[i]].formula));
    fc_result_add_obligation(d->r, k, "parents", given.data, given.len, goal,
                             st);
    fc_vec_free(&given);
    if (ob->single_cth && st == FC_STATUS_ENTAILED) {
        const fc_node *child = d->t->stmts.data[stmt].formula;
        fc_result_add_obligation(
            d->r, k, "negation", &child, 1,
            fc_mk1(a, FC_NOT, d->t->stmts.data[ob->neg.data[0]].formula),
            FC_STATUS_ENTAILED);
    }
}

/* ---- one inference ------------------------------------------------------ */

static void classify(dv *d, size_t k, const fc_ivec *ctx)
{
    fc_ivec none = {0};
    fc_classify_in in = {
        .t = d->t,
        .plan = d->p,
        .solver = d->s,
        .explain = d->o->explain,
        .global_stmts = ctx,
        .local_stmts = ctx,
        .failed = &none,
        .contradicted = &none,
    };
    fc_classify_step(&in, d->r, k);
}

static void set_error(fc_step_result *sr, fc_etype type, const char *msg)
{
    sr->err.type = type;
    free(sr->err.message);
    sr->err.message = fc_xstrdup(msg);
}

static void parents_text(const dv *d, const obligation *ob, fc_buf *b)
{
    for (size_t i = 0; i < ob->neg.len; i++)
        fc_buf_printf(b, "%s~%s", b->len ? ", " : "",
                      d->t->stmts.data[ob->neg.data[i]].label);
    for (size_t i = 0; i < ob->pos.len; i++)
        fc_buf_printf(b, "%s%s", b->len ? ", " : "",
                      d->t->stmts.data[ob->pos.data[i]].label);
}

/* The status of the obligation, with the error a failure gets when the
 * classifier does not name it; why says what failed. */
static fc_status obligation_status(dv *d, int stmt, const obligation *ob,
                                   char *why, size_t size, fc_etype *type,
                                   const fc_node **goal_out)
{
    const fc_stmt *s = &d->t->stmts.data[stmt];
    fc_node *child = s->formula;
    char reason[160] = "";
    fc_status st;
    *type = FC_T_NONE;
    if (ob->unsupported) {
        snprintf(why, size, "status %s is not checked (thm, eqv, cth and "
                 "esa are)", ob->unsupported);
        *type = FC_T_SOLVER_UNKNOWN;
        return FC_STATUS_UNKNOWN;
    }
    fc_node *goal = ob->esa ? skolem_goal(d, stmt, child, why, size) : child;
    *goal_out = goal;
    if (!goal) {
        *type = FC_T_SOLVER_UNKNOWN;
        return FC_STATUS_UNKNOWN;
    }
    fset given = {0};
    if (!parents_set(d, ob, &given)) {
        snprintf(why, size, "a parent is ill-formed");
        fset_free(&given);
        *type = FC_T_PROPAGATED;
        return FC_STATUS_UNDETERMINED;
    }
    st = ask(d, &given, goal, reason, sizeof reason);
    fset_free(&given);
    if (st == FC_STATUS_ENTAILED && (ob->single_cth || ob->eqv)) {
        /* the other way: the child gives the negated parent (cth), or
         * the parents (eqv) */
        const fc_ivec *back = ob->single_cth ? &ob->neg : &ob->pos;
        for (size_t i = 0; i < back->len && st == FC_STATUS_ENTAILED; i++) {
            fset one = {0};
            fset_add(&one, child, false);
            fc_answer a = FC_UNKNOWN;
            if (fc_solver_has(d->s, back->data[i])) {
                fset_add(&one, d->t->stmts.data[back->data[i]].formula,
                         !ob->single_cth);
                a = check_set(d, &one, NULL, false, reason, sizeof reason);
            }
            fset_free(&one);
            if (a != FC_UNSAT) {
                st = a == FC_UNKNOWN ? FC_STATUS_UNKNOWN
                                     : FC_STATUS_UNDETERMINED;
                snprintf(why, size, ob->single_cth
                             ? "the child is not equivalent to the negation "
                               "of its parent: it does not contradict %s"
                             : "the child does not give back the parent %s",
                         d->t->stmts.data[back->data[i]].label);
            }
        }
        if (st != FC_STATUS_ENTAILED) {
            *type = st == FC_STATUS_UNKNOWN ? FC_T_SOLVER_UNKNOWN
                                            : FC_T_INFERENCE_VIOLATION;
            return st;
        }
    }
    if (st == FC_STATUS_UNKNOWN)
        snprintf(why, size, "%s", reason[0] ? reason : "the solver gave up");
    bool intro = s->inference && s->inference->introduced;
    if (st != FC_STATUS_ENTAILED && !why[0])
        snprintf(why, size, "%s",
                 intro ? "it defines no fresh symbol, and it does not "
                         "hold by itself"
                 : st == FC_STATUS_CONTRADICTED
                     ? "the parents contradict it"
                 : ob->esa ? "it does not follow from the parents, even "
                             "with its Skolem terms read as existential "
                             "variables"
                           : "it does not follow from the parents");
    *type = st == FC_STATUS_CONTRADICTED ? FC_T_CONTRADICTS_STEPS
            : st == FC_STATUS_UNKNOWN    ? FC_T_SOLVER_UNKNOWN
                                         : FC_T_INFERENCE_VIOLATION;
    return st;
}

/* Statement parents of stmt's step that are steps themselves: are they
 * all established? */
static bool parents_established(const dv *d, const obligation *ob)
{
    const fc_ivec *sets[2] = {&ob->pos, &ob->neg};
    for (int j = 0; j < 2; j++)
        for (size_t i = 0; i < sets[j]->len; i++) {
            int k = d->stmt_step[sets[j]->data[i]];
            if (k >= 0 && !d->established[k])
                return false;
        }
    return true;
}

static void check_inference(dv *d, size_t k)
{
    int stmt = d->p->steps.data[k];
    const fc_stmt *s = &d->t->stmts.data[stmt];
    fc_step_result *sr = &d->r->steps.data[k];
    sr->stmt = stmt;
    sr->index = (int)k + 1;
    sr->redundant_of = -1;
    d->stmt_step[stmt] = (int)k;
    obligation ob = {.conjecture = -1};
    if (s->broken || s->ill_sorted || !fc_solver_has(d->s, stmt)) {
        sr->local = sr->global = FC_STATUS_ILL_FORMED;
        classify(d, k, &ob.pos);
        return;
    }
    const fc_inference *inf = s->inference;
    bool intro = inf && inf->introduced;
    if (intro && !strcmp(inf->rule, "definition") &&
        defines_fresh(d, stmt, s->formula)) {
        sr->local = sr->global = FC_STATUS_DEFINITION;
        sr->in_global = true;
        d->established[k] = true;
        return;
    }
    if (inf && !intro)
        gather(d, s, inf, 0, &ob);
    char why[200] = "";
    fc_etype type = FC_T_NONE;
    const fc_node *goal = NULL;
    fc_status st = obligation_status(d, stmt, &ob, why, sizeof why, &type,
                                     &goal);
    if (goal)
        keep(d, (int)k, stmt, &ob, goal, st);
    sr->local = sr->global = st;
    sr->in_global = st != FC_STATUS_CONTRADICTED;
    if (st == FC_STATUS_UNKNOWN) {
        sr->local_reason = fc_xstrdup(why);
        sr->global_reason = fc_xstrdup(why);
    }
    if (st == FC_STATUS_ENTAILED) {
        sr->global_without_failed = true;
        /* the parents, in statement order */
        for (size_t i = 0; i < ob.neg.len; i++)
            fc_vec_push(&sr->support, ob.neg.data[i]);
        for (size_t i = 0; i < ob.pos.len; i++)
            if (!fc_ivec_contains(&ob.neg, ob.pos.data[i]))
                fc_vec_push(&sr->support, ob.pos.data[i]);
        fc_ivec_sort(&sr->support);
    }
    /* a plain consequence gets the taxonomy's finer types from the
     * classifier; negations, Skolemizations and statuses it does not
     * know get theirs here */
    bool plain = !intro && !ob.esa && !ob.neg.len && !ob.eqv &&
                 !ob.unsupported && type != FC_T_PROPAGATED;
    if (st != FC_STATUS_ENTAILED && plain) {
        classify(d, k, &ob.pos);
        /* the classifier's last resorts speak of a trace's premises and
         * steps; here the context is the parents */
        if (sr->err.type == FC_T_FALSE_ASSUMPTION ||
            sr->err.type == FC_T_MISSING_STEPS)
            set_error(sr, FC_T_INFERENCE_VIOLATION, why);
    } else if (st != FC_STATUS_ENTAILED)
        set_error(sr, type, why);
    if (ob.conjecture >= 0)
        set_error(sr, FC_T_FALSE_ASSUMPTION, "");
    if (sr->err.type) {
        fc_buf b = {0}, parents = {0};
        parents_text(d, &ob, &parents);
        if (intro)
            fc_buf_printf(&b, "introduced(%s)", inf->rule);
        else if (inf)
            fc_buf_printf(&b, "%s (status %s)%s%s", inf->rule, inf->status,
                          parents.len ? " from " : "",
                          parents.len ? parents.data : "");
        if (ob.conjecture >= 0)
            fc_buf_printf(&b, ": it uses the conjecture %s, which is what "
                          "the derivation sets out to prove (only "
                          "assume_negation, status cth, may use it)",
                          d->t->stmts.data[ob.conjecture].label);
        else
            fc_buf_printf(&b, ": %s", sr->err.message ? sr->err.message : "");
        free(sr->err.message);
        sr->err.message = fc_buf_take(&b);
        fc_buf_free(&parents);
    }
    d->established[k] = st == FC_STATUS_ENTAILED && !sr->err.type &&
                        parents_established(d, &ob);
    /* what rests on a negated axiom proves that axiom, not the goal */
    for (size_t i = 0; i < ob.neg.len; i++)
        d->foreign[k] |= d->t->stmts.data[ob.neg.data[i]].kind !=
                         FC_ST_CONCLUDE;
    const fc_ivec *sets[2] = {&ob.pos, &ob.neg};
    for (int j = 0; j < 2; j++)
        for (size_t i = 0; i < sets[j]->len; i++) {
            int p = d->stmt_step[sets[j]->data[i]];
            if (p >= 0)
                d->foreign[k] |= d->foreign[p];
        }
    obligation_free(&ob);
}

/* ---- the derivation ----------------------------------------------------- */

/* Does an established step end the derivation: `$false` or the
 * conjecture?  The step that does, or -1. */
static int reaching_step(const dv *d, bool refutation)
{
    int cs = d->p->conclusion;
    const fc_node *conj =
        cs >= 0 && !d->t->stmts.data[cs].broken ? d->t->stmts.data[cs].formula
                                                : NULL;
    for (size_t k = 0; k < d->r->steps.len; k++) {
        const fc_node *f = d->t->stmts.data[d->r->steps.data[k].stmt].formula;
        if (!d->established[k] || d->foreign[k] || !f)
            continue;
        if (refutation ? f->kind == FC_FALSE : (conj && f == conj))
            return (int)k;
    }
    return -1;
}

/* The conjecture against the axioms, when the derivation does not reach
 * it: what it is, for the report. */
static void conjecture_status(dv *d, int cs)
{
    fset axioms = {0};
    for (size_t i = 0; i < d->p->premises.len; i++) {
        int st = d->p->premises.data[i];
        if (!d->t->stmts.data[st].assumption && fc_solver_has(d->s, st))
            fset_add(&axioms, d->t->stmts.data[st].formula, false);
    }
    char reason[160] = "";
    fc_status st = ask(d, &axioms, d->t->stmts.data[cs].formula, reason,
                       sizeof reason);
    d->r->concl.status = st == FC_STATUS_CONTRADICTED ? FC_STATUS_REFUTED : st;
    if (st == FC_STATUS_UNKNOWN)
        d->r->concl.reason = fc_xstrdup(reason);
    fset_free(&axioms);
}

static void add_trace_error(fc_result *r, fc_etype type, const char *msg)
{
    fc_trace_error e = {type, fc_xstrdup(msg), NULL};
    fc_vec_push(&r->errors, e);
}

static void conclusion(dv *d)
{
    fc_result *r = d->r;
    int cs = d->p->conclusion;
    int refute = reaching_step(d, true), derive = reaching_step(d, false);
    int end = refute >= 0 ? refute : derive;
    r->refutation = refute >= 0;
    r->concl.present = cs >= 0;
    r->concl.stmt = cs;
    bool unknown = false;
    for (size_t k = 0; k < r->steps.len; k++)
        unknown |= r->steps.data[k].global == FC_STATUS_UNKNOWN;
    if (cs >= 0 && (d->t->stmts.data[cs].broken ||
                    d->t->stmts.data[cs].ill_sorted ||
                    !fc_solver_has(d->s, cs))) {
        r->concl.status = r->concl.reached_status = FC_STATUS_ILL_FORMED;
        add_trace_error(r, FC_T_SYNTAX, "the conjecture is ill-formed");
        return;
    }
    if (end >= 0) {
        r->concl.reached = true;
        r->concl.status = r->concl.reached_status = FC_STATUS_ENTAILED;
        fc_vec_push(&r->concl.support, r->steps.data[end].stmt);
        return;
    }
    r->concl.reached_status = unknown ? FC_STATUS_UNKNOWN
                                      : FC_STATUS_UNDETERMINED;
    if (cs >= 0)
        conjecture_status(d, cs);
    /* a $false that rests on a negated axiom proves the axiom */
    for (size_t k = 0; k < r->steps.len; k++) {
        const fc_stmt *st = &d->t->stmts.data[r->steps.data[k].stmt];
        if (d->established[k] && d->foreign[k] && st->formula &&
            st->formula->kind == FC_FALSE) {
            fc_buf b = {0};
            fc_buf_printf(&b, "%s derives $false from the negation (cth) "
                          "of a premise, not of the conjecture: it proves "
                          "that premise from the others", st->label);
            add_trace_error(r, FC_T_CONCLUSION_MISMATCH, b.data);
            fc_buf_free(&b);
            return;
        }
    }
    add_trace_error(r, FC_T_CONCLUSION_MISMATCH,
                    cs >= 0 ? "the derivation reaches neither $false nor "
                              "the conjecture by established inferences"
                            : "the derivation does not reach $false by "
                              "established inferences");
}

static void unused_premises(dv *d)
{
    for (size_t i = 0; i < d->p->premises.len; i++) {
        int p = d->p->premises.data[i];
        bool used = false;
        for (size_t j = 0; j < d->t->stmts.len && !used; j++) {
            const fc_stmt *s = &d->t->stmts.data[j];
            for (size_t c = 0; c < s->by.len && !used; c++)
                used = s->by.data[c].target == p;
        }
        if (!used)
            fc_vec_push(&d->r->unused_premises, p);
    }
}

static void verdicts(dv *d)
{
    fc_result *r = d->r;
    bool coherent = true, valid = r->concl.reached, unknown = false;
    for (size_t k = 0; k < r->steps.len; k++) {
        const fc_step_result *sr = &r->steps.data[k];
        coherent &= sr->local != FC_STATUS_CONTRADICTED &&
                    sr->local != FC_STATUS_ILL_FORMED;
        unknown |= sr->local == FC_STATUS_UNKNOWN;
        valid &= !fc_step_failed(sr);
        r->verified += sr->local == FC_STATUS_ENTAILED ||
                       sr->local == FC_STATUS_DEFINITION;
    }
    unknown |= r->concl.reached_status == FC_STATUS_UNKNOWN;
    r->coherent = coherent;
    r->valid = valid && !unknown;
    r->has_unknown = unknown;
}

void fc_derivation_check(const fc_trace *t, const fc_plan *p, fc_solver *s,
                         const fc_check_options *o, fc_result *r)
{
    size_t n = t->stmts.len, nsyms = fc_ast_sym_count(t->ast);
    dv d = {.t = t, .p = p, .s = s, .o = o, .r = r};
    d.stmt_step = fc_xmalloc((n ? n : 1) * sizeof(int));
    for (size_t i = 0; i < n; i++)
        d.stmt_step[i] = -1;
    d.established = fc_xcalloc(p->steps.len ? p->steps.len : 1, sizeof(bool));
    d.first_claim = fc_xmalloc((nsyms ? nsyms : 1) * sizeof(int));
    d.input_sym = fc_xcalloc(nsyms ? nsyms : 1, sizeof(bool));
    d.foreign = fc_xcalloc(p->steps.len ? p->steps.len : 1, sizeof(bool));
    for (size_t i = 0; i < nsyms; i++)
        d.first_claim[i] = -1;
    for (size_t i = 0; i < n; i++) {
        const fc_stmt *st = &t->stmts.data[i];
        if (fc_stmt_is_claim(st) && st->formula)
            mark_claims(&d, st->formula, (int)i);
        if ((st->kind == FC_ST_PREMISE || st->kind == FC_ST_CONCLUDE) &&
            st->formula)
            mark_input(&d, st->formula);
    }
    r->derivation = true;
    /* a derivation is checked inference by inference: the premises'
     * consistency is not asked (JSON null) */
    r->premises_consistent = true;
    r->premises_unknown = true;
    /* r->steps holds one zeroed result per step (the checker's set-up) */
    for (size_t k = 0; k < p->steps.len; k++)
        check_inference(&d, k);
    conclusion(&d);
    unused_premises(&d);
    verdicts(&d);
    free(d.stmt_step);
    free(d.established);
    free(d.first_claim);
    free(d.input_sym);
    free(d.foreign);
}
