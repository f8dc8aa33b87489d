// The live board: campaigns with status, kind, targeting and inventory left, kept current by subscriptions.

import { graphql } from "./api.js";
import { WorkInProgress } from "./progress.js";
import { LiveConnection } from "./live.js";
import { element, showError, showViewer, withKey } from "./shell.js";

const PAGE_SIZE = 100; // the API's largest page
const CAMPAIGNS = `query Board($after: String) {
  campaigns(first: ${PAGE_SIZE}, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id name status kind targeting inventoryLimit publishedCount inBin codeSeries { id } } }
  }
}`;
const STATUS_CHANGED = `subscription StatusChanged {
  campaignStatusChanged { campaignId campaignName newStatus inBin deleted }
}`;
const INVENTORY_ALERTS = `subscription Inventory($campaignId: ID!) {
  inventoryAlerts(campaignId: $campaignId) { kind available threshold at }
}`;

class Board {
  constructor(live) {
    this.live = live;
    this.rows = new Map(); // campaign id → {row, stopAlerts}
    this.body = document.getElementById("campaign-rows");
    this.reloading = null;
  }

  async load() {
    const campaigns = [];
    let after = null;
    do {
      const { campaigns: page } = await graphql(CAMPAIGNS, { after });
      campaigns.push(...page.edges.map((edge) => edge.node));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    for (const { stopAlerts } of this.rows.values()) {
      stopAlerts?.();
    }
    this.rows.clear();
    this.body.replaceChildren(...campaigns.map((campaign) => this.rowOf(campaign)));
    document.getElementById("campaign-count").textContent = `${campaigns.length} campaign(s)`;
  }

  /** Reload once for any number of changes about campaigns not on the board yet. */
  reloadSoon() {
    this.reloading ??= window.setTimeout(() => {
      this.reloading = null;
      this.load().catch(showError);
    }, 300);
  }

  rowOf(campaign) {
    const row = document.createElement("tr");
    row.dataset.campaignId = campaign.id;
    const status = element("td", campaign.inBin ? `${campaign.status} (bin)` : campaign.status);
    status.className = `status status-${campaign.status}`;
    const left = campaign.inventoryLimit === null ? "unlimited" : String(campaign.inventoryLimit - campaign.publishedCount);
    const inventory = element("td", left, "inventory");
    row.append(element("td", campaign.name, "name"), status, element("td", campaign.kind), element("td", campaign.targeting), inventory);
    let stopAlerts = null;
    if (campaign.inventoryLimit !== null || campaign.codeSeries) {
      stopAlerts = this.live.subscribe(
        INVENTORY_ALERTS,
        { campaignId: campaign.id },
        ({ inventoryAlerts: alert }) => {
          inventory.textContent = `${alert.available} (${alert.kind})`;
          flash(inventory);
        },
        (message) => showError(`Inventory alerts of ${campaign.name}: ${message}`),
      );
    }
    this.rows.set(campaign.id, { row, stopAlerts });
    return row;
  }

  statusChanged(event) {
    const entry = this.rows.get(event.campaignId);
    if (!entry) {
      this.reloadSoon();
      return;
    }
    if (event.deleted) {
      entry.stopAlerts?.();
      entry.row.remove();
      this.rows.delete(event.campaignId);
      return;
    }
    const cell = entry.row.querySelector(".status");
    cell.textContent = event.inBin ? `${event.newStatus} (bin)` : event.newStatus;
    cell.className = `status status-${event.newStatus}`;
    flash(cell);
  }
}

function flash(cell) {
  cell.classList.remove("flash");
  void cell.offsetWidth; // restart the animation
  cell.classList.add("flash");
}

async function main() {
  await withKey();
  showViewer();
  const state = document.getElementById("live-state");
  let board = null;
  const live = new LiveConnection((liveState, detail) => {
    state.textContent = liveState === "ready" ? "live" : detail ? `${liveState}: ${detail}` : liveState;
    document.body.dataset.live = liveState;
    if (liveState === "ready" && board) {
      board.reloadSoon(); // catch up with what changed while disconnected
    }
  });
  board = new Board(live);
  live.subscribe(STATUS_CHANGED, {}, ({ campaignStatusChanged }) => board.statusChanged(campaignStatusChanged), (message) =>
    showError(`Campaign status: ${message}`),
  );
  await Promise.all([board.load().catch(showError), new WorkInProgress(live).load().catch(showError)]);
  document.body.dataset.ready = "true";
}

main().catch(showError);
