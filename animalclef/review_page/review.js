// The review page of an animalclef run: entries from data.js (window.REVIEW), verdicts kept in localStorage.
'use strict';
(() => {
  const R = window.REVIEW, NEW = 'new_individual', PER_PAGE = 20;
  const store = 'animalclef-review:' + R.run.key;  // one run's verdicts; another run's page keeps its own
  const verdicts = JSON.parse(localStorage.getItem(store) || '{}');
  const state = {page: 0, active: 0, shown: []};
  const $ = id => document.getElementById(id);

  function el(tag, attrs = {}, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'text') e.textContent = v; else if (k === 'cls') e.className = v; else e.setAttribute(k, v);
    }
    for (const c of children.flat()) if (c !== null && c !== undefined) e.append(c);
    return e;
  }
  const fmt = v => (v === null || v === undefined) ? '' : Number(v).toFixed(3);
  const save = () => localStorage.setItem(store, JSON.stringify(verdicts));

  function photo(id, cls, caption, key) {
    const p = R.photos[id], frame = el('div', {cls: 'photo'});
    const scale = Math.min(160 / p.size[0], 120 / p.size[1], 1), w = p.size[0] * scale, h = p.size[1] * scale;  // as the frame shows it
    frame.append(el('img', {src: p.thumb, alt: 'photo ' + id, loading: 'lazy', width: Math.round(w), height: Math.round(h)}));
    if (p.box) {  // the animal's region, drawn on the whole photo
      const [x0, y0, x1, y1] = p.box;
      frame.append(el('div', {cls: 'box', style: `left:${(160 - w) / 2 + x0 * w}px;top:${(120 - h) / 2 + y0 * h}px;width:${(x1 - x0) * w}px;height:${(y1 - y0) * h}px`}));
    }
    return el('figure', {cls}, frame, el('figcaption', {}, key ? el('span', {cls: 'key', text: key}) : null, caption));
  }

  function scoreTable(e) {
    const head = el('tr', {}, el('th', {text: 'stage'}), el('th', {text: 'its answer'}), el('th', {text: 'score'}), el('th', {text: 'threshold'}),
                    e.candidates.map((c, i) => el('th', {text: String(i + 1), title: c.identity})));
    const rows = R.stages.map(s => {
      const own = e.stages[s], limit = (R.thresholds[s] || {})[e.dataset];  // the stage's threshold on its own scores
      return el('tr', {cls: s === e.by ? 'deciding' : null}, el('td', {text: s + (s === e.by ? ' (decided)' : '')}),
                el('td', {text: own.answer}), el('td', {text: fmt(own.score)}), el('td', {text: fmt(own.threshold)}),
                e.candidates.map(c => {
                  const v = c.scores[s];
                  return el('td', {text: fmt(v), cls: (v !== undefined && limit !== undefined && v >= limit) ? 'passes' : null,
                                   title: v === undefined ? `not among ${s}'s best identities` : null});
                }));
    });
    return el('table', {cls: 'scores'}, el('thead', {}, head), el('tbody', {}, rows));
  }

  function pairView(e) {
    if (!e.pair) return el('div', {cls: 'pair'}, el('p', {cls: 'note', text: e.pairNote}));
    const q = R.photos[e.id], d = R.photos[e.candidates[0].photo], H = 150, gap = 8;
    const wq = H * q.rsize[0] / q.rsize[1], wd = H * d.rsize[0] / d.rsize[1];
    const svgNS = 'http://www.w3.org/2000/svg', svg = document.createElementNS(svgNS, 'svg');
    svg.setAttribute('width', wq + gap + wd); svg.setAttribute('height', H);
    for (const [xa, ya, xb, yb, inlier] of e.pair.lines) {
      const l = document.createElementNS(svgNS, 'line');
      l.setAttribute('x1', xa / 1000 * wq); l.setAttribute('y1', ya / 1000 * H);  // thousandths of each region
      l.setAttribute('x2', wq + gap + xb / 1000 * wd); l.setAttribute('y2', yb / 1000 * H);
      l.setAttribute('class', inlier ? 'inlier' : 'other');
      svg.append(l);
    }
    const canvas = el('div', {cls: 'canvas', style: `width:${wq + gap + wd}px;height:${H}px`},
                      el('img', {src: q.region, alt: 'region of ' + e.id, loading: 'lazy', style: `left:0;width:${wq}px`}),
                      el('img', {src: d.region, alt: 'region of ' + e.candidates[0].photo, loading: 'lazy', style: `left:${wq + gap}px;width:${wd}px`}), svg);
    const drawn = e.pair.lines.length < e.pair.matches ? ` (${e.pair.lines.length} drawn)` : '';
    return el('div', {cls: 'pair'}, canvas, el('p', {cls: 'note',
      text: `${e.pair.matcher}: ${e.pair.matches} matches, ${e.pair.inliers} RANSAC inliers (green)${drawn}, query and candidate 1's photo as matched`}));
  }

  function verdictText(e) {
    const v = verdicts[e.id];
    if (v === undefined) return ['not reviewed', 'verdict'];
    return v === e.answer ? ['accepted: ' + v, 'verdict done'] : ['changed to ' + v, 'verdict changed'];
  }

  function card(e, i) {
    const [text, cls] = verdictText(e), chosen = verdicts[e.id];
    const decided = e.threshold === null ? `${e.by}: ${fmt(e.score)}, no threshold decided`
                                          : `${e.by}: ${fmt(e.score)} against threshold ${fmt(e.threshold)}`;
    const other = el('input', {list: 'ids-' + e.dataset, placeholder: 'another identity (o), Enter', 'data-id': e.id});
    other.addEventListener('keydown', ev => {
      ev.stopPropagation();
      if (ev.key === 'Enter' && (other.value === NEW || R.identities[e.dataset].includes(other.value))) { other.blur(); decide(e, other.value); }
      if (ev.key === 'Escape') other.blur();
    });
    const head = el('header', {}, el('span', {cls: 'what', text: `${e.dataset} · query ${e.id} → ${e.answer}`}),
                    el('span', {text: decided}), el('span', {cls: 'doubt', text: e.doubt === null ? '' : `doubt ${fmt(e.doubt)}`,
                                 title: `the share of this dataset's answers by ${e.by} whose score lies between this one's and the threshold`}),
                    el('span', {cls, text}));
    const cands = e.candidates.map((c, k) => photo(c.photo, 'candidate' + (c.identity === e.answer ? ' answer' : '') + (c.identity === chosen ? ' chosen' : ''),
                                                   `${c.identity} (photo ${c.photo})`, String(k + 1)));
    const article = el('article', {cls: 'entry' + (i === state.active ? ' active' : ''), 'data-id': e.id},
      head, el('div', {cls: 'photos'}, photo(e.id, 'query', 'query ' + e.id), cands.length ? cands : el('p', {cls: 'note', text: 'no candidate: every stage answered new'})),
      el('div', {cls: 'details'}, scoreTable(e), pairView(e)), el('div', {cls: 'other-identity'}, other));
    article.addEventListener('click', () => {  // the clicked entry becomes the one the keys act on
      document.querySelectorAll('.entry.active').forEach(a => a.classList.remove('active'));
      article.classList.add('active');
      state.active = i;
    });
    return article;
  }

  function matches(e) {
    const d = $('dataset').value, k = $('decision').value, v = verdicts[e.id];
    if (d !== 'all' && e.dataset !== d) return false;
    return k === 'all' || (k === 'new' && e.answer === NEW) || (k === 'known' && e.answer !== NEW) ||
           (k === 'open' && v === undefined) || (k === 'reviewed' && v !== undefined);
  }

  function render(scroll = true) {
    state.shown = R.entries.filter(matches);
    const pages = Math.max(1, Math.ceil(state.shown.length / PER_PAGE));
    state.page = Math.min(state.page, pages - 1);
    const first = state.page * PER_PAGE, onPage = state.shown.slice(first, first + PER_PAGE);
    state.active = Math.min(Math.max(state.active, 0), Math.max(onPage.length - 1, 0));
    $('entries').replaceChildren(...(onPage.length ? onPage.map(card) : [el('p', {cls: 'empty', text: 'no entry matches the filters'})]));
    $('page').textContent = `page ${state.page + 1} of ${pages} (${state.shown.length} entries)`;
    $('progress').textContent = `${Object.keys(verdicts).length} of ${R.entries.length} reviewed`;
    const active = document.querySelector('.entry.active');
    if (scroll && active) active.scrollIntoView({block: 'nearest'});
  }

  const current = () => state.shown[state.page * PER_PAGE + state.active];
  function move(step) {
    const onPage = Math.min(PER_PAGE, state.shown.length - state.page * PER_PAGE);
    if (state.active + step >= onPage) { if ((state.page + 1) * PER_PAGE < state.shown.length) { state.page++; state.active = 0; } }
    else if (state.active + step < 0) { if (state.page > 0) { state.page--; state.active = PER_PAGE - 1; } }
    else state.active += step;
    render();
  }
  function turn(step) {  // to the first entry of the next (1) or previous (-1) page
    state.page = Math.min(Math.max(state.page + step, 0), Math.max(Math.ceil(state.shown.length / PER_PAGE) - 1, 0));
    state.active = 0;
    render();
  }
  function decide(e, identity) {
    if (identity === undefined) delete verdicts[e.id]; else verdicts[e.id] = identity;
    save();
    if (identity !== undefined && $('decision').value !== 'open') move(1); else render();  // "not reviewed": the next one moves up
  }

  function exportCsv() {
    const rows = R.entries.filter(e => verdicts[e.id] !== undefined).sort((a, b) => a.order - b.order);
    const quote = s => /[",\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
    const text = 'image_id,identity\n' + rows.map(e => quote(e.id) + ',' + quote(verdicts[e.id]) + '\n').join('');
    const a = el('a', {href: URL.createObjectURL(new Blob([text], {type: 'text/csv'})), download: 'review-decisions.csv'});
    document.body.append(a); a.click(); a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 10000);  // once the download has the file
    return text;
  }

  document.addEventListener('keydown', ev => {
    if (ev.ctrlKey || ev.metaKey || ev.altKey || ev.target.matches('input, select, textarea')) return;  // keys typed into a control are its own
    const e = current();
    if (ev.key === 'j' || ev.key === 'ArrowDown') move(1);
    else if (ev.key === 'k' || ev.key === 'ArrowUp') move(-1);
    else if (ev.key === ']') turn(1);
    else if (ev.key === '[') turn(-1);
    else if (ev.key === 'e') exportCsv();
    else if (!e) return;
    else if (ev.key === 'a') decide(e, e.answer);
    else if (ev.key === 'n') decide(e, NEW);
    else if (ev.key === 'x' || ev.key === 'Backspace') decide(e, undefined);
    else if (ev.key === 'o') { ev.preventDefault(); document.querySelector(`.entry.active input`).focus(); }
    else if (/^[1-9]$/.test(ev.key) && e.candidates[Number(ev.key) - 1]) decide(e, e.candidates[Number(ev.key) - 1].identity);
    else return;
    ev.preventDefault();
  });

  $('run').textContent = `${R.run.queries} queries of ${R.run.data}, answered by ${R.run.submission} (page made ${R.run.made}); the most doubtful first`;
  $('dataset').replaceChildren(el('option', {value: 'all', text: 'all'}), ...Object.keys(R.identities).map(d => el('option', {value: d, text: d})));
  for (const [d, ids] of Object.entries(R.identities)) document.body.append(el('datalist', {id: 'ids-' + d}, [NEW, ...ids].map(i => el('option', {value: i}))));
  for (const id of ['dataset', 'decision']) $(id).addEventListener('change', () => { state.page = 0; state.active = 0; render(); $(id).blur(); });
  $('export').addEventListener('click', exportCsv);
  $('previous').addEventListener('click', () => turn(-1));
  $('next').addEventListener('click', () => turn(1));
  window.animalclefReview = {exportCsv, verdicts};  // for scripted checks
  render(false);
})();
