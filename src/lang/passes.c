/* The passes that finish a trace once its statements are read: labels,
 * declarations, citations, expectations, free variables, definitions,
 * sort inference, and the count of input errors. */
#include "lang/passes.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/infer.h"

static void stmt_pos(const fc_trace *t, const fc_stmt *s, fc_pos *pos)
{
    if (s->formula || s->source)
        fc_trace_pos(t, s, s->fbeg, s->fend, pos);
    else
        fc_trace_pos(t, s, s->beg, s->end, pos);
}

/* Statements the problem gives: when they are broken, the trace cannot be
 * checked.  Steps and the conclusion are the model's: broken, they are
 * ill-formed (a verdict), and the trace is still checked. */
static bool is_input_stmt(const fc_stmt *s)
{
    return s->kind != FC_ST_STEP && s->kind != FC_ST_CONCLUDE;
}

/* A model's statement whose labels are wrong is ill-formed, with the
 * message of the diagnostic just added. */
static void mark_ill_formed(fc_stmt *s, fc_code code, const fc_diag *g)
{
    if (s->broken || s->ill_sorted)
        return;
    s->broken = true;
    s->error_code = code;
    s->error_msg = fc_xstrdup(g->message);
    s->error_col = g->col;
}

static void stmt_error(fc_trace *t, fc_stmt *s, fc_diags *diags,
                       fc_code code, size_t off, size_t end,
                       const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));

static void stmt_error(fc_trace *t, fc_stmt *s, fc_diags *diags,
                       fc_code code, size_t off, size_t end,
                       const char *fmt, ...)
{
    fc_pos pos;
    fc_trace_pos(t, s, off, end, &pos);
    va_list ap;
    va_start(ap, fmt);
    fc_diag *g = fc_diags_vadd(diags, code, &pos, fmt, ap);
    va_end(ap);
    if (g->severity != FC_SEV_ERROR)
        return;
    if (!s->broken && !s->ill_sorted) {
        s->broken = code != FC_E_TYPE_MISMATCH;
        s->ill_sorted = code == FC_E_TYPE_MISMATCH;
        s->error_code = code;
        s->error_msg = fc_xstrdup(g->message);
        s->error_col = pos.col;
    }
}

/* Given labels first (a duplicate is an input error), then the generated
 * ones, which skip names a statement took explicitly. */
static void assign_labels(fc_trace *t, fc_diags *diags)
{
    for (size_t i = 0; i < t->stmts.len; i++) {
        fc_stmt *s = &t->stmts.data[i];
        if (!s->label || !s->label_given || s->kind == FC_ST_EXPECT)
            continue;
        int other = fc_trace_label_add(t, (int)i);
        if (other < 0)
            continue;
        fc_pos pos;
        fc_trace_pos(t, s, s->beg, s->end, &pos);
        fc_diag *g = fc_diags_add(diags, FC_E_DUPLICATE_LABEL, &pos,
                                  "label '%s' is already used on line %d",
                                  s->label, t->stmts.data[other].line);
        if (!is_input_stmt(s)) {
            mark_ill_formed(s, FC_E_DUPLICATE_LABEL, g);
            continue;
        }
        s->broken = true;
        s->error_code = FC_E_DUPLICATE_LABEL;
        if (!s->error_msg)
            s->error_msg = fc_xstrdup("duplicate label");
        t->input_errors++;
    }
    size_t counts[FC_ST_FUN + 1] = {0};
    static const char *const prefix[] = {"p", "s", "d", "conclusion"};
    for (size_t i = 0; i < t->stmts.len; i++) {
        fc_stmt *s = &t->stmts.data[i];
        if (s->kind > FC_ST_CONCLUDE)
            continue;
        counts[s->kind]++;
        if (s->label)
            continue;
        char buf[32];
        size_t n = counts[s->kind];
        if (s->kind == FC_ST_CONCLUDE)
            snprintf(buf, sizeof buf, n > 1 ? "conclusion%zu" : "conclusion",
                     n);
        else
            snprintf(buf, sizeof buf, "%s%zu", prefix[s->kind], n);
        while (fc_trace_label_taken(t, buf))
            snprintf(buf, sizeof buf, "%s%zu",
                     s->kind == FC_ST_CONCLUDE ? "conclusion" : prefix[s->kind],
                     ++n);
        s->label = fc_xstrdup(buf);
        fc_trace_label_add(t, (int)i);
    }
}

static void resolve_citations(fc_trace *t, fc_diags *diags)
{
    for (size_t i = 0; i < t->stmts.len; i++) {
        fc_stmt *s = &t->stmts.data[i];
        for (size_t k = 0; k < s->by.len; k++) {
            fc_cite *c = &s->by.data[k];
            int target = fc_trace_find_label(t, c->label->name);
            if (target >= 0 && (size_t)target < i &&
                fc_stmt_is_claim(&t->stmts.data[target])) {
                c->target = target;
                continue;
            }
            fc_pos pos;
            fc_trace_pos(t, s, t->json ? 0 : c->off,
                         t->json ? 0 : c->off + c->label->len, &pos);
            if (t->json) {
                pos.field = NULL;
                pos.source = NULL;
                pos.col = c->json_col;
            }
            fc_diag *g;
            if (target < 0)
                g = fc_diags_add(diags, FC_E_UNKNOWN_LABEL, &pos,
                                 "'%s' cites '%s', which is no statement's "
                                 "label",
                                 s->label ? s->label : "this statement",
                                 c->label->name);
            else
                g = fc_diags_add(diags, FC_E_UNKNOWN_LABEL, &pos,
                                 "'%s' cites '%s', which is not an earlier "
                                 "premise, step or definition",
                                 s->label ? s->label : "this statement",
                                 c->label->name);
            if (!is_input_stmt(s))
                mark_ill_formed(s, FC_E_UNKNOWN_LABEL, g);
            else
                t->input_errors++;
        }
    }
}

/* Verdict words an `expect` line may name. */
static const char *const trace_words[] = {"valid", "invalid", "coherent",
                                          "incoherent", "vacuous", NULL};
static const char *const step_words[] = {
    "entailed", "contradicted", "undetermined", "unknown", "definition",
    "ill_formed", "refuted", "reached", "not_reached",
    /* error types */
    "syntax", "type_mismatch", "propagated", "operation_misapplication",
    "arithmetic", "calculator_error", "inference_violation",
    "quantifier_misuse", "contradicts_premises", "contradicts_steps",
    "ungrounded_symbol", "missing_steps", "false_assumption",
    "conclusion_mismatch", "inconsistent_premises", "solver_unknown",
    "redundant", "ok", "unused_premise", "unused", "used", NULL};

static bool in_list(const char *const *list, const char *w)
{
    for (size_t i = 0; list[i]; i++)
        if (!strcmp(list[i], w))
            return true;
    return false;
}

static void check_expectations(fc_trace *t, fc_diags *diags)
{
    for (size_t i = 0; i < t->stmts.len; i++) {
        fc_stmt *s = &t->stmts.data[i];
        if (s->kind != FC_ST_EXPECT || s->broken)
            continue;
        const char *w = s->expect_value->name;
        bool ok;
        if (!s->label) {
            ok = in_list(trace_words, w) || in_list(step_words, w);
            if (ok && !in_list(trace_words, w)) {
                /* trace-level errors such as inconsistent_premises */
                ok = !strcmp(w, "inconsistent_premises") ||
                     !strcmp(w, "conclusion_mismatch") ||
                     !strcmp(w, "solver_unknown");
            }
        } else {
            ok = in_list(step_words, w);
            int target = fc_trace_find_label(t, s->label);
            if (target < 0 || !fc_stmt_is_claim(&t->stmts.data[target])) {
                stmt_error(t, s, diags, FC_E_BAD_EXPECT, s->beg, s->end,
                           "expectation for '%s', which is no premise, "
                           "step or conclusion", s->label);
                t->input_errors++;
                continue;
            }
        }
        if (!ok) {
            stmt_error(t, s, diags, FC_E_BAD_EXPECT, s->beg, s->end,
                       "unknown expectation '%s'", w);
            t->input_errors++;
        }
    }
}

static bool var_like(const fc_sym *s)
{
    /* FOLIO writes free variables as single lower-case letters */
    return s->len == 1 && s->name[0] >= 'u' && s->name[0] <= 'z';
}

typedef FC_VEC(fc_sym *) sym_vec;

static void collect_bound(const fc_node *n, fc_symset *out)
{
    if (n->closed && n->kind != FC_FORALL && n->kind != FC_EXISTS &&
        n->depth == 1)
        return;
    if (n->kind == FC_FORALL || n->kind == FC_EXISTS)
        fc_symset_add(out, n->sym);
    for (size_t i = 0; i < n->nargs; i++)
        collect_bound(n->args[i], out);
}

static void collect_consts(const fc_node *n, fc_symset *seen, sym_vec *out)
{
    if (n->kind == FC_APP && n->nargs == 0 && fc_symset_add(seen, n->sym))
        fc_vec_push(out, n->sym);
    for (size_t i = 0; i < n->nargs; i++)
        collect_consts(n->args[i], seen, out);
}

static void free_variables(fc_trace *t, fc_diags *diags)
{
    fc_symset declared, bound, seen;
    fc_symset_init(&declared, t->ast);
    fc_symset_init(&bound, t->ast);
    fc_symset_init(&seen, t->ast);
    for (size_t i = 0; i < t->stmts.len; i++) {
        const fc_stmt *d = &t->stmts.data[i];
        if (d->kind == FC_ST_CONST)
            for (size_t j = 0; j < d->names.len; j++)
                fc_symset_add(&declared, d->names.data[j]);
    }
    for (size_t i = 0; i < t->stmts.len; i++) {
        fc_stmt *s = &t->stmts.data[i];
        if (!s->formula || s->broken || s->kind == FC_ST_DEFINE)
            continue;
        sym_vec consts = {0}, free_vars = {0};
        fc_symset_clear(&bound);
        fc_symset_clear(&seen);
        collect_bound(s->formula, &bound);
        collect_consts(s->formula, &seen, &consts);
        for (size_t k = 0; k < consts.len; k++) {
            fc_sym *c = consts.data[k];
            bool is_bound = fc_symset_has(&bound, c);
            bool folio_var = t->dialect == FC_DIALECT_FOLIO && var_like(c);
            if ((is_bound || folio_var) && !fc_symset_has(&declared, c))
                fc_vec_push(&free_vars, c);
        }
        for (size_t k = 0; k < free_vars.len; k++) {
            fc_sym *v = free_vars.data[k];
            if (t->dialect == FC_DIALECT_FOLIO) {
                fc_node *var = fc_mk_var(t->ast, v, 0, 0);
                s->formula = fc_node_replace(t->ast, s->formula,
                                             fc_mk_const(t->ast, v), var);
                s->formula = fc_mk_quant(t->ast, FC_FORALL, v, 0, 0,
                                         s->formula);
                fc_pos pos;
                stmt_pos(t, s, &pos);
                fc_diags_add(diags, FC_W_FREE_VARIABLE, &pos,
                             "'%s' is free; it is read as universally "
                             "quantified (∀%s)", v->name, v->name);
            } else {
                stmt_error(t, s, diags, FC_E_FREE_VARIABLE, s->fbeg, s->fend,
                           "'%s' occurs outside the quantifier that binds "
                           "it; add parentheses around the quantifier's "
                           "body, or declare it with `const %s`",
                           v->name, v->name);
            }
        }
        fc_vec_free(&consts);
        fc_vec_free(&free_vars);
    }
    fc_symset_free(&declared);
    fc_symset_free(&bound);
    fc_symset_free(&seen);
}

static bool mentions_sym(const fc_node *n, const fc_sym *s)
{
    if (n->kind == FC_APP && n->sym == s)
        return true;
    for (size_t i = 0; i < n->nargs; i++)
        if (mentions_sym(n->args[i], s))
            return true;
    return false;
}

static void check_definitions(fc_trace *t, fc_diags *diags)
{
    for (size_t i = 0; i < t->stmts.len; i++) {
        fc_stmt *s = &t->stmts.data[i];
        if (s->kind != FC_ST_DEFINE || s->broken || !s->def_name)
            continue;
        fc_sym *name = s->def_name->sym;
        bool used = mentions_sym(s->def_term, name);
        for (size_t j = 0; j < i && !used; j++) {
            fc_stmt *o = &t->stmts.data[j];
            if (o->formula && mentions_sym(o->formula, name))
                used = true;
            if (o->kind == FC_ST_CONST || o->kind == FC_ST_FUN ||
                o->kind == FC_ST_PRED)
                for (size_t k = 0; k < o->names.len; k++)
                    used |= o->names.data[k] == name;
        }
        if (used)
            stmt_error(t, s, diags, FC_E_REDEFINED, s->fbeg,
                       s->fbeg + name->len,
                       "'%s' is already used; a definition introduces a "
                       "new name", name->name);
    }
}

static void check_declarations(fc_trace *t, fc_diags *diags)
{
    for (size_t i = 0; i < t->stmts.len; i++) {
        fc_stmt *s = &t->stmts.data[i];
        if (s->broken)
            continue;
        if (s->kind == FC_ST_SORT) {
            for (size_t k = 0; k < s->names.len; k++) {
                const char *n = s->names.data[k]->name;
                if (fc_sort_lookup(t->ast, n) &&
                    fc_sort_lookup(t->ast, n) < FC_SORT_FIRST_USER)
                    stmt_error(t, s, diags, FC_E_REDEFINED, s->beg, s->end,
                               "'%s' is a built-in sort", n);
                fc_sort_declare(t->ast, n);
            }
            continue;
        }
        fc_sym *sorts[64];
        size_t n = 0;
        for (size_t k = 0; k < s->arg_sorts.len && n < 63; k++)
            sorts[n++] = s->arg_sorts.data[k];
        if (s->result_sort)
            sorts[n++] = s->result_sort;
        for (size_t k = 0; k < n; k++) {
            if (!fc_sort_lookup(t->ast, sorts[k]->name)) {
                stmt_error(t, s, diags, FC_E_UNKNOWN_SORT, s->beg, s->end,
                           "unknown sort '%s'; declare it with `sort %s`",
                           sorts[k]->name, sorts[k]->name);
                break;
            }
        }
    }
}

/* ---- built-in functions -------------------------------------------------- */

typedef struct builtins {
    fc_trace *t;
    fc_diags *diags;
    fc_stmt *s;
    fc_symset declared, warned;
    bool python;
} builtins;

static bool is_zero(const fc_node *n)
{
    if (n->kind != FC_NUM)
        return false;
    for (const char *p = n->num; *p; p++)
        if (*p != '0' && *p != '-' && *p != '.' && *p != '%')
            return false;
    return true;
}

/* n with every application of a built-in name (`floor(x)`, `min(a, b)`)
 * made the built-in operator, unless the trace declares that name. */
static fc_node *resolve_node(builtins *b, fc_node *n)
{
    if (n->nargs == 0)
        return n;
    fc_ast *a = b->t->ast;
    fc_node *stackargs[8];
    fc_node **args = n->nargs <= 8 ? stackargs
                                   : fc_xmalloc(n->nargs * sizeof *args);
    bool changed = false;
    for (size_t i = 0; i < n->nargs; i++) {
        args[i] = resolve_node(b, n->args[i]);
        changed |= args[i] != n->args[i];
    }
    fc_node *r = n;
    if (n->kind == FC_APP) {
        fc_kind k = fc_builtin_named(n->sym->name, b->python);
        bool identity = b->python && !strcmp(n->sym->name, "float");
        if ((k != FC_TRUE || identity) && fc_symset_has(&b->declared, n->sym)) {
            if (fc_symset_add(&b->warned, n->sym)) {
                fc_pos pos;
                stmt_pos(b->t, b->s, &pos);
                fc_diags_add(b->diags, FC_W_BUILTIN_SHADOWED, &pos,
                             "'%s' is declared in this trace, so it is "
                             "read as the declared symbol, not as the "
                             "built-in function", n->sym->name);
            }
        } else if (identity || k != FC_TRUE) {
            bool nary = k == FC_MIN || k == FC_MAX;
            if (nary ? n->nargs < 2 : n->nargs != 1) {
                stmt_error(b->t, b->s, b->diags, FC_E_BUILTIN_ARITY,
                           b->s->fbeg, b->s->fend,
                           "`%s` takes %s, not %u", n->sym->name,
                           nary ? "two or more arguments" : "one argument",
                           (unsigned)n->nargs);
            } else {
                r = identity ? args[0] : fc_mk(a, k, args, n->nargs);
                changed = false;
            }
        }
    }
    if (changed)
        r = fc_node_with_args(a, n, args);
    if ((r->kind == FC_DIV || r->kind == FC_MOD || r->kind == FC_IDIV) &&
        is_zero(r->args[1]) && !b->s->broken) {
        char *e = fc_node_str(a, r);
        stmt_error(b->t, b->s, b->diags, FC_E_DIVISION_BY_ZERO, b->s->fbeg,
                   b->s->fend, "`%s` divides by zero", e);
        free(e);
    }
    if (args != stackargs)
        free(args);
    return r;
}

static bool mentions_builtin(const fc_trace *t)
{
    static const char *const names[] = {
        "floor", "ceil", "round", "trunc", "abs", "min", "max",
        "math.floor", "math.ceil", "math.trunc", "int", "float", "math.fabs"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (fc_lookup_sym(t->ast, names[i], strlen(names[i])))
            return true;
    return false;
}

static bool mentions_division(const fc_node *n)
{
    if (n->kind == FC_DIV || n->kind == FC_MOD || n->kind == FC_IDIV)
        return true;
    for (size_t i = 0; i < n->nargs; i++)
        if (mentions_division(n->args[i]))
            return true;
    return false;
}

static void resolve_builtins(fc_trace *t, fc_diags *diags)
{
    /* TPTP's lower-case functors are the problem's own symbols; its
     * arithmetic ($floor, $quotient_f, ...) is read as built-ins already */
    if (t->dialect == FC_DIALECT_TPTP)
        return;
    bool names = mentions_builtin(t);
    builtins b = {.t = t, .diags = diags,
                  .python = t->dialect == FC_DIALECT_PYTHON};
    fc_symset_init(&b.declared, t->ast);
    fc_symset_init(&b.warned, t->ast);
    for (size_t i = 0; i < t->stmts.len; i++) {
        const fc_stmt *d = &t->stmts.data[i];
        if (d->kind == FC_ST_CONST || d->kind == FC_ST_FUN ||
            d->kind == FC_ST_PRED)
            for (size_t j = 0; j < d->names.len; j++)
                fc_symset_add(&b.declared, d->names.data[j]);
    }
    for (size_t i = 0; i < t->stmts.len; i++) {
        fc_stmt *s = &t->stmts.data[i];
        if (!s->formula || s->broken ||
            (!names && !mentions_division(s->formula)))
            continue;
        b.s = s;
        s->formula = resolve_node(&b, s->formula);
        if (s->def_term)
            s->def_term = resolve_node(&b, s->def_term);
    }
    fc_symset_free(&b.declared);
    fc_symset_free(&b.warned);
}

/* Is diagnostic g the error of a step (a verdict, not an input error)? */
bool fc_trace_reports_diag(const fc_trace *t, const fc_diag *g)
{
    for (size_t i = 0; i < t->stmts.len; i++) {
        const fc_stmt *s = &t->stmts.data[i];
        if (is_input_stmt(s) || !(s->broken || s->ill_sorted) ||
            !s->error_msg || strcmp(s->error_msg, g->message))
            continue;
        bool same_place = t->json ? (s->field && g->field &&
                                     !strcmp(s->field, g->field))
                                  : s->line <= g->line;
        if (same_place)
            return true;
    }
    return false;
}

void fc_trace_finish(fc_trace *t, fc_diags *diags)
{
    /* statements broken while parsing: premises, declarations, the
     * conclusion and expectations are input errors */
    assign_labels(t, diags);
    check_declarations(t, diags);
    resolve_builtins(t, diags);
    resolve_citations(t, diags);
    check_expectations(t, diags);
    free_variables(t, diags);
    check_definitions(t, diags);
    t->sorting = fc_sorts_infer(t, diags);
    t->input_errors = 0;
    for (size_t i = 0; i < t->stmts.len; i++) {
        fc_stmt *s = &t->stmts.data[i];
        if ((s->broken || s->ill_sorted) && is_input_stmt(s))
            t->input_errors++;
        for (size_t k = 0; k < s->by.len && is_input_stmt(s); k++)
            if (s->by.data[k].target < 0)
                t->input_errors++;
    }
    if (t->input_errors && !t->first_error) {
        for (size_t i = t->diag_start; i < diags->items.len; i++) {
            fc_diag *g = diags->items.data[i];
            if (g->severity == FC_SEV_ERROR && !fc_trace_reports_diag(t, g)) {
                fc_diag *c = fc_xcalloc(1, sizeof *c);
                *c = *g;
                c->file = fc_xstrdup(g->file);
                c->field = g->field ? fc_xstrdup(g->field) : NULL;
                c->source = g->source ? fc_xstrdup(g->source) : NULL;
                c->message = fc_xstrdup(g->message);
                t->first_error = c;
                break;
            }
        }
    }
}

