/* Starts the admin map widgets (tousvoisins.admin.MapWidget) from their JSON settings.
   django-leaflet starts them with inline <script>s, which our Content-Security-Policy refuses. */
(function () {
  "use strict";

  // "draw_toolbar_buttons_polygon" -> L.drawLocal.draw.toolbar.buttons.polygon, in French.
  function translateDrawTools(strings) {
    Object.keys(strings).forEach(function (key) {
      var path = key.split("_");
      var target = L.drawLocal;
      if (!target || (path[0] !== "draw" && path[0] !== "edit")) {
        return;
      }
      for (var i = 0; i < path.length - 1 && target; i++) {
        target = target[path[i]];
      }
      if (target) {
        target[path[path.length - 1]] = strings[key];
      }
    });
  }

  function startMap(container) {
    var config = JSON.parse(document.getElementById(container.dataset.mapConfig).textContent);
    translateDrawTools(config.i18n);
    L.Map.djangoMap(container.id, {
      djoptions: config.djoptions,
      globals: false,
      callback: function (map, options) {
        new L.GeometryField({
          fieldid: config.fieldid,
          modifiable: config.modifiable,
          geom_type: config.geom_type,
          srid: config.srid,
          field_store_class: L.FieldStore,
          precision: options.djoptions.precision
        }).addTo(map);
      }
    });
  }

  function startAll() {
    document.querySelectorAll("[data-map-config]").forEach(startMap);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", startAll);
  } else {
    startAll();
  }
})();
