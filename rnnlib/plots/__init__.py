"""Figures; matplotlib is imported on first use, never by ``import rnnlib``.

- ``rnnlib.plots.curves``: hidden states over time, learning curves
- ``rnnlib.plots.diagrams``: the RNN architectures, and an RNN unrolled over time
- ``rnnlib.plots.cell_diagrams``: the LSTM and GRU cells drawn, gate by gate (after colah)
- ``rnnlib.plots.bptt``: the backward pass (BPTT) drawn on the unrolled graph
- ``rnnlib.plots.cliff``: a cliff in the loss along one weight, and where gradient steps land
- ``rnnlib.plots.flow``: information flow through a feed-forward network and an RNN (chapter 7)
- ``rnnlib.plots.attention``: attention weights of one sequence as a heatmap (outputs against inputs)
- ``rnnlib.plots.gates``: LSTM and GRU gate activations by name, and their heatmaps
- ``rnnlib.plots.text_heat``: text coloured by one value per character (a hidden unit over a passage)
- ``rnnlib.plots.piano_roll``: a melody of ``rnnlib.data.music`` as a piano roll
"""
