// The map page: world outlines (vendored, offline), geofences in view, stores, offers at a clicked point.

import { graphql } from "./api.js";
import { Fences } from "./fences.js";
import { nearLongitude } from "./geometry.js";
import { showOffersAt } from "./offers.js";
import { showError, showViewer, withKey } from "./shell.js";

const L = window.L;
const COUNTRIES_URL = "/static/vendor/console/countries-110m.json";
const STORES = `{ stores { id name latitude longitude geofence { name } } }`;
const DEFAULT_VIEW = { zoom: 2, lat: 20, lng: 0 };

/** The view in the address (`#zoom/lat/lng`), so that a view can be shared and reopened. */
function viewFromHash() {
  const [zoom, lat, lng] = window.location.hash.slice(1).split("/").map(Number);
  return [zoom, lat, lng].every(Number.isFinite) ? { zoom, lat, lng } : DEFAULT_VIEW;
}

async function drawCountries(map) {
  const response = await fetch(COUNTRIES_URL);
  const topology = await response.json();
  const countries = window.topojson.feature(topology, topology.objects.countries);
  for (const { geometry } of countries.features) {
    const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
    polygons.forEach((rings) => rings.forEach((ring, index) => (rings[index] = unwrapRing(ring))));
  }
  const renderer = L.canvas();
  // Three copies of the world, so that panning past ±180° (and shapes drawn across it) keep their land.
  for (const offset of [-360, 0, 360]) {
    L.geoJSON(countries, {
      pmIgnore: true,
      interactive: false,
      renderer,
      style: { color: "#6c757d", weight: 0.6, fillColor: "#e9ecef", fillOpacity: 1 },
      coordsToLatLng: ([longitude, latitude]) => L.latLng(latitude, longitude + offset),
    }).addTo(map);
  }
}

/**
 * A ring with no jump of more than 180° between neighbours (Russia and Fiji cross ±180°: drawn as stored, they
 * would streak across the world). A ring around a pole (Antarctica) cannot close that way and stays as it is.
 */
function unwrapRing(ring) {
  const unwrapped = [ring[0]];
  for (const [longitude, latitude] of ring.slice(1)) {
    const previous = unwrapped[unwrapped.length - 1][0];
    unwrapped.push([longitude - 360 * Math.round((longitude - previous) / 360), latitude]);
  }
  const closes = Math.abs(unwrapped[unwrapped.length - 1][0] - unwrapped[0][0]) < 1e-9;
  return closes ? unwrapped : ring;
}

async function drawStores(map) {
  const { stores } = await graphql(STORES);
  const centre = map.getCenter().lng;
  map.createPane("stores").style.zIndex = 450; // above the geofences, so that a store inside its own is clickable
  for (const store of stores.filter((store) => store.latitude !== null && store.longitude !== null)) {
    const marker = L.circleMarker([store.latitude, nearLongitude(store.longitude, centre)], {
      pane: "stores",
      pmIgnore: true,
      bubblingMouseEvents: false,
      radius: 6,
      color: "#1d3557",
      fillColor: "#457b9d",
      fillOpacity: 0.9,
    });
    marker.bindTooltip(store.geofence ? `${store.name} · geofence ${store.geofence.name}` : store.name);
    marker.on("click", () => showOffersAt(marker.getLatLng(), store));
    marker.addTo(map);
  }
}

async function main() {
  await withKey();
  showViewer();
  const view = viewFromHash();
  const map = L.map("map", { minZoom: 1, worldCopyJump: false }).setView([view.lat, view.lng], view.zoom);
  map.pm.setGlobalOptions({ allowSelfIntersection: false });
  map.pm.addControls({
    position: "topleft",
    drawMarker: false,
    drawCircleMarker: false,
    drawPolyline: false,
    drawText: false,
    cutPolygon: false,
    rotateMode: false,
    dragMode: false,
    editMode: false,
    removalMode: false,
  });
  map.on("moveend", () => {
    const centre = map.getCenter();
    const hash = `#${map.getZoom()}/${centre.lat.toFixed(5)}/${centre.lng.toFixed(5)}`;
    window.history.replaceState(null, "", hash);
  });
  map.on("click", (event) => {
    if (!map.pm.globalDrawModeEnabled()) {
      showOffersAt(event.latlng);
    }
  });
  const fences = new Fences(map);
  await Promise.all([
    drawCountries(map).catch(showError),
    drawStores(map).catch(showError),
    fences.load(),
  ]);
  document.body.dataset.ready = "true";
}

main().catch(showError);
