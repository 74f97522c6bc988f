% A definition introduced for a fresh predicate, applied (esa).
% expect: valid
% expect d1: definition
% expect s1: entailed
fof(a1, axiom, (p(a) & q(a)) | r(a)).
fof(a2, axiom, ~r(a)).
fof(a3, axiom, ~p(a)).
fof(d1, plain, (epred1 <=> (p(a) & q(a))), introduced(definition)).
fof(s1, plain, epred1 | r(a), inference(apply_def, [status(esa)], [a1, d1])).
cnf(s2, plain, epred1, inference(sr, [status(thm)], [s1, a2])).
cnf(s3, plain, p(a), inference(apply_def, [status(thm)], [s2, d1])).
cnf(s4, plain, $false, inference(sr, [status(thm)], [s3, a3])).
