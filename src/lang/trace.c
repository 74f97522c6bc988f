/* The trace model: statements, the label table, positions and the dump. */
#include "lang/trace.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const kind_names[] = {
    "premise", "step", "define", "conclude", "expect",
    "sort",    "const", "pred",  "fun",
};

const char *fc_stmt_kind_name(fc_stmt_kind k) { return kind_names[k]; }

bool fc_stmt_is_claim(const fc_stmt *s) { return s->kind <= FC_ST_CONCLUDE; }

void fc_inference_free(fc_inference *inf)
{
    if (!inf)
        return;
    for (size_t i = 0; i < inf->nested.len; i++)
        fc_inference_free(inf->nested.data[i]);
    fc_vec_free(&inf->nested);
    fc_vec_free(&inf->cites);
    free(inf->rule);
    free(inf->status);
    free(inf);
}

void fc_stmt_free(fc_stmt *s)
{
    fc_inference_free(s->inference);
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
    free(t->id_json);
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

int fc_trace_label_add(fc_trace *t, int i)
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

bool fc_trace_label_taken(const fc_trace *t, const char *label)
{
    return t->label_cap && *label_slot(t, label) >= 0;
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
    static const char *const names[] = {"native", "folio", "tptp", "python"};
    for (int i = 0; i < 4; i++)
        if (!strcmp(name, names[i])) {
            *out = (fc_dialect)i;
            return true;
        }
    return false;
}

const char *fc_dialect_name(fc_dialect d)
{
    static const char *const names[] = {"native", "folio", "tptp", "python"};
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

/* ---- dump --------------------------------------------------------------- */

static void dump_sorts(fc_buf *b, const fc_trace *t, const fc_node *n,
                       fc_symset *seen, size_t *count)
{
    if (n->kind == FC_APP || n->kind == FC_VAR) {
        if (!fc_symset_add(seen, n->sym))
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

char *fc_trace_dump(const fc_trace *t)
{
    fc_buf b = {0};
    fc_symset seen;
    fc_symset_init(&seen, t->ast);
    for (size_t i = 0; i < t->stmts.len; i++) {
        const fc_stmt *s = &t->stmts.data[i];
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
        fc_symset_clear(&seen);
        dump_sorts(&b, t, s->formula, &seen, &count);
        if (count)
            fc_buf_putc(&b, '\n');
    }
    fc_symset_free(&seen);
    return fc_buf_take(&b);
}
