# Janet's ducks (GSM8K), as a program of thought: the numbers read from the
# question are premises, every computed line is a definition, and the
# conclusion is the gold answer.
import math
eggs_per_day = 16
eggs_breakfast = 3
eggs_muffins = 4
eggs_sold = eggs_per_day - eggs_breakfast - eggs_muffins
price_per_egg = 2
answer = eggs_sold * price_per_egg
# conclude: answer == 18
