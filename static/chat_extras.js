// Chat, grown up: attachments (upload with progress, image previews, downloads), replies, @mentions, reactions.
// Hooks into chat.js through window.guanxiChat: decorate(item, message) after a message is drawn, and
// takeExtras(body) when the composer sends. Text goes into the page with textContent only, never as HTML.
(() => {
  "use strict";
  const chat = window.guanxiChat;
  const root = document.getElementById("chat");
  if (!chat || !root) return;
  const {socket, state} = chat;
  const me = root.dataset.me;
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const $ = (id) => document.getElementById(id);
  const el = (tag, props = {}, ...children) => { const node = Object.assign(document.createElement(tag), props); node.append(...children); return node; };
  const QUICK = ["👍", "❤️", "🎉", "✅"];
  const extras = {staged: [], replyTo: null, mentioned: new Map()};  // mentioned: name -> user id
  const people = () => { const conv = state.conversations.get(state.open); return conv ? conv.participants : []; };
  const nameOf = (userId) => (people().find((p) => p.id === userId) || {name: tr("Someone")}).name;
  const sizeOf = (n) => (n < 1024 ? `${n} B` : n < 1048576 ? `${(n / 1024).toFixed(0)} KB` : `${(n / 1048576).toFixed(1)} MB`);

  // ---- attachments ----
  function upload(file) {
    if (!state.open) return;
    const progress = el("progress", {max: 100, value: 0, className: "upload-progress"});
    const chip = el("li", {className: "staged uploading"}, el("span", {textContent: file.name}), progress);
    $("staged").append(chip);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `/api/conversations/${encodeURIComponent(state.open)}/attachments`);
    xhr.setRequestHeader("X-CSRFToken", csrf);
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) progress.value = Math.round((e.loaded / e.total) * 100); };
    xhr.onload = () => {
      let data = {};
      try { data = JSON.parse(xhr.responseText); } catch (_) { /* not JSON: an error page */ }
      if (xhr.status !== 201) { chip.className = "staged failed"; progress.replaceWith(el("span", {textContent: ` ${tr("not uploaded: {reason}", {reason: data.message || xhr.statusText})}`})); return; }
      extras.staged.push(data);
      const remove = el("button", {type: "button", className: "link", textContent: "×", title: tr("Remove")});
      remove.addEventListener("click", () => { extras.staged = extras.staged.filter((f) => f.id !== data.id); chip.remove(); });
      chip.className = "staged";
      chip.dataset.id = data.id;
      progress.replaceWith(el("span", {className: "meta", textContent: ` ${sizeOf(data.size)} `}), remove);
    };
    xhr.onerror = () => { chip.className = "staged failed"; };
    const form = new FormData();
    form.append("file", file);
    xhr.send(form);
  }
  $("attach").addEventListener("click", () => $("file").click());
  $("file").addEventListener("change", () => { [...$("file").files].forEach(upload); $("file").value = ""; });

  function attachmentsOf(message) {
    const box = el("div", {className: "attachments"});
    for (const file of message.attachments || []) {
      const link = el("a", {href: file.url, className: "attachment", download: file.name});
      if (/^image\/(png|jpeg|gif|webp)$/.test(file.content_type)) link.append(el("img", {src: file.url, alt: file.name, className: "preview"}));
      link.append(el("span", {textContent: `${file.name} (${sizeOf(file.size)})`}));
      box.append(link);
    }
    return box;
  }

  // ---- replies ----
  function quoteOf(message) {
    const box = state.loaded.get(message.conversation_id);
    const quoted = box && box.messages.get(message.reply_to_seq);
    const text = quoted ? tr("{name}: {text}", {name: quoted.sender_id === me ? tr("You") : nameOf(quoted.sender_id),
      text: quoted.deleted ? tr("(message deleted)") : quoted.body}) : tr("message #{seq}", {seq: message.reply_to_seq});
    return el("blockquote", {className: "quote", textContent: text.slice(0, 200)});
  }
  function replyTo(message) {
    extras.replyTo = message;
    const text = message.body.slice(0, 140);
    $("reply-text").textContent = message.sender_id === me ? tr("Replying to yourself: {text}", {text})
      : tr("Replying to {name}: {text}", {name: nameOf(message.sender_id), text});
    $("reply-box").hidden = false;
    $("body").focus();
  }
  $("reply-cancel").addEventListener("click", () => { extras.replyTo = null; $("reply-box").hidden = true; });

  // ---- reactions ----
  function reactionsOf(message) {
    const row = el("span", {className: "reactions"});
    const given = message.reactions || {};
    for (const emoji of [...new Set([...Object.keys(given), ...QUICK])]) {
      const who = given[emoji] || [];
      const button = el("button", {type: "button", className: `reaction${who.includes(me) ? " mine" : ""}${who.length ? "" : " quick"}`,
        textContent: who.length ? `${emoji} ${who.length}` : emoji, title: who.map(nameOf).join(", ")});
      button.setAttribute("aria-pressed", String(who.includes(me)));
      button.addEventListener("click", () => react(message, emoji));
      row.append(button);
    }
    return row;
  }
  async function react(message, emoji) {
    const response = await fetch(`/api/messages/${encodeURIComponent(message.id)}/reactions`, {method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": csrf}, body: JSON.stringify({emoji})});
    if (response.ok) applyReactions(message.conversation_id, await response.json());
  }
  function applyReactions(conversationId, {message_id, reactions}) {
    const box = state.loaded.get(conversationId);
    const message = box && [...box.messages.values()].find((m) => m.id === message_id);
    if (!message) return;
    message.reactions = reactions;
    const item = document.querySelector(`#messages li[data-id="${CSS.escape(message_id)}"]`);
    const row = item && item.querySelector(".reactions");
    if (row) row.replaceWith(reactionsOf(message));
  }
  socket.on("reaction", (data) => applyReactions(data.conversation_id, data));

  // ---- a drawn message gets its quote, files, reactions and a Reply button ----
  chat.decorate = (item, message) => {
    if (message.deleted) return;
    if (message.reply_to_seq) item.querySelector(".body").before(quoteOf(message));
    if ((message.attachments || []).length) item.querySelector(".body").after(attachmentsOf(message));
    if ((message.mentions || []).includes(me)) item.classList.add("mentions-me");
    const reply = el("button", {type: "button", className: "link reply", textContent: tr("Reply")});
    reply.addEventListener("click", () => replyTo(message));
    item.append(reactionsOf(message), reply);
  };

  // ---- @mentions: autocomplete from the conversation's participants ----
  function mentionQuery() {
    const text = $("body").value.slice(0, $("body").selectionStart);
    const match = /(^|\s)@([^\s@]*)$/.exec(text);
    return match ? match[2] : null;
  }
  $("body").addEventListener("input", () => {
    const list = $("mention-list");
    const query = mentionQuery();
    list.replaceChildren();
    list.hidden = query === null;
    if (query === null) return;
    const found = people().filter((p) => p.id !== me && p.name.toLowerCase().includes(query.toLowerCase()));
    for (const person of found.slice(0, 8)) {
      const option = el("li", {textContent: person.name, tabIndex: 0, className: "mention-option"});
      option.setAttribute("role", "option");
      option.addEventListener("mousedown", (event) => { event.preventDefault(); pick(person, query); });
      list.append(option);
    }
    list.hidden = !found.length;
  });
  function pick(person, query) {
    const body = $("body");
    const at = body.selectionStart;
    const start = at - query.length - 1;
    body.value = `${body.value.slice(0, start)}@${person.name} ${body.value.slice(at)}`;
    body.selectionStart = body.selectionEnd = start + person.name.length + 2;
    extras.mentioned.set(person.name, person.id);
    $("mention-list").hidden = true;
    body.focus();
  }

  // ---- what the composer sends along ----
  chat.takeExtras = (body) => {
    const extra = {};
    if (extras.staged.length) {
      extra.attachment_ids = extras.staged.map((f) => f.id);
      extra.label = extras.staged.map((f) => `📎 ${f.name}`).join(", ");
    }
    if (extras.replyTo && extras.replyTo.conversation_id === state.open) extra.reply_to_seq = extras.replyTo.seq;
    const mentions = [...extras.mentioned].filter(([name]) => body.includes(`@${name}`)).map(([, id]) => id);
    if (mentions.length) extra.mentions = [...new Set(mentions)];
    extras.staged = []; extras.replyTo = null; extras.mentioned.clear();
    $("staged").replaceChildren(); $("reply-box").hidden = true; $("mention-list").hidden = true;
    return extra;
  };
})();
