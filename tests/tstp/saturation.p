% Every inference holds, but nothing is refuted or proved.
% expect: invalid
% expect: coherent
% expect s1: entailed
fof(a1, axiom, p(a)).
fof(a2, axiom, ![X]: (p(X) => q(X))).
cnf(s1, plain, q(a), inference(resolve, [status(thm)], [a1, a2])).
