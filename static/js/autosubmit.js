// A form with data-autosubmit is sent as soon as one of its fields changes (the jobs
// filters); its [data-autosubmit-button] is then not needed and hides. Without this
// script the button stays and the form works the same.
(function () {
  "use strict";
  document.querySelectorAll("form[data-autosubmit]").forEach(function (form) {
    form.querySelectorAll("[data-autosubmit-button]").forEach(function (button) { button.hidden = true; });
    form.addEventListener("change", function () { form.requestSubmit(); });
  });
})();
