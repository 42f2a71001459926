"""Data for the chapters: generated tasks and the applications' data, numpy only.

- ``rnnlib.data.tasks``: the adding problem, delayed recall and the dominant-topic token task
- ``rnnlib.data.text``: characters and words to ids, one-hot arrays, next-token windows
- ``rnnlib.data.ngram``: unigram and bigram next-token baselines with add-one smoothing
- ``rnnlib.data.char_features``: per-character features of a text (inside quotes or parentheses,
  position in line)
- ``rnnlib.data.dates``: human-readable dates and their ISO form, for translation
- ``rnnlib.data.dates_long``: the dates of ``rnnlib.data.dates`` hidden in filler, for longer inputs
- ``rnnlib.data.dna``: generated DNA sequences with an ordered motif, and their encoders
- ``rnnlib.data.series``: sliding windows, the naive and linear autoregressive baselines and recursive forecasts
- ``rnnlib.data.ragged``: padding and masks for variable-length sequences, and a tagging task
  whose tags depend on the next token
- ``rnnlib.data.music``: generated melodies as note tokens, their rules and their sound
- ``rnnlib.data.generate``: temperature sampling and generation from a trained model
"""
