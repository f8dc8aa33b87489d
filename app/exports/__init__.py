"""CSV exports of campaign data (streamed with PostgreSQL COPY) and campaign reports."""
