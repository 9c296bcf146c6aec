// Passkeys: fetch WebAuthn options from the server, let the browser create or use a
// credential, then submit it in the form's hidden "credential" field.
(function () {
  "use strict";

  function antiforgeryToken(form) {
    var input = form.querySelector('input[name="__RequestVerificationToken"]');
    return input ? input.value : "";
  }

  function showError(form, message) {
    var box = form.querySelector("[data-passkey-error]");
    if (box) {
      box.textContent = message;
      box.hidden = false;
    }
  }

  async function fetchOptions(form) {
    var response = await fetch(form.dataset.optionsUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRF-TOKEN": antiforgeryToken(form) },
    });
    if (!response.ok) {
      throw new Error("options " + response.status);
    }
    return response.json();
  }

  function supported() {
    return window.PublicKeyCredential &&
      typeof PublicKeyCredential.parseCreationOptionsFromJSON === "function" &&
      typeof PublicKeyCredential.parseRequestOptionsFromJSON === "function";
  }

  function wire(form, create) {
    if (!form) {
      return;
    }
    var unsupportedMessage = form.dataset.unsupported || "This browser does not support passkeys.";
    form.addEventListener("submit", async function (event) {
      if (form.elements.credential.value) {
        return; // Second pass: the credential is there, let the form go.
      }
      event.preventDefault();
      if (!supported()) {
        showError(form, unsupportedMessage);
        return;
      }
      try {
        var options = await fetchOptions(form);
        var credential = create
          ? await navigator.credentials.create({ publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(options) })
          : await navigator.credentials.get({ publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(options) });
        form.elements.credential.value = JSON.stringify(credential.toJSON());
        form.submit();
      } catch (error) {
        showError(form, form.dataset.failed || "The passkey operation was cancelled or failed.");
      }
    });
  }

  wire(document.getElementById("passkey-add"), true);
  wire(document.getElementById("passkey-login"), false);
})();
