// Marks a finding confirmed or rejected through the JSON API, and shows the stored mark.
"use strict";
(function () {
  const nameInput = document.getElementById("reviewer-name");
  if (nameInput) {
    nameInput.value = localStorage.getItem("reviewer") || "";
    nameInput.addEventListener("change", () => localStorage.setItem("reviewer", nameInput.value));
  }
  document.querySelectorAll("article.finding form.mark button[data-status]").forEach((button) => {
    button.addEventListener("click", async () => {
      const article = button.closest("article.finding");
      const status = article.querySelector(".mark-status");
      const note = article.querySelector("input[name=note]").value.trim();
      const reviewer = nameInput ? nameInput.value.trim() : "";
      const url = `/disclosures/${article.dataset.sha256}/findings/${encodeURIComponent(article.dataset.findingId)}/review`;
      status.textContent = "saving…";
      try {
        const response = await fetch(url, {
          method: "PUT",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ status: button.dataset.status, note: note || null, reviewer: reviewer || null }),
        });
        if (!response.ok) throw new Error(`${response.status} ${await response.text()}`);
        const review = await response.json();
        status.textContent = review.status + (review.reviewer ? ` by ${review.reviewer}` : "");
        status.className = `mark-status ${review.status}`;
      } catch (error) {
        status.textContent = `not saved: ${error.message}`;
        status.className = "mark-status failed";
      }
    });
  });
})();

// Unset filters stay out of the URL, so links and the set download carry only what was chosen.
(function () {
  const form = document.getElementById("filters");
  if (!form) return;
  form.addEventListener("submit", () => {
    form.querySelectorAll("select, input").forEach((field) => {
      if (!field.value) field.disabled = true;
    });
  });
})();
