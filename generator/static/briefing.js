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
    var hit = document.querySelector(".md-content mark[data-md-highlight]");
    if (hit) {
      hit.scrollIntoView({ block: "center" });
    } else if (tries > 0) {
      setTimeout(function () { showSearchHit(tries - 1); }, 100);
    }
  }

  // Tooltips live in a CSS ::after, which screen readers do not announce:
  // each gets a hidden description the link points to.
  function describeTooltips() {
    document.querySelectorAll(".md-content a.el-mention[data-tip]:not([aria-describedby])").forEach(function (link, i) {
      var tip = document.createElement("span");
      tip.className = "sr-only";
      tip.id = "tip-" + i;
      tip.textContent = link.getAttribute("data-tip");
      link.insertAdjacentElement("afterend", tip);
      link.setAttribute("aria-describedby", tip.id);
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
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", onLoad);
  } else {
    onLoad();
  }
  window.addEventListener("hashchange", onArrival);
})();
