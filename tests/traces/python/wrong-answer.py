# A program that computes 16 - 3 - 4 = 9 eggs at 2 dollars, but the gold
# answer is 20: its error shows at the conclusion.
eggs = 16
eaten = 3
baked = 4
answer = (eggs - eaten - baked) * 2
# conclude: answer == 20
# expect: invalid
# expect conclusion: refuted
# expect: conclusion_mismatch
