% The "negated" conjecture is the conjecture itself.
% expect: invalid
% expect n1: contradicts_steps
fof(a1, axiom, p(a)).
fof(goal, conjecture, q(a)).
fof(n1, negated_conjecture, q(a), inference(assume_negation, [status(cth)], [goal])).
