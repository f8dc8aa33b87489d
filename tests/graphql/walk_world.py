"""The permission-matrix world (tests/locations/world.py) with more to leak, for the graph walk.

On top of the matrix world (campaigns INSIDE n1, PARTIAL n1+s1, OUTSIDE s1 for keys restricted to n1
and n2), this adds: a customer with personal data; project-wide campaigns (no assignment: invisible to
restricted keys) that were published and redeemed; one code series shared by a UNIQUE_CODES campaign
inside, one outside and an outside gift card, each published to the same customer and redeemed; an
inside referral campaign redeemed by a referee; a PARTIAL campaign redeemed at s1, a store outside the
keys' stores; and a redemption at n1 whose request also named an outside code (refused there).

Every campaign, code, publication, redemption and job a restricted key must never reach is recorded in
`hidden` (id, code or name → what it is), read back as ADMIN once the world is built.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from app.core.ids import decode_id
from app.distributions import runs
from tests.conftest import Caller, GraphQLClient
from tests.locations.chain import ERROR
from tests.locations.world import PARIS, World, build_world

PERSONAL = {
    "name": "Ann Shopper",
    "email": "ann@example.com",
    "phone": "+33 1 23 45 67 89",
    "metadata": {"tier": "gold"},
    "latitude": 48.85,
    "longitude": 2.35,
}
DISCOUNT = {"discount": {"type": "AMOUNT", "amountOff": 100}}


@dataclass
class WalkWorld:
    base: World
    campaigns: dict[str, str] = field(default_factory=dict)  # label -> id, every campaign of the world
    inside: set[str] = field(default_factory=set)  # labels of campaigns the restricted keys may use
    codes: dict[str, str] = field(default_factory=dict)  # label -> code
    redemptions: dict[str, str] = field(default_factory=dict)  # label -> id
    customers: dict[str, str] = field(default_factory=dict)  # source id -> id
    series: dict[str, str] = field(default_factory=dict)  # name -> id
    segments: dict[str, str] = field(default_factory=dict)  # name -> id
    programs: dict[str, str] = field(default_factory=dict)  # label -> WALLET_POINTS campaign id
    distributions: dict[str, str] = field(default_factory=dict)  # campaign label -> distribution id (run once)
    hidden: dict[str, str] = field(default_factory=dict)  # id, code or name -> what it is

    @property
    def admin(self) -> Caller:
        return self.base.admin

    @property
    def keys(self) -> dict[str, Caller]:
        return self.base.keys

    async def call(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        return await self.base.call(query, variables)

    def order(self, store: str, customer: str = "shopper") -> dict[str, Any]:
        return {
            "currency": "EUR",
            "storeId": self.base.stores[store],
            "location": PARIS,
            "customer": {"sourceId": customer},
            "items": [{"productId": "p", "quantity": 1, "unitPrice": 1000}],
        }

    async def campaign(self, label: str, stores: list[str], **attributes: Any) -> str:
        """An ACTIVE campaign assigned to `stores` (none: project-wide); a DISCOUNT without code by default."""
        given = {"kind": "DISCOUNT", "codeMode": "NO_CODE", "reward": DISCOUNT, **attributes}
        made = await self.call(
            f"""mutation C($i: CampaignCreateInput!) {{ campaignCreate(input: $i) {{ __typename
              ... on CampaignCreateSuccess {{ campaign {{ id }} }} {ERROR} }} }}""",
            {
                "i": {
                    "name": f"{label} campaign",
                    "targeting": "OPEN",
                    "currency": "EUR",
                    "access": [{"level": "STORE", "storeId": self.base.stores[name]} for name in stores],
                    **given,
                }
            },
        )
        assert made["campaignCreate"]["__typename"] == "CampaignCreateSuccess", made
        campaign_id: str = made["campaignCreate"]["campaign"]["id"]
        await self.call(
            "mutation A($id: ID!) { campaignActivate(input: {id: $id}) { __typename } }", {"id": campaign_id}
        )
        self.campaigns[label] = campaign_id
        if any(store.startswith("n") for store in stores):
            self.inside.add(label)
        return campaign_id

    async def publish(self, label: str, customer: str = "shopper") -> str:
        done = await self.call(
            f"""mutation P($i: CodePublishInput!) {{ codePublish(input: $i) {{ __typename
              ... on CodePublishSuccess {{ assignedCode {{ code }} }} {ERROR} }} }}""",
            {"i": {"campaignId": self.campaigns[label], "customer": {"sourceId": customer}}},
        )
        assert done["codePublish"]["__typename"] == "CodePublishSuccess", done
        code: str = done["codePublish"]["assignedCode"]["code"]
        self.codes[label] = code
        return code

    async def redeem(self, label: str, store: str, *redeemables: dict[str, Any], customer: str = "shopper") -> str:
        done = await self.call(
            f"""mutation R($i: RedeemInput!) {{ redeem(input: $i) {{ __typename
              ... on RedeemSuccess {{ redemption {{ id }} }} {ERROR} }} }}""",
            {"i": {"order": self.order(store, customer), "redeemables": list(redeemables)}},
        )
        assert done["redeem"]["__typename"] == "RedeemSuccess", done
        redemption_id: str = done["redeem"]["redemption"]["id"]
        self.redemptions[label] = redemption_id
        return redemption_id

    async def series_with_codes(self, name: str, count: int) -> str:
        made = await self.call(
            "mutation S($i: CodeSeriesCreateInput!) { codeSeriesCreate(input: $i) "
            "{ ... on CodeSeriesCreateSuccess { series { id } } } }",
            {"i": {"name": name, "length": 10}},
        )
        series_id: str = made["codeSeriesCreate"]["series"]["id"]
        await self.call(
            "mutation G($s: ID!, $n: Int!) { codesGenerate(input: {seriesId: $s, count: $n}) { __typename } }",
            {"s": series_id, "n": count},
        )
        self.series[name] = series_id
        return series_id

    async def read_hidden(self) -> None:
        """Record, as ADMIN, everything of the campaigns the restricted keys may not use."""
        for label, campaign_id in self.campaigns.items():
            if label in self.inside:
                continue
            found = await self.call(
                """query H($c: ID!) { campaign(id: $c) { id name code codeMode }
                  publications(filter: {campaignId: $c}, first: 100) { edges { node { id code { code } } } }
                  redemptions(filter: {campaignId: $c}, first: 100) { edges { node { id } } } }""",
                {"c": campaign_id},
            )
            campaign = found["campaign"]
            self.hidden[campaign["id"]] = f"Campaign {label}"
            raw = str(decode_id("Campaign", campaign["id"]))
            if label in self.programs:  # a redemption's result names a wallet payment `wallet:<raw id>`
                self.hidden[f"wallet:{raw}"] = f"wallet payment of Campaign {label}"
            elif campaign["codeMode"] == "NO_CODE":  # a redemption's result names it by its raw id
                self.hidden[raw] = f"raw id of Campaign {label}"
            self.hidden[campaign["name"]] = f"name of Campaign {label}"
            if campaign["code"]:
                self.hidden[campaign["code"]] = f"Code of {label}"
            for edge in found["publications"]["edges"]:
                self.hidden[edge["node"]["id"]] = f"Publication of {label}"
                self.hidden.setdefault(edge["node"]["code"]["code"], f"Code of {label}")
            for edge in found["redemptions"]["edges"]:
                self.hidden[edge["node"]["id"]] = f"Redemption of {label}"
        for label, program in self.programs.items():
            if label in self.inside:
                continue
            found = await self.call(
                """query W($p: ID!) { wallet(customer: {sourceId: "shopper"}, program: $p) { id }
                  walletTransactions(filter: {program: $p}, first: 100) { edges { node { id } } } }""",
                {"p": program},
            )
            self.hidden[found["wallet"]["id"]] = f"Wallet of {label}"
            for edge in found["walletTransactions"]["edges"]:
                self.hidden[edge["node"]["id"]] = f"WalletTransaction of {label}"
        for label, distribution_id in self.distributions.items():
            if label in self.inside:
                continue
            found = await self.call(
                """query D($id: ID!) { distribution(id: $id) { id
                  runs(first: 10) { edges { node { id deliveries(first: 100) { edges { node { id } } } } } } } }""",
                {"id": distribution_id},
            )
            self.hidden[found["distribution"]["id"]] = f"Distribution of {label}"
            for run in found["distribution"]["runs"]["edges"]:
                self.hidden[run["node"]["id"]] = f"DistributionRun of {label}"
                for delivery in run["node"]["deliveries"]["edges"]:
                    self.hidden[delivery["node"]["id"]] = f"Delivery of {label}"
        # Redeemed at s1, outside the keys' stores: `redemption(id)` does not show it to them either.
        self.hidden[self.redemptions["PARTIAL at s1"]] = "Redemption of PARTIAL at s1"
        self.hidden[self.base.job] = "Job of ADMIN"


async def build_walk_world(graphql: GraphQLClient, admin: Caller) -> WalkWorld:
    world = WalkWorld(await build_world(graphql, admin))
    base = world.base
    for scope in ("INSIDE", "PARTIAL", "OUTSIDE"):
        world.campaigns[f"{scope} NO_CODE"] = base.auto[scope]
        world.campaigns[f"{scope} SINGLE_CODE"] = base.coded[scope]
        world.codes[f"{scope} SINGLE_CODE"] = base.codes[scope]
        world.redemptions[f"{scope} NO_CODE"] = base.redemptions[scope]
        if scope != "OUTSIDE":
            world.inside |= {f"{scope} NO_CODE", f"{scope} SINGLE_CODE"}
    await world.call(
        "mutation U($i: CustomerUpsertInput!) { customerUpsert(input: $i) { __typename } }",
        {"i": {"sourceId": "shopper", **PERSONAL}},
    )
    rules = [{"id": "zone", "kind": "GEOFENCE", "geofence_ids": [base.geofence], "strict": False}]
    await world.campaign("PROJECT NO_CODE", [], validationRules=rules)
    await world.redeem("PROJECT NO_CODE", "n1", {"campaignId": world.campaigns["PROJECT NO_CODE"]})
    await world.campaign("PROJECT SINGLE_CODE", [], codeMode="SINGLE_CODE", code="CODE-PROJECT")
    await world.publish("PROJECT SINGLE_CODE")
    shared = await world.series_with_codes("Shared", 20)
    unique = {"codeMode": "UNIQUE_CODES", "codeSeriesId": shared}
    await world.campaign("INSIDE UNIQUE_CODES", ["n1"], **unique)
    await world.campaign("OUTSIDE UNIQUE_CODES", ["s1"], **unique)
    await world.campaign("OUTSIDE GIFT_CARD", ["s1"], kind="GIFT_CARD", reward={"giftAmount": 5000}, **unique)
    for label, store, extra in (
        ("INSIDE UNIQUE_CODES", "n1", {}),
        ("OUTSIDE UNIQUE_CODES", "s1", {}),
        ("OUTSIDE GIFT_CARD", "s1", {"giftAmount": 500}),
    ):
        code = await world.publish(label)
        await world.redeem(label, store, {"code": code, **extra})
    referrals = await world.series_with_codes("Referrals", 5)
    await world.campaign("INSIDE REFERRAL", ["n1"], kind="REFERRAL", codeMode="UNIQUE_CODES", codeSeriesId=referrals)
    await world.call(
        "mutation U($i: CustomerUpsertInput!) { customerUpsert(input: $i) { __typename } }",
        {"i": {"sourceId": "advocate", "email": "advocate@example.com", "phone": "+33 6 00 00 00 00"}},
    )
    referral = await world.publish("INSIDE REFERRAL", customer="advocate")
    await world.redeem("INSIDE REFERRAL", "n1", {"code": referral}, customer="friend")
    await world.redeem("PARTIAL at s1", "s1", {"campaignId": world.campaigns["PARTIAL NO_CODE"]})
    # Redeemed at n1 by ADMIN with an outside code refused there: the redemption is the keys' to see, the
    # outside code in its result is not.
    await world.redeem(
        "INSIDE NO_CODE with OUTSIDE code",
        "n1",
        {"campaignId": world.campaigns["INSIDE NO_CODE"]},
        {"code": world.codes["OUTSIDE SINGLE_CODE"]},
    )
    for scope, store in (("INSIDE", "n1"), ("OUTSIDE", "s1")):
        label = f"{scope} WALLET_POINTS"
        program = await world.campaign(label, [store], kind="WALLET_POINTS", reward={"points": 100})
        world.programs[label] = program
        await world.call(
            "mutation A($i: WalletAdjustInput!) { walletAdjust(input: $i) { __typename } }",
            {"i": {"program": program, "customer": {"sourceId": "shopper"}, "points": 1000, "reason": "welcome"}},
        )
        await world.redeem(label, store, {"wallet": {"program": program}, "points": 300})
    await world.call(
        "mutation T($i: EventTrackInput!) { eventTrack(input: $i) { __typename } }",
        {"i": {"customer": {"sourceId": "shopper"}, "name": "order_paid", "properties": {"amount": 1200}}},
    )
    for source_id in ("shopper", "advocate", "friend"):
        found = await world.call("query C($s: String!) { customer(sourceId: $s) { id } }", {"s": source_id})
        world.customers[source_id] = found["customer"]["id"]
    everyone = {"attribute": {"attribute": "sourceId", "op": "IN", "value": ["shopper", "advocate", "friend"]}}
    for name, kind, definition in (("Everyone", "FILTER", everyone), ("Hand-picked", "LIST", None)):
        made = await world.call(
            "mutation S($i: SegmentCreateInput!) { segmentCreate(input: $i) "
            "{ ... on SegmentSuccess { segment { id } } } }",
            {"i": {"name": name, "kind": kind, "definition": definition}},
        )
        world.segments[name] = made["segmentCreate"]["segment"]["id"]
    await world.call(
        'mutation M($id: ID!) { segmentMembersAdd(input: {segmentId: $id, sourceIds: ["shopper", "friend"]}) '
        "{ __typename } }",
        {"id": world.segments["Hand-picked"]},
    )
    await distribute(world)
    await world.read_hidden()
    return world


async def distribute(world: WalkWorld) -> None:
    """A CUSTOM_LIST campaign inside and one outside, each distributing unique codes to the hand-picked list
    (the shopper and a friend), run to their end in-process as the worker's cron would."""
    series = await world.series_with_codes("Distributed", 10)
    for label, store in (("INSIDE DISTRIBUTED", "n1"), ("OUTSIDE DISTRIBUTED", "s1")):
        campaign_id = await world.campaign(
            label,
            [store],
            codeMode="UNIQUE_CODES",
            codeSeriesId=series,
            targeting="CUSTOM_LIST",
            segmentId=world.segments["Hand-picked"],
        )
        made = await world.call(
            f"""mutation D($i: DistributionCreateInput!) {{ distributionCreate(input: $i) {{ __typename
              ... on DistributionCreateSuccess {{ distribution {{ id }} }} {ERROR} }} }}""",
            {"i": {"campaignId": campaign_id, "schedule": {"kind": "NOW"}}},
        )
        assert made["distributionCreate"]["__typename"] == "DistributionCreateSuccess", made
        world.distributions[label] = made["distributionCreate"]["distribution"]["id"]
    await runs.schedule_due()
    await runs.work(worker="walk", events=None, budget_seconds=60)
