/* The query page's editor: YASGUI over the plain form, which stays for browsers without
 * JavaScript. A file of its own: the Content-Security-Policy allows no inline script, and
 * everything here comes from this server (YASGUI from static/vendor, put there by
 * `make install`; completions from /ui/*.json; queries to /sparql).
 *
 * - the store's prefixes: completed after PREFIX, and declared by themselves when a prefixed
 *   name is typed (YASQE's prefix completer, fed from /ui/prefixes.json);
 * - classes and properties of the ontology: completed after "a" and in predicate position
 *   (Ctrl-Space), instead of YASQE's default (a remote vocabulary service);
 * - results: YASR's table (sorting, paging), the chart of kg-chart.js, the raw response;
 *   IRIs under the resource base link to their pages here.
 */
(function () {
  "use strict";
  var form = document.getElementById("query-form");
  var host = document.getElementById("yasgui");
  if (!form || !host || !window.Yasgui || !form.dataset.endpoint) {
    return; // the plain form it is
  }
  var Yasgui = window.Yasgui;
  var Yasqe = Yasgui.Yasqe;
  var data = form.dataset;
  var endpoint = new URL(data.endpoint, window.location.href).href;
  var resourceBase = data.resourceBase || "";
  var textarea = document.getElementById("query");

  function getJson(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) {
        throw new Error(url + " answered " + response.status);
      }
      return response.json();
    });
  }

  var terms = getJson(data.terms);

  function fromOntology(completer, key) {
    return Object.assign({}, completer, {
      bulk: true,
      autoShow: false,
      persistenceId: null,
      get: function () {
        return terms.then(function (t) {
          return t[key];
        });
      },
    });
  }
  Yasqe.registerAutocompleter(fromOntology(Yasqe.Autocompleters["class"], "classes"), true);
  Yasqe.registerAutocompleter(fromOntology(Yasqe.Autocompleters.property, "properties"), true);

  function localLinks(root) {
    if (!resourceBase) {
      return;
    }
    var links = root.querySelectorAll("a[href]");
    for (var i = 0; i < links.length; i++) {
      var href = links[i].getAttribute("href");
      if (href.indexOf(resourceBase) === 0 && href.length > resourceBase.length) {
        links[i].setAttribute("href", "/resource/" + href.slice(resourceBase.length));
        links[i].removeAttribute("target");
      }
    }
  }

  function start(prefixes) {
    // shown before YASGUI is made: CodeMirror measures its box when it is created
    form.hidden = true;
    var plain = document.querySelectorAll(".plain-editor");
    for (var i = 0; i < plain.length; i++) {
      plain[i].hidden = true;
    }
    host.hidden = false;
    document.body.classList.add("enhanced");
    var yasgui = new Yasgui(host, {
      requestConfig: { endpoint: endpoint, method: "POST" },
      copyEndpointOnNewTab: true,
      persistenceId: null,
      populateFromUrl: false,
      autofocus: true,
      endpointCatalogueOptions: {
        getData: function () {
          return [{ endpoint: endpoint }];
        },
      },
      yasqe: {
        value: textarea ? textarea.value : "",
        prefixCcApi: data.prefixes,
        persistenceId: null,
        editorHeight: "320px",
      },
      yasr: {
        prefixes: prefixes,
        defaultPlugin: "table",
        pluginOrder: ["table", "chart", "response"],
        persistenceId: null,
      },
    });
    var tab = yasgui.getTab();
    if (textarea) {
      tab.getYasqe().setValue(textarea.value);
    }
    tab.getYasr().on("drawn", function (yasr) {
      localLinks(yasr.resultsEl);
    });
    window.kgYasgui = yasgui; // for people at the console, and the browser tests
    if (data.run) {
      tab.getYasqe().query().catch(function () {});
    }
  }

  getJson(data.prefixes).then(start, function (error) {
    window.console.warn("the editor stays the plain form:", error);
  });
})();
