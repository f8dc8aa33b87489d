"""The GraphQL layer: thin resolvers over the domains' services."""
