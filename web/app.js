// Demo page: Chinese by default, English with ?lang=en. Embeds rasa-webchat (socket.io).
// ?rasa=http://host:port points the widget at another Rasa server (default http://localhost:5005).
(function () {
  "use strict";
  var params = new URLSearchParams(window.location.search);
  var lang = params.get("lang") === "en" ? "en" : "zh";
  var socketUrl = params.get("rasa") || "http://localhost:5005";

  var TEXT = {
    zh: {
      title: "安心借（演示） · 贷款明白人",
      brand: "安心借（演示）",
      headline: "借款之前，先弄明白",
      intro: "这是一个演示用的贷款机构页面。右下角的“贷款明白人”可以解释贷款条款和真实年化利率、逾期的后果、征信修复，帮您算一算每月还款，或者检查一条贷款广告是否靠谱。",
      point1: "年化利率超过 24% 或 36% 意味着什么",
      point2: "逾期会不会影响征信，影响多久",
      point3: "“包过”“先交保证金”的广告为什么要小心",
      note: "仅供学习参考，不构成个人金融或法律建议。",
      widgetTitle: "贷款明白人",
      widgetSubtitle: "贷款、逾期、征信，问我就行",
      hint: "输入您的问题…",
    },
    en: {
      title: "SafeLoan (demo) · LoanCoach",
      brand: "SafeLoan (demo)",
      headline: "Understand it before you borrow",
      intro: "This is a demo lender page. LoanCoach, bottom right, explains loan terms and real APRs, what happens when you pay late, how to repair your credit record; it works out monthly payments and checks whether a loan ad can be trusted.",
      point1: "What an APR above 24% or 36% means",
      point2: "Whether paying late hurts your credit report, and for how long",
      point3: "Why to beware of \u201cguaranteed approval\u201d and \u201cpay a deposit first\u201d",
      note: "For learning only; not individual financial or legal advice.",
      widgetTitle: "LoanCoach",
      widgetSubtitle: "Loans, late payments, credit reports",
      hint: "Type your question…",
    },
  };
  var t = TEXT[lang];
  document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
  document.title = t.title;
  document.querySelectorAll("[data-i18n]").forEach(function (el) {
    el.textContent = t[el.getAttribute("data-i18n")];
  });
  // keep ?rasa= when switching language
  ["zh", "en"].forEach(function (code) {
    var link = document.getElementById("lang-" + code);
    var next = new URLSearchParams(params);
    next.set("lang", code);
    link.href = "?" + next.toString();
    if (code === lang) link.setAttribute("aria-current", "page");
  });

  // The page language is the conversation's starting language: it goes to Rasa as metadata
  // ({"language": "zh"|"en"}, rasa-webchat's customData) with the first message of a conversation
  // and the first message after the visitor switched the page language. Later messages carry none,
  // so a message without a language signal ("OK", "👍") keeps the conversation's current language;
  // the language of the user's own words always wins (components/language_detector.py).
  var SENT = "loancoach_language_sent";
  if (!window.localStorage.getItem("chat_session")) window.localStorage.removeItem(SENT);
  var customData = {};
  if (window.localStorage.getItem(SENT) !== lang) customData.language = lang;

  window.WebChat.default(
    {
      socketUrl: socketUrl,
      socketPath: "/socket.io/",
      customData: customData,
      // a new conversation starts with the greeting, in the page's language
      initPayload: '/greet{"language":"' + lang + '"}',
      title: t.widgetTitle,
      subtitle: t.widgetSubtitle,
      inputTextFieldHint: t.hint,
      // conversation and session id in localStorage: the chat survives a reload
      params: { storage: "local" },
      customMessageDelay: function () { return 300; },
      onSocketEvent: {
        bot_uttered: function () {
          if (customData.language) {
            window.localStorage.setItem(SENT, customData.language);
            delete customData.language;
          }
        },
      },
    },
    document.getElementById("webchat")
  );
})();
