"""Build notebooks/08-playground.ipynb: free exploration with every widget, guided challenges."""

from common import build, code, exercise, header, md, navigation, summary

cells = [
    *header(
        8,
        intro="""
            Everything you have met so far - data, encodings, ansätze, noise, training - as
            knobs you can turn. First each picker on its own, to see what it holds; then the
            **Playground**, which trains a hybrid network live and shows the loss, the decision
            boundary, the circuit and the qubits of any test point as it learns. Then a few
            challenges to test your intuition, and the Playground's instruments: an analysis
            card for the circuit you pick, views inside the trained model, and two more kinds
            of task (fitting 1-D functions, data with three classes).
        """,
        goals=[
            "use the pickers and read their `.value`: plain settings the core accepts",
            "build a circuit from picker values and count its resources",
            "train a hybrid network in the Playground, with the buttons or from code",
            "see how noise after training changes the accuracy of the same weights",
            "compare a hybrid network with a classical one of the same size and with a tuned "
            "classical reference, and say what each comparison can and cannot show",
            "share a run as a link that replays it exactly, set up a Playground for a class "
            "(hidden and locked controls) and solve a challenge",
            "read the analysis card beside the ansatz picker (expressibility, entangling "
            "capability, gradient variance) and say what each number does and does not tell you",
            "look inside a trained model: each qubit's Bloch vector after every stage, each "
            "qubit's ⟨Z⟩ over the input plane, and the model's Fourier spectrum beside the "
            "frequencies the encoding allows",
            "fit 1-D functions and classify three classes in the Playground, and put the result "
            "beside the tuned classical reference without claiming more than the numbers show",
        ],
        prerequisites="Notebooks [01](01-encodings.ipynb) to [05](05-noise.ipynb). The widgets "
        "need a live Jupyter kernel (JupyterLab, Notebook, VS Code or Voilà); on a static page "
        "you see the code but no controls.",
        minutes=50,
    ),
    code("""
        import numpy as np

        import qnnlab
        from qnnlab.analysis.layers import layer_bloch_vectors
        from qnnlab.baselines import tuned_classical_reference, tuned_regression_reference
        from qnnlab.bench.stats import SeedOutcome, accuracy_interval
        from qnnlab.circuits import CircuitConfig
        from qnnlab.exercises import reveal
        from qnnlab.exercises.nb08 import (GRADIENT_PAIR, check_ansatz_parameters,
                                           check_challenge_link, check_circles_challenge,
                                           check_highest_frequency, check_larger_gradients,
                                           check_noise_threshold, check_sine_r2, noisy_accuracy)
        from qnnlab.settings import sized
        from qnnlab.widgets import (AnsatzPicker, DatasetPicker, EncodingPicker, NoisePicker,
                                    Playground, TrainingControls)
        from qnnlab.widgets.challenges import CHALLENGES, Challenge, register
        from qnnlab.widgets.insight import InsightPanel
        from qnnlab.widgets.permalink import LinkState
    """),
    md("""
        ## The pickers, one at a time

        Each picker is a small widget for one kind of choice. Move its controls and its
        `.value` changes: a plain dict of keyword arguments that the rest of qnnlab accepts
        as it is. A choice that cannot work (an encoding that does not fit the qubits, a tree
        ansatz on 3 qubits) shows a red message and sets `.valid` to False; you never get a
        traceback from a slider.

        **Encoding**: how the two features enter the qubits.
    """),
    code("""
        encoding = EncodingPicker(n_qubits=2, n_features=2)
        encoding
    """),
    code("encoding.value"),
    md("""
        **Ansatz**: the trainable circuit, its qubits and layers; the line under the controls
        counts the parameters and gates of the whole circuit live.
    """),
    code("""
        ansatz = AnsatzPicker({"n_qubits": 2, "n_layers": 2})
        ansatz
    """),
    code("ansatz.value"),
    md("""
        The two values together describe a circuit, so they go straight into
        `CircuitConfig`; `qnnlab.resources` and `qnnlab.draw` do the rest. Move the sliders
        above and run this cell again.
    """),
    code("""
        config = CircuitConfig(**encoding.value, **ansatz.value, n_features=2)
        counts = qnnlab.resources(config)
        print({key: counts[key] for key in ("qubits", "quantum_params", "two_qubit_gates")})
        print(qnnlab.draw(config))
    """),
    md("""
        **Noise**: a noise model and its strength (and finite shots). In the Playground,
        changing the noise *after* training evaluates the same trained weights under it.
    """),
    code("""
        noise = NoisePicker(n_qubits=2)
        noise
    """),
    code("noise.value"),
    md("""
        **Data**: a 2-feature dataset, its size, noise, test fraction and seed;
        `.load()` returns the split arrays. **Training**: learning rate, batch size, epochs
        and optimizer.
    """),
    code("""
        dataset = DatasetPicker(n_features=2)
        training = TrainingControls()
        display(dataset, training)
        X_train, X_test, y_train, y_test = dataset.load()
        print(dataset.value, "->", X_train.shape, X_test.shape)
        print(training.value)
    """),
    md("""
        Values can be set from code as well, fully or in part: that is how you script the
        widgets, and how a bad choice reports itself.
    """),
    code("""
        bad = AnsatzPicker({"ansatz": "tree_tensor_network", "n_qubits": 3})
        print(bad.valid, "-", bad.error)
        bad.value = {"n_qubits": 4}
        print(bad.valid, "-", bad.model.details)
    """),
    *exercise(
        "8.1",
        "Exactly 24 parameters",
        """
            Set the picker below so that the circuit has **exactly 24 trainable parameters on
            3 qubits** (the live count is under the sliders). Then pass the picker itself as
            your answer. There is more than one right answer; the default ansatz is not one of
            them.
        """,
        answer="""
            picker_81 = AnsatzPicker({"n_qubits": 3})
            display(picker_81)
            answer = ...  # picker_81, once it shows 24 parameters
        """,
        check="check_ansatz_parameters(answer)",
    ),
    md("""
        ## The Playground

        The Playground puts all pickers next to one live figure:

        - **top row**: loss and accuracy per epoch, on the training and the test points
          (the classical twin, when switched on, in its own colour);
        - **middle left**: the decision boundary over the input plane, with the train and
          test points;
        - **middle right**: the Bloch vector of each qubit for one test point (click a point
          or move the *test point* slider);
        - **bottom**: the circuit, with data-dependent gates in orange and trainable ones in
          purple.

        **Train** runs until the epoch target and keeps the notebook responsive (**Pause**
        stops after the current mini-batch); **Step** trains one epoch; **Reset** draws new
        weights. Changing the data, the circuit or the training settings starts over;
        changing the *noise* after training does not: it re-evaluates the trained weights.
    """),
    code("""
        pg = Playground(dataset={"name": "moons", "n_samples": sized(full=200, fast=100)},
                        ansatz={"n_qubits": 2, "n_layers": 2})
        pg
    """),
    md("""
        The same controls exist as methods, which is handy for scripts (and lets this notebook
        run without anybody clicking): `pg.train_steps(n)` trains `n` mini-batches,
        `pg.train_epochs(n)` whole epochs, and `pg.state` is a snapshot of the run. The figure
        above updates as they run.
    """),
    code("""
        state = pg.train_steps(sized(full=40, fast=4))
        print(f"epoch {state.epoch}, test accuracy {state.test_accuracy}")
    """),
    md("""
        ## Challenges

        Explore freely first; then try these. Each has a check, and each is one run with one
        seed: good for intuition, not yet evidence (that was notebook 07).
    """),
    *exercise(
        "8.2",
        "Circles with at most 2 qubits",
        """
            Get **more than 90% test accuracy on `circles` with at most 2 qubits** (keep at
            least 20 test points). The Playground above is on `moons`: switch its dataset to
            `circles` (or make a new Playground), choose the circuit and the training, train
            it, and pass it as your answer.
        """,
        answer="answer = ...  # pg, once trained",
        check="check_circles_challenge(answer)",
    ),
    *exercise(
        "8.3",
        "How much noise does it take?",
        """
            With your trained Playground, choose `depolarizing` noise in the noise picker and
            move the strength slider: the purple message reports the accuracy of the *same*
            weights under that noise. Find a noise strength `p` of at most 0.2 at which the
            test accuracy **drops below 70%**. (The model must reach at least 80% without noise
            first.) How does your `p` compare with the error rates of real gates, about
            0.1-1% per gate?
        """,
        answer="answer = ...  # a noise strength p, e.g. 0.01",
        check="check_noise_threshold(answer, pg)",
    ),
    md("""
        Here is the whole picture for the Playground's model as this notebook trained it
        (if you have trained `pg` since, it is yours): the test accuracy of the same
        weights under depolarizing noise of growing strength.
    """),
    code("""
        for p in (0.0, 0.001, 0.01, 0.05, 0.1, 0.2):
            print(f"p = {p:<5}: test accuracy {noisy_accuracy(pg, 'depolarizing', p):.2f}")
    """),
    md("""
        Compare the row at $p = 0.01$, about the error rate of today's two-qubit gates, with
        the noise-free row: with a circuit this small, a realistic amount of noise changes
        few predictions. It takes several percent of error per gate before the accuracy
        falls clearly, and the error adds up with every gate, so a bigger circuit reaches
        that point sooner. (The classical head was trained on noise-free values and cannot
        compensate.)
    """),
    md("""
        ### Does the classical counterpart do as well?

        Tick **compare with a classical network of the same size**: the Playground trains the
        hybrid network and its classical counterpart (the circuit replaced by a classical
        layer with as many parameters) on the same mini-batches, and draws both boundaries.
        From code, the checkbox is `pg.classical_toggle`:
    """),
    code("""
        pg.noise_picker.value = {"noise": None}
        pg.classical_toggle.value = True          # starts over, with the twin
        state = pg.train_steps(sized(full=40, fast=4))
        session = pg.session
        reference = tuned_classical_reference(session.X_train, session.y_train, random_state=0)
        hidden = session.twin.quantum_layer.hidden
        print(f"dataset {pg.settings()['dataset']['name']!r}, epoch {state.epoch}")
        print(f"hybrid network:                       {state.test_accuracy:.2f}")
        print(f"classical twin ({hidden} hidden units):      {state.twin_test_accuracy:.2f}")
        print(f"tuned classical reference ({reference.name}): "
              f"{reference.score(session.X_test, session.y_test):.2f}")
    """),
    md("""
        Read the three numbers together, and in plain words:

        - The **twin** has exactly as many parameters as the circuit. It controls for
          **size**, not for what classical models can do. With 2 qubits it is a tanh layer
          with the handful of hidden units printed above; at that size it cannot represent
          many boundaries at all (a closed curve around the centre of `circles`, for one),
          and it may stay far behind however long it trains; when it loses, that says
          nothing about quantum against classical. Matching parameter counts does not match
          what each model finds easy either: angle encoding hands the circuit $\\cos$
          and $\\sin$ of the inputs for free.
        - The **tuned classical reference** answers the question "can a classical model do
          this?": logistic regression and an RBF support vector machine, tuned by
          cross-validation on the same training points, scored once on the same test points
          (the Playground shows it too, next to the twin).
        - A hybrid that beats its twin but not the tuned reference shows no quantum
          advantage; on these 2-feature problems, expect the reference to match or beat it.

        Try it on `circles`, `moons`, `xor` and `spirals`, with different qubit counts. When
        a classical model does as well, what does that say about the circuit's
        contribution? And how would you find out whether a difference you see is more than
        the luck of one seed? (Notebook 07 has the tools; notebook 09 asks you to use them.)

        More things to try:

        - Move from `angle` to `reuploading` encoding on `spirals`: does the boundary change
          shape?
        - Click a test point on either side of the boundary and compare the Bloch vectors.
        - Train with noise from the start, then remove it: does a model trained under noise
          cope better with noise?
        - Push the learning rate up until training becomes unstable.

        You can also open the Playground alone, without a notebook: `qnnlab playground` in a
        terminal.
    """),
    md("""
        ## Share, replay and teach

        **Links that replay a run.** `pg.permalink()` writes the whole state of a Playground
        (data, encoding, circuit, noise, training settings, seed and the epoch reached) as a
        short URL query; only what differs from a fresh Playground is written.
        `Playground.from_query(link)` builds the same Playground and trains it to the same
        epoch. Training is deterministic (every random choice has a seed), so the copy ends
        with the same weights and the same loss curve, to the last digit. `pg.to_json()` holds
        every setting and `Playground.from_json(text)` reads it back. In the workshop app
        (`qnnlab playground`) the **Copy link** button writes the address: open it in a new
        tab and the same screen comes back, trained. A link that was mistyped or tampered
        with gets a message and the defaults for the fields it got wrong, never an error.
    """),
    code("""
        small = Playground(dataset={"name": "circles", "n_samples": sized(full=200, fast=80)},
                           ansatz={"n_qubits": 2, "n_layers": 1},
                           training={"learning_rate": 0.1})
        small.train_epochs(sized(full=10, fast=3))
        link = small.permalink()
        print(link)
        copy = Playground.from_query(link)
        print("same loss curve:", copy.state.history["loss"] == small.state.history["loss"])
        for problem in LinkState.parse_query("qubits=many&colour=red").problems:  # mistyped
            print(problem)
    """),
    md("""
        The copy is a replay of the *final* settings from epoch 0: if you changed the learning
        rate or the noise during a run, the replay differs from there on (the Copy link box
        says so).

        **Instructor mode.** For a class, hide what would distract and lock what must stay:
        `Playground(hide=[...], lock=[...])`. A hidden control is not on the page at all; a
        locked one is greyed out, and its value is put back if anything changes it, a link
        included. The same works in the app's address, as in TensorFlow Playground:
        `http://127.0.0.1:8866/?token=...&hide=noise_picker,twin&lock=dataset`. A misspelt
        control name is an error that lists the valid names.
    """),
    code("""
        focused = Playground(dataset={"name": "xor", "n_samples": sized(full=200, fast=80)},
                             ansatz={"n_qubits": 2}, hide=["noise_picker", "twin"],
                             lock=["dataset", "qubits"])
        focused.ansatz_picker.value = {"n_qubits": 3}  # locked: put back, with a message
        print(focused.settings()["ansatz"]["n_qubits"], "-", focused.permalink())
    """),
    md("""
        **Challenges.** A challenge is a goal with limits on one dataset: it starts the
        Playground from its settings, locks the data, shows the goal above the controls and
        gives its verdict, with the reason, whenever training stops. The shipped ones:
    """),
    code("""
        for name, challenge in CHALLENGES.items():
            print(f"{name}: {challenge.goal}")
    """),
    md("""
        Open one with `Playground(challenge="circles-12-params")`, or in the app with
        `?challenge=circles-12-params` in the address. Writing your own takes a few lines:
        a `Challenge` with a name, the goal in words, the settings to start from and the
        limits, then `register` it (in the app, register it in the app's notebook).
    """),
    code("""
        register(Challenge(
            "moons-8-params", "At least 0.85 test accuracy on moons with at most 8 trainable "
            "parameters.", settings={"dataset": {"name": "moons"}}, dataset="moons",
            min_test_accuracy=0.85, max_parameters=8))
        challenge_pg = Playground(challenge="circles-12-params")
        challenge_pg
    """),
    *exercise(
        "8.4",
        "Solve a challenge, send the link",
        """
            Solve the challenge `circles-12-params` in the Playground above (at least 0.90
            test accuracy on circles with at most 12 trainable parameters, circuit and
            classical head together: the default circuit has far more). When its banner
            says *Challenge met*, pass `challenge_pg.permalink()` as your answer. The check
            replays your link in a fresh Playground: the link alone must solve the challenge.
        """,
        answer="answer = ...  # challenge_pg.permalink(), once the banner says Challenge met",
        check="check_challenge_link(answer)",
    ),
    md("""
        A solved challenge is one run with one seed: a good start for intuition, not a
        result. Change `seed` in the link (`&seed=1`) and replay it: does it still pass?
    """),
    md("""
        ## The instruments: measure the circuit, look inside the model

        The Playground also measures the circuit you pick and shows what goes on inside the
        trained model. Three instruments, in turn: the analysis card beside the ansatz
        picker, the views inside the model, and two more kinds of task (1-D functions to
        fit, data with three classes).

        ### The analysis card beside the ansatz picker

        Under the ansatz picker sits a grey card. It describes the circuit **alone, with
        random parameters**: no data, no training. Each number comes from
        `qnnlab.analysis` (notebooks 02 and 04 derive them); for the registered ansätze up
        to 6 qubits and 4 layers (default options) they come from a table shipped with
        qnnlab and appear at once; other settings are computed in the background, with a
        spinner meanwhile (up to 10 qubits).

        - **Expressibility (KL to Haar).** Draw many pairs of random parameter vectors and
          compute the overlap (fidelity) of the two states of each pair. Compare the
          histogram of these overlaps with that of truly random (Haar-random) states, by the
          Kullback-Leibler divergence (Sim et al. 2019). **0** means the circuit's random
          states spread over the whole state space like Haar-random ones; the grey "one
          fixed state" value is the other end, a circuit that always makes the same state.
        - **Entangling capability (Meyer-Wallach).** The average entanglement $Q$ of those
          random states, from 0 (product states; always 0 without two-qubit gates) to 1.
          Beside it, the average of Haar-random states of as many qubits,
          $(2^n - 2)/(2^n + 1)$.
        - **Gradient variance at random start.** How much the slope $\\partial C /
          \\partial\\theta_k$ of a cost varies over random initialisations, averaged over all
          parameters; "global" is the cost $1 - p(|0\\ldots0\\rangle)$, "local" the average
          over single qubits. The gradients are centred on 0, so a small variance means
          almost every gradient is tiny: resolving one on hardware takes about
          $1/\\mathrm{Var}$ shots. Below $10^{-3}$ the card warns of small gradients, below
          $10^{-4}$ of a **barren plateau**.

        What they do **not** say. None of them knows your data: a more expressive or more
        entangling circuit is **not** a better classifier, and a circuit with a poor score
        on the card may suit a task well. The barren-plateau warning is about
        **trainability at this width and depth** from a random start: the landscape is so
        flat that gradient steps cannot find their way (McClean et al. 2018). It says
        nothing about whether good weights exist, and it gets worse with every qubit.

        The same card as in the Playground, shown for three sizes of one ansatz (`show` is
        what the Playground calls when the picker changes; `insight` holds the numbers):
    """),
    code("""
        card = InsightPanel({"ansatz": "strongly_entangling", "n_qubits": 2, "n_layers": 1})
        for n_qubits, n_layers in ((2, 1), (4, 2), (6, 4)):
            card.show({"ansatz": "strongly_entangling", "n_qubits": n_qubits,
                       "n_layers": n_layers})
            i = card.insight
            print(f"n_qubits={i.n_qubits}, n_layers={i.n_layers}: expressibility "
                  f"{i.expressibility:.3f}, entangling {i.entangling_capability:.2f} "
                  f"(Haar {i.haar_entangling_capability:.2f}), gradient variance "
                  f"{i.gradient_variance_global:.1e} ({i.barren_level}: about "
                  f"{i.shots_per_gradient:,.0f} shots per gradient)")
        card  # the card of the last one, with its warning
    """),
    md("""
        From 2 qubits and 1 layer to 6 qubits and 4 layers, the circuit's random states
        come ever closer to Haar-random ones (expressibility towards 0, entanglement at the
        Haar value), and the gradient variance falls by more than two orders of magnitude,
        into the barren-plateau range: the circuit that looks "best" by expressibility and
        entanglement is the hardest to train from a random start. In the Playground the
        card follows the ansatz picker; move its sliders and watch it.
    """),
    *exercise(
        "8.5",
        "Which circuit keeps its gradients?",
        """
            Two circuits of the same size, 6 qubits and 4 layers: **A**
            `strongly_entangling` (the last line above) and **B** `sim_1`, which has no
            two-qubit gate at all (`GRADIENT_PAIR` holds both). First predict: which has the
            **larger** gradient variance at a random start? Then look at B's card
            (`InsightPanel(GRADIENT_PAIR["b"])`, or the ansatz picker) and answer `"a"` or
            `"b"`.
        """,
        answer='answer = ...  # "a" or "b"',
        check="check_larger_gradients(answer)",
    ),
    md("""
        ### Views inside the model

        Below the Playground's figure, the checkbox **Inside the model** opens a second
        figure (off by default: nothing is computed while it is closed):

        - **Bloch spheres**, one per qubit, for the selected test point: the path from
          $|0\\rangle$ through every stage of the circuit (each encoding, each ansatz layer),
          from light to dark, and the final Bloch vector as a purple line. A vector shorter
          than 1 means the qubit is entangled with others (or noisy): its own state is
          mixed. This is the per-layer view of Fraunhofer AISEC's qml-playground.
        - **⟨Z⟩ heatmaps**, one per qubit, over the whole input plane: what each qubit
          measures, the quantum counterpart of TensorFlow Playground's neuron thumbnails.
          The classical head combines these maps into the decision boundary.
        - **Fourier panels** along $x_1$ and $x_2$ through the selected point: bars are the
          trained model's coefficients $|c_\\omega|$, orange triangles the frequencies the
          encoding makes available. The triangles depend on the encoding alone, the bars on
          the weights: training can only use frequencies the encoding provides.

        From code, the checkbox is `model_views.toggle`. Here with the re-uploading
        encoding (without trainable input scaling, so that the frequencies stay whole
        numbers):
    """),
    code("""
        uploads = {"encoding": "reuploading", "encoding_options": {"trainable_scaling": False}}
        inside = Playground(dataset={"name": "moons", "n_samples": sized(full=200, fast=80)},
                            encoding=uploads, ansatz={"n_qubits": 2, "n_layers": 2},
                            training={"learning_rate": 0.1})
        inside.train_epochs(sized(full=15, fast=2))
        inside.model_views.toggle.value = True  # tick "Inside the model"
        inside
    """),
    md("""
        The numbers behind the spheres and the Fourier panel, read programmatically:
        `layer_bloch_vectors` is what the spheres draw, and the figure's traces hold the
        Fourier panel.
    """),
    code("""
        views = inside.model_views
        point = inside.state.selected_point
        layers = layer_bloch_vectors(inside.session.model, inside.session.X_test[point])
        for stage, vectors in zip(layers.stages, layers.bloch):
            print(f"after {stage:<10}: " + "; ".join(
                f"q{k} (<X>, <Y>, <Z>) = {np.round(v, 2)}, length {np.linalg.norm(v):.2f}"
                for k, v in enumerate(vectors)))
        print("frequencies the encoding allows along x1:", list(views.trace("available x1").x))
        print("model |c_w| along x1, w = 0, 1, 2, 3:",
              [round(c, 3) for c in views.trace("fourier x1").y[:4]])
    """),
    md("""
        After the first encoding every vector has length 1, and each later encoding keeps
        the lengths: rotations of single qubits entangle nothing. Only the ansatz layers,
        with their two-qubit gates, change them. With two qubits in a pure state
        both vectors always have the same length: they share one entanglement. Along
        $x_1$ the model has no coefficient above the frequencies the encoding allows (the
        bar at $\\omega = 3$ is 0 whatever the weights).

        Each feature is uploaded once per layer, so the number of layers sets the
        frequencies. Change it and look at the orange triangles (changing the circuit
        starts over; one epoch is enough to redraw):
    """),
    code("""
        for n_layers in (1, 2):
            inside.ansatz_picker.value = {"n_layers": n_layers}
            inside.train_epochs(1)
            print(f"{n_layers} upload(s) of x1: the encoding allows |w| in "
                  f"{list(views.trace('available x1').x)}")
    """),
    *exercise(
        "8.6",
        "How high can a serial re-uploading model go?",
        """
            One qubit, one feature $x$, uploaded $r = 3$ times (three re-uploading layers,
            without trainable scaling). What is the **highest frequency** $\\omega$ the
            model can contain? Reason first, then check in a Playground on a 1-D dataset
            (next section): its Fourier panel says "reach ω ≤ ...".
        """,
        answer="answer = ...  # a whole number",
        check="check_highest_frequency(answer)",
    ),
    md("""
        ### Fitting 1-D functions

        The dataset picker also offers four functions of one variable on $[-\\pi, \\pi]$,
        with noise on $y$: `sine`, `step`, `polynomial` (a cubic) and `fourier`
        ($0.1 + 0.3(\\cos x + \\sin x + \\cos 2x + \\sin 2x)$). The network then fits
        $y = f(x)$: mean squared error as the loss, **R²** as the score (1: perfect;
        0: no better than predicting the mean; negative: worse). The decision-boundary
        panel becomes the fitted curve beside the noise-free target, and the Bloch panel
        the Fourier panel: $|c_\\omega|$ of the model and of the target, and how far the
        encoding reaches. (The views inside the model need a 2-D input plane and hide.)

        `fourier` has half of its variation at $\\omega = 1$ and half at $\\omega = 2$.
        With one upload the model reaches $\\omega \\le 1$ only; with two it reaches 2:
    """),
    code("""
        fit = Playground(dataset={"name": "fourier", "n_samples": sized(full=120, fast=60)},
                         encoding=uploads, ansatz={"n_qubits": 1, "n_layers": 1},
                         training={"learning_rate": 0.1})  # the same encoding as above
        display(fit)
        for n_layers in (1, 2):
            fit.ansatz_picker.value = {"n_layers": n_layers}  # starts over
            state = fit.train_epochs(sized(full=30, fast=5))
            spectra = fit.session.spectra()                  # the Fourier panel's numbers
            print(f"{n_layers} upload(s), reach w <= {spectra.available:g}: |c_w| for w = 0, "
                  f"1, 2: model {np.round(spectra.model[:3], 2)}, target "
                  f"{np.round(spectra.target[:3], 2)}; test R² {state.test_accuracy:.2f}")
        share = spectra.target[1] ** 2 / np.sum(spectra.target[1:] ** 2)
        print(f"share of the target's variation at w = 1: {share:.2f}")
    """),
    md("""
        With one upload the model has no $\\omega = 2$ term at all (its bar is 0 whatever
        the weights), so it can capture at most the half of the target's variation that
        sits at $\\omega = 1$: its R² cannot get much above 0.5, however long it trains.
        With two uploads the $\\omega = 2$ bar appears and the R² rises. The `step` target
        has frequencies without end: no finite number of uploads fits its jump exactly.

        Is the fitted curve good *for a model*? The Playground's tuned classical reference
        (shown with the twin) answers that: ridge regression and an RBF support vector
        regressor, tuned by cross-validation on the same training points, scored once on
        the same test points.
    """),
    code("""
        session = fit.session
        reference = tuned_regression_reference(session.X_train, session.y_train,
                                               random_state=0)
        print(f"hybrid, {fit.settings()['ansatz']['n_layers']} uploads: test R² "
              f"{state.test_accuracy:.2f} ({len(session.y_test)} test points)")
        print(f"tuned classical reference ({reference.name}): test R² "
              f"{reference.score(session.X_test, session.y_test):.2f}")
    """),
    md("""
        Read these two numbers with care. A smooth function of one variable is easy for
        the reference too; a hybrid that comes close to it has learnt the curve, not
        shown an advantage, and with a few dozen test points a difference of a few
        hundredths of R² is within the luck of the split. (In CI's fast mode the hybrid
        trains only a few epochs and stays behind.)
    """),
    *exercise(
        "8.7",
        "Fit the sine",
        """
            Make a Playground on `sine` (one qubit is enough), train it to a **test R² of
            at least 0.9**, and report that R² with two decimals. The check recomputes it
            with scikit-learn's `r2_score` on your Playground's own predictions. Where does
            the Playground show it, and which of its numbers is *not* it?
        """,
        answer="""
            pg_sine = ...  # your Playground on sine, trained
            answer = ...   # its test R², e.g. 0.95
        """,
        check="check_sine_r2(answer, pg_sine)",
    ),
    md("""
        ### Three classes

        `blobs` (three Gaussian blobs), `spirals_3` (three interleaved spiral arms), and
        the real `iris` and `wine` data, reduced to 2 features by a PCA fitted on the
        training part, have three classes. The head then has one output per class
        (softmax), the boundary panel colours each region by its most likely class, and
        the selected point's title lists every class probability. Each model below is
        printed with a 95% interval for its test accuracy (`accuracy_interval` of notebook
        07, over the test points of this one split):
    """),
    code("""
        for name in ("blobs", "spirals_3"):
            multi = Playground(dataset={"name": name, "n_samples": sized(full=150, fast=90)},
                               ansatz={"n_qubits": 2, "n_layers": 2},
                               training={"learning_rate": 0.1})
            state = multi.train_epochs(sized(full=20, fast=3))
            session = multi.session
            reference = tuned_classical_reference(session.X_train, session.y_train,
                                                  random_state=0)
            n = len(session.y_test)
            for label, score in (("hybrid", state.test_accuracy),
                                 (f"tuned {reference.name}",
                                  reference.score(session.X_test, session.y_test))):
                _, low, high = accuracy_interval([SeedOutcome(round(score * n), n)])
                print(f"{name:>9} ({session.n_classes} classes), {label:<31}: test accuracy "
                      f"{score:.2f}  [{low:.2f}, {high:.2f}]  on {n} test points")
        multi
    """),
    md("""
        On these two datasets the hybrid is nowhere ahead of the tuned reference: where
        they tie, both separate the classes; where the reference is ahead (three spiral
        arms are hard for two qubits and a few epochs), the gap is larger than one or two
        test points. The intervals are wide, though: on a few dozen test points one
        prediction moves the accuracy by several hundredths, so a gap inside the
        intervals says nothing either way. Try `iris` and `wine` and more qubits or
        layers; to turn an impression into evidence, use several seeds and the paired
        tests of notebook 07.
    """),
    summary(
        [
            "Every picker's `.value` is a plain dict of settings the core accepts "
            "(`CircuitConfig(**encoding.value, **ansatz.value)`); invalid choices show a "
            "message and set `.valid` to False.",
            "The Playground trains a hybrid network live; `train_steps`, `train_epochs` and "
            "`state` give the same control from code.",
            "Changing noise after training re-evaluates the same weights: at realistic gate "
            "error rates (about 1%) this small circuit keeps its accuracy; it takes several "
            "percent per gate, adding up over the gates, before predictions flip.",
            "The classical twin controls for size only; a tuned classical reference on the "
            "same split says what classical models can do. One run is intuition, not evidence.",
            "`pg.permalink()` and `Playground.from_query` replay a run exactly (deterministic "
            "training); `hide=`, `lock=` and `challenge=` (also in the app's address) turn the "
            "Playground into a lesson.",
            "The analysis card describes the circuit alone, with random parameters: "
            "expressibility and entangling capability against Haar-random states, and the "
            "gradient variance with a barren-plateau warning. A more expressive circuit is not "
            "a better classifier, and the most Haar-like circuits are the hardest to train "
            "from a random start.",
            "Inside the model: each qubit's Bloch vector after every stage (shorter than 1: "
            "entangled), its ⟨Z⟩ over the input plane, and the Fourier spectrum. The encoding "
            "decides which frequencies exist (one more per upload); training only chooses "
            "their coefficients.",
            "1-D regression (R², fitted curve, spectra of model and target) and three-class "
            "data train like the rest; on these small tasks the tuned classical reference is "
            "at least as good, and a few dozen test points cannot separate small gaps.",
        ],
        outro="""
            Next, the capstone: design, run and report a small study of your own.
        """,
    ),
    navigation(8),
]

if __name__ == "__main__":
    build(8, cells)
