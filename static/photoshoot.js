/* The Photoshoot page: drag-and-drop with a preview (step 1), and a live count of
   the chosen scenes, capped at six (step 2). The forms work without it. */
(function () {
  "use strict";

  var upload = document.querySelector("[data-photoshoot-upload]");
  if (upload) {
    var zone = upload.querySelector("[data-dropzone]");
    var input = zone.querySelector("input[type=file]");
    var preview = zone.querySelector("[data-preview]");
    var nameOut = upload.querySelector("[data-file-name]");
    var submit = upload.querySelector("[data-submit]");
    var show = function () {
      var file = input.files && input.files[0];
      if (!file) { preview.hidden = true; nameOut.textContent = ""; return; }
      nameOut.textContent = file.name + " · " + (file.size / 1048576).toFixed(1) + " MB";
      if (/^image\//.test(file.type)) {
        preview.src = URL.createObjectURL(file);
        preview.hidden = false;
        zone.classList.add("has-file");
      }
    };
    input.addEventListener("change", show);
    ["dragenter", "dragover"].forEach(function (name) {
      zone.addEventListener(name, function (event) { event.preventDefault(); zone.classList.add("dragging"); });
    });
    ["dragleave", "drop"].forEach(function (name) {
      zone.addEventListener(name, function () { zone.classList.remove("dragging"); });
    });
    zone.addEventListener("drop", function (event) {
      event.preventDefault();
      if (event.dataTransfer && event.dataTransfer.files.length) {
        input.files = event.dataTransfer.files;
        show();
      }
    });
    upload.addEventListener("submit", function () {
      submit.setAttribute("aria-busy", "true");
      submit.textContent = "Cutting out your product…";
    });
  }

  var prompts = document.querySelector("[data-photoshoot-prompts]");
  if (prompts) {
    var max = parseInt(prompts.getAttribute("data-max"), 10) || 6;
    var choices = prompts.querySelectorAll("[data-prompt-choice]");
    var count = prompts.querySelector("[data-prompt-count]");
    var chosen = function (el) { return el.type === "checkbox" ? el.checked : el.value.trim() !== ""; };
    var update = function () {
      var n = Array.prototype.filter.call(choices, chosen).length;
      count.textContent = n;
      Array.prototype.forEach.call(choices, function (el) {
        if (!chosen(el)) { el.disabled = n >= max; }
      });
    };
    Array.prototype.forEach.call(choices, function (el) {
      el.addEventListener(el.type === "checkbox" ? "change" : "input", update);
    });
    prompts.addEventListener("submit", function () {
      Array.prototype.forEach.call(choices, function (el) { el.disabled = false; });
    });
    update();
  }

  document.querySelectorAll(".swatch[data-color]").forEach(function (el) {
    el.style.backgroundColor = el.getAttribute("data-color");
  });
})();
