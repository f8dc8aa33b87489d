"""What the graph walk asserts about each answer a key gets.

A `Walker` reads every answer one key received and records, with the path it was found at:

- hidden objects: any string in the answer (ids, codes, names, also inside JSON) that belongs to a
  campaign, code, publication, redemption or job the key may not reach (the key's own input echoed
  back, e.g. the code it asked `validate` about, is not a leak);
- object types the role may not read (ApiKey, CodeSeries, Area, Store, Geofence, Category);
- customers' personal fields answered to a role without CUSTOMERS_READ, and so are an event's properties
  and a customer's event history (`customer { events }`);
- errors other than NOT_FOUND and PERMISSION_DENIED (an invalid generated document among them);
- every campaign, code and redemption met, to ask its own root field afterwards: an edge must never
  hand a key what `campaign(id:)`, `code(code:)` or `redemption(id:)` answer NOT_FOUND to.

For unrestricted keys the hidden objects are not leaks: the walker counts them instead (positive control).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from app.access.models import Permission

P = Permission
READ_NEEDS = {
    "ApiKey": P.API_KEYS_READ,
    "CodeSeries": P.PROJECT_READ,
    "Area": P.SETTINGS_READ,
    "Store": P.SETTINGS_READ,
    "Geofence": P.SETTINGS_READ,
    "Category": P.SETTINGS_READ,
}
OWN_KEY_PATH = ("viewer", "apiKey")  # a key may always read itself
PERSONAL_FIELDS = ("name", "email", "phone", "metadata", "latitude", "longitude")
ALLOWED_ERRORS = {"NOT_FOUND", "PERMISSION_DENIED"}
# Objects with a root field of their own: (root field, identifying field, its argument type).
ROOTS = {
    "Campaign": ("campaign", "id", "ID!"),
    "Code": ("code", "code", "String!"),
    "Redemption": ("redemption", "id", "ID!"),
}
WRAPPERS = ("Connection", "Edge", "Success", "Refused", "Error")
CUSTOMER_FACING = ("Campaign ", "name of Campaign ", "Code of ", "Wallet of ")

Path = tuple[str, ...]


def objects(value: Any, path: Path = (), depth: int = 0) -> Iterator[tuple[Path, dict[str, Any], int]]:
    """Every object in an answer with its path and how many objects (not wrappers) lie above it."""
    if isinstance(value, dict):
        if "__typename" in value:
            yield path, value, depth
            if not value["__typename"].endswith(WRAPPERS):
                depth += 1
        for key, item in value.items():
            yield from objects(item, (*path, key), depth)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from objects(item, (*path, str(index)), depth)


def strings(value: Any, path: Path = ()) -> Iterator[tuple[Path, str]]:
    """Every string in an answer, JSON values included."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from strings(item, (*path, str(index)))


def dotted(path: Path) -> str:
    return ".".join(path)


@dataclass
class Walker:
    """Everything one key met in the walk, and what it should not have."""

    role: str
    grants: set[Permission]
    hidden: dict[str, str]  # value -> what it is (objects restricted keys may not reach)
    restricted: bool
    # CLIENT keys: they reach campaigns (any: they are project-wide) and the named customer's codes and
    # wallets through validate, qualifications, campaignsAt and wallet, but no other hidden object,
    # and the roots of those campaigns and codes refuse them for lack of CAMPAIGNS_READ.
    customer_facing: bool = False
    problems: dict[str, list[str]] = field(default_factory=dict)  # what went wrong -> where (call and path)
    met_hidden: set[str] = field(default_factory=set)  # unrestricted keys: hidden objects reached
    met: dict[tuple[str, str], str] = field(default_factory=dict)  # (type, id or code) -> first call and path
    through_edges: set[tuple[str, str]] = field(default_factory=set)  # met below another object
    personal: int = 0  # customers answered with personal data
    history: int = 0  # events answered through `customer { events }`

    def report(self) -> list[str]:
        """One line per kind of problem: how often, and the first place it happened."""
        return [f"{self.role}: {what} ({len(where)}×, first in {where[0]})" for what, where in self.problems.items()]

    def _problem(self, what: str, where: str) -> None:
        places = self.problems.setdefault(what, [])
        if where not in places:
            places.append(where)

    def inspect(self, call: str, payload: dict[str, Any], own_input: set[str]) -> None:
        for error in payload.get("errors") or []:
            code = (error.get("extensions") or {}).get("code")
            if code not in ALLOWED_ERRORS:
                where = dotted(tuple(str(p) for p in error.get("path") or ()))
                self._problem(f"error {code}: {error.get('message')}", f"{call} at {where or 'the document'}")
        data = payload.get("data") or {}
        for path, value in strings(data):
            if value not in own_input:
                self._hidden(call, path, value)
        for path, found, depth in objects(data):
            self._object(call, path, found, depth)

    def _hidden(self, call: str, path: Path, value: str) -> None:
        what = self.hidden.get(value)
        if what is None:
            return
        if self.restricted and not (self.customer_facing and what.startswith(CUSTOMER_FACING)):
            self._problem(f"{what} reached", f"{call} at {dotted(path)}")
        else:
            self.met_hidden.add(what)

    def _object(self, call: str, path: Path, found: dict[str, Any], depth: int) -> None:
        type_name = found["__typename"]
        where = f"{call} at {dotted(path)}"
        needed = READ_NEEDS.get(type_name)
        if needed is not None and needed not in self.grants and path != OWN_KEY_PATH:
            self._problem(f"{type_name} answered without {needed.value}", where)
        if type_name == "Customer":
            answered = [name for name in PERSONAL_FIELDS if found.get(name) is not None]
            if answered and P.CUSTOMERS_READ not in self.grants:
                self._problem(f"Customer {', '.join(answered)} answered without CUSTOMERS_READ", where)
            self.personal += bool(answered)
        if type_name == "CustomerEvent":
            through_history = "events" in path
            if P.CUSTOMERS_READ not in self.grants and (through_history or found.get("properties") is not None):
                self._problem("CustomerEvent history or properties answered without CUSTOMERS_READ", where)
            self.history += through_history
        identifier = "code" if type_name == "Code" else "id"
        if isinstance(found.get(identifier), str):  # an object returned, even the one asked for by id
            self._hidden(call, (*path, identifier), found[identifier])
        if type_name in ROOTS:
            identity = (type_name, found[ROOTS[type_name][1]])
            self.met.setdefault(identity, where)
            if depth > 0:
                self.through_edges.add(identity)

    def root_lookups(self) -> Iterator[tuple[tuple[str, str], str, dict[str, Any]]]:
        """For every campaign, code and redemption met: a request of its own root field.

        One request each: those roots are non-null, so the first refusal would hide the others' answers.
        """
        for type_name, value in sorted(self.met):
            root, argument, argument_type = ROOTS[type_name]
            query = f"query Root($v: {argument_type}) {{ {root}({argument}: $v) {{ __typename }} }}"
            yield (type_name, value), query, {"v": value}

    def check_root(self, identity: tuple[str, str], payload: dict[str, Any]) -> None:
        """An object the walk reached must be one its own root field answers."""
        for error in payload.get("errors") or []:
            type_name, value = identity
            code = (error.get("extensions") or {}).get("code")
            if self.customer_facing and code == "PERMISSION_DENIED":
                continue
            self._problem(
                f"{type_name} {self.hidden.get(value, value)!r} reached, but {ROOTS[type_name][0]}(…) answers {code}",
                self.met[identity],
            )
