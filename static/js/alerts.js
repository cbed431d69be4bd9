// Progressive enhancement for alert pages: a "Copy link" button. Without JavaScript
// (or the Clipboard API) the button stays hidden and the share links still work.
(function () {
  "use strict";
  if (!navigator.clipboard) {
    return;
  }
  document.querySelectorAll("[data-copy-link]").forEach(function (block) {
    var button = block.querySelector("button");
    var status = block.querySelector("[role=status]");
    block.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(block.getAttribute("data-copy-link")).then(function () {
        status.textContent = status.getAttribute("data-copied");
      });
    });
  });
})();
