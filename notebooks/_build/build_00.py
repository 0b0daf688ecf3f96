"""Build notebooks/00-start-here.ipynb: what a hybrid QNN is, how to use the course, a first
model."""

from common import SEQUENCE, build, code, filename, header, md, navigation, summary

#: One line per notebook for the course map: what it is about, minutes (full mode).
COURSE = {
    0: ("What a hybrid quantum neural network is; how to use the notebooks; a first model.", 20),
    1: ("Qubits, Bloch spheres and six ways to load data into a circuit, with their costs.", 45),
    2: ("Ansätze: parameters, depth, expressibility and entangling capability.", 45),
    3: ("A hybrid network in PyTorch and scikit-learn; parameter counts; the classical twin.", 45),
    4: ("Losses, optimisers, gradients (backprop, parameter shift), barren plateaus.", 50),
    5: ("Noise on real devices, shot noise, and zero-noise extrapolation.", 45),
    6: ("Inside a trained model: Fourier spectra, states, saliency, ablations.", 45),
    7: ("Honest benchmarking: protocol, seeds, confidence intervals, paired tests.", 50),
    8: ("The Playground: build, train and compare models with widgets.", 30),
    9: ("Capstone: your own hypothesis, tested, reproduced and honestly reported.", 90),
}

BINDER = ("https://mybinder.org/v2/gh/qnnlab/qnnlab/HEAD"
          "?urlpath=lab/tree/notebooks/00-start-here.ipynb")


def course_map() -> str:
    rows = [f"| {n:02d} | [{SEQUENCE[n][1]}]({filename(n)}) | {text} | {minutes} min |"
            for n, (text, minutes) in COURSE.items()]
    return "\n".join([
        "## The course map",
        "",
        "Work through the notebooks in order; each one builds on the ones before.",
        "",
        "| # | Notebook | What you do | Time |",
        "|---|---|---|---|",
        *rows,
    ])


cells = [
    *header(
        0,
        intro="""
            Welcome to **qnnlab**, a hands-on course on *hybrid quantum neural networks*:
            small quantum circuits trained together with ordinary neural networks. You will
            build them, train them, break them with noise, look inside them, and - above all -
            learn to tell when they actually help and when they do not.
        """,
        goals=[
            "explain in plain words what a hybrid quantum neural network is",
            "run cells, move sliders, and check your answers to exercises",
            "run the course on Binder or on your own computer",
            "train a first hybrid model and compare it with a tuned classical baseline",
            "say why a single accuracy number is not yet evidence",
        ],
        prerequisites="Python and a little NumPy. No quantum physics needed: we start from "
        "scratch in notebook 01.",
        minutes=20,
    ),
    md("""
        ## What is a hybrid quantum neural network?

        A neural network is a chain of simple, trainable steps: numbers go in, each step
        transforms them, numbers come out, and training nudges the parameters of every step
        so that the outputs get closer to the targets.

        A **hybrid** quantum neural network puts one **quantum circuit** into that chain:

        ```
            features x                  e.g. the two coordinates of a point
                │
                ▼
        ┌─────────────────────┐
        │ classical pre-net   │  optional: turns x into rotation angles
        └─────────────────────┘
                │  angles
                ▼
        ┌─────────────────────┐
        │ quantum layer       │  1. encode the angles into qubits
        │  q0 ─RY─╭●──Rot─ ⟨Z⟩│  2. apply trainable gates (the ansatz)
        │  q1 ─RY─╰X──Rot─ ⟨Z⟩│  3. measure: one number per qubit in [-1, 1]
        └─────────────────────┘
                │  ⟨Z0⟩, ⟨Z1⟩, ...
                ▼
        ┌─────────────────────┐
        │ classical head      │  a linear layer: measurements -> class scores
        └─────────────────────┘
                │
                ▼
            prediction
        ```

        The gate angles of the circuit are trained exactly like the weights of the classical
        parts, by gradient descent: the simulator can differentiate the circuit's outputs with
        respect to its angles. Here the "quantum computer" is a simulator running on your
        CPU, which is why we can only afford a handful of qubits - and why every claim we make
        must be checked against classical models of the same size.
    """),
    md("""
        ## How to use these notebooks

        - Run a cell with **Shift + Enter**. Run the cells **from top to bottom**; later cells
          use what earlier cells created. If things get confusing: *Kernel → Restart Kernel and
          Run All Cells*.
        - Many cells end with a **figure** you can zoom, pan and hover over, or a **slider**.
        - **Exercises** (from notebook 01 on) have three cells: one where you replace `...` by
          your answer, one that **checks** it and explains what is wrong with a hint, and a
          commented-out `reveal("N.k")` that shows a solution when you are stuck.
        - Heavy cells use `sized(full=..., fast=...)`: with the environment variable
          `QNNLAB_FAST=1` they run a smaller version (this is how the notebooks are tested).
          You normally want the full version.

        Try a widget now: move the slider. It rotates one qubit by the angle θ about the
        Y axis and shows the probabilities of measuring 0 and 1 (notebook 01 explains why
        they are cos²(θ/2) and sin²(θ/2)).
    """),
    code("""
        import numpy as np
        import plotly.express as px
        from ipywidgets import FloatSlider, interact


        @interact(theta=FloatSlider(value=1.0, min=0.0, max=np.pi, step=0.05, description="θ"))
        def show_qubit(theta):
            p0, p1 = np.cos(theta / 2) ** 2, np.sin(theta / 2) ** 2
            print(f"P(0) = {p0:.3f}   P(1) = {p1:.3f}   <Z> = P(0) - P(1) = {p0 - p1:+.3f}")
            px.bar(x=["0", "1"], y=[p0, p1], range_y=[0, 1], height=260,
                   labels={"x": "measured bit", "y": "probability"}).show()
    """),
    md(f"""
        ## Running the course

        **On Binder (nothing to install).** Click
        [![Binder](https://mybinder.org/badge_logo.svg)]({BINDER}) - a free, temporary
        JupyterLab in your browser with everything installed. It may take a few minutes to
        start; your changes are lost when you close it, so *File → Download* anything you
        want to keep.

        **On your own computer.** With Python 3.10 or newer and `make`:

        ```bash
        git clone https://github.com/qnnlab/qnnlab
        cd qnnlab
        make lab        # creates .venv, installs qnnlab, opens JupyterLab here
        ```

        Everything runs on a CPU; each notebook takes at most a few minutes.
    """),
    md(course_map()),
    md("""
        ## Honest science

        Quantum machine learning attracts bold claims. In this course we hold ourselves to a
        simple standard:

        - **No claim of quantum advantage that the numbers do not show.** Our circuits are
          small enough to simulate on a laptop, so by construction nothing here is beyond
          classical computers.
        - **Always compare** with strong classical baselines: classical models *tuned* on the
          same training data (`qnnlab.baselines.tuned_classical_reference`), and a classical
          network with the *same number of parameters* (`quantum=False`). The second one, the
          parameter-matched twin, controls for size, not for what classical models can do:
          at two or three hidden units it cannot represent many tasks at all, and its losing
          then says nothing about quantum against classical.
        - **One run is an anecdote.** Training depends on random seeds; we repeat runs with
          several seeds and report the spread (and, in notebook 07, confidence intervals and
          statistical tests).
        - **Small test sets are noisy.** With 50 test points one point is 2 % of accuracy.
        - **Say what the numbers show** - including "no difference" and "the classical model
          is better".
    """),
    md("""
        ## A first model in ten lines

        The *moons* dataset: two interleaving half circles in the plane, one per class. The
        features are already scaled to angles in [0, π]. We train a hybrid classifier (4
        qubits, 2 layers) and, for comparison, a **tuned classical reference**: logistic
        regression and a support vector machine (RBF kernel), each tuned over a grid of
        settings by 5-fold cross-validation on the *training* points only; the one with the
        better cross-validation score is kept and scored once on the test points.
    """),
    code("""
        from qnnlab import HybridClassifier
        from qnnlab.baselines import tuned_classical_reference
        from qnnlab.datasets import load_dataset
        from qnnlab.settings import sized

        X_train, X_test, y_train, y_test = load_dataset(
            "moons", n_samples=sized(full=200, fast=80), random_state=0)
        qnn = HybridClassifier(n_qubits=4, n_layers=2, epochs=sized(full=30, fast=4),
                               random_state=0).fit(X_train, y_train)
        reference = tuned_classical_reference(X_train, y_train, random_state=0)
        print(f"hybrid QNN               test accuracy: {qnn.score(X_test, y_test):.2f}")
        print(f"tuned classical ({reference.name}) test accuracy: "
              f"{reference.score(X_test, y_test):.2f}")
        print("chosen by cross-validation:", reference.describe())
    """),
    md("""
        The plot shows the test points, coloured by the hybrid model's prediction; crosses
        mark its mistakes.
    """),
    code("""
        predicted = qnn.predict(X_test)
        px.scatter(x=X_test[:, 0], y=X_test[:, 1], color=predicted.astype(str),
                   symbol=np.where(predicted == y_test, "correct", "wrong"),
                   symbol_map={"correct": "circle", "wrong": "x"}, height=380,
                   labels={"x": "feature 0", "y": "feature 1", "color": "predicted class"})
    """),
    md("""
        ### One number is not enough

        Moons is an easy task: when every run scores (close to) 1.0, seeds cannot differ
        much, so it hides the first lesson. A harder task shows it: **spirals**, two
        interleaved spiral arms. The
        hybrid model's score depends on its random initial weights (and the order of its
        mini-batches): let us train the same model with a few seeds and look at the spread,
        next to the tuned classical reference on the same split.
    """),
    code("""
        S_train, S_test, s_train, s_test = load_dataset(
            "spirals", n_samples=sized(full=200, fast=80), random_state=0)
        scores = [
            HybridClassifier(n_qubits=4, n_layers=2, epochs=sized(full=30, fast=4),
                             random_state=seed).fit(S_train, s_train).score(S_test, s_test)
            for seed in range(sized(full=5, fast=2))
        ]
        spiral_reference = tuned_classical_reference(S_train, s_train, random_state=0)
        print("hybrid test accuracy per seed:", np.round(scores, 2))
        print(f"mean {np.mean(scores):.2f} ± {np.std(scores, ddof=1):.2f} (standard deviation), "
              f"from {min(scores):.2f} to {max(scores):.2f}")
        print(f"tuned classical ({spiral_reference.name}): "
              f"{spiral_reference.score(S_test, s_test):.2f}")
    """),
    md("""
        A single run could have reported any of the per-seed numbers above. Second, the test
        set is small, and even a perfect score is compatible with a true error rate of
        several percent: with 0 mistakes in $n$ test points, the 95 % upper bound on the
        error rate is about $3/n$.
    """),
    code("""
        n_test = len(y_test)
        print(f"{n_test} test points: one point is {1 / n_test:.0%} of accuracy; "
              f"with 0 mistakes the error rate may still be up to about {3 / n_test:.0%}")
    """),
    md("""
        So on moons, "both models are near perfect" is all these numbers support; they cannot
        rank the two. On spirals, compare the reference with the whole spread of the hybrid,
        not with its best seed. Notebook 07 shows how to compare models properly (more seeds,
        cross-validation, confidence intervals, paired tests).
    """),
    summary(
        [
            "A hybrid QNN is a neural network with a trainable quantum circuit inside: encode "
            "→ trainable gates → measure, trained by gradient descent with the classical parts.",
            "Exercises check your answers and give hints; `reveal(\"N.k\")` shows a solution.",
            "Run on Binder with one click, or locally with `make lab`.",
            "Always compare with tuned classical baselines (a same-size classical twin controls "
            "for size only) and repeat runs with several seeds before believing a difference.",
        ],
        outro="Next, we open the box: what a qubit is and how data gets into one.",
    ),
    navigation(0),
]

if __name__ == "__main__":
    build(0, cells)
