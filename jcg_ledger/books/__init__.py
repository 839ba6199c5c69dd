"""The books on disk: layout, loading, the lock, atomic writes and the audit record."""
