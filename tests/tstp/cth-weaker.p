% A child weaker than the negation: it follows from it, but is not it.
% expect: invalid
% expect n1: inference_violation
fof(goal, conjecture, q(a) & r(a)).
fof(n1, negated_conjecture, ~q(a) | ~r(a) | s(a), inference(assume_negation, [status(cth)], [goal])).
