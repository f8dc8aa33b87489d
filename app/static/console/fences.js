// Geofences on the map: those in view (fetched per viewport), drawn ones saved, edited ones updated, deleted.

import { ERROR_FIELDS, graphql, succeeded } from "./api.js";
import { nearLongitude, polygonLatLngs, shapeInput, viewportOf } from "./geometry.js";
import { showError } from "./shell.js";

const L = window.L;
const IN_VIEW = `query FencesInView($viewport: ViewportInput) { geofencesFeatureCollection(viewport: $viewport) }`;
const SAVED = `__typename ... on GeofenceSuccess { geofence { id name } } ${ERROR_FIELDS}`;
const CREATE = `mutation FenceCreate($input: GeofenceInput!) { geofenceCreate(input: $input) { ${SAVED} } }`;
const UPDATE = `mutation FenceUpdate($id: ID!, $input: GeofenceInput!, $expectedUpdatedAt: DateTime) {
  geofenceUpdate(id: $id, input: $input, expectedUpdatedAt: $expectedUpdatedAt) { ${SAVED} } }`;
const DELETE = `mutation FenceDelete($id: ID!) { geofenceDelete(id: $id) {
  __typename ... on GeofenceDeleteSuccess { id } ${ERROR_FIELDS} } }`;
const STYLE = { color: "#7b2cbf", weight: 2, fillOpacity: 0.15 };
const SELECTED_STYLE = { color: "#e85d04", weight: 3, fillOpacity: 0.25 };

export class Fences {
  constructor(map) {
    this.map = map;
    this.group = L.featureGroup().addTo(map);
    this.selected = null; // {layer, id (null for a drawing not saved yet)}
    this.latestLoad = 0;
    this.form = document.getElementById("fence-form");
    this.nameInput = document.getElementById("fence-name");
    this.status = document.getElementById("fence-status");
    map.on("moveend", () => this.load());
    map.on("pm:create", ({ layer }) => this.startDrawing(layer));
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.save();
    });
    document.getElementById("fence-edit").addEventListener("click", () => this.toggleEditing());
    document.getElementById("fence-delete").addEventListener("click", () => this.remove());
    document.getElementById("fence-cancel").addEventListener("click", () => {
      this.deselect();
      this.load(); // the stored shapes again, also those changed by others meanwhile
    });
  }

  /** Fetch the geofences in view and draw them (not while one is being drawn or edited). */
  async load() {
    if (this.selected && (this.selected.id === null || this.selected.layer.pm.enabled())) {
      return;
    }
    const load = ++this.latestLoad;
    this.map.getContainer().dataset.loading = "true";
    try {
      const data = await graphql(IN_VIEW, { viewport: viewportOf(this.map) });
      if (load !== this.latestLoad) {
        return;
      }
      const selectedId = this.selected?.id;
      this.deselect();
      this.group.clearLayers();
      const centre = this.map.getCenter().lng;
      for (const feature of data.geofencesFeatureCollection.features) {
        const layer = this.layerOf(feature, centre);
        layer.fenceId = feature.properties.id;
        layer.fenceName = feature.properties.name;
        layer.fenceUpdatedAt = feature.properties.updatedAt; // a change by someone else since is a conflict
        layer.bindTooltip(feature.properties.name);
        layer.on("click", () => this.select(layer));
        this.group.addLayer(layer);
        if (layer.fenceId === selectedId) {
          this.select(layer);
        }
      }
      this.map.getContainer().dataset.geofences = String(this.group.getLayers().length);
    } catch (error) {
      showError(error);
    } finally {
      if (load === this.latestLoad) {
        delete this.map.getContainer().dataset.loading;
      }
    }
  }

  layerOf(feature, centre) {
    const { geometry, properties } = feature;
    if (geometry.type === "Point") {
      const [longitude, latitude] = geometry.coordinates;
      return L.circle([latitude, nearLongitude(longitude, centre)], { ...STYLE, radius: properties.radius });
    }
    return L.polygon(polygonLatLngs(geometry, centre), STYLE);
  }

  startDrawing(layer) {
    this.deselect();
    this.selected = { layer, id: null };
    layer.setStyle(SELECTED_STYLE);
    this.showForm("", "New geofence: name it and save.");
    this.nameInput.focus();
  }

  select(layer) {
    if (this.selected?.layer === layer) {
      return;
    }
    this.deselect();
    this.selected = { layer, id: layer.fenceId };
    layer.setStyle(SELECTED_STYLE);
    this.showForm(layer.fenceName, "Rename it, or edit its shape, then save.");
  }

  showForm(name, hint) {
    this.form.hidden = false;
    this.nameInput.value = name;
    document.getElementById("fence-delete").hidden = this.selected.id === null;
    document.getElementById("fence-edit").hidden = false;
    this.status.textContent = hint;
  }

  /** Forget the selection: a drawing not saved is discarded, an edited shape goes back to the stored one. */
  deselect() {
    if (!this.selected) {
      return;
    }
    const { layer, id } = this.selected;
    const edited = layer.pm.enabled();
    layer.pm.disable();
    this.selected = null;
    this.form.hidden = true;
    if (id === null) {
      layer.remove();
    } else {
      layer.setStyle(STYLE);
      if (edited) {
        this.load();
      }
    }
  }

  toggleEditing() {
    const { layer } = this.selected;
    if (layer.pm.enabled()) {
      layer.pm.disable();
    } else {
      layer.pm.enable({ allowSelfIntersection: false });
      this.status.textContent = "Drag the vertices, then save.";
    }
  }

  async save() {
    const { layer, id } = this.selected;
    const input = { name: this.nameInput.value.trim(), ...shapeInput(layer) };
    this.status.textContent = "Saving…";
    try {
      if (id === null) {
        const { geofenceCreate } = await graphql(CREATE, { input });
        this.selected.id = succeeded(geofenceCreate, "GeofenceSuccess").geofence.id;
      } else {
        const { geofenceUpdate } = await graphql(UPDATE, { id, input, expectedUpdatedAt: layer.fenceUpdatedAt });
        succeeded(geofenceUpdate, "GeofenceSuccess");
      }
    } catch (error) {
      this.status.textContent = `Not saved: ${error.message}`;
      if (error.message.startsWith("GEOFENCE_CHANGED")) {
        this.status.textContent += " Cancel shows the stored version.";
      }
      showError(error);
      return;
    }
    layer.pm.disable();
    this.status.textContent = `Saved “${input.name}”.`;
    if (id === null) {
      this.group.addLayer(layer); // drawn by the plugin on the map: keep it with the others until reloaded
      layer.fenceId = this.selected.id;
      layer.fenceName = input.name;
    }
    this.form.hidden = true;
    layer.setStyle(STYLE);
    this.selected = null;
    await this.load();
    this.status.textContent = `Saved “${input.name}”.`;
  }

  async remove() {
    const { id, layer } = this.selected;
    if (!window.confirm(`Delete the geofence “${layer.fenceName}”?`)) {
      return;
    }
    try {
      const { geofenceDelete } = await graphql(DELETE, { id });
      succeeded(geofenceDelete, "GeofenceDeleteSuccess");
    } catch (error) {
      this.status.textContent = `Not deleted: ${error.message}`;
      showError(error);
      return;
    }
    layer.pm.disable();
    this.selected = null;
    this.form.hidden = true;
    await this.load();
    this.status.textContent = "Deleted.";
  }
}
