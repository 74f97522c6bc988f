% a TPTP include of a file that does not exist
include('Axioms/NOPE001+0.ax').
fof(goal, conjecture, p).
