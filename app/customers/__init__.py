"""Customers: the people incentives are published to and redeemed by."""
