/* The checks (README, "The checks"): premise consistency, each step
 * against its local and global context, the conclusion, support, and the
 * coherent and valid verdicts.  The checker asks the solver interface
 * (solver/solver.h) and hands each checked step to the classifier; the
 * result (result/result.h) is a plain value the reporters print.  The
 * API is in folcheck.h. */
#ifndef FC_CHECKER_H
#define FC_CHECKER_H

#include "folcheck.h"
#include "result/result.h"

#endif
