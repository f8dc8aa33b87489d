"""Permission matrix entries: every Query and Subscription field."""

from __future__ import annotations

from app.access.models import Permission
from tests.locations.matrix_calls import Call, Entry, built, edges, fixed, ids, redeemable_known
from tests.locations.matrix_distributions import DISTRIBUTION_QUERIES, DISTRIBUTION_SUBSCRIPTIONS
from tests.locations.matrix_exports import EXPORT_QUERIES
from tests.locations.matrix_segments import SEGMENT_QUERIES
from tests.locations.matrix_wallets import WALLET_QUERIES, WALLET_SUBSCRIPTIONS
from tests.locations.matrix_webhooks import WEBHOOK_QUERIES
from tests.locations.world import PARIS

P = Permission

QUERIES: dict[str, Entry] = {
    "viewer": Entry(None, "PROJECT", fixed("{ viewer { role } }")),
    "apiKeys": Entry(P.API_KEYS_READ, "PROJECT", fixed("{ apiKeys { edges { node { id } } } }")),
    "apiKey": Entry(
        P.API_KEYS_READ,
        "PROJECT",
        built(lambda w, s: Call("query K($id: ID!) { apiKey(id: $id) { id } }", {"id": w.admin_key_id})),
    ),
    "campaign": Entry(
        P.CAMPAIGNS_READ,
        "USE",
        built(lambda w, s: Call("query C($id: ID!) { campaign(id: $id) { id } }", {"id": w.auto[s]})),
    ),
    "campaigns": Entry(
        P.CAMPAIGNS_READ,
        "USE",
        built(
            lambda w, s: Call(
                "{ campaigns(first: 100) { edges { node { id } } } }",
                {},
                shows_target=lambda data: w.auto[s] in edges(data["campaigns"]),
            )
        ),
    ),
    "categories": Entry(P.SETTINGS_READ, "PROJECT", fixed("{ categories { id } }")),
    "customer": Entry(
        P.CUSTOMERS_READ,
        "PROJECT",
        built(lambda w, s: Call("query C($id: ID!) { customer(id: $id) { id } }", {"id": w.customer})),
    ),
    "customers": Entry(P.CUSTOMERS_READ, "PROJECT", fixed("{ customers { edges { node { id } } } }")),
    "eventCatalog": Entry(P.SETTINGS_READ, "PROJECT", fixed("{ eventCatalog { name } }")),
    "codeSeries": Entry(
        P.PROJECT_READ,
        "PROJECT",
        built(lambda w, s: Call("query S($id: ID!) { codeSeries(id: $id) { id } }", {"id": w.series})),
    ),
    "code": Entry(
        P.CAMPAIGNS_READ,
        "USE",
        built(lambda w, s: Call("query C($c: String!) { code(code: $c) { code } }", {"c": w.codes[s].lower()})),
    ),
    "codes": Entry(
        P.CAMPAIGNS_READ,
        "USE",
        built(
            lambda w, s: Call(
                "query C($c: ID!) { codes(filter: {campaignId: $c}) { edges { node { code } } } }",
                {"c": w.coded[s]},
            )
        ),
    ),
    "publications": Entry(
        P.CAMPAIGNS_READ,
        "USE",
        built(
            lambda w, s: Call(
                "{ publications(first: 100) { edges { node { id campaign { id } } } } }",
                {},
                shows_target=lambda data: (
                    w.coded[s] in {edge["node"]["campaign"]["id"] for edge in data["publications"]["edges"]}
                ),
            )
        ),
    ),
    "referrals": Entry(P.CAMPAIGNS_READ, "PROJECT", fixed("{ referrals { edges { node { id } } } }")),
    "inventoryAlerts": Entry(
        P.CAMPAIGNS_READ,
        "USE",
        built(lambda w, s: Call("query A($c: ID!) { inventoryAlerts(campaignId: $c) { id } }", {"c": w.coded[s]})),
    ),
    "job": Entry(
        P.PROJECT_READ,
        "PROJECT",
        built(lambda w, s: Call("query J($id: ID!) { job(id: $id) { id } }", {"id": w.job})),
    ),
    "validate": Entry(
        P.VALIDATE,
        "USE",
        built(
            lambda w, s: Call(
                "query V($o: OrderInput!, $r: [RedeemableInput!]!) { validate(order: $o, redeemables: $r) "
                "{ redeemables { reason } } }",
                {"o": w.order(s), "r": [{"code": w.codes[s]}]},
                shows_target=lambda data: redeemable_known(data["validate"]),
            )
        ),
    ),
    "qualifications": Entry(
        P.VALIDATE,
        "USE",
        built(
            lambda w, s: Call(
                "query Q($o: OrderInput!) { qualifications(order: $o) { campaign { id } } }",
                {"o": w.order(s)},
                shows_target=lambda data: w.auto[s] in {q["campaign"]["id"] for q in data["qualifications"]},
            )
        ),
    ),
    "redemption": Entry(
        P.CAMPAIGNS_READ,
        "USE",
        built(lambda w, s: Call("query R($id: ID!) { redemption(id: $id) { id } }", {"id": w.redemptions[s]})),
    ),
    "redemptions": Entry(
        P.CAMPAIGNS_READ,
        "USE",
        built(
            lambda w, s: Call(
                "{ redemptions(first: 100) { edges { node { id } } } }",
                {},
                shows_target=lambda data: w.redemptions[s] in edges(data["redemptions"]),
            )
        ),
    ),
    "stackingRules": Entry(P.SETTINGS_READ, "PROJECT", fixed("{ stackingRules { redeemablesLimit } }")),
    "areas": Entry(P.SETTINGS_READ, "PROJECT", fixed("{ areas { id } }")),
    "area": Entry(
        P.SETTINGS_READ,
        "PROJECT",
        built(lambda w, s: Call("query A($id: ID!) { area(id: $id) { id } }", {"id": w.areas["North"]})),
    ),
    "stores": Entry(P.SETTINGS_READ, "PROJECT", fixed("{ stores { id } }")),
    "store": Entry(
        P.SETTINGS_READ,
        "PROJECT",
        built(lambda w, s: Call("query S($id: ID!) { store(id: $id) { id } }", {"id": w.stores["n1"]})),
    ),
    "geofences": Entry(P.SETTINGS_READ, "PROJECT", fixed("{ geofences { id } }")),
    "geofence": Entry(
        P.SETTINGS_READ,
        "PROJECT",
        built(lambda w, s: Call("query G($id: ID!) { geofence(id: $id) { id } }", {"id": w.geofence})),
    ),
    "geofencesFeatureCollection": Entry(P.SETTINGS_READ, "PROJECT", fixed("{ geofencesFeatureCollection }")),
    "campaignsAt": Entry(
        P.CAMPAIGNS_NEARBY,
        "USE",
        built(
            lambda w, s: Call(
                "query N($lat: Float!, $lon: Float!, $s: ID) "
                "{ campaignsAt(latitude: $lat, longitude: $lon, storeId: $s) { id } }",
                {"lat": PARIS["latitude"], "lon": PARIS["longitude"], "s": w.store_for(s)},
                shows_target=lambda data: w.auto[s] in ids(data["campaignsAt"]),
            )
        ),
    ),
}

QUERIES |= SEGMENT_QUERIES | WALLET_QUERIES | DISTRIBUTION_QUERIES | WEBHOOK_QUERIES | EXPORT_QUERIES

SUBSCRIPTIONS: dict[str, Entry] = {
    "apiKeyEvents": Entry(
        P.API_KEYS_READ,
        "PROJECT",
        built(lambda w, s: Call("subscription { apiKeyEvents { kind } }", {}, channel="api-keys")),
    ),
    "campaignStatusChanged": Entry(
        P.CAMPAIGNS_READ,
        "USE",
        built(
            lambda w, s: Call(
                "subscription S($c: ID) { campaignStatusChanged(campaignId: $c) { newStatus } }",
                {"c": w.auto[s]},
                channel="campaign-status",
            )
        ),
    ),
    "inventoryAlerts": Entry(
        P.CAMPAIGNS_READ,
        "USE",
        built(
            lambda w, s: Call(
                "subscription A($c: ID!) { inventoryAlerts(campaignId: $c) { kind } }",
                {"c": w.coded[s]},
                channel="inventory-alerts",
            )
        ),
    ),
    "jobProgress": Entry(
        P.PROJECT_READ,
        "PROJECT",
        built(
            lambda w, s: Call(
                "subscription J($j: ID!) { jobProgress(jobId: $j) { status } }",
                {"j": w.job},
                channel="job-progress",
            )
        ),
    ),
}
SUBSCRIPTIONS |= WALLET_SUBSCRIPTIONS | DISTRIBUTION_SUBSCRIPTIONS
