% A "definition" of a symbol already in use.
% expect: invalid
% expect d1: inference_violation
fof(a1, axiom, ~p(a)).
fof(d1, plain, (p(a) <=> $true), introduced(definition)).
cnf(s1, plain, $false, inference(sr, [status(thm)], [d1, a1])).
