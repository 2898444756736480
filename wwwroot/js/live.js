// Live updates over SignalR. Every change arrives as one envelope {id, kind, targetId, postId, parentId, html, counts};
// pushes and the catch-up after a reconnect go through the same apply(), which is idempotent by event id.
(() => {
  "use strict";
  if (!window.signalR) return;
  const view = () => window.IntranetView;
  const lang = document.documentElement.lang || "de";
  const stateEl = document.querySelector("[data-live-state]");
  const feed = document.querySelector("[data-feed]");
  const pill = document.querySelector("[data-new-pill]");
  const page = document.querySelector("[data-post-page]");
  const postId = page ? Number(page.dataset.postPage) : null;
  const seen = new Set();
  const pending = [];
  let lastId = Number(document.querySelector("[data-last-event]")?.dataset.lastEvent || 0) || null;

  const connection = new signalR.HubConnectionBuilder()
    .withUrl("/hubs/live")
    .withAutomaticReconnect([0, 1000, 3000, 5000, 10000, 20000, 30000])
    .build();

  function setState(state) {
    if (!stateEl) return;
    stateEl.hidden = false;
    stateEl.dataset.state = state;
    stateEl.textContent = stateEl.dataset[`label${state[0].toUpperCase()}${state.slice(1)}`];
  }

  const htmlOf = e => e.html ? (e.html[lang] ?? Object.values(e.html)[0]) : null;

  function matchesFeed(card) {
    if (!feed || feed.dataset.liveFeed === "all") return !!feed;
    const f = feed.dataset;
    return (!f.filterKind || card.classList.contains(f.filterKind))
      && (!f.filterAuthor || card.dataset.authorId === f.filterAuthor)
      && (!f.filterDepartment || card.dataset.departmentId === f.filterDepartment);
  }

  // Only slide a card in when it cannot move what the reader is looking at.
  function readerIsUndisturbed() {
    const active = document.activeElement;
    const typing = active && (active.tagName === "TEXTAREA" || active.tagName === "INPUT");
    return window.scrollY < 80 && !typing;
  }

  function updatePill() {
    if (!pill) return;
    pill.hidden = pending.length === 0;
    pill.textContent = pending.length === 1 ? pill.dataset.labelOne : pill.dataset.labelMany.replace("{n}", String(pending.length));
  }

  function insertCard(card, highlight) {
    feed.querySelector(".empty")?.remove();
    feed.prepend(card);
    if (highlight) card.classList.add("arrived");
  }

  function replaceKeepingMine(old, fresh) {
    // The fragment knows nobody's own reactions: keep the reader's pressed state.
    old.querySelectorAll("button[data-kind][aria-pressed='true']").forEach(b => {
      const twin = fresh.querySelector(`form[action="${b.form.getAttribute("action")}"] button[data-kind="${b.dataset.kind}"]`);
      twin?.setAttribute("aria-pressed", "true");
    });
    old.replaceWith(fresh);
  }

  function placeComment(el) {
    const existing = document.getElementById(el.id);
    if (existing) {
      const replies = existing.querySelector(":scope > [data-replies-of]");
      const freshReplies = el.querySelector(":scope > [data-replies-of]");
      if (replies && freshReplies) freshReplies.replaceWith(replies);
      replaceKeepingMine(existing, el);
      return;
    }
    const parent = el.dataset.parentId;
    const target = parent ? document.querySelector(`[data-replies-of="${parent}"]`) : document.querySelector(`[data-thread="${postId}"]`);
    target?.append(el);
  }

  function setCommentCount(id, n) {
    if (n === undefined) return;
    document.querySelectorAll(`#post-${id} [data-comment-count]`).forEach(a => {
      a.dataset.commentCount = String(n);
      a.textContent = a.textContent.replace(/\d+/, String(n));
    });
    document.querySelectorAll(`[data-comment-total="${id}"]`).forEach(s => { s.textContent = `(${n})`; });
  }

  function apply(e) {
    if (seen.has(e.id)) return;
    seen.add(e.id);
    lastId = Math.max(lastId || 0, e.id);
    const html = htmlOf(e);
    switch (e.kind) {
      case "post.created": {
        if (!html || !feed) break;
        const card = view().fragment(html);
        const mine = document.getElementById(card.id);
        if (mine) { replaceKeepingMine(mine, card); break; }
        if (!matchesFeed(card)) break;
        if (readerIsUndisturbed()) insertCard(card, true);
        else { pending.unshift(card); updatePill(); }
        break;
      }
      case "post.edited": {
        const old = document.getElementById(`post-${e.targetId}`);
        if (old && html && old.matches("article.card")) replaceKeepingMine(old, view().fragment(html));
        if (postId === e.targetId) refreshPostBody();
        break;
      }
      case "post.deleted": {
        const old = document.getElementById(`post-${e.targetId}`);
        if (old?.matches("article.card")) { old.classList.add("leaving"); setTimeout(() => old.remove(), 650); }
        const index = pending.findIndex(c => c.id === `post-${e.targetId}`);
        if (index >= 0) { pending.splice(index, 1); updatePill(); }
        if (postId === e.targetId) page.classList.add("gone");
        break;
      }
      case "comment.created":
      case "comment.edited":
        setCommentCount(e.postId, e.counts?.comments);
        if (postId === e.postId && html) placeComment(view().fragment(html));
        break;
      case "comment.deleted": {
        setCommentCount(e.postId, e.counts?.comments);
        const old = document.getElementById(`comment-${e.targetId}`);
        if (old) {
          const replies = old.querySelector(":scope > [data-replies-of]");
          if (replies && replies.children.length > 0) old.querySelectorAll(":scope > :not([data-replies-of])").forEach(n => n.remove());
          else old.remove();
        }
        break;
      }
      case "post.reactions":
        document.querySelectorAll(`form[action="/posts/${e.targetId}/reactions"]`).forEach(f => view().setCounts(f, e.counts || {}));
        break;
      case "comment.reactions":
        document.querySelectorAll(`form[action="/posts/${e.postId}/comments/${e.targetId}/reactions"]`).forEach(f => view().setCounts(f, e.counts || {}));
        break;
    }
  }

  async function refreshPostBody() {
    const response = await fetch(location.pathname, { credentials: "same-origin" });
    if (!response.ok) return;
    const doc = new DOMParser().parseFromString(await response.text(), "text/html");
    const body = doc.querySelector("[data-post-body]");
    if (body) document.querySelector("[data-post-body]")?.replaceWith(body);
    const title = doc.querySelector(".post-title");
    if (title) document.querySelector(".post-title")?.replaceWith(title);
  }

  // After a gap, ask the server for everything after the last event applied. A small overlap is re-read on
  // purpose: events committed concurrently can be pushed out of order, and apply() drops repeats.
  let catchingUp = null;
  function catchUp() {
    if (lastId === null) return Promise.resolve();
    catchingUp ??= (async () => {
      try {
        let after = Math.max(0, lastId - 20);
        for (let pages = 0; pages < 10; pages++) {
          const response = await fetch(`/live/events?after=${after}`, { credentials: "same-origin", headers: { Accept: "application/json" } });
          if (response.status === 401) { location.reload(); return; }
          if (!response.ok) return;
          const result = await response.json();
          result.events.forEach(apply);
          after = result.lastId;
          if (!result.more) return;
        }
        offerReload();
      } finally {
        catchingUp = null;
      }
    })();
    return catchingUp;
  }

  function offerReload() {
    if (!pill) { location.reload(); return; }
    pending.length = 0;
    pill.hidden = false;
    pill.textContent = pill.dataset.labelReload || "↻";
    pill.onclick = () => location.reload();
  }

  async function joinGroups() {
    if (postId === null) return;
    const count = await connection.invoke("WatchPost", postId).catch(() => null);
    if (count !== null) showPresence(count);
  }

  function showPresence(count) {
    const el = document.querySelector("[data-presence]");
    if (!el) return;
    el.textContent = count <= 1 ? el.dataset.labelOne : el.dataset.labelMany.replace("{n}", String(count));
  }

  let typingTimer = null;
  connection.on("Event", e => { if (catchingUp) catchingUp.then(() => apply(e)); else apply(e); });
  connection.on("Presence", u => { if (u.postId === postId) showPresence(u.count); });
  connection.on("Typing", u => {
    if (u.postId !== postId) return;
    const el = document.querySelector("[data-typing]");
    if (!el) return;
    el.hidden = false;
    clearTimeout(typingTimer);
    typingTimer = setTimeout(() => { el.hidden = true; }, 4000);
  });
  connection.onreconnecting(() => setState("reconnecting"));
  connection.onreconnected(async () => { setState("live"); await joinGroups(); await catchUp(); });
  connection.onclose(() => { setState("offline"); scheduleStart(); });

  let delay = 2000;
  function scheduleStart() { setTimeout(start, delay); delay = Math.min(delay * 2, 60000); }
  async function start() {
    try {
      await connection.start();
      delay = 2000;
      setState("live");
      await joinGroups();
      await catchUp();
    } catch {
      setState("offline");
      scheduleStart();
    }
  }

  pill?.addEventListener("click", () => {
    if (pending.length === 0) return;
    pending.splice(0).reverse().forEach(card => insertCard(card, true));
    updatePill();
    window.scrollTo({ top: 0, behavior: "smooth" });
  });
  window.addEventListener("scroll", () => {
    if (pending.length > 0 && readerIsUndisturbed() && pill?.hidden) updatePill();
  }, { passive: true });
  window.addEventListener("online", () => { if (connection.state === "Connected") catchUp(); });
  window.addEventListener("offline", () => setState("offline"));

  let lastTyping = 0;
  document.addEventListener("input", event => {
    if (!event.target.matches?.("[data-comment-form] textarea")) return;
    if (postId === null || connection.state !== "Connected" || Date.now() - lastTyping < 2000) return;
    lastTyping = Date.now();
    connection.send("Typing", postId).catch(() => {});
  });

  window.IntranetLive = { placeComment, state: () => connection.state };
  start();
})();
