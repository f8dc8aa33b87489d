"""GraphQL of exports and campaign reports."""
