// karta's web page: the API (/api/...) rendered without frameworks. The page's address holds
// its whole state (view, query, filters, page), so a view can be shared by link and the
// browser's back button works.
'use strict';

const PAGE = 20;
const FILTERS = ['region', 'sphere', 'agency', 'year', 'kind'];
const FACET_TITLES = { region: 'Регион', sphere: 'Сфера', agency: 'Ведомство', year: 'Год', kind: 'Вид документа' };
const KIND_NAMES = { plan: 'план', report: 'отчёт об исполнении' };
const SIDE_NAMES = { '': 'обе стороны', spb: 'Санкт-Петербург', partner: 'регион-партнёр' };
const SORT_NAMES = { score: 'по релевантности', region: 'по региону', number: 'по номеру', deadline: 'по сроку' };

const $ = (sel) => document.querySelector(sel);

function escapeHtml(text) {
  return String(text ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

// The API's snippets are HTML with only <b> in them; anything else is shown as text.
function safeSnippet(html) {
  return escapeHtml(String(html ?? '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&'))
    .replace(/&lt;b&gt;/g, '<b>').replace(/&lt;\/b&gt;/g, '</b>');
}

function state() { return new URLSearchParams(location.search); }

// The API parameters of the current scope (query and filters), without view and paging.
function scopeParams(s = state()) {
  const p = new URLSearchParams();
  if (s.get('q')) p.set('q', s.get('q'));
  for (const f of FILTERS) for (const v of s.getAll(f)) p.append(f, v);
  if (s.get('side')) p.set('side', s.get('side'));
  return p;
}

function navigate(params, replace = false) {
  const url = '/?' + params.toString();
  if (replace) history.replaceState(null, '', url); else history.pushState(null, '', url);
  render();
}

async function api(path, params) {
  const url = path + (params && [...params].length ? '?' + params.toString() : '');
  const res = await fetch(url);
  const body = await res.json();
  if (!res.ok) throw new Error(body.error ? body.error.message : 'HTTP ' + res.status);
  return body;
}

function showError(err) {
  $('#content').innerHTML = `<div class="error" id="error">${escapeHtml(err.message)}</div>`;
}

function deadlineText(m) {
  const d = m.deadline || {};
  let s = d.raw || '';
  if (typeof d.from === 'number') s += ` [${d.from}${d.to !== d.from ? '–' + d.to : ''}]`;
  return s;
}

function renderChips() {
  const s = state();
  const chips = [];
  for (const f of FILTERS) {
    for (const v of s.getAll(f)) {
      const label = f === 'kind' ? KIND_NAMES[v] || v : v;
      chips.push(`<span class="chip">${escapeHtml(FACET_TITLES[f])}: ${escapeHtml(label)}` +
        `<button type="button" data-remove="${f}" data-value="${escapeHtml(v)}" aria-label="убрать">×</button></span>`);
    }
  }
  if (s.get('side')) chips.push(`<span class="chip">ведомства: ${escapeHtml(SIDE_NAMES[s.get('side')])}<button type="button" data-remove="side" data-value="${escapeHtml(s.get('side'))}" aria-label="убрать">×</button></span>`);
  $('#chips').innerHTML = chips.join('');
}

function toggleFilter(name, value) {
  const s = state();
  const values = s.getAll(name);
  s.delete(name);
  const on = values.includes(value);
  for (const v of values) if (v !== value) s.append(name, v);
  if (!on) s.append(name, value);
  s.delete('offset');
  if (!s.get('view') || s.get('view') === 'measure') s.set('view', 'search');
  navigate(s);
}

function renderFacets(facets, s) {
  const blocks = [];
  for (const name of FILTERS) {
    const values = (facets && facets[name]) || [];
    const selected = s.getAll(name);
    let extra = '';
    if (name === 'agency') {
      extra = `<select id="side" aria-label="Сторона">${Object.entries(SIDE_NAMES).map(([k, v]) =>
        `<option value="${k}"${(s.get('side') || '') === k ? ' selected' : ''}>${escapeHtml(v)}</option>`).join('')}</select>`;
    }
    const items = values.map((v) => {
      const value = String(v.value);
      const label = name === 'kind' ? KIND_NAMES[value] || value : value;
      const on = selected.includes(value);
      return `<li><button type="button" class="${on ? 'selected' : ''}" data-facet="${name}" data-value="${escapeHtml(value)}">` +
        `<span class="label">${escapeHtml(label)}</span><span class="count">${v.count}</span></button></li>`;
    }).join('');
    blocks.push(`<div class="facet" data-facet="${name}"><h3>${FACET_TITLES[name]}</h3>${extra}<ul>${items || '<li class="muted">—</li>'}</ul></div>`);
  }
  $('#facets').innerHTML = blocks.join('');
}

function downloads(path, params, extra = {}) {
  const csv = new URLSearchParams(params); csv.set('format', 'csv');
  const json = new URLSearchParams(params); json.delete('format');
  for (const [k, v] of Object.entries(extra)) { csv.set(k, v); json.set(k, v); }
  return `<span class="downloads">Скачать: <a id="download-csv" href="${path}?${csv}" download>CSV</a>` +
    `<a id="download-json" href="${path}?${json}" target="_blank">JSON</a></span>`;
}

async function renderSearch() {
  const s = state();
  const params = scopeParams(s);
  params.set('facets', '1');
  params.set('limit', String(PAGE));
  const offset = Math.max(0, parseInt(s.get('offset') || '0', 10) || 0);
  if (offset) params.set('offset', String(offset));
  const sort = s.get('sort') || 'score';
  if (sort !== 'score') params.set('sort', sort);
  let r;
  try { r = await api('/api/search', params); } catch (err) { $('#facets').innerHTML = ''; return showError(err); }
  renderFacets(r.facets, s);
  const exportParams = new URLSearchParams(params);
  exportParams.delete('facets'); exportParams.delete('offset');
  const all = Math.min(Math.max(r.total, 1), 1000);
  let html = `<div class="summary"><span id="total" data-total="${r.total}"><b>${r.total}</b> ${plural(r.total, 'мероприятие', 'мероприятия', 'мероприятий')}</span>` +
    (r.hits.length ? `<span class="muted">показаны ${offset + 1}–${offset + r.hits.length}</span>` : '') +
    `<span class="spacer"></span><label>Порядок: <select id="sort">${Object.entries(SORT_NAMES).map(([k, v]) =>
      `<option value="${k}"${k === sort ? ' selected' : ''}>${v}</option>`).join('')}</select></label>` +
    downloads('/api/search', exportParams, { limit: String(all) }) + '</div>';
  if (r.suggestion) {
    const fixed = new URLSearchParams(s); fixed.set('q', r.suggestion);
    html += `<p class="suggestion">Возможно, вы имели в виду: <a href="/?${fixed}" id="suggestion">${escapeHtml(r.suggestion)}</a></p>`;
  }
  html += r.hits.map((h, i) => hitHtml(h, offset + i + 1)).join('');
  if (r.related && r.related.length) {
    // After the last match: measures like the best matches, without any query word; not counted.
    html += '<h3 id="related">Без слов запроса, но похожи на лучшие найденные</h3>' +
      r.related.map((h, i) => hitHtml(h, Math.max(offset, r.total) + i + 1)).join('');
  }
  if (r.total > PAGE) {
    html += `<div class="pager"><button type="button" data-offset="${Math.max(0, offset - PAGE)}"${offset ? '' : ' disabled'}>← Назад</button>` +
      `<span class="muted">страница ${Math.floor(offset / PAGE) + 1} из ${Math.ceil(r.total / PAGE)}</span>` +
      `<button type="button" data-offset="${offset + PAGE}"${offset + PAGE < r.total ? '' : ' disabled'}>Далее →</button></div>`;
  }
  $('#content').innerHTML = html;
}

function plural(n, one, few, many) {
  const m10 = n % 10, m100 = n % 100;
  if (m10 === 1 && m100 !== 11) return one;
  if (m10 >= 2 && m10 <= 4 && (m100 < 12 || m100 > 14)) return few;
  return many;
}

function hitHtml(h, rank) {
  const link = new URLSearchParams({ view: 'measure', id: h.id });
  const spb = (h.spb_agencies || []).join('; ');
  const partner = (h.partner_agencies || []).join('; ');
  const reported = (h.reported || []).map((l) => `отчёт ${l.year}: ${l.entries} ${plural(l.entries, 'запись', 'записи', 'записей')}`).join('; ');
  return `<article class="hit${h.like ? ' related' : ''}" data-id="${escapeHtml(h.id)}">` +
    `<div class="meta">${rank}. <a class="measure-link" href="/?${link}">${escapeHtml(h.id)}</a> · ${escapeHtml(h.region)} · №&nbsp;${escapeHtml(h.number || '—')} · ${escapeHtml((h.spheres || []).join(', '))} · срок: ${escapeHtml(deadlineText(h) || '—')}</div>` +
    `<div class="text">${safeSnippet(h.snippet)}</div>` +
    (h.like ? `<div class="matched">похоже на ${escapeHtml(h.like)} (сходство с лучшими совпадениями ${Number(h.score).toFixed(2)})</div>` : '') +
    (h.matched_in ? `<div class="matched">найдено в поле «${escapeHtml(h.matched_in.field)}»: ${safeSnippet(h.matched_in.snippet)}</div>` : '') +
    (spb ? `<div class="agencies"><span class="muted">Санкт-Петербург:</span> ${escapeHtml(spb)}</div>` : '') +
    (partner ? `<div class="agencies"><span class="muted">Партнёр:</span> ${escapeHtml(partner)}</div>` : '') +
    (reported ? `<div class="agencies muted">${escapeHtml(reported)}</div>` : '') +
    '</article>';
}

function fieldRows(m) {
  const rows = [];
  const add = (label, value) => { if (value !== undefined && value !== null && String(value) !== '') rows.push([label, value]); };
  const period = m.period && m.period.from ? `${m.period.from}${m.period.to && m.period.to !== m.period.from ? '–' + m.period.to : ''}` : '';
  add('Соглашение', `${m.agreement} · ${KIND_NAMES[m.kind] || m.kind} · ${m.region}${period ? ' · ' + period : ''}${m.report_year ? ' · отчёт за ' + m.report_year : ''}`);
  add('Документ', m.title);
  if (m.section) add('Раздел', `${m.section.number ? m.section.number + '. ' : ''}${m.section.heading || ''}`);
  if (m.subsection) add('Подраздел', m.subsection.heading);
  add('Номер', m.number);
  add('Сферы', (m.spheres || []).join('; '));
  add('Срок', deadlineText(m));
  add('Текст', m.text);
  add('Ведомства Санкт-Петербурга', (m.spb_agencies || []).join('\n'));
  add('Ведомства партнёра', (m.partner_agencies || []).join('\n'));
  (m.progress || []).forEach((p, i) => add(i ? '' : 'Ход исполнения', `${i + 1}. ${p}`));
  (m.notes || []).forEach((n, i) => add(i ? '' : 'Примечания', n));
  for (const [k, v] of Object.entries(m.extra || {})) add(k, v);
  add('Файл', `${m.path || m.file}${m.line ? ':' + m.line : ''}`);
  return rows;
}

async function renderMeasure() {
  const id = state().get('id') || '';
  $('#facets').innerHTML = '';
  let m;
  try { m = await api('/api/measures/' + encodeURIComponent(id)); } catch (err) { return showError(err); }
  let html = `<h2 id="measure" data-id="${escapeHtml(m.id)}">${escapeHtml(m.id)}</h2><table class="fields">` +
    fieldRows(m).map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v).replace(/\n/g, '<br>')}</td></tr>`).join('') + '</table>';
  html += '<div class="similar" id="similar"><h3>Похожие мероприятия других регионов</h3><p class="muted">загрузка…</p></div>';
  $('#content').innerHTML = html;
  try {
    const r = await api('/api/similar/' + encodeURIComponent(m.id), new URLSearchParams({ scope: 'other-regions', limit: '10' }));
    const rows = r.hits.map((h) => {
      const link = new URLSearchParams({ view: 'measure', id: h.id });
      return `<tr><td class="num">${h.similarity.toFixed(2)}</td><td><a class="measure-link" href="/?${link}">${escapeHtml(h.id)}</a></td><td>${escapeHtml(h.region)}</td><td>${escapeHtml(h.text)}</td></tr>`;
    }).join('');
    $('#similar').innerHTML = '<h3>Похожие мероприятия других регионов</h3>' + (rows
      ? `<table class="list"><tr><th>сходство</th><th>мероприятие</th><th>регион</th><th>текст</th></tr>${rows}</table>`
      : '<p class="muted">Похожих мероприятий в других регионах нет.</p>');
  } catch (err) {
    $('#similar').innerHTML = `<div class="error">${escapeHtml(err.message)}</div>`;
  }
}

function renderHeatmap(path, title, extra, controls) {
  const params = scopeParams();
  for (const [k, v] of Object.entries(extra)) params.set(k, v);
  const svg = new URLSearchParams(params); svg.set('format', 'svg');
  $('#facets').innerHTML = '';
  $('#content').innerHTML = `<h2>${title}</h2><div class="summary">${controls}<span class="spacer"></span>${downloads(path, params)}</div>` +
    `<div class="heatmap"><img id="heatmap" alt="${escapeHtml(title)}" src="${path}?${svg}"></div>` +
    '<p class="muted">Область анализа — запрос и фильтры выше.</p>';
  const img = $('#heatmap');
  img.addEventListener('error', async () => {
    try { await api(path, params); } catch (err) { showError(err); }
  });
}

function renderAgencies() {
  const s = state();
  const top = s.get('top') || '40';
  renderHeatmap('/api/agencies', 'Ведомства × регионы: число мероприятий', { top },
    `<label>Строк: <select id="top">${['20', '40', '100', '0'].map((v) => `<option value="${v}"${v === top ? ' selected' : ''}>${v === '0' ? 'все' : v}</option>`).join('')}</select></label>`);
}

function renderOverlap() {
  const by = state().get('by') || 'agency';
  renderHeatmap('/api/overlap', 'Пересечение соглашений (коэффициент Жаккара)', { by },
    `<label>По: <select id="by"><option value="agency"${by === 'agency' ? ' selected' : ''}>ведомствам</option>` +
    `<option value="sphere"${by === 'sphere' ? ' selected' : ''}>сферам</option></select></label>`);
}

async function renderAgreements() {
  $('#facets').innerHTML = '';
  let r;
  try { r = await api('/api/agreements'); } catch (err) { return showError(err); }
  const rows = r.agreements.map((a) => {
    const link = new URLSearchParams({ view: 'search', region: a.region });
    const period = a.period.from ? `${a.period.from}${a.period.to && a.period.to !== a.period.from ? '–' + a.period.to : ''}` : '';
    return `<tr><td>${escapeHtml(a.agreement)}</td><td><a href="/?${link}">${escapeHtml(a.region)}</a></td><td>${escapeHtml(KIND_NAMES[a.kind] || a.kind)}</td>` +
      `<td>${period}</td><td>${a.report_year ?? ''}</td><td class="num">${a.measures}</td><td class="num">${a.warnings.length}</td><td>${escapeHtml(a.file)}</td></tr>`;
  }).join('');
  $('#content').innerHTML = `<h2>${r.agreements.length} ${plural(r.agreements.length, 'соглашение', 'соглашения', 'соглашений')}, ${r.measures} ${plural(r.measures, 'мероприятие', 'мероприятия', 'мероприятий')}</h2>` +
    `<div class="summary"><span class="spacer"></span>${downloads('/api/agreements', new URLSearchParams())}</div>` +
    `<table class="list" id="agreements"><tr><th>соглашение</th><th>регион</th><th>вид</th><th>период</th><th>отчёт за</th><th>мероприятий</th><th>предупреждений</th><th>файл</th></tr>${rows}</table>`;
}

async function render() {
  const s = state();
  const view = s.get('view') || 'search';
  $('#q').value = s.get('q') || '';
  for (const a of document.querySelectorAll('nav a')) a.classList.toggle('active', a.dataset.view === view);
  $('main').classList.toggle('wide', view !== 'search');
  renderChips();
  const views = { search: renderSearch, measure: renderMeasure, agencies: renderAgencies, overlap: renderOverlap, agreements: renderAgreements };
  await (views[view] || renderSearch)();
  document.body.dataset.ready = String(Date.now());
}

document.addEventListener('click', (e) => {
  const facet = e.target.closest('button[data-facet]');
  if (facet) return toggleFilter(facet.dataset.facet, facet.dataset.value);
  const remove = e.target.closest('button[data-remove]');
  if (remove) {
    const s = state();
    const kept = s.getAll(remove.dataset.remove).filter((v) => v !== remove.dataset.value);
    s.delete(remove.dataset.remove);
    for (const v of kept) s.append(remove.dataset.remove, v);
    s.delete('offset');
    return navigate(s);
  }
  const pager = e.target.closest('button[data-offset]');
  if (pager) { const s = state(); s.set('offset', pager.dataset.offset); return navigate(s); }
  const link = e.target.closest('a[href^="/?"]');
  if (link && !e.ctrlKey && !e.metaKey && !e.shiftKey) {
    e.preventDefault();
    const target = new URLSearchParams(link.getAttribute('href').slice(2));
    // The tabs keep the scope (query and filters) of the current view.
    if (link.closest('nav')) for (const [k, v] of scopeParams()) target.append(k, v);
    navigate(target);
  }
});

document.addEventListener('change', (e) => {
  const s = state();
  if (e.target.id === 'sort') { s.set('sort', e.target.value); s.delete('offset'); }
  else if (e.target.id === 'side') { if (e.target.value) s.set('side', e.target.value); else s.delete('side'); s.delete('offset'); }
  else if (e.target.id === 'top') s.set('top', e.target.value);
  else if (e.target.id === 'by') s.set('by', e.target.value);
  else return;
  navigate(s);
});

$('#search-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const s = state();
  const q = $('#q').value.trim();
  if (q) s.set('q', q); else s.delete('q');
  s.delete('offset');
  if (!s.get('view') || s.get('view') === 'measure') s.set('view', 'search');
  navigate(s);
});

window.addEventListener('popstate', render);

api('/api/health').then((h) => { $('#health').textContent = `${h.measures} мероприятий в индексе`; }).catch(() => {});
render();
