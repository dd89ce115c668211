// Settings → API keys: "Copy" puts the key shown once on the clipboard.
(function () {
  "use strict";
  document.querySelectorAll("[data-copy-target]").forEach(function (button) {
    button.addEventListener("click", function () {
      var input = document.getElementById(button.dataset.copyTarget);
      var status = document.getElementById("copy-status");
      input.select();
      var done = function () { button.textContent = "Copied"; status.textContent = "The key is on your clipboard."; };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(input.value).then(done, function () { document.execCommand("copy"); done(); });
      } else {
        document.execCommand("copy");
        done();
      }
    });
  });
})();
