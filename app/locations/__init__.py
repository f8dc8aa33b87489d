"""Areas and stores: where campaigns run and redemptions happen."""
