"""Redemptions: validating, qualifying, redeeming and rolling back stacked incentives."""
