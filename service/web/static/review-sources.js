// Beside every source on the review page: its registry entry's canonical name, grade and track
// record, or "anonymous · F"; and the claim's rating next to its status. Listens for the
// "claimdesk:claim" event that review.js sends after drawing a claim.
"use strict";
(function () {
  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function recordText(record) {
    let text = record.confirmed + " confirmed / " + record.disputed + " disputed";
    if (record.inconclusive) text += " / " + record.inconclusive + " inconclusive";
    return text;
  }

  document.addEventListener("claimdesk:claim", (event) => {
    const data = event.detail;
    if (!data.claim || !data.registry) return;
    const byId = new Map(data.claim.attributions.map((a) => [String(a.id), a]));
    document.querySelectorAll("#sources li[data-attribution]").forEach((item) => {
      const attribution = byId.get(item.dataset.attribution);
      if (!attribution) return;
      const line = el("span", null, "registry");
      const entry = attribution.source.entry && data.registry.entries[String(attribution.source.entry.id)];
      line.appendChild(document.createTextNode(" · "));
      if (entry) {
        const link = el("a", entry.name);
        link.href = "/sources/" + entry.id;
        link.target = "_blank";
        line.appendChild(link);
        line.appendChild(document.createTextNode(" · "));
        const grade = el("span", entry.reliability, "grade grade-" + entry.reliability);
        grade.title = entry.graded ? "Graded " + entry.reliability : "Not graded yet";
        line.appendChild(grade);
        line.appendChild(document.createTextNode(" · " + recordText(entry.record)));
      } else {
        line.appendChild(el("span", "anonymous", "anonymous"));
        line.appendChild(document.createTextNode(" · "));
        line.appendChild(el("span", "F", "grade grade-F"));
      }
      item.appendChild(line);
    });
    let rating = document.getElementById("claim-rating");
    if (!rating) {
      rating = el("span", null, "rating");
      rating.id = "claim-rating";
      const meta = document.querySelector("#claim-panel .meta");
      meta.appendChild(document.createTextNode(" · rating "));
      meta.appendChild(rating);
    }
    rating.textContent = data.registry.rating;
    rating.title = data.registry.rating_title;
  });
})();
