/* What a query needs besides its context: the statements that share a
 * symbol with the statement in focus (asked first, so that the cost of a
 * step does not grow with the length of the trace), and the implicit
 * definitions `c = t` of earlier steps, which belong to every context. */
#ifndef FC_REACH_H
#define FC_REACH_H

#include "plan/planner.h"

typedef struct fc_reach fc_reach;

fc_reach *fc_reach_new(const fc_trace *t, const fc_plan *p);
void fc_reach_free(fc_reach *r);

/* Statement stmt is a claim a solver can be given, and so is its
 * implicit definition when def.  A statement never declared usable has
 * no symbols here and no definition in reach. */
void fc_reach_usable(fc_reach *r, int stmt, bool def);

/* The statement being checked (-1: none; its own definition is passed
 * separately), and the first statement whose implicit definition is out
 * of reach: those of the steps before upto belong to every context. */
void fc_reach_focus(fc_reach *r, int focus, int upto);

/* The members of pool that share a symbol with statement stmt. */
void fc_reach_relevant(fc_reach *r, const fc_ivec *pool, int stmt,
                       fc_ivec *out);

/* Appends the steps whose implicit definitions a query over the
 * statements ctx is given: all those in reach, or (all false) those whose
 * constant the focus or a member of ctx mentions. */
void fc_reach_defs(fc_reach *r, const fc_ivec *ctx, bool all, fc_ivec *out);

/* Would fc_reach_defs(ctx, all = false) leave out a definition in reach? */
bool fc_reach_defs_left_out(fc_reach *r, const fc_ivec *ctx);

#endif
