% only comments
/* nothing else */
