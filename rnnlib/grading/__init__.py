"""Helpers for the exercises' autograder tests (numpy only).

- ``rnnlib.grading.checks``: `call` (call the learner's function, with readable failures)
  and `check_array` (compare what it returned, one message per kind of mistake)
- ``rnnlib.grading.own_work``: `OWN_WORK`, the rnnlib functions each exercise's answer
  may not run, which `call` enforces
"""
from .checks import call, check_array
from .own_work import OWN_WORK

__all__ = ["call", "check_array", "OWN_WORK"]
