"""Analysts correct the extraction: attribution edits (add, change, remove) with version checks,
lease rules, provenance and history; the claim's statement, sourcing and registry links follow."""
from service.corrections.edits import AttributionEdit, add_attribution, change_attribution, remove_attribution

__all__ = ["AttributionEdit", "add_attribution", "change_attribution", "remove_attribution"]
