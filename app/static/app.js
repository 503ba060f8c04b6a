// Shows what htmx could not swap (a refused or failed request) in the page's message area, so a
// 403, an expired form or a lost connection is never silent.
document.addEventListener("htmx:responseError", function (event) {
  var xhr = event.detail.xhr;
  var text = [400, 403, 404, 413].indexOf(xhr.status) !== -1
    ? asText(xhr.responseText)
    : "Er ging iets mis (" + xhr.status + "). Er is mogelijk niets opgeslagen; probeer het opnieuw.";
  showMessage(text, "error");
});
document.addEventListener("htmx:sendError", function () {
  showMessage("Geen verbinding met de server. Er is niets opgeslagen; probeer het opnieuw.", "error");
});

// The server escapes its error messages; decoding them in an inert document (no scripts run,
// nothing loads) gives back the text, which is then only ever set as textContent.
function asText(body) {
  var parsed = new DOMParser().parseFromString(body || "", "text/html");
  return (parsed.body.textContent || "").trim();
}

function showMessage(text, kind) {
  var area = document.getElementById("meldingen");
  if (!area) return;
  var alert = document.createElement("div");
  alert.className = "utrecht-alert utrecht-alert--" + kind;
  var content = document.createElement("div");
  content.className = "utrecht-alert__content";
  var message = document.createElement("div");
  message.className = "utrecht-alert__message";
  message.textContent = text;
  content.appendChild(message);
  alert.appendChild(content);
  area.replaceChildren(alert);
}

// After htmx replaces the element that had focus (a saved form turning back into a row), focus
// would fall back to the page start; put it on the first control of the new content instead, so
// keyboard and screen reader users keep their place.
document.addEventListener("htmx:afterSettle", function (event) {
  var target = event.detail.target;
  if (!target || !target.id || document.activeElement !== document.body) return;
  var swapped = document.getElementById(target.id);
  if (!swapped || swapped.querySelector("[autofocus]")) return;
  var control = swapped.querySelector("a[href], button, input, select, textarea");
  if (control) control.focus();
});

// Copy buttons on the agenda page. The address is always on the page as text (selectable by hand
// without JavaScript); the buttons are hidden in the HTML and shown here, where they can work.
document.querySelectorAll("[data-copy]").forEach(function (button) {
  button.hidden = false;
});
document.addEventListener("click", function (event) {
  var button = event.target.closest ? event.target.closest("[data-copy]") : null;
  if (!button) return;
  var source = document.getElementById(button.getAttribute("data-copy"));
  if (!source) return;
  var status = button.parentElement.querySelector(".app-copy-status");
  var say = function (text) {
    if (status) status.textContent = text;
  };
  var selectByHand = function () {
    var range = document.createRange();
    range.selectNodeContents(source);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    say("Kopiëren lukte niet. Het adres is geselecteerd: kopieer het met Ctrl+C (Mac: Cmd+C).");
  };
  if (!navigator.clipboard || !window.isSecureContext) {
    selectByHand();
    return;
  }
  navigator.clipboard.writeText(source.textContent.trim()).then(function () {
    say("Adres gekopieerd.");
  }, selectByHand);
});

// The overview's filter form is never swapped with its list (a swap would undo a choice made while
// the list loads). After Back or Forward htmx restores the list of that address, while the form may
// still show later choices (a restored snapshot keeps the HTML, not what was picked since), so the
// address decides: each filter gets its value from the URL.
document.addEventListener("htmx:historyRestore", function () {
  var form = document.querySelector("form[data-filters]");
  if (!form) return;
  var params = new URLSearchParams(window.location.search);
  form.querySelectorAll("select, input[type=search]").forEach(function (field) {
    field.value = params.get(field.name) || "";
    if (field.selectedIndex === -1) field.value = "";  // a value the server ignored
  });
});

// The party checkboxes on the account form: a text filter over the long list. Without JavaScript
// the filter stays hidden and the whole list (sorted by name) is there to tick.
document.querySelectorAll("[data-partij-filter]").forEach(function (filter) {
  var input = filter.querySelector("input");
  var status = filter.querySelector("[role=status]");
  var choices = document.getElementById(input.getAttribute("aria-controls"));
  if (!choices) return;
  var fold = function (text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  };
  var fields = Array.prototype.slice.call(choices.querySelectorAll(".utrecht-form-field"));
  filter.hidden = false;
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter") event.preventDefault();  // filtering, not saving the account
  });
  input.addEventListener("input", function () {
    var query = fold(input.value.trim());
    var shown = 0;
    fields.forEach(function (field) {
      var box = field.querySelector("input[type=checkbox]");
      var match = !query || box.checked || fold(field.textContent).indexOf(query) !== -1;
      field.hidden = !match;
      if (match) shown += 1;
    });
    status.textContent = query ? shown + " van " + fields.length + " partijen getoond." : "";
  });
});
