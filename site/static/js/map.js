/* Kepu: venue maps with Leaflet (vendored, same host). Markers come from a JSON script
   element written by the server; tiles from the configured tile server. Without tiles
   (offline, blocked) the markers still show, and the list under the map has everything. */
(function () {
  "use strict";
  function init(element) {
    if (typeof L === "undefined") return;
    var data = JSON.parse(document.getElementById(element.getAttribute("data-markers")).textContent);
    if (!data.length) { element.hidden = true; return; }
    var map = L.map(element, { scrollWheelZoom: false, keyboard: true });
    var tiles = element.getAttribute("data-tile-url");
    if (tiles) {
      L.tileLayer(tiles, { maxZoom: 18, attribution: element.getAttribute("data-tile-attribution") || "" }).addTo(map);
    }
    var openLabel = element.getAttribute("data-open-label") || "";
    var points = [];
    data.forEach(function (venue) {
      var icon = L.divIcon({
        className: "map-pin" + (venue.open ? " map-pin--open" : ""),
        iconSize: [28, 28],
        html: ""
      });
      var marker = L.marker([venue.lat, venue.lng], {
        icon: icon,
        title: venue.title + (venue.open ? " · " + openLabel : ""),
        alt: venue.title,
        keyboard: true,
        riseOnHover: true
      }).addTo(map);
      var el = marker.getElement();
      if (el) el.setAttribute("aria-label", venue.title + (venue.open ? " · " + openLabel : ""));
      var box = document.createElement("div");
      var link = document.createElement("a");
      link.href = venue.url;
      link.textContent = venue.title;
      var strong = document.createElement("strong");
      strong.appendChild(link);
      box.appendChild(strong);
      if (venue.address) {
        var address = document.createElement("div");
        address.textContent = venue.address;
        box.appendChild(address);
      }
      if (venue.open) {
        var badge = document.createElement("div");
        badge.className = "open-status open-status--open";
        badge.textContent = openLabel;
        box.appendChild(badge);
      }
      marker.bindPopup(box);
      points.push([venue.lat, venue.lng]);
    });
    if (points.length === 1) map.setView(points[0], 15);
    else map.fitBounds(points, { padding: [24, 24], maxZoom: 15 });
  }
  var maps = document.querySelectorAll("[data-map]");
  for (var i = 0; i < maps.length; i++) init(maps[i]);
})();
