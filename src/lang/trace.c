/* The trace model: statements, labels, citations, free variables and the
 * hand-off to sort inference. */
#include "lang/trace.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/parse.h"

static const char *const kind_names[] = {
    "premise", "step", "define", "conclude", "expect",
    "sort",    "const", "pred",  "fun",
};

const char *fc_stmt_kind_name(fc_stmt_kind k) { return kind_names[k]; }

bool fc_stmt_is_claim(const fc_stmt *s) { return s->kind <= FC_ST_CONCLUDE; }

void fc_stmt_free(fc_stmt *s)
{
    free(s->label);
    free(s->field);
    free(s->source);
    free(s->error_msg);
    fc_vec_free(&s->by);
    fc_vec_free(&s->names);
    fc_vec_free(&s->arg_sorts);
    fc_vec_free(&s->bound);
}

fc_stmt *fc_trace_add(fc_trace *t, fc_stmt *s)
{
    fc_vec_push(&t->stmts, *s);
    memset(s, 0, sizeof *s);
    return &t->stmts.data[t->stmts.len - 1];
}

fc_trace *fc_trace_alloc(const char *name, fc_dialect dialect)
{
    fc_trace *t = fc_xcalloc(1, sizeof *t);
    t->name = fc_xstrdup(name ? name : "<input>");
    t->dialect = dialect;
    t->ast = fc_ast_new();
    return t;
}

void fc_trace_free(fc_trace *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->stmts.len; i++)
        fc_stmt_free(&t->stmts.data[i]);
    fc_vec_free(&t->stmts);
    fc_sorting_free(t->sorting);
    fc_ast_free(t->ast);
    free(t->label_slots);
    if (t->first_error) {
        fc_diags tmp = {0};
        fc_vec_push(&tmp.items, t->first_error);
        fc_diags_clear(&tmp);
        fc_vec_free(&tmp.items);
    }
    free(t->name);
    free(t->id);
    free(t->meta);
    free(t->ref_label);
    free(t->text);
    free(t);
}

bool fc_trace_checkable(const fc_trace *t) { return t->input_errors == 0; }
const char *fc_trace_name(const fc_trace *t) { return t->name; }
const char *fc_trace_id(const fc_trace *t) { return t->id; }
size_t fc_trace_statement_count(const fc_trace *t) { return t->stmts.len; }

/* The label table holds claims and declarations, not expectations (which
 * name the statement they are about). */
static int *label_slot(const fc_trace *t, const char *label)
{
    size_t mask = t->label_cap - 1;
    size_t j = fc_hash_bytes(label, strlen(label), 7) & mask;
    while (t->label_slots[j] >= 0 &&
           strcmp(t->stmts.data[t->label_slots[j]].label, label))
        j = (j + 1) & mask;
    return &t->label_slots[j];
}

static void label_table_grow(fc_trace *t)
{
    size_t old_cap = t->label_cap;
    int *old = t->label_slots;
    t->label_cap = old_cap ? old_cap * 2 : 64;
    t->label_slots = fc_xmalloc(t->label_cap * sizeof(int));
    for (size_t i = 0; i < t->label_cap; i++)
        t->label_slots[i] = -1;
    for (size_t i = 0; i < old_cap; i++)
        if (old[i] >= 0)
            *label_slot(t, t->stmts.data[old[i]].label) = old[i];
    free(old);
}

/* Adds statement i's label; returns the index already holding it, or -1. */
static int label_table_add(fc_trace *t, int i)
{
    if ((t->label_count + 1) * 2 > t->label_cap)
        label_table_grow(t);
    int *slot = label_slot(t, t->stmts.data[i].label);
    if (*slot >= 0)
        return *slot;
    *slot = i;
    t->label_count++;
    return -1;
}

int fc_trace_find_label(const fc_trace *t, const char *label)
{
    if (t->label_cap) {
        int i = *label_slot(t, label);
        if (i >= 0)
            return i;
    }
    /* before the table is built (while parsing), or an expectation */
    for (size_t i = 0; i < t->stmts.len; i++)
        if (t->stmts.data[i].label && !strcmp(t->stmts.data[i].label, label) &&
            (!t->label_cap || t->stmts.data[i].kind == FC_ST_EXPECT))
            return (int)i;
    return -1;
}

bool fc_dialect_from_name(const char *name, fc_dialect *out)
{
    static const char *const names[] = {"native", "folio", "tptp"};
    for (int i = 0; i < 3; i++)
        if (!strcmp(name, names[i])) {
            *out = (fc_dialect)i;
            return true;
        }
    return false;
}

const char *fc_dialect_name(fc_dialect d)
{
    static const char *const names[] = {"native", "folio", "tptp"};
    return names[d];
}

/* ---- positions ---------------------------------------------------------- */

void fc_trace_pos(const fc_trace *t, const fc_stmt *s, size_t off,
                  size_t end, fc_pos *pos)
{
    memset(pos, 0, sizeof *pos);
    pos->file = t->name;
    if (t->json) {
        pos->line = t->json_line;
        pos->col = s->col;
        pos->field = s->field;
        if (s->source) {
            size_t n = strlen(s->source);
            if (off > n)
                off = n;
            if (end > n || end <= off)
                end = n > off ? n : off;
            pos->source = s->source;
            pos->source_len = n;
            pos->fcol = fc_utf8_columns(s->source, off) + 1;
            pos->caret = pos->fcol;
            pos->span = fc_utf8_columns(s->source + off, end - off);
        }
    } else if (t->text) {
        if (off < s->line_off)
            off = s->line_off;
        int line = s->line;
        size_t ls = s->line_off;
        for (size_t i = s->line_off; i < off && i < t->len; i++)
            if (t->text[i] == '\n') {
                line++;
                ls = i + 1;
            }
        pos->line = line;
        pos->col = fc_utf8_columns(t->text + ls, off - ls) + 1;
        pos->source = t->text + ls;
        pos->source_len = t->len - ls;
        pos->caret = pos->col;
        if (end > t->len)
            end = t->len;
        const char *nl = end > off ? memchr(t->text + off, '\n', end - off)
                                   : NULL;
        size_t e = nl ? (size_t)(nl - t->text) : end;
        pos->span = e > off ? fc_utf8_columns(t->text + off, e - off) : 1;
    }
    if (pos->span < 1)
        pos->span = 1;
}

static void stmt_pos(const fc_trace *t, const fc_stmt *s, fc_pos *pos)
{
    if (s->formula || s->source)
        fc_trace_pos(t, s, s->fbeg, s->fend, pos);
    else
        fc_trace_pos(t, s, s->beg, s->end, pos);
}

/* ---- finishing ---------------------------------------------------------- */

static bool is_input_stmt(const fc_stmt *s)
{
    return s->kind != FC_ST_STEP;
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
        int other = label_table_add(t, (int)i);
        if (other < 0)
            continue;
        fc_pos pos;
        fc_trace_pos(t, s, s->beg, s->end, &pos);
        fc_diags_add(diags, FC_E_DUPLICATE_LABEL, &pos,
                     "label '%s' is already used on line %d", s->label,
                     t->stmts.data[other].line);
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
        while (t->label_cap && *label_slot(t, buf) >= 0)
            snprintf(buf, sizeof buf, "%s%zu",
                     s->kind == FC_ST_CONCLUDE ? "conclusion" : prefix[s->kind],
                     ++n);
        s->label = fc_xstrdup(buf);
        label_table_add(t, (int)i);
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
            if (target < 0)
                fc_diags_add(diags, FC_E_UNKNOWN_LABEL, &pos,
                             "'%s' cites '%s', which is no statement's label",
                             s->label ? s->label : "this statement",
                             c->label->name);
            else
                fc_diags_add(diags, FC_E_UNKNOWN_LABEL, &pos,
                             "'%s' cites '%s', which is not an earlier "
                             "premise, step or definition",
                             s->label ? s->label : "this statement",
                             c->label->name);
            t->input_errors++;
        }
    }
}

/* Verdict words an `expect` line may name. */
static const char *const trace_words[] = {"valid", "invalid", "coherent",
                                          "incoherent", NULL};
static const char *const step_words[] = {
    "entailed", "contradicted", "undetermined", "unknown", "definition",
    "ill_formed", "refuted", "reached", "not_reached",
    /* error types */
    "syntax", "type_mismatch", "propagated", "operation_misapplication",
    "arithmetic", "calculator_error", "inference_violation",
    "quantifier_misuse", "contradicts_premises", "contradicts_steps",
    "ungrounded_symbol", "missing_steps", "false_assumption",
    "conclusion_mismatch", "inconsistent_premises", "solver_unknown",
    "redundant", "ok", "unused_premise", NULL};

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

/* A set of symbols: a mark per symbol id, cleared by a new generation. */
typedef struct sym_set {
    uint32_t *mark;
    size_t len;
    uint32_t gen;
} sym_set;

static void sym_set_init(sym_set *s, const fc_ast *a)
{
    s->len = fc_ast_sym_count(a) + 1;
    s->mark = fc_xcalloc(s->len, sizeof(uint32_t));
    s->gen = 1;
}

static void sym_set_clear(sym_set *s)
{
    if (++s->gen == 0) {
        memset(s->mark, 0, s->len * sizeof(uint32_t));
        s->gen = 1;
    }
}

/* Adds sym; false when it was there already. */
static bool sym_set_add(sym_set *s, const fc_sym *y)
{
    if (y->id >= s->len || s->mark[y->id] == s->gen)
        return false;
    s->mark[y->id] = s->gen;
    return true;
}

static bool sym_set_has(const sym_set *s, const fc_sym *y)
{
    return y->id < s->len && s->mark[y->id] == s->gen;
}

static void collect_bound(const fc_node *n, sym_set *out)
{
    if (n->closed && n->kind != FC_FORALL && n->kind != FC_EXISTS &&
        n->depth == 1)
        return;
    if (n->kind == FC_FORALL || n->kind == FC_EXISTS)
        sym_set_add(out, n->sym);
    for (size_t i = 0; i < n->nargs; i++)
        collect_bound(n->args[i], out);
}

static void collect_consts(const fc_node *n, sym_set *seen, sym_vec *out)
{
    if (n->kind == FC_APP && n->nargs == 0 && sym_set_add(seen, n->sym))
        fc_vec_push(out, n->sym);
    for (size_t i = 0; i < n->nargs; i++)
        collect_consts(n->args[i], seen, out);
}

static void free_variables(fc_trace *t, fc_diags *diags)
{
    sym_set declared, bound, seen;
    sym_set_init(&declared, t->ast);
    sym_set_init(&bound, t->ast);
    sym_set_init(&seen, t->ast);
    for (size_t i = 0; i < t->stmts.len; i++) {
        const fc_stmt *d = &t->stmts.data[i];
        if (d->kind == FC_ST_CONST)
            for (size_t j = 0; j < d->names.len; j++)
                sym_set_add(&declared, d->names.data[j]);
    }
    for (size_t i = 0; i < t->stmts.len; i++) {
        fc_stmt *s = &t->stmts.data[i];
        if (!s->formula || s->broken || s->kind == FC_ST_DEFINE)
            continue;
        sym_vec consts = {0}, free_vars = {0};
        sym_set_clear(&bound);
        sym_set_clear(&seen);
        collect_bound(s->formula, &bound);
        collect_consts(s->formula, &seen, &consts);
        for (size_t k = 0; k < consts.len; k++) {
            fc_sym *c = consts.data[k];
            bool is_bound = sym_set_has(&bound, c);
            bool folio_var = t->dialect == FC_DIALECT_FOLIO && var_like(c);
            if ((is_bound || folio_var) && !sym_set_has(&declared, c))
                fc_vec_push(&free_vars, c);
        }
        for (size_t k = 0; k < free_vars.len; k++) {
            fc_sym *v = free_vars.data[k];
            if (t->dialect == FC_DIALECT_FOLIO) {
                fc_node *var = fc_mk_var(t->ast, v, 0, 0);
                s->formula = fc_node_replace(t->ast, s->formula,
                                             fc_mk_const(t->ast, v), var);
                s->formula = fc_mk_quant(t->ast, FC_FORALL, v, 0, 0, s->formula);
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
    free(declared.mark);
    free(bound.mark);
    free(seen.mark);
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

/* Is diagnostic g the error of a step (a verdict, not an input error)? */
static bool about_a_step(const fc_trace *t, const fc_diag *g)
{
    for (size_t i = 0; i < t->stmts.len; i++) {
        const fc_stmt *s = &t->stmts.data[i];
        if (s->kind != FC_ST_STEP || !(s->broken || s->ill_sorted) ||
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
        for (size_t k = 0; k < s->by.len; k++)
            if (s->by.data[k].target < 0)
                t->input_errors++;
    }
    if (t->input_errors && !t->first_error) {
        for (size_t i = t->diag_start; i < diags->items.len; i++) {
            fc_diag *g = diags->items.data[i];
            if (g->severity == FC_SEV_ERROR && !about_a_step(t, g)) {
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

/* ---- text input --------------------------------------------------------- */

fc_trace *fc_trace_parse(const char *name, const char *text, size_t len,
                         fc_dialect dialect, fc_diags *diags)
{
    fc_trace *t = fc_trace_alloc(name, dialect);
    t->text = fc_xstrndup(text, len);
    t->len = len;
    size_t before = diags->items.len;
    t->diag_start = before;
    fc_parse_file(t, diags, t->name, t->text, len, dialect);
    if (t->stmts.len == 0) {
        if (diags->items.len == before) {
            fc_pos pos = {.file = t->name, .line = 1, .col = 1};
            fc_diags_add(diags, FC_E_EMPTY_INPUT, &pos,
                         "no statement: a trace needs at least one "
                         "premise, step or conclusion");
        }
        fc_trace_free(t);
        return NULL;
    }
    fc_trace_finish(t, diags);
    return t;
}

/* ---- dump --------------------------------------------------------------- */

static void dump_sorts(fc_buf *b, fc_trace *t, const fc_node *n,
                       sym_set *seen, size_t *count)
{
    if (n->kind == FC_APP || n->kind == FC_VAR) {
        if (!sym_set_add(seen, n->sym))
            goto children;
        fc_buf_puts(b, (*count)++ == 0 ? "    " : ", ");
        fc_buf_puts(b, n->sym->name);
        if (n->kind == FC_APP && n->nargs) {
            fc_func *f = fc_func_of(t->sorting, t->ast, n);
            fc_buf_putc(b, '(');
            for (size_t i = 0; f && i < f->arity; i++)
                fc_buf_printf(b, "%s%s", i ? ", " : "",
                              fc_sort_name(t->ast, f->args[i]));
            fc_buf_putc(b, ')');
        }
        fc_buf_printf(b, ": %s",
                      fc_sort_name(t->ast,
                                   fc_sort_of(t->sorting, t->ast, n)));
    }
children:
    for (size_t i = 0; i < n->nargs; i++)
        dump_sorts(b, t, n->args[i], seen, count);
}

char *fc_trace_dump(const fc_trace *ct)
{
    fc_trace *t = (fc_trace *)ct;
    fc_buf b = {0};
    sym_set seen;
    sym_set_init(&seen, t->ast);
    for (size_t i = 0; i < t->stmts.len; i++) {
        fc_stmt *s = &t->stmts.data[i];
        fc_buf_puts(&b, fc_stmt_kind_name(s->kind));
        if (s->label && fc_stmt_is_claim(s))
            fc_buf_printf(&b, " %s", s->label);
        else if (s->kind == FC_ST_EXPECT && s->label)
            fc_buf_printf(&b, " %s", s->label);
        fc_buf_puts(&b, ": ");
        if (s->broken || s->ill_sorted) {
            fc_buf_printf(&b, "<%s: %s>\n", fc_code_name(s->error_code),
                          s->error_msg ? s->error_msg : "");
            continue;
        }
        switch (s->kind) {
        case FC_ST_EXPECT:
            fc_buf_printf(&b, "%s\n", s->expect_value->name);
            continue;
        case FC_ST_SORT:
        case FC_ST_CONST:
            for (size_t k = 0; k < s->names.len; k++)
                fc_buf_printf(&b, "%s%s", k ? ", " : "",
                              s->names.data[k]->name);
            if (s->result_sort)
                fc_buf_printf(&b, ": %s", s->result_sort->name);
            fc_buf_putc(&b, '\n');
            continue;
        case FC_ST_PRED:
        case FC_ST_FUN:
            fc_buf_puts(&b, s->names.data[0]->name);
            fc_buf_putc(&b, '(');
            for (size_t k = 0; k < s->arg_sorts.len; k++)
                fc_buf_printf(&b, "%s%s", k ? ", " : "",
                              s->arg_sorts.data[k]->name);
            fc_buf_printf(&b, "): %s\n",
                          s->result_sort ? s->result_sort->name : "Bool");
            continue;
        case FC_ST_DEFINE:
            fc_buf_printf(&b, "%s := ", s->def_name->sym->name);
            fc_node_print(&b, t->ast, s->def_term);
            break;
        default:
            fc_node_print(&b, t->ast, s->formula);
        }
        if (s->by.len) {
            fc_buf_puts(&b, "  by ");
            for (size_t k = 0; k < s->by.len; k++)
                fc_buf_printf(&b, "%s%s", k ? ", " : "",
                              s->by.data[k].label->name);
        }
        fc_buf_putc(&b, '\n');
        size_t count = 0;
        sym_set_clear(&seen);
        dump_sorts(&b, t, s->formula, &seen, &count);
        if (count)
            fc_buf_putc(&b, '\n');
    }
    free(seen.mark);
    return fc_buf_take(&b);
}
