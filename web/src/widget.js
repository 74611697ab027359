// LoanCoach chat widget: one <script> tag on any page adds a launcher and a chat panel (in a shadow root)
// that talks to Rasa's socket.io channel (channels/socketio.py):
//   <script src="https://<host>/loancoach-widget.js" data-server="https://<host>" data-lang="zh" async></script>
// Protocol: emit session_request {session_id} -> session_confirm <id>; emit user_uttered
// {message, session_id, customData}; receive bot_uttered {text, quick_replies|buttons}.
// Only window.LoanCoach is defined. Bot text is shown as text (never as HTML); links are made safe.
import { io } from "socket.io-client";
import CSS from "./widget.css";

const TEXT = {
  zh: {
    title: "贷款明白人",
    subtitle: "贷款、逾期、征信，问我就行",
    open: "打开贷款明白人聊天",
    openUnread: "打开贷款明白人聊天（有新回复）",
    close: "关闭聊天",
    log: "与贷款明白人的对话",
    input: "您的问题",
    placeholder: "输入您的问题…",
    send: "发送",
    you: "您说：",
    bot: "贷款明白人说：",
    replies: "可选的回复",
    typing: "贷款明白人正在输入…",
    offline: "暂时连不上服务器，正在重试。您的消息会在连上后发出。",
    refused: "这个网站没有获准使用贷款明白人的聊天服务，请联系网站管理员。",
    noReply: "暂时没有收到回复，请稍后再发一次。",
    newTab: "（在新窗口打开）",
    note: "金融知识科普，不构成个人金融或法律建议",
  },
  en: {
    title: "LoanCoach",
    subtitle: "Loans, late payments, credit reports",
    open: "Open the LoanCoach chat",
    openUnread: "Open the LoanCoach chat (new reply)",
    close: "Close the chat",
    log: "Conversation with LoanCoach",
    input: "Your question",
    placeholder: "Type your question…",
    send: "Send",
    you: "You said:",
    bot: "LoanCoach said:",
    replies: "Suggested replies",
    typing: "LoanCoach is typing…",
    offline: "Can't reach the server right now; retrying. Your message will be sent once connected.",
    refused: "This website is not allowed to use the LoanCoach chat service; please tell the site's owner.",
    noReply: "No reply yet. Please try sending your message again in a moment.",
    newTab: "(opens in a new window)",
    note: "Financial education, not individual financial or legal advice",
  },
};
const ICON_CHAT =
  '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path fill="currentColor" d="M12 3C6.5 3 2 6.6 2 11c0 2.4 1.3 4.6 3.4 6.1L4.6 21l4.2-2.3c1 .3 2.1.4 3.2.4 5.5 0 10-3.6 10-8S17.5 3 12 3zm-4 9.3a1.3 1.3 0 110-2.6 1.3 1.3 0 010 2.6zm4 0a1.3 1.3 0 110-2.6 1.3 1.3 0 010 2.6zm4 0a1.3 1.3 0 110-2.6 1.3 1.3 0 010 2.6z"/></svg>';
const ICON_CLOSE =
  '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path fill="currentColor" d="M18.3 5.7a1 1 0 00-1.4 0L12 10.6 7.1 5.7a1 1 0 10-1.4 1.4l4.9 4.9-4.9 4.9a1 1 0 101.4 1.4l4.9-4.9 4.9 4.9a1 1 0 001.4-1.4L13.4 12l4.9-4.9a1 1 0 000-1.4z"/></svg>';
const ICON_SEND =
  '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path fill="currentColor" d="M3.4 20.4l17.5-7.5a1 1 0 000-1.8L3.4 3.6a1 1 0 00-1.4 1.1L3.9 11 13 12l-9.1 1-1.9 6.3a1 1 0 001.4 1.1z"/></svg>';
const MAX_MESSAGES = 200; // history kept in localStorage
const MAX_CHARS = 2000; // loancoach.names.MAX_MESSAGE_CHARS
const REPLY_TIMEOUT_MS = 45000;
const URL_RE = /https?:\/\/[^\s<>"'\u3000-\u303f\uff01-\uff0f\uff1a-\uff20]+/g;

function languageOf(value) {
  const v = String(value || "")
    .trim()
    .toLowerCase();
  if (!v) return null;
  return v.startsWith("zh") ? "zh" : "en";
}

function randomId() {
  const bytes = new Uint8Array(16);
  (window.crypto || window.msCrypto).getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function el(tag, attrs, children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === false || v == null) continue;
    if (k === "className") node.className = v;
    else if (k === "text") node.textContent = v;
    else node.setAttribute(k, v === true ? "" : v);
  }
  for (const child of children || []) node.append(child);
  return node;
}

// Text with its links as <a> elements: text nodes only, so bot HTML is never interpreted.
function linkified(text, newTabLabel) {
  const frag = document.createDocumentFragment();
  let last = 0;
  for (const match of text.matchAll(URL_RE)) {
    let url = match[0].replace(/[.,;:!?)\]]+$/, "");
    frag.append(text.slice(last, match.index));
    const link = el("a", { href: url, target: "_blank", rel: "noopener noreferrer", text: url });
    link.append(el("span", { className: "lc-sr", text: newTabLabel }));
    frag.append(link);
    last = match.index + url.length;
  }
  frag.append(text.slice(last));
  return frag;
}

// Conversation state shared by the tabs of one site (localStorage; memory if storage is blocked).
class Store {
  constructor(key) {
    this.key = key;
    this.memory = null;
  }
  read() {
    try {
      const raw = window.localStorage.getItem(this.key);
      const state = raw ? JSON.parse(raw) : {};
      return state && typeof state === "object" ? state : {};
    } catch (e) {
      return this.memory || {};
    }
  }
  update(change) {
    const state = this.read();
    if (!Array.isArray(state.messages)) state.messages = [];
    change(state);
    if (state.messages.length > MAX_MESSAGES) state.messages = state.messages.slice(-MAX_MESSAGES);
    try {
      window.localStorage.setItem(this.key, JSON.stringify(state));
    } catch (e) {
      this.memory = state;
    }
    return state;
  }
}

class Widget {
  constructor(script) {
    this.server = script.getAttribute("data-server").replace(/\/+$/, "");
    this.fixedLang = languageOf(script.getAttribute("data-lang"));
    this.customTitle = script.getAttribute("data-title");
    this.lang = this.fixedLang || languageOf(document.documentElement.lang) || "zh";
    this.tabId = randomId();
    this.store = new Store("loancoach:" + this.server);
    this.queue = []; // messages waiting for a confirmed session
    this.rendered = []; // ids of the messages shown
    this.socket = null;
    this.confirmed = false;
    this.isOpen = false;
    this.build();
    const state = this.store.update((s) => {
      if (!s.session) s.session = randomId();
    });
    this.render(state);
    this.watch();
    const openAttr = script.getAttribute("data-open");
    let wasOpen = false;
    try {
      wasOpen = window.sessionStorage.getItem(this.store.key + ":open") === "1";
    } catch (e) {
      /* storage blocked */
    }
    if (wasOpen || (openAttr !== null && openAttr !== "false")) this.open(false);
  }

  t(key) {
    if (key === "title" && this.customTitle) return this.customTitle;
    return TEXT[this.lang][key];
  }

  build() {
    this.host = el("div", { id: "loancoach-widget", "data-loancoach": "" });
    const root = this.host.attachShadow({ mode: "open" });
    this.root = root;
    let styled = false;
    try {
      // a constructed stylesheet needs no 'unsafe-inline' in the page's CSP
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS);
      root.adoptedStyleSheets = [sheet];
      styled = true;
    } catch (e) {
      /* older browsers: a <style> element below */
    }
    if (!styled) root.append(el("style", { text: CSS }));

    this.badge = el("span", { className: "lc-badge", hidden: true, "aria-hidden": "true" });
    this.launcher = el("button", {
      type: "button",
      className: "lc-launcher",
      "aria-expanded": "false",
      "aria-controls": "lc-panel",
    });
    this.launcher.innerHTML = ICON_CHAT; // our own constant markup
    this.launcher.append(this.badge);

    this.titleEl = el("h2", { className: "lc-title", id: "lc-title" });
    this.subtitleEl = el("p", { className: "lc-sub" });
    this.closeBtn = el("button", { type: "button", className: "lc-close" });
    this.closeBtn.innerHTML = ICON_CLOSE;
    const header = el("div", { className: "lc-header" }, [
      el("div", { className: "lc-avatar", "aria-hidden": "true", text: "¥" }),
      el("div", { className: "lc-heading" }, [this.titleEl, this.subtitleEl]),
      this.closeBtn,
    ]);
    this.status = el("div", { className: "lc-status", role: "status", "aria-live": "polite" });
    this.log = el("div", {
      className: "lc-log",
      id: "lc-log",
      role: "log",
      "aria-live": "polite",
      "aria-relevant": "additions",
      tabindex: "0",
    });
    this.typing = el("div", { className: "lc-typing", hidden: true }, [
      el("span", { "aria-hidden": "true" }),
      el("span", { "aria-hidden": "true" }),
      el("span", { "aria-hidden": "true" }),
    ]);
    this.typingLabel = el("span", { className: "lc-sr" });
    this.typing.append(this.typingLabel);
    this.log.append(this.typing); // always the last child of the log; messages go before it
    this.inputLabel = el("label", { className: "lc-sr", for: "lc-input" });
    this.input = el("input", {
      id: "lc-input",
      className: "lc-input",
      type: "text",
      autocomplete: "off",
      enterkeyhint: "send",
      maxlength: String(MAX_CHARS),
    });
    this.sendBtn = el("button", { type: "submit", className: "lc-send" });
    this.sendBtn.innerHTML = ICON_SEND;
    this.form = el("form", { className: "lc-form" }, [this.inputLabel, this.input, this.sendBtn]);
    this.note = el("p", { className: "lc-note" });
    this.panel = el(
      "div",
      {
        className: "lc-panel",
        id: "lc-panel",
        role: "dialog",
        "aria-modal": "false",
        "aria-labelledby": "lc-title",
        tabindex: "-1",
        hidden: true,
      },
      [header, this.status, this.log, this.form, this.note],
    );
    this.wrap = el("div", { className: "lc" }, [this.panel, this.launcher]);
    root.append(this.wrap);
    this.applyLanguage();

    this.launcher.addEventListener("click", () => (this.isOpen ? this.close() : this.open(true)));
    this.closeBtn.addEventListener("click", () => this.close());
    this.panel.addEventListener("keydown", (e) => {
      if (e.key === "Escape") {
        e.preventDefault();
        this.close();
      }
    });
    this.form.addEventListener("submit", (e) => {
      e.preventDefault();
      const text = this.input.value.trim();
      if (!text) return;
      this.input.value = "";
      this.send(text, text);
    });
    (document.body || document.documentElement).append(this.host);
  }

  applyLanguage() {
    this.wrap.setAttribute("lang", this.lang === "zh" ? "zh-CN" : "en");
    this.titleEl.textContent = this.t("title");
    this.subtitleEl.textContent = this.t("subtitle");
    this.closeBtn.setAttribute("aria-label", this.t("close"));
    this.log.setAttribute("aria-label", this.t("log"));
    this.inputLabel.textContent = this.t("input");
    this.input.setAttribute("placeholder", this.t("placeholder"));
    this.sendBtn.setAttribute("aria-label", this.t("send"));
    this.typingLabel.textContent = this.t("typing");
    this.note.textContent = this.t("note");
    this.updateLauncherLabel();
    if (this.statusKey) this.status.textContent = this.t(this.statusKey);
  }

  updateLauncherLabel() {
    const unread = !this.badge.hidden;
    this.launcher.setAttribute("aria-label", this.t(unread ? "openUnread" : "open"));
  }

  setLanguage(value) {
    const lang = languageOf(value);
    if (!lang || lang === this.lang) return;
    this.lang = lang;
    this.applyLanguage();
    this.renderReplies(this.store.read());
  }

  // other tabs, the page's language switch, the phone's on-screen keyboard
  watch() {
    window.addEventListener("storage", (e) => {
      if (e.key === this.store.key) this.render(this.store.read());
    });
    window.addEventListener("pagehide", () => {
      this.store.update((s) => {
        if (s.owner === this.tabId) delete s.owner; // another tab takes the replies from now on
      });
    });
    new MutationObserver(() => this.setLanguage(document.documentElement.lang)).observe(
      document.documentElement,
      { attributes: true, attributeFilter: ["lang"] },
    );
    const vv = window.visualViewport;
    if (vv) {
      const fit = () => {
        const s = this.host.style;
        s.setProperty("--lc-vv-top", vv.offsetTop + "px");
        s.setProperty("--lc-vv-left", vv.offsetLeft + "px");
        s.setProperty("--lc-vv-width", vv.width + "px");
        s.setProperty("--lc-vv-height", vv.height + "px");
        if (this.isOpen && this.shadowFocused(this.input)) this.scrollToEnd();
      };
      vv.addEventListener("resize", fit);
      vv.addEventListener("scroll", fit);
      fit();
    }
  }

  shadowFocused(node) {
    return this.root.activeElement === node;
  }

  open(focus) {
    if (this.isOpen) return;
    this.isOpen = true;
    this.panel.hidden = false;
    this.wrap.classList.add("lc-open");
    this.launcher.setAttribute("aria-expanded", "true");
    this.badge.hidden = true;
    this.updateLauncherLabel();
    this.remember(true);
    this.scrollToEnd();
    this.connect();
    if (focus) {
      // on touch screens focusing the field would cover the answer with the keyboard
      const touch = window.matchMedia && window.matchMedia("(pointer: coarse)").matches;
      (touch ? this.panel : this.input).focus();
    }
  }

  close() {
    if (!this.isOpen) return;
    this.isOpen = false;
    this.panel.hidden = true;
    this.wrap.classList.remove("lc-open");
    this.launcher.setAttribute("aria-expanded", "false");
    this.remember(false);
    this.launcher.focus();
  }

  remember(open) {
    try {
      window.sessionStorage.setItem(this.store.key + ":open", open ? "1" : "0");
    } catch (e) {
      /* storage blocked */
    }
  }

  connect() {
    if (this.socket) return;
    const socket = io(this.server, {
      path: "/socket.io",
      transports: ["websocket", "polling"], // WebSocket first: one connection, no sticky sessions needed
      tryAllTransports: true,
      reconnectionDelayMax: 5000,
    });
    this.socket = socket;
    socket.on("connect", () => {
      socket.emit("session_request", { session_id: this.store.read().session });
    });
    socket.on("session_confirm", (data) => {
      const id = typeof data === "string" ? data : data && data.session_id;
      const state = this.store.update((s) => {
        if (id) s.session = id;
      });
      this.confirmed = true;
      this.setStatus(null);
      if (!state.messages.length && !state.greeted) {
        // a new conversation starts with the greeting in the page's language
        this.store.update((s) => {
          s.greeted = true;
        });
        this.send('/greet{"language":"' + this.lang + '"}', null);
      }
      this.flush();
    });
    socket.on("bot_uttered", (data) => this.receive(data));
    socket.on("connect_error", () => {
      this.confirmed = false;
      // not active: the server refused this page (its origin is not allowed) and will not retry
      this.setStatus(socket.active ? "offline" : "refused");
      this.stopTyping();
    });
    socket.on("disconnect", (reason) => {
      this.confirmed = false;
      if (reason !== "io client disconnect") this.setStatus("offline");
    });
  }

  setStatus(key) {
    this.statusKey = key;
    this.status.textContent = key ? this.t(key) : "";
  }

  send(message, shown) {
    const state = this.store.update((s) => {
      s.owner = this.tabId; // this tab records the answer (the other tabs see it through storage)
      if (shown !== null) s.messages.push({ id: randomId(), from: "user", text: shown });
    });
    const meta = {};
    if (state.langSent !== this.lang) meta.language = this.lang;
    this.store.update((s) => {
      s.langSent = this.lang;
    });
    this.queue.push({ message, meta });
    this.render(this.store.read());
    this.startTyping();
    this.flush();
  }

  flush() {
    if (!this.socket || !this.confirmed) return;
    const session = this.store.read().session;
    while (this.queue.length) {
      const { message, meta } = this.queue.shift();
      // the channel reads the metadata key set in credentials.yml (customData); both are sent
      this.socket.emit("user_uttered", { message, session_id: session, customData: meta, metadata: meta });
    }
  }

  receive(data) {
    if (!data || typeof data !== "object") return;
    const state = this.store.read();
    if (state.owner && state.owner !== this.tabId) return; // another tab asked; it records the answer
    const text = typeof data.text === "string" ? data.text : "";
    const buttons = (data.quick_replies || data.buttons || [])
      .filter((b) => b && b.title)
      .map((b) => ({ title: String(b.title), payload: String(b.payload != null ? b.payload : b.title) }));
    if (!text && !buttons.length) return; // text only: images, cards, custom JSON are not shown
    const next = this.store.update((s) => {
      s.messages.push({ id: randomId(), from: "bot", text, buttons });
    });
    if (this.statusKey === "noReply") this.setStatus(null);
    this.render(next);
    // a turn is several messages in a row: keep the dots briefly in case more follow
    this.startTyping(700);
    if (!this.isOpen) {
      this.badge.hidden = false;
      this.updateLauncherLabel();
    }
  }

  startTyping(ms) {
    clearTimeout(this.typingTimer);
    this.typing.hidden = false;
    if (ms) {
      this.typingTimer = setTimeout(() => this.stopTyping(), ms);
    } else {
      this.typingTimer = setTimeout(() => {
        this.stopTyping();
        this.setStatus("noReply");
      }, REPLY_TIMEOUT_MS);
    }
    this.scrollToEnd();
  }

  stopTyping() {
    clearTimeout(this.typingTimer);
    this.typing.hidden = true;
  }

  // show the messages of `state` that are not on screen yet (all again if the history was cleared)
  render(state) {
    const messages = Array.isArray(state.messages) ? state.messages : [];
    const known = this.rendered.length && messages.findIndex((m) => m.id === this.rendered[0]);
    if (known !== 0 && this.rendered.length) {
      // history trimmed or replaced: start over
      const nodes = this.log.querySelectorAll(".lc-msg");
      nodes.forEach((n) => n.remove());
      this.rendered = [];
    }
    if (this.repliesEl) this.repliesEl.remove();
    const shown = new Set(this.rendered);
    let firstNewBot = null;
    for (const m of messages) {
      if (!m || shown.has(m.id)) continue;
      const who = m.from === "user" ? "user" : "bot";
      const bubble = el("div", {}, [el("span", { className: "lc-sr", text: this.t(who === "user" ? "you" : "bot") + " " })]);
      bubble.append(linkified(String(m.text || ""), this.t("newTab")));
      const node = el("div", { className: "lc-msg lc-" + who, "data-from": who }, [bubble]);
      this.log.insertBefore(node, this.typing);
      this.rendered.push(m.id);
      if (who === "bot" && !firstNewBot) firstNewBot = node;
      if (who === "user") firstNewBot = null;
    }
    this.renderReplies(state);
    if (firstNewBot && firstNewBot.offsetTop < this.log.scrollHeight - this.log.clientHeight) {
      // a long answer: show its beginning rather than its end
      this.log.scrollTop = Math.max(0, firstNewBot.offsetTop - 10);
    } else {
      this.scrollToEnd();
    }
  }

  // quick replies of the last message only (older buttons are gone once the conversation moved on)
  renderReplies(state) {
    if (this.repliesEl) this.repliesEl.remove();
    this.repliesEl = null;
    const messages = Array.isArray(state.messages) ? state.messages : [];
    const last = messages[messages.length - 1];
    if (!last || last.from !== "bot" || !last.buttons || !last.buttons.length) return;
    const group = el("div", { className: "lc-replies", role: "group", "aria-label": this.t("replies") });
    for (const b of last.buttons) {
      const button = el("button", { type: "button", className: "lc-reply", text: b.title });
      button.addEventListener("click", () => {
        this.send(b.payload, b.title);
        this.input.focus({ preventScroll: true });
      });
      group.append(button);
    }
    this.repliesEl = group;
    this.log.insertBefore(group, this.typing);
  }

  scrollToEnd() {
    this.log.scrollTop = this.log.scrollHeight;
  }
}

(function start() {
  if (window.LoanCoach) return; // the tag is on the page twice
  const script =
    document.currentScript || document.querySelector('script[src*="loancoach-widget"][data-server]');
  const server = script && script.getAttribute("data-server");
  if (!server || !/^https?:\/\/[^\s/]+/i.test(server)) {
    console.error('LoanCoach: the script tag needs data-server="https://<host>" (the LoanCoach server)');
    return;
  }
  const api = { version: __VERSION__, ready: false };
  window.LoanCoach = api;
  const init = () => {
    const widget = new Widget(script);
    api.open = () => widget.open(true);
    api.close = () => widget.close();
    api.setLanguage = (lang) => widget.setLanguage(lang);
    api.ready = true;
    api.readyAt = window.performance ? performance.now() : 0;
    document.dispatchEvent(new CustomEvent("loancoach:ready"));
  };
  if (document.body) init();
  else document.addEventListener("DOMContentLoaded", init);
})();
