"""The GFMD progress report: content (pure), DOCX and PDF writers, and the CLI (__main__)."""
