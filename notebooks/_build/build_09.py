"""Build notebooks/09-capstone.ipynb: a template for a small, reproducible study of your own."""

from common import build, code, exercise, header, md, navigation, summary

STARTER_YAML = '''
config_text = """
name: my-study
description: Does entanglement help a small hybrid classifier on moons?
seeds: [0, 1]
test_size: 0.2
cv: 2
datasets:
  - {name: moons, n_samples: 80}
models:
  - model: hybrid
    params: {n_qubits: 2, n_layers: 2, ansatz: sim_2, epochs: 5, batch_size: 16}
    grid: {learning_rate: [0.05, 0.1]}
  - model: hybrid
    label: no_entanglement
    params: {n_qubits: 2, n_layers: 2, ansatz: sim_1, epochs: 5, batch_size: 16}
    grid: {learning_rate: [0.05, 0.1]}
"""
config_path = Path("runs") / "my-study.yaml"   # runs/ holds everything this notebook writes
config_path.parent.mkdir(exist_ok=True)
config_path.write_text(config_text)
print(f"wrote {config_path}")
'''

cells = [
    *header(
        9,
        intro="""
            Time to do science yourself. This notebook is a **template** for a small study:
            you ask a question about hybrid quantum models, write down what you expect
            *before* you run anything, describe the experiment in a YAML file, run it with
            several seeds, read the report, check that the run reproduces, and write up results,
            limitations and a conclusion. A worked example (entanglement on `moons`) is filled
            in so that every cell runs; replace it with your own study.
        """,
        goals=[
            "turn a vague question into a testable hypothesis, written before running",
            "describe an experiment as a YAML config and check it against an honest-science "
            "checklist",
            "run it with `qnnlab.bench.run`, read the report and the run record",
            "verify a result with `qnnlab.bench.reproduce`",
            "write a conclusion that says no more than the numbers show, with its limitations",
        ],
        prerequisites="Notebook [07](07-benchmarking.ipynb) (the benchmarking protocol and "
        "how to read intervals, paired differences and Holm-corrected verdicts); the "
        "[Playground](08-playground.ipynb) "
        "helps to find a question.",
        minutes=90,
    ),
    md("""
        ## The plan of a study

        | step | what you write | where |
        |---|---|---|
        | 1 | a research question | exercise 9.1 |
        | 2 | a hypothesis, **before** running | exercise 9.1 |
        | 3 | the experiment as a YAML file | exercise 9.2 |
        | 4 | a check of the design against the checklist | exercise 9.2 |
        | 5 | the run: `bench.run(config, out=...)` with seeds | below |
        | 6 | the report and the run record | below |
        | 7 | `bench.reproduce(folder)` | below |
        | 8 | results, limitations, conclusion | exercise 9.3 and the last section |

        Ideas for questions, each small enough for a laptop:

        - Does entanglement help? (`sim_2` against `sim_1`: the same parameters, with and
          without CNOTs.)
        - Does the hybrid model beat its classical counterpart on a dataset of your choice?
        - How much depolarizing noise does a model tolerate before a tuned SVC is clearly
          better? (a `noise:` sweep)
        - Does data re-uploading (`encoding: reuploading`) help on `spirals` or `circles`?
        - Does the answer change with the problem size? (a `sweep:` over `n_features`)
    """),
    code("""
        from pathlib import Path

        import pandas as pd
        import yaml

        from qnnlab import bench
        from qnnlab.bench.config import MODELS
        from qnnlab.bench.protocol import job_key
        from qnnlab.bench.report import figures
        from qnnlab.bench.stats import describe_findings
        from qnnlab.exercises import reveal
        from qnnlab.exercises.nb09 import (STUDY_CHECKLIST, check_conclusion, check_plan,
                                           check_study_config, paired_comparison)

        pd.set_option("display.width", 200, "display.max_columns", 30)
        for name, entry in MODELS.items():
            print(f"{name:22s} {entry.description}")
    """),
    md("""
        ## Steps 1 and 2: question and hypothesis

        A good **question** is specific: which models, which data, which measure. A good
        **hypothesis** is a statement the numbers could prove *wrong*, for example "the
        entangling model's mean test accuracy is higher than the non-entangling one's". Write
        it now, before you see any result, and do not edit it afterwards: a hypothesis
        adjusted to the results tests nothing. Also fix the significance level `alpha` now.

        Plan **few** comparisons. Each one is another chance of a "significant" result by
        luck, so exercise 9.3 corrects the p-values of all planned comparisons together
        (Holm, as in notebook 07): the more you plan, the stronger the evidence each one needs.
    """),
    *exercise(
        "9.1",
        "Write the plan",
        """
            Fill in the plan. `model` and `baseline` are the **labels** of the two models of
            your config that the hypothesis compares (a model's label defaults to its `model`
            name); `model` may also be a list of labels, each compared with the baseline.
            `metric` is one of `accuracy`, `f1_macro`, `roc_auc`.
        """,
        answer="""
            plan = {
                "question": ...,      # one sentence ending with "?"
                "hypothesis": ...,    # a statement that the numbers could prove wrong
                "model": ...,         # e.g. "hybrid"
                "baseline": ...,      # e.g. "no_entanglement" or "svc_rbf"
                "metric": "accuracy",
                "alpha": 0.05,
            }
        """,
        check="check_plan(plan)",
    ),
    md("""
        ## Steps 3 and 4: the experiment as a YAML file

        The config below is a *starting point* that runs in seconds, and it is **not yet a
        fair study**. Edit the YAML until the checklist check passes. The keys are explained
        in `help(qnnlab.bench.config)`; the most useful ones:

        - `seeds`: one fair round of the comparison per seed (data, split, folds, weights);
        - `test_size`, `cv`: the held-out fraction and the folds of the grid search (every
          model searches its whole grid; a model without a `grid` gets its default one, for
          the classical baselines those of `qnnlab.baselines.DEFAULT_GRIDS`). Leave
          `search_budget` out: it samples the same *number* of settings from every grid,
          which under-tunes the cheap classical baselines;
        - `datasets`: names from `qnnlab.datasets.available()` with `n_samples`,
          `n_features`, `noise`;
        - `models`: `hybrid`, `classical_counterpart` (with `counterpart_of: <label>`),
          `logistic_regression`, `svc_rbf`, `mlp`, `random_forest`, each with fixed `params`
          and a `grid`;
        - optional `noise:` (a sweep of noise strengths for the hybrid models) and `sweep:`
          (problem sizes).

        Keep the budget small: every hybrid training in a grid search costs seconds.
    """),
    code(STARTER_YAML),
    md("""
        The honest-science checklist the check applies (✅ required, ⚠️ recommended):
    """),
    code("""
        for key, (required, text) in STUDY_CHECKLIST.items():
            print(f"{'required   ' if required else 'recommended'}  {text}")
    """),
    *exercise(
        "9.2",
        "A fair design",
        """
            Edit the YAML above until this check passes, re-running both cells. The check
            validates the config first (a typo gives a message naming the bad key), then goes
            through the checklist, and also confirms that your plan's `model` and `baseline`
            are labels in the config.
        """,
        answer="answer = config_path  # the YAML file you wrote",
        check="check_study_config(answer, plan)",
    ),
    md("""
        ## Step 5: run it

        The run goes into a folder under `runs/` named after a fingerprint of the config:
        running this cell again resumes (finished jobs are skipped); editing the config
        starts a new folder. `jobs=1` runs one job at a time in this process; on a bigger
        machine, `jobs=4` or a Dask `client=` runs them in parallel with the same results.
    """),
    code("""
        experiment = bench.load_config(config_path)
        out = Path("runs") / f"09-{experiment.name}-{job_key(experiment.raw)[:8]}"
        results = bench.run(config_path, out=out, jobs=1)
        print(f"{len(results)} jobs, {int((results['status'] != 'ok').sum())} failed; in {out}/")
        results[["model", "seed", "best_params", "accuracy", "n_parameters"]].round(3)
    """),
    md("""
        ## Step 6: the report and the run record

        The summary table gives each model's mean with its 95% interval (seeds *and* test
        samples resampled) and its paired difference from the best classical baseline (if
        your study has one, chosen on cross-validation accuracy): the `difference` with its
        own interval, the p-value Holm-corrected across *all* the table's comparisons
        (`p_adjusted`) and the verdict. Those are exploratory: your plan's comparison comes
        in step 8. The full report, with all figures and notes on every number, is
        `report.html` in the run folder.
    """),
    code("""
        table = bench.summarize(results)
        table[["rank", "variant", "mean", "ci_low", "ci_high", "baseline", "difference",
               "diff_low", "diff_high", "p_adjusted", "verdict"]].round(3)
    """),
    code("""
        for line in describe_findings(table):
            print(line)
        print("report:", bench.report(out))
        figures(results, table)["Per-seed spread"]
    """),
    md("""
        `record.json` is what makes the run *reproducible* by somebody else: the config as
        written, the seeds, the versions of qnnlab and its numerical libraries, the platform,
        the git commit, and the timings. Keep it (with `results.csv`) next to your write-up.
    """),
    code("""
        import json

        record = json.loads((out / "record.json").read_text())
        {key: record[key] for key in ("seeds", "versions", "platform", "git_commit", "timings")
         if key in record}
    """),
    md("""
        ## Step 7: does it reproduce?

        `bench.reproduce(folder)` runs the stored experiment again from `record.json`, into a
        fresh folder, and compares the results job by job: the data and split hashes, the
        chosen hyperparameters and every score must agree (timings are not compared).
    """),
    code("""
        reproduced = bench.reproduce(out, progress=False)
        print(reproduced.summary())
    """),
    md("""
        ## Step 8: what did you find?

        First the verdict that the numbers allow for *your* hypothesis, then the write-up.
        The cell below computes the comparisons of your plan only, with the statistics of
        notebook 07: the paired `difference` (model - baseline, the same seeds and, where
        recorded, the same test samples) with its 95% bootstrap interval (`diff_low`,
        `diff_high`), the bootstrap `p_value` and `p_adjusted` (Holm across your planned
        comparisons if there are several; the same number for one). The verdict is yours to
        draw.
    """),
    code("""
        # your planned comparison(s), paired by seed and test sample; the verdict is yours to
        # draw in exercise 9.3
        paired_comparison(results, plan).round(3) if check_plan(plan) else \
            "complete exercise 9.1 first"
    """),
    *exercise(
        "9.3",
        "The conclusion the numbers allow",
        """
            Compare your `model` with your `baseline`: is it `"better"`, `"worse"`, or is
            there `"not enough evidence"` at your `alpha`? As in notebook 07, "better" or
            "worse" needs both a (corrected) p-value below `alpha` **and** an interval of the
            difference that excludes 0; higher means alone are not enough. If your plan lists
            several models, answer a dict with one verdict per model.
        """,
        answer='answer = ...  # "better", "worse" or "not enough evidence"',
        check="check_conclusion(answer, results, plan)",
    ),
    md("""
        ### Results

        *Prompts - replace them with your text:*

        - Which model ranked first, with what mean and 95% interval? How wide are the
          intervals compared with the differences between models?
        - What does the paired comparison say for your hypothesis (difference with its
          interval, corrected p-value, verdict)? Was the hypothesis supported, contradicted,
          or left open? Which differences does the interval still allow?
        - What did the models cost (qubits, parameters, training time, circuit executions)?

        ### Limitations

        - How many seeds, samples and settings? Would the conclusion survive more of each?
        - One dataset (or a few) at one size: what would you expect on others?
        - A simulator, not hardware: what would shot noise and device noise change?
        - How many comparisons did you make? With alpha = 0.05, about one in twenty is
          "significant" by chance: the planned ones are Holm-corrected together, but every
          comparison you add after seeing the results is another draw.
        - Did you change anything after seeing results (the config, the plan)? Say so.

        ### Conclusion

        One paragraph that answers your question and says no more than the numbers show.
        "Not enough evidence" means "this study cannot tell them apart", not "they are
        equal": the interval of the difference says how large a difference it cannot rule
        out.

        ### Honest-science checklist

        - [ ] question and hypothesis written before the first run
        - [ ] at least 3 seeds; the same data, splits and seeds for every model
        - [ ] a classical baseline tuned over its whole grid by cross-validation on the
          training data only
        - [ ] an ablation (no entanglement, or the classical counterpart)
        - [ ] means with confidence intervals; paired differences with their intervals;
          alpha and the planned comparisons fixed in advance, Holm-corrected together
        - [ ] resources reported (qubits, parameters, executions)
        - [ ] `record.json` kept; `reproduce` matched
        - [ ] limitations stated; no claim beyond the evidence
    """),
    summary(
        [
            "A study starts with a question and a hypothesis written before any run, with the "
            "metric and alpha fixed in advance.",
            "The experiment is a YAML file: reviewable, reusable, and checked against the "
            "honest-science checklist before it costs compute.",
            "`bench.run` writes results, a run record and a report; `bench.reproduce` re-runs "
            "the record and compares job by job.",
            "The conclusion follows the paired difference: 'better' or 'worse' only when the "
            "Holm-corrected p-value is below the chosen alpha and the interval excludes 0; "
            "'not enough evidence' is a result, not a failure.",
        ],
        outro="""
            This is the end of the course. Share your study (config, `record.json`,
            `results.csv` and your write-up) so that somebody else can run it again.
        """,
    ),
    navigation(9),
]

if __name__ == "__main__":
    build(9, cells)
