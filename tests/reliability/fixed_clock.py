"""`jcg` with the audit clock fixed, for crash tests that compare whole byte snapshots.

The audit record carries the time of the post; two runs of the same post differ only there.
Crash tests run the real command line through this wrapper so "exactly as after" can be a
byte comparison. Usage: ``python -m tests.reliability.fixed_clock --ledger DIR post FILE``.
"""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo

from jcg_ledger.audit import chain

FIXED = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


class _FixedDateTime(datetime):
    @classmethod
    def now(cls, tz: tzinfo | None = None) -> _FixedDateTime:
        return cls.fromtimestamp(FIXED.timestamp(), tz)


def main() -> None:
    chain.datetime = _FixedDateTime  # type: ignore[misc]
    from jcg_ledger.cli import main as jcg

    jcg()


if __name__ == "__main__":
    main()
