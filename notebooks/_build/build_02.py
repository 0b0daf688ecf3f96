"""Build notebooks/02-variational-circuits.ipynb (run: python notebooks/_build/build_02.py)."""

from common import build, code, exercise, header, md, navigation, summary

cells = [
    *header(
        2,
        intro="""
            The trainable half of a quantum model is a *variational circuit* (an **ansatz**):
            a fixed pattern of gates whose rotation angles are the weights. Which pattern should
            you pick? This notebook measures two properties that are often used to compare
            ansätze *before* any training (expressibility and entangling capability), and then
            asks the honest question: what does a "better" circuit actually buy you?""",
        goals=[
            "list the ansätze qnnlab offers, draw them and count their parameters, depth and "
            "two-qubit gates",
            "explain **expressibility** (how close random circuit states come to Haar-random "
            "states, as a KL divergence) and compute it for a circuit",
            "explain **entangling capability** (the mean Meyer-Wallach entanglement) and compute "
            "it",
            "reproduce the expressibility-vs-entanglement map of the 19 circuits of Sim et al. "
            "(2019) for a subset of them",
            "weigh what more expressibility costs (parameters, depth, trainability) and why it "
            "is not the same thing as accuracy",
        ],
        prerequisites="""
            [01 · Qubits and data encodings](01-encodings.ipynb): qubits, rotation gates,
            state vectors and measurements.""",
        minutes=45,
    ),
    md("""
        ## Setup

        `sized(full=..., fast=...)` picks smaller sample counts when the environment variable
        `QNNLAB_FAST=1` is set (that is how the notebooks are tested); you get the full sizes."""),
    code("""
        import numpy as np
        import pandas as pd

        import qnnlab
        from qnnlab import CircuitConfig, ansatze, plots
        from qnnlab.analysis import (compare_ansatze, entangling_capability, expressibility,
                                     meyer_wallach)
        from qnnlab.exercises.nb02 import (check_haar_mean_fidelity, check_more_expressible,
                                           check_sim5_parameters)
        from qnnlab.exercises import reveal
        from qnnlab.settings import sized

        N_SAMPLES = sized(full=2000, fast=300)   # random parameter pairs per circuit"""),
    md("""
        ## 1. Ansätze: layers of trainable gates

        An ansatz is a **layer** of gates repeated $L$ times: single-qubit rotations
        $R(\\theta)$ whose angles are trainable, and (usually) two-qubit gates that entangle the
        qubits. Every weight of the circuit lives in one flat vector $\\boldsymbol\\theta$, so
        "how many parameters?" is simply its length.

        qnnlab has the common ansätze of the literature plus the 19 circuits that Sim, Johnson
        and Aspuru-Guzik drew in their 2019 paper, named `sim_1` ... `sim_19`:"""),
    code("""
        catalogue = pd.DataFrame(ansatze.describe())
        catalogue.head(8)"""),
    md("""
        Drawings show what a layer contains. `qnnlab.draw` draws the whole circuit (the
        encoding of the input comes first, here an `RY` angle per qubit, then the ansatz).
        `sim_1` has rotations only; `sim_5` adds controlled-RZ gates between every pair of
        qubits; `sim_9` uses Hadamards, a ladder of CZ gates and one RX per qubit."""),
    code("""
        for name in ["sim_1", "sim_9"]:
            print(name)
            print(qnnlab.draw(CircuitConfig("angle", name, n_qubits=4, n_layers=1)), "\\n")"""),
    code("""
        sim5 = CircuitConfig("angle", "sim_5", n_qubits=4, n_layers=1)
        print(qnnlab.draw(sim5, decimals=None))"""),
    md("""
        What each circuit costs: trainable parameters (per layer and in total), circuit
        **depth** (the longest chain of gates, roughly the run time on hardware) and the number
        of **two-qubit gates** (the noisiest operations on real devices).
        `qnnlab.resources` counts them with PennyLane's `qml.specs`, on the circuit
        decomposed into hardware gates (see notebook 01)."""),
    code("""
        rows = []
        for name in ["sim_1", "sim_2", "sim_5", "sim_9", "sim_14", "strongly_entangling"]:
            r = qnnlab.resources(CircuitConfig("angle", name, n_qubits=4, n_layers=2))
            rows.append({"ansatz": name, "params per layer": ansatze.get(name).n_params(4, 1),
                         "params (L=2)": r["quantum_params"], "depth": r["depth"],
                         "two-qubit gates": r["two_qubit_gates"]})
        pd.DataFrame(rows).set_index("ansatz")"""),
    *exercise(
        "2.1",
        "Counting parameters",
        """
            How many trainable parameters has `sim_5` on **4 qubits with 2 layers**? Work it
            out from the drawing above (count the gates with an angle in one layer), then
            confirm with qnnlab.""",
        answer="answer = ...  # a whole number",
        check="check_sim5_parameters(answer)",
    ),
    md("""
        ## 2. Expressibility: how much of the state space does the circuit reach?

        Draw two parameter vectors at random (uniformly in $[0, 2\\pi)$), run the circuit with
        each, and compute the **fidelity** of the two output states,
        $F = |\\langle\\psi(\\boldsymbol\\theta)|\\psi(\\boldsymbol\\phi)\\rangle|^2$. Repeat
        thousands of times and histogram $F$.

        If the circuit could produce *every* state with equal probability (Haar-random
        states), the fidelities of $n$ qubits ($N = 2^n$) would follow

        $$P_\\text{Haar}(F) = (N-1)(1-F)^{N-2}.$$

        Sim et al. define the **expressibility** as the Kullback-Leibler divergence of the
        circuit's histogram from this curve:

        $$\\text{Expr} = D_\\text{KL}\\big(P_\\text{circuit}(F)\\,\\|\\,P_\\text{Haar}(F)\\big).$$

        **Smaller is more expressive.** A circuit that always makes the same state has all
        fidelities at 1: the largest possible value.

        Here is the histogram of one circuit against the Haar curve:"""),
    code("""
        result = expressibility("sim_9", n_qubits=4, n_layers=1, n_samples=N_SAMPLES,
                                random_state=0, return_details=True)
        print(f"expressibility of sim_9 (KL to Haar): {result.expressibility:.3f}")
        plots.fidelity_histogram(result)"""),
    md("""
        The histogram of `sim_9` does not follow the curve: far too many pairs land in the
        first bin (almost orthogonal) and too few in the middle. With only four angles to
        vary, its states cover a small, peculiar corner of the state space, not all of it
        evenly. Try `sim_1`, `sim_6` or more layers in the cell above and watch the histogram
        approach the curve.

        Random states of many qubits are nearly orthogonal, so the Haar curve crowds towards
        $F = 0$ as $n$ grows. How close to 0?"""),
    *exercise(
        "2.2",
        "The Haar benchmark",
        """
            What is the **mean** fidelity $\\mathbb{E}[F]$ of two Haar-random states of
            **2 qubits**? Integrate $F \\, P_\\text{Haar}(F)$ over $[0, 1]$ by hand, or estimate
            it from samples (`qnnlab.analysis.haar_random_states(2, 5000)` makes Haar states).""",
        answer="answer = ...  # a number",
        check="check_haar_mean_fidelity(answer)",
    ),
    md("""
        ## 3. Entangling capability

        Entanglement is what a classical product of single-qubit states cannot have. The
        **Meyer-Wallach** measure scores a pure state of $n$ qubits by how mixed its single
        qubits are on their own:

        $$Q(|\\psi\\rangle) = 2\\Big(1 - \\frac1n \\sum_{k} \\operatorname{Tr}\\rho_k^2\\Big),$$

        with $\\rho_k$ the reduced state of qubit $k$. $Q = 0$ exactly for product states and
        $Q = 1$ for a GHZ state. The **entangling capability** of a circuit is the mean $Q$ of
        its states over random parameters."""),
    code("""
        product = np.kron([1, 0], [1, 1]) / np.sqrt(2)      # |0>|+>
        bell = np.array([1, 0, 0, 1]) / np.sqrt(2)         # (|00> + |11>)/sqrt 2
        ghz = np.zeros(8); ghz[[0, 7]] = 1 / np.sqrt(2)     # (|000> + |111>)/sqrt 2
        print("Q(product) =", meyer_wallach(product), " Q(Bell) =", meyer_wallach(bell),
              " Q(GHZ) =", meyer_wallach(ghz))
        for name in ["sim_1", "sim_9", "sim_14"]:
            ent = entangling_capability(name, n_qubits=4, n_layers=1, n_samples=N_SAMPLES)
            print(f"entangling capability of {name}: {ent:.3f}")"""),
    md("""
        ## 4. The map of Sim et al. (2019)

        Now both numbers for a subset of the 19 circuits, from the same random states
        (`compare_ansatze`, a few seconds). Each
        point is one circuit on 4 qubits with one layer; lower means more expressive, further
        right means more entangling."""),
    code("""
        subset = ["sim_1", "sim_2", "sim_3", "sim_5", "sim_6", "sim_9", "sim_10", "sim_11",
                  "sim_13", "sim_14", "sim_15", "sim_18", "sim_19"]
        table = compare_ansatze(subset, n_qubits=4, n_layers=1, n_samples=N_SAMPLES,
                                random_state=0)
        table.round(3)"""),
    code("""plots.expressibility_vs_entanglement(table)"""),
    md("""
        Things to notice (they match the paper's findings):

        - `sim_1` and `sim_2` have **exactly the same expressibility**: with one layer,
          `sim_2` only appends a fixed CNOT ladder, and a fixed unitary does not change the
          fidelity between two states. Entangling capability can change while expressibility
          does not.
        - Controlled-X rotations (`sim_6`, `sim_14`, `sim_19`) tend to beat controlled-Z
          rotations (`sim_5`, `sim_13`, `sim_18`), and rings/all-to-all beat a ladder.
        - Entanglement and expressibility are correlated but are **not the same**. `sim_9`
          is the extreme case: its Hadamards and CZ ladder always make a maximally entangled
          cluster state (entangling capability 1), and its single RX per qubit barely moves
          it: the most entangling circuit of the set is the least expressive."""),
    *exercise(
        "2.3",
        "Reading the map",
        """
            Which is **more expressible** on 4 qubits with one layer: `sim_1` (rotations only,
            no entangling gate) or `sim_9` (Hadamards, CZ gates, one RX per qubit)? Answer
            with the name, e.g. `"sim_1"`. Use the table above or `expressibility(...)`.""",
        answer='answer = ...  # "sim_1" or "sim_9"',
        check="check_more_expressible(answer)",
    ),
    md("""
        ### Depth: expressibility saturates

        Stacking layers makes a circuit more expressive, up to a point: once the random states
        are close to Haar-random, more layers add parameters and depth but little else. (The
        floor of about 0.01 is not a property of the circuits: it is the sampling error of a
        histogram of a few thousand fidelities; more samples lower it.)"""),
    code("""
        depths = compare_ansatze(["sim_9", "sim_11", "sim_14"], n_qubits=4, n_layers=[1, 2, 3],
                                 n_samples=N_SAMPLES, random_state=0)
        depths.pivot(index="n_layers", columns="ansatz", values="expressibility").round(3)"""),
    md("""
        ## 5. What more expressibility buys and what it costs

        Expressibility is a property of the circuit *alone*, measured with random parameters
        and without data. It tells you how much of the state space the weights can reach. It
        does **not** tell you:

        - **whether the model fits your data.** A classifier needs the *right* functions, not
          all of them; the encoding and the measurement matter as much as the ansatz.
        - **whether it trains.** Circuits that are close to Haar-random (highly expressive) are
          exactly the ones whose gradients vanish as qubits are added: the *barren plateaus* of
          notebook 04 (Holmes et al. 2022 made this link precise).
        - **whether it is worth the cost**: more parameters to optimise, more depth, more
          two-qubit gates, and so more noise on hardware (notebook 05).

        A quick, honest experiment: train the same small classifier with a poorly and a highly
        expressible ansatz on the same data, over a few seeds."""),
    code("""
        from qnnlab import HybridClassifier
        from qnnlab.datasets import load_dataset

        X_train, X_test, y_train, y_test = load_dataset("moons", n_samples=sized(200, 80),
                                                        random_state=0)
        names = ["sim_1", "sim_6"]
        kl = compare_ansatze(names, n_qubits=2, n_layers=2, n_samples=N_SAMPLES)
        rows = []
        for name in names:
            for seed in range(sized(full=3, fast=1)):
                clf = HybridClassifier(ansatz=name, n_qubits=2, n_layers=2,
                                       epochs=sized(full=20, fast=3), random_state=seed)
                rows.append({"ansatz": name,
                             "test accuracy": clf.fit(X_train, y_train).score(X_test, y_test)})
        accuracy = pd.DataFrame(rows).groupby("ansatz")["test accuracy"].agg(["mean", "std"])
        accuracy.join(kl.set_index("ansatz")[["expressibility", "n_params"]]).round(3)"""),
    md("""
        The more expressive circuit has more than twice the parameters and a KL divergence
        several times smaller. Now compare the difference in mean accuracy with the spread
        over seeds, and with what a single test point is worth (here $1/50 = 0.02$). A
        difference of that size is **no evidence** that the more expressive circuit is the
        better model. That is the usual outcome on small problems, and the reason to always
        report several seeds and a classical baseline (notebook 07)."""),
    summary(
        [
            "An ansatz is a repeated layer of trainable rotations and entangling gates; count "
            "its parameters, depth and two-qubit gates with `ansatze.get(name).n_params` and "
            "`qnnlab.resources`.",
            "**Expressibility** = KL divergence of the circuit's random-pair fidelity "
            "histogram from the Haar curve $(N-1)(1-F)^{N-2}$: smaller is more expressive.",
            "**Entangling capability** = mean Meyer-Wallach $Q$ of random circuit states "
            "(0 for product states, 1 for GHZ).",
            "Expressibility saturates with depth, and is neither entanglement nor accuracy: "
            "more of it costs parameters, depth, noise and, near Haar-randomness, "
            "trainability.",
        ],
        outro="""
            Next we build a whole hybrid network around such a circuit. To go further, run
            `compare_ansatze` on all 19 circuits with 1-5 layers and compare with Figure 3 of
            Sim et al. (2019), arXiv:1905.10876.""",
    ),
    navigation(2),
]

if __name__ == "__main__":
    build(2, cells)
