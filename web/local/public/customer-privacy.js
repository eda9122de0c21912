// Local mode's stand-in for Shopify's Customer Privacy API (shopify.dev/docs/api/customer-privacy),
// with its documented behaviour: loadFeatures, shouldShowBanner, saleOfDataRegion, getRegion,
// consentId, currentVisitorConsent, the *Allowed checks, setTrackingConsent (callback, and the
// visitorConsentCollected event when consent changes), GPC forcing sale_of_data off in opt-out regions.
// The region comes from this script's data-region attribute; consent is kept in localStorage.
(function () {
  var script = document.currentScript;
  var region = (script && script.dataset.region) || "";
  var failing = script && script.dataset.fail === "1";
  var KEY = "_local_shopify_tracking_consent";
  var CONSENT_COUNTRIES = "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE IS LI NO GB CH BR".split(" ");
  var country = region.slice(0, 2);
  var consentRegion = CONSENT_COUNTRIES.indexOf(country) >= 0;
  var saleRegion = country === "US";
  var gpc = navigator.globalPrivacyControl === true;
  var PURPOSES = ["analytics", "marketing", "preferences", "sale_of_data"];
  window.__consentCalls = [];

  function read() {
    try {
      return JSON.parse(localStorage.getItem(KEY)) || {};
    } catch (e) {
      return {};
    }
  }
  function current() {
    var stored = read();
    var out = {};
    PURPOSES.forEach(function (p) {
      out[p] = stored[p] || "";
    });
    if (saleRegion && gpc) out.sale_of_data = "no";
    return out;
  }
  function allowed(purpose) {
    var value = current()[purpose];
    if (purpose === "sale_of_data") return saleRegion ? value !== "no" : true;
    return consentRegion ? value === "yes" : value !== "no";
  }
  function detail() {
    return {
      analyticsAllowed: allowed("analytics"),
      marketingAllowed: allowed("marketing"),
      preferencesAllowed: allowed("preferences"),
      saleOfDataAllowed: allowed("sale_of_data"),
      firstPartyMarketingAllowed: allowed("marketing"),
      thirdPartyMarketingAllowed: allowed("marketing") && allowed("sale_of_data"),
    };
  }
  var api = {
    shouldShowBanner: function () {
      var c = current();
      return consentRegion && (c.analytics === "" || c.marketing === "" || c.preferences === "");
    },
    saleOfDataRegion: function () {
      return saleRegion;
    },
    getRegion: function () {
      return region;
    },
    consentId: function () {
      var stored = read();
      return stored.consent_id || "";
    },
    currentVisitorConsent: current,
    analyticsProcessingAllowed: function () {
      return allowed("analytics");
    },
    marketingAllowed: function () {
      return allowed("marketing");
    },
    preferencesProcessingAllowed: function () {
      return allowed("preferences");
    },
    saleOfDataAllowed: function () {
      return allowed("sale_of_data");
    },
    setTrackingConsent: function (consent, callback) {
      window.__consentCalls.push(JSON.parse(JSON.stringify(consent)));
      setTimeout(function () {
        if (failing) return callback && callback({ error: "Consent could not be saved (local stand-in set to fail)" });
        if (!consent || typeof consent !== "object") return callback && callback({ error: "consent must be an object" });
        var before = JSON.stringify(detail());
        var stored = read();
        PURPOSES.forEach(function (p) {
          if (typeof consent[p] === "boolean") stored[p] = consent[p] ? "yes" : "no";
        });
        if (saleRegion && gpc) stored.sale_of_data = "no";
        stored.consent_id = stored.consent_id || "local-" + Math.random().toString(36).slice(2, 12);
        localStorage.setItem(KEY, JSON.stringify(stored));
        if (JSON.stringify(detail()) !== before) document.dispatchEvent(new CustomEvent("visitorConsentCollected", { detail: detail() }));
        if (callback) callback({});
      }, 10);
    },
  };
  window.Shopify = window.Shopify || {};
  window.Shopify.loadFeatures = function (features, callback) {
    var ok = features.every(function (f) {
      return f.name === "consent-tracking-api" && f.version === "0.1";
    });
    setTimeout(function () {
      if (!ok) return callback(new Error("unknown feature"));
      window.Shopify.customerPrivacy = api;
      callback();
    }, 5);
  };
})();
