% The "Skolem" constant b is named by an axiom that comes after the
% inference: still no fresh witness (a1 and a2 have a model, p(c) only).
% expect: invalid
% expect s1: inference_violation
fof(a1, axiom, ?[Y]: p(Y)).
fof(s1, plain, p(b), inference(skolemize, [status(esa)], [a1])).
fof(a2, axiom, ~p(b)).
cnf(s2, plain, $false, inference(sr, [status(thm)], [s1, a2])).
