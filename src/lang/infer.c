/* Sort inference over a trace's statements. */
#include "lang/infer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Sort variables live in a union-find with an undo trail, so that a
 * statement whose constraints clash can be rolled back. */
enum undo_kind { U_PARENT, U_SORT, U_NUMERIC, U_NODE_SV, U_SIZE };

typedef struct undo {
    uint8_t kind;
    uint32_t idx;
    uint32_t old;
} undo;

typedef struct infer {
    fc_trace *t;
    fc_sorting *out;
    FC_VEC(uint32_t) parent;
    FC_VEC(uint32_t) sort;
    FC_VEC(uint8_t) numeric;
    FC_VEC(uint32_t) size;      /* union by size keeps the trees shallow */
    FC_VEC(undo) trail;
    uint32_t *node_sv;
    size_t node_cap;
    /* (symbol id, arity) -> func index + 1; open addressing */
    uint64_t *fkeys;
    uint32_t *fvals;
    size_t fcap, fcount;
    /* by symbol id: first func of that symbol, and links between funcs of
     * one symbol (arity overloads) */
    FC_VEC(int) sym_first;
    FC_VEC(int) func_next;
    /* the clash being reported */
    const fc_node *bad_node;
    uint32_t bad_want, bad_have;
    bool arity_clash;
    const fc_func *arity_other;
    int stmt_index;
    fc_diags *diags;
} infer;

static uint32_t new_sv(infer *in, uint32_t sort, bool numeric)
{
    uint32_t v = (uint32_t)in->parent.len;
    fc_vec_push(&in->parent, v);
    fc_vec_push(&in->sort, sort);
    fc_vec_push(&in->numeric, numeric);
    fc_vec_push(&in->size, 1);
    return v;
}

static uint32_t find(infer *in, uint32_t v)
{
    while (in->parent.data[v] != v)
        v = in->parent.data[v];
    return v;
}

static void set_field(infer *in, enum undo_kind k, uint32_t idx,
                      uint32_t val)
{
    uint32_t *slot;
    switch (k) {
    case U_PARENT: slot = &in->parent.data[idx]; break;
    case U_SORT: slot = &in->sort.data[idx]; break;
    case U_NODE_SV: slot = &in->node_sv[idx]; break;
    case U_SIZE: slot = &in->size.data[idx]; break;
    default: {
        undo u = {k, idx, in->numeric.data[idx]};
        fc_vec_push(&in->trail, u);
        in->numeric.data[idx] = (uint8_t)val;
        return;
    }
    }
    undo u = {k, idx, *slot};
    fc_vec_push(&in->trail, u);
    *slot = val;
}

static void rollback(infer *in, size_t mark)
{
    while (in->trail.len > mark) {
        undo u = in->trail.data[--in->trail.len];
        switch (u.kind) {
        case U_PARENT: in->parent.data[u.idx] = u.old; break;
        case U_SORT: in->sort.data[u.idx] = u.old; break;
        case U_NUMERIC: in->numeric.data[u.idx] = (uint8_t)u.old; break;
        case U_NODE_SV: in->node_sv[u.idx] = u.old; break;
        case U_SIZE: in->size.data[u.idx] = u.old; break;
        }
    }
}

static bool is_numeric_sort(uint32_t s)
{
    return s == FC_SORT_INT || s == FC_SORT_REAL;
}

static bool unify(infer *in, uint32_t a, uint32_t b)
{
    uint32_t ra = find(in, a), rb = find(in, b);
    if (ra == rb)
        return true;
    uint32_t sa = in->sort.data[ra], sb = in->sort.data[rb];
    bool na = in->numeric.data[ra], nb = in->numeric.data[rb];
    if (sa && sb && sa != sb)
        return false;
    uint32_t s = sa ? sa : sb;
    if (s && (na || nb) && !is_numeric_sort(s))
        return false;
    if (in->size.data[ra] > in->size.data[rb]) {
        uint32_t t = ra;
        ra = rb;
        rb = t;
    }
    set_field(in, U_PARENT, ra, rb);
    set_field(in, U_SIZE, rb, in->size.data[ra] + in->size.data[rb]);
    if (!in->sort.data[rb] && s)
        set_field(in, U_SORT, rb, s);
    if ((na || nb) && !in->numeric.data[rb])
        set_field(in, U_NUMERIC, rb, 1);
    return true;
}

static bool fix(infer *in, uint32_t v, uint32_t sort)
{
    uint32_t t = new_sv(in, sort, false);
    return unify(in, v, t);
}

static bool make_numeric(infer *in, uint32_t v)
{
    uint32_t t = new_sv(in, 0, true);
    return unify(in, v, t);
}

static uint32_t node_sv(infer *in, const fc_node *n)
{
    if (n->id >= in->node_cap) {
        size_t cap = in->node_cap ? in->node_cap : 256;
        while (cap <= n->id)
            cap *= 2;
        in->node_sv = fc_xrealloc(in->node_sv, cap * sizeof(uint32_t));
        memset(in->node_sv + in->node_cap, 0,
               (cap - in->node_cap) * sizeof(uint32_t));
        in->node_cap = cap;
    }
    if (!in->node_sv[n->id])
        set_field(in, U_NODE_SV, n->id, new_sv(in, 0, false));
    return in->node_sv[n->id];
}

/* ---- function table ----------------------------------------------------- */

static uint64_t fkey(const fc_sym *s, size_t arity)
{
    return ((uint64_t)s->id << 32) | (uint64_t)arity;
}

static void ftable_put(infer *in, uint64_t key, uint32_t val)
{
    if ((in->fcount + 1) * 2 > in->fcap) {
        size_t cap = in->fcap ? in->fcap * 2 : 64;
        uint64_t *keys = fc_xcalloc(cap, sizeof *keys);
        uint32_t *vals = fc_xcalloc(cap, sizeof *vals);
        for (size_t i = 0; i < in->fcap; i++) {
            if (!in->fvals[i])
                continue;
            size_t j = fc_hash_u64(in->fkeys[i]) & (cap - 1);
            while (vals[j])
                j = (j + 1) & (cap - 1);
            keys[j] = in->fkeys[i];
            vals[j] = in->fvals[i];
        }
        free(in->fkeys);
        free(in->fvals);
        in->fkeys = keys;
        in->fvals = vals;
        in->fcap = cap;
    }
    size_t j = fc_hash_u64(key) & (in->fcap - 1);
    while (in->fvals[j] && in->fkeys[j] != key)
        j = (j + 1) & (in->fcap - 1);
    if (!in->fvals[j])
        in->fcount++;
    in->fkeys[j] = key;
    in->fvals[j] = val;
}

static int ftable_get(const infer *in, uint64_t key)
{
    if (!in->fcap)
        return -1;
    size_t j = fc_hash_u64(key) & (in->fcap - 1);
    while (in->fvals[j]) {
        if (in->fkeys[j] == key)
            return (int)in->fvals[j] - 1;
        j = (j + 1) & (in->fcap - 1);
    }
    return -1;
}

static fc_func *other_arity(infer *in, const fc_sym *s, size_t arity)
{
    if (s->id >= in->sym_first.len)
        return NULL;
    for (int i = in->sym_first.data[s->id]; i >= 0;
         i = in->func_next.data[i]) {
        fc_func *f = &in->out->funcs.data[i];
        if (f->arity != arity)
            return f;
    }
    return NULL;
}

static int get_func(infer *in, fc_sym *s, size_t arity)
{
    int idx = ftable_get(in, fkey(s, arity));
    if (idx >= 0)
        return idx;
    fc_func f = {0};
    f.sym = s;
    f.arity = (uint32_t)arity;
    f.first_stmt = in->stmt_index;
    f.arg_sv = fc_xcalloc(arity ? arity : 1, sizeof(uint32_t));
    for (size_t i = 0; i < arity; i++)
        f.arg_sv[i] = new_sv(in, 0, false);
    f.result_sv = new_sv(in, 0, false);
    fc_func *other = other_arity(in, s, arity);
    if (other) {
        f.overloaded = true;
        other->overloaded = true;
    }
    fc_vec_push(&in->out->funcs, f);
    idx = (int)in->out->funcs.len - 1;
    while (in->sym_first.len <= s->id)
        fc_vec_push(&in->sym_first, -1);
    fc_vec_push(&in->func_next, in->sym_first.data[s->id]);
    in->sym_first.data[s->id] = idx;
    ftable_put(in, fkey(s, arity), (uint32_t)idx + 1);
    return idx;
}

/* ---- the walk ----------------------------------------------------------- */

static bool clash(infer *in, const fc_node *n, uint32_t want_sv,
                  uint32_t have_sv)
{
    in->bad_node = n;
    in->bad_want = in->sort.data[find(in, want_sv)];
    if (!in->bad_want && in->numeric.data[find(in, want_sv)])
        in->bad_want = FC_SORT_REAL;
    in->bad_have = in->sort.data[find(in, have_sv)];
    if (!in->bad_have && in->numeric.data[find(in, have_sv)])
        in->bad_have = FC_SORT_REAL;
    return false;
}

static bool expect_sv(infer *in, const fc_node *n, uint32_t sv,
                      uint32_t want)
{
    if (unify(in, sv, want))
        return true;
    return clash(in, n, want, sv);
}

static bool walk(infer *in, const fc_node *n, uint32_t *out);

static bool walk_expect_sort(infer *in, const fc_node *n, uint32_t sort)
{
    uint32_t sv;
    if (!walk(in, n, &sv))
        return false;
    if (fix(in, sv, sort))
        return true;
    uint32_t want = new_sv(in, sort, false);
    return clash(in, n, want, sv);
}

/* FOLIO uses one name at two arities: two symbols, with a warning. */
static void warn_overload(infer *in, const fc_node *n, const fc_func *other)
{
    fc_stmt *s = &in->t->stmts.data[in->stmt_index];
    fc_pos pos;
    fc_trace_pos(in->t, s, s->fbeg, s->fend, &pos);
    fc_diags_add(in->diags, FC_W_ARITY_OVERLOAD, &pos,
                 "'%s' is used with %u argument%s here and %u "
                 "elsewhere; they are read as two predicates",
                 n->sym->name, (unsigned)n->nargs,
                 n->nargs == 1 ? "" : "s", (unsigned)other->arity);
}

static bool walk_app(infer *in, const fc_node *n, uint32_t me)
{
    fc_func *other = other_arity(in, n->sym, n->nargs);
    bool fresh = ftable_get(in, fkey(n->sym, n->nargs)) < 0;
    if (other && fresh && in->t->dialect != FC_DIALECT_FOLIO) {
        in->bad_node = n;
        in->arity_clash = true;
        in->arity_other = other;
        return false;
    }
    if (other && fresh)
        warn_overload(in, n, other);
    int fi = get_func(in, n->sym, n->nargs);
    for (size_t i = 0; i < n->nargs; i++) {
        uint32_t sv;
        if (!walk(in, n->args[i], &sv))
            return false;
        /* re-read: get_func may have grown the vector */
        fc_func *f = &in->out->funcs.data[fi];
        if (!expect_sv(in, n->args[i], sv, f->arg_sv[i]))
            return false;
    }
    return expect_sv(in, n, me, in->out->funcs.data[fi].result_sv);
}

static bool walk_arith(infer *in, const fc_node *n, uint32_t me)
{
    if (!make_numeric(in, me))
        return clash(in, n, new_sv(in, 0, true), me);
    for (size_t i = 0; i < n->nargs; i++) {
        uint32_t sv;
        if (!walk(in, n->args[i], &sv))
            return false;
        if (!expect_sv(in, n->args[i], sv, me))
            return false;
    }
    return true;
}

static bool walk_cmp(infer *in, const fc_node *n, uint32_t me)
{
    if (!fix(in, me, FC_SORT_BOOL))
        return clash(in, n, new_sv(in, FC_SORT_BOOL, 0), me);
    uint32_t a, b;
    if (!walk(in, n->args[0], &a) || !walk(in, n->args[1], &b))
        return false;
    if (n->kind != FC_EQ && n->kind != FC_NE && !make_numeric(in, a))
        return clash(in, n->args[0], new_sv(in, 0, true), a);
    return expect_sv(in, n->args[1], b, a);
}

/* Connectives: Bool over Bool operands. */
static bool walk_bool(infer *in, const fc_node *n, uint32_t me)
{
    if (!fix(in, me, FC_SORT_BOOL))
        return clash(in, n, new_sv(in, FC_SORT_BOOL, 0), me);
    for (size_t i = 0; i < n->nargs; i++)
        if (!walk_expect_sort(in, n->args[i], FC_SORT_BOOL))
            return false;
    return true;
}

static bool walk(infer *in, const fc_node *n, uint32_t *out)
{
    uint32_t me = node_sv(in, n);
    *out = me;
    switch ((fc_kind)n->kind) {
    case FC_TRUE:
    case FC_FALSE:
        return fix(in, me, FC_SORT_BOOL) ||
               clash(in, n, new_sv(in, FC_SORT_BOOL, 0), me);
    case FC_VAR:
        if (n->annot && !fix(in, me, n->annot))
            return clash(in, n, new_sv(in, n->annot, 0), me);
        return true;
    case FC_NUM:
        return make_numeric(in, me) ||
               clash(in, n, new_sv(in, 0, true), me);
    case FC_APP:
        return walk_app(in, n, me);
    case FC_NEG:
    case FC_ADD:
    case FC_SUB:
    case FC_MUL:
    case FC_DIV:
    case FC_MOD:
    case FC_IDIV:
    case FC_POW:
    case FC_FLOOR:
    case FC_CEIL:
    case FC_ROUND:
    case FC_TRUNC:
    case FC_ABS:
    case FC_MIN:
    case FC_MAX:
        return walk_arith(in, n, me);
    case FC_EQ:
    case FC_NE:
    case FC_LT:
    case FC_LE:
    case FC_GT:
    case FC_GE:
        return walk_cmp(in, n, me);
    case FC_NOT:
    case FC_AND:
    case FC_OR:
    case FC_XOR:
    case FC_IMPLIES:
    case FC_IFF:
        return walk_bool(in, n, me);
    case FC_FORALL:
    case FC_EXISTS:
        if (!fix(in, me, FC_SORT_BOOL))
            return clash(in, n, new_sv(in, FC_SORT_BOOL, 0), me);
        return walk_expect_sort(in, n->args[0], FC_SORT_BOOL);
    }
    return true;
}

static const char *describe(const fc_ast *a, uint32_t sort)
{
    return sort ? fc_sort_name(a, sort) : "unknown";
}

static void report(infer *in, fc_stmt *s, fc_diags *diags)
{
    fc_ast *a = in->t->ast;
    char *what = in->bad_node ? fc_node_str(a, in->bad_node)
                              : fc_xstrdup("?");
    fc_buf msg = {0};
    if (in->arity_clash) {
        fc_buf_printf(&msg,
                      "`%s` is used with %u argument%s here but with %u "
                      "elsewhere",
                      in->bad_node->sym->name, (unsigned)in->bad_node->nargs,
                      in->bad_node->nargs == 1 ? "" : "s",
                      (unsigned)in->arity_other->arity);
    } else {
        fc_buf_printf(&msg, "`%s` has sort %s but is used as %s", what,
                      describe(a, in->bad_have), describe(a, in->bad_want));
    }
    free(what);
    s->ill_sorted = true;
    s->error_code = FC_E_TYPE_MISMATCH;
    free(s->error_msg);
    s->error_msg = fc_xstrdup(msg.data);
    fc_pos pos;
    fc_trace_pos(in->t, s, s->fbeg, s->fend, &pos);
    s->error_col = pos.col;
    fc_diags_add(diags, FC_E_TYPE_MISMATCH, &pos, "%s", msg.data);
    fc_buf_free(&msg);
}

static uint32_t sort_named(fc_ast *a, const fc_sym *s)
{
    return s ? fc_sort_lookup(a, s->name) : FC_SORT_NONE;
}

static bool declare(infer *in, fc_stmt *s)
{
    fc_ast *a = in->t->ast;
    switch (s->kind) {
    case FC_ST_CONST:
        for (size_t i = 0; i < s->names.len; i++) {
            int fi = get_func(in, s->names.data[i], 0);
            fc_func *f = &in->out->funcs.data[fi];
            f->declared = true;
            if (!fix(in, f->result_sv, sort_named(a, s->result_sort)))
                return false;
        }
        return true;
    case FC_ST_PRED:
    case FC_ST_FUN: {
        int fi = get_func(in, s->names.data[0], s->arg_sorts.len);
        fc_func *f = &in->out->funcs.data[fi];
        f->declared = true;
        for (size_t i = 0; i < s->arg_sorts.len; i++)
            if (!fix(in, f->arg_sv[i], sort_named(a, s->arg_sorts.data[i])))
                return false;
        uint32_t r = s->kind == FC_ST_PRED ? FC_SORT_BOOL
                                           : sort_named(a, s->result_sort);
        return fix(in, f->result_sv, r);
    }
    default:
        return true;
    }
}

static uint32_t resolve(infer *in, uint32_t sv)
{
    uint32_t r = find(in, sv);
    uint32_t s = in->sort.data[r];
    if (s)
        return s;
    if (in->numeric.data[r])
        return in->out->int_default ? FC_SORT_INT : FC_SORT_REAL;
    return FC_SORT_OBJECT;
}

static bool has_quantifier(const fc_node *n)
{
    if (fc_kind_is_quant(n->kind))
        return true;
    for (size_t i = 0; i < n->nargs; i++)
        if (has_quantifier(n->args[i]))
            return true;
    return false;
}

/* "Int is declared" when a declaration mentions it. */
static bool mentions_int(const fc_trace *t)
{
    bool found = false;
    for (size_t i = 0; i < t->stmts.len; i++) {
        const fc_stmt *s = &t->stmts.data[i];
        if (s->result_sort && !strcmp(s->result_sort->name, "Int"))
            found = true;
        for (size_t j = 0; j < s->arg_sorts.len; j++)
            if (!strcmp(s->arg_sorts.data[j]->name, "Int"))
                found = true;
    }
    return found;
}

/* Each statement in turn; a clash is undone and reported. */
static void infer_statements(infer *in, fc_trace *t, fc_diags *diags)
{
    for (size_t i = 0; i < t->stmts.len; i++) {
        fc_stmt *s = &t->stmts.data[i];
        in->stmt_index = (int)i;
        in->bad_node = NULL;
        in->arity_clash = false;
        size_t mark = in->trail.len;
        bool ok = true;
        if (s->broken || s->ill_sorted)
            continue;
        if (s->kind >= FC_ST_SORT) {
            ok = declare(in, s);
        } else if (s->formula) {
            /* each quantifier's variable is its own: `∀x Likes(x, bob)`
             * and `∀x (x > 0)` do not share a sort */
            if (has_quantifier(s->formula))
                s->formula = fc_tag_binders(t->ast, s->formula);
            ok = walk_expect_sort(in, s->formula, FC_SORT_BOOL);
        }
        if (!ok) {
            rollback(in, mark);
            report(in, s, diags);
        }
    }
}

/* The final sorts of every node and function, into in->out. */
static void final_sorts(infer *in, const fc_ast *a)
{
    fc_sorting *out = in->out;
    out->nnodes = fc_ast_node_count(a);
    out->node_sort = fc_xcalloc(out->nnodes, sizeof(uint32_t));
    out->node_func = fc_xmalloc(out->nnodes * sizeof(int32_t));
    for (size_t i = 0; i < out->nnodes; i++) {
        fc_node *n = fc_ast_node(a, (uint32_t)i);
        out->node_func[i] = -1;
        if (i < in->node_cap && in->node_sv[i])
            out->node_sort[i] = resolve(in, in->node_sv[i]);
        if (n->kind == FC_APP)
            out->node_func[i] = ftable_get(in, fkey(n->sym, n->nargs));
    }
    for (size_t i = 0; i < out->funcs.len; i++) {
        fc_func *f = &out->funcs.data[i];
        f->args = fc_xcalloc(f->arity ? f->arity : 1, sizeof(uint32_t));
        for (size_t j = 0; j < f->arity; j++)
            f->args[j] = resolve(in, f->arg_sv[j]);
        f->result = resolve(in, f->result_sv);
        free(f->arg_sv);
        f->arg_sv = NULL;
    }
}

static void infer_release(infer *in)
{
    fc_vec_free(&in->parent);
    fc_vec_free(&in->sort);
    fc_vec_free(&in->numeric);
    fc_vec_free(&in->size);
    fc_vec_free(&in->trail);
    fc_vec_free(&in->sym_first);
    fc_vec_free(&in->func_next);
    free(in->node_sv);
    free(in->fkeys);
    free(in->fvals);
}

fc_sorting *fc_sorts_infer(fc_trace *t, fc_diags *diags)
{
    infer in = {0};
    fc_sorting *out = fc_xcalloc(1, sizeof *out);
    in.t = t;
    in.out = out;
    in.diags = diags;
    new_sv(&in, 0, false); /* index 0 means "none" */
    if (mentions_int(t))
        out->int_default = true;
    infer_statements(&in, t, diags);
    final_sorts(&in, t->ast);
    infer_release(&in);
    return out;
}
