"""Build notebooks/07-benchmarking.ipynb: honest benchmarking, after Bowles et al. (2024)."""

from common import build, code, exercise, header, md, navigation, summary

cells = [
    *header(
        7,
        intro="""
            Is a hybrid quantum model *better* than a classical one? Answering that honestly
            is harder than training the model. In this notebook you run a small benchmark the
            way a careful study does: the same data and splits for every model, tuned classical
            baselines, several seeds, confidence intervals, paired tests, resource counts, and
            an ablation that removes the entanglement. Then you learn to read other people's
            claims with the same eyes.
        """,
        goals=[
            "describe the benchmarking protocol of Bowles, Ahmed & Schuld (2024) and its findings",
            "write a benchmark as a small YAML config and run it with `qnnlab.bench.run`",
            "compute and read a 95% confidence interval over seeds and a paired test",
            "compare models by their resources: qubits, parameters, circuit executions",
            "check a claim of quantum advantage against a six-item checklist",
        ],
        prerequisites="Notebooks [03](03-hybrid-networks.ipynb) (hybrid networks and their "
        "classical counterpart) and [04](04-training.ipynb) (training). A first brush with "
        "mean, standard deviation and p-values helps.",
        minutes=50,
    ),
    md("""
        ## Why benchmarking is subtle

        In *"Better than classical? The subtle art of benchmarking quantum machine learning
        models"* (Bowles, Ahmed & Schuld, 2024, [arXiv:2403.07059](https://arxiv.org/abs/2403.07059))
        the authors re-implemented 12 popular quantum classifiers and compared them with
        classical ones on 6 families of binary classification tasks (160 datasets). Their
        protocol, for every model and dataset:

        1. draw **300 samples** and split them **80/20** into training and test data;
        2. choose hyperparameters by **grid search with 5-fold cross-validation**
           (`sklearn.model_selection.GridSearchCV`) on the training part only;
        3. retrain the **best setting with seeds 0-4** on the whole training part and report
           the test scores.

        What they found:

        - **Tuned, out-of-the-box classical models usually win.** Simple baselines such as a
          support vector machine or a small neural network beat the quantum models on most
          tasks.
        - **Removing the entanglement often costs little.** Versions of the quantum models
          without entangling gates did about as well, sometimes better: whatever helped, it was
          not obviously the "quantumness".
        - Conclusions depend heavily on **choices**: which datasets, which hyperparameters,
          which baselines. A benchmark that tunes only its favourite model proves little.

        None of this says quantum models are useless; it says that claims need evidence of
        a particular kind. This notebook builds that evidence at small scale.
    """),
    md("""
        ## The protocol at small scale

        Notebooks must run in minutes on a laptop, so we shrink everything but the logic:

        | | Bowles et al. | here (full mode) | here (fast mode, CI) |
        |---|---|---|---|
        | samples, split | 300, 80/20 | 200, 80/20 | 80, 80/20 |
        | cross-validation | 5-fold | 3-fold | 2-fold |
        | settings per model | large grids | 2 (equal budget) | 2 |
        | seeds | 0-4 | 0, 1, 2 | 0, 1 |

        Each **seed** draws its own data sample, its own split and folds, and its own initial
        weights, and *every model of that seed sees exactly the same arrays*. So a seed is one
        fair "round" of the comparison, and the spread across seeds tells us how much a single
        round can be trusted.
    """),
    code("""
        from pathlib import Path

        import pandas as pd
        import yaml

        import qnnlab
        from qnnlab import bench
        from qnnlab.bench.protocol import job_key
        from qnnlab.bench.report import figures
        from qnnlab.bench.stats import describe_findings
        from qnnlab.exercises import reveal
        from qnnlab.exercises.nb07 import (CHECKLIST, CLAIM, check_claim, check_confidence_interval,
                                           check_protocol_trainings)
        from qnnlab.settings import fast_mode, sized

        pd.set_option("display.width", 200, "display.max_columns", 30)
        print("fast mode" if fast_mode() else "full mode")
    """),
    md("""
        ## The experiment as a config

        A benchmark is data, not code: a small YAML file (or a dict with the same keys) that
        `qnnlab.bench` validates before anything is trained. Ours compares five models on
        `two_curves`, one of the synthetic tasks of Bowles et al. (two wiggly curves, one per
        class, in 4 dimensions):

        - **`hybrid`**: 4 qubits, angle encoding, then 2 layers of the `sim_2` ansatz
          (RX and RZ on every qubit, then a chain of CNOTs);
        - **`no_entanglement`**: the same model with `sim_1`, the same rotations *without* the
          CNOTs: the same number of parameters, no entanglement. This is the **ablation**;
        - **`classical_counterpart`**: the hybrid network with its circuit swapped for a small
          classical layer of the same size (notebook 03);
        - **`logistic_regression`** and **`svc_rbf`**: the classical baselines, tuned too.

        Every model gets a grid of 2 settings (`search_budget: 2`), so nobody is tuned harder
        than anybody else, and the hybrid models and the counterpart get the same epochs.
    """),
    code("""
        def hybrid(label, ansatz):
            params = {"n_qubits": 4, "n_layers": 2, "ansatz": ansatz,
                      "epochs": sized(full=10, fast=4), "batch_size": 32}
            return {"model": "hybrid", "label": label, "params": params,
                    "grid": {"learning_rate": [0.05, 0.1]}}

        config = {
            "name": "notebook-07",
            "seeds": sized(full=[0, 1, 2], fast=[0, 1]),
            "test_size": 0.2,
            "cv": sized(full=3, fast=2),
            "search_budget": 2,
            "metrics": ["accuracy", "f1_macro", "convergence", "train_time", "n_parameters",
                        "resources"],
            "datasets": [{"name": "two_curves", "n_samples": sized(full=200, fast=80),
                          "n_features": 4}],
            "models": [
                hybrid("hybrid", "sim_2"),
                hybrid("no_entanglement", "sim_1"),
                {"model": "classical_counterpart", "counterpart_of": "hybrid"},
                {"model": "logistic_regression", "grid": {"C": [0.1, 10.0]}},
                {"model": "svc_rbf", "grid": {"C": [1.0, 10.0]}},
            ],
        }
        print(yaml.safe_dump(config, sort_keys=False))
    """),
    md("""
        The two quantum circuits differ only in the CNOTs. `qnnlab.draw` shows them and
        `qnnlab.resources` counts what they cost:
    """),
    code("""
        for ansatz in ("sim_2", "sim_1"):
            circuit = qnnlab.CircuitConfig("angle", ansatz, n_qubits=4, n_layers=2, n_features=4)
            counts = qnnlab.resources(circuit)
            print(f"{ansatz}: {counts['quantum_params']} parameters, "
                  f"{counts['two_qubit_gates']} two-qubit gates, depth {counts['depth']}")
            print(qnnlab.draw(circuit, decimals=None), end="\\n\\n")
    """),
    md("""
        ## Running the benchmark

        `bench.run(config, out=folder, jobs=1)` expands the config into *jobs* (dataset ×
        model × seed), runs each one (grid search, refit, test), and writes into `folder`:
        `results.csv` (one row per job), `jobs.jsonl` (appended as jobs finish, so an
        interrupted run resumes where it stopped), `record.json` (the config, seeds, versions
        and timings) and a self-contained `report.html`. The folder name below carries a
        fingerprint of the config, so that changing the config starts a fresh folder.
    """),
    code("""
        out = Path("runs") / f"07-benchmark-{job_key(config)[:8]}"
        out.parent.mkdir(exist_ok=True)
        results = bench.run(config, out=out, jobs=1)
        print(f"{len(results)} jobs, {int((results['status'] != 'ok').sum())} failed; "
              f"files in {out}/")
    """),
    md("""
        ## The results table

        One row per job: which model, which seed, the hyperparameters the grid search chose,
        the cross-validation score, and the **test accuracy**, measured once after the refit.
    """),
    code("""
        columns = ["model", "seed", "best_params", "cv_accuracy", "accuracy", "n_parameters",
                   "train_time_s"]
        results[columns].sort_values(["model", "seed"]).round(3)
    """),
    md(r"""
        ### Confidence intervals over seeds

        A mean over $n$ seeds is itself uncertain. With few seeds, the 95% confidence interval
        of the mean uses Student's $t$ distribution with $n-1$ degrees of freedom:

        $$\bar x \pm t_{0.975,\,n-1}\,\frac{s}{\sqrt{n}}, \qquad
        s = \sqrt{\tfrac{1}{n-1}\textstyle\sum_i (x_i-\bar x)^2}.$$

        For $n = 3$ the factor $t_{0.975,2} = 4.30$ is much larger than the familiar 1.96:
        three seeds buy only a rough idea of the mean. That is not a flaw of the method; it is
        an honest statement of how little three runs tell you.
    """),
    code("""
        hybrid_scores = results.loc[results["model"] == "hybrid"].sort_values("seed")["accuracy"]
        hybrid_scores.tolist()
    """),
    *exercise(
        "7.1",
        "A confidence interval by hand",
        """
            Compute the 95% confidence interval `(low, high)` of the mean test accuracy of the
            `hybrid` model from `hybrid_scores` (one value per seed). Use NumPy and
            `scipy.stats`; then compare your numbers with the `ci_low`/`ci_high` columns of
            the summary below.
        """,
        answer="""
            scores = hybrid_scores.to_numpy()
            answer = ...  # (low, high)
        """,
        check="check_confidence_interval(answer, scores)",
    ),
    md("""
        ## The summary: intervals and paired tests

        `bench.summarize` turns the jobs into one row per model: the mean test accuracy with
        its 95% interval, the spread across seeds (`std`, a measure of training stability),
        and a **paired comparison with the best classical baseline**. *Paired* because every
        seed gives both models the same data: we test the per-seed *differences*
        (`scipy.stats.ttest_rel`, and a Wilcoxon signed-rank test where possible). The
        verdict says "better" or "worse" only when the t-test's p-value is below 0.05;
        otherwise it says "not significant".

        Two warnings for reading p-values: with many models, about one comparison in twenty
        is "significant" by chance (no correction is applied); and with very few seeds a
        test has little power: an exact Wilcoxon test on 5 seeds can never give p < 0.05.
    """),
    code("""
        table = bench.summarize(results)
        shown = ["rank", "variant", "family", "mean", "ci_low", "ci_high", "std", "n_parameters",
                 "baseline", "difference", "t_pvalue", "wilcoxon_pvalue", "verdict"]
        table[shown].round(3)
    """),
    code("""
        for line in describe_findings(table):
            print(line)
    """),
    md("""
        ## Figures from the report

        `bench.report(folder)` renders the report again from the files (here it was already
        written by `run`). Open `report.html` in a browser for all figures and the notes on
        what each number means; two of its figures, live:
    """),
    code("""
        report_path = bench.report(out)
        print("report:", report_path)
        figs = figures(results, table)
        figs["Per-seed spread"]
    """),
    code("""
        figs["Score vs resources"]
    """),
    md(r"""
        ## What the numbers show

        Read the table before the figures, and the verdicts before the means:

        - **The winner.** In our full-mode run the tuned RBF support vector machine had the
          highest mean accuracy, well ahead of every model trained by gradient descent, as
          Bowles et al. found for most tasks. Check the `rank` column of *your* run.
        - **Entanglement.** Compare `hybrid` with `no_entanglement`: the same parameters,
          with and without CNOTs. Their intervals overlap widely; nothing here says the
          entanglement helped.
        - **The classical counterpart** (same architecture, no circuit) lands close to the
          hybrid model as well (in our run a few points above it, well within the spread):
          what the hybrid model learns, a small classical layer of the same size learns too,
          on this task.
        - **"Not significant" is not "as good".** In our full-mode run `hybrid` was
          significantly *worse* than the SVC while `no_entanglement`, with an even lower
          mean, was "not significant": its scores varied more from seed to seed, so the test
          was less sure. A noisier model does not become a better one.
        - **Uncertainty.** With 2-3 seeds the intervals are tens of points wide. Where a
          verdict says "not significant", the honest sentence is "we cannot tell these models
          apart with this data", not "they are equal", and certainly not "the quantum model
          is better because its mean is higher".

        In fast mode (CI) the models barely train, so the numbers are mostly noise, and with
        2 seeds the factor $t_{0.975,1} = 12.7$ stretches the intervals beyond $[0, 1]$: a
        useful reminder that the *same code* tells a different story at a different budget.
    """),
    md("""
        ## Resources: what did each model cost?

        A fair comparison also counts costs. `results` records, per job, the qubits, the
        trainable parameters (for the SVC: the numbers its decision function stores, mostly
        support vectors), two-qubit gates, the simulator executions of the final training, and
        the circuits one training epoch would need **on hardware** with parameter-shift
        gradients: every sample is its own circuit, plus two shifted circuits per parameter.
    """),
    code("""
        costs = ["qubits", "n_parameters", "two_qubit_gates", "training_executions",
                 "hardware_circuits_per_epoch", "train_time_s"]
        results.groupby("model")[costs].mean().round(1)
    """),
    md("""
        Time on a simulator is not time on hardware: the 4-qubit simulator runs a whole batch
        in one execution, while a quantum computer runs circuits one by one, thousands of
        shots each. And the whole protocol multiplies these costs, as the next exercise shows.
    """),
    *exercise(
        "7.2",
        "What does the protocol cost?",
        """
            One model is tuned on a grid of 3 learning rates × 2 depths with **5-fold**
            cross-validation; then the best setting is retrained on the whole training part
            with **5 seeds** (Bowles et al.'s protocol, with no extra refit). How many times is
            the model trained in total, for one dataset?
        """,
        answer="answer = ...  # an integer",
        check="check_protocol_trainings(answer)",
    ),
    md("""
        ## Reading a claim of quantum advantage

        When you read "our quantum model beats classical methods", ask these questions. Each
        one that the claim cannot answer is a reason to doubt it:
    """),
    code("""
        for key, question in CHECKLIST.items():
            print(f"{key:16s} {question}")
    """),
    *exercise(
        "7.3",
        "Check a claim",
        """
            Read the claim below. Which checklist items does it **fail**? Answer with a set of
            keys of `CHECKLIST`, e.g. `{"resources", "clean_test"}`.
        """,
        answer="""
            print(CLAIM)
            answer = ...  # a set of CHECKLIST keys
        """,
        check="check_claim(answer)",
    ),
    summary(
        [
            "Bowles et al. (2024): tuned classical baselines usually beat the quantum models, "
            "and removing entanglement often costs little; conclusions hinge on protocol "
            "choices.",
            "A fair protocol: the same data, splits and seeds for all models; the same search "
            "budget (grid search with cross-validation on the training part); the test split "
            "used once.",
            "Report means with t-intervals over seeds and paired tests against the best "
            "baseline; 'not significant' means 'cannot tell apart', never 'equal' or 'better'.",
            "Count resources (qubits, parameters, circuit executions) and run the ablation "
            "(no entanglement, classical counterpart) before crediting the quantum part.",
            "`qnnlab.bench.run(config, out=...)` writes results, a run record and a report; "
            "`bench.reproduce(folder)` re-runs and compares (notebook 09).",
        ],
        outro="""
            Next, the Playground: explore every choice interactively, and test your intuitions
            with quick challenges before you design your own study in notebook 09.
        """,
    ),
    navigation(7),
]

if __name__ == "__main__":
    build(7, cells)
