"""GraphQL surface of the access domain."""
