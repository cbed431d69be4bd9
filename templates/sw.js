/* IOM Romania portal: the offline copy (issue 17; docs/print-and-offline.md).

   Hand-written on purpose, no library: it is short enough to read in one sitting.
   What it keeps, so that it opens with no connection:
     - the centre list, the current warnings and "How to check an offer", in the language
       of the first page visited (fetched once the worker is installed);
     - each centre page and each warning page the visitor opened;
     - the stylesheets and scripts of those pages.
   What it never keeps or answers: anything but GET (a POST always goes to the network),
   the staff area, any address with a query string (search results, lookups, filters),
   a page the server did not mark `Cache-Control: public` (a session, a CSRF cookie or a
   message makes a page personal, see iom_romania/middleware.py), a page holding a form's
   CSRF token. Pages are fetched online first; the saved copy is only used when that fails,
   and then it says "Saved on <date>; may be out of date". The first visit with a connection
   after that (and any visit when the last refresh is older than REFRESH_EVERY) fetches
   everything kept again. The whole cache stays under about 1 MB: the oldest pages go. */
"use strict";

var CACHE = "iom-offline-{{ version }}";
var MAX_BYTES = {{ max_bytes }};
var ADMIN_PREFIX = "/{{ admin_url }}";
var LANGUAGES = {{ languages|safe }};
// Pages that are kept once opened (the path after the language prefix).
var KEPT_PAGES = [
  /^\/centres\/$/,
  /^\/centres\/[-\w]+\/$/,
  /^\/alerts\/$/,
  /^\/alerts\/how-to-check\/$/,
  /^\/alerts\/[-\w]+\/$/
];
// Never kept even though they look like one of the above: forms and what visitors send.
var NEVER_KEPT = /^\/alerts\/(check|report|feed|cap|rss|atom)\//;
// Fetched for each language as soon as the worker knows the visitor's language.
var CORE_PAGES = ["/centres/", "/alerts/", "/alerts/how-to-check/"];
// Refresh at most this often (milliseconds) while pages are being visited online.
var REFRESH_EVERY = 10 * 60 * 1000;
var lastRefresh = 0;
// When a page last had to come from the cache: the next visit online refreshes everything.
var lastOffline = 0;
// Pages being written to the cache: an offline visit waits for them.
var writing = new Set();

self.addEventListener("install", function () {
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf("iom-offline-") === 0 && name !== CACHE;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () { return self.clients.claim(); })
  );
});

// Each page, once loaded, says where it is (static/js/offline.js): the core pages of its
// language and the page itself are kept if they are not yet, and everything kept is
// fetched again when the last refresh is older than REFRESH_EVERY.
self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type !== "visited" || typeof data.path !== "string") {
    return;
  }
  var language = languageOf(data.path);
  if (!language) {
    return;
  }
  var paths = CORE_PAGES.map(function (page) { return "/" + language + page; });
  if (isKeptPath(data.path)) {
    paths.push(data.path);
  }
  event.waitUntil(notKept(paths).then(refresh));
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") {
    return; // never answers a POST (or any other method): the network does
  }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.indexOf(ADMIN_PREFIX) === 0) {
    return; // other sites and the staff area: never touched
  }
  if (!url.search && isKeptPath(url.pathname) && request.mode === "navigate") {
    event.respondWith(networkFirst(event, url.pathname));
  } else if (!url.search && url.pathname.indexOf("/static/") === 0) {
    event.respondWith(assetFromCache(event, request));
  }
});

function languageOf(path) {
  var first = path.split("/")[1];
  return LANGUAGES.indexOf(first) >= 0 ? first : null;
}

function isKeptPath(path) {
  var language = languageOf(path);
  if (!language) {
    return false;
  }
  var rest = path.slice(language.length + 1);
  return !NEVER_KEPT.test(rest) && KEPT_PAGES.some(function (pattern) {
    return pattern.test(rest);
  });
}

function networkFirst(event, path) {
  // no-cache: ask the server (a quick 304 when nothing changed) rather than take the
  // browser's own HTTP cache, so that a failure means "offline" and the saved copy says so.
  // (Chromium refuses to copy a navigation request with changes: a new request, then.)
  var online = fetch(event.request.url, {
    cache: "no-cache", credentials: "same-origin", redirect: "manual"
  });
  return online.then(function (response) {
    if (isPublicPage(response)) {
      event.waitUntil(keep(path, response.clone()).then(function () {
        return refresh([]);
      }));
    }
    return response;
  }, function (error) {
    lastOffline = Date.now();
    // A copy being written now (a visit just before the connection went) is waited for.
    return Promise.all(Array.from(writing)).then(function () {
      return caches.open(CACHE);
    }).then(function (cache) {
      return cache.match(path);
    }).then(function (saved) {
      if (!saved) {
        throw error;
      }
      return withSavedNotice(saved, languageOf(path));
    });
  });
}

function isPublicPage(response) {
  var cacheControl = response.headers.get("Cache-Control") || "";
  var type = response.headers.get("Content-Type") || "";
  return response.status === 200 && response.type === "basic" &&
    /\bpublic\b/.test(cacheControl) && !/no-store|private/.test(cacheControl) &&
    type.indexOf("text/html") === 0;
}

// Fetched without cookies: what is kept is the page as anybody sees it. True when the site
// answered.
function fetchAndKeep(path) {
  return fetch(path, { credentials: "omit", cache: "no-cache", redirect: "error" }).then(
    function (response) {
      return isPublicPage(response) ? keep(path, response).then(function () { return true; }) : true;
    },
    function () { return false; } // offline or refused: keep the copy we have
  );
}

function keep(path, response) {
  return response.text().then(function (html) {
    if (html.indexOf("csrfmiddlewaretoken") >= 0) {
      return null; // a form with a CSRF token: personal, never kept
    }
    var assets = [];
    html.replace(/(?:href|src)="(\/static\/[^"?#]+\.(?:css|js|svg|png))"/g, function (_, asset) {
      assets.push(asset);
    });
    var written = caches.open(CACHE).then(function (cache) {
      return cache.put(path, stamped(html, "text/html; charset=utf-8")).then(function () {
        return Promise.all(assets.map(function (asset) { return keepAsset(cache, asset); }));
      });
    }).catch(function () { return null; }); // storage full or refused: nothing kept
    writing.add(written);
    return written.then(function () { writing.delete(written); });
  });
}

function keepAsset(cache, path) {
  return cache.match(path).then(function (found) {
    if (found) {
      return null;
    }
    return fetch(path, { credentials: "omit" }).then(function (response) {
      if (response.status !== 200) {
        return null;
      }
      var type = response.headers.get("Content-Type") || "application/octet-stream";
      return response.arrayBuffer().then(function (body) {
        return cache.put(path, stamped(body, type));
      });
    }, function () { return null; });
  });
}

function stamped(body, type) {
  var size = typeof body === "string" ? new Blob([body]).size : body.byteLength;
  return new Response(body, {
    headers: { "Content-Type": type, "X-Saved-On": new Date().toISOString(), "X-Size": String(size) }
  });
}

function assetFromCache(event, request) {
  return caches.open(CACHE).then(function (cache) {
    return cache.match(request.url.replace(self.location.origin, "")).then(function (saved) {
      return saved || fetch(request);
    });
  });
}

function notKept(paths) {
  return caches.open(CACHE).then(function (cache) {
    return Promise.all(paths.map(function (path) { return cache.match(path); }));
  }).then(function (found) {
    return paths.filter(function (path, index) { return !found[index]; });
  });
}

// Fetch `paths`, and on a visit with a connection at most every REFRESH_EVERY, every page
// kept: the saved copies follow the site.
function refresh(paths) {
  var now = Date.now();
  var everything = now - lastRefresh >= REFRESH_EVERY || lastOffline >= lastRefresh;
  var kept = Promise.resolve([]);
  if (everything) {
    kept = caches.open(CACHE).then(function (cache) {
      return cache.keys();
    }).then(function (requests) {
      return requests.map(function (request) { return new URL(request.url).pathname; })
        .filter(isKeptPath);
    });
  }
  return kept.then(function (keptPaths) {
    var all = Array.from(new Set(paths.concat(keptPaths)));
    return Promise.all(all.map(fetchAndKeep));
  }).then(function (answered) {
    // Refreshed only if the site answered: a visit while offline changes nothing.
    if (everything && answered.some(Boolean)) {
      lastRefresh = now;
    }
    return trim();
  });
}

// Oldest pages first until the cache holds at most MAX_BYTES. Core pages go last.
function trim() {
  return caches.open(CACHE).then(function (cache) {
    return cache.keys().then(function (requests) {
      return Promise.all(requests.map(function (request) {
        return cache.match(request).then(function (response) {
          return {
            request: request,
            path: new URL(request.url).pathname,
            size: Number(response.headers.get("X-Size") || 0),
            savedOn: response.headers.get("X-Saved-On") || ""
          };
        });
      }));
    }).then(function (entries) {
      var total = entries.reduce(function (sum, entry) { return sum + entry.size; }, 0);
      var pages = entries.filter(function (entry) { return isKeptPath(entry.path); });
      pages.sort(function (a, b) {
        return isCore(a.path) - isCore(b.path) || (a.savedOn < b.savedOn ? -1 : 1);
      });
      var deletions = [];
      while (total > MAX_BYTES && pages.length) {
        var oldest = pages.shift();
        total -= oldest.size;
        deletions.push(cache.delete(oldest.request));
      }
      return Promise.all(deletions);
    });
  });
}

function isCore(path) {
  var language = languageOf(path);
  return language && CORE_PAGES.indexOf(path.slice(language.length + 1)) >= 0 ? 1 : 0;
}

function withSavedNotice(saved, language) {
  var savedOn = saved.headers.get("X-Saved-On");
  return saved.text().then(function (html) {
    var date = new Date(savedOn);
    var shown = new Intl.DateTimeFormat(language || undefined, {
      dateStyle: "long", timeStyle: "short"
    }).format(date).replace(/[<>&"]/g, "");
    html = html.replace("data-saved-notice hidden", "data-saved-notice")
      .replace("<span data-saved-on></span>",
        "<time data-saved-on datetime=\"" + date.toISOString() + "\">" + shown + "</time>");
    return new Response(html, {
      headers: { "Content-Type": "text/html; charset=utf-8", "X-Served-From": "offline-copy" }
    });
  });
}
