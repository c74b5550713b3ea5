// Render the notebooks' $...$ and $$...$$ maths with the KaTeX copied into the site (no network)
document.addEventListener("DOMContentLoaded", () => renderMathInElement(document.querySelector(".md-content") || document.body, {
  delimiters: [
    {left: "$$", right: "$$", display: true},
    {left: "$", right: "$", display: false},
    {left: "\\(", right: "\\)", display: false},
    {left: "\\[", right: "\\]", display: true},
  ],
  throwOnError: false,
}));
