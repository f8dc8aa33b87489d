// Shapes between Leaflet (which happily draws past ±180°) and the API (longitudes in [-180, 180], polygons
// across the antimeridian given as a MultiPolygon split at ±180°).

const L = window.L;

export function wrapLongitude(longitude) {
  return ((((longitude + 180) % 360) + 360) % 360) - 180;
}

/** The viewport argument for the map's visible box (null: the whole world is visible). */
export function viewportOf(map) {
  const bounds = map.getBounds();
  if (bounds.getEast() - bounds.getWest() >= 360) {
    return null;
  }
  const clampLatitude = (latitude) => Math.max(-90, Math.min(90, latitude));
  return {
    south: clampLatitude(bounds.getSouth()),
    north: clampLatitude(bounds.getNorth()),
    west: wrapLongitude(bounds.getWest()),
    east: wrapLongitude(bounds.getEast()),
  };
}

/** The `circle` or `polygon` part of a GeofenceInput for a drawn or edited layer. */
export function shapeInput(layer) {
  if (layer instanceof L.Circle) {
    const centre = layer.getLatLng();
    return { circle: { latitude: centre.lat, longitude: wrapLongitude(centre.lng), radiusMeters: layer.getRadius() } };
  }
  const geometry = layer.toGeoJSON(12).geometry;
  const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
  const parts = polygons.flatMap(splitAtAntimeridian);
  return { polygon: parts.length === 1 ? { type: "Polygon", coordinates: parts[0] } : { type: "MultiPolygon", coordinates: parts } };
}

/** One polygon (rings of [lng, lat]) as one or two polygons inside [-180, 180]. */
function splitAtAntimeridian(rings) {
  const longitudes = rings[0].map(([longitude]) => longitude);
  const shift = -360 * Math.floor((Math.min(...longitudes) + 180) / 360);
  const shifted = rings.map((ring) => ring.map(([longitude, latitude]) => [longitude + shift, latitude]));
  if (Math.max(...longitudes) + shift <= 180) {
    return [shifted];
  }
  const west = clipPolygon(shifted, (longitude) => longitude <= 180);
  const east = clipPolygon(shifted, (longitude) => longitude >= 180).map((ring) =>
    ring.map(([longitude, latitude]) => [longitude - 360, latitude]),
  );
  return [west, east].filter((polygon) => polygon.length > 0);
}

/** A polygon clipped to one side of the 180° meridian (Sutherland–Hodgman); empty when its outer ring is. */
function clipPolygon([outer, ...holes], inside) {
  const clippedOuter = clipRing(outer, inside);
  if (clippedOuter.length === 0) {
    return [];
  }
  return [clippedOuter, ...holes.map((ring) => clipRing(ring, inside)).filter((ring) => ring.length > 0)];
}

function clipRing(ring, inside) {
  const open = ring.slice(0, -1);
  const result = [];
  open.forEach((current, index) => {
    const previous = open[(index + open.length - 1) % open.length];
    const crossing = () => {
      const fraction = (180 - previous[0]) / (current[0] - previous[0]);
      return [180, previous[1] + fraction * (current[1] - previous[1])];
    };
    if (inside(current[0])) {
      if (!inside(previous[0])) {
        result.push(crossing());
      }
      result.push(current);
    } else if (inside(previous[0])) {
      result.push(crossing());
    }
  });
  return result.length >= 3 ? [...result, result[0]] : [];
}

/** Leaflet lat/lngs of a stored Polygon/MultiPolygon, drawn whole across ±180° and near `centreLongitude`. */
export function polygonLatLngs(geometry, centreLongitude) {
  const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
  // Parts touching -180° are the eastern halves of shapes split at the antimeridian: draw them past +180°.
  const joined = polygons.map((rings) =>
    rings[0].some(([longitude]) => longitude === -180)
      ? rings.map((ring) => ring.map(([longitude, latitude]) => [longitude + 360, latitude]))
      : rings,
  );
  const longitudes = joined.flatMap((rings) => rings[0].map(([longitude]) => longitude));
  const middle = (Math.min(...longitudes) + Math.max(...longitudes)) / 2;
  const shift = 360 * Math.round((centreLongitude - middle) / 360);
  return joined.map((rings) => rings.map((ring) => ring.slice(0, -1).map(([lng, lat]) => [lat, lng + shift])));
}

/** A longitude moved by whole turns to be nearest `centreLongitude` (the copy of the world in view). */
export function nearLongitude(longitude, centreLongitude) {
  return longitude + 360 * Math.round((centreLongitude - longitude) / 360);
}
