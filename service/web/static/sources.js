// The source page: grade from the keyboard. A letter a-f picks the grade and moves to the
// reason; Enter in the reason saves (a normal form post); Escape leaves the reason field.
"use strict";
(function () {
  const form = document.getElementById("grade-form");
  if (!form) return;
  const reason = document.getElementById("reason");
  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.target.closest && event.target.closest("input[type=text], textarea, select")) {
      if (event.key === "Escape") { event.target.blur(); event.preventDefault(); }
      return;
    }
    const choice = form.querySelector('input[data-key="' + event.key.toLowerCase() + '"]');
    if (choice && event.key.length === 1) {
      event.preventDefault();
      choice.checked = true;
      reason.focus();
    }
  });
  form.addEventListener("submit", (event) => {
    if (!form.querySelector("input[name=reliability]:checked")) {
      event.preventDefault();
      alertLine("Pick a grade first: press a letter a–f.");
    } else if (!reason.value.trim()) {
      event.preventDefault();
      alertLine("Say why: every grade is kept with its reason.");
      reason.focus();
    }
  });
  function alertLine(text) {
    let line = document.getElementById("grade-message");
    if (!line) {
      line = document.createElement("p");
      line.id = "grade-message";
      line.setAttribute("role", "alert");
      form.parentNode.insertBefore(line, form);
    }
    line.className = "message error";
    line.textContent = text;
  }
})();
