"""Validation rules: their shapes and their evaluation, shared by campaigns, redemptions and wallets."""
