"""The query layer: every read of the warehouse, one module per area, values always bound as parameters.

Each function takes the `binjai.db.Warehouse` first and returns a DataFrame or plain values; none imports
Streamlit, so tests and the benchmark call them directly.
"""
