"""IndicatorSpec entries, one module per family; composed in indicators/registry.py."""
