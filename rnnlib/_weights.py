"""Checks of a cell's inputs and weights, with a diagnosis of the usual mix-ups.

Keras layout (``rnnlib.cells``): Wx = kernel (D, G*H), Wh = recurrent_kernel (H, G*H),
b = bias (G*H,), or (2, 3H) for the GRU with reset_after (input bias, recurrent bias).
The messages recognise weights of another cell (a different multiple of H), PyTorch's
transposed layout (out, in) = (G*H, D), and a hidden state h0 whose H disagrees with
weights that agree with each other.
"""
from functools import partial

from ._checks import as_float_array, check_dim, letters
from .cells import CELLS

_BY_GATES = {c.G: c.keras_layer for c in CELLS.values()}      # 1: "SimpleRNN", 3: "GRU", ...


def _a(cell):
    """'an LSTM', 'a GRU', 'a SimpleRNN'."""
    return ("an " if cell == "LSTM" else "a ") + cell


def _gh(gates):
    """The letters of a bias's G*H for `gates`: "H", "3H", "4H"."""
    return f"{gates}H" if gates > 1 else "H"


def _other_cell(cell, gates, size, H, what, need):
    """Text naming the cell whose layout has `size` (columns or entries) = k*H, if any;
    `need` is what `cell` needs instead, e.g. "4H" or "(2, 3H)"."""
    if H and size % H == 0 and size // H in _BY_GATES and size // H != gates:
        other = _BY_GATES[size // H]
        return (f" It has {size // H}H {what}, the layout of {_a(other)}; "
                f"{_a(cell)} needs {need} (use the {cell}'s own weights).")
    return ""


def check_weights(cell, Wx, Wh, D, H, gates):
    """Check the Keras layout ``Wx (D, G*H)`` and ``Wh (H, G*H)`` for `cell`.

    Recognises weights of another cell (a different multiple of H) and the
    transposed PyTorch layout, and says how to fix each.
    """
    GH = gates * H
    for name, w, rows in (("Wx", Wx, D), ("Wh", Wh, H)):
        if w.shape == (rows, GH):
            continue
        want = f"({'D' if name == 'Wx' else 'H'}, {gates}H) = ({rows}, {GH})"
        msg = (f"{name} must have shape {want} for {_a(cell)} with "
               f"D = {D} and H = {H} (Keras layout), but has shape {w.shape}.")
        if w.shape == (GH, rows) and GH != rows:
            msg += (f" It looks transposed from Keras's (in, out): this looks like "
                    f"PyTorch's layout (out, in); pass {name}.T instead.")
            if cell == "GRU":
                msg += (" PyTorch's GRU orders its gates r, z, n and Keras's z, r, h: "
                        "swap the first two blocks of H columns too.")
        elif w.shape[0] == rows:
            msg += _other_cell(cell, gates, w.shape[1], H, "columns", f"{gates}H")
        raise ValueError(msg)


def _bias_hint(cell, gates, H, shape):
    """Text naming the layout a wrong bias `shape` comes from, if it is a known one."""
    if shape == (2, 3 * H) and cell != "GRU":
        return (f" That is the bias of a GRU (input and recurrent bias stacked); "
                f"{_a(cell)} needs ({_gh(gates)},) (use the {cell}'s own weights).")
    if len(shape) == 1 and cell == "GRU" and shape[0] == 3 * H:
        return (" That is a single bias: Keras's GRU(reset_after=False) or one of "
                "PyTorch's bias_ih, bias_hh. This GRU (reset_after=True, Keras's default) "
                "needs both, stacked: np.stack([b_input, b_recurrent]).")
    if len(shape) == 1:
        return _other_cell(cell, gates, shape[0], H, "entries",
                           "(2, 3H)" if cell == "GRU" else f"({_gh(gates)},)")
    return ""


def check_bias(spec, b, H, dtype):
    """Return the bias as an array of `dtype` of the shape `spec.bias_shape(H)`:
    (G*H,), or (2, 3H) for the GRU."""
    shape = spec.bias_shape(H)
    names = (str(spec.bias_rows), _gh(spec.G))[2 - len(shape):]
    hint = partial(_bias_hint, spec.keras_layer, spec.G, H)   # the received shape -> text
    b = as_float_array("b", b, names, dtype=dtype, hint=hint)
    if b.shape != shape:
        rows = " (input bias, recurrent bias)" if len(shape) == 2 else ""
        raise ValueError(f"b must have shape {letters(names)}{rows} = {shape}, "
                         f"but has shape {b.shape}.{hint(b.shape)}")
    return b


def cell_inputs(spec, x, h, Wx, Wh, b, x_letters, h_name="h0"):
    """Validate the arguments shared by every cell; return them as arrays of x's dtype.

    spec : the `rnnlib.cells.Cell` they are for (its Keras name, G and bias shape)
    x : (N, T, D) for a sequence (``x_letters=("N", "T", "D")``) or (N, D) for a step.
    h : (N, H) initial or previous hidden state, named `h_name` in messages.
    Wx : (D, G*H), Wh : (H, G*H), b : (G*H,), or (2, G*H) for the GRU.
    """
    cell, gates = spec.keras_layer, spec.G
    x = as_float_array("x", x, x_letters)
    h = as_float_array(h_name, h, ("N", "H"), dtype=x.dtype)
    N, D = x.shape[0], x.shape[-1]
    check_dim(h_name, h, 0, "N", N)
    Wx = as_float_array("Wx", Wx, ("D", f"{gates}H"), dtype=x.dtype)
    Wh = as_float_array("Wh", Wh, ("H", f"{gates}H"), dtype=x.dtype)
    H_w = Wh.shape[0]
    if Wh.shape == (H_w, gates * H_w) and Wx.shape == (D, gates * H_w):
        check_dim(h_name, h, 1, "H", H_w, f"Wh (H, {gates}H) = {Wh.shape} and Wx {Wx.shape}")
    H = h.shape[1]
    check_weights(cell, Wx, Wh, D, H, gates)
    return x, h, Wx, Wh, check_bias(spec, b, H, x.dtype)


PARAM_KEYS = ("Wx", "Wh", "b", "Wy", "by")


def check_params(params):
    """Return a new dict of the model's weights as floating arrays, checked.

    params : dict as returned by ``init_params``: the cell's Wx (D, G*H), Wh (H, G*H)
        and b (its layout is checked by the kernel that uses them), and the readout
        Wy (H, 1), by (1,), whose shapes are checked here against H = Wh.shape[0].
    Arrays that are already floating are not copied.
    """
    if not isinstance(params, dict):
        raise TypeError(f"params must be the dict of weights returned by init_params "
                        f"(keys {', '.join(PARAM_KEYS)}), but got {type(params).__name__}.")
    missing = [key for key in PARAM_KEYS if key not in params]
    if missing:
        raise ValueError(f"params must hold the weights {list(PARAM_KEYS)}, as init_params "
                         f"returns, but is missing {missing}.")
    out = dict(params)
    for key, names in (("Wx", ("D", "G*H")), ("Wh", ("H", "G*H")), ("b", None),
                       ("Wy", ("H", "1")), ("by", ("1",))):
        out[key] = as_float_array(f"params['{key}']", params[key], names)
    H = out["Wh"].shape[0]
    for key, names, shape in (("Wy", ("H", "1"), (H, 1)), ("by", ("1",), (1,))):
        if out[key].shape != shape:
            raise ValueError(f"params['{key}'] must have shape {letters(names)} = {shape} "
                             f"to match params['Wh'] of shape {out['Wh'].shape}, but has "
                             f"shape {out[key].shape}.")
    return out
