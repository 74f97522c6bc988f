% A Skolem constant where the existential depends on X: not equisatisfiable.
% expect: invalid
% expect s1: inference_violation
fof(a1, axiom, ![X]: ?[Y]: r(X, Y)).
fof(s1, plain, ![X]: r(X, sk1), inference(skolemize, [status(esa)], [a1])).
