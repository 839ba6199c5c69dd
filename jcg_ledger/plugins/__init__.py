"""Beancount plugins the books declare."""
