"""Build notebooks/06-interpretation.ipynb (run: python notebooks/_build/build_06.py)."""

from common import build, code, exercise, header, md, navigation, summary

cells = [
    *header(
        6,
        intro="""
            A trained hybrid network predicts well, or not. This notebook opens it up: which
            functions can the circuit express at all, what state does it make for one input,
            which input features drive its decisions, and, the question that matters most for
            a *hybrid* model, does the quantum layer actually contribute?""",
        goals=[
            "explain why a circuit computes a Fourier series of its inputs, and why data "
            "**re-uploading** widens the frequency spectrum to $\\{-L, \\ldots, L\\}$",
            "inspect the state of a trained circuit for one input: Bloch vectors, measurement "
            "probabilities, entanglement entropy",
            "measure which features matter with **saliency** (input gradients) and "
            "**permutation importance**",
            "run a **stage ablation** (classical counterpart, no entanglement, frozen random "
            "quantum weights) and read it honestly",
        ],
        prerequisites="""
            [03 · Building a hybrid network](03-hybrid-networks.ipynb) and
            [04 · Training hybrid networks](04-training.ipynb); [02 · Variational
            circuits](02-variational-circuits.ipynb) for entanglement.""",
        minutes=45,
    ),
    md("## Setup"),
    code("""
        import numpy as np
        import pandas as pd
        import plotly.express as px
        from sklearn.datasets import load_iris

        from qnnlab import CircuitConfig, HybridClassifier, plots
        from qnnlab.analysis import (ablation, entanglement_entropy, fourier_spectrum,
                                     inspect_state, permutation_importance, saliency)
        from qnnlab.datasets import load_dataset
        from qnnlab.exercises import reveal
        from qnnlab.exercises.nb06 import (ABLATION_TABLE, check_ablation_reading,
                                           check_bell_entropy, check_frequencies)
        from qnnlab.settings import sized"""),
    md("""
        ## 1. A quantum model is a Fourier series

        When an input $x$ enters a circuit through rotations $e^{-i x G/2}$ (our angle
        encodings: $RY(x)$, $RX(x)$, ...), every output is a **truncated Fourier series** in
        $x$ (Schuld, Sweke & Meyer 2021):

        $$f(x) = \\sum_{\\omega \\in \\Omega} c_\\omega\\, e^{i \\omega x}.$$

        - The **frequencies** $\\Omega$ are fixed by the encoding alone: the differences of
          the eigenvalues of the encoding generators. $RY(x) = e^{-ixY/2}$: its generator
          $Y/2$ has eigenvalues $\\pm\\frac12$ (those of $RY(x)$ itself are the phases
          $e^{\\mp ix/2}$), so one encoding gives $\\Omega = \\{-1, 0, 1\\}$:
          $f(x) = a + b\\cos x + c\\sin x$, whatever comes after it.
        - The **coefficients** $c_\\omega$ are what the trainable gates choose.

        **Re-uploading** the same $x$ before each of $L$ layers adds the frequencies: $\\Omega
        = \\{-L, \\ldots, L\\}$. Here is one qubit whose trainable layer is a general rotation,
        re-uploading $x$ once, twice and three times (random weights;
        `trainable_scaling=False` keeps the frequencies integers):"""),
    code("""
        def one_qubit(L, encoding="reuploading"):
            options = {"trainable_scaling": False} if encoding == "reuploading" else {}
            return CircuitConfig(encoding, "strongly_entangling", n_qubits=1, n_layers=L,
                                 encoding_options=options)

        spectra = {L: fourier_spectrum(one_qubit(L), random_state=0) for L in (1, 2, 3)}
        magnitudes = pd.DataFrame({f"L = {L}": s.to_frame().set_index("frequency")["magnitude"]
                                   for L, s in spectra.items()})
        magnitudes.loc[0:5].round(4)"""),
    md("""
        The coefficient table: $|c_\\omega|$ for $\\omega = 0 \\ldots 5$ (negative frequencies
        mirror the positive ones, $c_{-\\omega} = \\overline{c_\\omega}$). Everything above
        $\\omega = L$ is zero up to rounding. The spectrum says what *can* appear; the rest
        of the circuit can rule out more. Look at $c_0$ for $L = 1$: it is zero, and not by
        chance of these weights but for **every** weight. $RY(x)|0\\rangle$ has the Bloch
        vector $(\\sin x, 0, \\cos x)$; one trainable rotation only turns that vector, and
        $\\langle Z\\rangle$ reads one component of the turned vector, a combination of
        $\\sin x$ and $\\cos x$ without a constant. Ten random weight draws agree:"""),
    code("""
        c0 = [abs(fourier_spectrum(one_qubit(1), random_state=seed).to_frame()
                  .set_index("frequency").loc[0, "magnitude"]) for seed in range(10)]
        print(f"largest |c_0| for L = 1 over 10 random weights: {max(c0):.1e}")"""),
    md("The figure shows $f(x)$ for $L = 3$ and its spectrum:"),
    code("plots.fourier_figure(spectra[3])"),
    md("""
        Depth alone does not do this. Encode $x$ **once** and stack three trainable layers
        after it: the spectrum stays $\\{-1, 0, 1\\}$, the layers only reshape the three
        coefficients."""),
    code("""
        once = fourier_spectrum(one_qubit(3, encoding="angle"), random_state=0)
        print("available:", once.available.tolist())
        once.to_frame().set_index("frequency").loc[0:4, ["magnitude"]].round(4)"""),
    *exercise(
        "6.1",
        "The frequencies of re-uploading",
        """
            A single-qubit model uploads $x$ through $RY(x)$ **three times** (as `spectra[3]`
            above). Which frequencies $\\omega$ can appear in $f(x)$? Give them all, as a list
            of integers.""",
        answer="answer = ...  # e.g. [-1, 0, 1]",
        check="check_frequencies(answer)",
    ),
    md("""
        ## 2. A model to look inside

        For the rest of the notebook we train a classifier on the iris flowers: 4 features
        (sepal and petal length and width, scaled to $[0, \\pi]$), one per qubit, and 3
        species."""),
    code("""
        X_train, X_test, y_train, y_test = load_dataset("iris", n_samples=sized(150, 60),
                                                        random_state=0)
        FEATURES = load_iris().feature_names
        EPOCHS = sized(full=20, fast=3)
        clf = HybridClassifier(n_qubits=4, n_layers=2, epochs=EPOCHS, random_state=0)
        clf.fit(X_train, y_train)
        print(f"test accuracy {clf.score(X_test, y_test):.3f} on {len(y_test)} test flowers")"""),
    md("""
        ## 3. The state for one input

        `inspect_state` runs the trained circuit for one flower and returns its full state.
        For each qubit we can read its **Bloch vector** $(\\langle X\\rangle, \\langle Y\\rangle,
        \\langle Z\\rangle)$: length 1 for a qubit in a pure state of its own, shorter when the
        qubit is entangled with the others (the whole state is still pure, its parts are
        not). The head of the network only sees the $z$ components: $\\langle Z_i\\rangle$."""),
    code("""
        view = inspect_state(clf, X_test[0])
        view.to_frame().round(3)"""),
    code("plots.bloch_figure(view)"),
    code("plots.probabilities_figure(view)"),
    md("""
        How entangled are the two halves of the register? Cut it into qubits $\\{0, 1\\}$ and
        $\\{2, 3\\}$: the **entanglement entropy** is the von Neumann entropy of one side,
        $S(\\rho_A) = -\\operatorname{Tr}\\rho_A \\log_2 \\rho_A$, in bits. It is 0 for a
        product state and at most the number of qubits on the smaller side."""),
    code("""
        product = np.kron([1, 0], [1, 1]) / np.sqrt(2)                  # |0>|+>
        print("product state:", round(entanglement_entropy(product, cut=1), 6), "bits")
        print("trained circuit, qubits {0,1} | {2,3}:",
              round(view.entanglement_entropy(cut=2), 3), "bits")"""),
    *exercise(
        "6.2",
        "Entropy of a Bell state",
        """
            What is the entanglement entropy, **in bits**, of one qubit of the Bell state
            $(|00\\rangle + |11\\rangle)/\\sqrt2$? Work it out from the reduced state of one
            qubit, then check with `entanglement_entropy`.""",
        answer="answer = ...  # a number, in bits",
        check="check_bell_entropy(answer)",
    ),
    md("""
        ## 4. Which features matter?

        Two complementary views:

        - **Saliency** is the gradient of the predicted class's probability with respect to
          each input, $|\\partial p / \\partial x_j|$, through the circuit and everything else
          (torch autograd). It is *local*: how sensitive the model is around each sample.
        - **Permutation importance** shuffles one feature across the test set and measures
          how much the score drops (scikit-learn's method). It is *global* and speaks in
          accuracy, but it breaks correlated features apart.

        Neither says anything about qubits: they describe the whole network as a function."""),
    code("""
        gradients = saliency(clf, X_test)
        plots.saliency_figure(gradients, feature_names=FEATURES)"""),
    code("""
        importance = permutation_importance(clf, X_test, y_test, n_repeats=sized(10, 3),
                                            random_state=0, feature_names=FEATURES)
        plots.importance_figure(importance)"""),
    md("""
        For iris, botanists would point at the petals: petal length and width separate the
        species almost alone. Do the two methods agree with that, and with each other? Put
        their rankings side by side:"""),
    code("""
        ranking = pd.DataFrame({
            "saliency": np.abs(gradients).mean(axis=0),
            "permutation importance": importance.set_index("feature")
                                                .loc[FEATURES, "importance_mean"].to_numpy(),
        }, index=FEATURES)
        print(ranking.rank(ascending=False).astype(int).rename(columns=lambda c: c + " rank"))
        for method, values in ranking.items():
            petals = sum("petal" in name for name in values.nlargest(2).index)
            print(f"{method}: largest for {values.idxmax()!r}; petal features in its top 2: "
                  f"{petals}")
        print(f"one test flower = {1 / len(y_test):.3f} accuracy; correlation of petal length "
              f"and width on the training flowers: {np.corrcoef(X_train[:, 2:].T)[0, 1]:.2f}")"""),
    md("""
        How to read a disagreement (the two methods answer different questions):

        - Saliency is a *gradient*: it is large where the predicted probability changes
          fast, near the decision boundaries, and small for a feature the model has already
          saturated. A feature can have a steep gradient and still rarely change the
          predicted class.
        - Permutation importance counts *changed predictions*. Petal length and petal width
          are strongly correlated (printed above): shuffling one of them leaves the
          other to carry the same information, so each may look less important alone than
          the pair is. Importances below about one test flower (printed above) are noise.

        So agreement on the petals is a sanity check passed, not a discovery; a disagreement
        on the order of the other features, within the error bars, is not a finding either.

        ## 5. Stage ablation: what does the quantum layer contribute?

        A hybrid network can score well *because of* its classical parts. To find out,
        retrain it with one part taken away, **same data and same seed**, and compare:

        | variant | what changes |
        |---|---|
        | `full` | the model as it is |
        | `classical` | a classical layer of about the same size replaces the circuit |
        | `no_entanglement` | the same circuit without its two-qubit gates |
        | `frozen_quantum` | random circuit weights, never trained; the rest is trained |

        One seed can mislead, so we repeat over a few seeds and look at mean and spread."""),
    code("""
        runs = [ablation(clf, X_train, y_train, X_test, y_test, random_state=seed,
                         refit_full=seed > 0)  # seed 0: clf itself is the full model
                for seed in range(sized(full=3, fast=1))]
        scores = pd.concat(runs).groupby("variant", sort=False)["test_score"]
        scores.agg(["mean", "std", "count"]).round(3)"""),
    md("""
        One dot per seed and variant, so that the spread is in the picture (a bar chart of
        one seed would hide it):"""),
    code("""
        per_seed = pd.concat(runs, keys=range(len(runs)), names=["seed"]).reset_index(level=0)
        px.strip(per_seed, x="variant", y="test_score", color=per_seed["seed"].astype(str),
                 hover_data=["description"], height=380,
                 labels={"test_score": "test accuracy", "color": "seed"},
                 title="Ablation: test accuracy of every variant, one dot per seed")"""),
    md("""
        **The honest reading.** Compare every difference with the spread over seeds (and
        remember one test flower is ~0.026 accuracy):

        - If the variants score **the same**, within the spread, then the quantum stage is
          **not** what carries the model: a classical layer of the same size, a circuit
          without entanglement, or even untrained random circuit weights do as well. The
          pre-processing and the classical head do the work.
        - Only if the full model beats **all** of its ablations by clearly more than the
          spread is there evidence that the trained, entangling circuit contributes, and even
          then only on this data set, against this classical counterpart.
        - Mixed results are common and informative: if `no_entanglement` matches `full` but
          `classical` falls short, the trained circuit helps while its entanglement does not.

        Two caveats before believing a gap. The classical counterpart is trained with the
        epochs and learning rate chosen for the quantum model; a tuned classical model may do
        better (notebook 07). And the seeds change the initial weights and the batch order,
        not the train/test split: a different split adds more spread.

        Bowles, Ahmed & Schuld (2024) ran this kind of test across many published quantum
        models: removing entanglement often cost little, and tuned classical models usually
        won. Asking the question is cheap; not asking it is how unfounded claims of quantum
        advantage are made."""),
    *exercise(
        "6.3",
        "Reading an ablation",
        """
            Another model gave this ablation (test accuracy, mean ± standard deviation over 5
            seeds; the table is `ABLATION_TABLE`). Which reading is honest? Answer with one
            letter.

            | variant | accuracy |
            |---|---|
            | full | 0.93 ± 0.02 |
            | classical | 0.94 ± 0.02 |
            | no_entanglement | 0.93 ± 0.03 |
            | frozen_quantum | 0.92 ± 0.02 |

            - **a**: the quantum layer carries the model, the full network is the best;
            - **b**: the quantum stage is not what carries the model, every variant scores the
              same within the spread;
            - **c**: entanglement is essential, removing it costs the most;
            - **d**: training the circuit weights matters, frozen weights are much worse.""",
        answer='answer = ...  # "a", "b", "c" or "d"',
        check="check_ablation_reading(answer)",
    ),
    summary(
        [
            "Pauli-rotation encodings make every circuit output a Fourier series in the "
            "inputs; the encoding fixes the frequencies, the weights the coefficients. $L$ "
            "re-uploads give $\\{-L, \\ldots, L\\}$; depth without re-uploading gives nothing "
            "new.",
            "`inspect_state` shows the state for one input: Bloch vectors shorter than 1 and a "
            "positive entanglement entropy (in bits) mean the qubits are entangled.",
            "Saliency (local gradients) and permutation importance (global score drops) say "
            "which inputs the whole network uses; check them against what you know.",
            "A stage ablation over several seeds tests whether the quantum layer contributes. "
            "If the variants score the same, it does not carry the model: say so.",
        ],
        outro="""
            Next: benchmarking hybrid models against classical baselines, with the seeds,
            confidence intervals and tuned baselines that an honest comparison needs.""",
    ),
    navigation(6),
]

if __name__ == "__main__":
    build(6, cells)
