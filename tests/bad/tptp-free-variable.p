% fof formulas must be closed
fof(a1, axiom, p(X)).
