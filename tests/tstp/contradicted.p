% An inference its parents contradict.
% expect: invalid
% expect: incoherent
% expect s1: contradicts_premises
fof(a1, axiom, p(a)).
cnf(s1, plain, ~p(a), inference(resolve, [status(thm)], [a1])).
