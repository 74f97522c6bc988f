fof(d1, fi_domain, p).
