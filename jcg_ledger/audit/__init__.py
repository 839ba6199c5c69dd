"""The audit chain: who changed the books, when, and to what.

* `chain` — the hash-chained log of records (one per write), per-entry digests, `verify`;
* `history` — the records as people read them (`jcg audit log`, Fava's 审计日志 page).
"""
