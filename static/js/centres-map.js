// Map of the centres (progressive enhancement: the list on the page carries everything).
// Markers come from the list items' data attributes; the tile URL and attribution from the
// map container, so no data or settings are inlined in scripts (CSP forbids inline script).
// Leaflet itself (about 45 KB compressed) is loaded only when the map comes into view, so
// a page's first load does not carry it.
(function () {
  "use strict";
  var container = document.getElementById("centres-map");
  if (!container) {
    return;
  }
  container.hidden = false;

  function draw() {
    var items = document.querySelectorAll("[data-centre-lat][data-centre-lon]");
    var points = [];
    var map = window.L.map(container, { scrollWheelZoom: false });
    window.L.tileLayer(container.getAttribute("data-tile-url"), {
      maxZoom: 18,
      attribution: container.getAttribute("data-tile-attribution") || ""
    }).addTo(map);
    window.L.Icon.Default.imagePath = container.getAttribute("data-icon-path") || "";

    Array.prototype.forEach.call(items, function (item) {
      var lat = parseFloat(item.getAttribute("data-centre-lat"));
      var lon = parseFloat(item.getAttribute("data-centre-lon"));
      if (isNaN(lat) || isNaN(lon)) {
        return;
      }
      var marker = window.L.marker([lat, lon], {
        title: item.getAttribute("data-centre-name") || "",
        alt: item.getAttribute("data-centre-name") || ""
      }).addTo(map);
      var popup = document.createElement("div");
      var link = document.createElement("a");
      link.href = item.getAttribute("data-centre-url") || "#";
      link.textContent = item.getAttribute("data-centre-name") || "";
      popup.appendChild(link);
      // A city-centre point, not the centre's door: the popup says so.
      var approximate = item.getAttribute("data-centre-approximate");
      if (approximate) {
        var note = document.createElement("p");
        note.textContent = approximate;
        popup.appendChild(note);
      }
      marker.bindPopup(popup);
      points.push([lat, lon]);
    });

    var origin = container.getAttribute("data-origin");
    if (origin) {
      var parts = origin.split(",");
      points.push([parseFloat(parts[0]), parseFloat(parts[1])]);
    }
    if (points.length === 1) {
      map.setView(points[0], 13);
    } else if (points.length > 1) {
      map.fitBounds(points, { padding: [20, 20] });
    } else {
      map.setView([45.9, 24.97], 6); // Romania
    }
  }

  function loadLeaflet() {
    var style = document.createElement("link");
    style.rel = "stylesheet";
    style.href = container.getAttribute("data-leaflet-css");
    document.head.appendChild(style);
    var script = document.createElement("script");
    script.src = container.getAttribute("data-leaflet-js");
    script.onload = draw;
    document.head.appendChild(script);
  }

  if (!("IntersectionObserver" in window)) {
    loadLeaflet();
    return;
  }
  var observer = new IntersectionObserver(
    function (entries) {
      var seen = entries.some(function (entry) {
        return entry.isIntersecting;
      });
      if (seen) {
        observer.disconnect();
        loadLeaflet();
      }
    },
    { rootMargin: "0px" }
  );
  observer.observe(container);
})();
