fof(a1, axiom, ! [X] : p(X)
