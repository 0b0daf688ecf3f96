"""Build notebooks/04-training.ipynb (run: python notebooks/_build/build_04.py)."""

from common import build, code, exercise, header, md, navigation, summary

cells = [
    *header(
        4,
        intro="""
            A hybrid network learns like any neural network: a loss measures how wrong it is,
            gradients say which way to move every weight, and an optimiser takes the step. What
            is special is the quantum layer: on real hardware its gradients cannot be read off
            a computation graph, they have to be *measured*, and for wide random circuits they
            can be too small to measure at all.""",
        goals=[
            "say which loss a classifier and a regressor minimise (cross-entropy, mean "
            "squared error) and compute them by hand",
            "compare optimisers (Adam and SGD) fairly: same data, same seed, same initial "
            "weights",
            "explain how gradients of a circuit are computed: backpropagation on a simulator, "
            "the **parameter-shift rule** on hardware, the adjoint method",
            "count the circuit executions each method needs and time them",
            "recognise a **barren plateau**: gradient variance shrinking exponentially with "
            "the qubit count for a global cost, and what a local cost and the initialisation "
            "change",
        ],
        prerequisites="""
            [02 · Variational circuits](02-variational-circuits.ipynb) and
            [03 · Building a hybrid network](03-hybrid-networks.ipynb); a first idea of
            gradient descent.""",
        minutes=50,
    ),
    md("## Setup"),
    code("""
        import time

        import numpy as np
        import pandas as pd
        import pennylane as qml
        import plotly.express as px
        import torch

        import qnnlab
        from qnnlab import CircuitConfig, HybridClassifier, build_qnode, plots
        from qnnlab.analysis import gradient_variance
        from qnnlab.analysis.barren import per_sample_gradients
        from qnnlab.circuits import init_weights
        from qnnlab.datasets import load_dataset
        from qnnlab.exercises import reveal
        from qnnlab.exercises.nb04 import (check_parameter_shift, check_shift_executions,
                                           check_trainable_cost)
        from qnnlab.settings import sized

        X_train, X_test, y_train, y_test = load_dataset("moons", n_samples=sized(200, 80),
                                                        random_state=0)
        EPOCHS = sized(full=30, fast=4)"""),
    md("""
        ## 1. Losses

        A **classifier** ends in one score (logit) $z_c$ per class. Softmax turns them into
        probabilities $p_c = e^{z_c} / \\sum_k e^{z_k}$, and the **cross-entropy** of a sample
        with true class $y$ is $-\\log p_y$: zero when the model is sure and right, large when
        it is sure and wrong. A **regressor** minimises the **mean squared error**
        $\\frac1m \\sum_i (\\hat y_i - y_i)^2$. `HybridClassifier` and `HybridRegressor` use
        exactly these (`torch.nn.CrossEntropyLoss`, `torch.nn.MSELoss`, the latter on
        standardised targets). By hand:"""),
    code("""
        logits = torch.tensor([[2.0, 0.5], [0.1, 1.5]], dtype=torch.float64)  # 2 samples
        classes = torch.tensor([0, 0])                                        # both class 0
        by_hand = -torch.log_softmax(logits, dim=1)[[0, 1], classes].mean()
        print("cross-entropy:", torch.nn.CrossEntropyLoss()(logits, classes).item(),
              "by hand:", by_hand.item())

        predictions, targets = torch.tensor([0.5, 2.0]), torch.tensor([1.0, 1.0])
        print("MSE:", torch.nn.MSELoss()(predictions, targets).item(),
              "by hand:", ((predictions - targets) ** 2).mean().item())"""),
    md("""
        The second sample is confidently wrong (logit 1.5 for class 1), so it dominates the
        cross-entropy. Accuracy would only count it as "one mistake"; the loss says how bad
        the mistake is, and it is differentiable, which accuracy is not.

        ## 2. Optimisers: Adam against SGD, fairly

        Plain **stochastic gradient descent** moves every weight by
        $-\\eta\\, \\partial L / \\partial \\theta$ on each mini-batch. **Adam** keeps running
        averages of the gradient and of its square, and scales each weight's step by them, so
        weights with small gradients still move. To compare them fairly, keep *everything
        else* fixed: same data, same `random_state` (so the same initial weights and batch
        order), same learning rate, same epochs. `history_` records the loss of every epoch."""),
    code("""
        histories = {}
        for optimizer, lr in [("adam", 0.05), ("sgd", 0.05), ("sgd", 0.5)]:
            clf = HybridClassifier(n_qubits=2, n_layers=2, optimizer=optimizer, learning_rate=lr,
                                   epochs=EPOCHS, random_state=0).fit(X_train, y_train)
            label = f"{optimizer}, lr={lr}"
            histories[label] = pd.DataFrame(clf.history_).assign(run=label)
            print(f"{label:14s} test accuracy {clf.score(X_test, y_test):.3f}")
        px.line(pd.concat(histories.values()), x="epoch", y="loss", color="run", markers=True,
                title="Training loss: same data, same seed, same initial weights")"""),
    md("""
        With the same step size, SGD usually crawls where Adam runs; a ten times larger step
        lets SGD catch up, at the risk of overshooting. That is one seed on one data set:
        before claiming "Adam is better", repeat with several seeds (notebook 07 shows how).

        ## 3. How the gradient of a circuit is computed

        **On a simulator** the circuit is just a program of matrix multiplications on the
        state vector, and PyTorch differentiates it like any other layer: **backpropagation**.
        One forward pass and one backward pass give the gradient for all weights at once. That
        is what qnnlab does by default.

        **On hardware** there is no state vector to differentiate: only measurements. The
        **parameter-shift rule** gets exact gradients from measurements alone. For a gate
        $R(\\theta) = e^{-i\\theta G/2}$ whose generator $G$ has eigenvalues $\\pm 1$ (all
        Pauli rotations RX, RY, RZ),

        $$\\frac{\\partial f}{\\partial\\theta}
          = \\frac{f(\\theta + \\pi/2) - f(\\theta - \\pi/2)}{2}.$$

        Unlike a finite difference this is exact, not an approximation. Check it on one qubit:
        $f(\\theta) = \\langle Z\\rangle$ after $RY(\\theta)|0\\rangle = \\cos\\theta$."""),
    code("""
        device = qml.device("default.qubit", wires=1)

        @qml.qnode(device)
        def f(theta):
            qml.RY(theta, wires=0)
            return qml.expval(qml.PauliZ(0))

        theta = torch.tensor(0.3, dtype=torch.float64, requires_grad=True)
        f(theta).backward()                                        # autograd (backprop)
        shift = (f(theta + np.pi / 2) - f(theta - np.pi / 2)) / 2  # two more circuit runs
        print(f"autograd {theta.grad.item():.6f}  parameter shift {shift.item():.6f}  "
              f"-sin(0.3) = {-np.sin(0.3):.6f}")"""),
    *exercise(
        "4.1",
        "The parameter-shift rule by hand",
        """
            Use the rule (you may call `f` above) to compute the gradient of $\\langle Z\\rangle$
            with respect to $\\theta$ for $RY(\\theta)|0\\rangle$ at $\\theta = 0.7$, to at
            least three decimals.""",
        answer="answer = ...  # a number, to at least three decimals",
        check="check_parameter_shift(answer)",
    ),
    md("""
        PennyLane applies the rule to every gate of a real circuit (`diff_method=
        "parameter-shift"`). A third method, **adjoint differentiation**, runs the circuit
        once forward and then undoes it gate by gate: as cheap as backpropagation in
        executions and lighter in memory, but it also needs the state vector, so simulators
        only. The three agree on the gradient of a 4-qubit, 24-parameter circuit;
        `qml.Tracker` counts how many circuits each one ran:"""),
    code("""
        def gradient_cost(method, x):
            qnode = build_qnode("angle", "strongly_entangling", n_qubits=4, n_layers=2,
                                diff_method=method)
            weights = torch.tensor(init_weights(qnode.config, 0), requires_grad=True)
            qnode(x, weights)[0].backward()                       # warm-up (not counted)
            weights.grad = None
            with qml.Tracker(qnode.device) as tracker:
                start = time.perf_counter()
                qnode(x, weights)[0].backward()
                seconds = time.perf_counter() - start
            return weights.grad.numpy(), tracker.totals.get("executions"), seconds

        x = torch.tensor([0.1, 0.2, 0.3, 0.4], dtype=torch.float64)
        results = {m: gradient_cost(m, x) for m in ["backprop", "parameter-shift", "adjoint"]}
        reference = results["backprop"][0]
        table = pd.DataFrame([{"method": m, "executions": ex, "milliseconds": 1000 * s,
                               "max |difference| to backprop": np.abs(g - reference).max()}
                              for m, (g, ex, s) in results.items()])
        table.set_index("method").round({"milliseconds": 1})"""),
    md("""
        Parameter shift needs $1 + 2 \\times 24 = 49$ circuits for one sample's forward pass
        and gradient: one plus two per parameter. On a simulator they are cheap; on hardware
        each one is a separate job of hundreds or thousands of shots, and the gradient
        estimate is noisy too. Timings on such small circuits are dominated by overheads and
        vary between runs: look at the ratios, not the milliseconds."""),
    *exercise(
        "4.2",
        "What a hardware gradient costs",
        """
            A model has **24** circuit parameters and a mini-batch of **50** samples. On
            hardware every sample is a separate circuit. How many circuit executions does one
            parameter-shift **gradient** of the batch loss take (not counting the forward
            pass)?""",
        answer="answer = ...  # a whole number",
        check="check_shift_executions(answer)",
    ),
    md("""
        `qnnlab.resources` counts this for a whole epoch: one broadcast execution per
        mini-batch on the simulator, against one circuit per sample plus two per parameter
        for parameter-shift gradients on hardware."""),
    code("""
        config = CircuitConfig("angle", "strongly_entangling", n_qubits=4, n_layers=2)
        r = qnnlab.resources(config, n_samples=len(X_train), batch_size=32)
        {k: r[k] for k in ["quantum_params", "simulator_executions_per_epoch",
                           "hardware_circuits_per_epoch"]}"""),
    md("""
        ## 4. Barren plateaus

        Gradients are only useful if they are large enough to measure. McClean et al. (2018)
        showed that for random, deep circuits the gradient of a cost with respect to any
        weight is almost always close to zero: its **variance over random initialisations
        shrinks exponentially with the number of qubits**. Exponentially many shots would be
        needed to tell which way is down: a *barren plateau*.

        Cerezo et al. (2021) showed that the **cost** matters. A **global** cost looks at all
        qubits at once, e.g. $C = 1 - p(|0\\ldots0\\rangle)$; a **local** cost averages
        single-qubit terms, $C = 1 - \\frac1n\\sum_i p_i(0)$. For shallow circuits the local one
        keeps polynomially large gradients.

        `gradient_variance` draws random weights for each width, computes
        $\\partial C/\\partial\\theta_1$ for all of them in one batch, and fits two forms to
        $\\log \\operatorname{Var}$: an **exponential** decay, $\\log \\operatorname{Var} =
        a - b\\,n$ (a straight line when only the variance axis is logarithmic), and a
        **power law**, $\\log \\operatorname{Var} = a - p \\log n$ (a straight line when both
        axes are). Over a narrow range of widths both fit almost anything, so we scan from 2
        to 12 qubits and let $R^2$ decide which form the data support."""),
    code("""
        widths = sized(full=(2, 3, 4, 5, 6, 8, 10, 12), fast=(2, 4, 6))
        scans = {cost: gradient_variance("hardware_efficient", n_qubits=widths, n_layers=2,
                                         cost=cost, n_samples=sized(full=200, fast=50),
                                         random_state=0)
                 for cost in ["global", "local"]}
        fits = pd.DataFrame([
            {"cost": cost, "form": form, "R² of log Var": fit["r_squared"],
             "rate": (f"Var ∝ exp(-{fit['decay_rate']:.2f} n)" if form == "exponential"
                      else f"Var ∝ n^-{fit['exponent']:.2f}")}
            for cost, df in scans.items() for form, fit in df.attrs["fits"].items()])
        best = fits.loc[fits.groupby("cost")["R² of log Var"].idxmax()].set_index("cost")["form"]
        print("the form that fits better:", best.to_dict())
        fits.round(3)"""),
    md("""
        Look at the same numbers on both kinds of axes, each with its fitted curve: a straight
        line on the semi-log plot (left) is an exponential, a straight line on the log-log plot
        (right) a power law. Which points follow their dashed line on which side?"""),
    code("""
        from plotly.subplots import make_subplots

        from qnnlab.analysis.barren import fitted_variance


        def with_fit(df, form):  # the same scan, drawn with the other fitted curve
            out = df.assign(fit_variance=fitted_variance(df["n_qubits"], df.attrs["fits"][form]))
            out.attrs = {**df.attrs, "fit": df.attrs["fits"][form]}
            return out


        shapes = make_subplots(rows=1, cols=2, subplot_titles=[
            "semi-log, exponential fits: straight if Var ∝ exp(-b n)",
            "log-log, power-law fits: straight if Var ∝ n^-p"])
        for col, form in ((1, "exponential"), (2, "power_law")):
            figure = plots.gradient_variance_figure([with_fit(df, form) for df in scans.values()])
            for trace in figure.data:  # the measured points once in the legend, every fit
                trace.showlegend = col == 1 or trace.mode == "lines"
                shapes.add_trace(trace, row=1, col=col)
        shapes.update_yaxes(type="log", title_text="Var[dC/dθ]", exponentformat="power")
        shapes.update_xaxes(title_text="qubits n", row=1, col=1)
        shapes.update_xaxes(type="log", title_text="qubits n (log scale)", row=1, col=2)
        shapes.update_layout(height=420, template="plotly_white",
                             legend={"orientation": "h", "y": -0.25})"""),
    md("""
        With these widths the data say what the theory predicts: the **global** cost's
        variance is a straight line on the semi-log plot, an exponential decay (a fixed
        factor per added qubit, printed in the table), and the **local** cost's variance bends
        there but is close to straight on the log-log plot, a power law. That is the
        difference between a barren plateau and a trainable cost: at 50 qubits the
        exponential would be astronomically smaller than the power law, and the number of
        shots needed to resolve a gradient grows like 1/Var. (In fast mode only three widths
        are scanned, too few to tell the two forms apart.)

        ### Initialisation

        The variance above is over weights drawn uniformly from $[0, 2\\pi)$, which makes the
        circuit look random. Starting instead with **small angles** keeps the circuit close
        to the identity, effectively shallow, and the gradients do not vanish with width
        (Grant et al. 2019 start with blocks that multiply to the identity for the same
        reason). The price: the training starts near one particular, simple circuit, and
        whether it reaches a good model from there is a separate question."""),
    code("""
        rng = np.random.default_rng(0)
        rows = []
        for n in widths:
            config = CircuitConfig("angle", "hardware_efficient", n_qubits=n, n_layers=2)
            for init, low, high in [("uniform [0, 2π)", 0, 2 * np.pi),
                                    ("small [-0.1, 0.1]", -0.1, 0.1)]:
                w = rng.uniform(low, high, size=(sized(full=200, fast=50), config.n_params))
                _, grads = per_sample_gradients(config, w, cost="global")
                rows.append({"n_qubits": n, "initialisation": init,
                             "variance": grads[:, 0].var(ddof=1)})
        px.line(pd.DataFrame(rows), x="n_qubits", y="variance", color="initialisation",
                markers=True, log_y=True, title="Gradient variance, global cost")"""),
    *exercise(
        "4.3",
        "Choosing a cost",
        """
            For shallow circuits, which cost keeps larger gradients as qubits are added:
            `"global"` or `"local"`? Read it off the plot of section 4.""",
        answer='answer = ...  # "global" or "local"',
        check="check_trainable_cost(answer)",
    ),
    summary(
        [
            "Classifiers minimise cross-entropy $-\\log p_y$, regressors the mean squared "
            "error; the loss, not the accuracy, is what gradients follow.",
            "Compare optimisers with everything else fixed (data, seed, learning rate, "
            "epochs), and over several seeds before drawing conclusions.",
            "Simulators differentiate circuits by backpropagation (or adjoint); hardware uses "
            "the exact **parameter-shift rule** $[f(\\theta+\\pi/2) - f(\\theta-\\pi/2)]/2$, "
            "at 2 circuits per parameter per sample.",
            "**Barren plateaus**: for random wide circuits and global costs, gradient variance "
            "decays exponentially with the qubit count; local costs, shallow circuits and "
            "small-angle initialisation keep gradients measurable. Tell an exponential from a "
            "power law by fitting both over a wide range of widths (semi-log vs log-log).",
        ],
        outro="""
            Next: what happens to all of this on noisy hardware, and what error mitigation can
            recover.""",
    ),
    navigation(4),
]

if __name__ == "__main__":
    build(4, cells)
