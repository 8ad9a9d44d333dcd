// gostverify web page: uploads the files as a job (POST /v1/jobs), polls
// it, shows the verdict and the HTML report, and offers the report as
// HTML, JSON and CSV. No external resources.
"use strict";
(function () {
  var words = {
    ru: {
      title: "Проверка электронной подписи",
      lead: "Перетащите сюда документ и его подпись (.sig, .sgn, .p7s), подписанный PDF или zip-архив. Файлы проверяются на этом сервере и удаляются после проверки.",
      drop: "Перетащите файлы сюда или нажмите, чтобы выбрать",
      token: "Токен доступа к API",
      retry: "Повторить",
      dlhtml: "Скачать протокол (HTML)",
      selected: "Файлы: ",
      uploading: "Загрузка…",
      checking: "Проверка… ",
      valid: "Подпись действительна",
      invalid: "Подпись недействительна",
      indeterminate: "Не удалось подтвердить подпись",
      summary: function (s) { return "файлов: " + s.files + ", подписей: " + s.signatures + ", действительных: " + s.valid + ", недействительных: " + s.invalid + ", неопределённых: " + s.indeterminate; },
      failed: "Ошибка: ",
      unauthorized: "Нужен токен доступа к API."
    },
    en: {
      title: "Electronic signature verification",
      lead: "Drop a document and its signature (.sig, .sgn, .p7s), a signed PDF or a zip archive here. The files are checked on this server and deleted after the check.",
      drop: "Drop files here or click to choose",
      token: "API access token",
      retry: "Retry",
      dlhtml: "Download the report (HTML)",
      selected: "Files: ",
      uploading: "Uploading…",
      checking: "Checking… ",
      valid: "The signature is valid",
      invalid: "The signature is invalid",
      indeterminate: "The signature could not be confirmed",
      summary: function (s) { return "files: " + s.files + ", signatures: " + s.signatures + ", valid: " + s.valid + ", invalid: " + s.invalid + ", indeterminate: " + s.indeterminate; },
      failed: "Error: ",
      unauthorized: "An API access token is needed."
    }
  };
  var lang = (sessionStorage.getItem("lang") || (navigator.language || "ru")).slice(0, 2) === "en" ? "en" : "ru";
  var job = null, lastFiles = null, lastView = null;
  var $ = function (id) { return document.getElementById(id); };

  function t(k) { return words[lang][k]; }
  function show(id, text) { var e = $(id); e.textContent = text || ""; e.hidden = !text; }

  function applyLang() {
    document.documentElement.lang = lang;
    document.querySelectorAll("[data-i18n]").forEach(function (e) { e.textContent = t(e.getAttribute("data-i18n")); });
    document.querySelectorAll(".lang").forEach(function (b) { b.setAttribute("aria-pressed", String(b.getAttribute("data-lang") === lang)); });
    if (lastView) { render(lastView); }
  }

  function headers() {
    var h = {}, tok = sessionStorage.getItem("token");
    if (tok) { h.Authorization = "Bearer " + tok; }
    return h;
  }

  function problemText(resp) {
    return resp.text().then(function (body) {
      try { var p = JSON.parse(body); return p.title + (p.detail ? ": " + p.detail : ""); } catch (e) { return resp.status + " " + resp.statusText; }
    });
  }

  function api(method, url, body) {
    return fetch(url, { method: method, body: body, headers: headers() }).then(function (resp) {
      if (resp.status === 401) {
        $("token-box").hidden = false;
        throw new Error(t("unauthorized"));
      }
      if (!resp.ok) { return problemText(resp).then(function (m) { throw new Error(m); }); }
      return resp;
    });
  }

  function upload(files) {
    lastFiles = files;
    lastView = null;
    $("result").hidden = true;
    show("error", "");
    var names = Array.prototype.map.call(files, function (f) { return f.name; });
    show("selected", t("selected") + names.join(", "));
    var form = new FormData();
    var archive = files.length === 1 && /\.zip$/i.test(files[0].name);
    Array.prototype.forEach.call(files, function (f) { form.append(archive ? "archive" : "file", f, f.name); });
    form.append("lang", lang);
    show("progress", t("uploading"));
    api("POST", "/v1/jobs", form).then(function (r) { return r.json(); }).then(function (v) {
      job = v.id;
      poll();
    }).catch(fail);
  }

  function poll() {
    api("GET", "/v1/jobs/" + job).then(function (r) { return r.json(); }).then(function (v) {
      if (v.state === "running") {
        show("progress", t("checking") + (v.total ? v.done + " / " + v.total : ""));
        setTimeout(poll, 300);
        return;
      }
      show("progress", "");
      if (v.state !== "done") { throw new Error(v.error || v.state); }
      lastView = v;
      render(v);
    }).catch(fail);
  }

  function render(v) {
    var verdict = $("verdict");
    verdict.setAttribute("data-status", v.status);
    verdict.textContent = t(v.status) || v.status;
    show("summary", words[lang].summary(v.summary));
    $("result").hidden = false;
    api("GET", v.report + "?format=html&lang=" + lang).then(function (r) { return r.text(); }).then(function (html) {
      $("report").srcdoc = html;
    }).catch(fail);
  }

  function download(format) {
    if (!lastView) { return; }
    api("GET", lastView.report + "?format=" + format + "&lang=" + lang + "&download=1").then(function (r) { return r.blob(); }).then(function (b) {
      var a = document.createElement("a");
      a.href = URL.createObjectURL(b);
      a.download = "gostverify-report." + format;
      document.body.appendChild(a);
      a.click();
      setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
    }).catch(fail);
  }

  function fail(err) {
    show("progress", "");
    show("error", t("failed") + (err && err.message ? err.message : String(err)));
  }

  document.addEventListener("DOMContentLoaded", function () {
    var drop = $("drop");
    ["dragenter", "dragover"].forEach(function (ev) {
      drop.addEventListener(ev, function (e) { e.preventDefault(); drop.classList.add("over"); });
    });
    ["dragleave", "drop"].forEach(function (ev) {
      drop.addEventListener(ev, function (e) { e.preventDefault(); drop.classList.remove("over"); });
    });
    drop.addEventListener("drop", function (e) { if (e.dataTransfer.files.length) { upload(e.dataTransfer.files); } });
    $("files").addEventListener("change", function (e) { if (e.target.files.length) { upload(e.target.files); } });
    document.querySelectorAll(".lang").forEach(function (b) {
      b.addEventListener("click", function () { lang = b.getAttribute("data-lang"); sessionStorage.setItem("lang", lang); applyLang(); });
    });
    document.querySelectorAll(".downloads button").forEach(function (b) {
      b.addEventListener("click", function () { download(b.getAttribute("data-format")); });
    });
    $("token-save").addEventListener("click", function () {
      sessionStorage.setItem("token", $("token").value);
      $("token-box").hidden = true;
      if (lastFiles) { upload(lastFiles); }
    });
    applyLang();
  });
})();
