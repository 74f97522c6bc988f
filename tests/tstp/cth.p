% assume_negation (cth) alone and nested under a simplification.
% expect: valid
% expect n1: entailed
% expect n2: entailed
fof(a1, axiom, p(a)).
fof(a2, axiom, ![X]: (p(X) => q(X))).
fof(goal, conjecture, q(a)).
fof(n1, negated_conjecture, ~q(a), inference(assume_negation, [status(cth)], [goal])).
fof(n2, negated_conjecture, ~q(a),
    inference(fof_simplification, [status(thm)],
              [inference(assume_negation, [status(cth)], [goal])])).
cnf(c1, plain, q(a), inference(resolve, [status(thm)], [a1, a2])).
cnf(c2, plain, $false, inference(sr, [status(thm)], [c1, n1])).
