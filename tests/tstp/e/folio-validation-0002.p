% E 2.6 (eprover --auto --proof-object) on FOLIO validation problem 0002
% as tests/folio_tptp.py translates it; the proof as E printed it.
% expect: valid
fof(conclusion, conjecture, (('AcademicCareer'('bonnie')<~>'Chaperone'('bonnie'))=>('AcademicCareer'('bonnie')<~>'Inactive'('bonnie'))), file('validation-0002.p', conclusion)).
fof(p6, axiom, (('Engaged'('bonnie')&'Students'('bonnie'))<~>(~('Engaged'('bonnie'))&~('Students'('bonnie')))), file('validation-0002.p', p6)).
fof(p1, axiom, ![X1]:('TalentShows'(X1)=>'Engaged'(X1)), file('validation-0002.p', p1)).
fof(p2, axiom, ![X1]:('TalentShows'(X1)|'Inactive'(X1)), file('validation-0002.p', p2)).
fof(p4, axiom, ![X1]:('Inactive'(X1)=>'Chaperone'(X1)), file('validation-0002.p', p4)).
fof(p3, axiom, ![X1]:('Chaperone'(X1)=>~('Students'(X1))), file('validation-0002.p', p3)).
fof(c_0_6, negated_conjecture, ~((~(('AcademicCareer'('bonnie')<=>'Chaperone'('bonnie')))=>~(('AcademicCareer'('bonnie')<=>'Inactive'('bonnie'))))), inference(fof_simplification,[status(thm)],[inference(assume_negation,[status(cth)],[conclusion])])).
fof(c_0_7, plain, ~((('Engaged'('bonnie')&'Students'('bonnie'))<=>(~'Engaged'('bonnie')&~'Students'('bonnie')))), inference(fof_simplification,[status(thm)],[p6])).
fof(c_0_8, plain, ![X7]:(~'TalentShows'(X7)|'Engaged'(X7)), inference(variable_rename,[status(thm)],[inference(fof_nnf,[status(thm)],[p1])])).
fof(c_0_9, plain, ![X8]:('TalentShows'(X8)|'Inactive'(X8)), inference(variable_rename,[status(thm)],[p2])).
fof(c_0_10, negated_conjecture, (((~'AcademicCareer'('bonnie')|~'Chaperone'('bonnie'))&('AcademicCareer'('bonnie')|'Chaperone'('bonnie')))&((~'AcademicCareer'('bonnie')|'Inactive'('bonnie'))&(~'Inactive'('bonnie')|'AcademicCareer'('bonnie')))), inference(fof_nnf,[status(thm)],[c_0_6])).
fof(c_0_11, plain, ![X10]:(~'Inactive'(X10)|'Chaperone'(X10)), inference(variable_rename,[status(thm)],[inference(fof_nnf,[status(thm)],[p4])])).
fof(c_0_12, plain, ![X1]:('Chaperone'(X1)=>~'Students'(X1)), inference(fof_simplification,[status(thm)],[p3])).
fof(c_0_13, plain, ((~'Engaged'('bonnie')|~'Students'('bonnie')|('Engaged'('bonnie')|'Students'('bonnie')))&(((~'Engaged'('bonnie')|'Engaged'('bonnie'))&(~'Students'('bonnie')|'Engaged'('bonnie')))&((~'Engaged'('bonnie')|'Students'('bonnie'))&(~'Students'('bonnie')|'Students'('bonnie'))))), inference(distribute,[status(thm)],[inference(fof_nnf,[status(thm)],[c_0_7])])).
cnf(c_0_14, plain, ('Engaged'(X1)|~'TalentShows'(X1)), inference(split_conjunct,[status(thm)],[c_0_8])).
cnf(c_0_15, plain, ('TalentShows'(X1)|'Inactive'(X1)), inference(split_conjunct,[status(thm)],[c_0_9])).
cnf(c_0_16, negated_conjecture, (~'AcademicCareer'('bonnie')|~'Chaperone'('bonnie')), inference(split_conjunct,[status(thm)],[c_0_10])).
cnf(c_0_17, plain, ('Chaperone'(X1)|~'Inactive'(X1)), inference(split_conjunct,[status(thm)],[c_0_11])).
cnf(c_0_18, negated_conjecture, ('Inactive'('bonnie')|~'AcademicCareer'('bonnie')), inference(split_conjunct,[status(thm)],[c_0_10])).
fof(c_0_19, plain, ![X9]:(~'Chaperone'(X9)|~'Students'(X9)), inference(variable_rename,[status(thm)],[inference(fof_nnf,[status(thm)],[c_0_12])])).
cnf(c_0_20, plain, ('Students'('bonnie')|~'Engaged'('bonnie')), inference(split_conjunct,[status(thm)],[c_0_13])).
cnf(c_0_21, plain, ('Inactive'(X1)|'Engaged'(X1)), inference(spm,[status(thm)],[c_0_14, c_0_15])).
cnf(c_0_22, negated_conjecture, ('AcademicCareer'('bonnie')|'Chaperone'('bonnie')), inference(split_conjunct,[status(thm)],[c_0_10])).
cnf(c_0_23, negated_conjecture, (~'AcademicCareer'('bonnie')), inference(csr,[status(thm)],[inference(spm,[status(thm)],[c_0_16, c_0_17]), c_0_18])).
cnf(c_0_24, plain, (~'Chaperone'(X1)|~'Students'(X1)), inference(split_conjunct,[status(thm)],[c_0_19])).
cnf(c_0_25, plain, ('Students'('bonnie')|'Inactive'('bonnie')), inference(spm,[status(thm)],[c_0_20, c_0_21])).
cnf(c_0_26, negated_conjecture, ('Chaperone'('bonnie')), inference(sr,[status(thm)],[c_0_22, c_0_23])).
cnf(c_0_27, negated_conjecture, ('AcademicCareer'('bonnie')|~'Inactive'('bonnie')), inference(split_conjunct,[status(thm)],[c_0_10])).
cnf(c_0_28, plain, ('Inactive'('bonnie')), inference(cn,[status(thm)],[inference(rw,[status(thm)],[inference(spm,[status(thm)],[c_0_24, c_0_25]), c_0_26])])).
cnf(c_0_29, negated_conjecture, ($false), inference(sr,[status(thm)],[inference(cn,[status(thm)],[inference(rw,[status(thm)],[c_0_27, c_0_28])]), c_0_23]), ['proof']).
