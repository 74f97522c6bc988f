fof('unclosed, axiom, p).
