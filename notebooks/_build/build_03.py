"""Build notebooks/03-hybrid-networks.ipynb: a hybrid network in PyTorch and in scikit-learn."""

from common import build, code, exercise, header, md, navigation, summary

cells = [
    *header(
        3,
        intro="""
            Notebooks 01 and 02 built the two halves of a quantum circuit: the encoding and the
            trainable ansatz. Now we put the circuit *inside* a neural network, train the whole
            thing, and ask the question that matters: does the quantum part earn its place?
        """,
        goals=[
            "assemble a hybrid network from a classical pre-network, a quantum layer and a "
            "classical head, in PyTorch (`HybridNet`, `QuantumLayer`)",
            "count the parameters of each stage",
            "train it with a few lines of PyTorch and with qnnlab's `Trainer`",
            "use the same model as a scikit-learn estimator: `HybridClassifier` in a `Pipeline`, "
            "`cross_val_score`",
            "compare it fairly with its matched classical counterpart (`quantum=False`)",
            "rebuild the same model without qnnlab, with PennyLane's `qml.qnn.TorchLayer` and "
            "plain PyTorch",
        ],
        prerequisites="[01 · Qubits and data encodings](01-encodings.ipynb) and "
        "[02 · Variational circuits](02-variational-circuits.ipynb); a first look at PyTorch "
        "(tensors, `nn.Module`) helps.",
        minutes=45,
    ),
    code("""
        import numpy as np
        import pandas as pd
        import plotly.express as px
        import torch
        from torch import nn

        from qnnlab import CircuitConfig, HybridClassifier, HybridNet, ansatze
        from qnnlab.baselines import tuned_classical_reference
        from qnnlab.datasets import load_dataset
        from qnnlab.exercises import reveal
        from qnnlab.exercises.nb03 import (
            check_head_parameters,
            check_pre_network,
            check_sel_parameters,
        )
        from qnnlab.models import DTYPE, QuantumLayer
        from qnnlab.settings import sized
        from qnnlab.training import Trainer, accuracy

        X_train, X_test, y_train, y_test = load_dataset(
            "moons", n_samples=sized(full=200, fast=80), random_state=0)
        X_train.shape, X_test.shape
    """),
    md("""
        ## The quantum layer is a PyTorch module

        A `QuantumLayer` wraps the circuit of a `CircuitConfig` (encoding, ansatz, qubits,
        layers) as a `torch.nn.Module`. Its only parameter is the flat vector of gate angles;
        a batch of inputs goes through the circuit in **one** simulator call, and it returns
        one ⟨Z⟩ per qubit and sample.
    """),
    code("""
        config = CircuitConfig("angle", "strongly_entangling", n_qubits=2, n_layers=2)
        layer = QuantumLayer(config, random_state=0)
        x = torch.tensor(X_train[:5], dtype=DTYPE)  # 5 samples, 2 features (angles)
        out = layer(x)
        print("weights:", tuple(layer.weights.shape), " output:", tuple(out.shape))
        out
    """),
    md("""
        Because the simulator is written in differentiable code, PyTorch's autograd computes
        the gradient of any loss with respect to the gate angles - exactly as for a linear
        layer:
    """),
    code("""
        loss = out.sum()
        loss.backward()
        layer.weights.grad
    """),
    md("""
        ## Three stages: `HybridNet`

        `HybridNet(n_features, n_outputs, config, pre_layers, quantum)` chains

        1. `net.pre`: a classical **pre-network** (or nothing, `pre_layers=None`), ending in
           $\\pi\\cdot\\mathrm{sigmoid}$ so that its outputs are good rotation angles in
           $(0, \\pi)$;
        2. `net.quantum_layer`: the circuit;
        3. `net.head`: a linear **head** from the ⟨Z⟩ values to one score per class.
    """),
    code("""
        config = CircuitConfig("angle", "strongly_entangling", n_qubits=4, n_layers=2)
        net = HybridNet(n_features=2, n_outputs=2, config=config, pre_layers=None, random_state=0)
        print(net)
        net.n_parameters()
    """),
    md("""
        With `pre_layers=None` the two moons features go straight into the angle encoding,
        which *tiles* them over the four qubits: $(x_0, x_1, x_0, x_1)$. The circuit has
        **24** trainable angles, the head $4 \\times 2 + 2 = 10$ weights.

        How many angles an ansatz has is its `n_params(n_qubits, n_layers)`:
    """),
    code("""
        pd.DataFrame({
            name: {f"{n} qubits": ansatze.get(name).n_params(n, 2) for n in (2, 4, 6)}
            for name in ("strongly_entangling", "basic_entangler", "hardware_efficient")
        }).rename_axis("2 layers")
    """),
    *exercise(
        "3.1",
        "Count the angles",
        """
            `strongly_entangling` is PennyLane's `StronglyEntanglingLayers`. How many trainable
            parameters does it have on **3 qubits with 2 layers**? Reason from what one layer
            does (see notebook 02 or `qnnlab.draw`), not from the table.
        """,
        answer="answer = ...  # a whole number",
        check="check_sel_parameters(answer)",
    ),
    md("""
        ## Training, by hand

        Training is the usual PyTorch loop: forward pass, loss, backward pass, optimiser step.
        Here on the whole training set at once, for a few epochs:
    """),
    code("""
        X_t = torch.tensor(X_train, dtype=DTYPE)
        y_t = torch.tensor(y_train)
        optimizer = torch.optim.Adam(net.parameters(), lr=0.05)
        loss_fn = nn.CrossEntropyLoss()
        for epoch in range(sized(full=10, fast=2)):
            optimizer.zero_grad()
            loss = loss_fn(net(X_t), y_t)
            loss.backward()
            optimizer.step()
            print(f"epoch {epoch}: loss {loss.item():.3f}")
    """),
    md("""
        qnnlab's `Trainer` does the same with mini-batches, a fixed random order (seeded), a
        per-epoch history and callbacks; `step()` advances one mini-batch, `run_epoch()` one
        epoch, `fit(epochs)` many. We continue training the same network:
    """),
    code("""
        trainer = Trainer(net, loss_fn, X_t, y_t, metric=accuracy, learning_rate=0.05,
                          batch_size=32, random_state=0)
        for _ in range(sized(full=15, fast=2)):
            row = trainer.run_epoch()
        print(f"after {trainer.epoch} epochs: loss {row['loss']:.3f}, "
              f"train accuracy {row['train_score']:.2f}")
        px.line(pd.DataFrame(trainer.history), x="epoch", y=["loss", "train_score"], height=300)
    """),
    code("""
        with torch.no_grad():
            predicted = net(torch.tensor(X_test, dtype=DTYPE)).argmax(dim=1).numpy()
        print(f"test accuracy: {(predicted == y_test).mean():.2f}")
    """),
    md("""
        ## The scikit-learn way: `HybridClassifier`

        `HybridClassifier` wraps exactly this network and `Trainer` in the scikit-learn API:
        `fit`, `predict`, `score`, `get_params`/`set_params`. So it works with everything in
        scikit-learn - for example a `Pipeline` that first scales raw features into angles,
        and `cross_val_score`, which fits and scores it on several train/test splits.

        We start from the *raw* moons data (not scaled to angles) to see the pipeline at work.
    """),
    code("""
        from sklearn.datasets import make_moons
        from sklearn.model_selection import cross_val_score
        from sklearn.pipeline import make_pipeline
        from sklearn.preprocessing import MinMaxScaler

        X_raw, y_raw = make_moons(n_samples=sized(full=150, fast=60), noise=0.1, random_state=0)
        pipeline = make_pipeline(
            MinMaxScaler(feature_range=(0, np.pi)),
            HybridClassifier(n_qubits=4, n_layers=2, epochs=sized(full=20, fast=2), random_state=0),
        )
        scores = cross_val_score(pipeline, X_raw, y_raw, cv=3)
        print("accuracy per fold:", scores.round(2), f" mean {scores.mean():.2f}")
    """),
    md("""
        Each fold is a different split of the data, so the spread of the three scores is a
        first, honest picture of how much a single number can vary.

        ## More features than qubits: the pre-network

        The *wine* dataset has 13 chemical measurements (here reduced to 8 by PCA) and three
        classes. Angle encoding on 4 qubits takes only 4 features, so the features cannot go
        straight into the circuit. A classical **pre-network** learns a map from the 8
        features to 4 angles, trained together with the circuit:
    """),
    code("""
        W_train, W_test, v_train, v_test = load_dataset("wine", n_features=8, random_state=0)
        wine = HybridClassifier(n_qubits=4, n_layers=2, pre_layers=(8,),
                                epochs=sized(full=30, fast=2), random_state=0)
        wine.fit(W_train, v_train)
        print(f"wine test accuracy: {wine.score(W_test, v_test):.2f}")
        print(wine.model_.pre)
        wine.model_.n_parameters()
    """),
    md("""
        Note the balance of parameters: the pre-network (8 → 8 → 4) has more trainable weights
        than the circuit. Whatever this model achieves, the classical parts may deserve much
        of the credit - which is why we compare with a classical counterpart below.
    """),
    *exercise(
        "3.2",
        "A pre-network for 8 features",
        """
            Build (no need to fit) a `HybridClassifier` **on 4 qubits** that accepts
            **8 features** through a classical pre-network. Try `HybridClassifier(n_qubits=4)`
            first and see what the check says.
        """,
        answer="answer = ...  # HybridClassifier(...)",
        check="check_pre_network(answer)",
    ),
    *exercise(
        "3.3",
        "Parameters of the head",
        """
            The wine model's head maps the 4 ⟨Z⟩ values to scores for the 3 classes. How many
            trainable parameters does it have? Count by hand, then compare with
            `wine.model_.n_parameters()`.
        """,
        answer="answer = ...  # a whole number",
        check="check_head_parameters(answer)",
    ),
    md("""
        ## Does the quantum part help? The matched classical counterpart

        A fair question needs a fair opponent. `quantum=False` replaces the circuit by
        `ClassicalCounterpart`: a small tanh network with the same inputs and outputs and
        exactly the **same number of trainable parameters** (the widest hidden layer that
        fits, plus a *partial* hidden unit, wired to only some inputs and outputs, for the
        remainder). Everything else - data, head, optimiser, epochs, seeds - stays the same.

        Be clear about what this controls for: **size**, not what classical models can do.
        With 4 qubits the twin is a tanh layer with a handful of hidden units; a classical
        model chosen and tuned for the task is a different, stronger opponent, and we set
        one beside both below.
    """),
    code("""
        hybrid = HybridNet(2, 2, config, quantum=True)
        twin = HybridNet(2, 2, config, quantum=False)
        print("hybrid:        ", hybrid.n_parameters())
        print("classical twin:", twin.n_parameters())
        twin.quantum_layer
    """),
    md("""
        Now train both with several seeds and compare the test accuracies. A seed changes the
        initial weights and the order of the mini-batches - nothing else. We also record the
        training time of each model.
    """),
    code("""
        rows = []
        for seed in range(sized(full=4, fast=2)):
            for quantum in (True, False):
                model = HybridClassifier(n_qubits=4, n_layers=2, quantum=quantum,
                                         epochs=sized(full=30, fast=3), random_state=seed)
                model.fit(X_train, y_train)
                rows.append({"seed": seed, "model": "hybrid" if quantum else "classical twin",
                             "epochs": model.n_iter_, "test accuracy": model.score(X_test, y_test),
                             "training time (s)": model.history_["time"][-1]})
        results = pd.DataFrame(rows)


        def summary_table(df):
            return df.groupby("model").agg(
                accuracy_mean=("test accuracy", "mean"), accuracy_std=("test accuracy", "std"),
                epochs=("epochs", "first"), seconds=("training time (s)", "mean")).round(3)


        summary_table(results)
    """),
    code("""
        px.strip(results, x="model", y="test accuracy", color="model", hover_data=["seed"],
                 range_y=[0, 1.02], height=350)
    """),
    code("""
        def reading(df):
            table = summary_table(df)
            for model, row in table.iterrows():
                print(f"{model:24s} mean {row.accuracy_mean:.2f} ± {row.accuracy_std:.2f} "
                      f"over {len(df[df.model == model])} seeds, {int(row.epochs)} epochs")


        reading(results)
    """),
    md("""
        Read the numbers before the story: compare the gap between the two means with the
        spread across seeds. Where the twin falls behind, is it *worse*, or only *slower to
        train*? A fair comparison asks that before crediting the quantum layer. Train the
        twin longer:
    """),
    code("""
        longer = []
        for seed in range(sized(full=4, fast=2)):
            model = HybridClassifier(n_qubits=4, n_layers=2, quantum=False,
                                     epochs=sized(full=200, fast=5), random_state=seed)
            model.fit(X_train, y_train)
            longer.append({"seed": seed, "model": "classical twin, longer", "epochs": model.n_iter_,
                           "test accuracy": model.score(X_test, y_test),
                           "training time (s)": model.history_["time"][-1]})
        comparison = pd.concat([results, pd.DataFrame(longer)])
        reading(comparison)
        summary_table(comparison)
    """),
    md("""
        Compare the longer-trained twin with the hybrid: how much of the gap did more
        epochs close (look at the spread, too - one lagging seed is part of the result)? And
        since the twin has no circuit to simulate, compare the `seconds` column: its long
        run may cost less time than the hybrid's short one.

        Finally the opponent that answers "can a classical model do this?": a **tuned
        classical reference**, logistic regression and an RBF support vector machine, each
        tuned over a grid by cross-validation on the same training points (the test points
        are used once, for the score):
    """),
    code("""
        reference = tuned_classical_reference(X_train, y_train, random_state=0)
        print(reference.describe())
        print(f"tuned classical reference, test accuracy: {reference.score(X_test, y_test):.2f}")
        print(f"hybrid, mean test accuracy over seeds:     "
              f"{results[results.model == 'hybrid']['test accuracy'].mean():.2f}")
    """),
    md("""
        So what does this experiment show?

        - *Supported, at most:* on moons, with equal parameter counts and equal epochs, this
          circuit learns faster than a tiny tanh network of the same size - if the gap above
          is larger than the spread.
        - *Not supported:* that the quantum layer is more *capable*, or any quantum advantage.
          The twin controls for size only; it says nothing about what classical models can
          do. That question is answered by the tuned reference, which needs no circuit at all,
          and our "quantum" layer is itself simulated on a classical CPU.

        Equal parameters is one fair baseline; equal training time, or tuned hyper-parameters
        for each model, are others. Notebook 07 builds proper benchmarks, with confidence
        intervals and statistical tests.
    """),
    md("""
        ## Leaving qnnlab: the same model in plain PennyLane and PyTorch

        qnnlab is scaffolding for learning. Everything `HybridNet` does can be written in a
        dozen lines of plain PennyLane and PyTorch, and once you know what those lines are you
        can carry on without this package. PennyLane's `qml.qnn.TorchLayer` turns a QNode into
        a `torch.nn.Module`, just as `QuantumLayer` does. The circuit is the one of the hybrid
        above: the two moons features tiled over four qubits, $(x_0, x_1, x_0, x_1)$, as
        `RY` angles (`AngleEmbedding`), two layers of `StronglyEntanglingLayers`, and one
        $\\langle Z\\rangle$ per qubit:
    """),
    code("""
        import pennylane as qml

        n_qubits, n_layers = 4, 2
        device = qml.device("default.qubit", wires=n_qubits)


        @qml.qnode(device, interface="torch", diff_method="backprop")
        def circuit(inputs, weights):
            qml.AngleEmbedding(inputs, wires=range(n_qubits), rotation="Y")
            qml.StronglyEntanglingLayers(weights, wires=range(n_qubits))
            return [qml.expval(qml.PauliZ(w)) for w in range(n_qubits)]


        class PlainHybrid(nn.Module):
            # 2 features tiled over 4 qubits -> circuit -> linear head, without qnnlab

            def __init__(self):
                super().__init__()
                shapes = {"weights": qml.StronglyEntanglingLayers.shape(n_layers, n_qubits)}
                self.quantum = qml.qnn.TorchLayer(circuit, shapes)
                self.head = nn.Linear(n_qubits, 2)

            def forward(self, x):
                angles = x[:, [0, 1, 0, 1]]  # the tiling qnnlab's angle encoding does
                return self.head(self.quantum(angles))


        torch.manual_seed(0)
        plain = PlainHybrid().double()  # float64, like qnnlab
        print(plain, "\\nweights:", tuple(plain.quantum.weights.shape))
        print(qml.draw(circuit, level="device", decimals=1)(X_t[0, [0, 1, 0, 1]],
                                                        plain.quantum.weights))
    """),
    md("""
        It trains with the same plain PyTorch loop as before:
    """),
    code("""
        optimizer = torch.optim.Adam(plain.parameters(), lr=0.05)
        for epoch in range(sized(full=20, fast=3)):
            optimizer.zero_grad()
            loss = loss_fn(plain(X_t), y_t)
            loss.backward()
            optimizer.step()
        with torch.no_grad():
            plain_scores = plain(torch.tensor(X_test, dtype=DTYPE))
        print(f"after {epoch + 1} epochs: loss {loss.item():.3f}, test accuracy "
              f"{(plain_scores.argmax(dim=1).numpy() == y_test).mean():.2f}")
    """),
    md("""
        Is it really the same model? Copy the trained weights into a qnnlab `HybridNet` with
        the same circuit: `StronglyEntanglingLayers` weights of shape `(layers, qubits, 3)`
        are qnnlab's flat angle vector in the same order, and the heads are both
        `nn.Linear(4, 2)`. The two must then give the same outputs for every test point, up
        to floating-point rounding:
    """),
    code("""
        twin_config = CircuitConfig("angle", "strongly_entangling", n_qubits=n_qubits,
                                    n_layers=n_layers)
        qnnlab_net = HybridNet(2, 2, twin_config, pre_layers=None)
        with torch.no_grad():
            qnnlab_net.quantum_layer.weights.copy_(plain.quantum.weights.reshape(-1))
            qnnlab_net.head.load_state_dict(plain.head.state_dict())
            qnnlab_scores = qnnlab_net(torch.tensor(X_test, dtype=DTYPE))

        largest_gap = (plain_scores - qnnlab_scores).abs().max().item()
        assert largest_gap < 1e-6, largest_gap
        assert torch.equal(plain_scores.argmax(dim=1), qnnlab_scores.argmax(dim=1))
        print(f"largest difference of the outputs on {len(X_test)} test points: "
              f"{largest_gap:.1e}; same predicted class for all of them")
    """),
    md("""
        What qnnlab adds on top of these lines is convenience and checking, not different
        physics: the registry of encodings and ansätze, the pre-network that ends in
        $\\pi\\cdot\\mathrm{sigmoid}$ (`nn.Sequential(..., nn.Sigmoid())` times $\\pi$ in plain
        PyTorch), the seeded `Trainer`, the scikit-learn wrapper, resource counts and the
        fair comparisons. PennyLane's own guide to `TorchLayer` ("Turning quantum nodes into
        Torch Layers" among the PennyLane demos) takes it from here.
    """),
    summary(
        [
            "`QuantumLayer` is a `torch.nn.Module` whose parameters are gate angles; autograd "
            "differentiates through the simulator, and a whole batch runs in one call.",
            "`HybridNet` = pre-network (optional, ends in angles) → quantum layer → linear "
            "head; `n_parameters()` counts each stage.",
            "Train with a plain PyTorch loop or with `Trainer` (mini-batches, history, "
            "callbacks); or use `HybridClassifier` with scikit-learn's `Pipeline` and "
            "`cross_val_score`.",
            "A pre-network lets few qubits take many features - but then the classical parts "
            "carry much of the model.",
            "Compare with a tuned classical reference on the same split, and with the matched "
            "classical counterpart (`quantum=False`, which controls for size only), over several "
            "seeds before crediting the quantum layer.",
            "Without qnnlab: a QNode wrapped in `qml.qnn.TorchLayer` plus `nn.Linear` is the "
            "same model; with the weights copied over it gives the same outputs as `HybridNet`.",
        ],
        outro="Next: training in depth - losses, optimisers, gradients and barren plateaus.",
    ),
    navigation(3),
]

if __name__ == "__main__":
    build(3, cells)
