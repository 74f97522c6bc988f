% An inference record without its lists of information and parents: that
% inference is ill-formed, and the derivation is still checked.
% expect: invalid
% expect c_0_1: syntax
% expect c_0_2: propagated
fof(a1, axiom, p(a), file('x.p', a1)).
fof(c_0_1, plain, p(a), inference(copy)).
cnf(c_0_2, plain, ($false), inference(sr,[status(thm)],[c_0_1, a1])).
