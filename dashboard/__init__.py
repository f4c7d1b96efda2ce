"""Streamlit dashboard: pages render, components build charts and widgets, data.py caches."""
