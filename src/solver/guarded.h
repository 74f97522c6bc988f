/* The guarded implementation of the solver interface (session.h). */
#ifndef FC_GUARDED_H
#define FC_GUARDED_H

#include "solver/session.h"

extern const solver_impl fc_guarded_impl;

#endif
