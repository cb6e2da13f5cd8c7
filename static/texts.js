// Texts for page scripts in the page's language: tr("Send") or tr("{name} is typing", {name: "Li"}).
// The page renders them with script_texts() (core/formats.py) as JSON blocks; read on first use, so the order
// in which scripts load does not matter.
(function () {
  let texts = null;
  function load() {
    texts = {};
    document.querySelectorAll("script.script-texts").forEach(function (block) {
      try { Object.assign(texts, JSON.parse(block.textContent)); } catch (e) { /* a broken block: English */ }
    });
  }
  window.tr = function (english, values) {
    if (texts === null) load();
    const text = texts[english] || english;
    return text.replace(/\{(\w+)\}/g, function (whole, name) {
      return values && name in values ? String(values[name]) : whole;
    });
  };
})();
