"""One module per official source, each exposing SPEC (a SourceSpec) and fetch/parse/clean."""
