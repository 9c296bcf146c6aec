// Fills a link's page with its metadata as the background job reads it: polls
// /links/{id}/metadata while the state is Pending, for a bounded time. Without this
// script a reload shows the same.
(function () {
  "use strict";
  var section = document.querySelector("[data-metadata-url]");
  if (!section || section.getAttribute("data-state") !== "Pending") {
    return;
  }

  var url = section.getAttribute("data-metadata-url");
  var delay = 1000;
  var stopAt = Date.now() + 2 * 60 * 1000;

  function field(name) {
    return section.querySelector('[data-field="' + name + '"]');
  }

  function show(element, value) {
    if (!element) {
      return;
    }
    element.hidden = value === null || value === undefined || value === "";
  }

  function fill(data) {
    var title = document.querySelector('[data-field="title"]');
    if (title && data.title) {
      title.textContent = data.title;
    }
    var description = field("description");
    if (description) {
      description.textContent = data.description || "";
      show(description, data.description);
    }
    var image = field("illustration");
    if (image && data.illustrationUrl) {
      image.src = data.illustrationUrl;
    }
    show(image, data.illustrationUrl);
    var reading = field("reading");
    if (reading) {
      var known = data.readingMinutes !== null && data.readingMinutes !== undefined;
      reading.textContent = known ? reading.getAttribute("data-template").replace("{0}", data.readingMinutes) : "";
      show(reading, known ? "yes" : null);
    }
    var status = field("status");
    if (status) {
      status.textContent = data.state === "Pending" ? status.getAttribute("data-pending") : "";
      if (data.error) {
        var error = document.createElement("span");
        error.className = "field-error";
        error.textContent = (data.state === "Pending" ? " " : "") + data.error;
        status.appendChild(error);
      }
    }
    section.setAttribute("data-state", data.state);
  }

  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (data) {
        if (!data) {
          return;
        }
        fill(data);
        if (data.state === "Pending" && Date.now() < stopAt) {
          delay = Math.min(delay * 1.5, 10000);
          window.setTimeout(poll, delay);
        } else if (data.state !== "Pending" && data.feeds && data.feeds.length > 0 && !section.querySelector(".feeds")) {
          // The follow buttons need a form with its token: the page as served has them.
          window.location.reload();
        }
      })
      .catch(function () {
        // Offline or the server restarting: a reload will show it.
      });
  }

  window.setTimeout(poll, delay);
})();
