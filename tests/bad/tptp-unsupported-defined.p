fof(a1, axiom, $ite(p, q, r)).
