"""Reasoning and validation: what the ontology entails, and what looks wrong.

Boundary: a :class:`kg.store.Store` in; the named graph ``{base}graph/inferred`` written back,
and :class:`Violation` records out. Never spaCy; what it imports: ``kg/reason/README.md``.
"""

from kg.reason.infer import ReasonReport, all_rules, inferred_graph_name, ontology_rules, reason
from kg.reason.rules import RuleFile, load_rule_files, parse_rule
from kg.reason.validate import ValidationReport, Violation, validate

__all__ = [
    "ReasonReport",
    "RuleFile",
    "ValidationReport",
    "Violation",
    "all_rules",
    "inferred_graph_name",
    "load_rule_files",
    "ontology_rules",
    "parse_rule",
    "reason",
    "validate",
]
