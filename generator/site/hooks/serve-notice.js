// generator serve: show the problems that stopped the last render above the page, and hide
// them once they are fixed (hooks/serve_notice.py). The page is the last good render.
(function () {
  var here = document.currentScript && document.currentScript.src;
  if (!here || !window.fetch) return;
  var url = new URL("serve-notice.json", here);
  var shown = "";
  function show(notice) {
    var text = (notice.problems || []).join("\n");
    if (text === shown) return;
    shown = text;
    var old = document.getElementById("serve-notice");
    if (old) old.remove();
    if (!text) return;
    var box = document.createElement("div");
    box.id = "serve-notice";
    box.setAttribute("role", "alert");
    box.style.cssText = "position:sticky;top:0;z-index:1000;margin:0;padding:.8em 1em;" +
      "background:#fff3b0;color:#1a1a1a;border-bottom:3px solid #b00020;" +
      "font:14px/1.4 system-ui,sans-serif;max-height:40vh;overflow:auto";
    var title = document.createElement("strong");
    title.textContent = notice.title || "";
    var list = document.createElement("pre");
    list.style.cssText = "margin:.5em 0 0;white-space:pre-wrap;font-size:13px";
    list.textContent = text;
    box.appendChild(title);
    box.appendChild(list);
    document.body.insertBefore(box, document.body.firstChild);
  }
  function poll() {
    fetch(url, { cache: "no-store" })
      .then(function (response) { return response.json(); })
      .then(show)
      .catch(function () {})
      .then(function () { setTimeout(poll, 2000); });
  }
  poll();
})();
