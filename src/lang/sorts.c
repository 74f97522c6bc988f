/* The sorts inferred for a trace, and lookups in them. */
#include "lang/sorts.h"

#include <stdlib.h>

void fc_sorting_free(fc_sorting *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->funcs.len; i++) {
        free(s->funcs.data[i].args);
        free(s->funcs.data[i].arg_sv);
    }
    fc_vec_free(&s->funcs);
    free(s->node_sort);
    free(s->node_func);
    free(s);
}

fc_func *fc_sorting_find(fc_sorting *s, const fc_sym *sym, size_t arity)
{
    for (size_t i = 0; i < s->funcs.len; i++)
        if (s->funcs.data[i].sym == sym && s->funcs.data[i].arity == arity)
            return &s->funcs.data[i];
    return NULL;
}

fc_func *fc_func_of(fc_sorting *s, const fc_ast *a, const fc_node *n)
{
    (void)a;
    if (n->kind != FC_APP)
        return NULL;
    if (n->id < s->nnodes && s->node_func[n->id] >= 0)
        return &s->funcs.data[s->node_func[n->id]];
    return fc_sorting_find(s, n->sym, n->nargs);
}

uint32_t fc_sort_of(fc_sorting *s, const fc_ast *a, const fc_node *n)
{
    if (n->id < s->nnodes && s->node_sort[n->id])
        return s->node_sort[n->id];
    switch ((fc_kind)n->kind) {
    case FC_APP: {
        fc_func *f = fc_func_of(s, a, n);
        return f ? f->result : FC_SORT_OBJECT;
    }
    case FC_NUM:
        return s->int_default ? FC_SORT_INT : FC_SORT_REAL;
    case FC_VAR:
        return n->annot ? n->annot : FC_SORT_OBJECT;
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
        /* the first operand whose sort is known decides */
        for (size_t i = 0; i < n->nargs; i++) {
            const fc_node *x = n->args[i];
            if (x->kind != FC_NUM)
                return fc_sort_of(s, a, x);
        }
        return s->int_default ? FC_SORT_INT : FC_SORT_REAL;
    default:
        return FC_SORT_BOOL;
    }
}
