// Any form with data-confirm="Question?" asks before it is sent (the pages carry no
// inline event handlers: the Content-Security-Policy would refuse them).
document.addEventListener("submit", function (event) {
  "use strict";
  var form = event.target;
  var question = form && form.getAttribute && form.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
}, true);
