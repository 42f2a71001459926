"""Run otter-grader's local grader (`otter run`) on one notebook, stopping any cell
that runs longer than a time limit (the kernel is interrupted and grading goes on).

Used by tools/grade.py, which starts it in a process of its own with an overall time
limit. Writes results.json into --out, as `otter run` does.
"""
import argparse


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("submission", help="path to a copy of the notebook (.ipynb)")
    p.add_argument("--autograder", required=True, help="the set's autograder zip")
    p.add_argument("--out", required=True, help="directory for results.json")
    p.add_argument("--cell-timeout", type=int, required=True, help="seconds per cell")
    args = p.parse_args()

    from nbconvert import preprocessors
    from traitlets import Any, Bool

    def cell_limit(cell):
        """The learner's cells get the limit; the two cells otter adds (the first sets up
        grading, the last runs every test) are bounded only by the whole-notebook limit
        of the calling process."""
        otters = ("init_grading_mode", "GradingResults")
        return None if any(s in cell.source for s in otters) else args.cell_timeout

    class LimitedExecutePreprocessor(preprocessors.ExecutePreprocessor):
        timeout_func = Any(cell_limit)              # per cell, then interrupt the kernel
        interrupt_on_timeout = Bool(True)

    # otter imports ExecutePreprocessor from nbconvert.preprocessors when it grades.
    preprocessors.ExecutePreprocessor = LimitedExecutePreprocessor

    import otter.run
    otter.run.main(args.submission, autograder=args.autograder, output_dir=args.out,
                   no_logo=True)


if __name__ == "__main__":
    main()
