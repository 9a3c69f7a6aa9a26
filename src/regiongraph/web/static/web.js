// Progressive enhancement only: every page works without this file.
// Facet search boxes and "show all", zoom/pan and neighbour highlighting on map and network,
// and focus on the result count after htmx swapped a list in.
(function () {
  "use strict";

  function facets(root) {
    root.querySelectorAll("[data-facet-filter]").forEach(function (input) {
      var list = document.getElementById(input.getAttribute("data-facet-filter"));
      if (!list) { return; }
      input.closest(".facet-filter").hidden = false;
      input.addEventListener("input", function () {
        var q = input.value.trim().toLowerCase();
        list.classList.toggle("collapsed", q === "" && list.dataset.expanded !== "1");
        list.querySelectorAll("li").forEach(function (li) {
          var label = li.querySelector(".facet-label");
          li.hidden = q !== "" && label && label.textContent.toLowerCase().indexOf(q) === -1;
        });
      });
    });
    root.querySelectorAll(".show-more").forEach(function (button) {
      var list = document.getElementById(button.getAttribute("data-list"));
      if (!list) { return; }
      list.classList.add("collapsed");
      button.hidden = false;
      button.setAttribute("aria-expanded", "false");
      button.setAttribute("aria-controls", list.id);
      button.addEventListener("click", function () {
        var open = list.classList.toggle("collapsed") === false;
        list.dataset.expanded = open ? "1" : "";
        button.setAttribute("aria-expanded", open ? "true" : "false");
      });
    });
  }

  function zoomable(figure) {
    var svg = figure.querySelector("svg.zoomable");
    if (!svg) { return; }
    var box = svg.viewBox.baseVal, start = { x: box.x, y: box.y, w: box.width, h: box.height };
    function set(x, y, w, h) { svg.setAttribute("viewBox", [x, y, w, h].join(" ")); }
    function zoom(f, cx, cy) {
      var b = svg.viewBox.baseVal, w = Math.min(start.w, Math.max(start.w / 12, b.width * f));
      var h = w * start.h / start.w;
      cx = cx === undefined ? b.x + b.width / 2 : cx; cy = cy === undefined ? b.y + b.height / 2 : cy;
      set(cx - (cx - b.x) * w / b.width, cy - (cy - b.y) * h / b.height, w, h);
    }
    var controls = document.querySelectorAll('[data-target="' + figure.id + '"]');
    controls.forEach(function (b) {
      b.closest(".zoom-controls").hidden = false;
      b.addEventListener("click", function () {
        var how = b.getAttribute("data-zoom");
        if (how === "reset") { set(start.x, start.y, start.w, start.h); } else { zoom(how === "in" ? 0.7 : 1 / 0.7); }
      });
    });
    svg.addEventListener("wheel", function (e) {
      e.preventDefault();
      var r = svg.getBoundingClientRect(), b = svg.viewBox.baseVal;
      zoom(e.deltaY < 0 ? 0.85 : 1 / 0.85, b.x + (e.clientX - r.left) / r.width * b.width,
           b.y + (e.clientY - r.top) / r.height * b.height);
    }, { passive: false });
    var drag = null;
    svg.addEventListener("pointerdown", function (e) {
      if (e.target.closest("a")) { return; }
      drag = { x: e.clientX, y: e.clientY, b: { x: svg.viewBox.baseVal.x, y: svg.viewBox.baseVal.y } };
    });
    window.addEventListener("pointerup", function () { drag = null; });
    svg.addEventListener("pointermove", function (e) {
      if (!drag) { return; }
      var r = svg.getBoundingClientRect(), b = svg.viewBox.baseVal;
      set(drag.b.x - (e.clientX - drag.x) * b.width / r.width, drag.b.y - (e.clientY - drag.y) * b.height / r.height,
          b.width, b.height);
    });
    function highlight(iri) {
      svg.querySelectorAll("line[data-a]").forEach(function (l) {
        var on = iri && (l.getAttribute("data-a") === iri || l.getAttribute("data-b") === iri);
        l.classList.toggle("hot", !!on);
        l.classList.toggle("dim", !!iri && !on);
      });
    }
    svg.querySelectorAll("a.node").forEach(function (a) {
      var iri = a.getAttribute("data-iri");
      ["mouseenter", "focus"].forEach(function (ev) { a.addEventListener(ev, function () { highlight(iri); }); });
      ["mouseleave", "blur"].forEach(function (ev) { a.addEventListener(ev, function () { highlight(null); }); });
    });
  }

  function init(root) {
    facets(root);
    // on a narrow screen the filters start folded, so the results come first (without script they stay open)
    if (window.matchMedia && window.matchMedia("(max-width: 48rem)").matches) {
      root.querySelectorAll("details.facet-box").forEach(function (d) { d.open = false; });
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    init(document);
    document.querySelectorAll("figure").forEach(function (f) {
      if (!f.id) { var host = f.closest("[id]"); if (host && document.querySelector('[data-target="' + host.id + '"]')) { f.id = host.id + "-fig"; document.querySelectorAll('[data-target="' + host.id + '"]').forEach(function (b) { b.setAttribute("data-target", f.id); }); } }
      if (f.id) { zoomable(f); }
    });
  });
  document.addEventListener("htmx:afterSwap", function (e) {
    init(document);
    var count = document.querySelector("#listing .count, #results .count");
    if (count) { count.focus(); }
  });
}());
