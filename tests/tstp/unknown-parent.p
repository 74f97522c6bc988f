% A parent that no record names: the inference is ill-formed.
% expect: invalid
% expect s1: ill_formed
fof(a1, axiom, p(a)).
cnf(s1, plain, p(a), inference(copy, [status(thm)], [a9])).
cnf(s2, plain, $false, inference(sr, [status(thm)], [s1, a1])).
