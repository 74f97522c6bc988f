/* Reporters for people: compiler-style text, and the comparison of a
 * trace's `expect` statements with its result (the API is in folcheck.h). */
#ifndef FC_REPORT_H
#define FC_REPORT_H

#include "result/result.h"

#endif
