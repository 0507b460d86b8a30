"""budgetkg: knowledge graphs from Chinese department budget disclosures."""

__version__ = "0.1.0"
