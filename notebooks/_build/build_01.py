"""Build notebooks/01-encodings.ipynb: qubits, Bloch spheres, six data encodings and their cost."""

from common import build, code, exercise, header, md, navigation, summary

cells = [
    *header(
        1,
        intro="""
            A quantum circuit cannot read a spreadsheet. Before a quantum layer can do anything
            with your data, every feature has to be turned into something a qubit understands:
            a rotation, an amplitude, a bit. That step is the **data encoding** (or *embedding*),
            and it shapes everything the model can learn.
        """,
        goals=[
            "describe the state of a qubit by its probabilities, its ⟨Z⟩ and its Bloch vector",
            "encode features with angle, dense angle, amplitude, basis, IQP and re-uploading "
            "encodings, and read the resulting states",
            "compute ⟨Z⟩ of a rotated qubit by hand",
            "estimate what an encoding costs in qubits and gates",
        ],
        prerequisites="[00 · Start here](00-start-here.ipynb). Complex numbers help but are "
        "not required.",
        minutes=45,
    ),
    code("""
        import numpy as np
        import pandas as pd
        import pennylane as qml
        import plotly.express as px

        import qnnlab
        from qnnlab import CircuitConfig, build_qnode, encodings, plots
        from qnnlab.analysis import available_spectrum
        from qnnlab.circuits import init_weights
        from qnnlab.exercises import reveal
        from qnnlab.exercises.nb01 import (
            check_amplitude_qubits,
            check_expval_ry,
            check_which_encoding,
        )
    """),
    md(r"""
        ## One qubit

        A qubit's state is a combination of the two basis states $|0\rangle$ and $|1\rangle$:

        $$|\psi\rangle = \alpha|0\rangle + \beta|1\rangle, \qquad |\alpha|^2 + |\beta|^2 = 1 .$$

        Measuring it gives 0 with probability $P(0) = |\alpha|^2$ and 1 with probability
        $P(1) = |\beta|^2$. Our quantum layers report the **expectation value of Z**, the
        average of $+1$ (for outcome 0) and $-1$ (for outcome 1):

        $$\langle Z\rangle = P(0) - P(1) \in [-1, 1].$$

        Every single-qubit state is a point on the **Bloch sphere**: the vector
        $(\langle X\rangle, \langle Y\rangle, \langle Z\rangle)$. The north pole is
        $|0\rangle$, the south pole $|1\rangle$, the equator holds the equal superpositions.
        Let us measure it with PennyLane, after rotating the qubit by an angle $x$ about the
        X, Y or Z axis.
    """),
    code("""
        ROTATIONS = {"X": qml.RX, "Y": qml.RY, "Z": qml.RZ}


        @qml.qnode(qml.device("default.qubit", wires=1))
        def bloch_vector(x, rotation="Y"):
            ROTATIONS[rotation](x, wires=0)  # one feature x as a rotation angle
            return [qml.expval(qml.PauliX(0)), qml.expval(qml.PauliY(0)), qml.expval(qml.PauliZ(0))]


        np.round(bloch_vector(np.pi / 2, "Y"), 3)  # RY(π/2)|0> lies on the equator: (1, 0, 0)
    """),
    md(r"""
        ## Angle encoding: a feature becomes a rotation

        The simplest encoding rotates qubit $i$ by the feature $x_i$:
        $|\psi(x)\rangle = \bigotimes_i R_Y(x_i)|0\rangle$ with
        $R_Y(x)|0\rangle = \cos\frac{x}{2}|0\rangle + \sin\frac{x}{2}|1\rangle$.
        That is why our datasets scale features into $[0, \pi]$: $x = 0$ is the north pole,
        $x = \pi$ the south pole. Here are the paths the Bloch vector takes as $x$ sweeps
        from $0$ to $\pi$, for each rotation axis (drag to rotate the view):
    """),
    code("""
        xs = np.linspace(0, np.pi, 30)
        paths = pd.concat([
            pd.DataFrame(dict(zip("XYZ", bloch_vector(xs, axis)), rotation=f"R{axis}", x=xs))
            for axis in ROTATIONS
        ])
        plots.bloch_paths_figure(paths)
    """),
    md("""
        - **RY** moves the state in the x-z plane from $|0\\rangle$ to $|1\\rangle$: the
          probabilities change with the feature.
        - **RX** does the same in the y-z plane (with a complex phase on $|1\\rangle$).
        - **RZ** does not move the state at all (the diamond at the north pole):
          $|0\\rangle$ sits on the Z axis, and a rotation about that axis leaves it where it
          is. A feature encoded by RZ on a fresh qubit is *lost*
          unless a gate first moves the qubit off the pole (IQP starts with Hadamards for
          exactly this reason).

        One qubit holds one feature this way; four features need four qubits.
    """),
    *exercise(
        "1.1",
        "⟨Z⟩ by hand",
        r"""
            The qubit starts in $|0\rangle$ and is rotated by $R_Y(\pi/3)$. What is
            $\langle Z\rangle$? Work it out on paper from the formulas above (a number, to
            three decimals), then check it - and only then with `bloch_vector`.
        """,
        answer="answer = ...  # a number between -1 and 1",
        check="check_expval_ry(answer)",
    ),
    md(r"""
        ## Many qubits: $2^n$ probabilities

        The state of $n$ qubits has $2^n$ amplitudes, one per basis state
        $|00\ldots0\rangle, \ldots, |11\ldots1\rangle$ (qubit 0 is the leftmost bit). The small
        helper below encodes a feature vector `x` with one of qnnlab's encodings - and nothing
        else: zero trainable layers - and returns the $2^n$ probabilities.
    """),
    code("""
        def probabilities(encoding, x, n_qubits=2, **options):
            qnode = build_qnode(encoding, n_qubits=n_qubits, n_layers=0, measurement="probs",
                                encoding_options=options)
            return np.asarray(qnode(np.asarray(x, dtype=float), init_weights(qnode.config)))


        x = np.array([0.5, 2.5])
        p = probabilities("angle", x)
        p, np.cos(0.5 / 2) ** 2 * np.sin(2.5 / 2) ** 2  # P(01) = P(q0 = 0) · P(q1 = 1)
    """),
    md("""
        For angle encoding the qubits are independent (a *product state*), so each
        probability is a product of one-qubit probabilities - check $P(01)$ above.

        ## Six encodings

        qnnlab has six encodings; each has a one-line description:
    """),
    code("""
        pd.set_option("display.max_colwidth", None)
        pd.DataFrame(encodings.describe())
    """),
    md("""
        Let us encode the same two features $x = (0.5, 2.5)$ on two qubits with each of them
        and compare the probabilities of the four basis states.
    """),
    code("""
        compare = pd.DataFrame([
            {"encoding": name, "basis state": f"|{i:02b}>", "probability": prob}
            for name in encodings.available()
            for i, prob in enumerate(probabilities(name, x))
        ])
        px.bar(compare, x="basis state", y="probability", facet_col="encoding", facet_col_wrap=3,
               range_y=[0, 1], height=450)
    """),
    md(r"""
        How to read this:

        - **angle** and **reuploading** agree: with no trainable layers in between,
          re-uploading *is* angle encoding, done once.
        - **dense_angle** puts *two* features on each qubit: $x_0$ as an RY angle and $x_1$ as
          an RZ angle. With only two features it re-uses them (features are tiled:
          $(x_0, x_1, x_0, x_1)$). The RZ part only changes phases, which probabilities do not
          see - but later gates do. Tiling is not free: see *Tiling doubles the frequencies*
          below.
        - **amplitude** writes the normalised features into the amplitudes:
          $|\psi\rangle = \sum_i \frac{x_i}{\lVert x\rVert} |i\rangle$, padding with zeros, so
          $P = (0.5^2, 2.5^2, 0, 0)/6.5$.
        - **basis** thresholds each feature at $\pi/2$: $(0.5, 2.5) \to$ bits $(0, 1)$, the
          single basis state $|01\rangle$.
        - **iqp** starts with Hadamards (all four states equally likely) and then only adds
          phases, $e^{i x_0}$-style and $e^{i x_0 x_1}$-style; one repetition leaves the
          probabilities flat. All information sits in the phases.

        Three consequences that surprise people, checked in code:
    """),
    code("""
        print("amplitude, x and 2x:", probabilities("amplitude", x),
              probabilities("amplitude", 2 * x))
        print("iqp with 2 repetitions:", probabilities("iqp", x, n_repeats=2).round(3))
        print("angle with RZ, x0 = 0.3 vs 2.3:",
              probabilities("angle", [0.3], n_qubits=1, rotation="Z"),
              probabilities("angle", [2.3], n_qubits=1, rotation="Z"))
    """),
    md("""
        - Amplitude encoding **forgets the length** of the feature vector: $x$ and $2x$ give the
          same state. If the length matters for your task, add it as an extra feature.
        - Repeating IQP lets the phases interfere, and the probabilities start to depend on
          the data.
        - RZ angle encoding on a fresh qubit is blind to the feature, as the Bloch sphere
          showed.

        ## Re-uploading: encoding more than once

        A model $f(x) = \\langle Z\\rangle$ with the feature encoded *once* as an angle can only
        be a sinusoid of $x$: $a + b\\cos x + c\\sin x$. **Data re-uploading** encodes $x$
        again before every trainable layer, $W_L\\,S(x)\\cdots W_1\\,S(x)|0\\rangle$, and each
        repetition adds a higher frequency: with $L$ uploads, $f$ is a Fourier series with
        frequencies up to $L$ (Schuld, Sweke & Meyer, *Phys. Rev. A* 103, 032430 (2021)). Here
        is one qubit with random trainable weights and $L = 1, 2, 4$ uploads:
    """),
    code("""
        grid = np.linspace(0, 2 * np.pi, 200)[:, None]  # 200 inputs, one feature each
        curves = []
        for uploads in (1, 2, 4):
            config = CircuitConfig("reuploading", n_qubits=1, n_layers=uploads)
            [z] = build_qnode(config=config)(grid, init_weights(config, random_state=1))
            curves.append(pd.DataFrame({"x": grid[:, 0], "<Z>": z, "uploads": str(uploads)}))
        px.line(pd.concat(curves), x="x", y="<Z>", color="uploads", height=350)
    """),
    md("""
        More uploads, more wiggles: the model *can* express more complicated functions of
        $x$. Notebook 06 shows where these frequencies come from and what depth without
        re-uploading adds (nothing); whether training then *finds* the coefficients a given
        target needs is a separate question, which this course does not answer in general.

        ### Tiling doubles the frequencies

        Re-uploading is not the only way a feature can enter twice. When a circuit has more
        encoding slots than the data has features, qnnlab **tiles** the features: two
        features on four angle-encoded qubits become $(x_0, x_1, x_0, x_1)$, and dense angle
        encoding on two qubits does the same. Each copy is one more upload, in parallel
        instead of in series, so the frequencies in $x_0$ double. `available_spectrum` lists
        the frequencies of $x_0$ that each circuit can produce:
    """),
    code("""
        for name, n in [("angle", 2), ("angle", 4), ("dense_angle", 2)]:
            config = CircuitConfig(name, n_qubits=n, n_layers=1, n_features=2)
            spectrum = available_spectrum(config, init_weights(config), np.zeros(2), feature=0)
            print(f"{name:11s} on {n} qubits, 2 features: frequencies of x0 = {spectrum.tolist()}")
    """),
    md("""
        So the model of notebook 00 (4 qubits, 2 features) is already a richer function of
        its inputs than the 2-qubit version, before any trainable gate is counted: keep that in
        mind when you compare models with different numbers of qubits.

        ## How many qubits does an encoding need?

        Qubits are the scarcest resource. Each encoding knows how many it needs for $d$
        features (`qubits_for`):
    """),
    code("""
        pd.DataFrame({
            name: {d: encodings.get(name).qubits_for(d) for d in (2, 4, 8, 30, 100, 1000)}
            for name in ("angle", "dense_angle", "amplitude")
        }).rename_axis("features")
    """),
    md("""
        Angle-type encodings grow linearly; amplitude encoding grows logarithmically -
        a thousand features on ten qubits. That sounds like magic. The catch is in the gates,
        right after this exercise.
    """),
    *exercise(
        "1.2",
        "Qubits for amplitude encoding",
        """
            A dataset has **10 features**. How many qubits does amplitude encoding need to hold
            them all? Think first; the table above does not list 10.
        """,
        answer="answer = ...  # a whole number of qubits",
        check="check_amplitude_qubits(answer)",
    ),
    md("""
        ## What each encoding costs in gates

        `qnnlab.resources` counts the gates a circuit runs as a compiler for real hardware would
        see them: it decomposes the circuit into common hardware gates (single-qubit rotations,
        Hadamard, CNOT, CZ, controlled rotations, ...; the set is
        `qnnlab.resource_count.HARDWARE_GATES`) and counts them with PennyLane's `qml.specs`.
        A template such as amplitude encoding's state preparation or IQP's `MultiRZ` is
        therefore counted by the gates it becomes, not as one gate. The counts are for one
        typical input (random positive features). Here each encoding alone on 4 qubits, with
        as many features as it can take:
    """),
    code("""
        rows = []
        for name in encodings.available():
            config = CircuitConfig(name, n_qubits=4, n_layers=0,
                                   n_features=encodings.get(name).capacity(4))
            cost = qnnlab.resources(config)
            rows.append({"encoding": name, "features": config.n_features, "gates": cost["gates"],
                         "two-qubit gates": cost["two_qubit_gates"], "depth": cost["depth"],
                         "gate types": cost["gate_counts"]})
        pd.DataFrame(rows)
    """),
    md("""
        `qnnlab.draw` draws the circuit as the simulator runs it, *without* that
        decomposition: the simulator applies a `MultiRZ` or a whole state preparation as one
        operation.
    """),
    code("""
        print(qnnlab.draw(CircuitConfig("iqp", n_qubits=3, n_layers=0)))
    """),
    md("""
        Two entries need a second look:

        - **IQP** entangles every pair of qubits with a `MultiRZ` gate
          ($e^{-i x_j x_k Z_j Z_k / 2}$), one box each in the drawing. Hardware runs it as
          CNOT · RZ · CNOT, and that is how the table counts it: 2 CNOTs for each of the 6
          pairs of 4 qubits, 12 in all. The two-qubit cost grows like $n^2$.
        - **amplitude** needs 14 CNOTs on 4 qubits. A simulator simply writes the 16
          amplitudes into memory, but a real quantum computer has to *prepare* the state from
          elementary gates; PennyLane decomposes it (Möttönen et al.'s state preparation) into
          RY rotations and CNOTs. How does that grow with the number of qubits?
    """),
    code("""
        native = []
        for n in range(2, 8):
            cost = qnnlab.resources(CircuitConfig("amplitude", n_qubits=n, n_layers=0,
                                                  n_features=2**n))
            native.append({"qubits": n, "features": 2**n, **cost["gate_counts"],
                           "depth": cost["depth"]})
        pd.DataFrame(native)
    """),
    md("""
        $2^n - 2$ CNOTs and $2^n - 1$ RY rotations: the gate count grows **exponentially in the
        number of qubits** - which is linearly in the number of features. The exact count
        depends on the data: PennyLane leaves out rotations whose angle is 0, and signed
        amplitudes need extra phase gates. The same circuit for three kinds of input:
    """),
    code("""
        from qnnlab.resource_count import HARDWARE_GATES

        qnode = build_qnode("amplitude", n_qubits=4, n_layers=0)
        decomposed = qml.transforms.decompose(qnode, gate_set=HARDWARE_GATES)
        rng = np.random.default_rng(0)
        for label, x16 in {"all 0.5": np.full(16, 0.5), "positive": rng.uniform(0, np.pi, 16),
                           "signed": rng.uniform(-1, 1, 16)}.items():
            specs = qml.specs(decomposed, level="device")(x16, init_weights(qnode.config))
            print(f"{label:>8}:", specs.to_dict()["resources"]["gate_types"])
    """),
    md("""
        General positive data needs $2^n - 1 = 15$ RY rotations; signed data needs RZ phase
        gates and twice the CNOTs on top. Either way, loading $d$ numbers costs about $d$ gates
        no matter how cleverly we store them. This *input problem* is one reason why claims of
        exponential speed-ups in quantum machine learning deserve scrutiny.
    """),
    *exercise(
        "1.3",
        "Which encoding made this state?",
        """
            The features $x = (1, 2, 2, 0)$ were encoded on **two** qubits (no trainable
            layers), and the four basis states came out with probabilities

            | $|00\\rangle$ | $|01\\rangle$ | $|10\\rangle$ | $|11\\rangle$ |
            |---|---|---|---|
            | 0.111 | 0.444 | 0.444 | 0 |

            Which encoding was it? Answer with its name as a string, e.g. `"basis"`. You may
            test your guess with `probabilities(name, [1, 2, 2, 0])`.
        """,
        answer="answer = ...  # an encoding name, e.g. \"basis\"",
        check="check_which_encoding(answer)",
    ),
    summary(
        [
            "A qubit's state is a point on the Bloch sphere; our layers measure "
            "⟨Z⟩ = P(0) - P(1), and for $R_Y(x)|0\\rangle$ that is $\\cos x$.",
            "**Angle** encoding: one feature per qubit as a rotation (RY, RX; RZ alone is "
            "blind on $|0\\rangle$). **Dense angle**: two per qubit. **Basis**: one bit per "
            "qubit. **IQP**: Hadamards plus data-dependent phases and entanglement. "
            "**Re-uploading**: angle encoding before every layer - higher frequencies.",
            "**Amplitude** encoding stores $2^n$ features on $n$ qubits but forgets their "
            "length and costs about $2^n$ CNOTs to prepare on hardware.",
            "Always count both qubits and gates: `qnnlab.resources` counts the hardware gates "
            "a circuit decomposes into, `qnnlab.draw` shows it, `qml.specs` counts any QNode.",
        ],
        outro="Next: the trainable half of the circuit, the variational ansatz.",
    ),
    navigation(1),
]

if __name__ == "__main__":
    build(1, cells)
