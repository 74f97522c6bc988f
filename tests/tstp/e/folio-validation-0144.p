% E 2.6 (eprover --auto --proof-object) on FOLIO validation problem 0144
% as tests/folio_tptp.py translates it; the proof as E printed it.
% expect: valid
fof(conclusion, conjecture, ?[X1]:('HeckCattle'(X1)&'ArtificiallySelect'(X1)), file('validation-0144.p', conclusion)).
fof(p1, axiom, ![X1, X2]:('BreedingBack'(X1,X2)=>'ArtificiallySelect'(X1)), file('validation-0144.p', p1)).
fof(p2, axiom, ?[X1, X2]:(('HeckCattle'(X1)&'Aurochs'(X2))&'BreedingBack'(X1,X2)), file('validation-0144.p', p2)).
fof(c_0_3, negated_conjecture, ~(?[X1]:('HeckCattle'(X1)&'ArtificiallySelect'(X1))), inference(assume_negation,[status(cth)],[conclusion])).
fof(c_0_4, plain, ![X12, X13]:(~'BreedingBack'(X12,X13)|'ArtificiallySelect'(X12)), inference(variable_rename,[status(thm)],[inference(fof_nnf,[status(thm)],[p1])])).
fof(c_0_5, plain, (('HeckCattle'(esk1_0)&'Aurochs'(esk2_0))&'BreedingBack'(esk1_0,esk2_0)), inference(skolemize,[status(esa)],[inference(variable_rename,[status(thm)],[p2])])).
fof(c_0_6, negated_conjecture, ![X20]:(~'HeckCattle'(X20)|~'ArtificiallySelect'(X20)), inference(variable_rename,[status(thm)],[inference(fof_nnf,[status(thm)],[c_0_3])])).
cnf(c_0_7, plain, ('ArtificiallySelect'(X1)|~'BreedingBack'(X1,X2)), inference(split_conjunct,[status(thm)],[c_0_4])).
cnf(c_0_8, plain, ('BreedingBack'(esk1_0,esk2_0)), inference(split_conjunct,[status(thm)],[c_0_5])).
cnf(c_0_9, negated_conjecture, (~'HeckCattle'(X1)|~'ArtificiallySelect'(X1)), inference(split_conjunct,[status(thm)],[c_0_6])).
cnf(c_0_10, plain, ('ArtificiallySelect'(esk1_0)), inference(spm,[status(thm)],[c_0_7, c_0_8])).
cnf(c_0_11, plain, ('HeckCattle'(esk1_0)), inference(split_conjunct,[status(thm)],[c_0_5])).
cnf(c_0_12, negated_conjecture, ($false), inference(cn,[status(thm)],[inference(rw,[status(thm)],[inference(spm,[status(thm)],[c_0_9, c_0_10]), c_0_11])]), ['proof']).
