#include "solver/watchdog.h"

#include <pthread.h>
#include <stdint.h>
#include <time.h>

#include "util/util.h"

struct fc_watchdog {
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    bool quit, running, fired;
    uint64_t since_us;          /* start of the running check */
    uint64_t timeout_us, poll_us;
    uint64_t deadline_us;       /* 0: none */
    void (*stop)(void *);       /* stops the running check */
    void *arg;
};

/* The absolute time wait_us from now, for pthread_cond_timedwait. */
static struct timespec deadline(uint64_t wait_us)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    uint64_t ns = (uint64_t)ts.tv_nsec + wait_us * 1000;
    ts.tv_sec += (time_t)(ns / 1000000000u);
    ts.tv_nsec = (long)(ns % 1000000000u);
    return ts;
}

/* The thread: stops a check that has run for the timeout, and sleeps until
 * the running check is due or for one poll. */
static void *watch(void *arg)
{
    fc_watchdog *d = arg;
    pthread_mutex_lock(&d->mu);
    while (!d->quit) {
        uint64_t now = fc_now_us(), wait = d->poll_us;
        if (d->running && !d->fired &&
            (d->timeout_us || d->deadline_us)) {
            uint64_t due = d->timeout_us ? d->since_us + d->timeout_us
                                         : UINT64_MAX;
            if (d->deadline_us && d->deadline_us < due)
                due = d->deadline_us;
            if (now >= due) {
                d->stop(d->arg);
                d->fired = true;
            } else if (due - now < wait) {
                wait = due - now;
            }
        }
        struct timespec ts = deadline(wait);
        pthread_cond_timedwait(&d->cv, &d->mu, &ts);
    }
    pthread_mutex_unlock(&d->mu);
    return NULL;
}

fc_watchdog *fc_watchdog_start(unsigned timeout_ms, void (*stop)(void *),
                               void *arg)
{
    fc_watchdog *d = fc_xcalloc(1, sizeof *d);
    d->stop = stop;
    d->arg = arg;
    d->timeout_us = (uint64_t)timeout_ms * 1000;
    /* an idle watchdog wakes this often; a check that starts meanwhile is
     * stopped at most this much late */
    d->poll_us = d->timeout_us && d->timeout_us < 50000 ? d->timeout_us
                                                         : 50000;
    pthread_mutex_init(&d->mu, NULL);
    pthread_cond_init(&d->cv, NULL);
    if (pthread_create(&d->thread, NULL, watch, d) != 0) {
        pthread_mutex_destroy(&d->mu);
        pthread_cond_destroy(&d->cv);
        free(d);
        return NULL;
    }
    return d;
}

void fc_watchdog_free(fc_watchdog *d)
{
    if (!d)
        return;
    pthread_mutex_lock(&d->mu);
    d->quit = true;
    pthread_cond_signal(&d->cv);
    pthread_mutex_unlock(&d->mu);
    pthread_join(d->thread, NULL);
    pthread_mutex_destroy(&d->mu);
    pthread_cond_destroy(&d->cv);
    free(d);
}

void fc_watchdog_deadline(fc_watchdog *d, uint64_t at_us)
{
    if (!d)
        return;
    pthread_mutex_lock(&d->mu);
    d->deadline_us = at_us;
    pthread_mutex_unlock(&d->mu);
}

bool fc_watchdog_past_deadline(fc_watchdog *d)
{
    if (!d)
        return false;
    pthread_mutex_lock(&d->mu);
    bool past = d->deadline_us && fc_now_us() >= d->deadline_us;
    pthread_mutex_unlock(&d->mu);
    return past;
}

void fc_watchdog_begin(fc_watchdog *d)
{
    if (!d)
        return;
    pthread_mutex_lock(&d->mu);
    d->running = true;
    d->fired = false;
    d->since_us = fc_now_us();
    pthread_mutex_unlock(&d->mu);
}

bool fc_watchdog_end(fc_watchdog *d)
{
    if (!d)
        return false;
    pthread_mutex_lock(&d->mu);
    d->running = false;
    bool fired = d->fired;
    pthread_mutex_unlock(&d->mu);
    return fired;
}
