"""Data for the chapters: generated tasks and the applications' data, numpy only.

- ``rnnlib.data.tasks``: the adding problem, delayed recall and the dominant-topic token task
- ``rnnlib.data.text``: characters and words to ids, one-hot arrays, next-token windows
- ``rnnlib.data.dates``: human-readable dates and their ISO form, for translation
- ``rnnlib.data.dna``: generated DNA sequences with an ordered motif, and their encoders
- ``rnnlib.data.series``: sliding windows, the naive and linear autoregressive baselines and recursive forecasts
- ``rnnlib.data.music``: generated melodies as note tokens, their rules and their sound
- ``rnnlib.data.generate``: temperature sampling and generation from a trained model
"""
