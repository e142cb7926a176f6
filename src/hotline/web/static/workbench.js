// The intake page's assistant, refreshed while the agent types. Without this script the page works
// the same through its 获取建议 / 采用 submit buttons (progressive enhancement).
(function () {
  "use strict";
  var form = document.querySelector("form[data-suggest-url]");
  if (!form) return;
  var panel = document.getElementById("assist");
  var timer = null;
  var latest = 0;

  function refresh() {
    var mine = ++latest;
    fetch(form.dataset.suggestUrl, {
      method: "POST", credentials: "same-origin", headers: {"X-Hotline-Fragment": "1"},
      body: new URLSearchParams(new FormData(form)),
    }).then(function (response) {
      if (mine !== latest) return null; // a newer request is on its way: drop this answer
      if (response.redirected) { window.location.href = response.url; return null; } // signed out
      if (response.status >= 500) return null; // keep the last panel rather than show a server error
      // 401: the session ended; the answer says so in the panel and the typed appeal stays on the page.
      return response.text();
    }).then(function (html) {
      if (html !== null && mine === latest) panel.innerHTML = html;
    }).catch(function () { /* offline for a moment: the next keystroke tries again */ });
  }

  function later() {
    clearTimeout(timer);
    timer = setTimeout(refresh, 350); // a pause in typing, not every keystroke
  }

  form.addEventListener("input", function (event) {
    if (!panel.contains(event.target)) later();
  });
  form.addEventListener("change", function (event) {
    if (event.target.tagName === "SELECT") later();
  });
  // 采用: put the suggestion into its field here, instead of posting the form.
  function fill(name, value) {
    var field = form.elements.namedItem(name);
    if (!field || value === undefined) return;
    field.value = value;
    field.classList.add("filled");
  }
  panel.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-fill], button[data-fill-place]");
    if (!button) return;
    event.preventDefault();
    if (button.hasAttribute("data-fill-place")) {
      // The recognised area: only the parts the address parser found (data-district, -street, -community).
      ["district", "street", "community"].forEach(function (name) { fill(name, button.dataset[name]); });
    } else {
      fill(button.dataset.fill, button.dataset.value);
    }
    later();
  });
  // One click registers once (the form id is also the registration's idempotency key).
  form.addEventListener("submit", function (event) {
    if (event.submitter && event.submitter.value === "register") {
      setTimeout(function () { event.submitter.disabled = true; }, 0);
    }
  });
  if (form.elements.namedItem("content").value) refresh();
})();
