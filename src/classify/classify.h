/* The classifier: gives every failed step one type of the error taxonomy
 * (DESIGN.md, "Error taxonomy"), the first that applies in the table's
 * order, with the details a user needs; and the trace-level findings.
 *
 * Cost: a step that follows costs nothing here.  The variant searches are
 * bounded: at most FC_MAX_OPERATOR_VARIANTS operator replacements,
 * FC_MAX_QUANTIFIER_VARIANTS quantifier changes and FC_MAX_FALLACY_QUERIES
 * fallacy checks per failed step, all on the trace's own solver. */
#ifndef FC_CLASSIFY_H
#define FC_CLASSIFY_H

#include "check/checker.h"

#define FC_MAX_OPERATOR_VARIANTS 24
#define FC_MAX_QUANTIFIER_VARIANTS 16
#define FC_MAX_FALLACY_QUERIES 16

void fc_classify_step(fc_check *c, size_t k);
void fc_classify_trace(fc_check *c);

#endif
