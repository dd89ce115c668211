// Generate page: the claim's character counter, the cap on formats, the preset
// picker's search and categories, the cost next to the button, and the live preview
// (drawn by the server as the job would draw it; free, never saved).
(function () {
  "use strict";
  var form = document.getElementById("generate-form");
  if (!form) { return; }
  var FORMATS_MAX = parseInt(form.dataset.formatsMax || "10", 10);
  var CLAIM_MAX = parseInt(form.dataset.claimMax || "280", 10);
  var DEBOUNCE_MS = 350;

  var claim = form.querySelector('textarea[name="claim"]');
  var counter = document.getElementById("claim-counter");
  var boxes = Array.prototype.slice.call(form.querySelectorAll('input[name="formats"]'));
  var cap = document.getElementById("formats-cap");
  var cost = document.getElementById("cost-value");
  var costLabel = document.getElementById("cost-label");

  function chosenFormats() {
    return boxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
  }

  // --- claim counter: counts characters as the server does (code points, one per line break)
  function claimLength() { return Array.from(claim.value.replace(/\r\n/g, "\n")).length; }
  function updateCounter() {
    if (!counter) { return; }
    var n = claimLength();
    counter.textContent = n > CLAIM_MAX
      ? n + " / " + CLAIM_MAX + " — " + (n - CLAIM_MAX) + " over: shorten the claim"
      : n + " / " + CLAIM_MAX;
    counter.classList.toggle("over", n > CLAIM_MAX);
    counter.classList.toggle("near", n <= CLAIM_MAX && n > CLAIM_MAX - 20);
    claim.setAttribute("aria-invalid", n > CLAIM_MAX ? "true" : "false");
  }

  // --- formats: at most FORMATS_MAX ticks; the cost follows them
  function updateFormats() {
    var n = chosenFormats().length;
    var full = n >= FORMATS_MAX;
    boxes.forEach(function (b) { b.disabled = full && !b.checked; });
    if (cap) {
      cap.textContent = full
        ? n + " of " + FORMATS_MAX + " chosen: the most one job makes. Untick one to choose another."
        : n + " of up to " + FORMATS_MAX + " chosen";
      cap.classList.toggle("at-cap", full);
    }
    if (cost) { cost.textContent = n; }
    if (costLabel) { costLabel.textContent = (n === 1 ? "credit" : "credits") + " for this job"; }
  }

  // --- presets: search and category filter; the chosen one is named above the grid
  var grid = document.getElementById("preset-grid");
  var search = document.getElementById("preset-search");
  var category = document.getElementById("preset-category");
  var selectedName = document.getElementById("preset-selected-name");
  var empty = document.getElementById("preset-empty");
  function filterPresets() {
    if (!grid) { return; }
    var words = (search ? search.value : "").toLowerCase().split(/\s+/).filter(Boolean);
    var cat = category ? category.value : "";
    var shown = 0;
    grid.querySelectorAll(".preset-option").forEach(function (option) {
      var input = option.querySelector("input");
      var name = option.dataset.name || "";
      var cats = (option.dataset.categories || "").split(" ");
      var match = words.every(function (w) { return name.indexOf(w) !== -1; }) &&
        (!cat || cats.indexOf(cat) !== -1);
      option.hidden = !match && !input.checked;  // the chosen preset always stays in view
      if (match) { shown += 1; }
    });
    if (empty) { empty.hidden = shown > 0; }
  }
  function updateSelectedPreset() {
    var checked = form.querySelector('input[name="preset"]:checked');
    if (selectedName) { selectedName.textContent = checked ? checked.dataset.label : "No preset (automatic)"; }
  }

  // --- live preview
  var tabs = document.getElementById("preview-tabs");
  var image = document.getElementById("preview-image");
  var stage = image ? image.parentNode : null;
  var status = document.getElementById("preview-status");
  var report = document.getElementById("fit-report");
  var url = form.dataset.previewUrl;
  var focus = 0;  // which chosen format the image shows (its index in the request)
  var timer = null;
  var inflight = null;
  var retryTimer = null;

  function formatFamily(code) {
    var label = form.querySelector('label.format-choice[data-format="' + code + '"]');
    return label ? label.dataset.family : "";
  }

  function renderTabs() {
    if (!tabs) { return; }
    var chosen = chosenFormats();
    if (focus >= chosen.length) { focus = 0; }
    tabs.textContent = "";
    chosen.forEach(function (code, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "small";
      button.textContent = code;
      button.setAttribute("aria-pressed", index === focus ? "true" : "false");
      button.addEventListener("click", function () { focus = index; renderTabs(); schedule(0); });
      tabs.appendChild(button);
    });
    if (grid) { grid.dataset.family = chosen.length ? formatFamily(chosen[focus]) : ""; }
  }

  function say(text) { if (status) { status.textContent = text; } }

  function showReports(reports) {
    if (!report) { return; }
    report.textContent = "";
    reports.forEach(function (r) {
      var li = document.createElement("li");
      li.className = !r.fits ? "nofit" : (r.shortened ? "shortened" : "fits");
      li.dataset.format = r.format;
      var code = document.createElement("strong");
      code.textContent = r.format;
      var text = document.createElement("span");
      text.textContent = r.text;
      li.appendChild(code);
      li.appendChild(text);
      report.appendChild(li);
    });
  }

  function firstError(errors) {
    var order = ["claim", "formats", "cta", "language", "preset", "primary_color", "secondary_color", "use_logo",
                 "product_image", "body"];
    for (var i = 0; i < order.length; i += 1) {
      if (errors[order[i]] && errors[order[i]].length) { return errors[order[i]][0]; }
    }
    var keys = Object.keys(errors);
    return keys.length ? errors[keys[0]][0] : "The preview could not be drawn.";
  }

  function preview() {
    timer = null;
    if (!url) { return; }
    if (!claim.value.trim()) {
      say("Type a claim to see it drawn.");
      if (image) { image.hidden = true; }
      if (report) { report.textContent = ""; }
      return;
    }
    if (claimLength() > CLAIM_MAX) {
      say("The claim is over " + CLAIM_MAX + " characters: shorten it to see the preview.");
      return;
    }
    if (!chosenFormats().length) { say("Choose a format to see the preview."); return; }
    if (inflight) { inflight.abort(); }
    inflight = new AbortController();
    var data = new FormData(form);
    data.delete("product_image");  // the preview draws without a new upload
    data.set("preview_index", String(focus));
    if (stage) { stage.classList.add("loading"); }
    say("Drawing the preview…");
    var controller = inflight;
    fetch(url, {method: "POST", body: data, credentials: "same-origin", signal: controller.signal,
                headers: {"X-CSRFToken": data.get("csrfmiddlewaretoken") || "", "Accept": "application/json"}})
      .then(function (response) {
        return response.json().then(function (body) { return {response: response, body: body}; });
      })
      .then(function (result) {
        if (controller !== inflight) { return; }
        inflight = null;
        if (stage) { stage.classList.remove("loading"); }
        var response = result.response;
        var body = result.body;
        if (response.status === 429) {
          var wait = parseInt(response.headers.get("Retry-After") || "5", 10);
          say("Preview paused: too many previews this minute. It resumes in " + wait + " s.");
          clearTimeout(retryTimer);
          retryTimer = setTimeout(function () { schedule(0); }, wait * 1000);
          return;
        }
        if (!response.ok) {
          say(body.errors ? firstError(body.errors) : (body.detail || "The preview could not be drawn."));
          return;
        }
        showReports(body.reports || []);
        var shown = body.image;
        if (shown && image) {
          image.src = shown.src;
          image.width = shown.width;
          image.height = shown.height;
          image.alt = "Preview of the " + shown.format + " creative";
          image.dataset.format = shown.format;
          image.hidden = false;
          var focused = (body.reports || [])[shown.index];
          say(shown.format + ": " + (focused ? focused.text : ""));
        } else {
          var r = (body.reports || [])[focus];
          if (image) { image.hidden = true; }
          say(r ? r.format + ": " + r.text : "No preview for this format.");
        }
      })
      .catch(function (error) {
        if (error && error.name === "AbortError") { return; }
        if (stage) { stage.classList.remove("loading"); }
        say("The preview is not reachable right now; your job can still be generated.");
      });
  }

  function schedule(delay) {
    clearTimeout(timer);
    timer = setTimeout(preview, delay === undefined ? DEBOUNCE_MS : delay);
  }

  claim.addEventListener("input", function () { updateCounter(); schedule(); });
  boxes.forEach(function (b) {
    b.addEventListener("change", function () { updateFormats(); renderTabs(); schedule(); });
  });
  form.addEventListener("change", function (event) {
    var name = event.target.name;
    if (name === "preset") { updateSelectedPreset(); filterPresets(); }
    if (name === "product_image") {
      var note = document.getElementById("preview-note");
      if (note) { note.hidden = !(event.target.files && event.target.files.length); }
    }
    if (name && name !== "formats" && name !== "product_image" && name !== "claim") { schedule(); }
  });
  form.addEventListener("input", function (event) {
    var name = event.target.name;
    if (name === "cta" || name === "primary_color" || name === "secondary_color") { schedule(); }
  });
  if (search) { search.addEventListener("input", filterPresets); }
  if (category) { category.addEventListener("change", filterPresets); }

  updateCounter();
  updateFormats();
  updateSelectedPreset();
  renderTabs();
  if (claim.value.trim()) { schedule(0); }
})();
