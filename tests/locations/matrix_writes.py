"""Permission matrix entries: every Mutation field."""

from __future__ import annotations

from app.access.models import Permission
from tests.locations.matrix_calls import (
    Call,
    Entry,
    access_assign,
    access_unassign,
    area_delete,
    built,
    campaign_clone,
    campaign_create,
    campaign_delete,
    campaign_update,
    category_delete,
    category_update,
    fixed,
    geofence_delete,
    geofence_update,
    key_access,
    key_revoke,
    rollback,
    store_delete,
    transition,
)
from tests.locations.matrix_distributions import DISTRIBUTION_MUTATIONS
from tests.locations.matrix_exports import EXPORT_MUTATIONS
from tests.locations.matrix_segments import SEGMENT_MUTATIONS
from tests.locations.matrix_triggers import TRIGGER_MUTATIONS
from tests.locations.matrix_wallets import WALLET_MUTATIONS
from tests.locations.matrix_webhooks import WEBHOOK_MUTATIONS
from tests.locations.world import ERROR, unique

P = Permission

MUTATIONS: dict[str, Entry] = {
    "apiKeyCreate": Entry(
        P.API_KEYS_MANAGE,
        "PROJECT",
        fixed(f'mutation {{ apiKeyCreate(input: {{name: "k", role: VIEWER}}) {{ __typename {ERROR} }} }}'),
    ),
    "apiKeyRevoke": Entry(P.API_KEYS_MANAGE, "PROJECT", key_revoke),
    "apiKeyAccessAssign": Entry(P.API_KEYS_MANAGE, "PROJECT", key_access("apiKeyAccessAssign")),
    "apiKeyAccessUnassign": Entry(P.API_KEYS_MANAGE, "PROJECT", key_access("apiKeyAccessUnassign")),
    "campaignCreate": Entry(P.CAMPAIGNS_WRITE, "EDIT", campaign_create),
    "campaignUpdate": Entry(P.CAMPAIGNS_WRITE, "EDIT", campaign_update),
    "campaignActivate": Entry(P.CAMPAIGNS_WRITE, "EDIT", transition("campaignActivate", "DRAFT")),
    "campaignPause": Entry(P.CAMPAIGNS_WRITE, "EDIT", transition("campaignPause", "ACTIVE")),
    "campaignResume": Entry(P.CAMPAIGNS_WRITE, "EDIT", transition("campaignResume", "PAUSED")),
    "campaignStop": Entry(P.CAMPAIGNS_WRITE, "EDIT", transition("campaignStop", "ACTIVE")),
    "campaignClone": Entry(P.CAMPAIGNS_WRITE, "EDIT", campaign_clone),
    "campaignDelete": Entry(P.CAMPAIGNS_WRITE, "EDIT", campaign_delete),
    "campaignRestore": Entry(P.CAMPAIGNS_WRITE, "EDIT", transition("campaignRestore", "BIN")),
    "categoryCreate": Entry(
        P.PROJECT_WRITE,
        "PROJECT",
        built(
            lambda w, s: Call(
                f"mutation C($n: String!) {{ categoryCreate(input: {{name: $n, hierarchy: 2, "
                f"stackingType: JOINT}}) {{ __typename {ERROR} }} }}",
                {"n": unique("Category")},
            )
        ),
    ),
    "categoryUpdate": Entry(P.PROJECT_WRITE, "PROJECT", category_update),
    "categoryDelete": Entry(P.PROJECT_WRITE, "PROJECT", category_delete),
    "campaignAccessAssign": Entry(P.CAMPAIGNS_WRITE, "EDIT", access_assign),
    "campaignAccessUnassign": Entry(P.CAMPAIGNS_WRITE, "EDIT", access_unassign),
    "customerUpsert": Entry(
        P.CUSTOMERS_WRITE,
        "PROJECT",
        fixed(f'mutation {{ customerUpsert(input: {{sourceId: "c-1"}}) {{ __typename {ERROR} }} }}'),
    ),
    "eventTrack": Entry(
        P.EVENT_TRACK,
        "PROJECT",
        fixed(
            f'mutation {{ eventTrack(input: {{customer: {{sourceId: "e-1"}}, name: "matrix"}}) '
            f"{{ __typename {ERROR} }} }}"
        ),
    ),
    "eventsTrack": Entry(
        P.EVENTS_WRITE,
        "PROJECT",
        fixed(
            f'mutation {{ eventsTrack(inputs: [{{customer: {{sourceId: "e-1"}}, name: "matrix"}}]) '
            f"{{ __typename {ERROR} }} }}"
        ),
    ),
    "eventsImport": Entry(
        P.EVENTS_WRITE,
        "PROJECT",
        fixed(
            f"mutation I($file: Upload!) {{ eventsImport(file: $file) {{ __typename {ERROR} }} }}",
            upload=b'{"customer": {"sourceId": "e-1"}, "name": "matrix", "occurredAt": "2026-01-01T00:00:00Z"}\n',
        ),
    ),
    "codeSeriesCreate": Entry(
        P.PROJECT_WRITE,
        "PROJECT",
        built(
            lambda w, s: Call(
                f"mutation S($n: String!) {{ codeSeriesCreate(input: {{name: $n, length: 10}}) "
                f"{{ __typename {ERROR} }} }}",
                {"n": unique("Series")},
            )
        ),
    ),
    "codesGenerate": Entry(
        P.PROJECT_WRITE,
        "PROJECT",
        built(
            lambda w, s: Call(
                f"mutation G($id: ID!) {{ codesGenerate(input: {{seriesId: $id, count: 2}}) "
                f"{{ __typename {ERROR} }} }}",
                {"id": w.series},
            )
        ),
    ),
    "codePublish": Entry(
        P.CODES_PUBLISH,
        "USE",
        built(
            lambda w, s: Call(
                f'mutation P($c: ID!) {{ codePublish(input: {{campaignId: $c, customer: {{sourceId: "x"}}}}) '
                f"{{ __typename {ERROR} }} }}",
                {"c": w.coded[s]},
            )
        ),
    ),
    "codesImport": Entry(
        P.PROJECT_WRITE,
        "PROJECT",
        built(
            lambda w, s: Call(
                f"mutation I($id: ID!, $file: Upload!) {{ codesImport(seriesId: $id, file: $file) "
                f"{{ __typename {ERROR} }} }}",
                {"id": w.series},
                upload=f"code\n{unique('IMPORTED').replace(' ', '-')}\n".encode(),
            )
        ),
    ),
    "codesPublishBulk": Entry(
        P.CODES_PUBLISH,
        "USE",
        built(
            lambda w, s: Call(
                f'mutation B($c: ID!) {{ codesPublishBulk(campaignId: $c, customers: ["a"]) '
                f"{{ __typename {ERROR} }} }}",
                {"c": w.coded[s]},
            )
        ),
    ),
    "customersImport": Entry(
        P.CUSTOMERS_WRITE,
        "PROJECT",
        fixed(
            f"mutation I($file: Upload!) {{ customersImport(file: $file) {{ __typename {ERROR} }} }}",
            upload=b"source_id\nimported\n",
        ),
    ),
    "redeem": Entry(
        P.REDEEM,
        "USE",
        built(
            lambda w, s: Call(
                "mutation R($i: RedeemInput!) { redeem(input: $i) { __typename "
                "... on RedeemRefused { result { redeemables { reason } } } ... on Error { code } } }",
                {"i": {"order": w.order(s), "redeemables": [{"campaignId": w.auto[s]}]}},
                shows_target=lambda data: data["redeem"]["__typename"] == "RedeemSuccess",
            )
        ),
    ),
    "redemptionRollback": Entry(P.REDEEM, "USE", rollback),
    "stackingRulesUpdate": Entry(
        P.PROJECT_WRITE,
        "PROJECT",
        fixed(f"mutation {{ stackingRulesUpdate(input: {{applicableLimit: 5}}) {{ __typename {ERROR} }} }}"),
    ),
    "areaCreate": Entry(
        P.PROJECT_WRITE,
        "PROJECT",
        built(
            lambda w, s: Call(
                f"mutation A($n: String!) {{ areaCreate(input: {{name: $n}}) {{ __typename {ERROR} }} }}",
                {"n": unique("Area")},
            )
        ),
    ),
    "areaUpdate": Entry(
        P.PROJECT_WRITE,
        "PROJECT",
        built(
            lambda w, s: Call(
                f'mutation A($id: ID!) {{ areaUpdate(id: $id, input: {{address: "x"}}) {{ __typename {ERROR} }} }}',
                {"id": w.areas["North"]},
            )
        ),
    ),
    "areaDelete": Entry(P.PROJECT_WRITE, "PROJECT", area_delete),
    "storeCreate": Entry(
        P.PROJECT_WRITE,
        "PROJECT",
        built(
            lambda w, s: Call(
                f"mutation S($a: ID!, $n: String!) {{ storeCreate(areaId: $a, input: {{name: $n}}) "
                f"{{ __typename {ERROR} }} }}",
                {"a": w.areas["South"], "n": unique("store")},
            )
        ),
    ),
    "storeUpdate": Entry(
        P.PROJECT_WRITE,
        "PROJECT",
        built(
            lambda w, s: Call(
                f'mutation S($id: ID!) {{ storeUpdate(id: $id, input: {{address: "x"}}) {{ __typename {ERROR} }} }}',
                {"id": w.stores["n2"]},
            )
        ),
    ),
    "storeDelete": Entry(P.PROJECT_WRITE, "PROJECT", store_delete),
    "geofenceCreate": Entry(
        P.PROJECT_WRITE,
        "PROJECT",
        built(
            lambda w, s: Call(
                f"mutation G($n: String!) {{ geofenceCreate(input: {{name: $n, circle: "
                f"{{latitude: 1, longitude: 1, radiusMeters: 10}}}}) {{ __typename {ERROR} }} }}",
                {"n": unique("Fence")},
            )
        ),
    ),
    "geofenceUpdate": Entry(P.PROJECT_WRITE, "PROJECT", geofence_update),
    "geofenceDelete": Entry(P.PROJECT_WRITE, "PROJECT", geofence_delete),
}
MUTATIONS |= (
    SEGMENT_MUTATIONS
    | WALLET_MUTATIONS
    | TRIGGER_MUTATIONS
    | DISTRIBUTION_MUTATIONS
    | WEBHOOK_MUTATIONS
    | EXPORT_MUTATIONS
)
