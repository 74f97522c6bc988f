% The "Skolem" constant b is named by an axiom: it is no fresh witness.
% expect: invalid
% expect s1: inference_violation
fof(a1, axiom, ?[Y]: p(Y)).
fof(a2, axiom, ~p(b)).
fof(s1, plain, p(b), inference(skolemize, [status(esa)], [a1])).
cnf(s2, plain, $false, inference(sr, [status(thm)], [s1, a2])).
