% An inference that takes the conjecture as established.
% expect: invalid
% expect s1: false_assumption
fof(a1, axiom, p(a)).
fof(goal, conjecture, q(a)).
fof(s1, plain, q(a) & p(a), inference(conj, [status(thm)], [goal, a1])).
fof(s2, plain, q(a), inference(split_conjunct, [status(thm)], [s1])).
