/* Reporters: text, JSON and expectation checks over an fc_result. */
#ifndef FC_REPORT_H
#define FC_REPORT_H

#include <cjson/cJSON.h>

#include "check/checker.h"

/* The result as a JSON object (caller deletes). */
cJSON *fc_result_to_json(const fc_result *r);
/* "valid", "invalid", "unknown" or "error" (not checked). */
const char *fc_result_verdict(const fc_result *r);

#endif
