"""Streamlit-only helpers: cached loading, the shared filter sidebar, panels. Uses dashboard.core."""
