/**
 * The public site's stylesheet: the web app's palette and type (apps/web/src/styles.css), small
 * enough to keep an article under 50 KB with its HTML. `text-large` and `contrast-high` on <html>
 * come from the reader's choice (cookies set by /preferences, no JavaScript).
 */
export const siteCss = `
:root{--bg:#f4f6f9;--surface:#fff;--text:#18202c;--muted:#556072;--border:#d3d9e2;--brand:#1f3a5f;
--brand-soft:#e7edf5;--accent:#2458a6;--focus:#1d64d8;--radius:8px;
font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Helvetica Neue",Arial,sans-serif;
font-size:100%;line-height:1.55;color:var(--text);background:var(--bg);-webkit-text-size-adjust:100%;text-size-adjust:100%}
html.text-large{font-size:125%}
html.contrast-high{--bg:#fff;--surface:#fff;--text:#000;--muted:#000;--border:#000;--brand:#000;--brand-soft:#fff;--accent:#0000c8;--focus:#c80000}
html.contrast-high a{text-decoration-thickness:2px}
*,*::before,*::after{box-sizing:border-box}
body{margin:0;min-height:100vh;display:flex;flex-direction:column}
a{color:var(--accent)}
a:focus-visible,button:focus-visible,[tabindex="0"]:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
.skip{position:absolute;left:-9999px;top:0;background:var(--surface);padding:.5rem 1rem;z-index:10}
.skip:focus{left:.5rem;top:.5rem}
header.site{background:var(--brand);color:#fff}
html.contrast-high header.site{background:#000}
.bar{max-width:64rem;margin:0 auto;padding:.5rem 1rem;display:flex;flex-wrap:wrap;gap:.5rem 1.25rem;align-items:center}
.brand{color:#fff;font-weight:700;text-decoration:none;font-size:1.05rem;margin-right:auto}
nav.main ul,.switches ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem .75rem}
nav.main a,.switches a{color:#fff;display:inline-block;padding:.5rem .25rem;min-height:44px;line-height:1.75}
nav.main a[aria-current=page]{font-weight:700;text-decoration-thickness:3px}
.switches{background:var(--brand-soft);border-bottom:1px solid var(--border)}
.switches a{color:var(--accent)}
.switches .bar{font-size:.9rem;justify-content:flex-end}
.switches a[aria-current=true]{font-weight:700;color:var(--text);text-decoration:none}
main{flex:1;width:100%;max-width:64rem;margin:0 auto;padding:1.25rem 1rem 2.5rem}
main:focus{outline:none}
h1{font-size:1.75rem;line-height:1.2;margin:.25rem 0 .75rem}
h2{font-size:1.25rem;margin:1.75rem 0 .5rem}
h3{font-size:1.05rem;margin:1.25rem 0 .25rem}
p{margin:.5rem 0}
.lead{font-size:1.15rem;color:var(--muted)}
.hero{background:var(--surface);border:1px solid var(--border);border-radius:12px;padding:1.25rem}
.counter{font-size:1.25rem;font-weight:650}
.button{display:inline-block;background:var(--accent);color:#fff;padding:.7rem 1.1rem;border-radius:var(--radius);text-decoration:none;font-weight:600;min-height:44px}
html.contrast-high .button{background:#000;outline:2px solid #000}
.cards{list-style:none;padding:0;margin:0;display:grid;gap:1rem;grid-template-columns:repeat(auto-fill,minmax(17rem,1fr))}
.card{background:var(--surface);border:1px solid var(--border);border-radius:var(--radius);padding:1rem}
.card h3{margin-top:.25rem}
.meta{color:var(--muted);font-size:.9rem}
.tag{display:inline-block;background:var(--brand-soft);border-radius:999px;padding:0 .6rem;margin:0 .25rem .25rem 0;font-size:.85rem}
article .cover{width:100%;height:auto;border-radius:var(--radius);margin:.5rem 0}
article .body{max-width:42rem}
article .body blockquote{border-left:4px solid var(--border);margin:1rem 0;padding:.25rem 1rem;color:var(--muted)}
.figures{display:grid;gap:.75rem;grid-template-columns:repeat(auto-fill,minmax(12rem,1fr));margin:.5rem 0}
.figure{background:var(--surface);border:1px solid var(--border);border-radius:var(--radius);padding:.75rem}
.figure b{display:block;font-size:1.5rem}
table{border-collapse:collapse;width:100%;background:var(--surface)}
th,td{border:1px solid var(--border);padding:.4rem .6rem;text-align:left;vertical-align:top}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
.table-wrap{overflow-x:auto}
.map{margin:1rem 0}.map svg{max-width:100%;height:auto}
.legend{display:flex;gap:.75rem;flex-wrap:wrap;font-size:.85rem}
.legend span::before{content:"";display:inline-block;width:1em;height:1em;margin-right:.3em;vertical-align:-.15em;background:var(--c);border:1px solid var(--text)}
footer.site{border-top:1px solid var(--border);color:var(--muted);font-size:.9rem}
footer.site .bar{padding:1rem}
@media (max-width:30rem){h1{font-size:1.45rem}.brand{width:100%}}
`;
