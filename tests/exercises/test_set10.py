"""Set 10 (how fast gradients fade): planted submissions graded as they should be, and the
prompt's claims about the experiment hold.

Each planted notebook is the set's solution with one mistake a learner makes: a Jacobian
transposed, tanh applied to h_t a second time, tanh' left out, the Jacobians chained in the
wrong order or reading the state one step too early, the Frobenius norm for the spectral
norm, a rate fitted with log10 and read back with exp, over a range without its last lag or
from its two end lags only, the largest singular value or the largest real part for the
spectral radius, the linear theory's answer for the radius that explodes. Or an answer hands
its question back to rnnlib's backpropagation through time (directly, through getattr and
importlib, through rnnlib.fast). They are graded with `tools/grade.py --dir` (what
`make grade-all` runs), and each must score exactly the points it earns, with the reason.
A slip in q1 costs q2 and q5, which are built on it, and q4's tanh rate; a slip in q3 costs
q4's rates and q5. `test_prompt_claims_hold` runs the solution's code and checks every
number the prompts state about the experiment.
"""
import os
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_exercises import add_cell, assign, body, check_planted, edit, grade_planted, with_answers  # noqa: E402

SET = "10_gradient_decay"
ONLY = os.environ.get("EXERCISE_SETS", "").split()
pytestmark = pytest.mark.skipif(bool(ONLY) and "10" not in ONLY,
                                reason="set 10 not selected by EXERCISE_SETS")

JAC = "    return slope[:, None] * Wh.T"
CHAIN = "        M = M @ step_jacobian(h[T - k], Wh)"
RATE_K = "    k = np.arange(k_min, k_max + 1)\n"
RADIUS = "    return float(np.abs(np.linalg.eigvals(W)).max())"
SWEEP = "    T, H = x.shape[0], W0.shape[0]\n"
OWN = "runs rnnlib's own "
FULL = {"q1": 2, "q2": 2, "q3": 2, "q4": 2, "q5": 2}


def scores(**lost):
    """Full marks, less the points lost per question."""
    return {q: p - lost.get(q, 0) for q, p in FULL.items()}


# q1 (step_jacobian) wrong: q2 and q5 run it, and q4's tanh_rate (0.5) comes out wrong;
# q4's linear norms read states of 0, where most of these slips do not show.
Q1_SLIP = dict(q1=2, q2=2, q4=0.5, q5=2)
# q3 (decay_rate) wrong: q4's linear_rate and tanh_rate (0.5) and q5 run it.
Q3_SLIP = dict(q3=2, q4=0.5, q5=2)
# q4's spectral_radius wrong: all of q4 but the rates (0.5 kept); q5 scales W0 with it.
RADIUS_SLIP = dict(q4=1.5, q5=2)

# name: (notebook maker from the solution S and the student notebook U,
#        {question: points}, words in the reasons)
PLANTED = {
    "full": (lambda S, U: S, scores(), ""),
    "untouched": (lambda S, U: U, scores(q1=2, q2=2, q3=2, q4=2, q5=2),
                  "q1: `step_jacobian` is not written yet"),
    "only_q1_to_q3": (lambda S, U: with_answers(U, S, {"q1", "q2", "q3"}), scores(q4=2, q5=2),
                      "q4: `spectral_radius` is not written yet"),
    # q1: J[i, j] = dh_t[i]/dh_{t-1}[j] with rows and columns swapped
    "jacobian_transposed": (lambda S, U: edit(S, JAC, "    return (slope[:, None] * Wh.T).T"),
                            scores(**Q1_SLIP), "your matrix is the transpose of the Jacobian"),
    # q1: tanh'(a) written as 1 - tanh(h)^2, tanh applied to the output a second time
    "tanh_twice": (lambda S, U: edit(S, "    slope = 1 - h_t ** 2", "    slope = 1 - np.tanh(h_t) ** 2"),
                   scores(**Q1_SLIP), "you applied tanh to h_t"),
    # q1: the tanh' factor forgotten (the linear RNN's Jacobian)
    "no_tanh_prime": (lambda S, U: edit(S, JAC, "    return Wh.T"),
                      scores(**Q1_SLIP), "if tanh' were 1 everywhere"),
    # q2: M_k = J_{T-k+1} M_{k-1}, the factors in the wrong order
    "product_reversed": (lambda S, U: edit(S, CHAIN, "        M = step_jacobian(h[T - k], Wh) @ M"),
                         scores(q2=2, q4=0.5, q5=2), "multiplied in the wrong order"),
    # q2: the Jacobian of step s read at h_{s-1} (and, at k = T, h[-1] wraps around silently)
    "state_off_by_one": (lambda S, U: edit(S, CHAIN, "        M = M @ step_jacobian(h[T - k - 1], Wh)"),
                         scores(q2=2, q4=0.5, q5=2), "one step too early"),
    # q2: np.linalg.norm(M), the Frobenius norm (q4's linear norms come out wrong too)
    "frobenius_norm": (lambda S, U: edit(S, "        norms[k] = np.linalg.norm(M, 2)",
                                         "        norms[k] = np.linalg.norm(M)"),
                       scores(q2=2, q4=0.5, q5=2), "this is the Frobenius norm"),
    # q3: fitted to log10, read back with exp
    "log10_rate": (lambda S, U: edit(S, "    y = np.log(np.asarray(", "    y = np.log10(np.asarray("),
                   scores(**Q3_SLIP), "you mixed the bases of the logarithm"),
    # q3: the last lag k_max left out of the fit
    "range_without_k_max": (lambda S, U: edit(edit(S, RATE_K, "    k = np.arange(k_min, k_max)\n"),
                                              "[k_min:k_max + 1])", "[k_min:k_max])"),
                            scores(**Q3_SLIP), "k_max is included in the range"),
    # q3: the rate from the two end lags, no least squares
    "two_point_rate": (lambda S, U: body(S, RATE_K, "    n = np.asarray(norms, dtype=float)\n"
                                         "    return float((n[k_max] / n[k_min]) ** (1 / (k_max - k_min)))\n"),
                       scores(**Q3_SLIP), "the rate from the two end lags alone"),
    # q4: the largest singular value for the spectral radius
    "radius_is_sigma_max": (lambda S, U: edit(S, RADIUS, "    return float(np.linalg.norm(W, 2))"),
                            scores(**RADIUS_SLIP), "that is the largest singular value"),
    # q4: the largest real part of the eigenvalues (the setup's dominant pair is complex)
    "radius_real_part": (lambda S, U: edit(S, RADIUS, "    return float(np.linalg.eigvals(W).real.max())"),
                         scores(**RADIUS_SLIP), "take their modulus"),
    # q5: the linear theory's answer (every radius above 1 explodes) instead of the measured one
    "explode_by_theory": (lambda S, U: edit(S, "explode_radius = next((r for r, rate in zip(RADII, sweep_rates) "
                                               "if rate > 1), None)",
                                            "explode_radius = next((r for r in RADII if r > 1), None)"),
                          scores(q5=0.5), "hidden test"),
    # answers that hand the question back to rnnlib's backpropagation through time
    "jacobian_from_step_backward": (
        lambda S, U: body(S, "    slope = 1 - h_t ** 2", "    import rnnlib\n    from rnnlib.rnn import RNNStepCache\n"
                          "    n = len(h_t)\n"
                          "    step = RNNStepCache(np.zeros((n, 1)), np.zeros((n, n)), np.tile(h_t, (n, 1)), "
                          "np.zeros((1, n)), Wh)\n"
                          "    return rnnlib.rnn_step_backward(np.eye(n), step)[1]\n"),
        scores(q1=2, q2=2, q5=2),                   # q2 and q5 run it too, through step_jacobian
        "q1: `step_jacobian` " + OWN + "`rnnlib.rnn.rnn_step_backward`"),
    "norms_by_getattr": (
        lambda S, U: edit(S, CHAIN, "        import importlib\n"
                          "        m = importlib.import_module('rnnlib.' + 'rnn')\n"
                          "        n = len(Wh)\n"
                          "        step = m.RNNStepCache(np.zeros((n, 1)), np.zeros((n, n)), np.tile(h[T - k], (n, 1)), "
                          "np.zeros((1, n)), Wh)\n"
                          "        M = getattr(m, 'rnn_step_' + 'backward')(M, step)[1]"),
        scores(q2=2, q5=2),                         # q5 runs it too, through jacobian_norms
        "q2: `jacobian_norms` " + OWN + "`rnnlib.rnn.rnn_step_backward`"),
    "sweep_by_fast_bptt": (
        lambda S, U: body(S, SWEEP, "    import rnnlib.fast\n"
                          "    T, H = x.shape[0], W0.shape[0]\n"
                          "    rates = []\n"
                          "    for r in radii:\n"
                          "        Wr = r / spectral_radius(W0) * W0\n"
                          "        hs, cache = rnnlib.fast.rnn_forward(np.repeat(x[None], H, 0), np.zeros((H, H)), Wx, Wr, b)\n"
                          "        M, norms = np.eye(H), [1.0]\n"
                          "        for t in reversed(range(T)):   # one step at a time: a sequence of one step\n"
                          "            sub = cache._replace(x=cache.x[:, t:t + 1], h0=hs[:, t - 1] if t else cache.h0,\n"
                          "                                 h=hs[:, t:t + 1])\n"
                          "            M = rnnlib.fast.rnn_backward(M[:, None, :], sub)[1]\n"
                          "            norms.append(np.linalg.norm(M, 2))\n"
                          "        rates.append(decay_rate(np.array(norms), k_min, k_max))\n"
                          "    return np.array(rates)\n"),
        scores(q5=2), "q5: `radius_sweep` " + OWN + "`rnnlib.fast.rnn.rnn_backward`"),
}


@pytest.fixture(scope="module")
def notebooks(tmp_path_factory):
    """Set 10's solution and student notebooks, made from the master now."""
    return assign("10", tmp_path_factory)


@pytest.fixture(scope="module")
def graded(notebooks, tmp_path_factory):
    return grade_planted({name: make for name, (make, *_) in PLANTED.items()}, notebooks, "10",
                         tmp_path_factory)


@pytest.mark.parametrize("name", list(PLANTED))
def test_planted_submission_scores(graded, name):
    _, want, words = PLANTED[name]
    check_planted(graded[0][f"{name}.ipynb"], want, words)


def test_grading_is_fast(graded):
    rows, _ = graded
    assert all(float(r["seconds"]) < 60 for r in rows.values()), rows


def run_solution(S):
    """The solution notebook's code, run here without otter: its namespace."""
    ns = {}
    for cell in S.cells:
        if cell.cell_type == "code" and "otter" not in cell.source and "grader." not in cell.source:
            exec(compile(cell.source, "<solution>", "exec"), ns)
    return ns


def test_prompt_claims_hold(notebooks, capsys):
    """Every number the prompts state about the experiment, from the solution's own code."""
    ns = run_solution(notebooks[0])
    rho, sigma, lin = ns["rho"], ns["sigma_max"], ns["linear_norms"]
    # q4: sigma_max above 1 and rho below; the linear norms grow to about 1.8 at lags 2 and 3,
    # then fall; linear_rate within 0.001 of rho; tanh_rate about 0.72
    assert sigma > 1 > rho
    assert lin.argmax() in (2, 3) and abs(lin[2] - 1.8) < 0.05 and abs(lin[3] - 1.8) < 0.05, lin[:6]
    assert lin[-1] < lin[3] / 5
    assert abs(ns["linear_rate"] - rho) < 1e-3, (ns["linear_rate"], rho)
    assert abs(ns["tanh_rate"] - 0.72) < 0.005 and ns["tanh_rate"] < ns["linear_rate"]
    # the facts q4 quotes: rho^k <= ||Wh^k|| <= sigma^k, and tanh's norms at most sigma^k
    k = np.arange(len(lin))
    assert np.all(rho ** k <= lin * (1 + 1e-12)) and np.all(lin <= sigma ** k * (1 + 1e-12))
    tanh_norms = ns["jacobian_norms"](ns["h"], ns["Wh"], ns["T"])
    assert np.all(tanh_norms <= sigma ** k * (1 + 1e-12))
    # q5: the linear rate at radius r is r times that at radius 1, within 0.1 % of 1;
    # the tanh rates are about 0.82 and 0.94 at 1.2 and 1.5, and above 1 only from 2 on; the mean
    # of tanh' falls from 0.83 at radius 0.5 to 0.53 at 2 and 0.35 at 3
    W0, T, H = ns["W0"], ns["T"], ns["H"]
    at_one = W0 / ns["spectral_radius"](W0)
    rate_one = ns["decay_rate"](ns["jacobian_norms"](np.zeros((T, H)), at_one, T), 20, 60)
    assert abs(rate_one - 1) < 1e-3, rate_one
    for r in (0.5, 1.5, 3.0):
        rate_r = ns["decay_rate"](ns["jacobian_norms"](np.zeros((T, H)), r * at_one, T), 20, 60)
        assert np.isclose(rate_r, r * rate_one, rtol=1e-9)
    rates = dict(zip(ns["RADII"], ns["sweep_rates"]))
    assert abs(rates[1.2] - 0.82) < 0.005 and abs(rates[1.5] - 0.94) < 0.005, rates
    assert all((rate > 1) == (r >= 2) for r, rate in rates.items()), rates
    assert min(abs(rate - 1) for rate in rates.values()) > 0.03, rates   # no radius on the edge
    assert ns["explode_radius"] == 2.0
    for r, mean_slope in ((0.5, 0.83), (2.0, 0.53), (3.0, 0.35)):     # the mean of tanh' = 1 - h^2
        states = ns["rnn_forward"](ns["x"][None], np.zeros((1, H)), ns["Wx"], r * at_one, ns["b"])[0][0]
        assert abs((1 - states ** 2).mean() - mean_slope) < 0.005, (r, (1 - states ** 2).mean())
    # the own check after q2: the numerical Jacobian's norm matches jacobian_norms
    M_num = np.stack([ns["numerical_gradient"](ns["h_T_from"], ns["h"][T - ns["k"] - 1].copy(),
                                               df=np.eye(H)[i]) for i in range(H)])
    assert np.isclose(np.linalg.norm(M_num, 2), ns["jacobian_norms"](ns["h"], ns["Wh"], ns["k"])[ns["k"]],
                      rtol=1e-7)


def test_call_refuses_rnnlib_twins(notebooks):
    """`call` refuses each route to rnnlib's backpropagation through time in set 10's
    functions, in process, and lets the solutions' functions through."""
    import rnnlib
    import rnnlib.fast
    from rnnlib.gradient_flow import hidden_gradient_norms
    from rnnlib.grading import call
    from rnnlib.rnn import RNNStepCache
    ns = run_solution(notebooks[0])
    H = 4
    rng = np.random.default_rng(0)
    x, Wx, Wh, b = rng.normal(size=(6, 1)), rng.normal(size=(1, H)), rng.normal(size=(H, H)), np.zeros(H)
    h, cache = rnnlib.rnn_forward(np.repeat(x[None], H, 0), np.zeros((H, H)), Wx, Wh, b)
    step = RNNStepCache(np.zeros((H, 1)), np.zeros((H, H)), np.tile(h[0, -1], (H, 1)), np.zeros((1, H)), Wh)
    dh = np.zeros_like(h)
    dh[:, -1] = np.eye(H)
    routes = {"rnnlib.rnn.rnn_step_backward": lambda *a: rnnlib.rnn_step_backward(np.eye(H), step)[1],
              "rnnlib.rnn.rnn_backward": lambda *a: rnnlib.rnn_backward(dh, cache)[1],
              "rnnlib.fast.rnn.rnn_backward": lambda *a: rnnlib.fast.rnn_backward(dh, cache)[1],
              "rnnlib.gradient_flow.hidden_gradient_norms": lambda *a: hidden_gradient_norms(cache)}
    for name in ("step_jacobian", "jacobian_norms", "radius_sweep"):
        for path, route in routes.items():
            with pytest.raises(AssertionError, match=f"`{name}` runs rnnlib's own .*`{path}`"):
                call(route, name=name)
    states = h[0]
    got = call(ns["step_jacobian"], states[-1], Wh, name="step_jacobian")
    assert np.allclose(got, rnnlib.rnn_step_backward(np.eye(H), step)[1])
    norms = call(ns["jacobian_norms"], states, Wh, 6, name="jacobian_norms")
    assert np.isclose(norms[6], np.linalg.norm(rnnlib.rnn_backward(dh, cache)[1], 2))
    rates = call(ns["radius_sweep"], Wh, [0.5, 2.0], x, Wx, b, 1, 6, name="radius_sweep")
    assert rates.shape == (2,) and np.all(np.isfinite(rates))
