"""`jcg`: the command line finance staff, auditors and management use. Thin on purpose:
every command calls one function of the package and formats its result."""

from __future__ import annotations

import datetime
import json
import os
import sys
from pathlib import Path
from typing import Any

import click

from jcg_ledger.books.layout import Ledger


class LedgerPath(click.Path):
    pass


def _ledger(ctx: click.Context) -> Ledger:
    root = ctx.obj["ledger"]
    ledger = Ledger.at(root)
    if not ledger.exists():
        raise click.UsageError(f"不是账套目录 not a ledger folder (run `jcg init`): {ledger.root}")
    return ledger


class _Jcg(click.Group):
    """The command group; a ledger folder that cannot be written or holds symbolic links is a
    clear error (exit 2), never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        from jcg_ledger.books.layout import SymlinkedBookFile
        from jcg_ledger.books.write import BooksUnwritable

        try:
            return super().invoke(ctx)
        except (SymlinkedBookFile, BooksUnwritable) as exc:
            click.echo(f"错误 error: {exc}", err=True)
            sys.exit(2)
        except OSError as exc:  # a read-only mount, a folder of another user, a full disk
            where = f" {exc.filename}" if exc.filename else ""
            root = (ctx.obj or {}).get("ledger")
            pending = root is not None and (Ledger.at(root).work_dir / "commit.json").exists()
            outcome = (
                "写入中断,下一条 jcg 命令将完成 the write was interrupted: the next jcg command "
                "completes it"
                if pending
                else "账套未改动 nothing was written"
            )
            click.echo(
                f"错误 error: 无法读写 cannot read or write{where} ({exc.strerror or exc}); "
                + outcome,
                err=True,
            )
            sys.exit(2)


def _operator(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """`--by` (else ``JCG_OPERATOR``) names an operator: a name or code, never personal data,
    which would land in the audit log (validated as any free text of an event)."""
    from pydantic import TypeAdapter, ValidationError

    from jcg_ledger.events.base import Label

    name = value if value is not None else os.environ.get("JCG_OPERATOR") or None
    if name is None:
        return None
    source = "--by" if value is not None else "JCG_OPERATOR"
    try:
        return TypeAdapter(Label).validate_python(name)
    except ValidationError as exc:
        raise click.BadParameter(
            f"操作人 operator: {exc.errors()[0]['msg'].removeprefix('Value error, ')}",
            param_hint=source,
        ) from None


_by_option = click.option(
    "--by",
    default=None,
    callback=_operator,
    help="操作人 operator (default $JCG_OPERATOR or the OS user); no personal data",
)


@click.group(cls=_Jcg, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--ledger",
    "ledger_dir",
    default=lambda: os.environ.get("JCG_LEDGER", "ledger"),
    show_default="./ledger or $JCG_LEDGER",
    help="账套目录 folder of the three books",
)
@click.pass_context
def main(ctx: click.Context, ledger_dir: str) -> None:
    """晋创谷·晋城 账套 — the books of the programme (city, platform, fund).

    Today is $JCG_TODAY (YYYY-MM-DD) if set, else the clock: events dated after it are refused.
    """
    from jcg_ledger.today import TodayError, today

    try:
        today()
    except TodayError as exc:
        raise click.UsageError(str(exc)) from None
    ctx.ensure_object(dict)
    ctx.obj["ledger"] = ledger_dir


@main.command()
@click.argument("directory", type=click.Path(file_okay=False))
@click.option(
    "--effective-date",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="政策生效日 (default 2025-01-01)",
)
def init(directory: str, effective_date: Any) -> None:
    """新建三本账套 Create the three books, the policy file and the named queries."""
    from jcg_ledger.books.init import InitError, init_ledger

    try:
        ledger = init_ledger(Path(directory), effective_date.date() if effective_date else None)
    except InitError as exc:
        raise click.UsageError(str(exc)) from None
    click.echo(f"已创建账套 created books in {ledger.root}")


@main.command()
@click.argument("files", nargs=-1, required=True)
@click.option("--dry-run", is_flag=True, help="只显示将写入的分录 print the entries, write nothing")
@click.option("--json", "as_json", is_flag=True, help="JSON 输出 machine-readable result")
@_by_option
@click.pass_context
def post(
    ctx: click.Context, files: tuple[str, ...], dry_run: bool, as_json: bool, by: str | None
) -> None:
    """过账 Post events (JSON, JSON Lines, CSV; '-' = stdin). All land or none does."""
    from jcg_ledger.events import EventError
    from jcg_ledger.inputs import InputError, read_events
    from jcg_ledger.post import PostError
    from jcg_ledger.post import post as do_post

    ledger = _ledger(ctx)
    events = []
    try:
        for name in files:
            if name == "-":
                data = sys.stdin.buffer.read()
            else:
                path = Path(name)
                if not path.is_file():
                    raise click.UsageError(f"文件不存在 no such file: {name}")
                data = path.read_bytes()
            events.extend(read_events(data, name if name != "-" else "<stdin>"))
        result = do_post(ledger, events, dry_run=dry_run, by=by)
    except (EventError, PostError) as exc:
        _refuse_all(as_json, getattr(exc, "errors", [exc]))
    except InputError as exc:
        _refuse(as_json, "-", "-", "input", str(exc))
    if as_json:
        click.echo(
            json.dumps(
                {
                    "ok": True,
                    "dry_run": dry_run,
                    "posted": result.posted,
                    "already_posted": result.already,
                    "text": result.text if dry_run else None,
                    "files": result.files,
                    "validated": result.validated or None,
                    # why the full path was taken (no snapshot, a back-dated entry the
                    # snapshot could not prove…); null on the snapshot path
                    "fallback": result.fallback or None,
                    # entries folded again from a checkpoint (a post dated before others)
                    "refolded": result.refolded,
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    if dry_run:
        for name, text in result.text.items():
            click.echo(f";; ==> {name}")
            click.echo(text)
        click.echo(f"试算 dry run: {len(result.posted)} 笔事件未写入 not written", err=True)
        return
    for event_id in result.already:
        click.echo(f"已过账 already posted: {event_id}")
    for warning in getattr(result, "warnings", []):
        click.echo(f"! {warning}", err=True)
    click.echo(
        f"已过账 posted {len(result.posted)} 笔事件 events"
        + (f", {len(result.already)} 笔已存在 already posted" if result.already else "")
    )


def _refuse(as_json: bool, event_id: str, field: str, rule: str, message: str) -> None:
    if as_json:
        payload = {"ok": False, "event": event_id, "field": field, "rule": rule, "message": message}
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        click.echo(
            f"拒绝 refused: 事件 event {event_id} · 字段 field {field} · 规则 rule {rule}\n  {message}",
            err=True,
        )
        click.echo("账套未改动 nothing was written", err=True)
    sys.exit(1)


def _refuse_all(as_json: bool, errors: list[Any]) -> None:
    """Refuse with every error of a batch (up to a limit, then a count); exit 1."""
    from jcg_ledger.listing import as_json as listing_json
    from jcg_ledger.listing import event_item, lines

    if len(errors) == 1:
        e = errors[0]
        _refuse(as_json, e.event_id, e.field, e.rule, e.message)
    items = [event_item(e.event_id, e.field, e.rule, e.message) for e in errors]
    if as_json:
        click.echo(json.dumps(listing_json(items), ensure_ascii=False, indent=2))
    else:
        for line in lines(items):
            click.echo(line, err=True)
        click.echo("账套未改动 nothing was written", err=True)
    sys.exit(1)


@main.command()
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def check(ctx: click.Context, as_json: bool) -> None:
    """检查 bean-check, the policy plugin and the cross-book reconciliation on every book."""
    from jcg_ledger.check import check as do_check

    result = do_check(_ledger(ctx))
    if as_json:
        click.echo(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
    else:
        for book, errors in result.errors.items():
            click.echo(
                f"{book}: {result.entries[book]} 条 entries, {len(errors)} 个错误 errors, {len(result.warnings[book])} 个提示 warnings"
            )
            for line in errors:
                click.echo(f"  ✗ {line}")
            for line in result.warnings[book]:
                click.echo(f"  ! {line}")
        for difference in result.differences:
            click.echo(f"  ✗ {difference.message}")
        if result.audit:
            click.echo(
                "审计日志被破坏 audit log broken"
                if result.audit_log_broken
                else "账套在 jcg 以外被修改 the books were changed outside jcg"
            )
        for line in result.audit:
            click.echo(f"  ✗ {line}")
        click.echo("通过 OK" if result.ok else "未通过 FAILED")
    sys.exit(0 if result.ok else 1)


@main.command()
@click.argument("name")
@click.option(
    "--as-of",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="截至日期 (default today: $JCG_TODAY or the clock)",
)
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json", "csv", "xlsx"]), default="table"
)
@click.option("--output", type=click.Path(dir_okay=False), default=None)
@click.option(
    "--year",
    type=click.IntRange(2000, 2100),
    default=None,
    help="年度 (as of its 31 December; for statements)",
)
@click.pass_context
def report(
    ctx: click.Context, name: str, as_of: Any, fmt: str, output: str | None, year: int | None
) -> None:
    """报表 subsidies, buybacks, exits, fund, capital-accounts, reconciliation, statements."""
    from rich.console import Console

    from jcg_ledger.books.lock import consistent_read
    from jcg_ledger.reports import REPORTS, BooksView
    from jcg_ledger.reports.output import print_table, to_csv, to_json, to_xlsx
    from jcg_ledger.today import today

    if name not in REPORTS:
        raise click.UsageError(
            f"未知报表 unknown report {name!r}; choose from {', '.join(sorted(REPORTS))}"
        )
    if year is not None and as_of is not None:
        raise click.UsageError("--year 与 --as-of 只能给一个 give --year or --as-of, not both")
    ledger = _ledger(ctx)
    on = datetime.date(year, 12, 31) if year is not None else as_of.date() if as_of else today()
    with consistent_read(ledger):  # the books a report reads load as it reads them
        view = BooksView.load(ledger)
        result = REPORTS[name](view, on)
    if fmt == "xlsx":
        target = Path(output or f"{name}.xlsx")
        to_xlsx(result, target)
        click.echo(f"已生成 written {target}")
        return
    text = to_json(result) if fmt == "json" else to_csv(result) if fmt == "csv" else None
    if text is None:
        if output:
            with open(output, "w", encoding="utf-8") as handle:
                print_table(result, Console(file=handle, width=160, color_system=None, emoji=False))
            click.echo(f"已生成 written {output}")
        else:
            print_table(result)
        return
    if output:
        Path(output).write_text(text, "utf-8")
    else:
        click.echo(text)


@main.command()
@click.argument("event_type", required=False)
def schema(event_type: str | None) -> None:
    """事件结构 JSON Schema of every event type (or one)."""
    from jcg_ledger.events import BY_TYPE, json_schema

    if event_type is not None and event_type not in BY_TYPE:
        raise click.UsageError(f"未知事件类型 unknown type {event_type!r}")
    click.echo(json.dumps(json_schema(event_type), ensure_ascii=False, indent=2))


@main.command()
@click.argument("event_type", required=False)
@click.option("--doc", is_flag=True, help="输出 docs/events.md 全文 the whole auditors' page")
def explain(event_type: str | None, doc: bool) -> None:
    """记账规则 The accounts an event type debits and credits, and why."""
    from jcg_ledger.explain import events_markdown, explain_text

    if doc:
        click.echo(events_markdown(), nl=False)
        return
    try:
        click.echo(explain_text(event_type))
    except KeyError as exc:
        raise click.UsageError(str(exc)) from None


@main.command()
@click.pass_context
def measures(ctx: click.Context) -> None:
    """政策措施 The catalogue of measures with amounts and caps."""
    from jcg_ledger.measures import print_measures
    from jcg_ledger.policy import default_policy, load_policy

    ledger = Ledger.at(ctx.obj["ledger"])
    policy = load_policy(ledger.policy_path) if ledger.policy_path.exists() else default_policy()
    print_measures(policy)


@main.command()
@click.argument("directory", type=click.Path(file_okay=False))
@click.option("--scale", type=int, default=0, help="附加事件数 extra events for benchmarks")
@click.option(
    "--rate-of",
    type=click.IntRange(min=1),
    default=None,
    metavar="M",
    help="按 --scale M 的日均笔数附加(只占其期间的末尾)at the daily rate of --scale M: the "
    "same open month, fewer events before it (benchmarks)",
)
@click.option("--seed", type=int, default=1)
@click.option(
    "--close/--no-close",
    default=True,
    show_default=True,
    help="结账至 2026-10(期末计息、到期回购转应收)close the books through 2026-10",
)
def demo(directory: str, scale: int, rate_of: int | None, seed: int, close: bool) -> None:
    """演示账套 Build demo books by posting events through the write path."""
    from jcg_ledger.demo import DEMO_TODAY, build_demo

    ledger, count = build_demo(
        Path(directory), scale=scale, seed=seed, close=close, rate_of=rate_of
    )
    click.echo(f"演示账套 demo books in {ledger.root}: {count} 笔事件 events posted")
    click.echo(
        f"演示账套的今天 the demo's today is {DEMO_TODAY}: "
        f"export JCG_TODAY={DEMO_TODAY} before reading it (check, report, serve)",
        err=True,
    )


def _no_editable(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    """`--editable` is gone: say why instead of click's bare "no such option"."""
    if value:
        raise click.UsageError(
            "--editable 已取消:审计浏览只读,记账只经 jcg post(规则、期间关账、审计记录)。"
            " --editable was removed: the server is read-only; finance staff post with"
            " `jcg post`, the one write path with the rules, period close and the audit"
            " record (docs/fava.md).",
            ctx=ctx,
        )


@main.command()
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="监听地址 address to bind (keep 127.0.0.1 behind a proxy)",
)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option(
    "--user-header",
    default=None,
    metavar="HEADER",
    help="认证代理传用户名的头 header in which the authenticating proxy names the user "
    "(e.g. X-Remote-User); requests must then come from --trusted-proxy",
)
@click.option(
    "--trusted-proxy",
    "trusted_proxies",
    multiple=True,
    metavar="ADDRESS",
    help="认证代理的地址 address of the authenticating proxy (default 127.0.0.1 and ::1)",
)
@click.option(
    "--access-log",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="访问日志(JSON 行,账套之外) access log, one JSON line per request (default stdout)",
)
@click.option("--editable", is_flag=True, hidden=True, expose_value=False, callback=_no_editable)
@click.pass_context
def serve(
    ctx: click.Context,
    host: str,
    port: int,
    user_header: str | None,
    trusted_proxies: tuple[str, ...],
    access_log: Path | None,
) -> None:
    """Fava 审计浏览(只读) Serve the three books in Fava, read-only.

    Finance staff post with `jcg post`; there is no editable mode (docs/fava.md).
    """
    from jcg_ledger.fava_ext.guard import Proxy
    from jcg_ledger.fava_ext.serve import serve as do_serve

    if trusted_proxies and not user_header:
        raise click.UsageError("--trusted-proxy 需要 --user-header / needs --user-header")
    proxy = None
    if user_header:
        proxy = Proxy(user_header)
        if trusted_proxies:
            proxy = Proxy(user_header, frozenset(trusted_proxies))
    do_serve(_ledger(ctx), host=host, port=port, proxy=proxy, access_log=access_log)


@main.command()
@click.argument("period", metavar="YYYY-MM")
@_by_option
@click.pass_context
def close(ctx: click.Context, period: str, by: str | None) -> None:
    """结账 Close every period up to the end of YYYY-MM: later posts dated in it are refused."""
    from jcg_ledger.close import close_period
    from jcg_ledger.post import PostError

    try:
        result = close_period(_ledger(ctx), period, by=by)
    except PostError as exc:
        _refuse(False, exc.event_id, exc.field, exc.rule, exc.message)
        return
    for warning in result.warnings:
        click.echo(f"! {warning}", err=True)
    if result.posted:
        click.echo(f"期末分录 period-end entries posted: {', '.join(result.posted)}")
    counts = ", ".join(f"{book} {n}" for book, n in result.entries.items())
    click.echo(f"已结账 closed through {result.through} ({counts} 条分录 entries)")


@main.group()
def audit() -> None:
    """审计日志 The hash-chained audit log."""


@audit.command("verify")
@click.pass_context
def audit_verify(ctx: click.Context) -> None:
    """校验 Find any edit of the books or the log made outside jcg."""
    from jcg_ledger.audit.chain import verify

    problems = verify(_ledger(ctx))
    for problem in problems:
        click.echo(f"✗ [{problem.seq}] {problem.message}")
    if not problems:
        click.echo("审计日志完整 audit log intact")
    elif any(p.kind == "log" for p in problems):
        click.echo("审计日志被破坏 audit log broken")
    else:
        click.echo(
            "账套在 jcg 以外被修改 the books were changed outside jcg "
            "(审计日志本身完整 the audit log itself is intact)"
        )
    sys.exit(1 if problems else 0)


@audit.command("log")
@click.option(
    "--since", type=click.DateTime(["%Y-%m-%d"]), default=None, help="自该日(UTC)起 from this day"
)
@click.option("--event", "event_id", default=None, help="只列出含该事件的记录 records of one event")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table")
@click.pass_context
def audit_log(ctx: click.Context, since: Any, event_id: str | None, fmt: str) -> None:
    """变更历史 Every record: time, operator, action, events, files."""
    from jcg_ledger.audit.history import records, report
    from jcg_ledger.reports.output import print_table, to_csv
    from jcg_ledger.today import today

    ledger = _ledger(ctx)
    day = since.date() if since else None
    if fmt == "json":
        found = records(ledger, since=day, event=event_id)
        click.echo(json.dumps([r.as_dict() for r in found], ensure_ascii=False, indent=2))
        return
    result = report(ledger, today(strict=False), since=day, event=event_id)
    if fmt == "csv":
        click.echo(to_csv(result), nl=False)
    else:
        print_table(result)


@audit.command("accept")
@click.option("--reason", required=True, help="理由 why the files were changed (recorded)")
@_by_option
@click.pass_context
def audit_accept(ctx: click.Context, reason: str, by: str | None) -> None:
    """确认变更 Record a deliberate change made outside jcg (e.g. policy.toml) in the chain."""
    from pydantic import TypeAdapter, ValidationError

    from jcg_ledger.audit.chain import operator, record_edit
    from jcg_ledger.books.lock import locked
    from jcg_ledger.books.write import recover
    from jcg_ledger.events.base import Text

    ledger = _ledger(ctx)
    try:
        reason = TypeAdapter(Text).validate_python(reason)
    except ValidationError as exc:
        raise click.UsageError(f"--reason: {exc.errors()[0]['msg']}") from None
    with locked(ledger):
        recover(ledger)
        changed = record_edit(ledger, by=operator(by), action=f"accept: {reason}")
    for name in sorted(changed):
        click.echo(f"已记录 recorded: {name}")
    if not changed:
        click.echo("无变更 nothing changed since the last record")


# The finance staff's commands (`jcg import`, `jcg add`) live in their own module.
from jcg_ledger.cli_staff import register  # noqa: E402

register(main, _by_option)

if __name__ == "__main__":  # pragma: no cover
    main()
