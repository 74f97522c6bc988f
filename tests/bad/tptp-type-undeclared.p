tff(c_type, type, c: person).
