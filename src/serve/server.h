/* `folcheck serve`: an HTTP/1.1 JSON server (libmicrohttpd) over the JSON
 * calls of the api stage.  POST /check, /audit (JSON Lines in, streamed
 * out), /reward; GET /health, /metrics (Prometheus text).  A pool of
 * threads, each with a checker of its own; limits on body size, requests
 * in flight and time, each answered with a JSON error and its status;
 * stopping lets the requests in flight finish.  The server prints
 * nothing: its caller reports. */
#ifndef FC_SERVER_H
#define FC_SERVER_H

#include <stddef.h>

#include "folcheck.h"

typedef struct fc_serve_options {
    const char *host;           /* address to bind; "127.0.0.1" by default */
    unsigned port;              /* 0: any free port (see fc_server_port) */
    unsigned threads;           /* worker threads, each with a checker */
    size_t max_body;            /* bytes of a request body */
    unsigned max_inflight;      /* requests being answered at once */
    unsigned max_connections;   /* open connections */
    unsigned request_timeout_ms;/* wall clock per trace of a request */
    unsigned idle_timeout_s;    /* a connection that sends nothing */
    fc_check_options check;
    fc_dialect dialect;         /* for records and texts that name none */
} fc_serve_options;

void fc_serve_options_init(fc_serve_options *o);

typedef struct fc_server fc_server;

/* Starts serving in threads of its own; NULL with *err (caller frees)
 * when the address cannot be bound. */
fc_server *fc_server_start(const fc_serve_options *o, char **err);
/* The port it listens on (the one chosen, for port 0). */
unsigned fc_server_port(const fc_server *s);
/* Stops accepting, lets the requests in flight finish (at most grace_ms),
 * then stops and frees the server. */
void fc_server_stop(fc_server *s, unsigned grace_ms);

#endif
