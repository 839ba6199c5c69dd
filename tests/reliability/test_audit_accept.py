"""A deliberate change of the policy file is flagged until it is accepted into the chain."""

from __future__ import annotations

from collections.abc import Callable

from click.testing import Result

from jcg_ledger.audit import chain
from jcg_ledger.books.layout import Ledger
from tests.conftest import entity, post_raw


def test_policy_change_is_flagged_then_accepted(ledger: Ledger, cli: Callable[..., Result]) -> None:
    post_raw(ledger, [entity("ACME")])
    assert chain.verify(ledger) == []
    policy = ledger.policy_path
    policy.write_text(policy.read_text("utf-8") + "\n# 2026 年修订 revised\n", "utf-8")
    assert [p.message for p in chain.verify(ledger) if "policy.toml" in p.message]
    assert cli("audit", "verify").exit_code == 1
    assert cli("audit", "accept", "--reason", "bad\nreason").exit_code == 2  # no control chars
    accepted = cli("audit", "accept", "--reason", "市科技局2026年修订", "--by", "kjj-01")
    assert accepted.exit_code == 0 and "policy.toml" in accepted.output
    assert cli("audit", "verify").exit_code == 0
    last = ledger.audit_path.read_text("utf-8").splitlines()[-1]
    assert "kjj-01" in last and "市科技局2026年修订" in last
    # A later edit outside jcg is still caught.
    policy.write_text(policy.read_text("utf-8") + "# again\n", "utf-8")
    assert cli("audit", "verify").exit_code == 1
