/* The agenda's maps, drawn with Leaflet (bundled by django-leaflet): the map of events and the
   small map of one event's place. Their settings are JSON in the page (json_script): the CSP
   refuses inline scripts. Every map has a list beside it with the same content.

   Markers closer than SPACING pixels join the group of the nearest marker already placed,
   computed again at each zoom, so no two markers are ever closer than SPACING: a pin (25 x 41)
   or a group's round (40 x 40) never covers another one, and each stays a whole target of at
   least 24 x 24 pixels (WCAG 2.5.8). A few hundred markers at most (views.MAP_LIMIT) take well
   under a millisecond, so nothing heavier (a clustering plug-in, server-side clusters per zoom)
   is needed. */
(function () {
  "use strict";

  // The words the map shows, in the page's language (Django's JavaScript catalogue, /jsi18n/).
  var gettext = window.gettext || function (text) { return text; };
  var interpolate = window.interpolate || function (format, values) {
    return format.replace(/%\((\w+)\)s/g, function (match, name) { return values[name]; });
  };

  var SPACING = 72;

  function baseMap(container, config) {
    container.textContent = "";
    var map = L.map(container, {
      zoomControl: false,
      minZoom: config.minZoom,
      maxZoom: config.maxZoom
    });
    L.control.zoom({ zoomInTitle: "Zoomer", zoomOutTitle: "Dézoomer" }).addTo(map);
    map.attributionControl.setPrefix('<a href="https://leafletjs.com/">Leaflet</a>');
    L.tileLayer(config.tiles, { attribution: config.attribution, maxZoom: config.maxZoom }).addTo(map);
    return map;
  }

  function latLng(feature) {
    var coordinates = feature.geometry.coordinates;
    return L.latLng(coordinates[1], coordinates[0]);
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text) {
      node.textContent = text;
    }
    return node;
  }

  // Each thème as everywhere on the site (templates/includes/theme_label.html): a decorative
  // pictogram, then the name in words.
  function themeList(themes) {
    var list = element("ul", "theme-tags");
    list.setAttribute("aria-label", "Thèmes");
    themes.forEach(function (theme) {
      var item = element("li", "theme-tag");
      var label = element("span", "theme-label");
      var picture = element("img", "theme-label__pictogram");
      picture.src = theme.pictogram;
      picture.alt = "";
      picture.width = 24;
      picture.height = 24;
      label.appendChild(picture);
      label.appendChild(document.createTextNode(" "));
      label.appendChild(element("span", "theme-label__name", theme.name));
      item.appendChild(label);
      list.appendChild(item);
    });
    return list;
  }

  // Built with the DOM rather than HTML strings: titles are typed by people.
  function popupContent(features) {
    var list = element("ul", "map-popup");
    features.forEach(function (feature) {
      var data = feature.properties;
      var item = element("li", "map-popup__item");
      var link = element("a", "", data.title);
      link.href = data.url;
      item.appendChild(link);
      if (data.cancelled) {
        item.appendChild(element("strong", "", " (annulé)"));
      }
      item.appendChild(element("span", "map-popup__meta", data.when + ", " + data.place));
      if (data.themes && data.themes.length) {
        item.appendChild(themeList(data.themes));
      }
      list.appendChild(item);
    });
    return list;
  }

  function samePlace(features) {
    var first = features[0].geometry.coordinates;
    return features.every(function (feature) {
      var coordinates = feature.geometry.coordinates;
      return coordinates[0] === first[0] && coordinates[1] === first[1];
    });
  }

  // [{anchor: the first marker's point, features: [...]}]: anchors at least SPACING apart.
  function spacedGroups(map, features) {
    var zoom = map.getZoom();
    var groups = [];
    features.forEach(function (feature) {
      var point = map.project(latLng(feature), zoom);
      var nearest = null;
      var best = SPACING;
      groups.forEach(function (group) {
        var distance = group.anchor.distanceTo(point);
        if (distance < best) {
          best = distance;
          nearest = group;
        }
      });
      if (nearest) {
        nearest.features.push(feature);
      } else {
        groups.push({ anchor: point, features: [feature] });
      }
    });
    return groups.map(function (group) {
      return { position: map.unproject(group.anchor, zoom), features: group.features };
    });
  }

  function eventMarker(group, position) {
    var label = group.length === 1 ? group[0].properties.title : interpolate(gettext("%(count)s rencontres à cet endroit"), { count: group.length }, true);
    var marker = L.marker(position, { title: label, alt: label });
    marker.bindPopup(popupContent(group), { maxHeight: 300 });
    return marker;
  }

  function clusterMarker(map, group, position, bounds) {
    var count = String(group.length);
    var label = interpolate(gettext("%(count)s rencontres : zoomer sur elles"), { count: count }, true);
    var icon = L.divIcon({
      className: "map-cluster",
      html: '<span aria-hidden="true">' + count + '</span><span class="visually-hidden">' + label + "</span>",
      iconSize: [40, 40]
    });
    var marker = L.marker(position, { icon: icon, title: label });
    var zoomIn = function () {
      map.fitBounds(bounds.pad(0.3));
    };
    marker.on("click", zoomIn);
    marker.on("keypress", function (event) {
      if (event.originalEvent.key === "Enter") {
        zoomIn();
      }
    });
    return marker;
  }

  function eventsMap(container, config) {
    var map = baseMap(container, config);
    // How to use the map with the keyboard: said once there is a map to use.
    var keys = document.getElementById(container.getAttribute("aria-describedby"));
    if (keys) {
      keys.hidden = false;
    }
    map.setView(config.center, config.zoom);
    var layer = L.layerGroup().addTo(map);
    var features = [];

    function draw() {
      layer.clearLayers();
      var groups = spacedGroups(map, features);
      groups.forEach(function (group) {
        var members = group.features;
        if (members.length === 1 || samePlace(members) || map.getZoom() >= map.getMaxZoom()) {
          layer.addLayer(eventMarker(members, group.position));
        } else {
          layer.addLayer(clusterMarker(map, members, group.position, L.latLngBounds(members.map(latLng))));
        }
      });
      // Read by the browser tests, to know the markers of this zoom are drawn.
      container.dataset.markers = String(groups.length);
      container.dataset.zoom = String(map.getZoom());
    }

    map.on("zoomend", draw);
    fetch(config.geojson, { headers: { Accept: "application/geo+json" } })
      .then(function (response) {
        return response.json();
      })
      .then(function (data) {
        features = data.features;
        if (features.length) {
          // At once, not animated: the markers are drawn for the zoom the page opens at.
          map.fitBounds(L.latLngBounds(features.map(latLng)).pad(0.1), { maxZoom: 13, animate: false });
        }
        draw();
      });
  }

  function placeMap(container, config) {
    var map = baseMap(container, config);
    var position = L.latLng(config.point[1], config.point[0]);
    map.setView(position, 15);
    L.marker(position, { title: config.place, alt: config.place, keyboard: false }).addTo(map);
  }

  document.querySelectorAll("[data-map-config]").forEach(function (container) {
    var config = JSON.parse(document.getElementById(container.dataset.mapConfig).textContent);
    if (config.geojson) {
      eventsMap(container, config);
    } else if (config.point) {
      placeMap(container, config);
    }
  });
})();
