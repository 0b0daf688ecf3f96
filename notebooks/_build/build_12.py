"""Build notebooks/12-quantum-data.ipynb (run: python notebooks/_build/build_12.py)."""

from common import build, code, exercise, header, md, navigation, summary

cells = [
    *header(
        12,
        intro=r"""
            Until now the data were classical: numbers that we *encoded* into a circuit, and
            the fair question was always whether a tuned classical model could do as well. Here
            the data come from a quantum process: first labels computed by a random circuit,
            then the ground states of a chain of quantum spins, whose *phase* we classify with a
            quantum convolutional network. Does the question "does the quantum part help?" get a
            different answer? Only if we are careful about what each learner is given.""",
        goals=[
            "tell classical data encoded into a circuit from **quantum data** (states made by "
            "a quantum process), and say what a classical learner gets to see in each case: "
            "the **data-access** question",
            "explain why labels made by a random circuit on angle-encoded inputs are a linear "
            "function of $3^d$ trigonometric features, and what that means for classical "
            "learners",
            "compute the ground states of a small transverse-field Ising chain exactly and "
            "see its two phases in measured correlations",
            "train a **quantum convolutional network** (QCNN) on the states themselves",
            "compare it honestly with tuned classical models given the field $h$, the whole "
            "state vector, or **classical shadows** from the same number of copies of each "
            "state, with intervals over seeds",
        ],
        prerequisites=r"""
            [03 · Building a hybrid network](03-hybrid-networks.ipynb) and [07 · Honest
            benchmarking](07-benchmarking.ipynb) (intervals, paired differences, Holm). No
            physics beyond notebook 01: the spin chain is explained below.""",
        minutes=50,
    ),
    md("## Setup"),
    code(r"""
        import numpy as np
        import pandas as pd
        import pennylane as qml
        import plotly.graph_objects as go
        import torch
        from torch import nn
        from tqdm.auto import tqdm

        from qnnlab import HybridClassifier
        from qnnlab.baselines import tuned_classical_reference
        from qnnlab.bench.stats import (SeedOutcome, accuracy_interval, adjust_pvalues,
                                        paired_difference, verdict)
        from qnnlab.datasets import describe, load_dataset
        from qnnlab.exercises import reveal
        from qnnlab.exercises.nb12 import (DATA_ACCESS_CHOICES, check_data_access,
                                           check_state_memory, check_trig_features)
        from qnnlab.families._trained import score_accuracy, score_squared_error
        from qnnlab.families.qcnn import qcnn_layers, qcnn_levels
        from qnnlab.models import DTYPE
        from qnnlab.settings import sized
        from qnnlab.training import Trainer

        SEEDS = range(sized(full=3, fast=2))
        CV = sized(full=5, fast=3)  # cross-validation folds when tuning the classical models"""),
    md(r"""
        Two small helpers for the comparisons: a model's test predictions on one seed become
        a `SeedOutcome` (which test points it got right), and `accuracy_table` gives each
        model's mean accuracy over seeds with the hierarchical-bootstrap interval of notebook
        07 (over seeds *and* test points, always inside $[0, 1]$)."""),
    code(r"""
        def outcome(predicted, y_test, seed):
            correct = (np.asarray(predicted) == y_test).astype(int)
            return SeedOutcome(correct.sum(), len(y_test), correct, f"seed {seed}")


        def accuracy_table(runs):
            rows = {name: accuracy_interval(outcomes) for name, outcomes in runs.items()}
            return pd.DataFrame(rows, index=["mean accuracy", "95% low", "95% high"]).T.round(3)


        def interval_figure(table, title):
            figure = go.Figure(layout=dict(
                title=title, xaxis_title="test accuracy (mean, 95% interval)",
                xaxis_range=[0, 1.02], height=140 + 40 * len(table),
                yaxis=dict(categoryorder="array", categoryarray=list(table.index),
                           autorange="reversed")))
            quantum = table.index.str.startswith(("QCNN", "hybrid"))
            for kind, rows in [("quantum model", table[quantum]), ("classical", table[~quantum])]:
                figure.add_scatter(
                    x=rows["mean accuracy"], y=rows.index, mode="markers", name=kind,
                    error_x=dict(type="data", array=rows["95% high"] - rows["mean accuracy"],
                                 arrayminus=rows["mean accuracy"] - rows["95% low"]))
            return figure"""),
    md(r"""
        ## 1. Classical inputs, quantum labels

        The dataset `quantum_circuit_labels` takes $d$ numbers $x_i \in [0, \pi]$, encodes
        them as angles, $|x\rangle = R_Y(x_0) \otimes \dots \otimes R_Y(x_{d-1})|0\ldots0\rangle$,
        applies one fixed random unitary $U$ (a random "quantum process" on $d$ qubits), and
        measures $\langle Z_0 \rangle$. Points above the median score get label 1. The inputs
        are ordinary numbers; only the *labels* come from a quantum computation."""),
    code(r"""
        info = describe("quantum_circuit_labels")
        print(info.description)
        print(info.source)"""),
    md(r"""
        What kind of function of $x$ is that score? Each qubit after $R_Y(x_i)$ has the Bloch
        vector $(\sin x_i, 0, \cos x_i)$: its state is described by the three numbers
        $(1, \sin x_i, \cos x_i)$ (the 1 for the identity part). The state of all qubits is the
        tensor product, and $\langle x| U^\dagger Z_0 U |x\rangle$ is *linear* in that state.
        So the score is a weighted sum of products with one factor from
        $(1, \sin x_i, \cos x_i)$ per qubit, whatever $U$ is. A classical model given these
        products needs only a linear rule; `trig_features` computes them:"""),
    code(r"""
        def trig_features(X):
            # every product of one factor (1, sin x_i, cos x_i) per feature
            columns = np.ones((len(X), 1))
            for x in X.T:
                factors = np.stack([np.ones_like(x), np.sin(x), np.cos(x)], axis=1)
                columns = (columns[:, :, None] * factors[:, None, :]).reshape(len(X), -1)
            return columns


        print(trig_features(np.array([[0.3, 1.2]])).round(3))"""),
    *exercise(
        "12.1",
        "How many trigonometric features?",
        r"""
            For $d = 4$ inputs (the size used below), how many columns does `trig_features`
            return, i.e. how many products with one factor per qubit are there? Count before
            you run it.""",
        answer="answer = ...  # a whole number",
        check="check_trig_features(answer)",
    ),
    md(r"""
        Now the comparison, on the same splits and seeds (each seed draws new inputs, a new
        random $U$ and new initial weights):

        - a **hybrid** network (angle encoding on 4 qubits, two strongly entangling layers, a
          linear head): its circuit starts exactly like the one that made the labels; it trains
          until its loss on a held-out tenth of the training part stops improving (at most 100
          epochs), as in notebook 07;
        - the **tuned classical reference** (logistic regression and an RBF SVC, tuned by
          cross-validation on the training part) on the raw $x$;
        - **logistic regression on the trigonometric features**, tuned the same way: a
          classical model that was told the structure of the problem."""),
    code(r"""
        circuit_runs = {"hybrid (4 qubits)": [], "tuned classical on x": [],
                        "tuned logistic on trig features": []}
        for seed in tqdm(SEEDS, desc="seeds"):
            X_train, X_test, y_train, y_test = load_dataset(
                "quantum_circuit_labels", n_samples=sized(full=200, fast=60), n_features=4,
                random_state=seed, scale=False)  # the angles exactly as the circuit got them
            hybrid = HybridClassifier(n_qubits=4, n_layers=2, epochs=sized(full=100, fast=5),
                                      early_stopping=True, random_state=seed).fit(X_train, y_train)
            on_x = tuned_classical_reference(X_train, y_train, random_state=seed, cv=CV)
            on_trig = tuned_classical_reference(trig_features(X_train), y_train, cv=CV,
                                                random_state=seed, models=("logistic_regression",))
            predictions = [hybrid.predict(X_test), on_x.estimator.predict(X_test),
                           on_trig.estimator.predict(trig_features(X_test))]
            for name, predicted in zip(circuit_runs, predictions):
                circuit_runs[name].append(outcome(predicted, y_test, seed))

        circuit_table = accuracy_table(circuit_runs)
        print(f"{len(SEEDS)} seeds, {len(y_test)} test points each")
        circuit_table"""),
    code(r"""
        interval_figure(circuit_table, "Labels from a random circuit (d = 4)")"""),
    md(r"""
        Paired differences (same seeds, same test points) against the tuned classical
        reference, Holm-corrected together as in notebook 07. The verdicts are printed from the
        numbers:"""),
    code(r"""
        def compare_all(runs, baseline, others):
            comparisons = {name: paired_difference(runs[name], runs[baseline]) for name in others}
            adjusted = adjust_pvalues([c["p_value"] for c in comparisons.values()], "holm")
            for (name, comparison), p in zip(comparisons.items(), adjusted):
                comparison["p_adjusted"] = p
                print(f"{name}:\n   {verdict(comparison, baseline)}")
            return comparisons


        others = ["hybrid (4 qubits)", "tuned logistic on trig features"]
        circuit_comparisons = compare_all(circuit_runs, "tuned classical on x", others)"""),
    md(r"""
        How to read this: the labels were made by a quantum circuit, yet nothing forces a
        quantum model to win. The score is a trigonometric polynomial of low degree, and any
        learner that can represent it (a hybrid circuit with the same encoding, a kernel
        method, a linear model on the right features) can learn it from enough samples. This
        is a point of Huang et al. (2021), "Power of data in quantum machine learning":
        labels computed by a quantum process can be learned classically *from data*; a
        quantum advantage needs more than quantum labels. Note also the price of telling the
        classical model the structure: $3^d$ features grow exponentially, faster even than the
        $2^d$ amplitudes of the state; at $d = 4$ that is harmless, at $d = 40$ it is not.

        ## 2. Quantum data: the phases of a spin chain

        Now the *inputs* are quantum. Think of $n = 8$ tiny magnets (spins) in a ring. Each
        can point up or down along $z$, and in quantum mechanics also be in a superposition.
        Two forces compete:

        - neighbours want to **align** (strength $J = 1$): that favours all up or all down;
        - a magnetic field $h$ across them wants each spin to point **sideways** (along
          $x$), which in the up/down picture is an equal superposition.

        The energy is the Hamiltonian of the *transverse-field Ising model*,
        $H(h) = -J \sum_i Z_i Z_{i+1} - h \sum_i X_i$ (with $Z_8 = Z_0$: a ring). Its
        **ground state**, the state of lowest energy, is what the chain settles into when
        cold. For small $h$ the spins are **ordered** (strongly correlated, all up or all
        down together); for large $h$ they are **disordered** (each points along the field).
        In an infinitely long chain the change happens sharply at $h = J$, a *quantum phase
        transition*; our 8 spins show a smooth crossover around it. The task: given a ground
        state, say its phase (label 0 for $h < 1$, 1 for $h > 1$).

        PennyLane builds the Hamiltonian (`qml.spin.transverse_ising`); as a $2^8 \times 2^8$
        matrix it is small enough to diagonalise exactly. $H(h)$ is linear in $h$, so we build
        its two parts once:"""),
    code(r"""
        N_SPINS = 8
        WIRES = range(N_SPINS)


        def ising_matrix(coupling, h):
            hamiltonian = qml.spin.transverse_ising("chain", [N_SPINS], coupling=coupling, h=h,
                                                    boundary_condition=True)
            return qml.matrix(hamiltonian, wire_order=WIRES).real


        ALIGN, FIELD = ising_matrix(1.0, 0.0), ising_matrix(0.0, 1.0)  # H(h) = ALIGN + h FIELD


        def ground_state(h):
            energies, vectors = np.linalg.eigh(ALIGN + h * FIELD)
            state = vectors[:, 0]  # the eigenvector of the lowest energy
            return state * np.sign(state.sum())  # fix the arbitrary global sign


        print("check against PennyLane at h = 0.7:",
              np.allclose(ALIGN + 0.7 * FIELD, ising_matrix(1.0, 0.7)))
        print("amplitudes per state:", ground_state(0.7).size)"""),
    md(r"""
        What would an experiment see? Two averages over the ring, computed exactly here:
        the **correlation** $C(k) = \frac{1}{n}\sum_i \langle Z_i Z_{i+k}\rangle$ of spins $k$
        apart (near 1 when they are aligned, up or down together), and the **magnetisation
        along the field**, $\frac1n \sum_i \langle X_i\rangle$. These five numbers ($k = 1
        \ldots 4$, and the field's) are also the features of a classical learner below."""),
    code(r"""
        OBSERVABLES = {
            **{f"C({k})": qml.sum(*[qml.Z(i) @ qml.Z((i + k) % N_SPINS) for i in WIRES]) / N_SPINS
               for k in range(1, N_SPINS // 2 + 1)},
            "field magnetisation": qml.sum(*[qml.X(i) for i in WIRES]) / N_SPINS,
        }
        OBSERVABLE_MATRICES = np.stack([qml.matrix(o, wire_order=WIRES).real
                                        for o in OBSERVABLES.values()])


        def exact_features(states):
            return np.einsum("si,oij,sj->so", states, OBSERVABLE_MATRICES, states)


        h_grid = np.linspace(0.02, 2.0, sized(full=60, fast=25))
        curves = pd.DataFrame(exact_features(np.array([ground_state(h) for h in h_grid])),
                              columns=list(OBSERVABLES), index=h_grid)
        figure = go.Figure(layout=dict(
            title=f"Ground states of {N_SPINS} spins: order gives way to the field",
            xaxis_title="field h (J = 1)", yaxis_title="exact expectation value", height=420))
        for name in ["C(1)", "C(4)", "field magnetisation"]:
            figure.add_scatter(x=h_grid, y=curves[name], name=name, mode="lines")
        figure.add_vline(x=1.0, line_dash="dot", annotation_text="h = J (infinite chain)")
        figure"""),
    md(r"""
        The distant correlation $C(4)$ falls from 1 towards 0 as $h$ grows while the field
        magnetisation rises towards 1; both change fastest near $h = 1$. Knowing these curves,
        you could classify a state by hand. Keep that in mind.

        The ground state is stored here as a vector of $2^8 = 256$ amplitudes. That is the
        catch of quantum data on a classical computer:"""),
    *exercise(
        "12.2",
        "What does the state vector cost?",
        r"""
            A chain of **30** spins. Its ground state (real amplitudes, as here) is stored as
            float64 numbers, 8 bytes each. How many **gigabytes** ($10^9$ bytes) is one
            state vector?""",
        answer="answer = ...  # gigabytes, a number",
        check="check_state_memory(answer)",
    ),
    md(r"""
        ## 3. A quantum convolutional network reads the state

        The QCNN of Cong, Choi & Lukin (2019), `qnnlab.families.qcnn`, was made for exactly
        this: *convolution* blocks (one trainable two-qubit unitary, the same on every
        neighbouring pair, like a convolution filter) and *pooling* blocks (each pair hands
        what it learned to one qubit, halving the qubits), until one qubit is left, whose
        $\langle Z\rangle$ is the score: positive means "disordered". Its circuit starts from
        the state itself: in simulation `qml.StatePrep` loads the 256 amplitudes; in a
        laboratory the state would come from the physical system (or the circuit that
        prepares it), one copy per run. `qcnn_layers` queues the convolution and pooling
        levels of qnnlab's `QCNNClassifier` after any state preparation:"""),
    code(r"""
        class StateQCNN(nn.Module):
            # QCNN on quantum data: load the state, convolve and pool, read <Z> of the last qubit

            def __init__(self, n_qubits, seed):
                super().__init__()
                self.n_qubits, levels = n_qubits, qcnn_levels(n_qubits)
                generator = torch.Generator().manual_seed(seed)
                self.conv = nn.Parameter(
                    2 * np.pi * torch.rand((levels, 15), generator=generator, dtype=DTYPE))
                self.pool = nn.Parameter(
                    2 * np.pi * torch.rand((levels, 2), generator=generator, dtype=DTYPE))
                device = qml.device("default.qubit", wires=n_qubits)
                self.qnode = qml.QNode(self.circuit, device, interface="torch",
                                       diff_method="backprop")

            def circuit(self, states, conv, pool):
                qml.StatePrep(states, wires=range(self.n_qubits))
                return qml.expval(qml.Z(qcnn_layers(conv, pool, range(self.n_qubits))))

            def forward(self, states):
                return self.qnode(states, self.conv, self.pool).reshape(-1, 1)


        qcnn = StateQCNN(N_SPINS, seed=0)
        specs = qml.specs(qcnn.qnode)(torch.tensor(ground_state(0.5)), qcnn.conv, qcnn.pool)
        print("trainable parameters:", sum(p.numel() for p in qcnn.parameters()))
        print("gates:", specs["resources"].num_gates, " depth:", specs["resources"].depth)"""),
    md(r"""
        The data: for each seed, fields $h$ drawn uniformly from $[0, 2]$, their exact ground
        states and phase labels; one draw for training, one for testing. Fields near 1 are
        hard for every learner: at 8 spins the crossover is smooth."""),
    code(r"""
        N_STATES = sized(full=40, fast=16)  # per part: training and test


        def phase_data(rng):
            h = rng.uniform(0.0, 2.0, size=N_STATES)
            return h, np.array([ground_state(v) for v in h]), (h > 1).astype(int)


        def train_qcnn(states, labels, seed):
            net = StateQCNN(N_SPINS, seed)
            trainer = Trainer(net, score_squared_error, torch.tensor(states), torch.tensor(labels),
                              metric=score_accuracy, learning_rate=0.05, batch_size=20,
                              random_state=seed)
            trainer.fit(sized(full=40, fast=5))
            return net, trainer.history"""),
    md(r"""
        ## 4. What does each learner get to see?

        This is the data-access question, and it decides what a comparison means. Per state,
        the learners below are given:

        1. **the field $h$** (one number): the labels are *defined* by $h$, so a threshold
           at 1 is all it takes;
        2. **the state vector** (all $2^n$ amplitudes): possible in a simulation of 8 spins,
           impossible for an experiment (no measurement returns amplitudes) and, as exercise
           12.2 showed, for large $n$;
        3. **the state itself, as copies**: the QCNN processes each copy and measures one
           qubit, $+1$ or $-1$; its prediction is the majority over $T$ copies;
        4. **measurements of $T$ copies**: a *classical shadow* (Huang, Kueng & Preskill
           2020) measures each copy in a random basis ($X$, $Y$ or $Z$ per spin); from the
           outcomes it estimates the five averages above, and a tuned classical model learns
           from those estimates.

        Items 3 and 4 use the same number $T$ of copies of each test state: the fair
        comparison for quantum data. Two caveats: the QCNN was trained on exact expectation
        values, which on hardware would cost copies too (in its favour), and the shadow
        learner was told which five averages to estimate (in the classical learner's
        favour). `qml.classical_shadow` records the snapshots, `qml.ClassicalShadow` turns
        them into estimates:"""),
    code(r"""
        COPIES = sized(full=(10, 100, 1000), fast=(10, 100))


        def shadow_features(states, seed):
            # estimates of the five averages from the first T snapshots of each state, per T
            device = qml.device("default.qubit", wires=N_SPINS, seed=seed)

            @qml.set_shots(max(COPIES))
            @qml.qnode(device)
            def snapshots(state, recipe_seed):
                qml.StatePrep(state, wires=WIRES)
                return qml.classical_shadow(wires=WIRES, seed=recipe_seed)

            estimates = {copies: [] for copies in COPIES}
            for i, state in enumerate(states):
                bits, recipes = snapshots(state, recipe_seed=1000 * seed + i)
                for copies in COPIES:
                    shadow = qml.ClassicalShadow(bits[:copies], recipes[:copies])
                    estimates[copies].append(shadow.expval(list(OBSERVABLES.values())))
            return {copies: np.array(values) for copies, values in estimates.items()}


        def qcnn_votes(net, states, copies, rng):
            # majority of `copies` single-shot outcomes (+1 w.p. (1 + <Z>) / 2); ties: a coin
            with torch.no_grad():
                score = net(torch.tensor(states, dtype=DTYPE)).numpy().ravel()
            ups = rng.binomial(copies, np.clip((1 + score) / 2, 0, 1))
            return ((2 * ups > copies) | ((2 * ups == copies) & (rng.random(len(ups)) < 0.5)))


        ex = shadow_features(np.array([ground_state(0.5)]), seed=0)
        print("h = 0.5, exact:        ", exact_features(np.array([ground_state(0.5)])).round(2))
        for copies in COPIES:
            print(f"h = 0.5, {copies:4d} copies:", ex[copies].round(2))"""),
    md(r"""
        The shadow estimates scatter around the exact values and tighten as the copies grow.
        Now every learner, on the same seeds and test states (this takes a while: the QCNN
        trains once per seed):"""),
    code(r"""
        def tuned_predictions(train, labels, test, seed):
            reference = tuned_classical_reference(train, labels, random_state=seed, cv=CV)
            return reference.estimator.predict(test)


        phase_runs, qcnn_histories, test_fields = {}, [], []
        for seed in tqdm(SEEDS, desc="seeds"):
            rng = np.random.default_rng(seed)
            h_train, S_train, y_train = phase_data(rng)
            h_test, S_test, y_test = phase_data(rng)
            test_fields.append(h_test)
            predictions = {
                "classical, given h": tuned_predictions(h_train[:, None], y_train,
                                                        h_test[:, None], seed),
                "classical, given the state vector": tuned_predictions(S_train, y_train,
                                                                       S_test, seed),
                "classical, given exact averages": tuned_predictions(
                    exact_features(S_train), y_train, exact_features(S_test), seed),
            }
            net, history = train_qcnn(S_train, y_train, seed)
            qcnn_histories.append(pd.DataFrame(history).assign(seed=seed))
            with torch.no_grad():
                exact_score = net(torch.tensor(S_test, dtype=DTYPE)).numpy().ravel()
            predictions["QCNN, exact <Z>"] = (exact_score > 0).astype(int)
            shadows_train, shadows_test = shadow_features(S_train, seed), shadow_features(
                S_test, seed + 100)
            for copies in COPIES:
                predictions[f"QCNN, {copies} copies"] = qcnn_votes(net, S_test, copies, rng)
                predictions[f"classical shadows, {copies} copies"] = tuned_predictions(
                    shadows_train[copies], y_train, shadows_test[copies], seed)
            for name, predicted in predictions.items():
                phase_runs.setdefault(name, []).append(outcome(predicted, y_test, seed))

        phase_table = accuracy_table(phase_runs)
        print(f"{len(SEEDS)} seeds, {N_STATES} training and {N_STATES} test states each")
        phase_table"""),
    code(r"""
        interval_figure(phase_table, f"Phases of {N_SPINS} spins: who is given what")"""),
    md(r"""
        Did the QCNN train? Its training loss per epoch, one line per seed:"""),
    code(r"""
        losses = pd.concat(qcnn_histories)
        go.Figure([go.Scatter(x=part["epoch"], y=part["loss"], name=f"seed {seed}")
                   for seed, part in losses.groupby("seed")],
                  layout=dict(title="QCNN training loss", xaxis_title="epoch",
                              yaxis_title="half mean squared error", height=350))"""),
    code(r"""
        back = min(5, losses["epoch"].max() - 1)  # epochs to look back (fast mode trains few)
        tail = losses.groupby("seed")["loss"].apply(
            lambda loss: loss.iloc[-1] / loss.iloc[-1 - back])
        print(f"change of the loss over the last {back} epochs, per seed:",
              ", ".join(f"{change - 1:+.0%}" for change in tail))"""),
    md(r"""
        A loss that still falls at the end means an undertrained QCNN: its accuracies above are
        then what it reached in this training budget, not the best it can do (notebook 07's
        convergence flags). Keep that in mind when reading the comparisons."""),
    md(r"""
        The fair comparisons: the QCNN against the shadow learner at the same number of
        copies, and with exact values on both sides (the QCNN's exact $\langle Z\rangle$
        against a classical model given the exact averages, i.e. infinitely many copies).
        Paired by test state, Holm-corrected together:"""),
    code(r"""
        pairs = {f"QCNN, {c} copies": f"classical shadows, {c} copies" for c in COPIES}
        pairs["QCNN, exact <Z>"] = "classical, given exact averages"
        fair = {q: paired_difference(phase_runs[q], phase_runs[c]) for q, c in pairs.items()}
        for (q, comparison), p in zip(fair.items(),
                                      adjust_pvalues([c["p_value"] for c in fair.values()])):
            comparison["p_adjusted"] = p
            print(f"{q}:\n   {verdict(comparison, pairs[q])}")
        better = [q for q, c in fair.items() if verdict(c, pairs[q]).startswith("better")]
        print(f"\nQCNN better than the learner with the same access: {better or 'never'}")"""),
    md(r"""
        Where are the mistakes? Every learner's wrong test states, counted by their distance
        from $h = 1$ (all seeds together):"""),
    code(r"""
        near_one = np.concatenate([np.abs(h - 1) < 0.25 for h in test_fields])
        print(f"{near_one.sum()} test states with |h - 1| < 0.25, {(~near_one).sum()} farther")
        wrong = {name: 1 - np.concatenate([o.per_sample for o in outcomes])
                 for name, outcomes in phase_runs.items()}
        pd.DataFrame({name: {"wrong, |h - 1| < 0.25": int(w[near_one].sum()),
                             "wrong, farther from 1": int(w[~near_one].sum())}
                      for name, w in wrong.items()}).T"""),
    md(r"""
        How to read these numbers, whatever your run shows:

        - **Given $h$**, a learned threshold near 1 does it (it can only miss test fields
          closer to 1 than any training field): the task is trivial for anyone who knows how
          the states were made. A claim about "classifying phases" must say what the learner saw.
        - **Given the state vector**, a tuned classical model learns from $2^n$ exact numbers
          per state: information no experiment can provide, at a memory cost that doubles
          with every spin. It says nothing about classical learners in a laboratory.
        - **Copies against copies** is the comparison that answers "does the quantum part
          help?" for quantum data. The verdicts above come from this run's numbers; with a
          few seeds and a few dozen test states the intervals are wide, and "not enough
          evidence" means *cannot tell apart*, never "as good". The table of mistakes shows
          where each learner fails; near $h = 1$ the phases of 8 spins blur into each other.
        - Theory agrees that this is no place to expect a quantum advantage: Huang et al.
          (2022, *Science* 377, eabk3333) prove that classical machine learning on classical
          shadows learns to classify phases of matter like these efficiently. Quantum
          advantages in learning from quantum data are proven for other tasks (e.g. learning
          from quantum memory, several copies processed together; Huang et al. 2022, *Science*
          376, 1182), not for this one.

        So the answer does change with quantum data, but not to "the quantum model wins": the
        question itself changes, from "which model is better on these numbers?" to "which
        learner, given which access to the states, at what cost in copies?"."""),
    *exercise(
        "12.3",
        "The honest reading",
        r"""
            Which statement does this notebook support? Answer with one letter.""",
        answer=r"""
            for letter, statement in DATA_ACCESS_CHOICES.items():
                print(f"{letter}) {statement}\n")
            answer = ...  # "a", "b", "c" or "d"
        """,
        check="check_data_access(answer)",
    ),
    summary(
        [
            "Labels made by a quantum circuit do not make a task quantum-hard: with angle "
            "encoding the label score is linear in $3^d$ trigonometric features, and tuned "
            "classical models learn it from data (Huang et al. 2021).",
            "Quantum data are states made by a quantum process, such as the ground states of a "
            "spin chain. Whether a quantum model helps depends on what every learner is given: "
            "the control parameter, the full state vector, measurements of copies, or the "
            "state itself.",
            "Given $h$ the phase task is trivial; given the state vector it costs $2^n$ "
            "numbers per state; the fair comparison counts copies: a QCNN measured $T$ times "
            "against a tuned classical model on classical shadows of $T$ snapshots.",
            "`qcnn_layers` puts qnnlab's QCNN after any state preparation; "
            "`qml.classical_shadow` and `qml.ClassicalShadow` give the classical learner its "
            "data.",
            "Intervals over seeds and test states, paired differences and Holm's correction "
            "decide the verdicts. An advantage would need a 'better than' verdict against the "
            "learner with the same access to the states; theory (Huang et al. 2022) says "
            "classical shadows suffice for phases like these.",
        ],
        outro=r"""
            Next: from simulator to hardware, where every $\langle Z\rangle$ costs shots,
            gates are native and noisy, and copies of a state are a budget.""",
    ),
    navigation(12),
]

if __name__ == "__main__":
    build(12, cells)
