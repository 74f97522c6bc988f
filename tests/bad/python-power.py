x = 2
y = x ** 0.5
# conclude: y == 1
