// Certifying a document with an EDS through NCALayer (the National Certification
// Authority's program on the user's computer), over its WebSocket protocol:
// {"module": "kz.gov.pki.knca.commonUtils", "method": "createCAdESFromBase64",
//  "args": [storage, "SIGNATURE", base64 of the bytes, false]} answers
// {"code": "200", "responseObject": <base64 detached CMS>}. Loaded only on the pages
// that sign (the wizard's last step, the officer's decision); served by the app.
(function () {
  "use strict";

  function base64OfUtf8(text) {
    var bytes = new TextEncoder().encode(text);
    var binary = "";
    for (var i = 0; i < bytes.length; i += 1) { binary += String.fromCharCode(bytes[i]); }
    return btoa(binary);
  }

  // One request to NCALayer; resolves with the base64 CMS or rejects with a reason:
  // "unreachable" (not installed or not running), "cancelled" or "failed".
  function createCAdES(url, data) {
    return new Promise(function (resolve, reject) {
      var socket;
      var settled = false;
      function done(fn, value) {
        if (settled) { return; }
        settled = true;
        try { socket.close(); } catch (ignored) { /* already closed */ }
        fn(value);
      }
      try { socket = new WebSocket(url); } catch (error) { reject("unreachable"); return; }
      socket.onerror = function () { done(reject, "unreachable"); };
      socket.onclose = function () { done(reject, "unreachable"); };
      socket.onopen = function () {
        socket.send(JSON.stringify({
          module: "kz.gov.pki.knca.commonUtils",
          method: "createCAdESFromBase64",
          args: ["PKCS12", "SIGNATURE", data, false]
        }));
      };
      socket.onmessage = function (event) {
        var answer;
        try { answer = JSON.parse(event.data); } catch (error) { return; }
        if (answer.result && answer.result.version) { return; } // the greeting
        if (String(answer.code) === "200" && answer.responseObject) {
          done(resolve, answer.responseObject);
        } else if (answer.message === "action.canceled") {
          done(reject, "cancelled");
        } else {
          done(reject, "failed");
        }
      };
    });
  }

  // The document to certify: shown on the page, or asked of the server for the form as
  // it stands (a decision), whose answer is {"document": …} or {"errors": […]}.
  function documentOf(form) {
    var shown = form.getAttribute("data-eds-document");
    if (shown) { return Promise.resolve(document.getElementById(shown).textContent); }
    return fetch(form.getAttribute("data-eds-document-url"), {
      method: "POST", body: new FormData(form), credentials: "same-origin"
    }).then(function (response) {
      return response.json().then(function (answer) {
        if (!response.ok || typeof answer.document !== "string") { throw "invalid"; }
        return answer.document;
      });
    });
  }

  function setUp(form) {
    var button = form.querySelector("[data-eds-sign]");
    var status = form.querySelector("[data-eds-status]");
    var field = form.querySelector("input[name=signature]");
    button.hidden = false;
    button.addEventListener("click", function () {
      button.disabled = true;
      status.textContent = status.getAttribute("data-waiting");
      documentOf(form).then(function (text) {
        return createCAdES(form.getAttribute("data-ncalayer-url"), base64OfUtf8(text));
      })
        .then(function (cms) {
          field.value = cms;
          status.textContent = status.getAttribute("data-signed");
          form.submit();
        }, function (reason) {
          button.disabled = false;
          status.textContent = status.getAttribute(
            "data-" + (typeof reason === "string" ? reason : "failed"));
        });
    });
  }

  document.querySelectorAll("form[data-eds]").forEach(setUp);
}());
