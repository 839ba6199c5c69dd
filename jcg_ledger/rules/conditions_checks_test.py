"""Rules ``condition``, ``person`` and ``person-employer`` — every branch of
`check_conditions` called directly, each refusal asserted whole (field, rule, words).

The registry: JC-A (company), JC-B (institution); P-0001 works full-time for JC-A on a 3-year
contract with 6 months of social insurance (both conditions met exactly), P-0002 for JC-A on a
2-year contract, P-0009 for JC-B.
"""

from __future__ import annotations

from datetime import date

from jcg_ledger.policy import CapScope, default_policy, default_policy_text, load_policy_text
from jcg_ledger.rules.award import AwardFact, Refused
from jcg_ledger.rules.conditions import check_conditions, needs_person
from jcg_ledger.state.base import Violation
from jcg_ledger.state.core import CoreState, EntityRecord, PersonRecord

POLICY = default_policy()
ON = date(2025, 3, 1)


def core() -> CoreState:
    state = CoreState()
    for code, kind in (("JC-A", "company"), ("JC-B", "institution")):
        state.entities[code] = EntityRecord(code, code, kind, ON, ON, None, None)
    for code, employer, years in (
        ("P-0001", "JC-A", 3),
        ("P-0002", "JC-A", 2),
        ("P-0009", "JC-B", 5),
    ):
        state.persons[code] = PersonRecord(code, employer, "doctorate", "fulltime", ON, years, 6)
    return state


def fact(measure: str, **kw: object) -> AwardFact:
    return AwardFact("a1", ON, "JC-A", measure, "对象", **kw)  # type: ignore[arg-type]


def check(measure: str, **kw: object) -> Refused | None:
    return check_conditions(POLICY, POLICY.subsidy(measure), core(), fact(measure, **kw))


def test_the_entity_kinds_a_measure_admits() -> None:
    only = POLICY.subsidy("platform-municipal").model_copy(
        update={"entity_kinds": ("institution",)}
    )
    found = check_conditions(POLICY, only, core(), fact("platform-municipal", newly_approved=True))
    assert found == Refused(
        "entity",
        Violation(
            "condition",
            "[platform-municipal 市级技术创新中心] 主体类型 company 不适用 / entity kind 'company' "
            "is not eligible (institution)",
        ),
    )
    both = only.model_copy(update={"entity_kinds": ("company", "institution")})
    fine = fact("platform-municipal", newly_approved=True)
    assert check_conditions(POLICY, both, core(), fine) is None


def test_a_person_award_needs_a_registered_person() -> None:
    assert check("housing") == Refused(
        "person",
        Violation(
            "person",
            "[housing 人才专项购房补贴] 须指明已登记的人员 / a registered person is required "
            "(got None)",
        ),
    )
    unknown = check("housing", person="P-9999")
    assert unknown is not None and unknown.violation.message.endswith("(got 'P-9999')")
    # A person named on an award that needs none must still be registered.
    assert check("platform-municipal", newly_approved=True, person="P-9999") == Refused(
        "person",
        Violation("person", "[platform-municipal 市级技术创新中心] 未登记的人员 / unknown person"),
    )


def test_the_person_works_for_the_entity() -> None:
    assert check("housing", person="P-0009") == Refused(
        "person",
        Violation(
            "person-employer",
            "[housing 人才专项购房补贴] 人员 P-0009 的用人单位是 JC-B,不是 JC-A / the person's "
            "employer is JC-B",
        ),
    )
    assert check("housing", person="P-0001") is None  # 3 years and 6 months: met exactly


def test_a_minimum_not_met() -> None:
    assert check("housing", person="P-0002") == Refused(
        "person",
        Violation(
            "condition",
            "[housing 人才专项购房补贴] 条件不满足:签订3年以上劳动合同(contract_years=2) / "
            "condition contract-3y not met: labour contract of at least 3 years",
        ),
    )


def test_equals_and_present() -> None:
    assert check("platform-municipal", newly_approved=True) is None
    for stated in (None, False):
        assert check("platform-municipal", newly_approved=stated) == Refused(
            "newly_approved",
            Violation(
                "condition",
                f"[platform-municipal 市级技术创新中心] 条件不满足:新获批/新认定/新备案"
                f"(newly_approved={stated!r}) / condition newly-approved not met: newly approved, "
                "recognised or filed",
            ),
        )
    # ``existing`` wants False stated, not left out.
    assert check("incubator-existing", newly_approved=False, base=1) is None
    missing = check("incubator-existing", base=1)
    assert missing is not None and missing.field == "newly_approved"
    assert check("contest-shanxi", level="first") is None
    assert check("contest-shanxi") == Refused(
        "level",
        Violation(
            "condition",
            "[contest-shanxi 中国创新创业大赛山西赛区获奖] 条件不满足:获奖等级(level=None) / "
            "condition prize-level not met: prize level given",
        ),
    )


def test_which_measures_need_a_person() -> None:
    def bare(code: str, **update: object) -> bool:
        changed = {"conditions": (), "cap_scope": CapScope.entity, **update}
        return needs_person(POLICY, POLICY.subsidy(code).model_copy(update=changed))

    assert not bare("platform-municipal")
    assert bare("housing")  # by tier
    assert bare("talent-flexible")  # a share of another measure's tier
    assert bare("living-allowance")  # monthly by tier
    assert not bare("talent-flexible-monthly")  # monthly, one amount for all
    assert bare("platform-municipal", cap_scope=CapScope.person)
    assert bare("platform-municipal", conditions=("fulltime",))
    assert not bare("platform-municipal", conditions=("newly-approved",))


def test_a_fact_the_award_does_not_carry_is_not_met() -> None:
    # A policy may name any fact; one the approval has no field for counts as not given.
    policy = load_policy_text(
        default_policy_text()
        + '\n[[conditions]]\ncode = "capital-given"\nname_zh = "注册资本已给出"\n'
        + 'name_en = "registered capital given"\nfact = "registered_capital"\ncheck = "present"\n'
    )
    measure = policy.subsidy("platform-municipal").model_copy(
        update={"conditions": ("capital-given",)}
    )
    found = check_conditions(policy, measure, core(), fact("platform-municipal"))
    assert found == Refused(
        "registered_capital",
        Violation(
            "condition",
            "[platform-municipal 市级技术创新中心] 条件不满足:注册资本已给出(registered_capital=None)"
            " / condition capital-given not met: registered capital given",
        ),
    )
