// Live updates over SignalR. Every change arrives as one envelope {id, kind, targetId, postId, parentId, html, counts};
// pushes and the catch-up after a gap go through the same apply(). Events are applied in event id order, so
// everything up to lastId has been applied and an event at or below it is a repeat: the server pushes to each
// connection in commit order, which is event id order (LiveOutbox), and a catch-up returns the events after lastId in
// order. Between a connection opening and its catch-up ending, pushes are held back: they can be newer than events
// committed while there was no connection, which the catch-up is still fetching.
// signalR is the one global here: the vendored client (wwwroot/lib/signalr) is a classic script that defines it.
import { fragment, refreshFrom, setCounts } from "./view.js";
import { dropPending, offerReload, placeCard, placeComment, postId, queueCard, replaceCard } from "./feed.js";
import { commentForms, plural } from "./rules.js";

if (window.signalR) connect(window.signalR);

function connect(signalR) {
  const lang = document.documentElement.lang || "de";
  const stateEl = document.querySelector("[data-live-state]");
  const feed = document.querySelector("[data-feed]");
  const page = document.querySelector("[data-post-page]");
  const pinned = document.querySelector("[data-announcements]");
  const progress = document.querySelector("[data-progress]");
  const analytics = document.querySelector("[data-analytics]");
  const me = document.querySelector('meta[name="user-id"]')?.content;
  const departmentPage = document.querySelector("[data-department-page]");
  const departmentId = departmentPage ? Number(departmentPage.dataset.departmentPage) : null;
  // Everything up to the page's own last event is already in the page (0 is a real value: an empty log).
  const lastEventAttr = document.querySelector("[data-last-event]")?.dataset.lastEvent;
  let lastId = lastEventAttr === undefined ? null : Number(lastEventAttr) || 0;
  // Pushes that arrived while the connection catches up (null: none is held back, pushes apply at once).
  let held = null;

  const connection = new signalR.HubConnectionBuilder()
    .withUrl("/hubs/live")
    .withAutomaticReconnect([0, 1000, 3000, 5000, 10000, 20000, 30000])
    .configureLogging(signalR.LogLevel.Warning)
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
    // Cards do not carry their topics, so a topic page takes new posts on reload only.
    if (feed.dataset.filterTopic) return false;
    // Who follows what is not in the card: the following tab shows new posts on reload, not live.
    if (feed.dataset.liveFeed === "following") return false;
    const f = feed.dataset;
    return (!f.filterKind || card.classList.contains(f.filterKind))
      && (!f.filterAuthor || card.dataset.authorId === f.filterAuthor)
      && (!f.filterDepartment || card.dataset.departmentId === f.filterDepartment)
      && (!f.filterDepartments || f.filterDepartments.split(",").includes(card.dataset.departmentId))
      && (!f.filterQuestions || card.dataset.question === "true");
  }

  // A card slides in only where the reader can see it arrive: the top of the feed is on screen. Anyone further
  // down gets the pill instead, so nothing they are reading moves.
  function feedTopVisible() {
    const topbar = document.querySelector(".topbar")?.getBoundingClientRect().bottom ?? 0;
    return feed.getBoundingClientRect().top >= topbar;
  }

  // An announcement card carries its audience: the company, or the ids of the departments addressed. It goes on top
  // of the company feed for its addressees (never its author), as the page would show it after a reload.
  function addressedToMe(card) {
    const audience = card.dataset.audience;
    if (!pinned || !audience || card.dataset.authorId === me) return false;
    return audience === "company" || audience.split(",").includes(pinned.dataset.myDepartment);
  }

  function pin(card) {
    pinned.hidden = false;
    pinned.querySelector("h2").after(card);
    card.classList.add("arrived");
  }

  // The progress page of a must-read (its author's, admins'): the server says when it changed; the page fetches the
  // numbers and the list of who has not acknowledged from itself, so no second template exists in script.
  const refreshProgress = () => refreshFrom(location.pathname, ["[data-progress]"]);

  // The analytics dashboard: told that the rollup counted something new, it fetches its own figures (the same URL,
  // so the same period and the viewer's own rights) and swaps them in; the period picker stays as it is.
  const refreshAnalytics = () => refreshFrom(location.href, ["[data-analytics]"]);

  // An edited post's page takes its new title and text from itself.
  const refreshPostBody = () => refreshFrom(location.pathname, ["[data-post-body]", ".post-title"]);

  function setCommentCount(id, n) {
    if (n === undefined) return;
    document.querySelectorAll(`#post-${id} [data-comment-count]`).forEach(a => {
      a.dataset.commentCount = String(n);
      a.textContent = plural(commentForms, n);
    });
    document.querySelectorAll(`[data-comment-total="${id}"]`).forEach(s => { s.textContent = `(${n})`; });
  }

  function apply(e) {
    if (lastId !== null && e.id <= lastId) return;
    lastId = e.id;
    const html = htmlOf(e);
    switch (e.kind) {
      case "post.created": {
        if (!html || !feed) break;
        const card = fragment(html);
        if (document.getElementById(card.id)) { placeCard(card, false); break; }
        if (addressedToMe(card)) { pin(card); break; }
        if (!matchesFeed(card)) break;
        if (feedTopVisible()) placeCard(card, true);
        else queueCard(card);
        break;
      }
      case "post.edited":
        replaceCard(e.targetId, html);
        if (postId === e.targetId) refreshPostBody();
        break;
      case "post.hidden":
        // Its author keeps it on screen (the notification tells them why); everyone else loses it as if deleted.
        if ((document.getElementById(`post-${e.targetId}`) ?? (postId === e.targetId ? page : null))?.dataset.authorId === me) break;
      // falls through
      case "post.deleted": {
        const old = document.getElementById(`post-${e.targetId}`);
        if (old?.matches("article.card")) { old.classList.add("leaving"); setTimeout(() => old.remove(), 650); }
        dropPending(`post-${e.targetId}`);
        if (postId === e.targetId) { page.classList.add("gone"); document.querySelector("[data-gone-notice]")?.removeAttribute("hidden"); }
        break;
      }
      case "post.restored":
        replaceCard(e.targetId, html);
        break;
      case "comment.created":
      case "comment.edited":
      case "comment.hidden":
      case "comment.restored":
        setCommentCount(e.postId, e.counts?.comments);
        if (postId === e.postId && html) placeComment(fragment(html));
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
        document.querySelectorAll(`[data-reactions="/posts/${e.targetId}/reactions"]`).forEach(f => setCounts(f, e.counts || {}));
        break;
      case "comment.reactions":
        document.querySelectorAll(`[data-reactions="/posts/${e.postId}/comments/${e.targetId}/reactions"]`).forEach(f => setCounts(f, e.counts || {}));
        break;
      default:
        // Pins, department pages and whatever comes later apply their own events (pins.js, departments.js).
        document.dispatchEvent(new CustomEvent("intranet:live", { detail: { event: e, html } }));
    }
  }

  // After a gap, ask the server for everything after the last event applied, a page at a time. True once nothing
  // is missing (or a reload is offered instead); false if the network or the server failed on the way.
  async function catchUp() {
    if (lastId === null) return true;
    try {
      for (let pages = 0; pages < 10; pages++) {
        const response = await fetch(`/live/events?after=${lastId}`, { credentials: "same-origin", headers: { Accept: "application/json" } });
        if (response.status === 401) { location.reload(); return true; }
        if (!response.ok) return false;
        const result = await response.json();
        result.events.forEach(apply);
        if (!result.more) return true;
      }
      offerReload();
      return true;
    } catch {
      return false;
    }
  }

  // Called with the connection open, after holdPushes(): joins the post's group, catches up, then applies the pushes
  // held back meanwhile (those the catch-up returned too are repeats) and lets the next ones through. A catch-up that
  // fails keeps holding them, since applying them would skip what it missed, and is tried again shortly.
  let resuming = null;
  function resume() {
    resuming ??= (async () => {
      try {
        await joinGroups();
        if (!await catchUp()) {
          if (connection.state === signalR.HubConnectionState.Connected) setTimeout(resume, 3000);
          return;
        }
        const waiting = held ?? [];
        held = null;
        waiting.forEach(apply);
      } finally {
        resuming = null;
      }
    })();
    return resuming;
  }
  const holdPushes = () => { held ??= []; };

  async function joinGroups() {
    if (progress) await connection.invoke("WatchProgress", Number(progress.dataset.progress)).catch(() => null);
    if (analytics) await connection.invoke("WatchAnalytics").catch(() => null);
    if (departmentId !== null) await connection.invoke("WatchDepartment", departmentId).catch(() => null);
    if (postId === null) return;
    const count = await connection.invoke("WatchPost", postId).catch(() => null);
    if (count !== null) showPresence(count);
  }

  function showPresence(count) {
    const el = document.querySelector("[data-presence]");
    if (!el) return;
    el.textContent = plural(el.dataset.plural, Math.max(count, 1));
  }

  // The bell: pushed counts only ever arrive for this person (group user:{id}); after a gap the count is fetched.
  const bell = document.querySelector("[data-bell]");
  function showUnread(count) {
    if (!bell) return;
    const badge = bell.querySelector("[data-bell-count]");
    badge.hidden = count <= 0;
    badge.textContent = count > 99 ? "99+" : String(count);
    bell.setAttribute("aria-label", count > 99 ? bell.dataset.labelLots : plural(bell.dataset.plural, Math.max(count, 0)));
  }
  async function refreshUnread() {
    if (!bell) return;
    try {
      const response = await fetch("/notifications/unread", { credentials: "same-origin", headers: { Accept: "application/json" } });
      if (response.ok) showUnread((await response.json()).count);
    } catch {
      // Offline again; the next reconnect asks once more.
    }
  }

  // Read-only mode (a full disk, a deleted database): the banner comes and goes without a reload.
  const readOnlyBanner = document.querySelector("[data-read-only-banner]");
  connection.on("Storage", n => {
    if (!readOnlyBanner) return;
    readOnlyBanner.textContent = n.message || "";
    readOnlyBanner.hidden = !n.message;
  });

  let typingTimer = null;
  connection.on("Unread", u => showUnread(u.count));
  // The anonymous questions' queue (admins only): its page fetches itself again (ask.js).
  connection.on("Questions", u => { document.dispatchEvent(new CustomEvent("intranet:questions", { detail: u })); });
  connection.on("Progress", u => { if (progress && u.postId === Number(progress.dataset.progress)) refreshProgress(); });
  connection.on("Analytics", () => { if (analytics) refreshAnalytics(); });
  connection.on("Event", e => { if (held) held.push(e); else apply(e); });
  connection.on("Presence", u => { if (u.postId === postId) showPresence(u.count); });
  connection.on("Typing", u => {
    if (u.postId !== postId) return;
    const el = document.querySelector("[data-typing]");
    if (!el) return;
    el.hidden = false;
    clearTimeout(typingTimer);
    typingTimer = setTimeout(() => { el.hidden = true; }, 4000);
  });
  connection.onreconnecting(() => { holdPushes(); setState(navigator.onLine ? "reconnecting" : "offline"); });
  connection.onreconnected(async () => { setState("live"); await resume(); await refreshUnread(); if (progress) await refreshProgress(); if (analytics) await refreshAnalytics(); });
  // The server is restarting (a deploy): come back soon, at a random moment so not every page returns at once.
  let restarting = false;
  connection.on("Restarting", () => { restarting = true; setState("reconnecting"); });
  connection.onclose(() => {
    setState(restarting ? "reconnecting" : "offline");
    if (restarting) { restarting = false; delay = 500 + Math.floor(Math.random() * 2500); }
    if (navigator.onLine) scheduleStart();
  });

  // Starting again after a close: backs off, and waits for the browser to be online rather than failing in a loop.
  let delay = 2000;
  let retry = null;
  function scheduleStart() {
    clearTimeout(retry);
    retry = setTimeout(start, delay);
    delay = Math.min(delay * 2, 60000);
  }
  let startedBefore = false;
  async function start() {
    clearTimeout(retry);
    if (connection.state !== signalR.HubConnectionState.Disconnected || !navigator.onLine) return;
    try {
      holdPushes();
      await connection.start();
      delay = 2000;
      setState("live");
      await resume();
      if (startedBefore) await refreshUnread();
      startedBefore = true;
    } catch {
      setState("offline");
      if (navigator.onLine) scheduleStart();
    }
  }

  // A socket can outlive the network it was opened on and stay silent for minutes. When the browser says it is
  // offline, close it and say so; back online, connect afresh and catch up on what was missed.
  let stopping = Promise.resolve();
  window.addEventListener("offline", () => {
    setState("offline");
    stopping = connection.stop();
  });
  window.addEventListener("online", async () => {
    delay = 2000;
    await stopping;
    start();
  });

  let lastTyping = 0;
  document.addEventListener("input", event => {
    if (!event.target.matches?.("[data-comment-form] textarea")) return;
    if (postId === null || connection.state !== signalR.HubConnectionState.Connected || Date.now() - lastTyping < 2000) return;
    lastTyping = Date.now();
    connection.send("Typing", postId).catch(() => {});
  });

  start();
}
