% A status folcheck does not check stays unknown.
% expect: invalid
% expect s1: unknown
fof(a1, axiom, p(a)).
fof(s1, plain, q(a), inference(guess, [status(sat)], [a1])).
