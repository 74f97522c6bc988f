% Skolemization with nested dependencies, then a refutation.
% expect: valid
% expect s1: entailed
% expect s2: entailed
fof(a1, axiom, ![X]: ?[Y]: ![Z]: ?[W]: r(X, Y, Z, W)).
fof(a2, axiom, ![X, Y, Z, W]: (~r(X, Y, Z, W) | q(W))).
fof(a3, axiom, ~q(c)).
fof(a4, axiom, ![X]: (q(X) => X = c)).
fof(s1, plain, ![X, Z]: r(X, sk1(X), Z, sk2(X, Z)),
    inference(skolemize, [status(esa)], [a1])).
cnf(s2, plain, r(X, sk1(X), Z, sk2(X, Z)),
    inference(split_conjunct, [status(thm)], [s1])).
cnf(s3, plain, q(sk2(X, Z)),
    inference(resolve, [status(thm)], [s2, a2])).
cnf(s4, plain, sk2(X, Z) = c,
    inference(resolve, [status(thm)], [s3, a4])).
cnf(s5, plain, q(c),
    inference(rw, [status(thm)], [s3, s4])).
cnf(s6, plain, $false,
    inference(sr, [status(thm)], [s5, a3])).
