"""Streamlit-facing parts shared by every page: shell, cached data access, components and chart builders."""
