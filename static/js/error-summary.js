// Moves the focus to the form's error summary when a page shows one, so that screen reader
// and keyboard users start from the list of problems (the GOV.UK error summary pattern).
// Without JavaScript the summary takes the focus through its `autofocus` attribute (this
// script covers browsers that ignore it on a <div>) and is announced through role="alert".
(function () {
  "use strict";
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  }
})();
