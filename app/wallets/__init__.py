"""Wallet points and loyalty cards: the points ledger, earning, paying with points and expiry."""
