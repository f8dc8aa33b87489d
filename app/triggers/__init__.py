"""Live actions: campaigns rewarding a customer's action, or inaction, as events arrive."""
