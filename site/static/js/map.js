/* Kepu: venue maps with Leaflet (vendored, same host). Markers come from a JSON script
   element written by the server, already in the datum of the tiles (GCJ-02 for 高德,
   core/maps.py); tile layers and attribution from KEPU_MAP_TILES. Without tiles (the
   default) the markers stand on a plain ground with their names, and the list under the
   map has everything. Leaflet's attribution prefix (its link and flag) is left off. */
(function () {
  "use strict";
  function init(element) {
    if (typeof L === "undefined") return;
    var data = JSON.parse(document.getElementById(element.getAttribute("data-markers")).textContent);
    if (!data.length) { element.hidden = true; return; }
    var tilesElement = document.getElementById(element.getAttribute("data-tiles"));
    var tiles = tilesElement ? JSON.parse(tilesElement.textContent) : { layers: [] };
    var plain = !tiles.layers.length;
    var map = L.map(element, { scrollWheelZoom: false, keyboard: true, attributionControl: !plain });
    if (!plain) {
      map.attributionControl.setPrefix(false);
      tiles.layers.forEach(function (layer, i) {
        L.tileLayer(layer.url, {
          maxZoom: 18,
          subdomains: layer.subdomains || "abc",
          attribution: i === 0 ? tiles.attribution || "" : ""
        }).addTo(map);
      });
    }
    var labelled = plain && data.length <= 20;
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
      if (labelled) {
        // Alternate sides so two venues near each other do not cover each other's names.
        var right = points.length % 2 === 0;
        marker.bindTooltip(venue.title, {
          permanent: true, direction: right ? "right" : "left", offset: right ? [16, -14] : [-16, -14], className: "map-label"
        });
      }
      points.push([venue.lat, venue.lng]);
    });
    if (points.length === 1) map.setView(points[0], 15);
    else map.fitBounds(points, { padding: [24, 24], maxZoom: 15 });
  }
  var maps = document.querySelectorAll("[data-map]");
  for (var i = 0; i < maps.length; i++) init(maps[i]);
})();
