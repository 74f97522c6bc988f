cost = 4
name = "apples"
# conclude: cost == 4
