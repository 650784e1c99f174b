/* The interactive map (issue 15, point 5): Leaflet, vendored and served by the portal.
 *
 * Progressive enhancement only: without this file (or Leaflet, or the tiles) the page keeps
 * its SVG map and the list in words. The layers come from the page's data-geojson
 * (/places.geojson?on=...), the tile layer from that answer's `tiles`; on the wizard's
 * place step (data-pick) a tap or "use my location" sets the point, fills the latitude and
 * longitude fields, and asks data-check (the engine's own check) what the law says of it.
 */
(function () {
  "use strict";
  if (typeof window.L === "undefined") { return; }  // Leaflet did not load: the SVG stays

  var STYLES = {
    site: {color: "#0b4f8a", weight: 2, fillColor: "#9cc3e6", fillOpacity: 0.55},
    route: {color: "#b4400a", weight: 5, opacity: 0.9},
    buffer: {color: "#b00020", weight: 1.5, dashArray: "4 3", fillColor: "#f6dde1", fillOpacity: 0.5},
    prohibited: {color: "#b00020", weight: 2, fillColor: "#b00020", fillOpacity: 0.4}
  };

  // Leaflet 1.9.4 cancels a tile it no longer needs by pointing it at a data: image, which
  // the content security policy blocks (images: the portal and the tile host only). An
  // empty src cancels the download just as well, with no request at all.
  var TileLayer = L.TileLayer.extend({
    _abortLoading: function () {
      for (var key in this._tiles) {
        var entry = this._tiles[key];
        if (entry.coords.z !== this._tileZoom && !entry.el.complete) {
          entry.el.onload = L.Util.falseFn;
          entry.el.onerror = L.Util.falseFn;
          entry.el.setAttribute("src", "");
          L.DomUtil.remove(entry.el);
          delete this._tiles[key];
          this.fire("tileabort", {tile: entry.el, coords: entry.coords});
        }
      }
    },
    _removeTile: function (key) {
      var entry = this._tiles[key];
      if (!entry) { return; }
      entry.el.onload = L.Util.falseFn;
      entry.el.onerror = L.Util.falseFn;
      entry.el.setAttribute("src", "");
      return L.GridLayer.prototype._removeTile.call(this, key);
    }
  });

  function ready(fn) {
    if (document.readyState !== "loading") { fn(); } else { document.addEventListener("DOMContentLoaded", fn); }
  }

  function escapeText(text) {
    var span = document.createElement("span");
    span.textContent = text;
    return span.innerHTML;
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, name) { return values[name]; });
  }

  function layerOf(data, names, pick) {
    return L.geoJSON(data, {
      filter: function (feature) { return names.indexOf(feature.properties.layer) !== -1; },
      interactive: !pick,  // on the place step every tap sets the point
      style: function (feature) {
        var p = feature.properties;
        var style = L.extend({}, STYLES[p.layer]);
        style.className = "live-map-" + p.layer + " live-map-" + p.layer + "-" + p.id;
        if (p.closed) { style.dashArray = "6 4"; style.color = "#b00020"; }
        return style;
      },
      onEachFeature: function (feature, layer) {
        if (pick) { return; }
        var p = feature.properties;
        // The server words a place (autoescaped); a zone's name is text.
        layer.bindPopup(p.text ? "<p>" + p.number + ". " + p.text + "</p>" : "<p>" + escapeText(p.name) + "</p>");
      }
    });
  }

  function picker(map, container, on) {
    var lat = document.getElementById("lat");
    var lon = document.getElementById("lon");
    var place = document.getElementById("place");
    var status = document.querySelector("[data-pick-status]");
    var tools = document.querySelector("[data-pick-tools]");
    var hint = document.querySelector("[data-pick-hint]");
    if (!lat || !lon || !status) { return; }
    var marker = null;
    var asked = 0;

    function show(point) {
      if (marker) { marker.setLatLng(point); } else {
        marker = L.circleMarker(point, {radius: 8, color: "#fff", weight: 3, fillColor: "#b00020",
          fillOpacity: 1, interactive: false, className: "live-map-point"}).addTo(map);
      }
    }

    function say(text, findings) {
      status.textContent = "";
      var line = document.createElement("p");
      line.textContent = text;
      status.appendChild(line);
      findings.forEach(function (finding) {
        var item = document.createElement("p");
        item.className = "finding finding-" + finding.severity;
        item.setAttribute("data-point-finding", "");
        item.textContent = finding.message;
        status.appendChild(item);
      });
    }

    function check(latValue, lonValue) {
      var number = ++asked;
      var url = container.getAttribute("data-check") + "?on=" + encodeURIComponent(on) +
        "&lat=" + encodeURIComponent(latValue) + "&lon=" + encodeURIComponent(lonValue);
      var said = fill(status.getAttribute("data-point-set"), {lat: latValue, lon: lonValue});
      fetch(url, {credentials: "same-origin", headers: {Accept: "application/json"}})
        .then(function (response) { return response.json(); })
        .then(function (body) {
          if (number === asked) { say(said, body.findings || []); }
        })
        .catch(function () { if (number === asked) { say(said, []); } });
    }

    function setPoint(latlng) {
      var latValue = latlng.lat.toFixed(6);
      var lonValue = latlng.lng.toFixed(6);
      lat.value = latValue;
      lon.value = lonValue;
      if (place && place.value !== "point" && place.querySelector('option[value="point"]')) {
        place.value = "point";
        place.dispatchEvent(new Event("change"));
      }
      show(latlng);
      check(latValue, lonValue);
    }

    function typed() {
      var a = parseFloat(lat.value.replace(",", "."));
      var b = parseFloat(lon.value.replace(",", "."));
      if (isFinite(a) && isFinite(b) && Math.abs(a) <= 90 && Math.abs(b) <= 180) {
        show([a, b]);
        return [a, b];
      }
      return null;
    }

    map.on("click", function (event) { setPoint(event.latlng); });
    [lat, lon].forEach(function (input) {
      input.addEventListener("change", function () {
        var point = typed();
        if (point) { check(String(point[0]), String(point[1])); }
      });
    });
    typed();
    if (hint) { hint.hidden = false; }
    var locate = document.querySelector("[data-locate]");
    if (tools && locate && navigator.geolocation) {
      tools.hidden = false;
      locate.addEventListener("click", function () {
        status.textContent = locate.getAttribute("data-locating");
        navigator.geolocation.getCurrentPosition(function (position) {
          var point = L.latLng(position.coords.latitude, position.coords.longitude);
          map.setView(point, Math.max(map.getZoom(), 15));
          setPoint(point);
        }, function () {
          status.textContent = locate.getAttribute("data-locate-failed");
        }, {enableHighAccuracy: true, timeout: 15000, maximumAge: 60000});
      });
    }
  }

  function addLayers(map, container, data) {
    var pick = container.hasAttribute("data-pick");
    if (data.tiles && data.tiles.url) {
      new TileLayer(data.tiles.url, {maxZoom: 19, attribution: escapeText(data.tiles.attribution || "")}).addTo(map);
    }
    var zones = layerOf(data, ["buffer", "prohibited"], pick).addTo(map);
    var routes = layerOf(data, ["route"], pick).addTo(map);
    var places = layerOf(data, ["site"], pick).addTo(map);
    var overlays = {};
    overlays[escapeText(container.getAttribute("data-layer-places"))] = places;
    overlays[escapeText(container.getAttribute("data-layer-routes"))] = routes;
    overlays[escapeText(container.getAttribute("data-layer-zones"))] = zones;
    var control = L.control.layers(null, overlays, {collapsed: true}).addTo(map);
    var toggle = control.getContainer().querySelector(".leaflet-control-layers-toggle");
    if (toggle) {
      toggle.title = container.getAttribute("data-layers");
      toggle.setAttribute("aria-label", container.getAttribute("data-layers"));
    }
    var bounds = L.featureGroup([places, routes, zones]).getBounds();
    if (!bounds.isValid()) { return false; }
    map.fitBounds(bounds, {padding: [12, 12]});
    return true;
  }

  // The map takes its place at once (before its data arrives), so nothing moves under a
  // finger afterwards; should the data not come, the SVG map comes back.
  function start(container) {
    var figure = container.parentNode.querySelector("figure.map");
    container.hidden = false;
    if (figure) { figure.hidden = true; }
    var map = L.map(container, {zoomControl: false, attributionControl: true});
    L.control.zoom({
      zoomInTitle: container.getAttribute("data-zoom-in"),
      zoomOutTitle: container.getAttribute("data-zoom-out")
    }).addTo(map);
    function fallBack() {
      map.remove();
      container.hidden = true;
      if (figure) { figure.hidden = false; }
    }
    fetch(container.getAttribute("data-geojson"), {credentials: "same-origin", headers: {Accept: "application/json"}})
      .then(function (response) { if (!response.ok) { throw new Error(response.status); } return response.json(); })
      .then(function (data) { if (!addLayers(map, container, data)) { fallBack(); } })
      .catch(fallBack);
    if (container.hasAttribute("data-pick")) { picker(map, container, container.getAttribute("data-on")); }
  }

  ready(function () {
    document.querySelectorAll("[data-live-map]").forEach(start);
  });
})();
