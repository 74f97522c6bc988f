/* The sorts of a trace's symbols and nodes, as inferred (lang/infer.h):
 * data and lookups, for the checker and the dump.
 * src/lang, lowest first: ast→jsonpos→sorts→trace→infer→passes→parse→jsonl */
#ifndef FC_SORTS_H
#define FC_SORTS_H

#include "lang/ast.h"

typedef struct fc_func {
    fc_sym *sym;
    uint32_t arity;
    bool declared;          /* by const/pred/fun */
    bool overloaded;        /* the name has another arity too (folio) */
    int first_stmt;         /* statement where it first appears */
    uint32_t *args;         /* final sorts */
    uint32_t result;
    /* inference state */
    uint32_t *arg_sv;
    uint32_t result_sv;
} fc_func;

typedef struct fc_sorting {
    FC_VEC(fc_func) funcs;
    uint32_t *node_sort;    /* by node id; FC_SORT_NONE when unknown */
    int32_t *node_func;     /* APP nodes: index into funcs, else -1 */
    size_t nnodes;
    bool int_default;
} fc_sorting;

void fc_sorting_free(fc_sorting *s);

/* Sort of any node of the trace's AST, including nodes built after
 * inference from the same symbols (variants made by the classifier). */
uint32_t fc_sort_of(fc_sorting *s, const fc_ast *a, const fc_node *n);
/* The function or predicate symbol an APP node applies, or NULL. */
fc_func *fc_func_of(fc_sorting *s, const fc_ast *a, const fc_node *n);
/* Looks a symbol up by name and arity. */
fc_func *fc_sorting_find(fc_sorting *s, const fc_sym *sym, size_t arity);

#endif
