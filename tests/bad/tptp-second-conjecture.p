fof(g1, conjecture, p).
fof(g2, conjecture, q).
