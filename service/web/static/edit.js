// Correcting attributions on the review page: select text, then a key (or a button) makes it the
// current attribution's source, cue, content or antecedent; add, remove, own voice, kind, named;
// every step can be undone and redone. Calls go to /review/api/attributions (session + CSRF), the
// same service as the API: version check, lease rule, span rules, history.
// Offsets: the API counts code points, the DOM counts UTF-16 units; selections are converted here.
"use strict";
(function () {
  const desk = window.claimdesk;
  if (!desk) return;
  const $ = (id) => document.getElementById(id);
  const KINDS = ["person", "organization", "media", "other"];
  const edit = { selected: null, draft: null, undo: [], redo: [], busy: false };
  const refs = new Map(); // attribution id -> {id}: a stable handle while undo re-creates attributions

  function ref(id) {
    if (!refs.has(id)) refs.set(id, { id: id });
    return refs.get(id);
  }

  async function call(method, path, body) {
    let response;
    try {
      response = await fetch(path, {
        method: method, credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRF-Token": desk.csrf },
        body: JSON.stringify(body),
      });
    } catch (err) {
      return { status: 0, body: { message: "Could not reach the server; check your connection and retry." } };
    }
    let data = {};
    try { data = await response.json(); } catch (err) { data = {}; }
    return { status: response.status, body: data };
  }

  function claim() {
    const current = desk.current();
    return current ? current.claim : null;
  }

  function codePoints(text) {
    let n = 0;
    for (const _ of text) n++; // iterating a string yields code points, not UTF-16 units
    return n;
  }

  // A DOM position as a document offset in code points; null outside the paragraph's sentences.
  function documentOffset(node, offset) {
    const element = (node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement);
    const sentence = element && element.closest("[data-start]");
    if (!sentence || !$("paragraph").contains(sentence)) return null;
    const range = document.createRange();
    range.setStart(sentence, 0);
    range.setEnd(node, offset);
    return Number(sentence.dataset.start) + codePoints(range.toString());
  }

  // The selected text as {start, end} in code points, without the spaces a double click takes along.
  function selected() {
    const selection = window.getSelection();
    if (!selection || selection.isCollapsed || !selection.rangeCount) return null;
    const range = selection.getRangeAt(0);
    let start = documentOffset(range.startContainer, range.startOffset);
    let end = documentOffset(range.endContainer, range.endOffset);
    if (start === null || end === null) return null;
    const text = range.toString();
    start += codePoints(text) - codePoints(text.replace(/^\s+/, ""));
    end -= codePoints(text) - codePoints(text.replace(/\s+$/, ""));
    return end > start ? { start: start, end: end } : null;
  }

  function currentAttribution() {
    const c = claim();
    if (!c || !edit.selected) return null;
    return c.attributions.find((a) => a.id === edit.selected.id) || null;
  }

  function spanOf(start, end) {
    return start === null || start === undefined ? null : { start: start, end: end };
  }

  // What a PATCH must send to put these fields of ``a`` back as they are now.
  function fieldsOf(a, names) {
    const all = {
      source: spanOf(a.source.start, a.source.end),
      cue: spanOf(a.cue.start, a.cue.end),
      content: a.content.map((piece) => spanOf(piece.start, piece.end)),
      kind: a.source.kind,
      named: a.source.named,
      antecedent: spanOf(a.source.antecedent_start, a.source.antecedent_end),
    };
    const out = {};
    for (const name of names) out[name] = all[name];
    if ("source" in out || "antecedent" in out) {
      // a new source is classified afresh and loses its antecedent: restoring it restores all three
      Object.assign(out, { source: all.source, kind: all.kind, antecedent: all.antecedent });
      if (all.source) out.named = all.named;
    }
    return out;
  }

  function describe(body) {
    return Object.keys(body).join(", ");
  }

  // One server call; on success the claim is shown as it now is. Returns the answer or null.
  async function send(method, path, body) {
    const c = claim();
    if (!c) return null;
    const result = await call(method, path, Object.assign({ claim_id: c.id, version: c.version }, body));
    if (result.status === 200 || result.status === 201) {
      desk.update(result.body.claim, result.body.history);
      return result.body;
    }
    const details = result.body.errors ? " " + JSON.stringify(result.body.errors) : "";
    desk.say((result.body.message || "The server could not do that (" + result.status + ").") + details, true);
    return null;
  }

  const api = {
    patch: (r, body) => send("PATCH", "/review/api/attributions/" + r.id, body),
    remove: (r) => send("DELETE", "/review/api/attributions/" + r.id, {}),
    async add(r, body) {
      const answer = await send("POST", "/review/api/attributions", body);
      if (answer) {
        r.id = answer.attribution_id;
        refs.set(r.id, r);
      }
      return answer;
    },
  };

  // Steps: each knows how to undo and redo itself; a step whose call failed stays where it was.
  async function perform(step) {
    if (!(await step.redo())) return false;
    edit.undo.push(step);
    edit.redo = [];
    desk.say(step.label + " — z undoes, y redoes.");
    return true;
  }

  function patchStep(r, label, after, before) {
    return { label: label, redo: () => api.patch(r, after), undo: () => api.patch(r, before) };
  }

  async function change(names, after, label) {
    const a = currentAttribution();
    if (!a) { desk.say("No attribution selected: press a to add one, or [ and ] to pick one.", true); return; }
    await perform(patchStep(ref(a.id), label, after, fieldsOf(a, names)));
  }

  function needSelection() {
    const span = selected();
    if (!span) desk.say("Select some text of the paragraph first (drag with the mouse).", true);
    return span;
  }

  async function setRole(role, append) {
    const span = needSelection();
    if (!span) return;
    if (edit.draft) { await fillDraft(role, span, append); return; }
    const a = currentAttribution();
    if (role === "content" && append && a) {
      const pieces = a.content.map((piece) => spanOf(piece.start, piece.end)).concat([span]);
      await change(["content"], { content: pieces }, "Content piece added");
      return;
    }
    const body = {};
    body[role] = role === "content" ? [span] : span;
    await change([role], body, role[0].toUpperCase() + role.slice(1) + " set");
  }

  // A new attribution is drawn locally until it has a cue and content, then created in one call.
  async function fillDraft(role, span, append) {
    const draft = edit.draft;
    if (role === "content") draft.content = append ? draft.content.concat([span]) : [span];
    else draft[role] = span;
    if (!draft.cue || !draft.content.length) {
      desk.say("New attribution: " + (draft.cue ? "now select its content and press 3." : "now select its cue and press 2."));
      renderDraft();
      return;
    }
    const body = { source: draft.source, cue: draft.cue, content: draft.content };
    edit.draft = null;
    renderDraft();
    const r = { id: null };
    const done = await perform({
      label: "Attribution added",
      redo: () => api.add(r, body),
      undo: () => api.remove(r),
    });
    if (done) select(r);
  }

  function startDraft() {
    if (!claim()) return;
    edit.draft = { source: null, cue: null, content: [] };
    renderDraft();
    desk.say("New attribution: select its cue and press 2, its content and press 3, its source and press 1 (Escape cancels).");
  }

  async function removeCurrent() {
    const a = currentAttribution();
    if (!a) { desk.say("No attribution selected.", true); return; }
    const r = ref(a.id);
    const body = fieldsOf(a, ["source", "cue", "content", "kind", "named", "antecedent"]);
    await perform({ label: "Attribution removed", redo: () => api.remove(r), undo: () => api.add(r, body) });
  }

  // The outlet's own voice: every attribution goes, as one step that undoes as one.
  async function ownVoice() {
    const c = claim();
    if (!c) return;
    if (!c.attributions.length) { desk.say("This sentence has no attribution already."); return; }
    const items = c.attributions.map((a) => ({
      r: ref(a.id), body: fieldsOf(a, ["source", "cue", "content", "kind", "named", "antecedent"]),
    }));
    await perform({
      label: "Marked as the outlet's own voice",
      async redo() {
        for (const item of items) if (!(await api.remove(item.r))) return false;
        return true;
      },
      async undo() {
        for (const item of items) if (!(await api.add(item.r, item.body))) return false;
        return true;
      },
    });
  }

  async function cycleKind() {
    const a = currentAttribution();
    if (!a) { desk.say("No attribution selected.", true); return; }
    const next = KINDS[(KINDS.indexOf(a.source.kind) + 1) % KINDS.length];
    await change(["kind"], { kind: next }, "Kind: " + next);
  }

  async function toggleNamed() {
    const a = currentAttribution();
    if (!a) { desk.say("No attribution selected.", true); return; }
    if (!a.source.text) { desk.say("An implicit source cannot be named; set a source first (1).", true); return; }
    await change(["named"], { named: !a.source.named }, a.source.named ? "Marked unnamed" : "Marked named");
  }

  async function antecedent() {
    const span = needSelection();
    if (span) await change(["antecedent"], { antecedent: span }, "Antecedent set");
  }

  async function undo() {
    const step = edit.undo.pop();
    if (!step) { desk.say("No correction to undo."); return; }
    if (await step.undo()) { edit.redo.push(step); desk.say("Undone: " + step.label + "."); }
    else edit.undo.push(step);
  }

  async function redo() {
    const step = edit.redo.pop();
    if (!step) { desk.say("No correction to redo."); return; }
    if (await step.redo()) { edit.undo.push(step); desk.say("Redone: " + step.label + "."); }
    else edit.redo.push(step);
  }

  function select(r) {
    edit.selected = r;
    markSelected();
  }

  function move(by) {
    const c = claim();
    if (!c || !c.attributions.length) { desk.say("This claim has no attribution; press a to add one."); return; }
    const at = c.attributions.findIndex((a) => edit.selected && a.id === edit.selected.id);
    const next = c.attributions[(Math.max(at, 0) + by + c.attributions.length) % c.attributions.length];
    select(ref(next.id));
  }

  function markSelected() {
    const c = claim();
    const items = $("sources").querySelectorAll("li");
    if (!c) return;
    c.attributions.forEach((a, i) => {
      const item = items[i];
      if (!item) return;
      const current = Boolean(edit.selected && a.id === edit.selected.id);
      item.classList.toggle("selected", current);
      if (current) item.setAttribute("aria-current", "true"); else item.removeAttribute("aria-current");
      if (!item.querySelector(".origin")) {
        const origin = a.origin === "analyst" ? "corrected by " + (a.changed_by || "an analyst") : "extracted";
        item.appendChild(Object.assign(document.createElement("span"), { className: "origin", textContent: " · " + origin }));
      }
    });
  }

  function renderDraft() {
    const box = $("edit-draft");
    if (!box) return;
    box.hidden = !edit.draft;
    if (!edit.draft) return;
    const d = edit.draft;
    const part = (name, value) => name + ": " + (value ? "set" : "–");
    box.textContent = "New attribution — " + [part("source", d.source), part("cue", d.cue),
      "content: " + d.content.length + " piece(s)"].join(", ");
  }

  // After every render: a new claim starts a new edit history; the same claim keeps its selection.
  let shownClaim = null;
  desk.rendered = (data) => {
    const c = data.claim;
    if (c.id !== shownClaim) {
      shownClaim = c.id;
      edit.undo = [];
      edit.redo = [];
      edit.draft = null;
      refs.clear();
      edit.selected = c.attributions.length ? ref(c.attributions[0].id) : null;
    } else if (!currentAttribution()) {
      edit.selected = c.attributions.length ? ref(c.attributions[0].id) : edit.selected;
    }
    renderDraft();
    markSelected();
  };

  const keys = {
    "1": () => setRole("source"),
    "2": () => setRole("cue"),
    "3": () => setRole("content"),
    "+": () => setRole("content", true),
    "=": () => setRole("content", true),
    p: antecedent,
    a: startDraft,
    x: removeCurrent,
    o: ownVoice,
    k: cycleKind,
    n: toggleNamed,
    "[": () => move(-1),
    "]": () => move(1),
    z: undo,
    y: redo,
    Z: redo,
  };

  async function run(action) {
    if (edit.busy || desk.busy()) return;
    edit.busy = true;
    try { await action(); } finally { edit.busy = false; }
  }

  document.addEventListener("keydown", (event) => {
    if (event.target.closest && event.target.closest("input, textarea, select")) return;
    if (!claim()) return;
    if (event.key === "Escape" && edit.draft) {
      edit.draft = null;
      renderDraft();
      desk.say("New attribution cancelled.");
      return;
    }
    let act = null;
    if ((event.ctrlKey || event.metaKey) && !event.altKey) {
      const key = event.key.toLowerCase();
      if (key === "z") act = event.shiftKey ? redo : undo;
      else if (key === "y") act = redo;
    } else if (!event.ctrlKey && !event.metaKey && !event.altKey) {
      act = keys[event.key];
    }
    if (act) { event.preventDefault(); run(act); }
  });

  // Buttons: mousedown must not clear the selection the button is about to use.
  document.querySelectorAll("[data-edit]").forEach((button) => {
    button.addEventListener("mousedown", (event) => event.preventDefault());
    button.addEventListener("click", () => { if (claim()) run(keys[button.dataset.edit]); });
  });
})();
