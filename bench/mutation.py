"""Mutation testing of the money code: `python -m bench mutation [--paths P ...]`.

Runs mutmut (configured in pyproject.toml's ``[tool.mutmut]``) on the rules, ``money.py``,
``finance.py``, ``reconcile.py``, ``identifiers.py`` and the report totals
(``reports/base.py``), each mutant against the fast tests that call the function it mutates,
then prints the score per file: killed / (mutants − equivalent ones), and every survivor.

Without ``--paths`` mutmut resumes: it runs every mutant that has no verdict yet (fastest
first), keeping earlier verdicts in ``mutants/`` (git-ignored), so an interrupted run goes on
where it stopped. ``--paths`` reruns the mutants of some files or folders
(``jcg_ledger/money.py``, ``jcg_ledger/rules``) whatever their verdicts, after a change to
them or their tests. ``--report`` prints the score of what has run without running anything. Not part
of CI (it takes tens of minutes); run it before resolving an issue that touches these files,
and record the score in docs/testing.md. ``EQUIVALENT`` lists the mutants shown to compute
the same books as the original, each with the reason.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MUTANTS = REPO / "mutants"
TARGETS = (
    "jcg_ledger/money.py",
    "jcg_ledger/finance.py",
    "jcg_ledger/reconcile.py",
    "jcg_ledger/identifiers.py",
    "jcg_ledger/reports/base.py",
    "jcg_ledger/rules",
)

# Mutants that cannot change a result, by mutmut's name → why (docs/testing.md repeats them).
# mutmut numbers the mutants of a function in order: a name stays valid while the function's
# code is unchanged (after a change, review the survivors again).
_FALLBACK = "Newton only speeds XIRR up: when it fails, bisection finds the same root (1e-12)"
_TOLERANCE = "changes digits below the 1e-12 tolerance only"
_BRACKET_END = (
    "a closed-form rate of exactly −0.999999 or 1000: Newton and bisection then give the same "
    "end, or within 1e-12 of it"
)
_BISECT_SIGN = "f == 0 has returned before, so > 0 and >= 0 agree here"
_SCHEDULE = "the conditional is `frequency` in every case (None → one date either way)"
_BOOKED = "a loaded book's postings all have units with a Decimal number (Beancount books them)"
_WHERE = "the '?' default: every entry of a loaded book has a filename and a line number"
_LEVEL = "reached only for an annuity with a frequency: `level` is set and `frequency` true"
_SUM_START = (
    "sum's start: the terms are Decimals (0 + Decimal is the Decimal; of none, 0 prints as 0)"
)
_ROOT = "the account's first component is the same however many times it is split"
_REST = "rest never goes below 0 (capital ≤ amount, tier ≤ rest): at 0 both give 0"
_CATCH_UP = "the tier is min(rest 0, …) = 0, or with carry 0 the manager needs 0: the same split"
_USCC17 = "called with 17 symbols only (validate_uscc checks 18 first): strict never fires"
_PERSON = "a person's fact: the measure needs a person (refused before without one)"
_FALSY = "None is falsy like False: the same branch"
_FULLWIDTH = "the loop finds FULLWIDTH LATIN anyway (one of the confusable scripts)"
_OWED = "first_unpaid is set once owed > repaid, and owed only grows: the two tests agree"
EQUIVALENT: dict[str, str] = {
    "jcg_ledger.finance.x_npv__mutmut_10": "sum's start: every flow is a Decimal, so is the sum",
    "jcg_ledger.finance.x_xirr__mutmut_2": "no sign change: bisection finds no root either → None",
    "jcg_ledger.finance.x_xirr__mutmut_5": "no sign change: bisection finds no root either → None",
    "jcg_ledger.finance.x_xirr__mutmut_9": "no sign change: bisection finds no root either → None",
    "jcg_ledger.finance.x_xirr__mutmut_10": "no sign change: bisection finds no root either → None",
    "jcg_ledger.finance.x_xirr__mutmut_35": _FALLBACK,
    "jcg_ledger.finance.x_xirr__mutmut_37": "Newton landing exactly on −0.999999: then bisection",
    "jcg_ledger.finance.x_xirr__mutmut_38": "Newton landing exactly on 1000: then bisection",
    "jcg_ledger.finance.x_xirr__mutmut_41": _TOLERANCE,
    "jcg_ledger.finance.x__two_flows__mutmut_17": _BRACKET_END,
    "jcg_ledger.finance.x__two_flows__mutmut_18": _BRACKET_END,
    "jcg_ledger.finance.x__bisect__mutmut_16": _BISECT_SIGN,
    "jcg_ledger.finance.x__bisect__mutmut_19": _BISECT_SIGN,
    "jcg_ledger.finance.x__bisect__mutmut_31": _TOLERANCE + " (it halves 300 times instead)",
    "jcg_ledger.finance.x__bisect__mutmut_33": _TOLERANCE,
    "jcg_ledger.finance.x__bisect__mutmut_34": _TOLERANCE,
    "jcg_ledger.finance.x__bisect__mutmut_36": _TOLERANCE,
    "jcg_ledger.finance.x__bisect__mutmut_37": _TOLERANCE,
    "jcg_ledger.finance.x__bisect__mutmut_38": _BISECT_SIGN,
    "jcg_ledger.finance.x__bisect__mutmut_41": _BISECT_SIGN,
    "jcg_ledger.finance.x__bisect__mutmut_45": "unreachable: 300 halvings of 1001 end below 1e-12",
    "jcg_ledger.finance.x__bisect__mutmut_46": "unreachable: 300 halvings of 1001 end below 1e-12",
    "jcg_ledger.finance.x__bisect__mutmut_47": "unreachable: 300 halvings of 1001 end below 1e-12",
    "jcg_ledger.money.x_parse_decimal__mutmut_27": "unreachable: the regex admits valid text only",
    "jcg_ledger.money.x_parse_money__mutmut_45": "below −20 or not whole fen: the same refusal",
    "jcg_ledger.money.x_parse_money__mutmut_47": "below −20 or not whole fen: the same refusal",
    "jcg_ledger.identifiers.x_is_resident_id__mutmut_13": "zip of 17 and 17: strict never fires",
    "jcg_ledger.identifiers.x_is_resident_id__mutmut_16": "zip of 17 and 17: strict never fires",
    "jcg_ledger.identifiers.x_is_resident_id__mutmut_18": "zip of 17 and 17: strict never fires",
    "jcg_ledger.identifiers.x__luhn__mutmut_23": "−total is a multiple of 10 iff total is",
    "jcg_ledger.identifiers.x_validate_person_code__mutmut_3": "is_resident_id upper-cases the X",
    "jcg_ledger.rules.payments.x_find_approval__mutmut_4": "no award has an empty id: both miss",
    "jcg_ledger.reconcile.x__where__mutmut_4": _WHERE,
    "jcg_ledger.reconcile.x__where__mutmut_6": _WHERE,
    "jcg_ledger.reconcile.x__where__mutmut_9": _WHERE,
    "jcg_ledger.reconcile.x__where__mutmut_11": _WHERE,
    "jcg_ledger.reconcile.x__where__mutmut_13": _WHERE,
    "jcg_ledger.reconcile.x__where__mutmut_16": _WHERE,
    "jcg_ledger.reconcile.x__units__mutmut_3": _BOOKED,
    "jcg_ledger.reconcile.x__units__mutmut_6": _BOOKED,
    "jcg_ledger.reconcile.x__units__mutmut_7": _BOOKED,
    "jcg_ledger.reconcile.x__units__mutmut_8": _BOOKED,
    "jcg_ledger.reconcile.x__collect__mutmut_17": "sum's start: every posting's number is a Decimal",
    "jcg_ledger.rules.debt.x_schedule__mutmut_8": _SCHEDULE,
    "jcg_ledger.rules.debt.x_schedule__mutmut_11": _SCHEDULE,
    "jcg_ledger.rules.debt.x_schedule__mutmut_12": _SCHEDULE,
    "jcg_ledger.rules.debt.x_schedule__mutmut_13": _SCHEDULE,
    "jcg_ledger.rules.debt.x_schedule__mutmut_19": "level is read only by the annuity branch",
    "jcg_ledger.rules.debt.x_schedule__mutmut_72": _LEVEL,
    "jcg_ledger.rules.debt.x_schedule__mutmut_75": _LEVEL,
    "jcg_ledger.rules.debt.x_schedule__mutmut_76": _LEVEL,
    "jcg_ledger.rules.buyback_schedule.x_check_tranche__mutmut_61": _SUM_START,
    "jcg_ledger.rules.buyback_schedule.x_check_tranche__mutmut_83": _SUM_START,
    "jcg_ledger.rules.fund_allocation.x_pro_rata__mutmut_3": "a weight of 0: a share of 0.00, dropped, never the largest",
    "jcg_ledger.rules.fund_allocation.x_pro_rata__mutmut_9": _SUM_START,
    "jcg_ledger.rules.fund_allocation.x_pro_rata__mutmut_30": _SUM_START,
    "jcg_ledger.rules.fund_waterfall.xǁPositionǁaccrue__mutmut_4": "accruing to the day already accrued to adds 0 days: nothing",
    "jcg_ledger.rules.fund_waterfall.xǁPositionǁaccrue__mutmut_14": "accrued_to set again to the same day",
    "jcg_ledger.rules.fund_waterfall.x_split__mutmut_17": _REST,
    "jcg_ledger.rules.fund_waterfall.x_split__mutmut_23": _REST,
    "jcg_ledger.rules.fund_waterfall.x_split__mutmut_29": _CATCH_UP,
    "jcg_ledger.rules.fund_waterfall.x_split__mutmut_31": _CATCH_UP,
    "jcg_ledger.rules.fund_waterfall.x_split__mutmut_33": _CATCH_UP,
    "jcg_ledger.rules.fund_waterfall.x_split__mutmut_64": _REST,
    "jcg_ledger.rules.fund_waterfall.x_split__mutmut_67": _REST,
    "jcg_ledger.rules.fund_tolerance.x_levels__mutmut_39": _SUM_START,
    "jcg_ledger.rules.fund_tolerance.x_levels__mutmut_45": _SUM_START,
    "jcg_ledger.rules.period.x__meta_text__mutmut_2": "loaded entries and postings always have metadata (filename, lineno)",
    "jcg_ledger.rules.caps.x_used__mutmut_9": _SUM_START,
    "jcg_ledger.rules.agent.x_net_assets_moved__mutmut_7": _ROOT,
    "jcg_ledger.rules.agent.x_net_assets_moved__mutmut_16": _BOOKED,
    "jcg_ledger.rules.agent.x_check_net_assets__mutmut_10": _ROOT,
    "jcg_ledger.rules.agent.x_check_net_assets__mutmut_13": _ROOT,
    "jcg_ledger.identifiers.x_uscc_check_symbol__mutmut_5": "every symbol occurs once in USCC_ALPHABET: index = rindex",
    "jcg_ledger.identifiers.x_uscc_check_symbol__mutmut_8": _USCC17,
    "jcg_ledger.identifiers.x_uscc_check_symbol__mutmut_11": _USCC17,
    "jcg_ledger.identifiers.x_uscc_check_symbol__mutmut_12": _USCC17,
    "jcg_ledger.identifiers.x_find_personal_data__mutmut_10": "checking the same text twice finds what once finds",
    "jcg_ledger.identifiers.x__find_personal_data__mutmut_27": "a digit run (_DIGIT_RUN) holds at most 19 digits",
    "jcg_ledger.rules.debt.x_overdue__mutmut_1": "not debt: no schedule; no principal left: owed ≤ repaid → None either way",
    "jcg_ledger.rules.debt.x_overdue__mutmut_25": _OWED,
    "jcg_ledger.rules.debt.x_overdue__mutmut_27": _OWED,
    "jcg_ledger.rules.highest_not_cumulative.x_headroom__mutmut_25": _SUM_START,
    "jcg_ledger.rules.highest_not_cumulative.x_headroom__mutmut_65": _SUM_START,
    "jcg_ledger.identifiers.x__script__mutmut_6": "a character without a name has no script either way",
    "jcg_ledger.identifiers.x__script__mutmut_8": _FULLWIDTH,
    "jcg_ledger.identifiers.x__script__mutmut_9": _FULLWIDTH,
    "jcg_ledger.rules.appropriation.x_department_of__mutmut_17": "'' and 'XXXX' are no department: KeyError",
    "jcg_ledger.rules.award.xǁAwardFactǁfrom_meta__mutmut_47": "a bool read as text: str(True).upper() == 'TRUE'",
    "jcg_ledger.rules.award.x_assess__mutmut_55": "core.persons.get(None) is None",
    "jcg_ledger.rules.budget_twin.x_check__mutmut_19": _FALSY,
    "jcg_ledger.rules.budget_twin.x_check__mutmut_26": _FALSY,
    "jcg_ledger.rules.future_date.x_check_entry__mutmut_5": _FALSY,
    "jcg_ledger.rules.buyback_price.x_check_received__mutmut_31": "received == expected returned above",
    "jcg_ledger.rules.conditions.x__fact__mutmut_2": _PERSON,
    "jcg_ledger.rules.conditions.x_check_conditions__mutmut_17": _PERSON,
}

# mutmut's exit codes (mutmut.stats.status_by_exit_code), for reading mutants/*.meta.
STATUS = {1: "killed", 3: "killed", 0: "survived", 5: "no tests", 33: "no tests", 34: "skipped"}
STATUS |= {36: "timeout", -24: "timeout", 24: "timeout", 152: "timeout", 255: "timeout"}
STATUS |= {37: "type check", -11: "segfault", -9: "segfault"}


# The small text ledgers the rule tests load (``rules/*_ledger.py``): test fixtures beside the
# rules, not money code (pyproject ``do_not_mutate`` names them too).
FIXTURES = ("_ledger.py",)


def mutated(path: str) -> bool:
    """Whether mutmut mutates ``path`` (pyproject: ``only_mutate`` less ``do_not_mutate``)."""
    if not path.endswith(".py") or path.endswith(("_test.py", "/__init__.py", *FIXTURES)):
        return False
    return any(path == t or path.startswith(t + "/") for t in TARGETS)


def sync() -> None:
    """Bring mutants/ up to date with every file mutmut does not mutate.

    mutmut copies the package once and regenerates only the files it mutates; the tests
    beside the rules and the modules the rules import would otherwise stay as they were on
    the first run.
    """
    if not MUTANTS.exists():
        return
    for source in (REPO / "jcg_ledger").rglob("*"):
        relative = str(source.relative_to(REPO))
        if not source.is_file() or "__pycache__" in relative or mutated(relative):
            continue
        target = MUTANTS / relative
        if not target.exists() or target.read_bytes() != source.read_bytes():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)


LIVE = ("survived", "no tests", "suspicious")
# Of reports/base.py only the totals row is money code; its other functions load books.
SCOPE = {"jcg_ledger/reports/base.py": ("xǁTableǁtotal__",)}


def module_glob(path: str) -> str:
    """A source path as the mutant-name glob mutmut takes (``jcg_ledger.money.*``)."""
    clean = path.rstrip("/").removesuffix(".py").replace("/", ".")
    return clean + ".*"


def results(paths: Sequence[str]) -> dict[str, tuple[str, str]]:
    """mutant name → (source file, status) for every mutant of ``paths`` that mutmut recorded."""
    out: dict[str, tuple[str, str]] = {}
    for meta in sorted(MUTANTS.glob("jcg_ledger/**/*.py.meta")):
        source = str(meta.relative_to(MUTANTS)).removesuffix(".meta")
        if not mutated(source):
            continue  # mutated by an earlier configuration (a fixture since)
        if not any(
            source == p.rstrip("/") or source.startswith(p.rstrip("/") + "/") for p in paths
        ):
            continue
        codes = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
        scope = SCOPE.get(source)
        for name, code in codes.items():
            if scope and not any(f".{prefix}" in name for prefix in scope):
                continue
            out[name] = (source, "not checked" if code is None else STATUS.get(code, "suspicious"))
    return out


def report(paths: Sequence[str]) -> int:
    """Print the score per file and every survivor; 0 when nothing survived unexplained."""
    found = results(paths)
    if not found:
        print("no mutation results yet: run `python -m bench mutation` first")
        return 1
    per_file: dict[str, Counter[str]] = {}
    survivors: list[tuple[str, str]] = []
    for name, (source, status) in found.items():
        if status == "survived" and name in EQUIVALENT:
            status = "equivalent"
        per_file.setdefault(source, Counter())[status] += 1
        if status in LIVE:
            survivors.append((name, status))
    total: Counter[str] = Counter()
    print(f"{'file':45} {'mutants':>7} {'killed':>6} {'equiv':>5} {'surv':>5} {'score':>7}")
    for source, counts in sorted(per_file.items()):
        total.update(counts)
        print(_row(source, counts))
    print(_row("total", total))
    for name, status in survivors:
        print(f"  {status}: {name}")
    return 1 if survivors else 0


def _row(label: str, counts: Counter[str]) -> str:
    n = sum(counts.values())
    killed = counts["killed"] + counts["timeout"] + counts["type check"]
    live = n - counts["equivalent"] - counts["not checked"] - counts["skipped"]
    score = f"{100 * killed / live:6.1f}%" if live else "    -  "
    return (
        f"{label:45} {n:7} {killed:6} {counts['equivalent']:5} "
        f"{counts['survived'] + counts['no tests'] + counts['suspicious']:5} {score}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench mutation", description=__doc__)
    parser.add_argument(
        "--paths", nargs="+", help="files or folders (rerun); default: every target, resumed"
    )
    parser.add_argument("--max-children", type=int, default=2, help="parallel mutants (2)")
    parser.add_argument("--report", action="store_true", help="only print the recorded score")
    parser.add_argument(
        "--survivors", action="store_true", help="rerun only the mutants that survived (of --paths)"
    )
    args = parser.parse_args(argv)
    paths = args.paths or list(TARGETS)
    for path in paths:
        if not any(path.rstrip("/") == t or path.startswith(t + "/") for t in TARGETS):
            parser.error(f"{path} is not configured for mutation (pyproject [tool.mutmut])")
    if not args.report:
        sync()
        env = dict(os.environ, BEANCOUNT_DISABLE_LOAD_CACHE="1")
        # mutmut names mutants by module; its globs select the files asked for.
        command = [sys.executable, "-m", "mutmut", "run", "--max-children", str(args.max_children)]
        # Without --paths mutmut resumes: it runs every mutant without a verdict, fastest first.
        if args.survivors:
            alive = [n for n, (_, status) in results(paths).items() if status in LIVE]
            alive = [n for n in alive if n not in EQUIVALENT]
            if not alive:
                return report(paths)
            command += alive
        else:
            command += [module_glob(p) for p in args.paths or ()]
        subprocess.run(command, cwd=REPO, env=env, check=False)
    return report(paths)
