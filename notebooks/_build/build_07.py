"""Build notebooks/07-benchmarking.ipynb: honest benchmarking, after Bowles et al. (2024)."""

from common import build, code, exercise, header, md, navigation, summary

cells = [
    *header(
        7,
        intro="""
            Is a hybrid quantum model *better* than a classical one? Answering that honestly
            is harder than training the model. In this notebook you run a small benchmark the
            way a careful study does: the same data and splits for every model, every model
            tuned over its full grid by cross-validation, models trained to convergence,
            several seeds, intervals that include the test set's sampling error, paired
            differences corrected for multiple comparisons, resource counts, and an ablation
            that removes the entanglement. Then you learn to read other people's claims with
            the same eyes.
        """,
        goals=[
            "describe the benchmarking protocol of Bowles, Ahmed & Schuld (2024) and its findings",
            "write a benchmark as a small YAML config and run it with `qnnlab.bench.run`",
            "say what makes a comparison fair: full grids, selection on validation data only, "
            "training to convergence",
            "read an interval that includes test-sample error, a paired difference with its "
            "interval, and a Holm-corrected verdict",
            "compare models by their resources: qubits, parameters, circuit executions",
            "check a claim of quantum advantage against the advantage-claim checklist",
        ],
        prerequisites="Notebooks [03](03-hybrid-networks.ipynb) (hybrid networks and their "
        "classical counterpart) and [04](04-training.ipynb) (training, early stopping). A first "
        "brush with means, standard deviations and p-values helps.",
        minutes=60,
    ),
    md("""
        ## Why benchmarking is subtle

        In *"Better than classical? The subtle art of benchmarking quantum machine learning
        models"* (Bowles, Ahmed & Schuld, 2024, [arXiv:2403.07059](https://arxiv.org/abs/2403.07059))
        the authors re-implemented 12 popular quantum classifiers and compared them with
        classical ones on 6 families of binary classification tasks (160 datasets). Their
        protocol, for every model and dataset:

        1. draw **300 samples** and split them **80/20** into training and test data;
        2. choose hyperparameters by **grid search over the model's full grid with 5-fold
           cross-validation** (`sklearn.model_selection.GridSearchCV`) on the training part
           only;
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
          which baselines, how long each model trains. A benchmark that tunes only its
          favourite model proves little.

        None of this says quantum models are useless; it says that claims need evidence of
        a particular kind. This notebook builds that evidence at small scale.
    """),
    md("""
        ## A fair protocol, at small scale

        *Fair* means fair in substance, not in appearance:

        - **Every model searches its full grid.** Giving every model "the same number of
          settings" sounds fair but is not: a cheap classical model with a large grid, cut
          down to 2 random settings, is under-tuned, while the expensive model loses nothing.
          Here each classical baseline searches its whole default grid
          (`qnnlab.baselines.DEFAULT_GRIDS`, after Bowles et al.), and the hybrid models
          search the grid we declare for them. The results say exactly what each was given.
        - **Selection on validation data only.** Every model's setting, *and the choice of
          the best classical baseline*, is made on cross-validation scores of the training
          part. The test part is touched once per model, for the final number. Choosing the
          "best baseline" by its test score would bias every comparison against it.
        - **The scaler is fit inside each fold** (a `Pipeline`), so no fold peeks at the data
          it is scored on.
        - **Trained to convergence.** Gradient-trained models (the hybrids and their classical
          counterpart) stop by validation early stopping within a generous cap of epochs, and
          every run records whether it `converged`. A model stopped by its epoch cap is
          flagged: otherwise the comparison partly measures a training budget.

        Notebooks must run in minutes on a laptop, so we shrink the sizes but not the logic:

        | | Bowles et al. | here (full mode) | here (fast mode, CI) |
        |---|---|---|---|
        | samples, split | 300, 80/20 | 200, 80/20 | 80, 80/20 |
        | cross-validation | 5-fold | 3-fold | 2-fold |
        | settings per model | full grids | full grids | full grids (hybrids: 1) |
        | training | to convergence | early stopping, epoch cap | the same |
        | seeds | 0-4 | 0, 1, 2 | 0, 1 |

        Each **seed** draws its own data sample, its own split and folds, and its own initial
        weights, and *every model of that seed sees exactly the same arrays*. So a seed is one
        fair "round" of the comparison (with its own grid search), and the spread across
        seeds tells us how much a single round can be trusted.
    """),
    code("""
        from pathlib import Path

        import pandas as pd
        import yaml

        import qnnlab
        from qnnlab import bench
        from qnnlab.bench.config import grid_size, load_config
        from qnnlab.bench.protocol import job_key
        from qnnlab.bench.report import difficulty_sweeps, figures
        from qnnlab.bench.stats import (SeedOutcome, accuracy_interval, adjust_pvalues,
                                        boolean_fraction, describe_findings, mean_ci,
                                        paired_difference, seed_outcomes, verdict)
        from qnnlab.exercises import reveal
        from qnnlab.exercises.nb07 import (CHECKLIST, CLAIM, P_VALUES, check_claim, check_holm,
                                           check_protocol_trainings)
        from qnnlab.settings import fast_mode, sized

        pd.set_option("display.width", 200, "display.max_columns", 30,
                      "display.max_colwidth", 90)
        print("fast mode" if fast_mode() else "full mode")
    """),
    md("""
        ## The experiment as a config

        A benchmark is data, not code: a small YAML file (or a dict with the same keys) that
        `qnnlab.bench` validates before anything is trained. Ours compares six models on
        `two_curves`, one of the synthetic tasks of Bowles et al. (two wiggly curves, one per
        class, in 4 dimensions):

        - **`hybrid`**: 4 qubits, angle encoding, then 2 layers of the `sim_2` ansatz
          (RX and RZ on every qubit, then a chain of CNOTs);
        - **`no_entanglement`**: the same model with `sim_1`, the same rotations *without* the
          CNOTs: the same number of parameters, no entanglement. This is the **ablation**;
        - **`classical_counterpart`**: the hybrid network with its circuit swapped for a small
          classical layer of the same size (notebook 03). It controls for *size*, not for what
          classical models can do: that is the job of the tuned baselines;
        - **`logistic_regression`**, **`svc_rbf`** and **`random_forest`**: classical
          baselines. They have no `grid` key, so each searches its full default grid.

        The hybrid models and the counterpart share a grid of learning rates; the epochs are
        not a hyperparameter: they train with validation early stopping (the bench default).
    """),
    code("""
        def hybrid(label, ansatz):
            params = {"n_qubits": 4, "n_layers": 2, "ansatz": ansatz, "batch_size": 64}
            return {"model": "hybrid", "label": label, "params": params,
                    "grid": {"learning_rate": sized(full=[0.03, 0.1], fast=[0.1])}}

        config = {
            "name": "notebook-07",
            "seeds": sized(full=[0, 1, 2], fast=[0, 1]),
            "test_size": 0.2,
            "cv": sized(full=3, fast=2),
            "metrics": ["accuracy", "f1_macro", "convergence", "train_time", "n_parameters",
                        "resources"],
            "datasets": [{"name": "two_curves", "n_samples": sized(full=200, fast=80),
                          "n_features": 4}],
            "models": [
                hybrid("hybrid", "sim_2"),
                hybrid("no_entanglement", "sim_1"),
                {"model": "classical_counterpart", "counterpart_of": "hybrid"},
                {"model": "logistic_regression"},
                {"model": "svc_rbf"},
                {"model": "random_forest"},
            ],
        }
        print(yaml.safe_dump(config, sort_keys=False))
    """),
    md("""
        Validating the config fills in the default grids. This is what each model will
        search, per seed, with cross-validation:
    """),
    code("""
        experiment = load_config(config)
        pd.DataFrame([{"model": m.label, "settings in its grid": grid_size(m.grid),
                       "grid": "; ".join(f"{key}: {values}" for key, values in m.grid.items())}
                      for m in experiment.models]).set_index("model")
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
        model × seed), runs each one (grid search, refit of the best setting, one test), and
        writes into `folder`: `results.csv` (one row per job), `jobs.jsonl` (appended as jobs
        finish, so an interrupted run resumes where it stopped), `record.json` (the config,
        seeds, versions and timings) and a self-contained `report.html`. The folder name below
        carries a fingerprint of the config, so that changing the config starts a fresh
        folder. (Full mode: a few minutes; the hybrid models take most of it.)
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

        One row per job: which model, which seed, the setting the grid search chose, its
        cross-validation score, the **test accuracy** (measured once, after the refit) on
        `n_test` test samples, and how the final training ended.
    """),
    code("""
        columns = ["model", "seed", "best_params", "cv_accuracy", "accuracy", "n_test",
                   "epochs_run", "converged"]
        results[columns].sort_values(["model", "seed"]).round(3)
    """),
    md("""
        ### What each model was given, and did it converge?

        Before reading any score, check that the comparison is fair: the settings each model
        searched, its epoch cap, and whether its final training **converged** (stopped by its
        own convergence rule: early stopping for the gradient-trained models, scikit-learn's
        tolerance for the iterative baselines) rather than by hitting the cap.
    """),
    code("""
        ok = results[results["status"] == "ok"]
        given = ok.groupby("model", sort=False).agg(settings_searched=("n_candidates", "mean"),
                                                    epochs_run_mean=("epochs_run", "mean"),
                                                    epochs_run_max=("epochs_run", "max"),
                                                    epoch_cap=("epoch_cap", "max"))
        given["converged (fraction of seeds)"] = ok.groupby("model", sort=False)["converged"].agg(
            boolean_fraction)
        for model, note in ok.groupby("model", sort=False)["budget_note"].first().items():
            print(f"{model:22s} {note}")
        given.round(1)
    """),
    code("""
        stopped_by_cap = ok[ok["converged"].astype(str).str.lower().isin(["false", "0"])]
        if stopped_by_cap.empty:
            print(f"All {len(ok)} finished jobs converged before their cap: the comparison "
                  "does not measure a training budget.")
        else:
            print(f"{len(stopped_by_cap)} of {len(ok)} jobs stopped at their cap without "
                  "converging; read their scores as 'under-trained':")
            print(stopped_by_cap[["model", "seed", "epochs_run", "epoch_cap"]].to_string(
                index=False))
    """),
    md("""
        ### What "the same number of settings" would have done

        An earlier version of this notebook gave every model 2 settings drawn from its grid
        (`search_budget: 2`). For the hybrid models that is their whole
        grid; for the SVC it is 2 of its many settings, drawn at random. Run the SVC again
        under that equal-count budget, on the same seeds and data, and compare:
    """),
    code("""
        budget_config = {**config, "name": "notebook-07-equal-count", "search_budget": 2,
                         "models": [{"model": "svc_rbf"}]}
        budget_out = Path("runs") / f"07-equal-count-{job_key(budget_config)[:8]}"
        equal_count = bench.run(budget_config, out=budget_out, jobs=1, progress=False)
        full_grid = ok[ok["model"] == "svc_rbf"].set_index("seed")
        two = equal_count.set_index("seed")
        svc = pd.DataFrame({"full grid: chosen": full_grid["best_params"],
                            "CV": full_grid["cv_accuracy"], "test": full_grid["accuracy"],
                            "2 settings: chosen": two["best_params"],
                            "CV ": two["cv_accuracy"], "test ": two["accuracy"]})
        print(svc.round(3).to_string(), end="\\n\\n")
        for name, frame in (("full grid", full_grid), ("2 random settings", two)):
            print(f"SVC, {name:17s}: mean CV accuracy {frame['cv_accuracy'].mean():.3f}, "
                  f"mean test accuracy {frame['accuracy'].mean():.3f}")
    """),
    md("""
        On the validation folds the full grid can only do as well or better, seed by seed:
        it contains the 2 settings and is scored on the same folds. On the test samples the
        difference is noisier, and on a small test set the 2-setting SVC can even come out
        ahead on some seed by chance. Either way, it was not *chosen* to be weak: it was given
        less. A baseline that did not search its grid proves nothing about the
        model it is compared with. That is why qnnlab searches full grids by default and
        `search_budget` is an opt-in mode that the report names.

        ## Intervals that include the test set's sampling error

        A model's mean accuracy over seeds is uncertain for **two** reasons:

        1. **seed to seed**: another seed gives other data, folds and initial weights;
        2. **test sampling**: each seed scores the model on a few dozen test samples, and an
           accuracy measured on so few samples is itself only known to within several points.

        The textbook *t*-interval over seeds sees only the first. With few seeds it can even
        have **zero width** (every seed scores the same) or reach **beyond 1**, which no
        accuracy can. Compare it with `accuracy_interval`, a **hierarchical bootstrap**: it
        resamples the seeds with replacement and, within each seed, redraws the accuracy from
        the number of correct test answers (the Jeffreys posterior, a smooth version of
        resampling the test samples):
    """),
    code("""
        perfect = [SeedOutcome(correct=24, n=24)] * 3  # three seeds, 24 of 24 right each time
        print("three perfect seeds, t-interval over seeds:    ", mean_ci([1.0, 1.0, 1.0]))
        print("three perfect seeds, bootstrap (seeds + tests):",
              tuple(round(v, 3) for v in accuracy_interval(perfect)))

        outcomes = seed_outcomes(ok[ok["model"] == "hybrid"])
        scores = [o.accuracy for o in outcomes.values()]
        print(f"\\nhybrid: {len(scores)} seeds, test accuracies {[round(s, 3) for s in scores]}, "
              f"{outcomes[min(outcomes)].n} test samples each")
        print("t-interval over seeds:    ", tuple(round(v, 3) for v in mean_ci(scores)))
        print("bootstrap (seeds + tests):", tuple(round(v, 3) for v in
                                                   accuracy_interval(list(outcomes.values()))))
    """),
    md("""
        The bootstrap interval stays inside [0, 1] and never has zero width: three perfect
        seeds of 24 test samples do not prove a perfect model. Its seed part is only as good
        as the seeds seen, though: 2 or 3 seeds cannot show how different a fourth would be.
        So with few seeds it may come out *narrower* than the t-interval, whose large
        $t$ factor for few seeds exists for exactly that doubt. No interval replaces more
        seeds and more test samples.

        ## The summary: paired differences and corrected verdicts

        `bench.summarize` turns the jobs into one row per model: the mean test accuracy with
        its interval (`ci_low`, `ci_high`), and a comparison with the **best classical
        baseline**, the classical model with the highest mean *cross-validation* accuracy
        (test scores play no part in choosing it).

        The comparison is **paired**: every seed gives both models the same test samples, so
        we bootstrap the *difference* `model - baseline` per seed and per test sample (where
        both models got a sample right or wrong together, that sample says nothing about
        their difference). `difference` comes with its own interval (`diff_low`,
        `diff_high`) and a bootstrap p-value of "no difference" (`p_value`).

        One study makes several comparisons at once, and with m comparisons at the 5% level
        about m/20 of them come out "significant" by chance. **Holm's correction** (the
        default) adjusts all p-values of the study together (`p_adjusted`). The verdict says
        "better" or "worse" only when the corrected p-value is below 0.05 *and* the interval
        of the difference excludes zero; otherwise it says **"not enough evidence"**.
    """),
    code("""
        table = bench.summarize(results)
        shown = ["rank", "variant", "family", "mean", "ci_low", "ci_high", "cv_accuracy",
                 "converged", "baseline", "difference", "diff_low", "diff_high", "p_value",
                 "p_adjusted"]
        table[shown].round(3)
    """),
    code("""
        for _, row in table.iterrows():
            print(f"{row['variant']:22s} {row['verdict']}")
    """),
    md(r"""
        ### Holm's correction

        Holm's step-down method: sort the $m$ p-values, $p_{(1)} \le \dots \le p_{(m)}$;
        multiply the smallest by $m$, the next by $m-1$, ..., the largest by $1$; walk along
        that order and replace each value by the largest so far (a corrected p-value never
        decreases as $p$ grows); cap at 1. It guarantees, like Bonferroni's $m\,p$, that the
        chance of *any* false "significant" result in the study stays below 5%, and it is
        never less powerful than Bonferroni.
    """),
    *exercise(
        "7.1",
        "Holm's correction by hand",
        """
            A study made the four comparisons in `P_VALUES` (uncorrected p-values against its
            best classical baseline). Compute their Holm-corrected p-values with NumPy, in the
            same order (a list) or as a dict by name. How many comparisons are below 0.05
            before and after the correction?
        """,
        answer="""
            print(P_VALUES)
            answer = ...  # Holm-corrected p-values, in the order of P_VALUES
        """,
        check="check_holm(answer)",
    ),
    md("""
        `qnnlab.bench.stats.adjust_pvalues(p, "holm")` does the same; the `p_adjusted`
        column above is exactly that, applied to the `p_value` column:
    """),
    code("""
        compared = table[table["p_value"].notna()]
        print(pd.DataFrame({"variant": compared["variant"], "p_value": compared["p_value"],
                            "Holm, recomputed": adjust_pvalues(compared["p_value"], "holm"),
                            "p_adjusted": compared["p_adjusted"]}).round(4).to_string(index=False))
    """),
    md("""
        ## The ablation: does the entanglement matter?

        The table compares every model with the best classical baseline. The ablation asks
        another question: is `hybrid` different from `no_entanglement`, its own copy without
        CNOTs? That is one more comparison, so it joins the others in the Holm correction:
    """),
    code("""
        def outcomes_of(model):
            return seed_outcomes(ok[ok["model"] == model])

        with_cnots, without = outcomes_of("hybrid"), outcomes_of("no_entanglement")
        seeds = sorted(set(with_cnots) & set(without))
        ablation = paired_difference([with_cnots[s] for s in seeds], [without[s] for s in seeds])
        all_p = [*table["p_value"].dropna(), ablation["p_value"]]
        ablation["p_adjusted"] = adjust_pvalues(all_p, "holm")[-1]
        print(f"{len(all_p)} comparisons in this study, Holm-corrected together")
        print("hybrid vs no_entanglement:", verdict(ablation, "no_entanglement"))
    """),
    md("""
        ## What the numbers show

        Read the verdicts before the means, and the means only with their intervals. The
        cell below states this run's findings from the table, so the words cannot drift
        from the numbers:
    """),
    code("""
        for line in describe_findings(table):
            print(line, end="\\n\\n")

        best = table.loc[table["verdict"].str.startswith("best classical"), "variant"].iloc[0]
        top = table.sort_values("rank").iloc[0]
        print(f"best classical baseline (chosen on CV accuracy): {best}")
        print(f"highest mean test accuracy: {top['variant']} ({top['family']})")
        quantum = table[table["family"] == "quantum"]
        for kind in ("better", "worse", "not enough evidence"):
            names = quantum.loc[quantum["verdict"].str.startswith(kind), "variant"].tolist()
            print(f"quantum models with verdict '{kind}': {names or 'none'}")
        counterpart = table[table["variant"] == "classical_counterpart"]
        print("classical_counterpart:", counterpart["verdict"].iloc[0] if len(counterpart) else "-")
    """),
    md("""
        How to put it into words, whatever your run shows:

        - **"Worse than the baseline"** with a corrected p-value below 0.05 and an interval
          below zero is a finding: on this task, at this size, the tuned classical model is
          more accurate. That is what Bowles et al. found on most of their tasks.
        - **"Not enough evidence"** means *we cannot tell these models apart with this data*.
          It does not mean "as good", and a higher mean with an interval that straddles zero
          is certainly not "better". More seeds, more test samples or a larger difference
          are needed to say more.
        - **The ablation** answers whether the CNOTs matter here. If it says "not enough
          evidence", nothing in this run credits the entanglement.
        - **The classical counterpart** has the hybrid's size without a circuit: if it is not
          worse than the hybrid, what the circuit learns, a classical layer of the same size
          learns too. And it controls for size only; the tuned baselines say what classical
          models can do.
        - **Convergence**: check the flags above. A verdict about a model that stopped at its
          epoch cap is a verdict about its training budget.

        In fast mode (CI) the data are tiny and there are only 2 seeds, so the intervals are
        wide and the verdicts say little: a useful reminder that the *same code* tells a
        different story at a different budget.
    """),
    md("""
        ## Figures from the report

        `bench.report(folder)` renders the report again from the files (here it was already
        written by `run`). Open `report.html` in a browser for all figures (the training
        curves too), what each model was given, and notes on what every number means. Two of
        its figures, live:
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
    md("""
        ## Accuracy against difficulty

        One dataset is one point of a larger picture. Bowles et al. sweep a *difficulty*
        parameter of every data generator and plot each model's accuracy against it. For
        `two_curves` that is the curve `degree` (how wiggly the curves are; the two classes
        lie `1 / (2 degree)` apart); our benchmark above used the default, 5. A sweep is one
        more key in the config, and the report then draws accuracy against the swept
        parameter. Here, to stay within the notebook's time, only the two fast baselines
        are swept:
    """),
    code("""
        difficulty_config = {
            "name": "notebook-07-difficulty", "seeds": config["seeds"], "cv": config["cv"],
            "datasets": [{"name": "two_curves", "n_samples": sized(full=200, fast=80),
                          "n_features": 4, "sweep": {"degree": [2, 5, 10, 20]}}],
            "models": [{"model": "logistic_regression"}, {"model": "svc_rbf"}],
        }
        difficulty_out = Path("runs") / f"07-difficulty-{job_key(difficulty_config)[:8]}"
        sweep_results = bench.run(difficulty_config, out=difficulty_out, jobs=1, progress=False)
        sweep_table = bench.summarize(sweep_results)
        by_degree = difficulty_sweeps(sweep_table)
        print(by_degree.pivot(index="value", columns="variant", values="mean").round(3)
              .rename_axis("degree").to_string())
        figures(sweep_results, sweep_table)["Accuracy vs difficulty"]
    """),
    md("""
        Read how far the accuracy of the *same* tuned models moves with this one parameter
        of the generator. A verdict at one degree, on one generator, is not a verdict about
        the model. The shipped experiment `benchmarks/experiments/bowles2024_difficulty.yaml`
        runs such sweeps with a hybrid model beside the baselines, on two of the paper's
        families (about a quarter of an hour on two cores, too long for this notebook).

        ## Resources: what did each model cost?

        A fair comparison also counts costs. `results` records, per job, the qubits, the
        trainable parameters (for the SVC: the numbers its decision function stores, mostly
        support vectors), two-qubit gates, the simulator executions of the final training, and
        the circuits one training epoch would need **on hardware** with parameter-shift
        gradients: every sample is its own circuit, plus two shifted circuits per parameter.
    """),
    code("""
        costs = ["qubits", "n_parameters", "two_qubit_gates", "training_executions",
                 "hardware_circuits_per_epoch", "train_time_s", "search_time_s"]
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
        ## Reading a claim of quantum advantage: the checklist

        When you read "our quantum model beats classical methods", ask these questions. Each
        one that the claim cannot answer is a reason to doubt it:
    """),
    code("""
        for key, question in CHECKLIST.items():
            print(f"{key:22s} {question}")
    """),
    *exercise(
        "7.3",
        "Check a claim",
        """
            Read the claim below. Which checklist items does it **fail**? Answer with a set of
            keys of `CHECKLIST`, e.g. `{"resources", "same_data"}`.
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
            "Fair in substance: every model searches its full grid with the same "
            "cross-validation; settings and the best baseline are chosen on validation scores "
            "only; the scaler is fit inside each fold; the test split is used once.",
            "Gradient-trained models train to convergence (early stopping within a generous "
            "cap); runs that hit the cap are flagged, because otherwise a benchmark measures "
            "training budgets.",
            "Intervals must include the test set's sampling error (a hierarchical bootstrap "
            "over seeds and test samples); compare models by their paired difference and its "
            "interval, with the p-values of the whole study Holm-corrected.",
            "'Not enough evidence' means 'cannot tell apart', never 'equal' or 'better'. Run the "
            "ablation (no entanglement, classical counterpart) and count resources before "
            "crediting the quantum part.",
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
