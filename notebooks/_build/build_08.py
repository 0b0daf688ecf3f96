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
            challenges to test your intuition.
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
        ],
        prerequisites="Notebooks [01](01-encodings.ipynb) to [05](05-noise.ipynb). The widgets "
        "need a live Jupyter kernel (JupyterLab, Notebook, VS Code or Voilà); on a static page "
        "you see the code but no controls.",
        minutes=30,
    ),
    code("""
        import qnnlab
        from qnnlab.baselines import tuned_classical_reference
        from qnnlab.circuits import CircuitConfig
        from qnnlab.exercises import reveal
        from qnnlab.exercises.nb08 import (check_ansatz_parameters, check_challenge_link,
                                           check_circles_challenge, check_noise_threshold,
                                           noisy_accuracy)
        from qnnlab.settings import sized
        from qnnlab.widgets import (AnsatzPicker, DatasetPicker, EncodingPicker, NoisePicker,
                                    Playground, TrainingControls)
        from qnnlab.widgets.challenges import CHALLENGES, Challenge, register
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
        ],
        outro="""
            Next, the capstone: design, run and report a small study of your own.
        """,
    ),
    navigation(8),
]

if __name__ == "__main__":
    build(8, cells)
