"""`python -m app.cli …` (how `promo run` starts its worker)."""

from app.cli import main

main()
