"""The staff report: what patients asked, from the tracker store (see __main__.py)."""
