"""Fused float32 step kernels for the fast LSTM and GRU, compiled by numba.

Each kernel does one time step's elementwise work (the gate activations and the state
update forward, their derivatives backward) in one pass over the N x H units, where
numpy needs about twenty separate array operations. The matrix products stay with
numpy's BLAS, in the callers (``rnnlib.fast.lstm``, ``rnnlib.fast.gru``).

exp and tanh are written as polynomials (those of the Cephes library's expf and tanhf;
the tests find the kernels' results within 4 units in the last place of the textbook's)
so that the compiler turns each loop
over units into vector instructions; numba's math.exp and math.tanh call the C library
once per element, which is no faster than numpy. error_model="numpy" (no check for
division by zero) and one-row views are what let the loops vectorise;
fastmath={"contract"} allows fused multiply-adds and nothing else. cache=True keeps the
compiled code on disk, so only the first process compiles (about a second).

Shapes: N batch, H hidden units; every array is float32.
"""
import numpy as np
from llvmlite import ir
from numba import njit, types
from numba.extending import intrinsic

_f = np.float32
ONE, HALF, TWO, ZERO = _f(1.0), _f(0.5), _f(2.0), _f(0.0)
LOG2E, LN2_HI, LN2_LO = _f(1.44269504088896341), _f(0.693359375), _f(-2.12194440e-4)
EXP_P = [_f(c) for c in (1.9875691500e-4, 1.3981999507e-3, 8.3334519073e-3,
                         4.1665795894e-2, 1.6666665459e-1, 5.0000001201e-1)]
EXP_HI, EXP_LO = _f(88.3762626647949), _f(-87.3365478515625)    # e^x stays finite
TANH_P = [_f(c) for c in (-5.70498872745e-3, 2.06390887954e-2, -5.37397155531e-2,
                          1.33314422036e-1, -3.33332819422e-1)]
TANH_SMALL = _f(0.625)
P0, P1, P2, P3, P4, P5 = EXP_P
T0, T1, T2, T3, T4 = TANH_P

_inline = njit(inline="always", fastmath={"contract"}, error_model="numpy", cache=True)
_kernel = njit(fastmath={"contract"}, error_model="numpy", cache=True, nogil=True)


@intrinsic
def _float32_from_bits(typingctx, bits):
    """The float32 whose bit pattern is the int32 `bits`."""
    def codegen(context, builder, signature, args):
        return builder.bitcast(args[0], ir.FloatType())
    return types.float32(types.int32), codegen


@_inline
def _exp(x):
    """e^x for float32 x, clamped to the finite range: e^x = 2^n e^r, |r| <= ln(2) / 2."""
    x = min(max(x, EXP_LO), EXP_HI)
    n = np.floor(x * LOG2E + HALF)
    r = (x - n * LN2_HI) - n * LN2_LO
    p = (((((P0 * r + P1) * r + P2) * r + P3) * r + P4) * r + P5) * (r * r) + r + ONE
    return p * _float32_from_bits((np.int32(n) + np.int32(127)) << np.int32(23))


@_inline
def _sigmoid(z):
    return ONE / (ONE + _exp(-z))


@_inline
def _tanh(z):
    a = abs(z)
    s = a * a
    small = ((((T0 * s + T1) * s + T2) * s + T3) * s + T4) * s * a + a
    large = ONE - TWO / (_exp(TWO * a) + ONE)
    y = small if a < TANH_SMALL else large
    return y if z >= ZERO else -y


@_kernel
def lstm_step_forward(z, hWh, c_prev, c, h):
    """One LSTM step after the products: z (N, 4H) holds x_t Wx + b and becomes the
    activated gates [i, f, g, o]; hWh (N, 4H) = h_{t-1} Wh; c_prev (N, H); writes the
    new cell state c (N, H) and hidden state h (N, H)."""
    N, H = c.shape
    for n in range(N):
        z_i, z_f, z_g, z_o = z[n, :H], z[n, H:2 * H], z[n, 2 * H:3 * H], z[n, 3 * H:]
        r_i, r_f, r_g, r_o = hWh[n, :H], hWh[n, H:2 * H], hWh[n, 2 * H:3 * H], hWh[n, 3 * H:]
        c_prev_n, c_n, h_n = c_prev[n], c[n], h[n]
        for j in range(H):
            i = _sigmoid(z_i[j] + r_i[j])
            f = _sigmoid(z_f[j] + r_f[j])
            g = _tanh(z_g[j] + r_g[j])
            o = _sigmoid(z_o[j] + r_o[j])
            z_i[j], z_f[j], z_g[j], z_o[j] = i, f, g, o
            c_j = f * c_prev_n[j] + i * g
            c_n[j] = c_j
            h_n[j] = o * _tanh(c_j)


@_kernel
def lstm_step_backward(dh, t, dh_next, dc, gates, c, c_prev, dz):
    """One LSTM step backward, before the products: dh (N, T, H) upstream, step t;
    dh_next (N, H) from step t + 1; dc (N, H) the gradient on c_t from step t + 1, left
    holding the one on c_{t-1}; gates (N, 4H) [i, f, g, o]; c, c_prev (N, H); writes
    the pre-activation gradient dz (N, 4H)."""
    N, H = dc.shape
    for n in range(N):
        i_n, f_n, g_n, o_n = (gates[n, :H], gates[n, H:2 * H], gates[n, 2 * H:3 * H],
                              gates[n, 3 * H:])
        dz_i, dz_f, dz_g, dz_o = dz[n, :H], dz[n, H:2 * H], dz[n, 2 * H:3 * H], dz[n, 3 * H:]
        dh_up, dh_next_n, dc_n, c_n, c_prev_n = dh[n, t], dh_next[n], dc[n], c[n], c_prev[n]
        for j in range(H):
            dh_j = dh_up[j] + dh_next_n[j]                # the total gradient on h_t
            i, f, g, o = i_n[j], f_n[j], g_n[j], o_n[j]
            tanh_c = _tanh(c_n[j])
            dc_j = dc_n[j] + ((ONE - tanh_c * tanh_c) * o) * dh_j
            dz_i[j] = (((ONE - i) * i) * g) * dc_j
            dz_f[j] = (((ONE - f) * f) * c_prev_n[j]) * dc_j
            dz_g[j] = ((ONE - g * g) * i) * dc_j
            dz_o[j] = (((ONE - o) * o) * tanh_c) * dh_j
            dc_n[j] = dc_j * f


@_kernel
def gru_step_forward(a, hW, b_hh, h_prev, hh, h):
    """One GRU step after the products: a (N, 3H) holds [xz + bz, xr + br, xh + bh] (both
    biases of z and r added) and becomes [z, r, n]; hW (N, 3H) = h_{t-1} Wh; b_hh (H,)
    the candidate's recurrent bias; h_prev (N, H); writes hh (N, H), the candidate's
    recurrent part, and the new hidden state h (N, H)."""
    N, H = h.shape
    for n in range(N):
        a_z, a_r, a_n = a[n, :H], a[n, H:2 * H], a[n, 2 * H:]
        r_z, r_r, r_n = hW[n, :H], hW[n, H:2 * H], hW[n, 2 * H:]
        h_prev_n, hh_n, h_n = h_prev[n], hh[n], h[n]
        for j in range(H):
            z = _sigmoid(a_z[j] + r_z[j])
            r = _sigmoid(a_r[j] + r_r[j])
            hh_j = r_n[j] + b_hh[j]
            cand = _tanh(a_n[j] + r * hh_j)
            a_z[j], a_r[j], a_n[j] = z, r, cand
            hh_n[j] = hh_j
            h_n[j] = z * h_prev_n[j] + (ONE - z) * cand


@_kernel
def gru_step_backward(dh, t, dhW, dh_z, z, r, cand, hh, h_prev, grads):
    """One GRU step backward, before the products: dh (N, T, H) upstream, step t;
    dhW (N, H) = [dz, dr, dn r]_{t+1} Wh^T and dh_z (N, H) = dh_{t+1} z_{t+1}, the two
    gradients from step t + 1 (dh_z left holding dh_t z_t); z, r, cand (the candidate
    n), hh, h_prev (N, H); writes grads (N, 4H) = [dz, dr, dn r, dn] (pre-activations)."""
    N, H = dh_z.shape
    for n in range(N):
        z_n, r_n, cand_n = z[n], r[n], cand[n]
        g_z, g_r, g_nr, g_n = grads[n, :H], grads[n, H:2 * H], grads[n, 2 * H:3 * H], \
            grads[n, 3 * H:]
        dh_up, dhW_n, dh_z_n, hh_n, h_prev_n = dh[n, t], dhW[n], dh_z[n], hh[n], h_prev[n]
        for j in range(H):
            dh_j = dh_up[j] + (dh_z_n[j] + dhW_n[j])      # the total gradient on h_t
            z_j, r_j, c_j = z_n[j], r_n[j], cand_n[j]
            one_minus_z = ONE - z_j
            dn = ((ONE - c_j * c_j) * one_minus_z) * dh_j
            g_z[j] = (((h_prev_n[j] - c_j) * z_j) * one_minus_z) * dh_j
            g_r[j] = (((ONE - r_j) * r_j) * hh_n[j]) * dn
            g_nr[j] = dn * r_j
            g_n[j] = dn
            dh_z_n[j] = dh_j * z_j
