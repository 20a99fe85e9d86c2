/* The map of referents (/referents/carte/): the intercommunalités from the GeoJSON endpoint and the
   thematic referents' permanences as markers. Settings come from the page's JSON (json_script):
   no inline script, as the Content-Security-Policy asks. Popups are built with DOM nodes and
   textContent, never HTML strings, so a name can never inject markup. */
(function () {
  "use strict";

  // The words the map shows, in the page's language (Django's JavaScript catalogue, /jsi18n/).
  var gettext = window.gettext || function (text) { return text; };
  var interpolate = window.interpolate || function (format, values) {
    return format.replace(/%\((\w+)\)s/g, function (match, name) { return values[name]; });
  };

  var TERRITORY_STYLE = { color: "#0b4f8a", weight: 2, fillColor: "#0b4f8a", fillOpacity: 0.15 };
  var WANTED_STYLE = { color: "#8a5a00", weight: 2, dashArray: "6 4", fillColor: "#8a5a00", fillOpacity: 0.08 };

  function element(tag, text, className) {
    var node = document.createElement(tag);
    if (text) {
      node.textContent = text;
    }
    if (className) {
      node.className = className;
    }
    return node;
  }

  function link(url, text) {
    var node = element("a", text);
    node.href = url;
    return node;
  }

  function territoryPopup(properties, volunteerUrl) {
    var box = element("div", "", "map-popup");
    box.appendChild(element("p", properties.name, "map-popup__title"));
    var who = element("p");
    if (properties.referents.length) {
      who.appendChild(document.createTextNode(properties.referents_label + " : "));
      properties.referents.forEach(function (referent, index) {
        if (index) {
          who.appendChild(document.createTextNode(", "));
        }
        who.appendChild(link(referent.url, referent.name));
      });
    } else {
      who.appendChild(element("strong", gettext("Recherche un référent — devenez bénévole !")));
      who.appendChild(document.createTextNode(" "));
      who.appendChild(link(volunteerUrl, gettext("Proposer votre aide")));
    }
    box.appendChild(who);
    var agenda = element("p");
    agenda.appendChild(link(properties.agenda_url, gettext("Les rencontres de ce territoire")));
    box.appendChild(agenda);
    return box;
  }

  function markerPopup(marker) {
    var box = element("div", "", "map-popup");
    var title = element("p", "", "map-popup__title");
    title.appendChild(link(marker.url, marker.name));
    box.appendChild(title);
    if (marker.themes) {
      box.appendChild(element("p", marker.themes));
    }
    box.appendChild(element("p", marker.when.charAt(0).toUpperCase() + marker.when.slice(1)));
    box.appendChild(element("p", marker.place));
    return box;
  }

  function start() {
    var container = document.getElementById("carte");
    var configNode = document.getElementById("carte-config");
    if (!container || !configNode || typeof L === "undefined") {
      return;
    }
    var config = JSON.parse(configNode.textContent);
    var fallback = container.querySelector(".referent-map__fallback");
    if (fallback) {
      fallback.remove();
    }
    var map = L.map(container, { zoomControl: false, scrollWheelZoom: false }).setView([47.35, -1.75], 9);
    L.control.zoom({ zoomInTitle: "Zoomer", zoomOutTitle: "Dézoomer" }).addTo(map);
    map.attributionControl.setPrefix("Leaflet");
    L.tileLayer(config.tilesUrl, { attribution: config.attribution, maxZoom: 18 }).addTo(map);

    fetch(config.territoriesUrl, { headers: { Accept: "application/geo+json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.json();
      })
      .then(function (data) {
        var layer = L.geoJSON(data, {
          style: function (feature) {
            return feature.properties.referents.length ? TERRITORY_STYLE : WANTED_STYLE;
          },
          onEachFeature: function (feature, shape) {
            shape.bindPopup(territoryPopup(feature.properties, config.volunteerUrl));
            shape.bindTooltip(feature.properties.name, { sticky: true });
          }
        }).addTo(map);
        layer.bringToBack();
        // The shapes only show on the map what the list beside it says (each intercommunalité,
        // its referent, its rencontres): the keyboard and screen readers go through the list,
        // not through 17 nameless shapes (Leaflet's tooltips make each one a tab stop).
        layer.eachLayer(function (shape) {
          var path = shape.getElement();
          if (path) {
            path.setAttribute("tabindex", "-1");
          }
        });
        var drawing = container.querySelector(".leaflet-overlay-pane svg");
        if (drawing) {
          drawing.setAttribute("aria-hidden", "true");
        }
        map.fitBounds(layer.getBounds());
        container.dataset.territories = String(data.features.length);
      })
      .catch(function () {
        container.dataset.territories = "0";
      });

    config.markers.forEach(function (marker) {
      L.marker([marker.lat, marker.lon], {
        alt: interpolate(gettext("Permanence de %(name)s : %(place)s"), { name: marker.name, place: marker.place }, true),
        title: marker.name
      })
        .bindPopup(markerPopup(marker))
        .addTo(map);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
