/* Vitrine catalog embed (SPEC E5). A partner pastes
     <script src="https://shop.example/s/main/embed.js?key=vpk_..." async></script>
   where the catalog should appear; this puts a frame of the storefront's catalog there and
   grows it to the catalog's height, which the frame reports with postMessage. The frame
   shows only on the origins the partner client lists (Content-Security-Policy
   frame-ancestors), so a copied snippet shows nothing elsewhere. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !script.src) return;
  var source = new URL(script.src);
  var address = new URL(source.pathname.replace(/\.js$/, ""), source.origin);
  address.searchParams.set("key", source.searchParams.get("key") || "");
  var lang = script.getAttribute("data-lang") || source.searchParams.get("lang");
  if (lang) address.searchParams.set("lang", lang);
  var frame = document.createElement("iframe");
  frame.src = address.href;
  frame.title = script.getAttribute("data-title") || DEFAULT_TITLE;
  // The frame's request names the page's origin, however the page sets its Referer policy:
  // the server refuses a page whose origin the client does not list.
  frame.referrerPolicy = "strict-origin";
  frame.setAttribute("data-vitrine-embed", "");
  frame.style.width = "100%";
  frame.style.border = "0";
  frame.style.display = "block";
  frame.style.height = (parseInt(script.getAttribute("data-height"), 10) || 600) + "px";
  script.parentNode.insertBefore(frame, script.nextSibling);
  window.addEventListener("message", function (event) {
    if (event.source !== frame.contentWindow || event.origin !== source.origin) return;
    var height = event.data && event.data.vitrineEmbedHeight;
    if (typeof height === "number" && height > 0 && height < 100000) {
      frame.style.height = Math.ceil(height) + "px";
    }
  });
})();
