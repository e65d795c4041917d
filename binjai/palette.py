"""The dashboard's colours, shared by charts and maps (a module of its own, so that neither imports the other)."""

# Okabe-Ito palette: distinguishable with common colour-vision deficiencies and on washed-out projectors.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442", "#000000"]
BLUE, ORANGE, GREEN, VERMILLION, SKY, PURPLE, YELLOW, BLACK = PALETTE
GREY = "#8c959f"
