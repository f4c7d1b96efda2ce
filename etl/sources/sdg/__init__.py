"""UN SDG Global Database (source `sdg_api`): api.py (API v1 client), extract.py (Goal10.xlsx),
frame.py (the rows both produce), spec.py (parse, clean and the SourceSpec)."""
