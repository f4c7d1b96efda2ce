"""Indicators: declarative specs and pure polars compute functions (no I/O, no streamlit)."""
