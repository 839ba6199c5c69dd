"""What lets a post or a page skip reloading the books, and proves it may.

* `sweep` — the books read one at a time, each dropped once folded and read (memory);
* `snapshot` — the books' state kept in the private cache folder, keyed by content;
* `shards` — the big mappings of a stored state, read by key only when looked up;
* `incremental` — new entries checked against the snapshot alone, or "take the full path".
"""
