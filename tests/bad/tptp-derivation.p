% A TSTP derivation (E prover's proof of examples/socrates.p): derivations are not checked yet

fof(all_men_mortal, axiom, ![X1]:(man(X1)=>mortal(X1)), file('tptp-derivation.p', all_men_mortal)).
fof(goal, conjecture, mortal(socrates), file('tptp-derivation.p', goal)).
fof(socrates_man, axiom, man(socrates), file('tptp-derivation.p', socrates_man)).
fof(c_0_3, plain, ![X3]:(~man(X3)|mortal(X3)), inference(variable_rename,[status(thm)],[inference(fof_nnf,[status(thm)],[all_men_mortal])])).
fof(c_0_4, negated_conjecture, ~mortal(socrates), inference(fof_simplification,[status(thm)],[inference(assume_negation,[status(cth)],[goal])])).
cnf(c_0_5, plain, (mortal(X1)|~man(X1)), inference(split_conjunct,[status(thm)],[c_0_3])).
cnf(c_0_6, plain, (man(socrates)), inference(split_conjunct,[status(thm)],[socrates_man])).
cnf(c_0_7, negated_conjecture, (~mortal(socrates)), inference(split_conjunct,[status(thm)],[c_0_4])).
cnf(c_0_8, plain, ($false), inference(sr,[status(thm)],[inference(spm,[status(thm)],[c_0_5, c_0_6]), c_0_7]), ['proof']).
