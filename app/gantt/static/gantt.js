// Draws the planning charts: the figure JSON that the server built (in a <script
// type="application/json"> block) with the plotly.js that the app serves. Loaded with `defer`
// after plotly.min.js, so Plotly exists when this runs. Also adds PNG and SVG downloads.
(function () {
  "use strict";

  // plotly.js ships no Dutch texts in the Python package; these are the modebar's.
  var DUTCH = {
    moduleType: "locale",
    name: "nl",
    dictionary: {
      "Autoscale": "Automatisch schalen",
      "Box Select": "Rechthoek selecteren",
      "Compare data on hover": "Gegevens vergelijken bij aanwijzen",
      "Double-click on legend to isolate one trace": "Dubbelklik op de legenda om één reeks te tonen",
      "Double-click to zoom back out": "Dubbelklik om uit te zoomen",
      "Download plot": "Download grafiek",
      "Download plot as a PNG": "Download als PNG",
      "Download plot as JSON": "Download als JSON",
      "Image download succeeded": "Afbeelding gedownload",
      "Lasso Select": "Lasso selecteren",
      "Pan": "Verschuiven",
      "Preparing image - this may take a few seconds": "Afbeelding maken – dit kan even duren",
      "Reset": "Herstellen",
      "Reset axes": "Assen herstellen",
      "Reset view": "Weergave herstellen",
      "Show closest data on hover": "Dichtstbijzijnde gegevens tonen bij aanwijzen",
      "Sorry, there was a problem downloading your image!": "Het downloaden van de afbeelding is mislukt.",
      "Toggle Spike Lines": "Hulplijnen aan/uit",
      "Toggle show closest data on hover": "Gegevens bij aanwijzen aan/uit",
      "Zoom": "Zoomen",
      "Zoom in": "Inzoomen",
      "Zoom out": "Uitzoomen"
    },
    format: {
      days: ["zondag", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag"],
      shortDays: ["zo", "ma", "di", "wo", "do", "vr", "za"],
      months: ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
        "september", "oktober", "november", "december"],
      shortMonths: ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"],
      date: "%d-%m-%Y",
      decimal: ",",
      thousands: "."
    }
  };

  function readJson(id) {
    return JSON.parse(document.getElementById(id).textContent);
  }

  function download(holder, config, format) {
    var options = config.toImageButtonOptions;
    return Plotly.downloadImage(holder, {
      format: format,
      filename: options.filename,
      width: options.width,
      height: holder.layout.height,
      scale: format === "png" ? options.scale : 1
    });
  }

  // The room the row labels need, measured here instead of by plotly: its automargin draws the
  // whole chart twice (a fifth of the first visit's drawing time, issue 16). A canvas measures the
  // same text in the same font as plotly's SVG; 11 pixels is the gap plotly leaves beside them.
  function fitLabels(layout) {
    var axis = layout.yaxis;
    if (!axis || !axis.automargin || !axis.ticktext || !axis.ticktext.length) return;
    var context = document.createElement("canvas").getContext("2d");
    if (!context) return;
    var decode = document.createElement("textarea");
    var size = (axis.tickfont && axis.tickfont.size) || 12;
    var family = (layout.font && layout.font.family) || "sans-serif";
    var widest = 0;
    axis.ticktext.forEach(function (label) {
      decode.innerHTML = label.replace(/<[^>]*>/g, "");
      context.font = (label.indexOf("<b>") === 0 ? "bold " : "") + size + "px " + family;
      widest = Math.max(widest, context.measureText(decode.value).width);
    });
    layout.margin = layout.margin || {};
    layout.margin.l = Math.max(layout.margin.l || 0, Math.ceil(widest) + 11);
    axis.automargin = false;
  }

  function draw(holder) {
    var status = document.getElementById(holder.dataset.status);
    var figure = readJson(holder.dataset.figure);
    var config = readJson(holder.dataset.config);
    config.modeBarButtonsToAdd = [{
      name: "downloadSvg",
      title: "Download als SVG",
      icon: Plotly.Icons.disk,
      click: function () { download(holder, config, "svg"); }
    }];
    fitLabels(figure.layout);
    return Plotly.newPlot(holder, figure.data, figure.layout, config).then(function () {
      holder.dataset.rendered = "true";
      if (status) status.textContent = "";
      document.querySelectorAll("[data-gantt-download]").forEach(function (button) {
        button.disabled = false;
        button.addEventListener("click", function () {
          download(holder, config, button.dataset.ganttDownload);
        });
      });
    });
  }

  function fail(message) {
    document.querySelectorAll("[data-gantt]").forEach(function (holder) {
      var status = document.getElementById(holder.dataset.status);
      if (status) status.textContent = message;
    });
  }

  if (typeof window.Plotly === "undefined") {
    fail("De grafiek kon niet worden geladen. De tabel bevat dezelfde gegevens.");
    return;
  }
  Plotly.register(DUTCH);
  document.querySelectorAll("[data-gantt]").forEach(function (holder) {
    draw(holder).catch(function () {
      fail("De grafiek kon niet worden getekend. De tabel bevat dezelfde gegevens.");
    });
  });
})();
