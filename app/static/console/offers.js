// "Offers here": the active campaigns whose geofence rules admit a clicked point (campaignsAt).

import { graphql } from "./api.js";
import { element, showError } from "./shell.js";
import { wrapLongitude } from "./geometry.js";

const CAMPAIGNS_AT = `query OffersHere($latitude: Float!, $longitude: Float!, $storeId: ID) {
  campaignsAt(latitude: $latitude, longitude: $longitude, storeId: $storeId) { id name kind status }
}`;

let latestAsk = 0;

/** List the offers at `latlng` (for `store` when a store marker was clicked) in the side panel. */
export async function showOffersAt(latlng, store = null) {
  const ask = ++latestAsk;
  const list = document.getElementById("offers");
  const where = document.getElementById("offers-where");
  const longitude = wrapLongitude(latlng.lng);
  const place = `${latlng.lat.toFixed(5)}, ${longitude.toFixed(5)}`;
  where.textContent = store ? `At ${store.name} (${place}) …` : `At ${place} …`;
  list.replaceChildren();
  try {
    const variables = { latitude: latlng.lat, longitude, storeId: store?.id ?? null };
    const { campaignsAt } = await graphql(CAMPAIGNS_AT, variables);
    if (ask !== latestAsk) {
      return;
    }
    where.textContent = `${store ? `At ${store.name} (${place})` : `At ${place}`}: ${campaignsAt.length} offer(s)`;
    for (const campaign of campaignsAt) {
      const item = element("li", campaign.name);
      item.append(element("small", ` ${campaign.kind} · ${campaign.status}`));
      list.append(item);
    }
  } catch (error) {
    where.textContent = `At ${place}: the offers could not be read.`;
    showError(error);
  }
}
