"""placeholder"""


def check_strategy(*a, **k):
    raise NotImplementedError
