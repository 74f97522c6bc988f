/* The scratch implementation of the solver interface (session.h). */
#ifndef FC_SCRATCH_H
#define FC_SCRATCH_H

#include "solver/session.h"

extern const solver_impl fc_scratch_impl;

#endif
