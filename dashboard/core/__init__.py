"""Pure Python core: loading, validation, filtering, analysis, charts and exports. Never imports streamlit."""
