/* Batch audits over JSON Lines (the API is in folcheck.h). */
#ifndef FC_AUDIT_H
#define FC_AUDIT_H

#include "folcheck.h"
#include "batch/summary.h"

#endif
