// The app on a phone's home screen: this worker keeps the app's own files (styles, scripts, icons) and one offline
// page, never a page or an answer with anyone's data in it. Pages always come from the network; without one, the
// offline page says so. Files are tried on the network first and kept for when there is none, so a deploy never
// mixes old and new scripts. Bumping VERSION drops everything an older worker kept.
const VERSION = "shell-1";
const SHELL = ["/offline.html", "/css/site.css", "/favicon.svg", "/icons/icon-192.png"];
const STATIC = /^\/(css|js|lib|icons)\/|^\/favicon\.svg$/;

self.addEventListener("install", event => {
  // Whatever changes something (a form, an autosave sent with keepalive as the page is left) goes straight to the
  // network without waking this worker: a page being left must not wait for it.
  const routes = event.addRoutes
    ? event.addRoutes([{ condition: { requestMethod: "POST" }, source: "network" }]).catch(() => {})
    : Promise.resolve();
  event.waitUntil(routes.then(() => caches.open(VERSION)).then(cache => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", event => {
  event.waitUntil(caches.keys()
    .then(keys => Promise.all(keys.filter(key => key !== VERSION).map(key => caches.delete(key))))
    .then(() => self.clients.claim()));
});

self.addEventListener("fetch", event => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    event.respondWith(fetch(request).catch(() => caches.match("/offline.html")));
    return;
  }

  if (!STATIC.test(url.pathname)) return;
  event.respondWith(fetch(request)
    .then(response => {
      if (response.ok) {
        const copy = response.clone();
        caches.open(VERSION).then(cache => cache.put(request, copy));
      }
      return response;
    })
    .catch(() => caches.match(request, { ignoreSearch: true })));
});
