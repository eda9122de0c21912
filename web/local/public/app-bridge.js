// Local mode's stand-in for https://cdn.shopify.com/shopifycloud/app-bridge.js (unreachable offline).
// It offers what the admin UI uses of App Bridge 4, answered by the parent page /local/admin, which
// plays the Shopify admin: session tokens, toasts, the nav menu, the title bar, the contextual save bar
// (drawn by the parent, as Shopify draws it above the app), modals, shopify.app.extensions() and
// navigation from the admin's menu (History API, as App Bridge does for apps with client-side routing).
(function () {
  var pending = {};
  var seq = 0;
  var params = new URLSearchParams(location.search);
  var meta = document.querySelector('meta[name="shopify-api-key"]');
  var embedded = parent !== window;

  function post(message) {
    if (embedded) parent.postMessage(Object.assign({ source: "app-bridge" }, message), location.origin);
  }
  // Opened outside /local/admin (a benchmark loading the app's document by itself): answer from the
  // local endpoints directly instead of through the admin page.
  var standalone = {
    "request-id-token": function () {
      return fetch("/local/session-token", { method: "POST" })
        .then(function (r) {
          return r.json();
        })
        .then(function (body) {
          return body.token;
        });
    },
    "request-extensions": function () {
      return fetch("/local/embed")
        .then(function (r) {
          return r.json();
        })
        .then(function (body) {
          return body.extensions;
        });
    },
  };
  function request(type, payload) {
    if (!embedded) return standalone[type] ? standalone[type]() : Promise.reject(new Error("App Bridge: not embedded in the (local) admin"));
    return new Promise(function (resolve, reject) {
      var id = ++seq;
      pending[id] = function (data) {
        if (data.error) reject(new Error(data.error));
        else resolve(data.result);
      };
      post(Object.assign({ type: type, id: id }, payload || {}));
    });
  }
  function buttonsOf(element) {
    return Array.prototype.slice.call(element.querySelectorAll("button")).map(function (button) {
      return {
        label: (button.textContent || "").trim(),
        primary: button.getAttribute("variant") === "primary",
        tone: button.getAttribute("tone") || "",
        disabled: button.disabled || button.hasAttribute("disabled"),
        loading: button.hasAttribute("loading"),
      };
    });
  }
  function watch(element, callback) {
    var observer = new MutationObserver(callback);
    observer.observe(element, { subtree: true, childList: true, attributes: true, characterData: true });
    return observer;
  }

  window.addEventListener("message", function (event) {
    if (event.origin !== location.origin || event.source !== parent) return;
    var data = event.data || {};
    if (data.type === "local-admin:reply" && pending[data.id]) {
      var settle = pending[data.id];
      delete pending[data.id];
      settle(data);
    } else if (data.type === "local-admin:navigate") {
      history.pushState(null, "", data.path + location.search);
      dispatchEvent(new PopStateEvent("popstate", { state: null }));
    } else if (data.type === "local-admin:save-bar-action") {
      var bar = document.getElementById(data.id);
      var target = bar && bar.querySelectorAll("button")[data.index];
      if (target) target.click();
    } else if (data.type === "local-admin:title-bar-action") {
      var titleBar = pageTitleBar();
      var action = titleBar && titleBar.querySelectorAll("button")[data.index];
      if (action) action.click();
    }
  });

  // Links into the Shopify admin (`shopify://admin/…` or `shopify:admin/…`, Shopify's Navigation API):
  // the admin opens them at the top level, never in the app's frame. Here that is the local admin's
  // stand-in of those pages, /local/shopify-admin/<path>.
  function adminPathOf(url) {
    var match = /^shopify:(?:\/\/)?admin(\/[^#]*)?/i.exec(String(url || ""));
    return match ? match[1] || "/" : null;
  }
  function openAdmin(adminPath) {
    top.location.href = "/local/shopify-admin" + adminPath;
  }
  document.addEventListener(
    "click",
    function (event) {
      var link = event.target && event.target.closest ? event.target.closest("a[href]") : null;
      var adminPath = link && adminPathOf(link.getAttribute("href"));
      if (adminPath === null || adminPath === undefined) return;
      event.preventDefault();
      openAdmin(adminPath);
    },
    true,
  );
  var nativeOpen = window.open;
  window.open = function (url) {
    var adminPath = adminPathOf(url);
    if (adminPath !== null) {
      openAdmin(adminPath);
      return null;
    }
    return nativeOpen.apply(window, arguments);
  };

  // Tell the admin where the app is, so it highlights the right menu item.
  function reportLocation() {
    post({ type: "location", path: location.pathname });
  }
  ["pushState", "replaceState"].forEach(function (name) {
    var original = history[name];
    history[name] = function () {
      var result = original.apply(this, arguments);
      reportLocation();
      return result;
    };
  });
  addEventListener("popstate", reportLocation);

  // <ui-nav-menu>: the admin's app navigation. The first link (rel="home") is the app's home.
  customElements.define(
    "ui-nav-menu",
    class extends HTMLElement {
      connectedCallback() {
        this.style.display = "none";
        var self = this;
        var report = function () {
          post({
            type: "nav-menu",
            items: Array.prototype.slice.call(self.querySelectorAll("a")).map(function (a) {
              return { href: a.getAttribute("href"), label: (a.textContent || "").trim(), rel: a.getAttribute("rel") || "" };
            }),
          });
        };
        this._observer = watch(this, report);
        report();
        reportLocation();
      }
      disconnectedCallback() {
        if (this._observer) this._observer.disconnect();
        post({ type: "nav-menu", items: [] });
      }
    },
  );

  function pageTitleBar() {
    var bars = document.querySelectorAll("ui-title-bar");
    for (var i = 0; i < bars.length; i++) if (!bars[i].closest("ui-modal")) return bars[i];
    return null;
  }
  function reportTitleBar() {
    var bar = pageTitleBar();
    post({ type: "title-bar", title: bar ? bar.getAttribute("title") || "" : "", buttons: bar ? buttonsOf(bar) : [] });
  }

  // <ui-title-bar>: the page's title (and actions), drawn by the admin above the app.
  customElements.define(
    "ui-title-bar",
    class extends HTMLElement {
      static get observedAttributes() {
        return ["title"];
      }
      connectedCallback() {
        this.style.display = "none";
        if (this.closest("ui-modal")) return;
        this._observer = watch(this, reportTitleBar);
        reportTitleBar();
      }
      attributeChangedCallback() {
        if (this.isConnected && !this.closest("ui-modal")) reportTitleBar();
      }
      disconnectedCallback() {
        if (this._observer) this._observer.disconnect();
        setTimeout(reportTitleBar, 0);
      }
    },
  );

  // <ui-save-bar>: the contextual save bar. The admin draws it and blocks leaving while it shows.
  customElements.define(
    "ui-save-bar",
    class extends HTMLElement {
      constructor() {
        super();
        this._visible = false;
      }
      connectedCallback() {
        this.style.display = "none";
        this._observer = watch(this, this._report.bind(this));
      }
      disconnectedCallback() {
        if (this._observer) this._observer.disconnect();
        if (this._visible) {
          this._visible = false;
          this._report();
        }
      }
      get showing() {
        return this._visible;
      }
      show() {
        if (!this._visible) {
          this._visible = true;
          this.dispatchEvent(new CustomEvent("show"));
        }
        this._report();
        return Promise.resolve();
      }
      hide() {
        if (this._visible) {
          this._visible = false;
          this.dispatchEvent(new CustomEvent("hide"));
        }
        this._report();
        return Promise.resolve();
      }
      toggle() {
        return this._visible ? this.hide() : this.show();
      }
      _report() {
        post({ type: "save-bar", id: this.id, visible: this._visible, buttons: buttonsOf(this) });
      }
    },
  );

  // <ui-modal>: a modal dialog with the <ui-title-bar> child as its heading and buttons. Shopify draws
  // it over the admin; here it is a native <dialog> over the app, with the app's own content (React
  // portals into `modal.content`), so fields and focus behave as they do in Shopify's.
  var style = document.createElement("style");
  style.textContent =
    "dialog.ab-modal{border:0;border-radius:12px;padding:0;width:min(620px,calc(100vw - 2rem));box-shadow:0 20px 60px #0005;font:inherit}" +
    "dialog.ab-modal::backdrop{background:#0007}" +
    ".ab-modal header{display:flex;justify-content:space-between;align-items:center;padding:.75rem 1rem;border-bottom:1px solid #e3e3e3;background:#f7f7f7}" +
    ".ab-modal h2{margin:0;font-size:1rem}" +
    ".ab-modal footer{display:flex;justify-content:flex-end;gap:.5rem;padding:.75rem 1rem;border-top:1px solid #e3e3e3}" +
    ".ab-modal footer button,.ab-modal header button{font:inherit;min-height:2.25rem;padding:.35rem .9rem;border-radius:8px;border:1px solid #8a8a8a;background:#fff;color:#303030;cursor:pointer}" +
    ".ab-modal footer button.primary{background:#303030;border-color:#303030;color:#fff}" +
    ".ab-modal button[disabled]{opacity:.55;cursor:default}";
  document.head.append(style);
  customElements.define(
    "ui-modal",
    class extends HTMLElement {
      constructor() {
        super();
        this.content = document.createElement("div");
        this._dialog = null;
      }
      connectedCallback() {
        this.style.display = "none";
      }
      disconnectedCallback() {
        if (this._dialog) this.hide();
      }
      get open() {
        return Boolean(this._dialog);
      }
      show() {
        if (this._dialog) return Promise.resolve();
        var self = this;
        var titleBar = this.querySelector("ui-title-bar");
        var dialog = document.createElement("dialog");
        dialog.className = "ab-modal";
        dialog.setAttribute("aria-labelledby", "ab-modal-title-" + this.id);
        var header = document.createElement("header");
        var heading = document.createElement("h2");
        heading.id = "ab-modal-title-" + this.id;
        heading.textContent = titleBar ? titleBar.getAttribute("title") || "" : "";
        var close = document.createElement("button");
        close.type = "button";
        close.setAttribute("aria-label", "Close");
        close.textContent = "×";
        close.addEventListener("click", function () {
          self.hide();
        });
        header.append(heading, close);
        var footer = document.createElement("footer");
        var render = function () {
          footer.textContent = "";
          var originals = titleBar ? titleBar.querySelectorAll("button") : [];
          var infos = titleBar ? buttonsOf(titleBar) : [];
          infos
            .map(function (info, index) {
              return { info: info, original: originals[index] };
            })
            .reverse()
            .forEach(function (pair) {
              var button = document.createElement("button");
              button.type = "button";
              button.textContent = pair.info.loading ? pair.info.label + "…" : pair.info.label;
              if (pair.info.primary) button.className = "primary";
              button.disabled = pair.info.disabled || pair.info.loading;
              button.addEventListener("click", function () {
                pair.original.click();
              });
              footer.append(button);
            });
        };
        render();
        this._titleObserver = titleBar ? watch(titleBar, render) : null;
        var body = document.createElement("div");
        body.append(this.content);
        dialog.append(header, body, footer);
        dialog.addEventListener("cancel", function (event) {
          event.preventDefault();
          self.hide();
        });
        document.body.append(dialog);
        this._dialog = dialog;
        dialog.showModal();
        this.dispatchEvent(new CustomEvent("show"));
        return Promise.resolve();
      }
      hide() {
        if (!this._dialog) return Promise.resolve();
        if (this._titleObserver) this._titleObserver.disconnect();
        this._dialog.close();
        this._dialog.remove();
        this._dialog = null;
        this.dispatchEvent(new CustomEvent("hide"));
        return Promise.resolve();
      }
      toggle() {
        return this._dialog ? this.hide() : this.show();
      }
    },
  );

  /** shopify.saveBar and shopify.modal: show, hide and toggle the element with that id. */
  function byIdApi() {
    var call = function (method) {
      return function (id) {
        var element = document.getElementById(id);
        if (!element) throw new Error("App Bridge: no element #" + id);
        return element[method]();
      };
    };
    return { show: call("show"), hide: call("hide"), toggle: call("toggle") };
  }

  window.shopify = {
    config: { apiKey: meta ? meta.content : "", shop: params.get("shop"), host: params.get("host"), locale: params.get("locale") || "en" },
    environment: { embedded: embedded, mobile: false, pos: false },
    idToken: function () {
      return request("request-id-token");
    },
    toast: {
      show: function (message, options) {
        post({ type: "toast", message: String(message), isError: Boolean(options && options.isError) });
        return String(++seq);
      },
      hide: function () {},
    },
    loading: function () {},
    app: {
      extensions: function () {
        return request("request-extensions");
      },
    },
    saveBar: Object.assign(byIdApi(), {
      leaveConfirmation: function () {
        return Promise.resolve();
      },
    }),
    modal: byIdApi(),
    webVitals: { onReport: onWebVitals },
  };

  /**
   * shopify.webVitals.onReport: the page load's Web Vitals measured in this document with the browser's
   * performance entries (LCP, FCP, CLS, TTFB, and INP once there was an interaction), reported once, 2 s
   * after load (or when the page is hidden first), as { metrics: [{ id, name, value }] }.
   */
  function onWebVitals(callback) {
    if (!callback || typeof PerformanceObserver === "undefined") return Promise.resolve();
    var values = { CLS: 0 };
    var observe = function (type, take) {
      try {
        new PerformanceObserver(function (list) {
          list.getEntries().forEach(take);
        }).observe({ type: type, buffered: true });
      } catch (e) {
        /* a type this browser does not know */
      }
    };
    observe("largest-contentful-paint", function (entry) {
      values.LCP = entry.startTime;
    });
    observe("paint", function (entry) {
      if (entry.name === "first-contentful-paint") values.FCP = entry.startTime;
    });
    observe("layout-shift", function (entry) {
      if (!entry.hadRecentInput) values.CLS += entry.value;
    });
    observe("event", function (entry) {
      if (entry.interactionId) values.INP = Math.max(values.INP || 0, entry.duration);
    });
    var navigation = performance.getEntriesByType("navigation")[0];
    if (navigation) values.TTFB = navigation.responseStart;
    var sent = false;
    var send = function () {
      if (sent) return;
      sent = true;
      var load = String(Date.now());
      callback({
        metrics: Object.keys(values).map(function (name) {
          return { id: name + "-" + load, name: name, value: values[name] };
        }),
      });
    };
    var later = function () {
      setTimeout(send, 2000);
    };
    if (document.readyState === "complete") later();
    else window.addEventListener("load", later);
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") send();
    });
    return Promise.resolve();
  }
})();
