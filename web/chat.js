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
  // "Clear chat" deletes the conversation on the server with the assistant's own
  // deletion (README "Deleting a conversation from a channel or widget"): it asks for
  // it (DELETE_PAYLOAD), then answers the assistant's confirmation question with the
  // yes-button that question offers (CONFIRM_PAYLOAD).
  var DELETE_PAYLOAD = "/delete_conversation";
  var CONFIRM_PAYLOAD = "/affirm";
  // How long "Clear chat" waits for each of the assistant's answers at most.
  var ANSWER_TIMEOUT_MS = 10000;
  // Answers are shown at once (the widget's default is a typing animation of 0.8 to 3 s).
  var MESSAGE_DELAY_MS = 0;

  var widget = null;  // rasa-webchat's handle: sendMessage(payload), getSessionId()
  var onServerAnswer = null;  // called with each bot message (socket.io's bot_uttered data)
  var clearing = false;

  function showDown() {
    status.textContent = "Our chat assistant is unavailable right now. Please call us at " +
      config.phone + ". In an emergency, call " + config.emergencyNumber + ".";
    status.hidden = false;
  }

  function label(selector, name) {
    var element = document.querySelector(selector);
    if (element && !element.getAttribute("aria-label")) { element.setAttribute("aria-label", name); }
  }

  // Forgets the conversation in this browser and reloads the page with a fresh chat, open.
  function forgetAndReload() {
    // also after any late write of the widget, when the page goes
    window.addEventListener("pagehide", function () { sessionStorage.removeItem(STORAGE_KEY); });
    sessionStorage.removeItem(STORAGE_KEY);
    sessionStorage.setItem(REOPEN_KEY, "1");
    window.location.reload();
  }

  function offers(message, payload) {
    var buttons = (message && (message.quick_replies || message.buttons)) || [];
    return buttons.some(function (button) { return button.payload === payload; });
  }

  // Waits for a bot message satisfying `accept` (then calls `next`); `failed` after
  // ANSWER_TIMEOUT_MS without one.
  function awaitAnswer(accept, next, failed) {
    var timer = setTimeout(function () { onServerAnswer = null; failed(); }, ANSWER_TIMEOUT_MS);
    onServerAnswer = function (message) {
      if (!accept(message)) { return; }
      clearTimeout(timer);
      onServerAnswer = null;
      next();
    };
  }

  // Deletes the conversation on the server: DELETE_PAYLOAD, the assistant's question
  // (offering CONFIRM_PAYLOAD), CONFIRM_PAYLOAD, the assistant's "deleted" answer.
  function deleteOnServer(done, failed) {
    awaitAnswer(function (message) { return offers(message, CONFIRM_PAYLOAD); }, function () {
      awaitAnswer(function (message) { return message && message.text === config.deletedReply; }, done, failed);
      widget.sendMessage(CONFIRM_PAYLOAD);
    }, failed);
    widget.sendMessage(DELETE_PAYLOAD);
  }

  function showDeleteFailed() {
    clearing = false;
    status.textContent = "Your chat could not be deleted from the clinic's server just now. " +
      "Please try again, or call us at " + config.phone + ".";
    status.hidden = false;
  }

  // Deletes the conversation on the server (when there is one), then in this browser.
  function clearChat() {
    if (clearing) { return; }
    clearing = true;
    if (widget && widget.getSessionId && widget.getSessionId()) {
      deleteOnServer(forgetAndReload, showDeleteFailed);
    } else {
      forgetAndReload();
    }
  }

  // The page's own confirmation (a modal <dialog>: focus starts on Cancel, Escape cancels).
  function confirmClear(opener) {
    var dialog = document.getElementById("clinic-clear-dialog");
    if (!dialog) {
      dialog = document.createElement("dialog");
      dialog.id = "clinic-clear-dialog";
      dialog.className = "clinic-dialog";
      dialog.setAttribute("aria-labelledby", "clinic-clear-title");
      dialog.setAttribute("aria-describedby", "clinic-clear-text");
      dialog.innerHTML =
        '<h2 id="clinic-clear-title">Clear this chat?</h2>' +
        '<p id="clinic-clear-text"></p>' +
        '<form method="dialog">' +
        '<button type="submit" value="cancel" class="clinic-dialog-cancel" autofocus>Cancel</button>' +
        '<button type="submit" value="delete" class="clinic-dialog-confirm">Clear and delete</button>' +
        "</form>";
      dialog.querySelector("#clinic-clear-text").textContent =
        "Clear this chat and delete it from the clinic's server? A booking request already sent " +
        "is not affected; to withdraw it, call " + config.phone + ".";
      dialog.addEventListener("close", function () {
        if (dialog.returnValue === "delete") {
          clearChat();
        } else if (dialog.opener && dialog.opener.isConnected) {
          dialog.opener.focus();
        }
      });
      document.body.appendChild(dialog);
    }
    dialog.opener = opener;
    dialog.returnValue = "";
    dialog.showModal();
  }

  function addClearButton() {
    var buttons = document.querySelector(".rw-header-buttons");
    if (!buttons || buttons.querySelector(".clinic-clear-chat")) { return; }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "clinic-clear-chat";
    button.textContent = "Clear chat";
    button.title = "Delete this conversation from the clinic's server and from this browser";
    button.addEventListener("click", function () { confirmClear(button); });
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
      bot_uttered: function (message) { if (onServerAnswer) { onServerAnswer(message); } }
    }
  }, null);
}());
