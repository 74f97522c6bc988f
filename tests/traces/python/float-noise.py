# 0.1 + 0.2 is 0.30000000000000004 in floating point, and exactly 0.3 here:
# a program whose float answer is 5.000000000000002 is right.
x = 0.1
y = 0.2
total = (x + y) * 10
answer = total + 2
# conclude: answer == 5
# expect: valid
