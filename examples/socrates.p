% A TPTP problem: axioms are premises, the conjecture is the conclusion.
fof(all_men_are_mortal, axiom, ! [X] : (man(X) => mortal(X))).
fof(socrates_is_a_man, axiom, man(socrates)).
fof(zeus, hypothesis, god(zeus) & ~ man(zeus)).
fof(socrates_is_mortal, conjecture, mortal(socrates)).
