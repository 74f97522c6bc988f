# Python's arithmetic as Python computes it, exactly: // and % floor (the
# remainder has the divisor's sign), ** with an integer exponent, round
# half to even, int() toward zero, math.ceil and math.floor, abs, min, max.
import math
cookies = 17
kids = 5
each = cookies // kids
left = cookies % kids
neg_left = -cookies % kids
neg_each = -cookies // kids
boxes = math.ceil(cookies / kids)
low = math.floor(cookies / kids)
half = round(2.5) + round(3.5)
cut = int(-2.7)
sq = kids ** 2
spread = abs(kids - cookies) + min(kids, cookies, 9) + max(kids, 1)
answer = each + left + neg_left + neg_each + boxes + low + half + cut + sq + spread
# conclude: answer == 62
# expect: valid
