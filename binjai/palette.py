"""The dashboard's colours, shared by plotly charts and pydeck maps (no imports: both layers may use it)."""

# Okabe-Ito palette: distinguishable with common colour-vision deficiencies and on washed-out projectors.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442", "#000000"]
BLUE, ORANGE, GREEN, VERMILLION, SKY, PURPLE, YELLOW, BLACK = PALETTE
GREY = "#8c959f"
INK = "#14171a"
FONT = "Source Sans Pro, DejaVu Sans, Arial, sans-serif"
