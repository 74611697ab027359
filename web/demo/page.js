// The demo lender's own page script (not part of the widget): Chinese by default, English with
// ?lang=en or the switch at the top. It only sets <html lang> and this page's texts; the chat widget
// notices the <html lang> change by itself.
(function () {
  "use strict";
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
    },
  };
  function apply(lang) {
    var t = TEXT[lang];
    document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
    document.title = t.title;
    document.querySelectorAll("[data-i18n]").forEach(function (el) {
      el.textContent = t[el.getAttribute("data-i18n")];
    });
    document.querySelectorAll("[data-lang-switch]").forEach(function (b) {
      b.setAttribute("aria-pressed", String(b.getAttribute("data-lang-switch") === lang));
    });
  }
  var lang = new URLSearchParams(window.location.search).get("lang") === "en" ? "en" : "zh";
  document.documentElement.lang = lang === "zh" ? "zh-CN" : "en"; // before the widget reads it
  document.addEventListener("DOMContentLoaded", function () {
    apply(lang);
    document.querySelectorAll("[data-lang-switch]").forEach(function (b) {
      b.addEventListener("click", function () {
        var next = b.getAttribute("data-lang-switch");
        var url = new URL(window.location.href);
        url.searchParams.set("lang", next);
        window.history.replaceState(null, "", url);
        apply(next);
      });
    });
  });
})();
