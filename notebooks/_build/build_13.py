"""Build notebooks/13-simulator-to-hardware.ipynb (run: python notebooks/_build/build_13.py)."""

from common import build, code, exercise, header, md, navigation, summary

cells = [
    *header(
        13,
        intro=r"""
            So far every circuit ran on a perfect simulator: any qubit could talk to any other,
            any rotation was one gate, and noise (notebook 05) was a textbook channel with one
            strength. A real quantum computer is different: its qubits sit on a chip with fixed
            neighbours, it knows only a few gates, every gate takes time and makes errors, and
            qubits forget their state while they wait. This notebook takes one hybrid model from
            the simulator to realistic **device profiles** and counts what that costs: in
            gates, in accuracy, in extra circuit executions for error mitigation, and in hours
            of device time, before anything runs.""",
        goals=[
            "read a **coupling map** (which qubits can share a two-qubit gate) and a **native "
            "gate set**, and say why a circuit must be **compiled** before a device can run it",
            "compile a hybrid model's circuit to two device profiles and compare gates, depth, "
            "two-qubit gates and the **SWAPs** that routing adds; check that the compiled "
            "circuit is the same computation (the same unitary up to a relabelling of qubits)",
            "explain **T1** and **T2** in plain words and check the simulator's relaxation "
            "against its closed form",
            "evaluate a trained model under realistic device noise, next to a tuned classical "
            "model on the same split",
            "apply **readout-error mitigation** and **zero-noise extrapolation** and count the "
            "extra executions each costs",
            "estimate executions, shots and device time of training with the **parameter-shift "
            "rule** before running anything",
        ],
        prerequisites=r"""
            [03 · Building a hybrid network](03-hybrid-networks.ipynb) and [05 · Noise and
            error mitigation](05-noise.ipynb) (noise channels, density matrices, zero-noise
            extrapolation). No physics beyond those: every device term is explained below.""",
        minutes=45,
    ),
    md("## Setup"),
    code(r"""
        import itertools
        import time

        import networkx as nx
        import numpy as np
        import pandas as pd
        import pennylane as qml
        import plotly.graph_objects as go
        from plotly.subplots import make_subplots

        import qnnlab
        from qnnlab import HybridClassifier
        from qnnlab.baselines import tuned_classical_reference
        from qnnlab.bench.stats import SeedOutcome, accuracy_interval
        from qnnlab.circuits import CircuitConfig, build_qnode, circuit_function, init_weights
        from qnnlab.datasets import load_dataset
        from qnnlab.exercises import reveal
        from qnnlab.exercises.nb13 import (check_line_cnots, check_raw_expval,
                                           check_shift_circuits)
        from qnnlab.hardware import profiles
        from qnnlab.hardware.compile import compile_to_profile, compiled_summary
        from qnnlab.hardware.estimate import cost_line, training_cost
        from qnnlab.hardware.mitigation import calibrate, compare_readout, confusion_matrix
        from qnnlab.settings import fast_mode, sized

        SEED = 0
        print("fast mode" if fast_mode() else "full mode")"""),
    md(r"""
        ## 1. A device is a graph

        A **device profile** is a description of a quantum computer as data. The most visible
        part is its **coupling map**: a graph with one node per physical qubit and an edge
        between two qubits that can take part in the same two-qubit gate (a CNOT or a CZ).
        On superconducting chips the qubits are wired to a few neighbours (a line, a grid, or
        IBM-style *heavy hexagons*, where some qubits have only two neighbours to reduce
        crosstalk); in an ion trap every ion can interact with every other (all-to-all).

        qnnlab ships four example profiles with *typical published values* of such device
        families. They are examples for learning, **not** any vendor's current calibration.
        Times are in seconds; error rates are probabilities."""),
    code(r"""
        def profile_row(profile):
            two = next(g for g in profile.native_gates if g in ("CNOT", "CZ"))
            return {"profile": profile.name, "qubits": profile.n_qubits,
                    "native gates": ", ".join(profile.native_gates),
                    "2-qubit gate time (us)": profile.gate_times[two] * 1e6,
                    "2-qubit gate error": profile.gate_errors[two],
                    "T1 (us)": profile.t1 * 1e6, "T2 (us)": profile.t2 * 1e6,
                    "readout p(1|0), p(0|1)": profile.readout_error}

        devices = [profiles.get(name) for name in profiles.available()]
        pd.DataFrame([profile_row(p) for p in devices]).set_index("profile")"""),
    md(r"""
        The coupling maps, drawn from the profiles themselves (a node is a qubit, an edge a
        pair that may share a two-qubit gate):"""),
    code(r"""
        fig = make_subplots(rows=1, cols=len(devices), horizontal_spacing=0.03,
                            subplot_titles=[f"{p.name}<br>({p.n_qubits} qubits, "
                                            f"{len(p.coupling)} couplings)" for p in devices])
        for col, profile in enumerate(devices, start=1):
            pos = nx.spring_layout(profile.graph, seed=SEED)
            edge_x, edge_y = [], []
            for u, v in profile.coupling:
                edge_x += [pos[u][0], pos[v][0], None]
                edge_y += [pos[u][1], pos[v][1], None]
            fig.add_trace(go.Scatter(x=edge_x, y=edge_y, mode="lines", hoverinfo="skip",
                                     line=dict(color="#999", width=2), showlegend=False),
                          row=1, col=col)
            nodes = sorted(pos)
            fig.add_trace(go.Scatter(
                x=[pos[q][0] for q in nodes], y=[pos[q][1] for q in nodes],
                mode="markers+text", text=[str(q) for q in nodes], textfont=dict(color="white"),
                marker=dict(size=18, color="#6f42c1"), showlegend=False,
                hovertemplate="qubit %{text}<extra></extra>"), row=1, col=col)
        fig.update_xaxes(visible=False, scaleanchor=None)
        fig.update_yaxes(visible=False)
        fig.update_layout(height=380, margin=dict(t=80, b=20, l=20, r=20))
        fig"""),
    md(r"""
        ## 2. Native gates: what the device can actually do

        A device does not run `StronglyEntanglingLayers` or even a general rotation `Rot`:
        it runs a short list of **native gates**, the pulses its control electronics are
        calibrated for. Two common sets:

        - **{RZ, SX, X, CNOT}** (superconducting chips of the IBM kind): `SX` is a square root
          of X (a quarter turn), and `RZ` is *virtual*, done by shifting the phase of later
          pulses, so it takes no time and makes no error;
        - **{RX, RY, CZ}** (many grid chips and ion traps): rotations about two axes and a
          controlled-Z.

        Every other gate is rewritten in native gates. A general one-qubit rotation, for
        example, becomes five native gates on the first set:"""),
    code(r"""
        def one_rotation():
            qml.Rot(0.1, 0.2, 0.3, wires=0)
            return qml.expval(qml.Z(0))

        for name in ("toy_line", "trapped_ion"):
            compiled = compile_to_profile(one_rotation, profile=profiles.get(name))
            print(f"{name:12s}", qml.draw(compiled, decimals=2)())"""),
    md(r"""
        **Compiling** a circuit for a device does three things, all with PennyLane's own
        transforms (`qnnlab.hardware.compile.compile_to_profile`): unroll templates into one-
        and two-qubit gates; **route** them onto the coupling map, inserting **SWAP** gates
        wherever a two-qubit gate joins qubits that are not neighbours (a SWAP exchanges the
        states of two neighbouring qubits; it costs three CNOTs); then rewrite everything in
        the native gates.

        ## 3. One hybrid model's circuit on two devices

        The circuit below is the quantum part of a typical hybrid network: 4 features angle-
        encoded into 4 qubits, then two strongly entangling layers (each ends with a ring of
        CNOTs, 0→1→2→3→0 in the first layer). We compile it to `toy_line` (a line of qubits,
        CNOT) and to `trapped_ion` (all pairs coupled, CZ) and count what each device runs."""),
    code(r"""
        COMPILE_QUBITS = 4
        config = CircuitConfig("angle", "strongly_entangling", n_qubits=COMPILE_QUBITS,
                               n_layers=2, n_features=COMPILE_QUBITS)
        weights = init_weights(config, random_state=SEED)
        x = np.random.default_rng(SEED).uniform(-np.pi, np.pi, COMPILE_QUBITS)
        tape = qml.tape.make_qscript(circuit_function(config))(x, weights)

        logical = qnnlab.resources(config)
        rows = [{"circuit": "logical (simulator)", "gates": logical["gates"],
                 "two-qubit gates": logical["two_qubit_gates"], "depth": logical["depth"],
                 "SWAPs": 0, "gate counts": logical["gate_counts"]}]
        COMPILE_PROFILES = ("toy_line", "trapped_ion")
        summaries = {}
        for name in COMPILE_PROFILES:
            s = compiled_summary(tape, profiles.get(name), n_qubits=COMPILE_QUBITS)
            summaries[name] = s
            rows.append({"circuit": name, "gates": s["gates"],
                         "two-qubit gates": s["two_qubit_gates"], "depth": s["depth"],
                         "SWAPs": s["swaps"], "gate counts": s["gate_counts"]})
        compile_table = pd.DataFrame(rows).set_index("circuit")
        compile_table"""),
    code(r"""
        MEASURES = ["gates", "two-qubit gates", "depth", "SWAPs"]
        COLOURS = {"logical (simulator)": "#7f7f7f", "toy_line": "#d62728",
                   "trapped_ion": "#1f77b4"}
        fig = go.Figure()
        for circuit, row in compile_table.iterrows():
            fig.add_trace(go.Bar(x=MEASURES, y=[row[m] for m in MEASURES], name=circuit,
                                 marker_color=COLOURS[circuit], text=[row[m] for m in MEASURES],
                                 textposition="outside"))
        fig.update_layout(barmode="group", height=420, yaxis_title="count",
                          title="The same circuit, before and after compilation",
                          yaxis_range=[0, 1.15 * compile_table[MEASURES].to_numpy().max()],
                          legend=dict(orientation="h", y=-0.15), margin=dict(t=60, b=90))
        fig"""),
    code(r"""
        line, ion = summaries["toy_line"], summaries["trapped_ion"]
        growth = line["two_qubit_gates"] / logical["two_qubit_gates"]
        print(f"On the line, routing adds {line['swaps']} SWAPs: {line['two_qubit_gates']} CNOTs "
              f"instead of {logical['two_qubit_gates']} (x{growth:.1f}).")
        print(f"The ion trap needs no SWAP ({ion['two_qubit_gates']} CZs), but without virtual "
              f"RZ gates it runs {ion['gates']} gates in all, depth {ion['depth']}.")
        print(f"Time from first gate to the end of readout: toy_line "
              f"{line['duration_s'] * 1e6:.1f} us, trapped_ion {ion['duration_s'] * 1e6:.0f} us.")
        toy_p, ion_p = profiles.get("toy_line"), profiles.get("trapped_ion")
        slower = ion_p.gate_times["CZ"] / toy_p.gate_times["CNOT"]
        print(f"The ion trap's two-qubit gate is {slower:.0f}x slower, its T2 "
              f"{ion_p.t2 / toy_p.t2:,.0f}x longer: circuit time / T2 is "
              f"{line['duration_s'] / toy_p.t2:.3f} on toy_line, "
              f"{ion['duration_s'] / ion_p.t2:.4f} on trapped_ion.")"""),
    md(r"""
        Two different prices. On the line, the ring's long-range CNOT (3→0) and the second
        layer's wider pairs need SWAPs, and two-qubit gates are the noisiest gates on any
        device. The ion trap connects every pair, so nothing is routed, but its gates are
        hundreds of times slower; its qubits also keep their phase far longer, so what
        matters is the *ratio* of circuit time to coherence time (printed above), not either
        one alone.

        **Is it still the same computation?** Compilation must not change what the circuit
        computes. After routing, the logical qubits may sit on other wires than where they
        started (the SWAPs moved them), and a global phase is dropped, so the check is: the
        compiled unitary equals the original one **up to a relabelling of the qubits and a
        phase**. We compute both matrices and try every relabelling:"""),
    code(r"""
        def best_match(u_original, u_compiled, n):
            # |tr(P U^dagger V)| / 2^n is 1 exactly when V = P U up to a phase
            best = (0.0, None)
            for perm in itertools.permutations(range(n)):
                permuted = u_compiled.reshape([2] * 2 * n).transpose(
                    [*perm, *range(n, 2 * n)]).reshape(2**n, 2**n)
                overlap = abs(np.trace(u_original.conj().T @ permuted)) / 2**n
                best = max(best, (overlap, perm), key=lambda item: item[0])
            return best

        u_original = qml.matrix(tape, wire_order=range(COMPILE_QUBITS))
        for name in COMPILE_PROFILES:
            [compiled_tape], _ = compile_to_profile(tape, profile=profiles.get(name),
                                                    n_qubits=COMPILE_QUBITS)
            u_compiled = qml.matrix(compiled_tape, wire_order=range(COMPILE_QUBITS))
            overlap, perm = best_match(u_original, u_compiled, COMPILE_QUBITS)
            print(f"{name:12s}: |overlap| = {overlap:.12f} with the qubits relabelled as {perm}; "
                  f"measured on wires {[m.wires[0] for m in compiled_tape.measurements]}")"""),
    md(r"""
        An overlap of 1 (to rounding) means the same unitary. On the ion trap the relabelling
        is the identity; on the line the SWAPs left the qubits permuted, and the compiler
        measures each logical qubit where it ended up, so the model's outputs are unchanged.

        *Up to a relabelling* matters: the end-of-circuit permutation is free only because
        we measure right after. A compiler that ignored it would silently hand your
        classical layer the outputs in the wrong order."""),
    *exercise(
        "13.1",
        "The price of a long-range CNOT",
        r"""
            On a line of 4 qubits `0-1-2-3` with native gates {RZ, SX, X, CNOT}, a circuit
            asks for one `CNOT` between qubit 0 and qubit 3. How many **native CNOTs** does
            the device run after routing (assume the router uses as few SWAPs as possible)?
            Work it out by hand; you can check with `compiled_summary` afterwards.""",
        answer="answer = ...  # a whole number of CNOTs",
        check="check_line_cnots(answer)",
    ),
    md(r"""
        ## 4. Realistic noise: T1, T2, gate and readout errors

        A device profile's noise has four parts, all applied to the **compiled** circuit
        (`qnnlab.hardware.device_noise`):

        - **T1, relaxation**: a qubit in $|1\rangle$ falls back to $|0\rangle$ at random, like
          a charged battery losing its charge. After waiting $t$, the chance it is still in
          $|1\rangle$ is $e^{-t/T_1}$.
        - **T2, dephasing**: a superposition $(|0\rangle + |1\rangle)/\sqrt{2}$ loses the
          definite phase between its parts; the "quantum" part of the state (the coherence,
          $\langle X\rangle$) fades as $e^{-t/T_2}$, and $T_2 \le 2 T_1$ always.
        - **Gate errors**: after every gate, a depolarizing channel with the gate's error rate.
        - **Readout errors**: a 0 is reported as 1 with probability $p(1|0)$, a 1 as 0 with
          $p(0|1)$.

        Relaxation acts during every gate *and* while a qubit waits for others, so a long
        circuit suffers even where it has few gates. First the check that the simulator's
        relaxation is what the closed forms say, for `toy_line`:"""),
    code(r"""
        toy = profiles.get("toy_line")
        print(f"toy_line: T1 = {toy.t1 * 1e6:g} us, T2 = {toy.t2 * 1e6:g} us")
        waits = np.linspace(0, 4 * toy.t1, sized(full=25, fast=9))
        dev1 = qml.device("default.mixed", wires=1)

        @qml.qnode(dev1)
        def wait_after(prepare, t):
            qml.PauliX(0) if prepare == "1" else qml.Hadamard(0)
            qml.ThermalRelaxationError(0.0, toy.t1, toy.t2, t, wires=0)
            return qml.expval(qml.Z(0) if prepare == "1" else qml.X(0))

        p1 = np.array([(1 - float(wait_after("1", t))) / 2 for t in waits])  # P(1) = (1 - <Z>)/2
        coherence = np.array([float(wait_after("+", t)) for t in waits])
        gap_t1 = np.max(np.abs(p1 - np.exp(-waits / toy.t1)))
        gap_t2 = np.max(np.abs(coherence - np.exp(-waits / toy.t2)))
        print(f"largest distance from the closed forms: P(1) {gap_t1:.1e}, <X> {gap_t2:.1e}")

        fig = go.Figure()
        fine = np.linspace(0, waits[-1], 200)
        for label, values, tau, colour in (("P(1) after |1>, exp(-t/T1)", p1, toy.t1, "#d62728"),
                                           ("<X> after |+>, exp(-t/T2)", coherence, toy.t2,
                                            "#1f77b4")):
            fig.add_trace(go.Scatter(x=fine * 1e6, y=np.exp(-fine / tau), mode="lines",
                                     name=label + " (closed form)", line=dict(color=colour)))
            fig.add_trace(go.Scatter(x=waits * 1e6, y=values, mode="markers",
                                     name=label.split(",")[0] + " (simulated)",
                                     marker=dict(color=colour, size=9, symbol="circle-open",
                                                 line=dict(width=2))))
        fig.add_vline(x=line["duration_s"] * 1e6, line_dash="dot",
                      annotation_text="our circuit on toy_line", annotation_position="top right")
        fig.update_layout(height=420, xaxis_title="waiting time t (µs)", yaxis_title="value",
                          title="Relaxation (T1) and dephasing (T2) on toy_line",
                          legend=dict(orientation="h", y=-0.2), margin=dict(t=60, b=120))
        fig"""),
    md(r"""
        Where does the noise of our compiled circuit come from? A rough **error budget**:
        the summed error probabilities of its gates and readouts, and its duration measured
        in units of $T_2$ (small numbers are good; for small values, each is roughly the
        chance that something goes wrong somewhere in one run). It is a rough sum, not a
        simulation, but it shows which part dominates on each device."""),
    code(r"""
        budget = []
        for name in COMPILE_PROFILES:
            profile, s = profiles.get(name), summaries[name]
            gate_sum = sum(profile.gate_errors.get(g, 0.0) * count * (2 if g in ("CNOT", "CZ")
                                                                      else 1)
                           for g, count in s["gate_counts"].items())
            budget.append({"profile": name,
                           "sum of gate errors": gate_sum,
                           "sum of readout errors": COMPILE_QUBITS * np.mean(profile.readout_error),
                           "duration / T2 per qubit": s["duration_s"] / profile.t2})
        pd.DataFrame(budget).set_index("profile").round(4)"""),
    md(r"""
        (A two-qubit gate's depolarizing error is applied on both of its qubits, hence the
        factor 2.) On `toy_line` the gate errors dominate, mostly the CNOTs, and the SWAPs
        added many of them. On the ion trap decoherence is negligible, and its gates and readout
        are cleaner.

        ## 5. A trained model on a device

        Now a whole hybrid classifier: trained on the noise-free simulator (as one would
        before spending device time), then asked to predict with **the same trained weights**
        on realistic devices: `set_params(profile=...)` compiles its circuit to the profile
        and simulates it with the profile's noise (density matrices, so the outputs are
        exact expectations, as with infinitely many shots). It is small, as noisy simulation
        is expensive: 3 qubits, `moons`.

        Besides the example profiles we make one of our own with `profiles.from_dict`:
        `toy_line` with every gate error five times larger (a dict, as read from YAML by
        `profiles.from_yaml`, validated field by field)."""),
    code(r"""
        X_train, X_test, y_train, y_test = load_dataset(
            "moons", n_samples=sized(full=120, fast=48), noise=0.15, random_state=SEED)
        clf = HybridClassifier(encoding="angle", ansatz="strongly_entangling", n_qubits=3,
                               n_layers=2, epochs=sized(full=20, fast=6), learning_rate=0.1,
                               random_state=SEED)
        start = time.perf_counter()
        clf.fit(X_train, y_train)
        fit_seconds = time.perf_counter() - start
        print(f"{len(X_train)} training and {len(X_test)} test points; trained in "
              f"{fit_seconds:.1f} s on the simulator")"""),
    code(r"""
        toy = profiles.get("toy_line")
        worse_toy = profiles.from_dict({**toy.to_dict(), "name": "toy_line_errors_x5",
                                        "gate_errors": {g: 5 * e
                                                        for g, e in toy.gate_errors.items()}})
        EVAL_PROFILES = {name: profiles.get(name) for name in sized(
            full=("superconducting_heavy_hex", "toy_line"), fast=("toy_line",))}
        EVAL_PROFILES[worse_toy.name] = worse_toy

        def outcome(predictions):
            correct = predictions == y_test
            return SeedOutcome(int(correct.sum()), len(y_test), tuple(correct.astype(int)))

        def margin():  # mean distance of P(class 1) from the decision threshold 0.5
            return float(np.mean(np.abs(clf.predict_proba(X_test)[:, 1] - 0.5)))

        ideal_pred = clf.predict(X_test)
        results = {"hybrid, ideal simulator": outcome(ideal_pred)}
        margins = {"ideal simulator": margin()}
        flips = {}
        for name, profile in EVAL_PROFILES.items():
            clf.set_params(profile=profile)
            predictions = clf.predict(X_test)
            results[f"hybrid on {name}"] = outcome(predictions)
            margins[name] = margin()
            flips[name] = int(np.sum(predictions != ideal_pred))
        clf.set_params(profile=None)

        reference = tuned_classical_reference(X_train, y_train, random_state=SEED)
        results[f"tuned classical ({reference.name})"] = outcome(reference.predict(X_test))

        accuracy = pd.DataFrame(
            [dict(zip(("model", "accuracy", "95% low", "95% high"),
                      (model, *accuracy_interval([o], random_state=SEED))))
             for model, o in results.items()]).set_index("model")
        print("predictions that changed from the ideal simulator:", flips)
        print("mean |P(class 1) - 0.5| on the test points:",
              {name: round(m, 3) for name, m in margins.items()})
        accuracy.round(3)"""),
    code(r"""
        fig = go.Figure(go.Bar(
            y=accuracy.index, x=accuracy["accuracy"], orientation="h",
            marker_color=["#7f7f7f", *["#d62728"] * len(EVAL_PROFILES), "#1f77b4"],
            error_x=dict(type="data", symmetric=False,
                         array=accuracy["95% high"] - accuracy["accuracy"],
                         arrayminus=accuracy["accuracy"] - accuracy["95% low"]),
            text=[f"{a:.2f}" for a in accuracy["accuracy"]], textposition="inside",
            insidetextanchor="start"))
        fig.update_layout(height=330, xaxis=dict(title="test accuracy (95% interval over test "
                                                 "points)", range=[0, 1.05]),
                          yaxis=dict(autorange="reversed"), margin=dict(l=260, t=40, b=60),
                          title="Same weights, different devices; a tuned classical model")
        fig"""),
    code(r"""
        ideal_acc = accuracy.loc["hybrid, ideal simulator", "accuracy"]
        classical = accuracy.iloc[-1]
        print(f"Ideal hybrid {ideal_acc:.2f}; on devices "
              + ", ".join(f"{n} {accuracy.loc[f'hybrid on {n}', 'accuracy']:.2f} "
                          f"({flips[n]} of {len(y_test)} predictions changed)"
                          for n in EVAL_PROFILES)
              + f"; the tuned classical model {classical['accuracy']:.2f} "
              f"[{classical['95% low']:.2f}, {classical['95% high']:.2f}].")"""),
    md(r"""
        Read this with care:

        - Noise moves the circuit's outputs towards zero (a fully depolarized qubit has
          $\langle Z\rangle = 0$), and the classical head was trained on noise-free outputs:
          the model's confidence, the mean distance of $P(\text{class }1)$ from 0.5 printed
          above, shrinks. A prediction flips only when noise pushes it across 0.5, so points
          near the decision boundary flip first, and a small circuit can lose much of its
          margin before its accuracy moves. The counts of changed predictions are exact for
          these test points; accuracy differences of a point or two are within the
          intervals.
        - The intervals are wide because the test set is small; they are about the test
          points, with one training seed (notebook 07 adds seeds).
        - The tuned classical model solves this 2-feature task at least as well as the ideal
          hybrid, on a laptop, in seconds, with no noise at all. Nothing here suggests a
          quantum advantage; the question of this notebook is only what the hybrid model
          loses on the way to hardware.

        ## 6. Error mitigation, and what it costs

        **Mitigation** does not remove noise from the device; it post-processes results of
        *extra* circuit executions to estimate what a noise-free device would have given.

        **Readout-error mitigation**: run two calibration circuits (all qubits in $|0\rangle$,
        all in $|1\rangle$) to measure each qubit's **confusion matrix**
        $M = \begin{pmatrix} 1-p(1|0) & p(0|1) \\ p(1|0) & 1-p(0|1)\end{pmatrix}$, which maps
        true probabilities to reported ones, then solve $M p = p_\text{reported}$. It fixes
        readout only, not gate errors or decoherence.

        **Zero-noise extrapolation (ZNE)**, from notebook 05: run the circuit at noise scaled
        by 1, 3 and 5 (by *folding*: appending $U^\dagger U$ pairs that do nothing ideally but
        triple or quintuple the noise) and extrapolate the outputs back to zero noise.

        We compare both on the 4-qubit circuit of section 3 on `toy_line`, over a few random
        inputs, against the ideal values:"""),
    code(r"""
        MITIGATION_PROFILE = "toy_line"
        ideal_qnode = build_qnode(config=config)
        noisy_qnode = build_qnode(config=config.replace(profile=MITIGATION_PROFILE))
        zne_qnode = build_qnode(config=config.replace(profile=MITIGATION_PROFILE, zne=True))
        calibration = calibrate(MITIGATION_PROFILE, COMPILE_QUBITS)  # exact: infinitely many shots

        inputs = np.random.default_rng(SEED + 1).uniform(
            -np.pi, np.pi, (sized(full=6, fast=2), COMPILE_QUBITS))
        errors = {"raw": [], "readout-mitigated": [], "ZNE": []}  # |<Z> - ideal| per qubit
        circuits = {}
        for sample in inputs:
            rows = compare_readout(noisy_qnode, ideal_qnode, calibration, sample, weights)
            by_method = {row["method"]: row for row in rows}
            ideal = by_method["ideal"]["values"]
            for method in ("raw", "readout-mitigated"):
                errors[method].extend(np.abs(by_method[method]["values"] - ideal))
                circuits[method] = by_method[method]["circuits"]
            zne = np.array([float(v) for v in zne_qnode(sample, weights)])
            errors["ZNE"].extend(np.abs(zne - ideal))
        circuits["ZNE"] = len(qnnlab.circuits.ZNE_SCALE_FACTORS)

        mitigation = pd.DataFrame({
            "mean |<Z> - ideal| (qubits x inputs)": {m: np.mean(e) for m, e in errors.items()},
            "circuits per evaluation": circuits,
            "gates run per evaluation (folding included)": {
                "raw": summaries[MITIGATION_PROFILE]["gates"],
                "readout-mitigated": summaries[MITIGATION_PROFILE]["gates"],
                "ZNE": sum(int(s) for s in qnnlab.circuits.ZNE_SCALE_FACTORS)
                * summaries[MITIGATION_PROFILE]["gates"]}})
        print(f"calibration: {calibration.circuits} extra circuits, paid once while the device "
              "is stable; confusion matrix of qubit 0:\n", calibration.matrices[0].round(4))
        mitigation.round(4)"""),
    code(r"""
        fig = go.Figure(go.Bar(
            x=list(errors), y=[np.mean(e) for e in errors.values()],
            marker_color=["#d62728", "#ff7f0e", "#2ca02c"],
            text=[f"{np.mean(e):.3f}<br>{circuits[m]} circuit(s)" for m, e in errors.items()],
            textposition="outside"))
        fig.update_layout(height=400, yaxis_title="mean |<Z> - ideal| over qubits and inputs",
                          yaxis_range=[0, 1.25 * max(np.mean(e) for e in errors.values())],
                          title=f"Mitigation on {MITIGATION_PROFILE}: error left, and circuits run",
                          margin=dict(t=60))
        fig"""),
    code(r"""
        raw_err, ro_err, zne_err = (np.mean(errors[m]) for m in ("raw", "readout-mitigated", "ZNE"))
        print(f"Readout mitigation: error {raw_err:.3f} -> {ro_err:.3f} for "
              f"{calibration.circuits} calibration circuits; ZNE: -> {zne_err:.3f} for "
              f"{circuits['ZNE']} circuits per evaluation, "
              f"{mitigation.iloc[2, 2] // summaries[MITIGATION_PROFILE]['gates']}x the gates.")"""),
    md(r"""
        What the numbers say, and what they do not:

        - Readout mitigation removes only the readout part of the error; on `toy_line` the
          gate errors are larger (section 4's budget), so most of the error stays.
        - ZNE attacks all noise that folding scales, but it runs each circuit at three noise
          levels, and its extrapolation amplifies shot noise: with finite shots it needs many
          more shots for the same precision (notebook 05 counted them). Here the values are
          exact, so this is ZNE at its best.
        - Neither makes a noisy device better than a noise-free one, and neither makes the
          hybrid model better than the tuned classical model of section 5: they only reduce
          a loss that the classical model never had.

        Exercise 13.2 does by hand what the readout channel does to one qubit."""),
    *exercise(
        "13.2",
        "What the readout reports",
        r"""
            A qubit's ideal expectation is $\langle Z\rangle = 0.6$. Its readout error is
            $p(1|0) = 0.02$ (a 0 read as 1) and $p(0|1) = 0.05$ (a 1 read as 0). What
            $\langle Z\rangle$ does the device report (infinitely many shots, no other
            noise)? Give it to 3 decimals.""",
        answer="answer = ...  # a number between -1 and 1",
        check="check_raw_expval(answer)",
    ),
    md(r"""
        ## 7. The cost, before running

        On a simulator, backpropagation gives every gradient from one pass. A device cannot
        backpropagate: it only returns measured averages. Gradients come from the
        **parameter-shift rule**: for every trainable angle, run the circuit again with the
        angle shifted by $+\pi/2$ and by $-\pi/2$; half the difference of the two results is
        the exact derivative. So each training sample costs $1 + 2P$ circuits for $P$
        trainable circuit parameters, and each circuit is repeated for many **shots** to
        estimate its averages (1000 shots give a standard error of up to
        $1/\sqrt{1000} \approx 0.03$ on each $\langle Z\rangle$).

        `training_cost` adds it up for our trained classifier, with each device's compiled
        circuit duration and the time between shots (reset and repetition); queueing on a
        cloud device comes on top."""),
    code(r"""
        SHOTS = 1000
        epochs = clf.get_params()["epochs"]
        costs = pd.DataFrame([
            {"profile": name, **{key: cost[key] for key in ("circuits_per_epoch", "circuits",
                                                           "shots", "seconds_per_shot",
                                                           "device_hours")}}
            for name in ("superconducting_heavy_hex", "toy_line", "trapped_ion")
            for cost in [training_cost(clf, name, n_samples=len(X_train), epochs=epochs,
                                       shots=SHOTS)]]).set_index("profile")
        print(cost_line(clf, "toy_line", n_samples=len(X_train), epochs=epochs, shots=SHOTS))
        print(f"The same training on the simulator took {fit_seconds:.1f} s.")
        costs"""),
    code(r"""
        fig = go.Figure(go.Bar(
            x=costs.index, y=costs["device_hours"] * 60, marker_color="#6f42c1",
            text=[f"{h * 60:.1f} min" for h in costs["device_hours"]], textposition="outside"))
        fig.update_layout(height=400, yaxis_title="device time to train (minutes)",
                          yaxis_range=[0, 1.15 * 60 * costs["device_hours"].max()],
                          title=f"Training with parameter-shift, {SHOTS} shots per circuit, "
                          f"{epochs} epochs, {len(X_train)} samples", margin=dict(t=60))
        fig"""),
    md(r"""
        The circuit counts are the same on every device (they depend on the model, not the
        chip); the time differs by the time per shot, dominated by the repetition delay on
        superconducting chips and by the slow gates and readout on the ion trap. And this is
        a 3-qubit model with a few dozen training points: the count grows with samples ×
        parameters × epochs × shots, and error mitigation multiplies it again."""),
    *exercise(
        "13.3",
        "Counting parameter-shift circuits",
        r"""
            A circuit with **12** trainable parameters (no trainable classical layer before
            it) is trained on **50** samples. How many circuits does one epoch of
            parameter-shift training run on a device (not counting shots)?""",
        answer="answer = ...  # a whole number of circuits",
        check="check_shift_circuits(answer)",
    ),
    md(r"""
        ## Try it yourself

        - Compile the section-3 circuit to `superconducting_grid` and
          `superconducting_heavy_hex` (`compiled_summary(tape, profiles.get(...),
          n_qubits=4)`): how many SWAPs does each need compared with the line, and why?
        - Write your own profile with `profiles.from_yaml(...)` (start from
          `profiles.get("toy_line").to_dict()`), e.g. a ring instead of a line, or CNOT
          errors of 0.1%, and evaluate the classifier on it.
        - Replace `strongly_entangling` by `hardware_efficient` with
          `ansatz_options={"topology": "linear"}`: a circuit designed for a line needs no
          SWAPs. How does its accuracy on `toy_line` compare?"""),
    summary(
        [
            "A device profile is data: a coupling map, native gates, gate times, T1/T2, gate "
            "and readout errors. The example profiles carry typical published values, not "
            "any vendor's calibration.",
            "Compilation rewrites a circuit in native gates and routes it onto the coupling "
            "map; SWAPs (three CNOTs each) multiply the two-qubit gates on sparse chips. The "
            "compiled circuit is the same unitary up to a relabelling of qubits and a phase.",
            "Realistic noise combines relaxation (T1), dephasing (T2), gate and readout "
            "errors; the simulator's relaxation matches its closed form.",
            "A model trained on the ideal simulator loses margin on noisy devices as its "
            "outputs shrink; predictions near the boundary flip once the noise uses up their "
            "margin. The tuned classical model needs none of this.",
            "Readout mitigation costs two calibration circuits and fixes readout only; ZNE "
            "runs every circuit three times (with more gates); neither makes a noisy device "
            "beat a classical model.",
            "Parameter-shift training runs samples x (1 + 2P) circuits per epoch, each for many "
            "shots: count it with training_cost before running.",
        ],
        outro="""
            This is the last notebook of the course. Before spending device time on a hybrid
            model, run the comparison of notebook 07 first: if a tuned classical model already
            does as well on the simulator, the device can only make the hybrid worse.""",
    ),
    navigation(13),
]

if __name__ == "__main__":
    build(13, cells)
