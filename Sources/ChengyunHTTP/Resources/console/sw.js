'use strict';
// 离线 — the console's service worker. A building-group leader's phone must keep their sweep through a lost connection
// even when the page is reloaded or the browser closed (docs/SWEEPS.md): the console's own files (its page, scripts,
// styles, string tables and the vendor libraries it loads) are kept in a cache when the worker is installed, and every
// one is still asked of the server first — the cache answers only when the network does not, and takes a file again
// only when its entity tag changed. The API is never cached here: what a page needs offline it keeps itself (the sweep
// page keeps its work and its queue of takings on the phone).
const SHELL = 'chengyun-console';
const ownFile = (url) => url.origin === self.location.origin && (url.pathname === '/console/' || url.pathname.startsWith('/console/') || url.pathname.startsWith('/assets/'));
// The page is kept once, whatever its query (?at=… makes each sign-in a new document).
const keyOf = (request) => {
  const url = new URL(request.url);
  return request.mode === 'navigate' || url.pathname === '/console/' ? '/console/' : url.pathname;
};

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(SHELL);
    const page = await fetch('/console/', { cache: 'no-cache' });
    const html = await page.clone().text();
    await cache.put('/console/', page);
    const files = [...html.matchAll(/(?:src|href)="(\/(?:console|assets)\/[^"]+)"/g)].map(m => m[1]);
    await cache.addAll([...new Set(files.concat(['/console/config.json', '/console/i18n/zh-CN.json', '/console/i18n/en.json']))]);
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => { event.waitUntil(self.clients.claim()); });

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || !ownFile(new URL(request.url))) return;
  event.respondWith((async () => {
    const cache = await caches.open(SHELL);
    const key = keyOf(request);
    try {
      const reply = await fetch(request);
      if (reply.ok) {
        const kept = await cache.match(key);
        const tag = reply.headers.get('ETag');
        if (!kept || !tag || kept.headers.get('ETag') !== tag) await cache.put(key, reply.clone());
      }
      return reply;
    } catch (offline) {
      const kept = await cache.match(key);
      if (kept) return kept;
      throw offline;
    }
  })());
});
