"""Build notebooks/11-reuploading-fourier.ipynb (run: python notebooks/_build/build_11.py)."""

from common import build, code, exercise, header, md, navigation, summary

cells = [
    *header(
        11,
        intro="""
            One qubit is a tiny thing: its state is a point on a sphere, and gates can only
            turn that sphere. Yet a single qubit can learn to classify data with curved
            boundaries, if the data enter the circuit **more than once**. This notebook follows
            two PennyLane demos and the papers behind them: the *data re-uploading classifier*
            (Pérez-Salinas et al. 2020) and *quantum models as Fourier series* (Schuld, Sweke &
            Meyer 2021). The second explains the first: every upload of the data adds
            frequencies to the functions the circuit can compute.""",
        goals=[
            "explain in plain words why uploading the same input several times makes a "
            "one-qubit model more flexible",
            "train the **re-uploading classifier** of Pérez-Salinas et al. on a 2-D task and "
            "compare it honestly with a tuned classical model on the same split",
            "tell the frequencies a **serial** encoding (one qubit, $L$ uploads) and a "
            "**parallel** one ($L$ qubits, one upload each) make available",
            "fit a target Fourier series with both, read which coefficients the models "
            "actually learn, and recognise a target that no setting of the weights can fit",
        ],
        prerequisites="""
            [06 · Looking inside a trained model](06-interpretation.ipynb), section 1 (a
            circuit computes a Fourier series); [01 · Qubits and data
            encodings](01-encodings.ipynb) for rotations; [07 · Honest
            benchmarking](07-benchmarking.ipynb) for the fair comparison.""",
        minutes=50,
    ),
    md("## Setup"),
    code("""
        import time

        import numpy as np
        import pandas as pd
        import pennylane as qml
        import plotly.express as px
        from plotly.subplots import make_subplots
        from sklearn.linear_model import LinearRegression
        from sklearn.model_selection import GridSearchCV, KFold
        from sklearn.pipeline import Pipeline
        from sklearn.preprocessing import FunctionTransformer
        from tqdm.auto import tqdm

        import qnnlab
        from qnnlab import HybridRegressor, plots
        from qnnlab.analysis import fourier_spectrum
        from qnnlab.baselines import tuned_classical_reference
        from qnnlab.bench.stats import SeedOutcome, accuracy_interval
        from qnnlab.datasets import load_dataset
        from qnnlab.exercises import reveal
        from qnnlab.exercises.nb11 import (MODEL_CHOICES, TARGET, TARGET_3, check_best_r2,
                                           check_model_choice, check_spectrum, fourier_series)
        from qnnlab.families import DataReuploadingClassifier
        from qnnlab.settings import sized"""),
    md("""
        ## 1. One qubit, many uploads: the re-uploading classifier

        A neural network lets its input pass through many layers, each bending the data a
        little more. A qubit cannot hold many numbers, so Pérez-Salinas et al. did the
        opposite: they **feed the same input in again and again**. One layer of their circuit
        is

        1. a rotation by angles that depend on the data, $\\mathrm{Rot}(\\omega \\odot x)$
           (the input $x$, scaled by trainable factors $\\omega$), then
        2. a trainable rotation $\\mathrm{Rot}(\\theta)$.

        Why should repeating help? If $x$ enters once, the final state is one fixed turn of
        the sphere that depends on $x$, and the measured value is a single smooth wave in
        each input (section 2 makes this exact). Between two uploads, the trainable rotation
        changes the axis about which the next upload turns the state: the turns do not
        commute, so they combine into functions of $x$ that one turn cannot make, as the
        layers of a neural network combine simple neurons. With enough layers, Pérez-Salinas
        et al. argue, one qubit can approximate any decision boundary.

        The class is read from the final state: does it end nearer the north pole
        $|0\\rangle$ or the south pole $|1\\rangle$ of the sphere (the sign of
        $\\langle Z\\rangle$)? `qnnlab.families` has the
        classifier as the benchmark study of Bowles, Ahmed & Schuld (2024) implemented it:
        with 2 features it uses **one qubit**, uploads the data `n_layers + 1` times and
        trains on the paper's fidelity cost.

        The task: two noisy concentric circles, inner circle class 1, outer ring class 0 (no
        straight line separates them)."""),
    code("""
        X_train, X_test, y_train, y_test = load_dataset("circles", n_samples=sized(200, 100),
                                                        noise=0.1, random_state=0)
        print(f"{len(y_train)} training and {len(y_test)} test points; one test point = "
              f"{1 / len(y_test):.3f} accuracy")"""),
    md("""
        We train it with 1, 3 and 8 trainable layers (2, 4 and 9 uploads) and, because one
        seed can mislead, with three seeds each (fewer in fast mode; the seeds change the
        initial weights, the split stays the same, so that every model sees exactly the same
        data). This is the slowest cell of the notebook."""),
    code("""
        LAYERS = sized(full=(1, 3, 8), fast=(1, 4))
        SEEDS = sized(full=(0, 1, 2), fast=(0,))
        EPOCHS = sized(full=40, fast=10)

        classifiers, rows = {}, []
        for n_layers, seed in tqdm([(L, s) for L in LAYERS for s in SEEDS], desc="fits"):
            start = time.perf_counter()
            clf = DataReuploadingClassifier(n_layers=n_layers, epochs=EPOCHS, random_state=seed)
            classifiers[n_layers, seed] = clf.fit(X_train, y_train)
            rows.append({"layers": n_layers, "uploads": n_layers + 1, "seed": seed,
                         "train accuracy": clf.score(X_train, y_train),
                         "test accuracy": clf.score(X_test, y_test),
                         "final loss": clf.history_["loss"][-1],
                         "seconds": time.perf_counter() - start})
        runs = pd.DataFrame(rows)
        runs.round(3)"""),
    md("""
        Did training finish? The loss curves of the deepest model should have flattened by
        the last epoch; if they still fall steeply, the comparison below partly measures the
        training budget, not the model."""),
    code("""
        deepest = max(LAYERS)
        curves = pd.concat([pd.DataFrame({"epoch": np.arange(1, len(h) + 1), "loss": h,
                                          "seed": str(seed)})
                            for seed in SEEDS
                            for h in [classifiers[deepest, seed].history_["loss"]]])
        px.line(curves, x="epoch", y="loss", color="seed", height=320,
                title=f"Training loss of the {deepest}-layer classifier, one line per seed")"""),
    md("""
        The fair question: could a classical model do this? `tuned_classical_reference` tunes
        logistic regression and an RBF support vector machine by cross-validation **on the
        training part only**, picks the better one by its validation score, and only then is
        scored once on the test part. For each model we report the mean test accuracy over
        seeds with a 95% interval that includes the sampling error of a test set this small
        (a hierarchical bootstrap over seeds and test points, as in notebook 07)."""),
    code("""
        start = time.perf_counter()
        reference = tuned_classical_reference(X_train, y_train, random_state=0)
        reference_seconds = time.perf_counter() - start
        reference_correct = int(np.sum(reference.estimator.predict(X_test) == y_test))

        def interval_row(name, corrects):
            mean, low, high = accuracy_interval([SeedOutcome(c, len(y_test)) for c in corrects])
            return {"model": name, "seeds": len(corrects), "test accuracy": mean,
                    "95% low": low, "95% high": high}

        correct = (runs["test accuracy"] * len(y_test)).round().astype(int)
        summary_rows = [interval_row(f"re-uploading, {L} layer(s)", correct[runs["layers"] == L])
                        for L in LAYERS]
        summary_rows.append(interval_row(f"tuned classical ({reference.name})",
                                         [reference_correct]))
        comparison = pd.DataFrame(summary_rows).set_index("model")
        print(f"classical reference: {reference.name} with {reference.best_params}, "
              f"cross-validation accuracy {reference.cv_score:.3f}, tuned in "
              f"{reference_seconds:.1f} s (the re-uploading fits took "
              f"{runs['seconds'].sum():.0f} s)")
        comparison.round(3)"""),
    code("""
        fig = px.strip(runs, x="uploads", y="test accuracy", color=runs["seed"].astype(str),
                       labels={"color": "seed", "uploads": "data uploads (layers + 1)"},
                       height=380, title="Re-uploading classifier: test accuracy per seed")
        fig.update_traces(marker_size=11, marker_line={"width": 1, "color": "white"})
        fig.add_hline(y=reference_correct / len(y_test), line_dash="dash",
                      annotation_text=f"tuned {reference.name}", annotation_position="bottom right")
        fig.update_xaxes(type="category")"""),
    md("What the deepest classifier (seed 0) learned, over the input plane:"),
    code("""
        fig = plots.decision_boundary_figure(classifiers[deepest, 0], X_train, y_train, X_test,
                                             y_test)
        fig.update_layout(legend={"orientation": "h", "yanchor": "top", "y": -0.12, "x": 0})"""),
    md("""
        **The honest reading.** The cell below compares the intervals rather than the means
        alone. Whatever it says about depth, remember what the comparison with the classical
        model can and cannot show: compare the times printed above (the classical model was
        tuned over its whole grid in a small part of the time the circuits took to train),
        and on a task this small and this easy a tie is the best a quantum model can hope
        for. Nothing here suggests a quantum advantage."""),
    code("""
        shallow, deep = comparison.iloc[0], comparison.iloc[len(LAYERS) - 1]
        classical = comparison.iloc[-1]

        def overlap(a, b):
            return a["95% low"] <= b["95% high"] and b["95% low"] <= a["95% high"]

        print(f"{comparison.index[0]}: {shallow['test accuracy']:.3f}; "
              f"{comparison.index[len(LAYERS) - 1]}: {deep['test accuracy']:.3f}; "
              f"{comparison.index[-1]}: {classical['test accuracy']:.3f}")
        print("more uploads vs fewer:",
              "intervals overlap, no clear evidence that depth helped on this split"
              if overlap(shallow, deep) else
              "intervals do not overlap: more uploads helped on this split")
        print("deepest re-uploading model vs the tuned classical model:",
              "intervals overlap, no evidence that either is better"
              if overlap(deep, classical) else
              ("the classical model is better" if classical["test accuracy"] > deep["test accuracy"]
               else "the re-uploading model scored higher here; one split and few seeds are "
                    "no proof, run notebook 07's protocol before believing it"))"""),
    md("""
        ## 2. Which functions can a re-uploading model compute? Frequencies

        Notebook 06 showed that when $x$ enters a circuit through rotations like
        $RX(x) = e^{-ixX/2}$, the output is a **Fourier series**, a sum of waves:

        $$f(x) = \\sum_{\\omega \\in \\Omega} c_\\omega e^{i\\omega x} = c_0 +
        \\sum_{\\omega > 0} 2\\left(\\mathrm{Re}\\,c_\\omega \\cos \\omega x -
        \\mathrm{Im}\\,c_\\omega \\sin \\omega x\\right).$$

        In plain words: each $RX(x)$ multiplies parts of the state by $e^{-ix/2}$ or
        $e^{+ix/2}$. A measured value multiplies the state with its mirror image, so these
        phases meet as differences: with $L$ encoding gates the possible differences are the
        whole numbers from $-L$ to $L$. The **encoding fixes the frequencies** $\\Omega$; the
        trainable gates only choose the **coefficients** $c_\\omega$.

        There are two ways to put $x$ into $L$ gates:

        - **serial**: one qubit, $x$ uploaded $L$ times with trainable layers in between
          (the re-uploading classifier above, here with one input and no input scaling);
        - **parallel**: $L$ qubits, $x$ uploaded once on each, then trainable layers.

        Both give $\\Omega = \\{-L, \\ldots, L\\}$. Here they are as qnnlab regressors (a linear
        head after the circuit combines, rescales and shifts its outputs: other
        coefficients, the same frequencies). The inputs must not be rescaled: our $x$ runs
        over one period, $[0, 2\\pi)$, and `trainable_scaling=False` keeps the frequencies
        whole numbers."""),
    code("""
        N_FIT = 60               # training inputs: random points over one period, seeded
        rng = np.random.default_rng(0)
        X_FIT = np.sort(rng.uniform(0, 2 * np.pi, N_FIT))[:, None]
        X_GRID = np.linspace(0, 2 * np.pi, 100, endpoint=False)[:, None]   # an even test grid
        TRAINING = {"epochs": sized(full=150, fast=40), "learning_rate": 0.1,
                    "batch_size": N_FIT, "random_state": 0}

        def serial(L):
            return HybridRegressor("reuploading", "strongly_entangling", n_qubits=1, n_layers=L,
                                   encoding_options={"rotation": "X", "trainable_scaling": False},
                                   **TRAINING)

        def parallel(L):
            return HybridRegressor("angle", "strongly_entangling", n_qubits=L, n_layers=1,
                                   encoding_options={"rotation": "X"}, **TRAINING)"""),
    md("""
        The two circuits for $L = 3$, drawn by `qnnlab.draw`: the `RX` gates take $x$, the
        `Rot` gates (three angles each) and the CNOTs are the trainable layers."""),
    code("""
        print("serial, L = 3:")
        print(qnnlab.draw(serial(3).circuit_config(n_features=1), decimals=None))
        print("parallel, L = 3:")
        print(qnnlab.draw(parallel(3).circuit_config(n_features=1), decimals=None))"""),
    md("""
        `fourier_spectrum` reads the available frequencies off the gates of a circuit (and
        samples its output to get the coefficients, see notebook 06). For $L = 1 \\ldots 4$:"""),
    code("""
        def reach(model):
            available = fourier_spectrum(model.circuit_config(n_features=1)).available
            return f"{{{int(available.min())}, ..., {int(available.max())}}}"

        L_VALUES = pd.Index(range(1, 5), name="L")
        pd.DataFrame({"serial (1 qubit, L uploads)": [reach(serial(L)) for L in L_VALUES],
                      "parallel (L qubits, 1 upload each)": [reach(parallel(L)) for L in L_VALUES]},
                     index=L_VALUES)"""),
    *exercise(
        "11.1",
        "Serial and parallel together",
        """
            A circuit has **2 qubits**. Each of its **3 layers** applies $RX(x)$ to both
            qubits, then trainable gates. Which frequencies $\\omega$ can appear in $f(x)$?
            Give them all, as a list of integers.""",
        answer="answer = ...  # e.g. [-1, 0, 1]",
        check="check_spectrum(answer)",
    ),
    md("""
        ## 3. Fitting a target series

        Available is not the same as learned. Let us give both models a target to fit, the
        series of Schuld et al.'s paper and PennyLane's demo: frequencies 0, 1 and 2 with
        chosen coefficients (`TARGET` holds $c_0, c_1, c_2$; $c_{-\\omega}$ is the complex
        conjugate of $c_\\omega$),

        $$g(x) = 0.1 + 0.3(\\cos x + \\sin x + \\cos 2x + \\sin 2x).$$

        We train a serial and a parallel model with $L = 2$ on 60 random points of one
        period, then test them on an even grid of 100 points. To see what they learned we
        compute their Fourier coefficients with PennyLane's own tool,
        `qml.fourier.coefficients`, which samples a function on an even grid and takes a
        discrete Fourier transform (the same for the target, as a check)."""),
    code("""
        DEGREE = 5   # coefficients shown: ω = 0 ... 5

        def coefficient_magnitudes(predict):
            \"\"\"|c_ω| for ω = 0 ... DEGREE of a function of one input (PennyLane's tool).\"\"\"
            c = qml.fourier.coefficients(lambda x: predict(np.reshape(x, (-1, 1))), 1, DEGREE,
                                         use_broadcasting=True)
            return np.abs(c[:DEGREE + 1])

        def target_function(target):
            return lambda X: fourier_series(X[:, 0], target)

        def fit_all(models, target):
            y = fourier_series(X_FIT[:, 0], target)
            return {name: model.fit(X_FIT, y)
                    for name, model in tqdm(models.items(), desc="fits", leave=False)}

        def r2_table(fitted, target):
            y_grid = fourier_series(X_GRID[:, 0], target)
            return pd.DataFrame({"reach": {name: reach(m) for name, m in fitted.items()},
                                 "R² on the test grid": {name: m.score(X_GRID, y_grid)
                                                         for name, m in fitted.items()}})

        print("target |c_ω|, given:         ",
              np.abs([TARGET.get(w, 0) for w in range(4)]).round(4))
        print("target |c_ω|, PennyLane finds:",
              coefficient_magnitudes(target_function(TARGET))[:4].round(4))"""),
    code("""
        def fit_figure(fitted, target, title):
            fig = make_subplots(rows=1, cols=2, horizontal_spacing=0.1, subplot_titles=(
                "target and models over one period", "Fourier coefficients |c_ω|"))
            styles = ["dash", "dot", "dashdot"]
            colors = px.colors.qualitative.Plotly
            curves = {"target": target_function(target),
                      **{name: m.predict for name, m in fitted.items()}}
            for i, (name, predict) in enumerate(curves.items()):
                line = ({"color": "black", "width": 5} if i == 0 else
                        {"color": colors[i - 1], "width": 2.5, "dash": styles[(i - 1) % 3]})
                fig.add_scatter(x=X_GRID[:, 0], y=predict(X_GRID), name=name, line=line,
                                legendgroup=name, row=1, col=1)
                fig.add_bar(x=np.arange(DEGREE + 1), y=coefficient_magnitudes(predict),
                            name=name, marker_color=line["color"], legendgroup=name,
                            showlegend=False, row=1, col=2)
            fig.update_xaxes(title_text="x (radians)", row=1, col=1)
            fig.update_yaxes(title_text="g(x), f(x)", row=1, col=1)
            fig.update_xaxes(title_text="frequency ω", dtick=1, row=1, col=2)
            fig.update_yaxes(title_text="|c_ω|", row=1, col=2)
            return fig.update_layout(title=title, barmode="group", height=420,
                                     margin={"t": 90}, legend={"orientation": "h", "y": -0.2})

        fitted_2 = fit_all({"serial, L = 2": serial(2), "parallel, L = 2": parallel(2)}, TARGET)
        display(r2_table(fitted_2, TARGET).round(4))
        fit_figure(fitted_2, TARGET, "A degree-2 target: both L = 2 models can reach it")"""),
    md("""
        Both models have exactly the frequencies the target needs; read the table and the
        bars to see how closely training matched the coefficients (an $R^2$ of 1 is a perfect
        fit). The models' bars at $\\omega \\geq 3$ are zero, not merely small: those
        frequencies are not in their spectrum, for *any* weights.

        ## 4. A frequency out of reach

        Now add a third frequency: `TARGET_3` is `TARGET` plus $c_3 = 0.2i$, that is a term
        $-0.4 \\sin 3x$. Before you run anything, predict."""),
    code("""
        for letter, description in MODEL_CHOICES.items():
            print(f"{letter}: {description}")"""),
    *exercise(
        "11.2",
        "Which model can fit a frequency 3?",
        """
            Only one of the four models printed above has **every** frequency that `TARGET_3`
            needs (0, 1, 2 and 3). Which one? Answer with one letter.""",
        answer='answer = ...  # "a", "b", "c" or "d"',
        check="check_model_choice(answer)",
    ),
    *exercise(
        "11.3",
        "The best that a degree-2 model can do",
        """
            A model with the spectrum $\\{-2, \\ldots, 2\\}$ cannot produce the $\\omega = 3$
            term, however it is trained. What is the **largest $R^2$** that any such model can
            reach on `TARGET_3`, measured over a whole period (an even grid, like our test
            grid)? Give it to two decimals. (Over a whole period, waves of different
            frequencies do not overlap: each contributes $2|c_\\omega|^2$ to the variance.)""",
        answer="answer = ...  # a number, R²",
        check="check_best_r2(answer)",
    ),
    md("""
        Now the experiment: the serial model with $L = 2$ (out of reach), and serial and
        parallel models with $L = 3$ (seed 0 each)."""),
    code("""
        fitted_3 = fit_all({"serial, L = 2": serial(2), "serial, L = 3": serial(3),
                            "parallel, L = 3": parallel(3)}, TARGET_3)
        display(r2_table(fitted_3, TARGET_3).round(4))
        fit_figure(fitted_3, TARGET_3, "A target with frequency 3: L = 2 cannot reach it")"""),
    md("""
        The $L = 2$ model fits what it can: its bar at $\\omega = 3$ is zero and its curve
        misses the fast wiggle. No amount of training, and no deeper trainable part, changes
        that; only another upload does. (On the 60 random training points the waves of
        different frequencies overlap a little, so its low coefficients are also somewhat off
        the target's.)

        Look at the $R^2$ of the two $L = 3$ models too. Both have every frequency the target
        needs, so if one of them falls short, something other than the spectrum is at work:
        either its trainable layers cannot reach the right coefficients, or the optimiser
        stopped in a poor local minimum. One way to tell: train the same parallel model
        again from other initial weights (other seeds) and see whether some runs succeed."""),
    code("""
        restarts = {f"parallel, L = 3, seed {seed}": HybridRegressor(
                        **{**parallel(3).get_params(), "random_state": seed})
                    for seed in range(1, sized(full=5, fast=3))}
        restarted = {"parallel, L = 3, seed 0": fitted_3["parallel, L = 3"],
                     **fit_all(restarts, TARGET_3)}
        seeds_r2 = r2_table(restarted, TARGET_3)["R² on the test grid"]
        print(seeds_r2.round(4).to_string())
        fits = seeds_r2 > 0.95
        print(f"{fits.sum()} of {len(seeds_r2)} seeds fit the target (R² > 0.95); the others "
              f"stop at R² {seeds_r2[~fits].min():.2f} to {seeds_r2[~fits].max():.2f}"
              if 0 < fits.sum() < len(seeds_r2) else
              f"{fits.sum()} of {len(seeds_r2)} seeds fit the target (R² > 0.95)")"""),
    md("""
        If some seeds fit and others do not, the circuit *can* represent the target and the
        failures are local minima of training: the same model, the same data, another
        starting point. This is the second half of the Fourier lesson: the spectrum tells you
        what is **possible**; whether the trainable part can set the coefficients, and
        whether training finds them, has to be checked, with several seeds.

        ## 5. The classical twin of a Fourier model

        If a circuit computes a Fourier series of degree $L$, the obvious classical model is
        a **linear regression on the features** $\\cos kx, \\sin kx$ for $k = 1 \\ldots d$.
        We tune its degree $d$ by 5-fold cross-validation on the same 60 training points,
        and also fit it with $d = 2$ fixed: the least-squares fit, the best that any
        degree-2 model can do on these training points. On the test grid no degree-2 model
        can beat the bound of exercise 11.3."""),
    code("""
        def fourier_features(degree):
            k = np.arange(1, degree + 1)
            return FunctionTransformer(lambda X: np.hstack([np.cos(X * k), np.sin(X * k)]))

        y_fit, y_grid = (fourier_series(X[:, 0], TARGET_3) for X in (X_FIT, X_GRID))
        twin = Pipeline([("features", fourier_features(1)), ("linear", LinearRegression())])
        start = time.perf_counter()
        search = GridSearchCV(twin, {"features": [fourier_features(d) for d in range(1, 7)]},
                              cv=KFold(5, shuffle=True, random_state=0)).fit(X_FIT, y_fit)
        search_seconds = time.perf_counter() - start
        chosen = search.best_estimator_["linear"].coef_.size // 2
        degree_2 = twin.set_params(features=fourier_features(2)).fit(X_FIT, y_fit)
        print(f"tuned linear Fourier model: degree {chosen} chosen by cross-validation in "
              f"{search_seconds:.2f} s, R² on the test grid {search.score(X_GRID, y_grid):.4f}")
        print(f"degree-2 linear Fourier model (least squares): R² "
              f"{degree_2.score(X_GRID, y_grid):.4f}")
        print(f"serial quantum model, L = 2:                   R² "
              f"{fitted_3['serial, L = 2'].score(X_GRID, y_grid):.4f}")"""),
    md("""
        The least-squares degree-2 fit and the $L = 2$ quantum model land close to the bound
        of exercise 11.3; the tuned classical model finds the right degree and fits the
        target perfectly, in the time printed above (compare the progress bars of the
        quantum fits). This is the honest lesson of the Fourier picture: a re-uploading
        model is a *particular* way to parametrise a Fourier series. Whether that
        parametrisation ever beats fitting the series directly (for many inputs, the number
        of frequencies grows quickly and the classical features with it) is an open
        research question, not something these small examples show."""),
    summary(
        [
            "Uploading the input again between trainable rotations lets even one qubit learn "
            "curved decision boundaries (Pérez-Salinas et al. 2020); compare it with a tuned "
            "classical model on the same split, with intervals, before reading anything into "
            "its accuracy.",
            "The encoding fixes the frequencies, the trainable gates the coefficients. $L$ "
            "encoding gates give $\\{-L, \\ldots, L\\}$, whether they are serial (one qubit, "
            "$L$ uploads) or parallel ($L$ qubits): the count of gates is what matters.",
            "A frequency outside the spectrum cannot be learned, however deep the trainable "
            "part; the best a model can do is the part of the target in its spectrum "
            "(Parseval gives the best $R^2$).",
            "Having the frequencies is necessary, not sufficient: the trainable layers must "
            "reach the coefficients and the optimiser must find them; train from several "
            "seeds before concluding that a model cannot fit.",
            "A linear regression on $\\cos kx, \\sin kx$ features is the natural classical "
            "twin of a Fourier model; here it fits as well, faster.",
        ],
        outro="""
            Next: data that come from a quantum process, where the question "does the quantum
            part help?" can have a different answer.""",
    ),
    navigation(11),
]

if __name__ == "__main__":
    build(11, cells)
