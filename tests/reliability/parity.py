"""The parity table: for every rule the CLI refuses by, the same state reached by a hand edit.

Each `Case` names a rule code, the events to post (`refused`: the last one must be refused with
that code) and the hand edit that puts the books into the state the refused event would have
made (or the state that made it refusable), written as a clerk would: appending an entry,
editing or deleting one. The test (`test_parity.py`) posts, then edits a copy, records the edit
with `jcg audit accept` and asserts `jcg check` fails with the same code.

Two base books: `MAIN` (registry, budget, 先投后股 projects, the fund) and the subsidy scenario
of `tests/subsidies/scenario.py`, whose refusals (`tests/subsidies/test_measures.py`) are
reused, each written by hand as the award, payment or clawback it asks for.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from jcg_ledger.books.layout import Ledger
from jcg_ledger.events import parse_event
from jcg_ledger.post import load_state, post
from jcg_ledger.render.subsidy import _fact as subsidy_fact
from jcg_ledger.rules.award import Assessment, assess
from tests.conftest import entity
from tests.subsidies.scenario import approve, person

Edit = Callable[[Ledger], None]


@dataclass(frozen=True)
class Case:
    rule: str
    base: str  # "main" or "subsidy"
    refused: list[dict[str, Any]]  # posted in order; the last is refused with `rule`
    edit: Edit  # the hand edit into the refused state
    before: list[dict[str, Any]] = field(default_factory=list)  # posted first, in both copies
    accept: bool = True  # record the edit with `jcg audit accept` before `jcg check`
    name: str = ""
    setup: Edit | None = None  # done to both copies first (after `before`)
    refuse_after: Edit | None = None  # done to the refused copy before posting

    @property
    def id(self) -> str:
        return self.name or self.rule


# Rule codes no hand edit can reach, each with why (the meta-test checks the list is exact).
EXEMPT: dict[str, str] = {
    "format": "input syntax: an event that is not a JSON object, refused before any books exist",
    "unknown-type": "input syntax: an event type not in the vocabulary (pydantic, no books)",
    "pydantic:<error type>": "input syntax: a field pydantic refuses (missing, extra, bad "
    "money or date…), before any books exist; tests/foundation, tests/reliability/test_hostile.py",
    "attachment-without-transaction": "about the event's input: attachments given to an event "
    "type that writes no transaction; books typed by hand have no such event "
    "(tests/audit/test_evidence.py)",
    "not-supported": "an event type the parser knows but no renderer does: a code defect, "
    "found before any books are read",
    "period-format": "`jcg close` argument syntax (YYYY-MM), checked before the books are read",
    "period-open": "`jcg close` of a month not yet ended: about the command's argument and the "
    "clock, not the books",
    "bean-check": "wraps Beancount's own validation of the staged books; a hand edit gets "
    "Beancount's own error, which `jcg check` shows verbatim (tests/foundation)",
    "reconciliation": "no event renders one side of a cross-book flow alone (a safety net); "
    "`jcg check` reports a hand-edited side (tests/foundation/test_write_path.py)",
    "award-facts": "plugin only: a hand-written subsidy entry without entity/subject metadata; "
    "the CLI always writes them",
    "measure-account": "plugin only: a hand-written subsidy entry whose expense account is not "
    "its measure's; the CLI derives the account from the measure",
    "policy-file": "plugin only: policy.toml does not parse; the CLI fails to load it first",
    "budget-twin": "plugin only: a city cash movement without its budgetary twin; every "
    "renderer writes the twin (tests/city/test_city_statements.py hand edits)",
    "budget-unbalanced": "plugin only: Equity:Budget postings that do not sum to zero; the "
    "renderers write them in pairs (tests/city/test_city_statements.py hand edits)",
    "budget-account": "plugin only: a hand-written budgetary expenditure account no measure "
    "maps to; the renderers derive it from the measure (state/budget.py)",
    "book-structure": "check only: no event writes option/plugin/include lines "
    "(tests/reliability/test_check.py)",
    "tolerance": "a warning, never a refusal: the write-off is booked and flagged "
    "(rules/tolerance_test.py)",
    "buyback-overdue": "a warning as of today, never a refusal: a tranche unpaid after its due "
    "date (rules/buyback_price_test.py)",
    "debt-overdue": "a warning as of today, never a refusal (rules/debt_test.py)",
    "conversion-overdue": "a warning, never a refusal: a project unconverted after its "
    "deadline (rules/conversion_test.py)",
    "debt-interest": "plugin only: `jcg post` accrues the interest up to a repayment itself "
    "before repaying principal; a hand-written repayment without it (rules/debt_test.py)",
    "platform-agent": "plugin only: the CLI posts every change in value to the liability to the "
    "city; a hand-written platform entry to Income/Expenses/Equity (rules/agent_test.py)",
    "fair-value": "plugin only: the CLI computes day-one, mark and release amounts itself; a "
    "hand-written one at another amount (rules/fair_value_test.py)",
    "fund-tolerance-*": "warnings, never refusals (rules/fund_tolerance_test.py)",
    "crossbook-standing": "a warning, never a refusal: each book may be right on its own date "
    "(tests/fund/test_crossbook.py)",
    "close": "`jcg close`'s own entries failing to parse back: a code defect, not a state of "
    "the books",
    # Computed by the CLI, so no event can break them; their hand edits are `HAND_CASES`.
    "fund-waterfall": "computed by the CLI (a distribution is split by the waterfall); "
    "a hand-written split fails check: HAND_CASES",
    "fund-allocation": "computed by the CLI (shares pro rata to the partners' basis); "
    "a hand-written share fails check: HAND_CASES",
    "fund-nav": "computed by the CLI (a mark books its fair-value adjustment); a mark typed "
    "in without it fails check at the close: HAND_CASES",
    "fund-net-assets": "computed by the CLI (`jcg close` allocates before closing); a result "
    "typed into a closed year fails check at the close: HAND_CASES",
}


# --- the main base ------------------------------------------------------------------------


def ev(id_: str, type_: str, on: str, **fields: Any) -> dict[str, Any]:
    return {"id": id_, "type": type_, "date": on, **fields}


# A yearly cap per investor of 10,000 (the policy's default is 2,000,000) so a second reward
# in a year is refused by it: the first reward, 5% of SOC-A's share of 3,000,000 invested
# (1/3: 4,000,000 of 12,000,000 paid in) = 50,000, is cut to 10,000.
POLICY_EDITS = (
    ('reward_cap_per_investor_year = "2000000"', 'reward_cap_per_investor_year = "10000"'),
    ('further_caps = [{ amount = "2000000", scope = "entity-year" }]',
     'further_caps = [{ amount = "10000", scope = "entity-year" }]'),
)  # fmt: skip


def main_events() -> list[dict[str, Any]]:
    return [
        entity("ACME", index=1),
        entity("BETA", index=2),
        entity("GAMMA", index=3),
        entity("FOUNDER", index=4, kind="team"),
        entity("GOV-JCIG", index=5, kind="investor"),
        entity("SOC-A", index=6, kind="investor"),
        entity("SEED-A", index=7),
        entity("SEED-B", index=8),
        person("P-0001", "ACME", "doctorate", "fulltime"),
        # 2000万 to 市科技局 for 2025: the cash and the line (rules/cash.py,
        # rules/appropriation_line.py) of f1 (300万), pay-gov (800万) and rw-a (1万).
        ev("bud1", "budget.appropriate", "2025-01-15", year=2025, department="sci-tech",
           amount="2000万"),
        ev("f1", "project.fund", "2025-03-01", amount="300万"),
        ev("a1", "project.approve", "2025-05-01", project="P1", entity="ACME", amount="100万"),
        ev("d1", "project.disburse", "2025-06-01", project="P1", amount="100万"),
        ev("c1", "project.convert", "2026-01-10", project="P1", to="equity", units=100000,
           total_units=400000),
        ev("bb1", "buyback.agree", "2026-01-10", project="P1", obligor="FOUNDER",
           tranches=[{"due": "2027-01-10", "fraction": "0.5", "method": "principal"}]),
        ev("a2", "project.approve", "2025-05-01", project="P2", entity="BETA", amount="100万"),
        ev("d2", "project.disburse", "2025-06-01", project="P2", amount="100万"),
        ev("c2", "project.convert", "2026-01-10", project="P2", to="debt", rate="4%",
           maturity="2028-01-10", method="bullet"),
        ev("i2", "debt.accrue", "2026-07-10", project="P2", through="2026-07-10"),
        ev("a3", "project.approve", "2025-05-01", project="P3", entity="GAMMA", amount="50万"),
        ev("d3", "project.disburse", "2025-06-01", project="P3", amount="30万"),
        ev("c-gov", "fund.commit", "2025-02-01", investor="GOV-JCIG", amount="2000万",
           **{"class": "government"}),
        ev("c-soc", "fund.commit", "2025-02-01", investor="SOC-A", amount="1000万",
           **{"class": "social"}),
        ev("call-1", "fund.call", "2025-03-01", call="C1", percent=40, due="2025-03-31"),
        ev("pay-gov", "fund.contribute", "2025-03-20", investor="GOV-JCIG", call="C1",
           amount="800万"),
        ev("pay-soc", "fund.contribute", "2025-03-20", investor="SOC-A", call="C1",
           amount="400万"),
        ev("inv-a", "fund.invest", "2025-04-01", entity="SEED-A", amount="300万",
           units=1000000, stage="seed"),
        ev("inv-b", "fund.invest", "2025-04-01", entity="SEED-B", amount="300万",
           units=1000000, stage="seed"),
        ev("rw-a", "fund.reward", "2025-06-01", investor="SOC-A", entity="SEED-A"),
    ]  # fmt: skip


def build_main(root: Any) -> Ledger:
    from jcg_ledger.books.init import init_ledger

    ledger = init_ledger(root)
    text = ledger.policy_path.read_text("utf-8")
    for old, new in POLICY_EDITS:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    ledger.policy_path.write_text(text, "utf-8")
    post(ledger, [parse_event(e) for e in main_events()])
    return ledger


# --- hand edits -----------------------------------------------------------------------------


def _journal(ledger: Ledger, book: str, year: int) -> Any:
    return ledger.journal(book, year)


def append(book: str, text: str, year: int = 2025) -> Edit:
    """Type an entry in at the end of a journal."""

    def edit(ledger: Ledger) -> None:
        path = _journal(ledger, book, year)
        path.write_text(path.read_text("utf-8") + "\n" + text.strip("\n") + "\n", "utf-8")

    return edit


def _blocks(text: str) -> list[str]:
    return text.split("\n\n")


def edit_entry(book: str, event: str, old: str, new: str, year: int = 2025) -> Edit:
    """Change text inside every entry of an event (all its occurrences there)."""

    def edit(ledger: Ledger) -> None:
        path = _journal(ledger, book, year)
        blocks = _blocks(path.read_text("utf-8"))
        hit = False
        for index, block in enumerate(blocks):
            if f'event: "{event}"' in block and old in block:
                blocks[index] = block.replace(old, new)
                hit = True
        assert hit, (book, event, old)
        path.write_text("\n\n".join(blocks), "utf-8")

    return edit


def delete_entry(book: str, event: str, year: int = 2025) -> Edit:
    """Delete every entry of an event from a journal."""

    def edit(ledger: Ledger) -> None:
        path = _journal(ledger, book, year)
        blocks = _blocks(path.read_text("utf-8"))
        kept = [b for b in blocks if f'event: "{event}"' not in b]
        assert len(kept) < len(blocks), (book, event)
        path.write_text("\n\n".join(kept), "utf-8")

    return edit


def both(*edits: Edit) -> Edit:
    def edit(ledger: Ledger) -> None:
        for one in edits:
            one(ledger)

    return edit


def posting_then(events: list[dict[str, Any]], then: Edit) -> Edit:
    """Post valid events through `jcg post`, then edit what they wrote."""

    def edit(ledger: Ledger) -> None:
        post(ledger, [parse_event(e) for e in events])
        then(ledger)

    return edit


def hand_award(event: dict[str, Any], amount: Decimal | None = None, account: str = "") -> Edit:
    """A subsidy approval typed in by hand: the transaction `subsidy.approve` would write,
    with the amount asked for, else the entitlement the rules compute."""

    def edit(ledger: Ledger) -> None:
        state, _ = load_state(ledger)
        policy = state.policy
        measure = policy.measure(event["measure"])
        expense = f"Expenses:Subsidy:{account or measure.account}"
        value = amount if amount is not None else event.get("amount")
        if value is None:
            fact = subsidy_fact(parse_event(event))  # type: ignore[arg-type]
            outcome = assess(policy, state.core, state.subsidies.relevant(fact), fact)
            value = outcome.entitlement if isinstance(outcome, Assessment) else Decimal(1000)
        meta = "".join(
            f"  {key}: {_literal(value_)}\n"
            for key, value_ in sorted(event.items())
            if key not in ("id", "type", "date", "amount")
        )
        text = (
            f'{event["date"]} * "补贴核定(手工) {event["measure"]}"\n'
            f'  event: "{event["id"]}"\n{meta}'
            f"  {expense}  {Decimal(value):.2f} CNY\n"
            f"  Liabilities:Payable:Subsidy  -{Decimal(value):.2f} CNY\n"
        )
        year = int(str(event["date"])[:4])
        path = _journal(ledger, "city", year)
        if not path.exists():
            path.write_text(f"; {year}\n", "utf-8")
        path.write_text(path.read_text("utf-8") + "\n" + text, "utf-8")

    return edit


def _literal(value: Any) -> str:
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | Decimal):
        return str(value)
    text = str(value)
    try:
        Decimal(text)
        return text
    except ArithmeticError:
        return f'"{text}"'


def hand_payment(event: dict[str, Any]) -> Edit:
    """A subsidy payment or clawback typed in by hand, naming its approval."""
    amount = Decimal(str(event.get("amount", "1")))
    if event["type"] == "subsidy.pay":
        postings = (
            f"  Liabilities:Payable:Subsidy  {amount:.2f} CNY\n"
            f"  Assets:Bank:SpecialFund  -{amount:.2f} CNY\n"
        )
    else:
        postings = (
            f"  Assets:Receivable:Clawback  {amount:.2f} CNY\n"
            f"  Income:Clawback  -{amount:.2f} CNY\n"
        )
    return append(
        "city",
        f'{event["date"]} * "手工 {event["type"]}"\n'
        f'  event: "{event["id"]}"\n  approval: "{event["approval"]}"\n{postings}',
        int(str(event["date"])[:4]),
    )


def hand_refund(event: dict[str, Any]) -> Edit:
    """A refund of a clawed-back payment typed in by hand, with its budgetary twin (the
    payment was in an earlier year: 年初余额调整, Equity:Budget:Carryover)."""
    amount = Decimal(str(event["amount"]))
    year = int(str(event["date"])[:4])

    def edit(ledger: Ledger) -> None:
        path = _journal(ledger, "city", year)
        if not path.exists():
            path.write_text(f"; {year}\n", "utf-8")
        path.write_text(
            path.read_text("utf-8") + f'\n{event["date"]} * "手工 subsidy.refund"\n'
            f'  event: "{event["id"]}"\n  approval: "{event["approval"]}"\n'
            f"  Assets:Bank:SpecialFund  {amount:.2f} CNY\n"
            f"  Assets:Receivable:Clawback  -{amount:.2f} CNY\n"
            f"  Equity:Budget:FundBalance  {amount:.2f} CNY\n"
            f"  Equity:Budget:Carryover  -{amount:.2f} CNY\n",
            "utf-8",
        )

    return edit


# --- the cases --------------------------------------------------------------------------------

OVERRIDE = {"reason": "市政府专题会议同意", "doc_no": "晋市政函〔2028〕12号"}
OVERRIDE_DOC = '\n  override_doc_no: "晋市政函〔2028〕12号"'

_ENTITY = """2025-02-01 custom "jcg-entity" "{code}"
  event: "{event}"
  name: "手工登记"
  kind: "company"
  admitted: {admitted}"""

_PERSON = """2025-02-05 custom "jcg-person" "{code}"
  event: "{event}"
  employer: "{employer}"
  tier: "doctorate"
  mode: "fulltime"
  start: 2025-02-01
  contract_years: 5
  social_insurance_months: 6"""

_FUND_TX = """{on} * "{what}"
  event: "{event}"{meta}
  {debit}  {amount} CNY
  {credit}  -{amount} CNY"""


def _fund_tx(
    book: str, on: str, event: str, debit: str, credit: str, amount: str, meta: str = ""
) -> Edit:
    text = _FUND_TX.format(
        on=on, what=f"手工 {event}", event=event, meta=meta, debit=debit, credit=credit,
        amount=amount,
    )  # fmt: skip
    return append(book, text, int(on[:4]))


_REWARD_META = """
  investor: "{investor}"
  entity: "{entity}"
  basis_cost: {cost}
  investor_paid_in: 4000000.00
  fund_paid_in: 12000000.00"""


def _reward(event: str, investor: str, entity: str, amount: str, cost: str = "3000000.00") -> Edit:
    meta = _REWARD_META.format(investor=investor, entity=entity, cost=cost)
    return _fund_tx(
        "city", "2025-06-02", event, "Expenses:FundReward", "Liabilities:Payable:FundReward",
        amount, meta,
    )  # fmt: skip


def main_cases() -> list[Case]:
    m = "main"
    return [
        # --- registry -------------------------------------------------------------------
        Case("duplicate-entity", m,
             [{**entity("ACME", index=9, on="2025-02-01"), "id": "reg-ACME-2"}],
             append("city", _ENTITY.format(code="ACME", event="h-acme", admitted="2025-02-01"))),
        Case("admission-date", m,
             [entity("NEW", index=9, on="2025-02-01", admitted="2025-01-20")],
             append("city", _ENTITY.format(code="NEW", event="h-new", admitted="2025-01-20"))),
        Case("duplicate-person", m,
             [{**person("P-0001", "BETA", "doctorate", "fulltime"), "id": "reg-P-0001-2"}],
             append("city", _PERSON.format(code="P-0001", event="h-p", employer="BETA"))),
        Case("eligibility", m, [person("P-0009", "NOBODY", "doctorate", "fulltime")],
             append("city", _PERSON.format(code="P-0009", event="h-p9", employer="NOBODY")),
             name="eligibility-employer"),
        Case("duplicate-id", m,
             [{**entity("ZETA", index=9, on="2025-02-01"), "id": "reg-ACME"}],
             append("city", _ENTITY.format(code="ZETA", event="reg-ACME", admitted="2025-02-01")
                    + '\n  digest: "0000000000000000"')),
        # The buyback's obligor, the fund's investor and investee, a project's entity: the
        # registry is in the city book, the entries that name it in the others.
        Case("eligibility", m,
             [ev("bb9", "buyback.agree", "2026-02-01", project="P1", obligor="NOBODY",
                 tranches=[{"due": "2027-06-10", "fraction": "0.2", "method": "principal"}])],
             delete_entry("city", "reg-FOUNDER"), name="eligibility-obligor-deleted"),
        Case("eligibility", m,
             [ev("c9", "fund.commit", "2025-02-01", investor="NOBODY", amount="100万",
                 **{"class": "social"})],
             delete_entry("city", "reg-SOC-A"), name="eligibility-investor-deleted"),
        Case("eligibility", m,
             [ev("a9", "project.approve", "2025-05-01", project="P9", entity="NOBODY",
                 amount="10万")],
             delete_entry("city", "reg-GAMMA"), name="eligibility-project-entity-deleted"),
        Case("eligibility", m,
             [ev("inv9", "fund.invest", "2025-04-01", entity="NOBODY", amount="10万",
                 units=1000, stage="seed")],
             delete_entry("city", "reg-SEED-B"), name="eligibility-investee-deleted"),
        # --- budget ---------------------------------------------------------------------
        Case("window", m,
             [ev("bud9", "budget.appropriate", "2030-01-15", year=2029, department="sci-tech",
                 amount="1万")],
             edit_entry("city", "bud1", "2025-01-15 *", "2030-01-15 *"), name="window-budget"),
        Case("unknown-measure", m,
             [ev("bud9", "budget.appropriate", "2025-02-15", year=2025, measure="nope",
                 amount="1万")],
             edit_entry("city", "bud1", 'department: "sci-tech"', 'measure: "nope"')),
        Case("unknown-department", m,
             [ev("bud9", "budget.appropriate", "2025-02-15", year=2025, department="nope",
                 amount="1万")],
             append("city", "2025-01-01 open Income:Appropriation:Nope CNY\n\n"
                    + _FUND_TX.format(on="2025-02-15", what="手工拨款", event="h-bud", meta="",
                                      debit="Assets:Bank:SpecialFund",
                                      credit="Income:Appropriation:Nope", amount="10000.00"))),
        # 市科技局's 2025 line (2000万) and cash: 3000万 entrusted by f1 is above both.
        Case("cash-insufficient", m,
             [ev("f9", "project.fund", "2025-07-01", amount="1亿")],
             both(edit_entry("city", "f1", "3000000.00 CNY", "30000000.00 CNY"),
                  edit_entry("platform", "f1", "3000000.00 CNY", "30000000.00 CNY"))),
        # 1亿 more cash to 市人社局: the 市科技局 line (2000万 − 1110万 = 890万 left) binds.
        Case("appropriation-exceeded", m,
             [ev("f9", "project.fund", "2025-07-01", amount="1000万")],
             both(edit_entry("city", "f1", "3000000.00 CNY", "30000000.00 CNY"),
                  edit_entry("platform", "f1", "3000000.00 CNY", "30000000.00 CNY")),
             before=[ev("bud-hrss", "budget.appropriate", "2025-01-16", year=2025,
                        department="hrss", amount="1亿")]),
        # --- 先投后股 ---------------------------------------------------------------------
        Case("window", m,
             [ev("a9", "project.approve", "2030-02-01", project="P9", entity="GAMMA",
                 amount="10万")],
             both(edit_entry("city", "a3", "2025-05-01 custom", "2030-02-01 custom"),
                  edit_entry("platform", "a3", "2025-05-01 custom", "2030-02-01 custom")),
             name="window-project-past-the-end"),
        Case("window", m, [ev("f9", "project.fund", "2030-03-01", amount="1万")],
             both(edit_entry("city", "f1", "2025-03-01 *", "2030-03-01 *"),
                  edit_entry("platform", "f1", "2025-03-01 *", "2030-03-01 *")),
             name="window-project-fund"),
        Case("project-unknown", m, [ev("d9", "project.disburse", "2025-07-01", project="P9",
                                       amount="1万")],
             edit_entry("platform", "d3", 'project: "P3"', 'project: "P9"')),
        Case("conversion", m, [ev("d9", "project.disburse", "2025-07-01", project="P3",
                                  amount="300万")],
             edit_entry("platform", "d3", "300000.00 CNY", "3000000.00 CNY"),
             name="conversion-disbursed-above-approval"),
        Case("conversion", m,
             [ev("c9", "project.convert", "2026-01-10", project="P3", to="debt", rate="4%",
                 maturity="2025-12-10", method="bullet")],
             posting_then([ev("c9", "project.convert", "2026-01-10", project="P3", to="debt",
                              rate="4%", maturity="2028-12-10", method="bullet")],
                          edit_entry("platform", "c9", "maturity: 2028-12-10",
                                     "maturity: 2025-12-10", 2026)),
             name="conversion-maturity-before"),
        Case("conversion", m,
             [ev("c9", "project.convert", "2026-01-10", project="P3", to="debt",
                 principal="10万", rate="4%", maturity="2028-12-10", method="bullet")],
             both(append("platform", '2025-01-01 open Assets:Equity:GAMMA "FIFO"', 2026),
                  append("platform", """2026-01-10 * "手工转股"
  event: "h-c9"
  type: "project.convert"
  project: "P3"
  Assets:Equity:GAMMA      1000 EQ-GAMMA {# 100000.00 CNY}
  Assets:PreConversion:GAMMA  -100000.00 CNY""", 2026)),
             name="conversion-part-of-the-funds"),
        # Nothing realised yet: neither principal nor income can be remitted.
        Case("remit", m,
             [ev("r9", "proceeds.remit", "2026-08-01", amount="1万", principal="5000万")],
             append("platform", """2026-08-01 * "手工上缴"
  event: "h-r9"
  type: "proceeds.remit"
  principal: 10000.00
  income: 0.00
  Liabilities:Entrusted:City   10000.00 CNY
  Assets:Bank:Platform        -10000.00 CNY""", 2026),
             name="remit-principal-not-recovered"),
        Case("buyback-schedule", m,
             [ev("bb9", "buyback.agree", "2026-02-01", project="P1", obligor="FOUNDER",
                 tranches=[{"due": "2027-06-10", "fraction": "0.6", "method": "principal"}])],
             edit_entry("platform", "bb1", "units: 50000", "units: 150000", 2026)),
        Case("holdings", m, [ev("m9", "equity.mark", "2026-02-01", project="P3", price="12")],
             append("platform", "2026-02-01 price EQ-GAMMA 12.00 CNY", 2026),
             name="holdings-mark-without-equity"),
        Case("debt", m, [ev("i9", "debt.accrue", "2026-05-01", project="P2",
                            through="2026-05-01")],
             append("platform", """2026-07-11 * "手工计提"
  event: "h-i9"
  type: "debt.accrue"
  project: "P2"
  through: 2026-05-01
  Assets:Receivable:Interest:BETA   100.00 CNY
  Liabilities:Entrusted:City       -100.00 CNY""", 2026)),
        Case("writeoff", m, [ev("w9", "investment.writeoff", "2026-02-01", project="P3",
                                amount="1", reason="测试")],
             append("platform", """2026-02-01 * "手工核销"
  event: "h-w9"
  type: "investment.writeoff"
  project: "P3"
  Liabilities:Entrusted:City   1.00 CNY
  Assets:PreConversion:GAMMA  -1.00 CNY""", 2026)),
        # P1: 100,000 units at 10.00; tranche 1 = 50,000 units at principal, due 2027-01-10.
        Case("buyback-price", m,
             [ev("s9", "buyback.settle", "2026-08-01", project="P1", tranche=1, amount="40万")],
             append("platform", """2026-08-01 * "手工回购结算"
  event: "h-s9"
  type: "buyback.settle"
  project: "P1"
  tranche: 1
  Assets:Bank:Platform          400000.00 CNY
  Assets:Equity:ACME            -50000 EQ-ACME {}
  Liabilities:Entrusted:City    100000.00 CNY""", 2026),
             name="buyback-price-short-without-concession"),
        Case("buyback-due", m,
             [ev("due9", "buyback.due", "2026-08-01", project="P1", tranche=1)],
             append("platform", """2025-01-01 open Assets:Receivable:Buyback:FOUNDER CNY

2026-08-01 * "手工应收回购款"
  event: "h-due9"
  type: "buyback.due"
  project: "P1"
  tranche: 1
  Assets:Receivable:Buyback:FOUNDER   500000.00 CNY
  Assets:Equity:ACME                  -50000 EQ-ACME {}""", 2026),
             name="buyback-due-before-the-due-date"),
        # P3: 300,000 disbursed 2025-06-01, so its deadline is 2028-06-01.
        Case("conversion-deadline", m,
             [ev("c9", "project.convert", "2028-06-02", project="P3", to="equity",
                 units=30000, total_units=120000)],
             posting_then([ev("c9", "project.convert", "2028-06-02", project="P3",
                              to="equity", units=30000, total_units=120000,
                              override=OVERRIDE)],
                          edit_entry("platform", "c9", OVERRIDE_DOC, "", 2028))),
        # 30,000 of 100,000 units is 30%, above the 25% cap.
        Case("stake-cap", m,
             [ev("c9", "project.convert", "2026-02-01", project="P3", to="equity",
                 units=30000, total_units=100000)],
             posting_then([ev("c9", "project.convert", "2026-02-01", project="P3",
                              to="equity", units=30000, total_units=120000)],
                          edit_entry("platform", "c9", "total_units: 120000",
                                     "total_units: 100000", 2026))),
        # 10,000 of P1's units carried at 100,000 sold for 50,000 without approval.
        Case("state-asset-price", m,
             [ev("x9", "equity.exit", "2026-08-01", project="P1", units=10000, amount="5万",
                 method="transfer")],
             posting_then([ev("x9", "equity.exit", "2026-08-01", project="P1", units=10000,
                              amount="5万", method="transfer", override=OVERRIDE)],
                          edit_entry("platform", "x9", OVERRIDE_DOC, "", 2026))),
        # --- the fund ---------------------------------------------------------------------
        Case("window", m,
             [ev("c9", "fund.commit", "2030-02-01", investor="SOC-A", amount="10万",
                 **{"class": "social"})],
             edit_entry("fund", "c-soc", "2025-02-01 custom", "2030-02-01 custom"),
             name="window-fund-commit"),
        Case("fund-investor", m,
             [ev("c9", "fund.commit", "2025-02-02", investor="GOV-JCIG", amount="10万",
                 **{"class": "social"})],
             append("fund", '2025-02-02 custom "jcg-commitment" "GOV-JCIG" "social" '
                    '100000.00 CNY\n  event: "h-c9"')),
        Case("fund-size", m,
             [ev("c9", "fund.commit", "2025-02-02", investor="SOC-A", amount="1亿",
                 **{"class": "social"})],
             append("fund", '2025-02-02 custom "jcg-commitment" "SOC-A" "social" '
                    '100000000.00 CNY\n  event: "h-c9"')),
        Case("fund-call", m, [ev("call-9", "fund.call", "2025-04-01", call="C1", percent=10, due="2025-04-30")],
             _fund_tx("fund", "2025-04-01", "h-call", "Assets:Receivable:Call:SOC-A",
                      "Equity:Called:SOC-A", "1000000.00",
                      '\n  call: "C1"\n  fraction: 0.10')),
        Case("fund-contribution", m,
             [ev("pay-9", "fund.contribute", "2025-03-21", investor="SOC-A", call="C1",
                 amount="1")],
             edit_entry("fund", "pay-soc", "4000000.00 CNY", "4000001.00 CNY")),
        # A distribution, not a fee: a fee of 1亿 is refused by its cap (fund-fee) first.
        Case("fund-cash", m, [ev("dist-9", "fund.distribute", "2025-05-01", amount="1亿")],
             _fund_tx("fund", "2025-05-01", "h-fee", "Expenses:ManagementFee",
                      "Assets:Bank:Fund", "100000000.00")),
        # 2% of 30,000,000 committed: a year's fee is at most 600,000.
        Case("fund-fee", m, [ev("fee-9", "fund.fee", "2025-05-01", period="2025",
                                amount="70万")],
             _fund_tx("fund", "2025-05-01", "h-fee", "Expenses:ManagementFee",
                      "Assets:Bank:Fund", "700000.00", '\n  period: "2025"')),
        # 20% of the fund's size 50,000,000: 10,000,000 in one investee. SEED-A holds
        # 3,000,000; a second call (after the reward's date, which keeps its basis) pays for
        # 8,000,000 more: 11,000,000.
        Case("fund-investee-cap", m,
             [ev("inv-9", "fund.invest", "2025-08-01", entity="SEED-A", amount="800万",
                 units=1000000, stage="seed")],
             append("fund", """2025-08-01 * "手工投资 SEED-A"
  event: "h-inv"
  entity: "SEED-A"
  stage: "seed"
  Assets:Portfolio:SEED-A   1000000 FU-SEED-A {# 8000000.00 CNY}
  Assets:Bank:Fund         -8000000.00 CNY"""),
             before=SECOND_CALL),
        Case("fund-units", m, [ev("mk-9", "fund.mark", "2025-05-01", entity="GAMMA",
                                  price="2")],
             append("fund", "2025-05-01 price FU-GAMMA 2.00 CNY")),
        Case("fund-reward", m,
             [ev("rw-9", "fund.reward", "2025-06-02", investor="SOC-A", entity="GAMMA")],
             _reward("h-rw", "SOC-A", "GAMMA", "10000.00"), name="fund-reward-not-invested"),
        Case("fund-reward-once", m,
             [ev("rw-9", "fund.reward", "2025-06-02", investor="SOC-A", entity="SEED-A")],
             _reward("h-rw", "SOC-A", "SEED-A", "10000.00")),
        Case("fund-reward-government", m,
             [ev("rw-9", "fund.reward", "2025-06-02", investor="GOV-JCIG", entity="SEED-A")],
             _reward("h-rw", "GOV-JCIG", "SEED-A", "10000.00")),
        Case("fund-reward-cap", m,
             [ev("rw-9", "fund.reward", "2025-06-02", investor="SOC-A", entity="SEED-B")],
             _reward("h-rw", "SOC-A", "SEED-B", "10000.00")),
        # --- the write path's own checks ------------------------------------------------
        Case("audit", m, [ev("f9", "project.fund", "2025-04-01", amount="1万")],
             edit_entry("platform", "f1", "3000000.00 CNY", "3000001.00 CNY"), accept=False,
             refuse_after=edit_entry("platform", "f1", "3000000.00 CNY", "3000001.00 CNY")),
        # Tests fix today at 2031-12-31 (conftest.py): 2032 is after it.
        Case("future-date", m, [ev("f9", "project.fund", "2032-01-05", amount="1万")],
             both(edit_entry("city", "f1", "2025-03-01 *", "2032-01-05 *"),
                  edit_entry("platform", "f1", "2025-03-01 *", "2032-01-05 *"))),
        Case("period-closed", m, [ev("f9", "project.fund", "2025-11-01", amount="1万")],
             both(edit_entry("city", "f1", "3000000.00 CNY", "3000001.00 CNY"),
                  edit_entry("platform", "f1", "3000000.00 CNY", "3000001.00 CNY")),
             setup=close_2025),
        Case("doc-no-required", m, [ev("f9", "project.fund", "2025-11-01", amount="1万")],
             posting_then(
                 [ev("f9", "project.fund", "2025-11-01", amount="1万", doc_no=DOC_NO)],
                 both(edit_entry("city", "f9", f'  doc_no: "{DOC_NO}"\n', ""),
                      edit_entry("platform", "f9", f'  doc_no: "{DOC_NO}"\n', ""))),
             setup=require_doc_no),
    ]  # fmt: skip


SECOND_CALL = [
    ev("call-2", "fund.call", "2025-07-01", call="C2", percent=40, due="2025-07-31"),
    ev("pay-gov-2", "fund.contribute", "2025-07-10", investor="GOV-JCIG", call="C2",
       amount="800万"),
    ev("pay-soc-2", "fund.contribute", "2025-07-10", investor="SOC-A", call="C2",
       amount="400万"),
]  # fmt: skip


@dataclass(frozen=True)
class HandCase:
    """A rule the CLI cannot break (it computes what the rule checks), reached by a hand edit:
    `jcg check` fails with it once the edit is recorded with `jcg audit accept`."""

    rule: str
    edit: Edit
    setup: Edit | None = None  # done first, before the books are checked clean
    name: str = ""

    @property
    def id(self) -> str:
        return self.name or self.rule


# Paid in 8,000,000 (GOV-JCIG) and 4,000,000 (SOC-A): a distribution goes 2/3 : 1/3.
_DISTRIBUTION = """2025-08-01 * "手工分配"
  event: "h-dist"
{postings}  Assets:Bank:Fund  -1200000.00 CNY"""


def hand_cases() -> list[HandCase]:
    return [
        # The default terms carry no interest: the manager gets nothing of a distribution.
        HandCase("fund-waterfall", both(
            append("fund", "2025-01-01 open Equity:Capital:Manager:SOC-A:Distributed CNY"),
            append("fund", _DISTRIBUTION.format(postings=(
                "  Equity:Capital:Government:GOV-JCIG:Distributed  800000.00 CNY\n"
                "  Equity:Capital:Social:SOC-A:Distributed  300000.00 CNY\n"
                "  Equity:Capital:Manager:SOC-A:Distributed  100000.00 CNY\n"))))),
        # 1,200,000 is 800,000 : 400,000, not 700,000 : 500,000.
        HandCase("fund-allocation", append("fund", _DISTRIBUTION.format(postings=(
            "  Equity:Capital:Government:GOV-JCIG:Distributed  700000.00 CNY\n"
            "  Equity:Capital:Social:SOC-A:Distributed  500000.00 CNY\n")))),
        # A mark typed into the closed year without its adjustment: SEED-A 1,000,000 units
        # × 4.00 − 3,000,000 = 1,000,000 should be booked to Assets:FairValue:SEED-A.
        HandCase("fund-nav", append("fund", "2025-09-30 price FU-SEED-A 4.00 CNY"),
                 setup=close_2025),
        # A fee of 100,000 typed into the closed year: capital 12,000,000 ≠ net assets
        # 11,900,000 at the 2025 close (the close allocated nothing).
        HandCase("fund-net-assets",
                 _fund_tx("fund", "2025-11-30", "h-fee", "Expenses:ManagementFee",
                          "Assets:Bank:Fund", "100000.00", '\n  period: "2025"'),
                 setup=close_2025),
    ]  # fmt: skip


DOC_NO = "晋财〔2025〕9号"


def require_doc_no(ledger: Ledger) -> None:
    """The policy asks a document number of entrustments from 2025-10-01 (accepted edit)."""
    from jcg_ledger.audit.chain import record_edit
    from jcg_ledger.books.lock import locked

    text = ledger.policy_path.read_text("utf-8")
    text += '\n[evidence]\ndoc_no_required = ["project.fund"]\n'
    text += "doc_no_required_from = 2025-10-01\n"
    ledger.policy_path.write_text(text, "utf-8")
    with locked(ledger):
        record_edit(ledger, by="clerk-01", action="accept: 文号要求 doc_no required")


def close_2025(ledger: Ledger) -> None:
    from datetime import date

    from jcg_ledger.close import close_period

    close_period(ledger, "2025-12", today=date(2026, 12, 1))


def subsidy_cases() -> list[Case]:
    """The subsidy refusals of tests/subsidies/test_measures.py, each typed in by hand."""
    from tests.subsidies.test_measures import REFUSALS

    cases = []
    for event, rule, _ in REFUSALS:
        edit = hand_award(event) if event["type"] == "subsidy.approve" else hand_payment(event)
        cases.append(Case(rule, "subsidy", [event], edit, name=f"{rule}-{event['id']}"))
    extra = [
        ("person", approve("x-p", "2025-05-01", "JC-A", "housing", "P-9999", person="P-9999")),
        ("person-employer",
         approve("x-pe", "2025-05-01", "JC-C", "housing", "P-0001 JC-C", person="P-0001")),
        # P-0007 started in 2019: 60 months later is before the award.
        ("within-start",
         approve("x-ws", "2025-05-01", "JC-A", "living-allowance", "P-0007", person="P-0007",
                 months=1)),
        ("basis",
         approve("x-b", "2025-05-01", "JC-A", "tech-transaction", "合同-b", base_kind="nope",
                 base="100000")),
        ("fund-reward-path", approve("x-fr", "2025-05-01", "JC-A", "fund-reward", "奖励")),
    ]  # fmt: skip
    # la-1: 10,000 paid was clawed back (cb-la-1); 10,000.01 refunded is more than owed.
    refund = {"id": "x-ref", "type": "subsidy.refund", "date": "2026-01-05",
              "approval": "la-1", "amount": "10000.01"}  # fmt: skip
    cases.append(Case("refund", "subsidy", [refund], hand_refund(refund), name="refund-x-ref"))
    early = person("P-0007", "JC-A", "doctorate", "fulltime", start="2019-01-01")
    for rule, event in extra:
        edit = hand_award(event, Decimal(1000))
        if rule == "fund-reward-path":
            edit = both(append("city", "2025-01-01 open Expenses:Subsidy:FundReward CNY"), edit)
        before = [early] if rule == "within-start" else []
        cases.append(
            Case(rule, "subsidy", [event], edit, before=before, name=f"{rule}-{event['id']}")
        )
    return cases


def all_cases() -> list[Case]:
    return main_cases() + subsidy_cases()
