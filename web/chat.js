/* The chat widget: rasa-webchat over socket.io, with a clear message when the
 * assistant cannot be reached. Settings come from config.js (served by
 * scripts/serve_web.py from the Makefile's ports and clinic.yml). */
(function () {
  var config = window.CLINIC_CHAT;
  var status = document.getElementById("chat-status");

  function showDown() {
    status.textContent = "Our chat assistant is unavailable right now. Please call us at " +
      config.phone + ". In an emergency, call " + config.emergencyNumber + ".";
    status.hidden = false;
  }

  function label(selector, name) {
    var element = document.querySelector(selector);
    if (element && !element.getAttribute("aria-label")) { element.setAttribute("aria-label", name); }
  }

  // accessible names for the widget's launcher, input and send button
  new MutationObserver(function () {
    label(".rw-launcher", "Open the chat with our virtual assistant");
    label(".rw-new-message", "Type your question");
    label(".rw-send", "Send");
    label(".rw-close-button", "Close the chat");
  }).observe(document.body, { childList: true, subtree: true });

  var timer = setTimeout(showDown, config.connectTimeoutMs);
  fetch(config.socketUrl + "/", { cache: "no-store" })
    .then(function (response) { if (!response.ok) { throw new Error(response.status); } })
    .catch(showDown);

  WebChat.default({
    initPayload: "/greet",
    customData: { language: "en" },
    socketUrl: config.socketUrl,
    socketPath: "/socket.io/",
    title: config.clinicName,
    subtitle: "Virtual assistant",
    inputTextFieldHint: "Type your question…",
    params: { storage: "session" },
    showMessageDate: false,
    onSocketEvent: {
      connect: function () { clearTimeout(timer); status.hidden = true; },
      connect_error: showDown,
      disconnect: showDown
    }
  }, null);
}());
