// The phone menu button and the navigation dropdowns: one open at a time, closed by Escape or a click elsewhere.
(function () {
  const bar = document.querySelector(".topbar");
  const toggle = document.querySelector(".menu-toggle");
  if (!bar || !toggle) return;
  toggle.addEventListener("click", function () {
    const open = toggle.getAttribute("aria-expanded") !== "true";
    toggle.setAttribute("aria-expanded", String(open));
    bar.classList.toggle("open", open);
  });
  const groups = Array.from(bar.querySelectorAll(".nav-groups details"));
  groups.forEach(function (details) {
    details.addEventListener("toggle", function () {
      if (details.open) groups.forEach(function (other) { if (other !== details) other.open = false; });
    });
  });
  document.addEventListener("click", function (event) {
    if (!bar.contains(event.target)) groups.forEach(function (details) { details.open = false; });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    const open = groups.find(function (details) { return details.open; });
    if (open) { open.open = false; open.querySelector("summary").focus(); }
  });
})();
