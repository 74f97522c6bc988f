% higher-order formulas are not read
thf(a1, axiom, p).
