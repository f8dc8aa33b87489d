// Work in progress with progress bars: active distributions (distributionProgress) and exports being written
// (jobProgress; the API lists no other jobs).

import { graphql } from "./api.js";
import { element, showError } from "./shell.js";

const DISTRIBUTIONS = `{
  distributions(first: 100) {
    edges { node { id status campaign { name } runs(first: 1) { edges { node { status eligible rewarded skipped failed } } } } }
  }
}`;
const DISTRIBUTION_PROGRESS = `subscription DistributionProgress($distributionId: ID!) {
  distributionProgress(distributionId: $distributionId) { status eligible rewarded skipped failed }
}`;
const EXPORTS = `{ exports(first: 100) { edges { node { id object status job { id status total processed failed } } } } }`;
const JOB_PROGRESS = `subscription JobProgress($jobId: ID!) { jobProgress(jobId: $jobId) { status total processed failed } }`;
const EXPORTS_RUNNING = new Set(["QUEUED", "RUNNING"]);

export class WorkInProgress {
  constructor(live) {
    this.live = live;
    this.list = document.getElementById("work");
  }

  async load() {
    const [{ distributions }, { exports }] = await Promise.all([graphql(DISTRIBUTIONS), graphql(EXPORTS)]);
    const items = [
      ...distributions.edges
        .map((edge) => edge.node)
        .filter((distribution) => distribution.status === "ACTIVE")
        .map((distribution) => this.distributionItem(distribution)),
      ...exports.edges
        .map((edge) => edge.node)
        .filter((exported) => EXPORTS_RUNNING.has(exported.status) && exported.job)
        .map((exported) => this.exportItem(exported)),
    ];
    this.list.replaceChildren(...items);
    document.getElementById("work-empty").hidden = items.length > 0;
  }

  distributionItem(distribution) {
    const { item, show } = progressItem(`Distribution of ${distribution.campaign?.name ?? "a hidden campaign"}`);
    const runText = (run) => `${run.status}: ${run.rewarded} rewarded, ${run.skipped} skipped, ${run.failed} failed of ${run.eligible}`;
    const showRun = (run) => show(run ? run.rewarded + run.skipped + run.failed : null, run?.eligible, run ? runText(run) : "no run yet");
    showRun(distribution.runs.edges[0]?.node);
    this.live.subscribe(
      DISTRIBUTION_PROGRESS,
      { distributionId: distribution.id },
      ({ distributionProgress }) => showRun(distributionProgress),
      (message) => showError(`Distribution progress: ${message}`),
    );
    return item;
  }

  exportItem(exported) {
    const { item, show } = progressItem(`Export of ${exported.object}`);
    const showJob = (job) => show(job.processed, job.total, `${job.status}: ${job.processed} of ${job.total} (${job.failed} failed)`);
    showJob(exported.job);
    this.live.subscribe(
      JOB_PROGRESS,
      { jobId: exported.job.id },
      ({ jobProgress }) => showJob(jobProgress),
      (message) => showError(`Job progress: ${message}`),
    );
    return item;
  }
}

/** A list item with a progress bar; `show(done, total, text)` updates it (done null: indeterminate). */
function progressItem(title) {
  const item = element("li", `${title} `);
  const bar = document.createElement("progress");
  const label = element("small", "");
  item.append(bar, label);
  const show = (done, total, text) => {
    if (done === null) {
      bar.removeAttribute("value");
    } else {
      bar.max = Math.max(total, 1);
      bar.value = done;
    }
    label.textContent = ` ${text}`;
  };
  return { item, show };
}
