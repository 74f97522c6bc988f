/* Z3 terms of one trace's formulas, private to solver/: each node of the
 * hash-consed AST, each sort and each function symbol is translated once
 * and cached, and the cache holds a reference to what it made. */
#ifndef FC_Z3TERMS_H
#define FC_Z3TERMS_H

#include <z3.h>

#include "lang/ast.h"
#include "lang/trace.h"

typedef struct fc_z3_terms fc_z3_terms;

fc_z3_terms *fc_z3_terms_new(Z3_context ctx, const fc_trace *t);
/* Releases the terms, then the sorts, then the function symbols. */
void fc_z3_terms_free(fc_z3_terms *m);

const fc_trace *fc_z3_terms_trace(const fc_z3_terms *m);

/* The Z3 term for a node; NULL when Z3 rejected it. */
Z3_ast fc_z3_translate(fc_z3_terms *m, const fc_node *n);
/* The Z3 sort for a sort id of the trace, made on first use. */
Z3_sort fc_z3_sort(fc_z3_terms *m, uint32_t sort);
/* The Z3 symbol of the trace's function idx (its index in the sorting's
 * funcs) if a translation has declared it, or NULL. */
Z3_func_decl fc_z3_declared_func(const fc_z3_terms *m, size_t idx);

#endif
