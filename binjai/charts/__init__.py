"""Chart builders: plain functions that return plotly figures; pages only place them."""
