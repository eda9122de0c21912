// Local mode's stand-in for https://cdn.shopify.com/shopifycloud/app-bridge.js (unreachable offline).
// It offers the App Bridge calls the admin UI uses, answered by the parent page /local/admin, which
// plays the Shopify admin: shopify.idToken() asks the parent for a fresh session token by postMessage.
(function () {
  var pending = {};
  var seq = 0;
  var params = new URLSearchParams(location.search);
  var meta = document.querySelector('meta[name="shopify-api-key"]');
  window.addEventListener("message", function (event) {
    if (event.origin !== location.origin || event.source !== parent) return;
    var data = event.data || {};
    if (data.type === "local-admin:id-token" && pending[data.id]) {
      var settle = pending[data.id];
      delete pending[data.id];
      settle(data);
    }
  });
  function idToken() {
    if (parent === window) return Promise.reject(new Error("App Bridge: not embedded in the (local) admin"));
    return new Promise(function (resolve, reject) {
      var id = ++seq;
      pending[id] = function (data) {
        if (data.error) reject(new Error(data.error));
        else resolve(data.token);
      };
      parent.postMessage({ type: "local-admin:request-id-token", id: id }, location.origin);
    });
  }
  window.shopify = {
    config: { apiKey: meta ? meta.content : "", shop: params.get("shop"), host: params.get("host"), locale: params.get("locale") || "en" },
    environment: { embedded: parent !== window, mobile: false, pos: false },
    idToken: idToken,
    toast: {
      show: function (message, options) {
        parent.postMessage({ type: "local-admin:toast", message: String(message), isError: Boolean(options && options.isError) }, location.origin);
        return String(++seq);
      },
      hide: function () {},
    },
    loading: function () {},
  };
})();
