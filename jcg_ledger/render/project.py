"""先投后股 events rendered into the city and platform books.

`project.fund` — the city entrusts money to the platform, both sides in one step, linked::

    2025-03-01 * "委托资金拨付 city → platform"  ^f-001      ; city book
      Assets:Entrusted:Platform     3000000.00 CNY
      Assets:Bank:SpecialFund      -3000000.00 CNY
    2025-03-01 * "收到委托资金 city → platform"  ^f-001      ; platform book
      Assets:Bank:Platform          3000000.00 CNY
      Liabilities:Entrusted:City   -3000000.00 CNY

`jcg check` reconciles the two (`Assets:Entrusted:Platform` = −`Liabilities:Entrusted:City`).
"""

from __future__ import annotations

from typing import Any

from jcg_ledger.events.project import ProjectFund
from jcg_ledger.render.base import Context, Posting, Registry, Renderer, require
from jcg_ledger.rules.window import check_window

CITY_BANK = "Assets:Bank:SpecialFund"
CITY_ENTRUSTED = "Assets:Entrusted:Platform"
PLATFORM_BANK = "Assets:Bank:Platform"
PLATFORM_ENTRUSTED = "Liabilities:Entrusted:City"


def render_fund(event: ProjectFund, ctx: Context) -> None:
    require("date", check_window(ctx.policy, event.date, "委托资金拨付"))
    ctx.transaction(
        "city",
        "委托资金拨付 city → platform",
        [Posting(CITY_ENTRUSTED, event.amount), Posting(CITY_BANK, -event.amount)],
        project=event.project,
    )
    ctx.transaction(
        "platform",
        "收到委托资金 city → platform",
        [Posting(PLATFORM_BANK, event.amount), Posting(PLATFORM_ENTRUSTED, -event.amount)],
        project=event.project,
    )


REGISTRY: Registry = {
    "project.fund": Renderer[Any](
        "project.fund",
        render_fund,
        "委托资金拨付:市级账套借记委托平台投资资金、贷记专项资金专户;平台账套借记银行存款、"
        "贷记其他应付款—财政委托资金。两笔分录以 ^事件编号 关联,对账时两边相等。"
        " The city moves cash to an entrusted-funds asset; the platform receives it as a"
        " liability to the city; both carry the link ^<event id> and must reconcile.",
        (("city", CITY_ENTRUSTED, CITY_BANK), ("platform", PLATFORM_BANK, PLATFORM_ENTRUSTED)),
    ),
}
