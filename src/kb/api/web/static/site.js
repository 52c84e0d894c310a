/* The web page's little JavaScript: everything works without it; this only makes it smoother. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function ready(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }

  ready(function () {
    // Filters: apply on change, and put the focus back on the same box after the page reloads.
    var FOCUS_KEY = "kb-focus";
    try {
      var wanted = sessionStorage.getItem(FOCUS_KEY);
      sessionStorage.removeItem(FOCUS_KEY);
      if (wanted) {
        document.querySelectorAll("[data-autosubmit]").forEach(function (box) {
          if (box.name + "\n" + box.value !== wanted) return;
          var more = box.parentNode.closest("details.facet-more");
          if (more) more.open = true;
          box.focus();
        });
      }
    } catch (e) { /* storage may be off */ }
    document.querySelectorAll("[data-autosubmit]").forEach(function (input) {
      input.addEventListener("change", function () {
        try { sessionStorage.setItem(FOCUS_KEY, input.name + "\n" + input.value); } catch (e) { /* ignore */ }
        if (input.form) input.form.submit();  // a new filter starts again on page 1
      });
    });

    // On a phone the filter panel starts closed: the chosen filters show as chips above the results.
    var filters = document.querySelector("details.filters");
    if (filters && window.matchMedia("(max-width: 799px)").matches) {
      filters.open = false;
    }

    // "Tillbaka" goes back to the search when we came from this site.
    document.querySelectorAll("[data-back]").forEach(function (link) {
      var sameSite = document.referrer && document.referrer.indexOf(window.location.origin + "/") === 0;
      if (sameSite && window.history.length > 1) {
        link.addEventListener("click", function (event) {
          event.preventDefault();
          window.history.back();
        });
      } else {
        link.textContent = "‹ Till sökningen";
      }
    });

    // Copy buttons: the clipboard API where allowed, else select and copy.
    document.querySelectorAll("[data-copy]").forEach(function (button) {
      button.addEventListener("click", function () {
        var field = document.getElementById(button.getAttribute("data-copy"));
        var status = button.parentNode.querySelector(".copy-status");
        if (!field) return;
        function done(ok) {
          if (status) status.textContent = ok ? "Kopierat!" : "Markera texten och kopiera med Ctrl+C.";
          if (!ok) { field.focus(); field.select(); }
        }
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(field.value).then(function () { done(true); }, function () { done(fallback(field)); });
        } else {
          done(fallback(field));
        }
      });
    });
    function fallback(field) {
      try {
        field.focus();
        field.select();
        return document.execCommand("copy");
      } catch (e) {
        return false;
      }
    }

    // Match form: the label and the example follow who is asking.
    var radios = document.querySelectorAll("input[name=for]");
    radios.forEach(function (radio) {
      radio.addEventListener("change", function () {
        var who = radio.value === "skola" ? "skola" : "foretag";
        ["beskrivning-label", "beskrivning-hint"].forEach(function (id) {
          var el = document.getElementById(id);
          if (el && el.dataset[who]) el.textContent = el.dataset[who];
        });
      });
    });
  });
})();
