// Registers the offline copy (templates/sw.js) once the page has loaded, so that it never
// competes with the page itself; the site works in full without it.
(function () {
  "use strict";
  if (!("serviceWorker" in navigator)) {
    return;
  }
  window.addEventListener("load", function () {
    navigator.serviceWorker.register("/sw.js").then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (registration) {
      registration.active.postMessage({ type: "visited", path: location.pathname });
    }).catch(function () {
      // No offline copy (private window, storage full): nothing else changes.
    });
  });
})();
