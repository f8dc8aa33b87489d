"""The GraphiQL page, loading GraphiQL and React from this app (no CDN: it works offline)."""

from __future__ import annotations

import html

import orjson

STATIC_PREFIX = "/static/vendor/graphiql"

DEFAULT_QUERY = """# Welcome to the promotion engine API.
# Run this query with the ▶ button (or Ctrl-Enter).
query WhoAmI {
  viewer {
    name
    role
    permissions
  }
}
"""

PAGE = """<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Promo engine · GraphiQL</title>
  <style>body {{ margin: 0; height: 100vh; }} #graphiql {{ height: 100vh; }}</style>
  <link rel="stylesheet" href="{static}/graphiql.min.css">
</head>
<body>
  <div id="graphiql">Loading GraphiQL…</div>
  <script src="{static}/react.production.min.js"></script>
  <script src="{static}/react-dom.production.min.js"></script>
  <script src="{static}/graphiql.min.js"></script>
  <script id="promo-config" type="application/json">{config}</script>
  <script>
    const config = JSON.parse(document.getElementById("promo-config").textContent);
    const url = new URL("/graphql", window.location.href).toString();
    const wsUrl = url.replace(/^http/, "ws");
    const headers = config.apiKey ? {{ Authorization: "Bearer " + config.apiKey }} : {{}};
    const fetcher = GraphiQL.createFetcher({{
      url,
      subscriptionUrl: wsUrl,
      wsConnectionParams: headers,
    }});
    const root = ReactDOM.createRoot(document.getElementById("graphiql"));
    root.render(React.createElement(GraphiQL, {{
      fetcher,
      defaultQuery: config.defaultQuery,
      defaultHeaders: JSON.stringify(
        config.apiKey ? headers : {{ Authorization: "Bearer <paste your API key>" }}, null, 2),
      defaultEditorToolsVisibility: "headers",
      shouldPersistHeaders: true,
    }}));
  </script>
</body>
</html>
"""


def render_graphiql(*, api_key: str | None) -> str:
    """The page; `api_key` is pre-filled only in embedded development mode."""
    config = orjson.dumps({"apiKey": api_key, "defaultQuery": DEFAULT_QUERY}).decode()
    # The JSON sits inside a <script> element: neutralise anything that could close it.
    safe_config = config.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return PAGE.format(static=html.escape(STATIC_PREFIX), config=safe_config)
