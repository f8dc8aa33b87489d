// Distributions with a run in progress, with progress bars fed by distributionProgress.

import { graphql } from "./api.js";
import { element, showError } from "./shell.js";

const DISTRIBUTIONS = `{
  distributions(first: 100) {
    edges { node { id status campaign { name } runs(first: 1) { edges { node { id status eligible rewarded skipped failed } } } } }
  }
}`;
const PROGRESS = `subscription Progress($distributionId: ID!) {
  distributionProgress(distributionId: $distributionId) { runId status eligible rewarded skipped failed }
}`;

export class Distributions {
  constructor(live) {
    this.live = live;
    this.list = document.getElementById("distributions");
  }

  async load() {
    const { distributions } = await graphql(DISTRIBUTIONS);
    const active = distributions.edges.map((edge) => edge.node).filter((distribution) => distribution.status === "ACTIVE");
    this.list.replaceChildren(...active.map((distribution) => this.itemOf(distribution)));
    document.getElementById("distributions-empty").hidden = active.length > 0;
  }

  itemOf(distribution) {
    const item = element("li", `${distribution.campaign?.name ?? "(campaign hidden)"} `);
    const bar = document.createElement("progress");
    const label = element("small", "");
    item.append(bar, label);
    const show = (run) => {
      if (!run) {
        label.textContent = " no run yet";
        bar.removeAttribute("value");
        return;
      }
      const done = run.rewarded + run.skipped + run.failed;
      bar.max = Math.max(run.eligible, 1);
      bar.value = done;
      label.textContent = ` ${run.status}: ${run.rewarded} rewarded, ${run.skipped} skipped, ${run.failed} failed of ${run.eligible}`;
    };
    show(distribution.runs.edges[0]?.node ?? null);
    this.live.subscribe(
      PROGRESS,
      { distributionId: distribution.id },
      ({ distributionProgress }) => show(distributionProgress),
      (message) => showError(`Distribution progress: ${message}`),
    );
    return item;
  }
}
