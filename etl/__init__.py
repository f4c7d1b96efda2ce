"""ETL: fetch official files, parse, clean, validate and publish Parquet under data/clean."""
