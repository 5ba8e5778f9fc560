/* Inside the catalog embed's frame: tells the page around it how tall the catalog is, each
   time that changes, so the frame fits it without a scroll bar of its own. The height is no
   secret, so any parent may hear it; the parent checks that it comes from this frame. */
(function () {
  "use strict";
  if (window.parent === window) return;
  var last = 0;
  function report() {
    var body = document.body;
    var style = window.getComputedStyle(body);
    var height = Math.ceil(
      body.getBoundingClientRect().height + parseFloat(style.marginTop) + parseFloat(style.marginBottom)
    );
    if (height !== last) {
      last = height;
      window.parent.postMessage({ vitrineEmbedHeight: height }, "*");
    }
  }
  if (window.ResizeObserver) new ResizeObserver(report).observe(document.body);
  window.addEventListener("load", report);
  report();
})();
