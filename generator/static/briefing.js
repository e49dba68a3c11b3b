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

})();
