"""Simple features of a text, one number per character, to compare with a hidden unit's
activation (Karpathy, Johnson and Fei-Fei 2015). Each value describes the text *after*
reading that character, as the hidden state h_t does. numpy only. T characters.
"""
import numpy as np


def text_features(text):
    """Three features of `text` (str of T characters), each an ndarray of shape (T,).

    Returns a dict:
    "inside double quotes": 1.0 after an opening '"' up to and including the character
        before its closing '"' (quotes pair up within a line; a newline closes), else 0.0;
    "inside parentheses": 1.0 while more '(' than ')' have been read, else 0.0 (the depth
        is never negative and restarts at 0 after a blank line);
    "position in line": characters read since the last newline (0 right after one).
    """
    if not isinstance(text, str) or not text:
        raise TypeError(f"text must be a non-empty str, but got {type(text).__name__}.")
    quote, depth, column, prev = False, 0, 0, ""
    out = np.zeros((3, len(text)))
    for t, ch in enumerate(text):
        if ch == '"':
            quote = not quote
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(depth - 1, 0)
        if ch == "\n":
            quote, column = False, 0
            depth = 0 if prev == "\n" else depth
        else:
            column += 1
        out[:, t] = quote, depth > 0, column
        prev = ch
    return dict(zip(("inside double quotes", "inside parentheses", "position in line"), out))
