// The cluster beside the claim under review: who else reports it, from which origins, and the
// links an analyst can confirm or reject. Decisions of other reports are offered, never applied:
// "Apply" only presses the page's own decision button, so the analyst still decides.
"use strict";
(function () {
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const box = document.getElementById("corroboration");
  if (!box) return;
  let currentId = null;

  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  async function load(claimId) {
    let response;
    try {
      response = await fetch("/review/api/claims/" + claimId + "/corroboration", { credentials: "same-origin" });
    } catch (err) {
      return { status: 0, body: { message: "Could not reach the server." } };
    }
    let body = {};
    try { body = await response.json(); } catch (err) { body = {}; }
    return { status: response.status, body: body };
  }

  async function decideLink(link, status) {
    const response = await fetch("/review/api/links/" + link.id, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
      body: JSON.stringify({ status: status, version: link.version }),
    });
    let body = {};
    try { body = await response.json(); } catch (err) { body = {}; }
    const note = box.querySelector(".corr-message");
    note.textContent = response.status === 200 ? "Link " + status + "." : (body.message || "Could not save that.");
    note.classList.toggle("error", response.status !== 200);
    if (response.status === 200 || response.status === 412) refresh(currentId, note.textContent);
  }

  function offer(item) {
    // Press the page's own button: confirmation and inconclusive go through the usual decision
    // (version check, history); a dispute opens the note form, pre-filled, for the analyst to send.
    const key = { confirmed: "c", inconclusive: "i", disputed: "d" }[item.status];
    const button = key && document.querySelector('button[data-key="' + key + '"]');
    if (!button) return null;
    const apply = el("button", "Apply " + item.status, "corr-apply");
    apply.type = "button";
    apply.addEventListener("click", () => {
      button.click();
      const note = document.getElementById("note");
      if (item.status === "disputed" && note) note.value = "Disputed elsewhere (claim " + item.claim_id + ")";
    });
    return apply;
  }

  function render(view, message) {
    box.replaceChildren();
    box.appendChild(el("h2", "Corroboration"));
    const others = view.reports.length - 1;
    box.appendChild(el("p", others
      ? view.reports.length + " reports · " + view.independent_origins + " independent origin" + (view.independent_origins === 1 ? "" : "s")
      : "No other document reports this claim.", "corr-summary"));
    if (others) {
      box.appendChild(el("p", "Origins: " + view.origins.map((o) => o.name + (o.reports > 1 ? " ×" + o.reports : "")).join(", "), "corr-origins"));
    }
    if (view.circular) {
      const repeated = view.origins.filter((o) => o.reports > 1).map((o) => o.reports + " reports rest on " + o.name);
      box.appendChild(el("p", "Circular: " + repeated.join("; ") + ".", "flag circular"));
    }
    if (view.disputed_elsewhere) box.appendChild(el("p", "Disputed elsewhere.", "flag disputed"));
    if (view.suggested_credibility) {
      box.appendChild(el("p", "Suggested credibility " + view.suggested_credibility + ": confirmed by other sources.", "flag"));
    }
    const byOther = {};
    for (const link of view.links) {
      const other = link.claim_ids[0] === view.claim_id ? link.claim_ids[1] : link.claim_ids[0];
      byOther[other] = link;
    }
    const list = el("ul", null, "reports");
    for (const report of view.reports) {
      const item = el("li");
      const link = el("a", report.outlet || "document " + report.document_id);
      link.href = "/review/claims/" + report.claim_id;
      item.appendChild(link);
      item.appendChild(document.createTextNode(" — origin "));
      item.appendChild(el("strong", report.origin));
      item.appendChild(document.createTextNode(" · " + report.status +
        (report.claim_id === view.claim_id ? " · this claim" : " · score " + report.score.toFixed(2))));
      item.appendChild(el("div", report.text, "report-text"));
      const direct = byOther[report.claim_id];
      if (direct) {
        const tools = el("div", "Link " + direct.status + ": ", "corr-tools");
        for (const status of ["confirmed", "rejected"]) {
          if (direct.status === status) continue;
          const button = el("button", status === "confirmed" ? "Same claim" : "Not the same");
          button.type = "button";
          button.addEventListener("click", () => decideLink(direct, status));
          tools.appendChild(button);
        }
        item.appendChild(tools);
      }
      list.appendChild(item);
    }
    box.appendChild(list);
    // Rejected links no longer tie a report in; show them so a rejection can be undone.
    for (const link of view.links) {
      if (link.status !== "rejected") continue;
      const other = link.claim_ids[0] === view.claim_id ? link.claim_ids[1] : link.claim_ids[0];
      const row = el("p", "Rejected match: claim " + other + " ", "corr-rejected");
      const button = el("button", "Same claim after all");
      button.type = "button";
      button.addEventListener("click", () => decideLink(link, "confirmed"));
      row.appendChild(button);
      box.appendChild(row);
    }
    if (view.offers.length) {
      box.appendChild(el("h2", "Decisions elsewhere in the cluster"));
      for (const item of view.offers) {
        const row = el("p", "Claim " + item.claim_id + " is " + item.status + ". ");
        const apply = offer(item);
        if (apply) row.appendChild(apply);
        box.appendChild(row);
      }
    }
    box.appendChild(el("p", message || "", "corr-message"));
  }

  async function refresh(claimId, message) {
    const result = await load(claimId);
    if (claimId !== currentId) return; // the analyst moved on meanwhile
    if (result.status !== 200) {
      box.replaceChildren(el("p", result.body.message || "Could not load the corroboration.", "corr-message error"));
      return;
    }
    render(result.body, message);
  }

  document.addEventListener("claimdesk:claim", (event) => {
    const data = event.detail;
    currentId = data && data.claim ? data.claim.id : null;
    box.hidden = currentId === null;
    if (currentId !== null) {
      box.replaceChildren(el("p", "Looking for other reports…", "corr-message"));
      refresh(currentId);
    }
  });
})();
