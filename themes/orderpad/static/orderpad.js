// Keyboard enhancements only: every page works without this file.
// "/" jumps to the quick entry; in a table, arrow up/down moves between quantity boxes.
(function () {
  "use strict";
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var typing = target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA");
    if (event.key === "/" && !typing) {
      var quick = document.getElementById("quick-entry");
      if (quick) {
        event.preventDefault();
        quick.focus();
        quick.select();
      }
      return;
    }
    if ((event.key === "ArrowDown" || event.key === "ArrowUp") && target.classList.contains("qty-input")) {
      var boxes = Array.prototype.slice.call(document.querySelectorAll("table .qty-input"));
      var index = boxes.indexOf(target);
      if (index < 0) return;
      var next = boxes[index + (event.key === "ArrowDown" ? 1 : -1)];
      if (next) {
        event.preventDefault();
        next.focus();
        next.select();
      }
    }
  });
})();
