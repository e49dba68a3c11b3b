// Tooltips on touch: the first tap on an element mention shows its tooltip,
// a second tap follows the link.
(function () {
  function onTap(event) {
    var link = event.target.closest && event.target.closest("a.el-mention");
    document.querySelectorAll("a.el-mention.tip-open").forEach(function (open) {
      if (open !== link) open.classList.remove("tip-open");
    });
    if (!link || event.pointerType !== "touch") return;
    if (!link.classList.contains("tip-open")) {
      link.classList.add("tip-open");
      event.preventDefault();
    }
  }
  document.addEventListener("click", function (e) { onTap({ target: e.target, pointerType: lastPointer, preventDefault: function () { e.preventDefault(); } }); }, true);
  var lastPointer = "mouse";
  document.addEventListener("pointerdown", function (e) { lastPointer = e.pointerType; }, true);

  // Permalinks (section headers, passages, table rows) copy their full URL.
  var status = document.createElement("div");
  status.className = "sr-only";
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  document.addEventListener("DOMContentLoaded", function () { document.body.appendChild(status); });
  document.addEventListener("click", function (e) {
    var link = e.target.closest && e.target.closest("a.headerlink, a.permalink");
    if (!link || !navigator.clipboard) return;
    var url = new URL(link.getAttribute("href"), location.href).href;
    navigator.clipboard.writeText(url).then(function () {
      status.textContent = "Link copied: " + url;
      link.classList.add("copied");
      setTimeout(function () { link.classList.remove("copied"); }, 1500);
    }, function () { /* clipboard refused: the link still navigates */ });
  });


  // A link to an item of a section that has since been split into pages
  // (timeline/#event-id) still lands: assets/anchors.json says which page
  // now holds the id.
  var root = (document.currentScript && document.currentScript.src || "").replace(/assets\/briefing\.js.*$/, "");
  function followMovedAnchor() {
    var id = decodeURIComponent(location.hash.slice(1));
    if (!id || !root || document.getElementById(id)) return;
    var here = location.href.split("#")[0].split("?")[0];
    if (here.indexOf(root) !== 0) return;
    var section = here.slice(root.length);
    fetch(root + "assets/anchors.json").then(function (r) { return r.ok ? r.json() : {}; }).then(function (map) {
      var target = (map[section] || {})[id];
      if (target) location.replace(root + target + "#" + encodeURIComponent(id));
    }, function () {});
  }
  // A citation names the quote it rests on (data-quote): on the article page
  // it opens, that quote is marked inside its passage, not only the passage.
  // The choice rides along in sessionStorage, so the link's URL stays the
  // passage's permalink.
  var QUOTE_KEY = "briefing-quote";
  document.addEventListener("click", function (e) {
    var cite = e.target.closest && e.target.closest("a[data-quote]");
    if (!cite) return;
    var held = { href: new URL(cite.getAttribute("href"), location.href).href, quote: cite.getAttribute("data-quote") };
    try { sessionStorage.setItem(QUOTE_KEY, JSON.stringify(held)); } catch (err) { /* storage refused: the passage is still marked */ }
  }, true);
  function markQuote() {
    document.querySelectorAll("mark.quoted.is-target").forEach(function (m) { m.classList.remove("is-target"); });
    var held = null;
    try { held = JSON.parse(sessionStorage.getItem(QUOTE_KEY) || "null"); } catch (err) { held = null; }
    if (!held || held.href !== location.href) return;
    var passage = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (!passage) return;
    passage.querySelectorAll("mark.quoted").forEach(function (m) {
      if ((m.getAttribute("data-quotes") || "").split(" ").indexOf(held.quote) >= 0) m.classList.add("is-target");
    });
  }

  // A search result opens an article at its one "Text" heading; Material
  // then highlights the words searched for (?h=): bring the first into view.
  function showSearchHit(tries) {
    if (!/[?&]h=[^&]/.test(location.search)) return;
    // A hit in the article's text, not in a "Cited in" line under it.
    var hit = Array.prototype.find.call(document.querySelectorAll(".md-content mark[data-md-highlight]"), function (m) {
      return !m.closest(".cited-in");
    });
    if (hit) {
      hit.scrollIntoView({ block: "center" });
    } else if (tries > 0) {
      setTimeout(function () { showSearchHit(tries - 1); }, 100);
    }
  }

  // Tooltips live in a CSS ::after, which screen readers do not announce:
  // each gets a description the link points to, kept in one hidden box at
  // the end of the page, so that it is not part of the passage's text (a
  // copied quote, find in page, reading mode).
  function describeTooltips() {
    var links = document.querySelectorAll(".md-content a.el-mention[data-tip]:not([aria-describedby])");
    if (!links.length) return;
    var box = document.createElement("div");
    box.hidden = true;
    box.id = "tip-descriptions";
    links.forEach(function (link, i) {
      var tip = document.createElement("span");
      tip.id = "tip-" + i;
      tip.textContent = link.getAttribute("data-tip");
      box.appendChild(tip);
      link.setAttribute("aria-describedby", tip.id);
    });
    document.body.appendChild(box);
  }

  // A table or figure wider than the screen scrolls sideways: keyboard users
  // must be able to reach it and scroll it too.
  function focusableScrollers() {
    document.querySelectorAll(".md-content .md-typeset__scrollwrap, .md-content .derivation-graph").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", box.querySelector("svg") ? "Derivation graph, scrolls sideways" : "Table, scrolls sideways");
      }
    });
  }

  function onArrival() {
    followMovedAnchor();
    markQuote();
  }
  function onLoad() {
    describeTooltips();
    onArrival();
    showSearchHit(30);
    // Material wraps tables in their scroll boxes from its own script, after this one.
    setTimeout(focusableScrollers, 300);
    window.addEventListener("resize", focusableScrollers);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", onLoad);
  } else {
    onLoad();
  }
  window.addEventListener("hashchange", onArrival);
})();
