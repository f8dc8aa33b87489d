"""Failures of the geofences domain."""

from __future__ import annotations

from app.core.errors import Conflict, NotFound


class GeofenceNotFound(NotFound):
    """No such geofence."""


class GeofenceNameTaken(Conflict):
    """Another geofence has this name."""

    code = "NAME_TAKEN"


class GeofenceInUse(Conflict):
    """Stores still use the geofence."""

    code = "STILL_IN_USE"


class GeofenceChanged(Conflict):
    """The geofence changed since the caller read it."""

    code = "GEOFENCE_CHANGED"
