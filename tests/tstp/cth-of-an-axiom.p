% A refutation that rests on the negation of an axiom, not of the
% conjecture: it proves the axiom, not the conjecture.
% expect: invalid
% expect n1: entailed
% expect s1: entailed
fof(a1, axiom, p(a)).
fof(goal, conjecture, q(a)).
fof(n1, plain, ~p(a), inference(assume_negation, [status(cth)], [a1])).
cnf(s1, plain, $false, inference(sr, [status(thm)], [n1, a1])).
