fof(a1, axiom, p).
/* a comment that is never closed
