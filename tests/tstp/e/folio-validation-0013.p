% E 2.6 (eprover --auto --proof-object) on FOLIO validation problem 0013
% as tests/folio_tptp.py translates it; the proof as E printed it.
% expect: valid
fof(p3, axiom, ![X1]:(('Game'(X1)&'SellsMoreThan'(X1,'onemillioncopies'))=>'Top10'(X1)), file('validation-0013.p', p3)).
fof(p1, axiom, ?[X1]:((('Japanese'(X1)&'VideoGameCompany'(X1))&'Game'('thelegendofzelda'))&'Created'(X1,'thelegendofzelda')), file('validation-0013.p', p1)).
fof(conclusion, conjecture, 'Top10'('thelegendofzelda'), file('validation-0013.p', conclusion)).
fof(p4, axiom, 'SellsMoreThan'('thelegendofzelda','onemillioncopies'), file('validation-0013.p', p4)).
fof(c_0_4, plain, ![X10]:(~'Game'(X10)|~'SellsMoreThan'(X10,'onemillioncopies')|'Top10'(X10)), inference(variable_rename,[status(thm)],[inference(fof_nnf,[status(thm)],[p3])])).
fof(c_0_5, plain, ((('Japanese'(esk1_0)&'VideoGameCompany'(esk1_0))&'Game'('thelegendofzelda'))&'Created'(esk1_0,'thelegendofzelda')), inference(skolemize,[status(esa)],[inference(variable_rename,[status(thm)],[p1])])).
fof(c_0_6, negated_conjecture, ~'Top10'('thelegendofzelda'), inference(fof_simplification,[status(thm)],[inference(assume_negation,[status(cth)],[conclusion])])).
cnf(c_0_7, plain, ('Top10'(X1)|~'Game'(X1)|~'SellsMoreThan'(X1,'onemillioncopies')), inference(split_conjunct,[status(thm)],[c_0_4])).
cnf(c_0_8, plain, ('SellsMoreThan'('thelegendofzelda','onemillioncopies')), inference(split_conjunct,[status(thm)],[p4])).
cnf(c_0_9, plain, ('Game'('thelegendofzelda')), inference(split_conjunct,[status(thm)],[c_0_5])).
cnf(c_0_10, negated_conjecture, (~'Top10'('thelegendofzelda')), inference(split_conjunct,[status(thm)],[c_0_6])).
cnf(c_0_11, plain, ($false), inference(sr,[status(thm)],[inference(cn,[status(thm)],[inference(rw,[status(thm)],[inference(spm,[status(thm)],[c_0_7, c_0_8]), c_0_9])]), c_0_10]), ['proof']).
