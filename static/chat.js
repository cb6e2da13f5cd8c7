// Guanxi chat client: delivers each conversation's messages exactly once and in seq order, over
// reconnects (catch-up with per-conversation seq cursors, never timestamps) and retried sends.
(() => {
  "use strict";
  const root = document.getElementById("chat");
  if (!root) return;
  const me = root.dataset.me;
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const $ = (id) => document.getElementById(id);
  const state = {
    open: root.dataset.open || null,
    conversations: new Map(),   // id -> conversation view from the API
    loaded: new Map(),          // id -> {cursor, changes, messages: Map seq -> message, ahead: Map seq -> message}
    pending: new Map(),         // client_msg_id -> {conversation_id, body}
    typingTimer: null, lastTyping: 0, readTimer: null,
    ended: false,               // the session ended: no more connecting, no composer
  };
  const socket = io({transports: ["websocket", "polling"], reconnectionDelayMax: 5000});
  window.guanxiChat = {socket, state};  // chat_extras.js and chat_members.js add hooks; api, open and list below

  const api = async (method, path, body) => {
    const response = await fetch(path, {method, credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": csrf}, body: body ? JSON.stringify(body) : undefined});
    const data = await response.json().catch(() => ({}));
    if (!response.ok) throw Object.assign(new Error(data.message || response.statusText), {data});
    return data;
  };
  const emit = (event, payload) => new Promise((resolve) => {
    socket.timeout(10000).emit(event, payload, (err, ack) => resolve(err ? {ok: false, error: "timeout"} : ack));
  });
  const newId = () => (crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`);
  const nameOf = (conv, userId) => (conv.participants.find((p) => p.id === userId) || {name: tr("Someone")}).name;
  // A change of members in the reader's language: the stored body is an English line for API clients, so the
  // names are taken from it (the actor's name first, as the participants know it).
  const systemLine = (conv, m) => {
    const body = m.body || "";
    const actor = conv && conv.participants.find((p) => p.id === m.sender_id);
    const split = (word) => {
      const known = actor && body.startsWith(`${actor.name} ${word} `) ? actor.name.length : body.indexOf(` ${word} `);
      return known < 0 ? null : {actor: body.slice(0, known), member: body.slice(known + word.length + 2)};
    };
    if (m.kind === "member_added" && split("added")) return tr("{actor} added {member}", split("added"));
    if (m.kind === "member_removed" && m.sender_id === m.member_id && body.endsWith(" left")) return tr("{name} left", {name: body.slice(0, -5)});
    if (m.kind === "member_removed" && split("removed")) return tr("{actor} removed {member}", split("removed"));
    return body;
  };
  const shortTime = (iso) => {
    const at = new Date(iso);
    return at.toDateString() === new Date().toDateString()
      ? at.toLocaleTimeString([], {hour: "2-digit", minute: "2-digit"}) : at.toLocaleDateString();
  };
  const titleOf = (conv) => conv.title || conv.participants.filter((p) => p.id !== me).map((p) => p.name).join(", ");

  // ---- the conversation list ----
  async function loadConversations() {
    const data = await api("GET", "/api/conversations");
    data.items.forEach((c) => state.conversations.set(c.id, c));
    renderList();
  }
  function renderList() {
    const list = $("conversations");
    list.replaceChildren();
    for (const conv of state.conversations.values()) {
      const item = document.createElement("li");
      item.dataset.id = conv.id;
      if (conv.id === state.open) item.classList.add("active");
      const link = document.createElement("a");
      link.href = `/chat?c=${encodeURIComponent(conv.id)}`;
      link.addEventListener("click", (event) => { event.preventDefault(); openConversation(conv.id); });
      const name = document.createElement("span");
      name.className = "name";
      name.textContent = titleOf(conv);
      const dot = document.createElement("span");
      const others = conv.participants.filter((p) => p.id !== me);
      dot.className = others.some((p) => p.online) ? "dot online" : "dot";
      const badge = document.createElement("span");
      badge.className = "badge unread";
      badge.textContent = conv.unread;
      badge.hidden = !conv.unread || conv.id === state.open;
      const last = document.createElement("span");
      last.className = "last";
      if (conv.last_message) {  // a preview: who said what, and when
        const m = conv.last_message;
        const text = m.deleted ? tr("(message deleted)") : m.kind && m.kind !== "message" ? systemLine(conv, m)
          : tr("{name}: {text}", {name: m.sender_id === me ? tr("You") : nameOf(conv, m.sender_id), text: m.body});
        last.append(Object.assign(document.createElement("span"), {className: "preview", textContent: text}),
          Object.assign(document.createElement("time"), {dateTime: m.created_at, textContent: shortTime(m.created_at)}));
      }
      link.append(dot, name, badge, last);
      item.append(link);
      list.append(item);
    }
  }

  Object.assign(window.guanxiChat, {api, emit, systemLine, applyChange: (m) => applyChange(m), renderMessage: (m) => renderMessage(m),
    openConversation: (id) => openConversation(id), loadConversations: () => loadConversations(),
    renderList: () => renderList(), renderParticipants: (conv) => renderParticipants(conv)});

  // ---- delivery: exactly once, in seq order ----
  function accept(message) {
    const conv = state.conversations.get(message.conversation_id);
    if (!conv) { loadConversations(); return; }
    if (message.seq > conv.last_seq) conv.last_message = message;
    conv.last_seq = Math.max(conv.last_seq, message.seq);
    if (message.sender_id === me) settle(message);
    const box = state.loaded.get(message.conversation_id);
    if (!box) {  // not on screen: only the counts change
      if (message.sender_id !== me) conv.unread += 1;
      renderList();
      return;
    }
    if (message.seq <= box.cursor || box.ahead.has(message.seq)) return;  // a duplicate
    box.ahead.set(message.seq, message);
    while (box.ahead.has(box.cursor + 1)) {
      const next = box.ahead.get(box.cursor + 1);
      box.ahead.delete(next.seq);
      box.cursor = next.seq;
      box.messages.set(next.seq, next);
      if (message.conversation_id === state.open) renderMessage(next);
      else if (next.sender_id !== me) conv.unread += 1;
    }
    renderList();  // the list shows each conversation's last message, the open one's too
    if (box.ahead.size) fillGap(message.conversation_id);
    if (message.conversation_id === state.open) markRead();
    if (message.kind && message.kind !== "message" && window.guanxiChat.membersChanged) window.guanxiChat.membersChanged(message);
  }
  function applyChange(message) {
    const box = state.loaded.get(message.conversation_id);
    if (!box) return;
    box.changes = Math.max(box.changes, message.change_seq);
    if (box.messages.has(message.seq)) {
      box.messages.set(message.seq, message);
      if (message.conversation_id === state.open) renderMessage(message);
    }
  }
  let syncing = null;
  function fillGap() { if (!syncing) syncing = catchUp().finally(() => { syncing = null; }); }
  async function catchUp() {
    for (let round = 0; round < 50; round++) {  // paged; bounded
      const cursors = {}, changes = {};
      for (const [id, box] of state.loaded) { cursors[id] = box.cursor; changes[id] = box.changes; }
      const ack = await emit("sync", {cursors, changes});
      if (!ack.ok) return;
      (ack.unknown || []).forEach((id) => { state.conversations.delete(id); state.loaded.delete(id); });  // left meanwhile
      ack.messages.forEach(accept);
      ack.changes.forEach(applyChange);
      for (const summary of ack.conversations) {
        const conv = state.conversations.get(summary.id);
        if (!conv) { await loadConversations(); break; }
        Object.assign(conv, {last_seq: summary.last_seq, unread: summary.id === state.open ? 0 : summary.unread});
      }
      renderList();
      if (!ack.more) return;
    }
  }

  // ---- the open conversation ----
  async function openConversation(id) {
    state.open = id;
    history.replaceState(null, "", `/chat?c=${encodeURIComponent(id)}`);
    socket.emit("open", {conversation_id: id});
    const conv = state.conversations.get(id);
    if (!conv) return;
    if (!state.loaded.has(id)) {
      const page = await api("GET", `/api/conversations/${encodeURIComponent(id)}/messages?before_seq=${conv.last_seq + 1}&limit=100`);
      const box = {cursor: 0, changes: conv.change_seq, messages: new Map(), ahead: new Map()};
      page.items.forEach((m) => box.messages.set(m.seq, m));
      box.cursor = page.items.length ? page.items[page.items.length - 1].seq : conv.last_seq;
      state.loaded.set(id, box);
    }
    conv.unread = 0;
    $("conversation-title").textContent = titleOf(conv);
    renderParticipants(conv);
    $("composer").hidden = state.ended;
    $("messages").replaceChildren();
    for (const m of state.loaded.get(id).messages.values()) renderMessage(m);
    for (const p of state.pending.values()) if (p.conversation_id === id) renderPending(p);
    renderList();
    fillGap();
    markRead();
  }
  function renderParticipants(conv) {
    const line = $("participants");
    line.replaceChildren();
    for (const p of conv.participants.filter((x) => x.id !== me)) {
      const span = document.createElement("span");
      span.className = p.online ? "person online" : "person";
      span.dataset.userId = p.id;
      span.textContent = p.name;
      span.title = p.online ? tr("online") : tr("offline");
      line.append(span);
    }
    if (window.guanxiChat.decorateMembers) window.guanxiChat.decorateMembers(line, conv);  // chat_members.js
  }
  function messageElement(key) {
    let item = document.querySelector(`#messages li[data-key="${CSS.escape(key)}"]`);
    if (!item) {
      item = document.createElement("li");
      item.dataset.key = key;
      $("messages").append(item);
    }
    return item;
  }
  function renderMessage(message) {
    const pendingItem = document.querySelector(`#messages li[data-key="${CSS.escape("pending:" + message.client_msg_id)}"]`);
    if (pendingItem && message.sender_id === me) pendingItem.remove();
    const item = messageElement(`seq:${message.seq}`);
    const conv = state.conversations.get(message.conversation_id);
    if (message.kind && message.kind !== "message") {  // a change of members: a centred grey line
      item.className = "message system";
      item.dataset.seq = message.seq;
      item.replaceChildren(Object.assign(document.createElement("span"), {className: "body", textContent: systemLine(conv, message)}));
      return;
    }
    item.className = `message ${message.sender_id === me ? "mine" : "theirs"} sent${message.deleted ? " deleted" : ""}`;
    item.dataset.seq = message.seq;
    item.dataset.id = message.id;
    const who = document.createElement("span");
    who.className = "who";
    who.textContent = message.sender_id === me ? tr("You") : nameOf(conv, message.sender_id);
    const body = document.createElement("span");
    body.className = "body";
    body.textContent = message.deleted ? tr("(message deleted)") : message.body;  // text, never HTML
    const meta = document.createElement("span");
    meta.className = "meta";
    meta.textContent = `${new Date(message.created_at).toLocaleTimeString()}${message.edited_at && !message.deleted ? ` · ${tr("edited")}` : ""}`;
    item.replaceChildren(who, body, meta);
    if (window.guanxiChat.decorate) window.guanxiChat.decorate(item, message);  // chat_extras.js: files, replies, reactions
    if (message.sender_id === me && !message.deleted) item.append(actions(message));
    const seen = document.createElement("span");
    seen.className = "seen";
    item.append(seen);
    // Keep seq order even when a gap was filled late.
    const after = [...$("messages").children].find((li) => li.dataset.seq && Number(li.dataset.seq) > message.seq);
    if (after && after !== item) $("messages").insertBefore(item, after);
    updateSeen();
    $("messages").scrollTop = $("messages").scrollHeight;
  }
  function actions(message) {
    const box = document.createElement("span");
    box.className = "actions";
    const edit = Object.assign(document.createElement("button"), {type: "button", className: "link edit", textContent: tr("Edit")});
    edit.addEventListener("click", () => window.guanxiChat.editInline(edit.closest("li"), message));  // chat_edit.js
    const remove = Object.assign(document.createElement("button"), {type: "button", className: "link delete", textContent: tr("Delete")});
    remove.addEventListener("click", async () => {
      if (!confirm(tr("Delete this message?"))) return;
      const ack = await emit("delete_message", {conversation_id: message.conversation_id, message_id: message.id});
      ack.ok ? applyChange(ack.message) : alert(ack.message);
    });
    box.append(edit, remove);
    return box;
  }
  function updateSeen() {
    const conv = state.conversations.get(state.open);
    if (!conv) return;
    const mine = [...document.querySelectorAll("#messages li.mine.sent")];
    mine.forEach((li) => { li.querySelector(".seen").textContent = ""; });
    const last = mine[mine.length - 1];
    if (!last) return;
    const seq = Number(last.dataset.seq);
    const readers = conv.participants.filter((p) => p.id !== me && p.last_read_seq >= seq).length;
    if (readers) last.querySelector(".seen").textContent = conv.participants.length === 2 ? tr("Seen") : tr("Seen by {count}", {count: readers});
  }
  function markRead() {
    clearTimeout(state.readTimer);
    state.readTimer = setTimeout(() => {
      const box = state.loaded.get(state.open);
      if (box && document.visibilityState === "visible" && box.cursor > 0) {
        socket.emit("read", {conversation_id: state.open, seq: box.cursor});
      }
    }, 200);
  }

  // ---- sending: pending until the ack carries the stored message ----
  function renderPending(p) {
    const item = messageElement(`pending:${p.client_msg_id}`);
    item.className = `message mine ${p.failed ? "failed" : "pending"}`;
    const body = Object.assign(document.createElement("span"), {className: "body", textContent: p.body});
    const meta = Object.assign(document.createElement("span"), {className: "meta", textContent: p.failed ? tr("not sent: {reason}", {reason: p.failed}) : tr("sending…")});
    item.replaceChildren(Object.assign(document.createElement("span"), {className: "who", textContent: tr("You")}), body, meta);
    $("messages").append(item);
  }
  function settle(message) {
    if (state.pending.delete(message.client_msg_id)) {
      const item = document.querySelector(`#messages li[data-key="${CSS.escape("pending:" + message.client_msg_id)}"]`);
      if (item) item.remove();
    }
  }
  async function deliver(p) {
    if (!socket.connected) return;  // resent on reconnect, with the same client_msg_id
    const ack = await emit("send_message", {...p.extra, conversation_id: p.conversation_id, body: p.body, client_msg_id: p.client_msg_id});
    if (ack.ok) { accept(ack.message); return; }
    if (ack.error === "rate_limited") { setTimeout(() => state.pending.has(p.client_msg_id) && deliver(p), 1000); return; }
    if (ack.error === "timeout" || ack.error === "sql_unavailable" || ack.error === "internal") return;
    p.failed = (ack.fields && ack.fields.body) ? ack.fields.body.join(" ") : ack.message;
    if (p.conversation_id === state.open) renderPending(p);
  }
  $("composer").addEventListener("submit", (event) => {
    event.preventDefault();
    if (!state.open) return;
    const typed = $("body").value;
    const {label, ...extra} = window.guanxiChat.takeExtras ? window.guanxiChat.takeExtras(typed) : {};
    const body = typed.trim() ? typed : (label || "");  // files alone are sent under their names
    if (!body.trim()) return;
    const p = {client_msg_id: newId(), conversation_id: state.open, body, extra};
    state.pending.set(p.client_msg_id, p);
    renderPending(p);
    $("body").value = "";
    deliver(p);
  });
  $("body").addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey) { event.preventDefault(); $("composer").requestSubmit(); }
  });
  $("body").addEventListener("input", () => {
    if (state.open && Date.now() - state.lastTyping > 2000) {
      state.lastTyping = Date.now();
      socket.emit("typing", {conversation_id: state.open});
    }
  });

  // ---- search ----
  $("search-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const q = $("search").value.trim();
    const results = $("search-results");
    results.replaceChildren();
    results.hidden = !q;
    if (!q) return;
    const data = await api("GET", `/api/messages/search?q=${encodeURIComponent(q)}`);
    for (const m of data.items) {
      const conv = state.conversations.get(m.conversation_id);
      const item = Object.assign(document.createElement("li"), {textContent: tr("{name}: {text}", {name: conv ? titleOf(conv) : "", text: m.body})});
      item.addEventListener("click", () => openConversation(m.conversation_id));
      results.append(item);
    }
    if (!data.items.length) results.append(Object.assign(document.createElement("li"), {textContent: tr("No messages found.")}));
  });

  // ---- server events ----
  socket.on("connect", async () => {
    $("connection").textContent = tr("online");
    $("connection").className = "conn online";
    await loadConversations();
    if (state.open && !state.loaded.has(state.open)) await openConversation(state.open);
    else if (state.open) socket.emit("open", {conversation_id: state.open});
    await catchUp();
    for (const p of state.pending.values()) if (!p.failed) await deliver(p);
  });
  socket.on("disconnect", (reason) => {
    // The server closes a socket only when what let it in has ended (it may have had no time to say why).
    if (state.ended) return;
    if (reason === "io server disconnect") { sessionEnded(); return; }
    $("connection").textContent = tr("offline: reconnecting…"); $("connection").className = "conn offline";
  });
  socket.on("connect_error", (err) => {
    if (socket.active) return;  // the network: the client retries by itself
    if (err.message === "unauthorized") sessionEnded(); else setTimeout(() => socket.connect(), 5000);
  });
  socket.on("message", accept);
  socket.on("message_changed", applyChange);
  socket.on("conversation", (conv) => {
    if (!state.conversations.has(conv.id)) { state.conversations.set(conv.id, conv); renderList(); }
    socket.emit("join", {conversation_id: conv.id});
  });
  socket.on("read", ({conversation_id, user_id, seq}) => {
    const conv = state.conversations.get(conversation_id);
    const person = conv && conv.participants.find((p) => p.id === user_id);
    if (person) person.last_read_seq = Math.max(person.last_read_seq, seq);
    if (conversation_id === state.open) updateSeen();
  });
  socket.on("typing", ({conversation_id, user_id, name}) => {
    if (conversation_id !== state.open || user_id === me) return;
    $("typing").textContent = tr("{name} is typing…", {name});
    clearTimeout(state.typingTimer);
    state.typingTimer = setTimeout(() => { $("typing").textContent = ""; }, 3000);
  });
  socket.on("presence", ({user_id, online}) => {
    for (const conv of state.conversations.values()) {
      conv.participants.filter((p) => p.id === user_id).forEach((p) => { p.online = online; });
    }
    renderList();
    const conv = state.conversations.get(state.open);
    if (conv) renderParticipants(conv);
  });
  socket.on("notification", (note) => {
    if (note.kind === "message") return;  // counted through the message itself
    const badge = $("notification-count");
    badge.textContent = Number(badge.textContent || 0) + 1;
    badge.hidden = false;
    const nav = document.getElementById("nav-notification-count");
    if (nav) nav.textContent = badge.textContent;
  });
  socket.on("session_ended", (data) => sessionEnded(data && data.reason));

  // ---- the session ends: logged out, password changed, token revoked or expired ----
  const ENDED = {
    logged_out: () => tr("You logged out."),
    password_changed: () => tr("Your password was changed, so this chat was signed out."),
    token_revoked: () => tr("The token this chat was signed in with was revoked."),
    token_expired: () => tr("The token this chat was signed in with expired."),
  };
  function sessionEnded(reason) {
    if (state.ended) return;
    state.ended = true;
    socket.io.reconnection(false);  // connecting again with the same credentials would only be refused, forever
    socket.disconnect();
    $("session-ended-why").textContent = ENDED[reason] ? ENDED[reason]() : tr("Your session ended.");
    $("session-ended").hidden = false;
    $("connection").textContent = tr("signed out");
    $("connection").className = "conn offline";
    $("composer").hidden = true;
  }
  document.addEventListener("visibilitychange", markRead);
})();
