// Editing one's own message in place: a textarea where the text was, Save and Cancel; Esc cancels, Enter saves
// (Shift+Enter breaks the line). Hooks into chat.js through window.guanxiChat.
(() => {
  "use strict";
  const chat = window.guanxiChat;
  if (!chat) return;
  chat.editInline = (item, message) => {
    const body = item.querySelector(".body");
    const form = Object.assign(document.createElement("form"), {className: "edit-inline"});
    const text = Object.assign(document.createElement("textarea"), {value: message.body, rows: 2, maxLength: 10000});
    text.setAttribute("aria-label", tr("Edit message"));
    const save = Object.assign(document.createElement("button"), {type: "submit", textContent: tr("Save")});
    const cancel = Object.assign(document.createElement("button"), {type: "button", className: "link", textContent: tr("Cancel")});
    const problem = Object.assign(document.createElement("small"), {className: "error"});
    form.append(text, save, cancel, problem);
    body.replaceWith(form);
    const actionsBox = item.querySelector(".actions");
    if (actionsBox) actionsBox.hidden = true;
    const box = chat.state.loaded.get(message.conversation_id);
    const close = () => chat.renderMessage((box && box.messages.get(message.seq)) || message);
    cancel.addEventListener("click", close);
    text.addEventListener("keydown", (event) => {
      if (event.key === "Escape") { event.preventDefault(); close(); }
      if (event.key === "Enter" && !event.shiftKey) { event.preventDefault(); form.requestSubmit(); }
    });
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (!text.value.trim() || text.value === message.body) { close(); return; }
      const ack = await chat.emit("edit_message", {conversation_id: message.conversation_id, message_id: message.id, body: text.value});
      if (ack.ok) chat.applyChange(ack.message); else problem.textContent = ack.message;
    });
    text.focus();
  };
})();
