"""GraphQL surface of the campaigns domain."""
