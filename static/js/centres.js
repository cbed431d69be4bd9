// "Use my location" for the centre finder (progressive enhancement).
// The button is rendered hidden; it is shown only when the browser offers geolocation.
// On click it puts the coordinates in the same GET form and submits it, so the server
// does the ranking and the result URL (?lat=..&lon=..) can be shared. The coordinates are
// rounded to 2 decimals (about 1 km) first: enough to find the nearest centre, not enough to
// say where someone lives, and the URL ends up in browser history and shared links.
(function () {
  "use strict";
  var button = document.getElementById("use-my-location");
  var form = document.getElementById("centre-finder");
  if (!button || !form || !("geolocation" in navigator)) {
    return;
  }
  var status = document.getElementById("location-status");

  function say(message) {
    if (status) {
      status.textContent = message;
    }
  }

  function setField(name, value) {
    var field = form.querySelector('input[name="' + name + '"]');
    if (!field) {
      field = document.createElement("input");
      field.type = "hidden";
      field.name = name;
      form.appendChild(field);
    }
    field.value = value;
  }

  button.hidden = false;
  button.addEventListener("click", function () {
    button.disabled = true;
    say(button.getAttribute("data-msg-locating") || "");
    navigator.geolocation.getCurrentPosition(
      function (position) {
        var query = form.querySelector('input[name="q"]');
        if (query) {
          query.value = "";
        }
        setField("lat", position.coords.latitude.toFixed(2));
        setField("lon", position.coords.longitude.toFixed(2));
        form.submit();
      },
      function () {
        button.disabled = false;
        say(button.getAttribute("data-msg-error") || "");
      },
      { enableHighAccuracy: false, timeout: 15000, maximumAge: 600000 }
    );
  });
})();
