// Group members in the chat header: Add people (from my connections and colleagues), Remove (the creator),
// Leave conversation; and what a change of members does to the page. Hooks into chat.js through window.guanxiChat.
(() => {
  "use strict";
  const chat = window.guanxiChat;
  const root = document.getElementById("chat");
  if (!chat || !root) return;
  const me = root.dataset.me;
  let people = null;  // [{id, name}]: whom I may add (the server checks again)

  const button = (text, className, onClick) => {
    const b = Object.assign(document.createElement("button"), {type: "button", className, textContent: text});
    b.addEventListener("click", onClick);
    return b;
  };
  async function candidates() {
    if (people) return people;
    const found = new Map();
    document.querySelectorAll("#colleague option").forEach((o) => { if (o.value) found.set(o.value, o.textContent.split(" · ")[0]); });
    try {
      const data = await chat.api("GET", "/api/connections");
      (data.items || data || []).forEach((u) => found.set(u.id, u.name));
    } catch (err) { /* colleagues alone, then */ }
    people = [...found].map(([id, name]) => ({id, name}));
    return people;
  }
  async function change(method, path, body, problem) {
    try { await chat.api(method, path, body); } catch (err) { problem.textContent = err.message; }
  }

  async function addForm(conv, box) {
    const problem = Object.assign(document.createElement("small"), {className: "error", role: "alert"});
    const form = Object.assign(document.createElement("form"), {className: "add-people"});
    const pick = document.createElement("select");
    pick.setAttribute("aria-label", tr("Person to add"));
    const inside = new Set(conv.participants.map((p) => p.id));
    const choices = (await candidates()).filter((p) => !inside.has(p.id));
    pick.append(Object.assign(document.createElement("option"), {value: "", textContent: choices.length ? tr("— pick a person —") : tr("Nobody else to add")}));
    choices.forEach((p) => pick.append(Object.assign(document.createElement("option"), {value: p.id, textContent: p.name})));
    form.append(pick, Object.assign(document.createElement("button"), {type: "submit", textContent: tr("Add")}), problem);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      if (pick.value) change("POST", `/api/conversations/${encodeURIComponent(conv.id)}/members`, {user_id: pick.value}, problem);
    });
    box.append(form);
    pick.focus();
  }

  chat.decorateMembers = (line, conv) => {
    if (conv.kind !== "group") return;
    const owner = conv.participants.find((p) => p.role === "owner");
    const problem = Object.assign(document.createElement("small"), {className: "error", role: "alert"});
    if (owner && owner.id === me) {
      line.querySelectorAll(".person").forEach((span) => {
        span.after(button(tr("Remove"), "link remove-member", () => {
          if (confirm(tr("Remove {name} from this conversation?", {name: span.textContent}))) {
            change("DELETE", `/api/conversations/${encodeURIComponent(conv.id)}/members/${encodeURIComponent(span.dataset.userId)}`, null, problem);
          }
        }));
      });
    }
    const box = Object.assign(document.createElement("span"), {className: "members-actions"});
    const add = button(tr("Add people"), "link add-people-button", () => { add.hidden = true; addForm(conv, box); });
    const leave = button(tr("Leave conversation"), "link leave", () => {
      if (confirm(tr("Leave this conversation? You will no longer see its new messages."))) {
        change("POST", `/api/conversations/${encodeURIComponent(conv.id)}/leave`, null, problem);
      }
    });
    box.append(add, leave, problem);
    line.append(box);
  };

  chat.membersChanged = async (message) => {
    const {state} = chat;
    const id = message.conversation_id;
    if (message.kind === "member_removed" && message.member_id === me) {  // nothing after this reaches me
      state.conversations.delete(id);
      state.loaded.delete(id);
      if (state.open === id) {
        state.open = null;
        chat.socket.emit("open", {conversation_id: null});
        document.getElementById("composer").hidden = true;
        document.getElementById("participants").replaceChildren();
        document.getElementById("conversation-title").textContent =
          message.sender_id === me ? tr("You left this conversation.") : tr("You were removed from this conversation.");
      }
      chat.renderList();
      return;
    }
    const fresh = await chat.api("GET", `/api/conversations/${encodeURIComponent(id)}`).catch(() => null);
    const conv = state.conversations.get(id);
    if (!fresh || !conv) return;
    conv.participants = fresh.participants;
    if (state.open === id) chat.renderParticipants(conv);
    chat.renderList();
  };
})();
