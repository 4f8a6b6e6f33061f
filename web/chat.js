/* The chat widget: rasa-webchat over socket.io, with a clear message when the
 * assistant cannot be reached. Settings come from config.js (served by
 * scripts/serve_web.py from the Makefile's ports and clinic.yml). */
(function () {
  var config = window.CLINIC_CHAT;
  var status = document.getElementById("chat-status");
  // the widget's conversation in sessionStorage (rasa-webchat's SESSION_NAME)
  var STORAGE_KEY = "chat_session";
  // set by "Clear chat" for the page load after it: open the chat again
  var REOPEN_KEY = "clinic_chat_reopen";
  // What "Clear chat" sends to end the conversation on the server before the browser
  // forgets it: Rasa's /restart command. The server-side deletion of the stored
  // conversation (privacy work) can hook in here, e.g. with a command of its own.
  var END_PAYLOAD = "/restart";
  // How long "Clear chat" waits for the server's answer to END_PAYLOAD at most.
  var END_TIMEOUT_MS = 3000;
  // Answers are shown at once (the widget's default is a typing animation of 0.8 to 3 s).
  var MESSAGE_DELAY_MS = 0;

  var widget = null;  // rasa-webchat's handle: sendMessage(payload), getSessionId()
  var onServerAnswer = null;

  function showDown() {
    status.textContent = "Our chat assistant is unavailable right now. Please call us at " +
      config.phone + ". In an emergency, call " + config.emergencyNumber + ".";
    status.hidden = false;
  }

  function label(selector, name) {
    var element = document.querySelector(selector);
    if (element && !element.getAttribute("aria-label")) { element.setAttribute("aria-label", name); }
  }

  // Ends the conversation (END_PAYLOAD), forgets it in this browser and reloads the
  // page with a fresh chat, open.
  function clearChat() {
    var done = false;
    function restart() {
      if (done) { return; }
      done = true;
      // also after any late write of the widget, when the page goes
      window.addEventListener("pagehide", function () { sessionStorage.removeItem(STORAGE_KEY); });
      sessionStorage.removeItem(STORAGE_KEY);
      sessionStorage.setItem(REOPEN_KEY, "1");
      window.location.reload();
    }
    if (widget && widget.getSessionId && widget.getSessionId()) {
      onServerAnswer = restart;
      setTimeout(restart, END_TIMEOUT_MS);
      widget.sendMessage(END_PAYLOAD);
    } else {
      restart();
    }
  }

  function addClearButton() {
    var buttons = document.querySelector(".rw-header-buttons");
    if (!buttons || buttons.querySelector(".clinic-clear-chat")) { return; }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "clinic-clear-chat";
    button.textContent = "Clear chat";
    button.title = "End this conversation and delete it from this browser";
    button.addEventListener("click", clearChat);
    buttons.insertBefore(button, buttons.firstChild);
  }

  // The quick-reply buttons are <div>s: make them buttons for keyboards and screen readers.
  function makeRepliesButtons() {
    document.querySelectorAll("div.rw-reply:not([role])").forEach(function (reply) {
      reply.setAttribute("role", "button");
      reply.setAttribute("tabindex", "0");
    });
  }
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if ((event.key === "Enter" || event.key === " ") && target.matches && target.matches("div.rw-reply")) {
      event.preventDefault();
      target.click();
    }
  });

  // The widget scrolls to the bottom on every message, which hides the start of an
  // answer longer than the pane: then scroll back to where the newest answer starts.
  function keepAnswerStartInView(pane) {
    var atBottom = pane.scrollHeight - pane.scrollTop - pane.clientHeight < 2;
    var groups = pane.querySelectorAll(".rw-group-message");
    var start = null;  // the first group of messages after the patient's last one
    for (var i = groups.length - 1; i >= 0 && !groups[i].classList.contains("rw-from-client"); i--) {
      start = groups[i];
    }
    if (!atBottom || !start) { return; }
    var offset = start.getBoundingClientRect().top - pane.getBoundingClientRect().top;
    if (offset < 0) { pane.scrollTop += offset - 8; }
  }

  function labelConversation(pane) {
    if (pane.getAttribute("role")) { return; }
    // a scrollable region that keyboards can reach, read out as new messages come
    pane.setAttribute("role", "log");
    pane.setAttribute("aria-label", "Conversation");
    pane.setAttribute("tabindex", "0");
  }

  new MutationObserver(function () {
    // accessible names for the widget's launcher, input and send button
    label(".rw-launcher", "Open the chat with our virtual assistant");
    label(".rw-new-message", "Type your question");
    label(".rw-send", "Send");
    label(".rw-close-button", "Close the chat");
    label(".rw-widget-container", "Chat with our virtual assistant");
    var container = document.querySelector(".rw-widget-container");
    if (container && !container.getAttribute("role")) { container.setAttribute("role", "region"); }
    var title = document.querySelector(".rw-title");
    if (title && !title.getAttribute("aria-level")) { title.setAttribute("aria-level", "2"); }
    addClearButton();
    makeRepliesButtons();
    var pane = document.getElementById("rw-messages");
    if (pane) {
      labelConversation(pane);
      keepAnswerStartInView(pane);
    }
  }).observe(document.body, { childList: true, subtree: true });

  // after "Clear chat": open the new chat as soon as the widget shows, ready to type
  if (sessionStorage.getItem(REOPEN_KEY)) {
    sessionStorage.removeItem(REOPEN_KEY);
    var reopen = setInterval(function () {
      var launcher = document.querySelector(".rw-launcher");
      if (!launcher || launcher.offsetParent === null) { return; }
      clearInterval(reopen);
      launcher.click();
      setTimeout(function () { document.querySelector(".rw-new-message").focus(); }, 0);
    }, 100);
  }

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
    customMessageDelay: function () { return MESSAGE_DELAY_MS; },
    innerRef: function (handle) { widget = handle; },
    onSocketEvent: {
      connect: function () { clearTimeout(timer); status.hidden = true; },
      connect_error: showDown,
      disconnect: showDown,
      bot_uttered: function () { if (onServerAnswer) { onServerAnswer(); } }
    }
  }, null);
}());
