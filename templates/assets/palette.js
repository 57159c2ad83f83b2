/* Restores the colour palette the reader chose, before the page is drawn: loaded (not deferred)
   by overrides/partials/header.html right after the palette's form, as Material's own inline
   script runs there. Material keeps the choice under "__palette" (__md_get, defined in the
   page's head); "(prefers-color-scheme)" means follow the system's light or dark setting. */
(function () {
  var saved = __md_get("__palette");
  if (!saved || !saved.color) return;
  var color = saved.color;
  if (color.media === "(prefers-color-scheme)") {
    var light = matchMedia("(prefers-color-scheme: light)").matches;
    var input = document.querySelector("[data-md-color-media='(prefers-color-scheme: " +
                                        (light ? "light" : "dark") + ")']");
    ["media", "scheme", "primary", "accent"].forEach(function (key) {
      color[key] = input.getAttribute("data-md-color-" + key);
    });
  }
  Object.keys(color).forEach(function (key) {
    document.body.setAttribute("data-md-color-" + key, color[key]);
  });
})();
