// The review page: lease a claim, show it, send decisions, move on without reloading.
// Every piece of claim text goes in through textContent, never as markup.
"use strict";
(function () {
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const $ = (id) => document.getElementById(id);
  const state = { current: null, last: null, leaseEnds: 0, busy: false };
  const CONTEXT = 3; // sentences shown before and after the claim

  async function post(path, body) {
    let response;
    try {
      response = await fetch(path, {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
        body: JSON.stringify(body || {}),
      });
    } catch (err) {
      return { status: 0, body: { message: "Could not reach the server; check your connection and retry." } };
    }
    let data = {};
    try { data = await response.json(); } catch (err) { data = {}; }
    return { status: response.status, body: data };
  }

  function say(text, isError) {
    const box = $("message");
    box.textContent = text || "";
    box.classList.toggle("error", Boolean(isError));
  }

  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  // The API's offsets count code points; JavaScript strings count UTF-16 units, in which an emoji
  // or any other astral character is two. unitIndexes(text)[n] is where code point n starts.
  function unitIndexes(text) {
    const at = [0];
    for (const ch of text) at.push(at[at.length - 1] + ch.length);
    return at;
  }

  // Label each character of the sentence: cue over source over content, then group runs.
  function highlightedSentence(claim) {
    const text = claim.text, base = claim.start;
    const labels = new Array(text.length).fill("");
    const rank = { "": 0, content: 1, source: 2, cue: 3 };
    const units = unitIndexes(text);
    const unit = (point) => units[Math.max(0, Math.min(units.length - 1, point - base))];
    function mark(start, end, kind) {
      if (start === null || start === undefined) return;
      for (let i = unit(start); i < unit(end); i++) {
        if (rank[kind] > rank[labels[i]]) labels[i] = kind;
      }
    }
    for (const a of claim.attributions) {
      for (const span of a.content) mark(span.start, span.end, "content");
      mark(a.source.start, a.source.end, "source");
      mark(a.cue.start, a.cue.end, "cue");
    }
    const wrapper = el("span", null, "current");
    wrapper.dataset.start = claim.start; // code-point offset of the sentence: edit.js maps selections
    let i = 0;
    while (i < text.length) {
      let j = i;
      while (j < text.length && labels[j] === labels[i]) j++;
      const piece = text.slice(i, j);
      if (labels[i]) {
        const span = el("span", piece, "hl-" + labels[i]);
        span.title = labels[i];
        wrapper.appendChild(span);
      } else {
        wrapper.appendChild(document.createTextNode(piece));
      }
      i = j;
    }
    return wrapper;
  }

  function renderSources(claim) {
    const list = $("sources");
    list.replaceChildren();
    if (!claim.attributions.length) {
      list.appendChild(el("li", "No attributed source: the sentence speaks in the article's own voice."));
    }
    for (const a of claim.attributions) {
      const who = a.source.text || "(implicit source)";
      const named = a.source.named ? "named" : "unnamed";
      const item = el("li");
      item.dataset.attribution = a.id;
      item.appendChild(el("span", who, "hl-source"));
      item.appendChild(document.createTextNode(" — " + a.source.kind + ", " + named + "; cue "));
      item.appendChild(el("span", a.cue.text, "hl-cue"));
      if (a.source.antecedent) item.appendChild(document.createTextNode(" (refers to " + a.source.antecedent + ")"));
      list.appendChild(item);
    }
  }

  function renderHistory(events) {
    const list = $("history");
    list.replaceChildren();
    if (!events.length) list.appendChild(el("li", "None yet.", "none"));
    for (const e of events) {
      const when = new Date(e.at).toLocaleString();
      let line = when + " — " + (e.analyst || "unknown") + ": " + e.action +
        (e.change ? " (attribution " + e.change.attribution_id + ")" : " " + e.from + " → " + e.to);
      if (e.note) line += " — “" + e.note + "”";
      list.appendChild(el("li", line));
    }
  }

  function renderProgress(progress) {
    const doc = progress.document;
    $("doc-progress").textContent = doc ? "Document: " + doc.decided + "/" + doc.total + " decided" : "Document: –";
    $("overall-progress").textContent = "Overall: " + progress.overall.decided + "/" + progress.overall.total + " decided";
  }

  function render(data) {
    renderProgress(data.progress);
    state.current = data.claim ? data : null;
    document.dispatchEvent(new CustomEvent("claimdesk:claim", { detail: state.current })); // corroboration.js
    $("claim-panel").hidden = !data.claim;
    $("empty-panel").hidden = Boolean(data.claim);
    hideNote();
    if (!data.claim) {
      state.leaseEnds = 0;
      $("lease-timer").textContent = "Lease: –";
      return;
    }
    const claim = data.claim;
    $("doc-title").textContent = data.document.title || "Document " + data.document.id;
    $("claim-ref").textContent = "Claim " + claim.id + " (sentence " + (claim.index + 1) + ")";
    $("claim-status").textContent = claim.status;
    const paragraph = $("paragraph");
    paragraph.replaceChildren();
    // Long paragraphs (or articles without paragraph breaks) show a window around the claim.
    const at = data.paragraph.findIndex((sibling) => sibling.id === claim.id);
    const from = Math.max(0, at - CONTEXT), to = Math.min(data.paragraph.length, at + CONTEXT + 1);
    if (from > 0) paragraph.appendChild(el("span", "… ", "other"));
    data.paragraph.slice(from, to).forEach((sibling, n) => {
      if (n) paragraph.appendChild(document.createTextNode(" "));
      const node = sibling.id === claim.id ? highlightedSentence(claim) : el("span", sibling.text, "other");
      node.dataset.start = sibling.start;
      paragraph.appendChild(node);
    });
    if (to < data.paragraph.length) paragraph.appendChild(el("span", " …", "other"));
    renderSources(claim);
    $("statement").textContent = claim.statement;
    renderHistory(data.history);
    document.dispatchEvent(new CustomEvent("claimdesk:claim", { detail: data }));
    state.leaseEnds = Date.now() + data.lease.ms;
    state.expiredSaid = false;
    tick();
    if (window.claimdesk.rendered) window.claimdesk.rendered(data);
  }

  function tick() {
    if (!state.current) return;
    const left = Math.max(0, Math.ceil((state.leaseEnds - Date.now()) / 1000));
    const mm = Math.floor(left / 60), ss = String(left % 60).padStart(2, "0");
    $("lease-timer").textContent = left ? "Lease: " + mm + ":" + ss + " left" : "Lease: expired";
    if (!left && !state.expiredSaid) {
      state.expiredSaid = true;
      say("Your lease expired: another analyst may take this claim. Decide now or skip (s).", true);
    }
  }

  // Answers to the page's calls: 200 shows the next claim, the rest say what happened.
  async function handle(result, success) {
    const { status, body } = result;
    if (status === 200) {
      if (success) success(body);
      render(body);
      return true;
    }
    if (status === 401) {
      say("Your session ended; log in again.", true);
      window.location.assign("/login");
    } else if (status === 409 || status === 412 || status === 404) {
      say("Lease lost: " + (body.message || "someone else has this claim now") + " Here is the next claim.", true);
      await lease();
    } else {
      say(body.message || "The server could not do that (" + status + ").", true);
    }
    return false;
  }

  async function run(action) {
    if (state.busy) return;
    state.busy = true;
    try { await action(); } finally { state.busy = false; }
  }

  // The queue switch: "uncertain" serves the claims the extractor is least sure of first.
  function order() { return $("uncertain-first") && $("uncertain-first").checked ? "uncertain" : "default"; }

  async function lease() {
    const result = await post("/review/api/lease", { order: order() });
    if (result.status === 200) { render(result.body); return; }
    say(result.body.message || "Could not lease a claim.", true);
  }

  function decide(status, note) {
    const current = state.current;
    if (!current) return;
    const claim = current.claim;
    run(async () => {
      const chosen = $("credibility").value;
      const result = await post("/review/api/decide",
        { claim_id: claim.id, version: claim.version, status: status, note: note || null, order: order(),
          credibility: chosen ? Number(chosen) : null });
      await handle(result, (body) => {
        state.last = { claim_id: claim.id, version: body.decided.version, previous: claim.status };
        $("credibility").value = "";  // each decision starts from the status's default
        say("Claim " + claim.id + " marked " + status + " (credibility " + body.decided.credibility +
            "). Press u to undo.");
      });
    });
  }

  function skip() {
    if (!state.current) return;
    const id = state.current.claim.id;
    run(async () => {
      await handle(await post("/review/api/skip", { order: order() }), () => say("Skipped claim " + id + "."));
    });
  }

  function undo() {
    const last = state.last;
    if (!last) { say("Nothing to undo."); return; }
    run(async () => {
      const result = await post("/review/api/undo",
        { claim_id: last.claim_id, version: last.version, status: last.previous });
      if (result.status === 412 || result.status === 409) {
        state.last = null;
        say("Cannot undo: claim " + last.claim_id + " was changed by someone since.", true);
        return;
      }
      await handle(result, () => {
        state.last = null;
        say("Undone: claim " + last.claim_id + " is " + last.previous + " again.");
      });
    });
  }

  function showNote() {
    if (!state.current) return;
    $("note-form").hidden = false;
    $("note").value = "";
    $("note").focus();
  }

  function hideNote() { $("note-form").hidden = true; }

  const actions = {
    c: () => decide("confirmed"),
    d: showNote,
    i: () => decide("inconclusive"),
    s: skip,
    u: undo,
    "?": () => { $("help").hidden = !$("help").hidden; },
  };

  document.addEventListener("keydown", (event) => {
    if (event.target.closest && event.target.closest("input, textarea, select")) {
      if (event.key === "Escape") { hideNote(); event.preventDefault(); }
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const act = actions[event.key];
    if (act) { event.preventDefault(); act(); }
  });

  document.querySelectorAll("[data-key]").forEach((button) => {
    button.addEventListener("click", () => actions[button.dataset.key]());
  });

  $("note-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const note = $("note").value.trim();
    if (!note) { say("A dispute needs a note that says why.", true); return; }
    hideNote();
    decide("disputed", note);
  });
  $("note-cancel").addEventListener("click", hideNote);
  $("reload").addEventListener("click", () => run(lease));

  // Hooks for edit.js (attribution corrections): the shown claim, and showing it again once changed.
  window.claimdesk = {
    current: () => state.current,
    say: say,
    csrf: csrf,
    busy: () => state.busy,
    update(claim, history) {
      if (!state.current || state.current.claim.id !== claim.id) return;
      state.current.claim = claim;
      if (history) state.current.history = history;
      state.current.lease.ms = Math.max(0, state.leaseEnds - Date.now());
      render(state.current);
    },
    rendered: null,
  };

  setInterval(tick, 1000);
  run(lease);
})();
