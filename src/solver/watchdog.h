/* The --timeout of solver checks, kept by a thread of its own.  Private to
 * solver/; it knows nothing of Z3 and stops a check through a callback.
 *
 * A per-check timer (Z3's "timeout" parameter) costs more than the small
 * checks of a trace; one watchdog per context instead looks at the running
 * check now and then, and a check costs two uncontended lock operations. */
#ifndef FC_WATCHDOG_H
#define FC_WATCHDOG_H

#include <stdbool.h>
#include <stdint.h>

typedef struct fc_watchdog fc_watchdog;

/* Starts a watchdog that calls stop(arg), from its own thread, once a check
 * has run for timeout_ms (0: no per-check limit, only deadlines).  NULL
 * when no thread could be started. */
fc_watchdog *fc_watchdog_start(unsigned timeout_ms, void (*stop)(void *),
                               void *arg);
/* Ends the thread and frees the watchdog; NULL is allowed. */
void fc_watchdog_free(fc_watchdog *d);

/* A deadline (fc_now_us time; 0: none) that also stops a running check,
 * whatever its own timeout: a trace's time limit. */
void fc_watchdog_deadline(fc_watchdog *d, uint64_t at_us);
/* Has the deadline passed? */
bool fc_watchdog_past_deadline(fc_watchdog *d);

/* Brackets one check; fc_watchdog_end says whether the watchdog stopped
 * it.  Both do nothing on NULL. */
void fc_watchdog_begin(fc_watchdog *d);
bool fc_watchdog_end(fc_watchdog *d);

#endif
