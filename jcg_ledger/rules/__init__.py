"""The policy's rules, one module each, shared by the write path and the Beancount plugin.

A rule is a pure function of the state (or the facts it needs) and a candidate fact; it returns
a `Violation` naming the rule, or None. The write path turns a violation into a refusal naming
the event and the field; the plugin turns it into a Beancount error on the entry.
"""
