"""Reusable dashboard parts: pure chart builders and render_* widget functions."""
