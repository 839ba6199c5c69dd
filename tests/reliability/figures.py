"""Measure the reliability figures quoted in docs/reliability.md.

    python -m tests.reliability.figures          # everything (about a minute and a half)

Runs the same experiments as the tests: kills at every fault point, nine concurrent writers,
the hostile corpus, every tampering case; prints one Markdown table.
"""

from __future__ import annotations

from jcg_ledger.books.init import init_ledger
from tests.reliability.harness import concurrency_experiment, crash_experiment, temp_dir
from tests.reliability.hostile import run_corpus
from tests.reliability.tamper import tamper_experiment


def main() -> None:
    rows: list[tuple[str, str]] = []
    with temp_dir() as work:
        crash = crash_experiment(work / "crash")
        survived = [
            o
            for o in crash
            if o.killed and o.state != "neither" and o.check_ok and o.audit_ok and o.rerun_ok
        ]
        rows.append(("kill points tried (SIGKILL inside `jcg post`)", str(len(crash))))
        rows.append(
            ("kill points survived (before/after exactly, check + verify pass)", str(len(survived)))
        )
        rows.append(
            (
                "  of which books exactly as before / as after",
                f"{sum(o.state == 'before' for o in crash)} / "
                f"{sum(o.state == 'after' for o in crash)}",
            )
        )
    with temp_dir() as work:
        conc = concurrency_experiment(work)
        rows.append(
            ("concurrent writers (8 × `jcg post` shells + 1 × post() in Python)", str(conc.writers))
        )
        rows.append(
            ("concurrent events posted / landed exactly once", f"{conc.events} / {conc.landed}")
        )
        rows.append(("concurrent events lost / duplicated", f"{conc.lost} / {conc.duplicated}"))
        rows.append(
            (
                "after the run: `jcg check` / `jcg audit verify`",
                f"{'pass' if conc.check_ok else 'FAIL'} / {'pass' if conc.audit_ok else 'FAIL'}",
            )
        )
    with temp_dir() as work:
        hostile = run_corpus(init_ledger(work / "ledger"), work)
        rows.append(("hostile inputs tried (fixed corpus, through the CLI)", str(hostile.tried)))
        rows.append(
            (
                "hostile inputs refused (exit 1, message, no traceback, books identical)",
                str(hostile.refused),
            )
        )
    with temp_dir() as work:
        tamper = tamper_experiment(work)
        rows.append(("tampering cases tried", str(tamper.tried)))
        rows.append(
            (
                "tampering cases detected / first broken record named right",
                f"{tamper.detected} / {tamper.named_right}",
            )
        )
    print("| figure | value |\n|---|---|")
    for name, value in rows:
        print(f"| {name} | {value} |")


if __name__ == "__main__":
    main()
