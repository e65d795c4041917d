"""ETL: read, validate and load source files into the DuckDB warehouse (no Streamlit here)."""
