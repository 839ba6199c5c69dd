"""Parity: every rule `jcg post` refuses by also fails `jcg check` on books edited by hand.

For each case of `parity.py`: the refused event leaves the books byte-identical and names the
rule; the same state typed in by hand — recorded with `jcg audit accept`, so the audit chain is
satisfied — fails `jcg check` with the same rule code. The meta-test collects every rule code
in the code (`rule_names.py`) and fails when one has neither a case nor an exemption.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from jcg_ledger.books.init import init_ledger
from jcg_ledger.books.layout import Ledger
from jcg_ledger.check import check
from jcg_ledger.cli import main
from jcg_ledger.events import parse_event
from jcg_ledger.post import PostError, post
from tests.conftest import snapshot
from tests.reliability.parity import EXEMPT, Case, HandCase, all_cases, build_main, hand_cases
from tests.reliability.rule_names import collect
from tests.subsidies.scenario import all_events

CASES = all_cases()
HAND_CASES = hand_cases()


@pytest.fixture(scope="module")
def bases(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Ledger]:
    root = tmp_path_factory.mktemp("parity")
    subsidy = init_ledger(root / "subsidy")
    post(subsidy, [parse_event(e) for e in all_events()])
    return {"main": build_main(root / "main"), "subsidy": subsidy}


def _copy(base: Ledger, to: Path, case: Case) -> Ledger:
    ledger = Ledger.at(to)
    shutil.copytree(base.root, ledger.root, ignore=shutil.ignore_patterns(".jcg"))
    if case.before:
        post(ledger, [parse_event(e) for e in case.before])
    if case.setup is not None:
        case.setup(ledger)
    return ledger


def _accept(ledger: Ledger) -> None:
    result = CliRunner().invoke(
        main,
        ["--ledger", str(ledger.root), "audit", "accept", "--reason", "手工修改 parity", "--by",
         "clerk-01"],
        catch_exceptions=False,
    )  # fmt: skip
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_refused_by_post_and_failed_by_check(
    bases: dict[str, Ledger], tmp_path: Path, case: Case
) -> None:
    # The CLI refuses the event, naming the rule, and writes nothing.
    refused = _copy(bases[case.base], tmp_path / "refused", case)
    if case.refuse_after is not None:
        case.refuse_after(refused)
    *earlier, last = case.refused
    if earlier:
        post(refused, [parse_event(e) for e in earlier])
    before = snapshot(refused)
    with pytest.raises(PostError) as error:
        post(refused, [parse_event(last)])
    assert error.value.rule == case.rule, error.value
    assert snapshot(refused) == before

    # The same state typed in by hand, even once accepted into the audit chain, fails check.
    edited = _copy(bases[case.base], tmp_path / "edited", case)
    assert check(edited).ok, check(edited).as_dict()
    case.edit(edited)
    if case.accept:
        _accept(edited)
    result = check(edited)
    assert not result.ok
    assert case.rule in result.rules, result.as_dict()


@pytest.mark.parametrize("case", HAND_CASES, ids=[c.id for c in HAND_CASES])
def test_computed_by_the_cli_failed_by_check_when_typed_in(
    bases: dict[str, Ledger], tmp_path: Path, case: HandCase
) -> None:
    edited = Ledger.at(tmp_path / "edited")
    shutil.copytree(bases["main"].root, edited.root, ignore=shutil.ignore_patterns(".jcg"))
    if case.setup is not None:
        case.setup(edited)
    assert check(edited).ok, check(edited).as_dict()
    case.edit(edited)
    _accept(edited)
    result = check(edited)
    assert not result.ok
    assert case.rule in result.rules, result.as_dict()


def test_every_rule_has_a_parity_case_or_an_exemption() -> None:
    found = collect()
    unresolved = [code for code in found if code.startswith("<")]
    assert not unresolved, f"rule codes the scanner cannot read: {unresolved}"
    covered = {c.rule for c in CASES}
    missing = sorted(set(found) - covered - set(EXEMPT))
    assert not missing, f"rules without a parity case or an exemption: {missing}"
    # An exemption or a case for a rule no longer in the code is stale.
    assert not (set(EXEMPT) - set(found)), set(EXEMPT) - set(found)
    assert not (covered - set(found)), covered - set(found)
    assert not (covered & set(EXEMPT)), covered & set(EXEMPT)
    # A rule the CLI computes is exempt, and its hand edit is a case of its own.
    assert {c.rule for c in HAND_CASES} <= set(EXEMPT) - covered


Collect = Callable[[], dict[str, list[str]]]
