"""Build notebooks/05-noise.ipynb: noise models, shot noise, noisy accuracy and zero-noise
extrapolation."""

from common import build, code, exercise, header, md, navigation, summary

cells = [
    *header(
        5,
        intro="""
            So far our qubits were perfect. Real ones are not: gates are slightly wrong, qubits
            leak energy and lose their phase, measurements misread bits, and every expectation
            value is estimated from a finite number of shots. This notebook simulates all of
            that, measures how a trained model suffers, and tries to undo part of the damage with
            **zero-noise extrapolation**.
        """,
        goals=[
            "name the common noise channels and predict their effect on ⟨Z⟩",
            "explain why the statistical error of ⟨Z⟩ falls like $1/\\sqrt{\\text{shots}}$, and "
            "budget shots for a target precision",
            "measure how a trained model's accuracy degrades with noise strength (same weights, "
            "several seeds)",
            "tell apart noise after every gate and noise after every layer",
            "mitigate noise with zero-noise extrapolation (unitary folding + Richardson) and "
            "state what it costs",
        ],
        prerequisites="[03 · Building a hybrid network](03-hybrid-networks.ipynb) "
        "(`HybridClassifier`, `set_params`); [04 · Training](04-training.ipynb) helps.",
        minutes=45,
    ),
    code("""
        import numpy as np
        import pandas as pd
        import pennylane as qml
        import plotly.express as px

        import qnnlab
        from qnnlab import CircuitConfig, HybridClassifier, build_qnode, noise
        from qnnlab.circuits import init_weights
        from qnnlab.datasets import load_dataset
        from qnnlab.exercises import reveal
        from qnnlab.exercises.nb05 import (
            check_depolarized_expval,
            check_shots_for_error,
            check_zne_executions,
        )
        from qnnlab.settings import sized
    """),
    md(r"""
        ## Noise channels

        A noisy qubit is no longer in a single state $|\psi\rangle$ but in a *mixture* of
        states, described by a density matrix $\rho$. A **noise channel** maps $\rho$ to
        $\sum_k K_k \rho K_k^\dagger$: with some probability, an error $K_k$ happened. The
        most common model, the **depolarizing channel** with strength $p$, applies one of the
        Pauli errors X, Y or Z, each with probability $p/3$:

        $$\rho \;\mapsto\; (1-p)\,\rho + \tfrac{p}{3}\,(X\rho X + Y\rho Y + Z\rho Z).$$

        Before reading on, predict its effect.
    """),
    *exercise(
        "5.1",
        "Predict ⟨Z⟩ after a depolarizing channel",
        """
            A qubit in $|0\\rangle$ (⟨Z⟩ = 1) goes through one depolarizing channel with
            $p = 0.3$. What is ⟨Z⟩ afterwards? Think about what each Pauli error does to
            $|0\\rangle$.
        """,
        answer="answer = ...  # a number",
        check="check_depolarized_expval(answer)",
    ),
    md("""
        qnnlab has five noise models, each with a strength $p \\in [0, 1]$:
    """),
    code("""
        pd.set_option("display.max_colwidth", None)
        pd.DataFrame(noise.describe())
    """),
    md("""
        Here is what each does to one qubit prepared by $R_Y(\\pi/3)$ (ideal ⟨Z⟩ = 0.5), as
        the strength grows. With noise, qnnlab simulates on PennyLane's density-matrix device
        `default.mixed`; the results are exact (no shots yet).
    """),
    code("""
        strengths = np.linspace(0, 0.5, sized(full=11, fast=4))
        rows = []
        for name in noise.available():
            for p in strengths:
                qnode = build_qnode("angle", n_qubits=1, n_layers=0, noise=name, noise_strength=p)
                [z] = qnode(np.array([np.pi / 3]), init_weights(qnode.config))
                rows.append({"noise": name, "p": p, "<Z>": float(z)})
        px.line(pd.DataFrame(rows), x="p", y="<Z>", color="noise", line_dash="noise",
                symbol="noise", markers=True, height=380)
    """),
    md("""
        - **depolarizing** shrinks ⟨Z⟩ towards 0 by the factor $1 - 4p/3$ (your exercise).
        - **bit_flip** and **readout** flip the outcome with probability $p$: factor $1 - 2p$.
          On one gate they look the same (their two lines lie on top of each other; the
          dashes and marker shapes show both); in a circuit, bit flips happen after *every* gate
          and readout errors only once, at the end.
        - **amplitude_damping** (energy loss) pushes the qubit towards $|0\\rangle$: ⟨Z⟩
          *grows*. Noise does not always shrink values.
        - **phase_damping** leaves ⟨Z⟩ untouched: it destroys the phase between $|0\\rangle$
          and $|1\\rangle$, which ⟨Z⟩ cannot see - but later gates would.

        ## Shots: the statistical error

        A quantum computer never returns ⟨Z⟩. It returns a bit per run ("shot"), and we
        average $\\pm 1$ over $N$ shots. One shot has variance $1 - \\langle Z\\rangle^2$, so the
        estimate has **standard error**

        $$\\sigma = \\sqrt{\\frac{1 - \\langle Z\\rangle^2}{N}}
          \\;\\propto\\; \\frac{1}{\\sqrt{N}}.$$

        Let us check: the same circuit, estimated 300 times for each shot budget (one broadcast
        execution, a seeded device), and the spread of the estimates against the formula.
    """),
    code("""
        repeats = np.full((300, 1), np.pi / 3)  # 300 copies of the same input
        rows = []
        for shots in (10, 30, 100, 300, 1000, 3000, 10000):
            device = qml.device("default.qubit", wires=1, seed=7)
            qnode = build_qnode("angle", n_qubits=1, n_layers=0, shots=shots, device=device)
            [estimates] = qnode(repeats, init_weights(qnode.config))
            rows.append({"shots": shots, "measured spread": np.std(estimates, ddof=1),
                         "formula": np.sqrt((1 - 0.5**2) / shots)})
        spread = pd.DataFrame(rows)
        px.line(spread, x="shots", y=["measured spread", "formula"], markers=True,
                log_x=True, log_y=True, labels={"value": "standard error of <Z>"}, height=350
                ).update_xaxes(tickformat=",").update_yaxes(
                    tickvals=[0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5])
    """),
    md("""
        On a log-log plot $1/\\sqrt{N}$ is a straight line of slope $-1/2$: **ten times more
        precision costs a hundred times more shots**.
    """),
    *exercise(
        "5.2",
        "A shot budget",
        """
            For a qubit with ⟨Z⟩ = 0 (the worst case), how many shots give a standard error of
            **0.01**?
        """,
        answer="answer = ...  # a number of shots",
        check="check_shots_for_error(answer)",
    ),
    md("""
        ## A trained model under noise

        Now the real question: how much does noise hurt a *trained* model? We train a
        `HybridClassifier` on moons **without noise**, then evaluate the **same trained
        weights** on noisy simulators with `set_params(noise=..., noise_strength=p)` - the
        situation of a model trained in simulation and deployed on hardware.

        One trained model is one anecdote, so we train three (three seeds) and show all of
        them.
    """),
    code("""
        X_train, X_test, y_train, y_test = load_dataset(
            "moons", n_samples=sized(full=200, fast=80), random_state=0)
        models = [
            HybridClassifier(n_qubits=4, n_layers=2, epochs=sized(full=30, fast=3),
                             random_state=seed).fit(X_train, y_train)
            for seed in range(sized(full=3, fast=2))
        ]
        [round(model.score(X_test, y_test), 2) for model in models]
    """),
    code("""
        strengths = sized(full=[0.0, 0.01, 0.02, 0.05, 0.1, 0.2], fast=[0.0, 0.05, 0.2])
        rows = []
        for seed, model in enumerate(models):
            for name in ("depolarizing", "amplitude_damping", "bit_flip"):
                for p in strengths:
                    model.set_params(noise=name, noise_strength=p)
                    rows.append({"seed": str(seed), "noise": name, "p": p,
                                 "accuracy": model.score(X_test, y_test)})
            model.set_params(noise=None, noise_strength=0.0)  # back to the ideal simulator
        degradation = pd.DataFrame(rows)
        px.line(degradation, x="p", y="accuracy", color="seed", facet_col="noise", markers=True,
                range_y=[0.3, 1.02], height=380)
    """),
    code("""
        stats = degradation.groupby(["p", "noise"])["accuracy"].agg(["mean", "std"]).round(2)
        (stats["mean"].astype(str) + " ± " + stats["std"].astype(str)).unstack("noise")
    """),
    md("""
        What the numbers show, honestly:

        - Accuracy falls steadily with the noise strength. With noise after *every* gate the
          damage adds up over the circuit's 28 noisy gate-qubit slots: a few percent per gate
          is already a lot.
        - The channels differ: compare the panels. Amplitude damping pushes every qubit
          towards $|0\\rangle$, bit flips scramble; the model was never trained to expect either.
        - The seeds differ too (the ± is the standard deviation over seeds) - sometimes by
          more than neighbouring noise strengths. With 50
          test points each point is 2 %, so small steps in a single curve mean little.
        - These evaluations are exact (density matrices, no shots). On hardware, shot noise
          would add the error you estimated above on top.

        ## Where the noise acts: after every gate or after every layer

        `noise_placement="gate"` (the default) adds the channel on the wires of every gate;
        `"layer"` adds it once on every qubit after the encoding and after each ansatz layer.
        Count the channels with PennyLane's `qml.specs`:
    """),
    code("""
        config = CircuitConfig(n_qubits=4, n_layers=2, noise="depolarizing", noise_strength=0.05,
                               n_features=2)
        for placement in ("gate", "layer"):
            qnode = build_qnode(config=config.replace(noise_placement=placement))
            specs = qml.specs(qnode, level="device")(X_test[0], init_weights(config))
            print(placement, specs.to_dict()["resources"]["gate_types"])
    """),
    code("""
        model = models[0]
        rows = []
        for placement in ("gate", "layer"):
            for p in strengths:
                model.set_params(noise="depolarizing", noise_strength=p,
                                 noise_placement=placement)
                rows.append({"placement": placement, "p": p,
                             "accuracy": model.score(X_test, y_test)})
        model.set_params(noise=None, noise_strength=0.0, noise_placement="gate")
        px.line(pd.DataFrame(rows), x="p", y="accuracy", color="placement", markers=True,
                range_y=[0.3, 1.02], height=330)
    """),
    md("""
        Gate placement puts 28 channels into this circuit, layer placement 12, so the same $p$
        hurts more. Neither is "the truth": they are two simple models of a device. When you
        read a paper's noise results, check which one it used - and how $p$ compares with real
        hardware error rates (typically $10^{-3}$ to $10^{-2}$ per two-qubit gate).

        ## Zero-noise extrapolation

        If we cannot remove the noise, we can sometimes **extrapolate it away**. The idea:

        1. **Amplify** the noise on purpose by *unitary folding*: replace the circuit $U$ by
           $U\\,U^\\dagger U$. Logically it is the same circuit ($U^\\dagger U = 1$), but it
           has three times the gates, so roughly three times the noise: scale factor
           $\\lambda = 3$. $U (U^\\dagger U)^2$ gives $\\lambda = 5$.
        2. **Measure** ⟨Z⟩ at $\\lambda = 1, 3, 5$.
        3. **Extrapolate** to $\\lambda = 0$ with the polynomial through the three points
           (**Richardson extrapolation**).

        PennyLane provides all three steps (`qml.noise.fold_global`,
        `qml.noise.richardson_extrapolate`, `qml.noise.mitigate_with_zne`). Let us do them by
        hand for one qubit of the trained model, on one test input:
    """),
    code("""
        weights = models[0].model_.quantum_layer.weights.detach().numpy()
        config = models[0].model_.config.replace(noise="depolarizing", noise_strength=0.02)
        noisy = build_qnode(config=config)
        ideal = build_qnode(config=config.replace(noise=None))
        x0 = X_test[3]  # one test input

        scales = [1, 3, 5]
        folded = [float(qml.noise.fold_global(noisy, s)(x0, weights)[0]) for s in scales]
        extrapolated = float(qml.noise.richardson_extrapolate(scales, folded))
        print("<Z_0> at scale factors 1, 3, 5:", np.round(folded, 4))
        print(f"extrapolated to 0: {extrapolated:.4f}   ideal: {float(ideal(x0, weights)[0]):.4f}")
    """),
    code("""
        lam = np.linspace(0, 5, 51)
        curve = np.polyval(np.polyfit(scales, folded, deg=2), lam)
        fig = px.line(x=lam, y=curve, labels={"x": "noise scale factor λ", "y": "<Z_0>"},
                      height=330)
        fig.add_scatter(x=scales, y=folded, mode="markers", name="measured (folded circuits)")
        fig.add_scatter(x=[0], y=[float(ideal(x0, weights)[0])], mode="markers", name="ideal")
        fig
    """),
    md("""
        `build_qnode(..., zne=True)` (and `HybridClassifier(zne=True)`) does exactly this for
        every output, with PennyLane's `mitigate_with_zne`. Compare ideal, noisy and mitigated
        outputs on a few test inputs:
    """),
    code("""
        mitigated = build_qnode(config=config.replace(zne=True))
        few = X_test[:6]
        outputs = {name: np.array(qnode(few, weights))[0]  # <Z_0> of each input
                   for name, qnode in (("ideal", ideal), ("noisy", noisy), ("ZNE", mitigated))}
        table = pd.DataFrame(outputs)
        table["noisy error"] = (table["noisy"] - table["ideal"]).abs()
        table["ZNE error"] = (table["ZNE"] - table["ideal"]).abs()
        table.round(4)
    """),
    md("""
        The extrapolated values are much closer to the ideal ones. And the classifier?
    """),
    code("""
        model = models[0]
        rows = []
        for p in sized(full=(0.02, 0.05), fast=(0.05,)):
            for zne in (False, True):
                model.set_params(noise="depolarizing", noise_strength=p, zne=zne)
                rows.append({"p": p, "ZNE": zne, "accuracy": model.score(X_test, y_test)})
        model.set_params(noise=None, noise_strength=0.0, zne=False)
        rows.append({"p": 0.0, "ZNE": False, "accuracy": model.score(X_test, y_test)})
        pd.DataFrame(rows)
    """),
    md("""
        ZNE recovers much of the lost accuracy here. Before celebrating, the **costs**:

        - **More executions:** every input runs once per scale factor - 3× the circuits.
        - **Deeper circuits:** the folded circuits have 1×, 3× and 5× the gates; when noise is
          strong, the $\\lambda = 5$ circuit is mostly noise and the extrapolation breaks down.
        - **More shot noise:** the extrapolation combines the three estimates with weights
          $\\tfrac{15}{8}, -\\tfrac{5}{4}, \\tfrac{3}{8}$; their squares sum to about 5.2, so
          the statistical error grows by $\\sqrt{5.2} \\approx 2.3$ - to keep the same
          precision you need about 5× more shots *per circuit* (we used exact simulations above,
          which hides this).
        - It assumes that noise grows smoothly and predictably with folding - true for our
          simulated channels, only approximately on hardware.
    """),
    *exercise(
        "5.3",
        "The price of ZNE",
        """
            You evaluate a model on **20 inputs** with zero-noise extrapolation at scale factors
            **(1, 3, 5)**. How many circuit executions does that take (not counting shots)?
        """,
        answer="answer = ...  # a whole number",
        check="check_zne_executions(answer)",
    ),
    summary(
        [
            "Noise channels turn states into mixtures: depolarizing shrinks ⟨Z⟩ by $1 - 4p/3$, "
            "bit flips and readout errors by $1 - 2p$, amplitude damping pulls towards "
            "$|0\\rangle$, phase damping is invisible to ⟨Z⟩ alone.",
            "Finite shots add a statistical error $\\sqrt{(1 - \\langle Z\\rangle^2)/N}$: "
            "10× precision costs 100× shots.",
            "A model trained without noise loses accuracy steadily as noise grows; seeds "
            "differ, so show several - and say which noise model and placement you used.",
            "Zero-noise extrapolation (folding + Richardson) recovers much of the ideal "
            "output, at the price of 3× executions, deeper circuits and ~2.3× the shot noise.",
        ],
        outro="Next: looking inside a trained model.",
    ),
    navigation(5),
]

if __name__ == "__main__":
    build(5, cells)
