"""Helpers for the exercises' autograder tests (numpy only).

- ``rnnlib.grading.checks``: `call` (call the learner's function, with readable failures)
  and `check_array` (compare what it returned, one message per kind of mistake)
"""
from .checks import call, check_array

__all__ = ["call", "check_array"]
