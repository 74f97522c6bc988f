% TPTP needs parentheses between & and |
fof(a1, axiom, p & q | r).
