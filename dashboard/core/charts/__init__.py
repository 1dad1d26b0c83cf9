"""Chart builders: each a pure function from DataFrames to a plotly Figure, tested without a browser.

`REGISTRY` names every chart the app and `python -m dashboard render` can draw."""
