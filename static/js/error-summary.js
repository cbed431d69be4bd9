// Moves the focus to the form's error summary when a page shows one, so that screen reader
// and keyboard users start from the list of problems (the GOV.UK error summary pattern).
// Without JavaScript the summary is still first in <main> and announced through role="alert".
(function () {
  "use strict";
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  }
})();
