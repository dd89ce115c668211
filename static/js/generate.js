// Generate page: the cost shown next to the button follows the ticked formats.
(function () {
  "use strict";
  var boxes = document.querySelectorAll('input[name="formats"]');
  var out = document.getElementById("cost-value");
  if (!out) { return; }
  function update() {
    out.textContent = Array.prototype.filter.call(boxes, function (b) { return b.checked; }).length;
  }
  boxes.forEach(function (b) { b.addEventListener("change", update); });
  update();
})();
