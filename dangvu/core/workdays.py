# TEMPORARY local stand-in (weekends only) until the calendar branch lands; not to be committed.
import datetime


def is_working_day(day):
    return day.weekday() < 5


def add_working_days(start, n):
    day = start
    while n > 0:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            n -= 1
    return day


def working_days_between(start, end):
    sign = 1
    if end < start:
        start, end, sign = end, start, -1
    count, day = 0, start
    while day < end:
        day += datetime.timedelta(days=1)
        count += is_working_day(day)
    return sign * count
