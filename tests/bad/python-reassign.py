price = 5
price = price * 2
# conclude: price == 10
