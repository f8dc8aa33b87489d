"""A restricted key learns nothing about what exists outside its areas from refusals of names and codes."""

from __future__ import annotations

from app.access.models import Role
from tests.conftest import Caller, GraphQLClient
from tests.locations.chain import ERROR, build_chain

CREATE = f"""mutation C($i: CampaignCreateInput!) {{ campaignCreate(input: $i) {{ __typename {ERROR} }} }}"""


def campaign_input(name: str, code: str, store: str) -> dict[str, object]:
    return {
        "name": name,
        "kind": "DISCOUNT",
        "codeMode": "SINGLE_CODE",
        "code": code,
        "targeting": "OPEN",
        "currency": "EUR",
        "reward": {"discount": {"type": "AMOUNT", "amountOff": 100}},
        "access": [{"level": "STORE", "storeId": store}],
    }


async def test_taken_codes_and_names_are_unavailable_without_saying_why(graphql: GraphQLClient, admin: Caller) -> None:
    chain = await build_chain(graphql, admin)
    south = await graphql.data(
        CREATE, {"i": campaign_input("South deal", "SOUTH-10", chain.stores["s1"])}, caller=admin
    )
    assert south["campaignCreate"]["__typename"] == "CampaignCreateSuccess"
    manager = await chain.key(Role.MANAGER, "STORE:n1")
    for given, field in ((("North deal", "SOUTH-10"), "code"), (("South deal", "NORTH-10"), "name")):
        name, code = given
        refused = await graphql.data(CREATE, {"i": campaign_input(name, code, chain.stores["n1"])}, caller=manager)
        result = refused["campaignCreate"]
        assert (result["code"], result["field"]) == (f"{field.upper()}_UNAVAILABLE", field), result
        assert "SOUTH" not in result["message"]
        assert "South" not in result["message"]
    # An unrestricted key is told plainly.
    told = await graphql.data(CREATE, {"i": campaign_input("Other", "south-10", chain.stores["n1"])}, caller=admin)
    assert (told["campaignCreate"]["code"], told["campaignCreate"]["field"]) == ("CODE_TAKEN", "code")
