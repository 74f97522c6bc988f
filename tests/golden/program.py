# A program of thought in the python dialect, whose answer is wrong.
import math
cookies = 18
kids = 4
each = cookies // kids
left = cookies % kids
boxes = math.ceil(cookies / 5)
answer = each * boxes + left
# conclude: answer == 20
