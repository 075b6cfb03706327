"use strict";
(function () {
  var data = JSON.parse(document.getElementById("data").textContent);
  var L = data.labels;
  var PAGE = 50;
  var category = {};
  data.rules.forEach(function (r) { category[r.code] = r.category; });
  var VERDICT = { "return": 2, "revise": 1, "pass": 0 };
  var state = { key: "rank", dir: -1, severity: "", rule: "", category: "", page: 0, printing: false };

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (k) {
      if (k === "text") node.textContent = attrs[k];
      else if (k === "className") node.className = attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(c); });
    return node;
  }

  function matches(f) {
    return (state.severity === "" || String(f.s) === state.severity) &&
      (state.rule === "" || f.code === state.rule) &&
      (state.category === "" || category[f.code] === state.category);
  }
  var filtering = function () { return state.severity !== "" || state.rule !== "" || state.category !== ""; };

  // Each file with the counts of the findings that pass the filters.
  function rows() {
    var out = [];
    data.files.forEach(function (file, index) {
      var counts = [0, 0, 0], codes = {};
      file.findings.forEach(function (f) {
        if (!matches(f)) return;
        counts[f.s]++;
        codes[f.code] = (codes[f.code] || 0) + 1;
      });
      if (filtering() && counts[0] + counts[1] + counts[2] === 0) return;
      var top = Object.keys(codes).sort(function (a, b) { return codes[b] - codes[a] || (a < b ? -1 : 1); }).slice(0, 3);
      out.push({ file: file, index: index, counts: counts, top: top.map(function (c) { return c + "×" + codes[c]; }) });
    });
    var dir = state.dir;
    var byPath = function (a, b) { return a.file.path < b.file.path ? -1 : a.file.path > b.file.path ? 1 : 0; };
    var cmp = {
      rank: function (a, b) { return (b.counts[0] - a.counts[0]) || (b.counts[1] - a.counts[1]) || (b.counts[2] - a.counts[2]) || byPath(a, b); },
      file: byPath,
      errors: function (a, b) { return a.counts[0] - b.counts[0] || byPath(a, b); },
      warnings: function (a, b) { return a.counts[1] - b.counts[1] || byPath(a, b); },
      infos: function (a, b) { return a.counts[2] - b.counts[2] || byPath(a, b); },
      verdict: function (a, b) { return VERDICT[a.file.verdict] - VERDICT[b.file.verdict] || byPath(a, b); }
    }[state.key];
    out.sort(state.key === "rank" ? cmp : function (a, b) { return dir * cmp(a, b); });
    return out;
  }

  function select(name, label, options) {
    var s = el("select", { id: "filter-" + name, name: name });
    s.appendChild(el("option", { value: "", text: L.all }));
    options.forEach(function (o) { s.appendChild(el("option", { value: o[0], text: o[1] })); });
    s.addEventListener("change", function () { state[name] = s.value; state.page = 0; draw(); });
    return el("label", null, [document.createTextNode(label + " "), s]);
  }

  function controls() {
    var c = document.getElementById("controls");
    var cats = {};
    data.rules.forEach(function (r) { cats[r.category] = true; });
    c.appendChild(select("severity", L.level, [["0", L.severity[0]], ["1", L.severity[1]], ["2", L.severity[2]]]));
    c.appendChild(select("rule", L.rule, data.rules.map(function (r) { return [r.code, r.code + " " + r.name]; })));
    c.appendChild(select("category", L.category, Object.keys(cats).sort().map(function (k) { return [k, k]; })));
    var head = document.querySelector("#files thead");
    var tr = el("tr");
    [["file", L.file, ""], ["errors", L.errors, "n"], ["warnings", L.warnings, "n"], ["infos", L.infos, "n"], ["verdict", L.verdict, ""], ["", L.top, ""]].forEach(function (h) {
      var th = el("th", { className: h[2], "data-key": h[0] });
      if (h[0]) {
        var b = el("button", { type: "button", text: h[1] });
        b.addEventListener("click", function () {
          if (state.key === h[0]) state.dir = -state.dir;
          else { state.key = h[0]; state.dir = h[0] === "file" ? 1 : -1; }
          state.page = 0;
          draw();
        });
        th.appendChild(b);
      } else th.textContent = h[1];
      tr.appendChild(th);
    });
    head.appendChild(tr);
  }

  function verdictBadge(file) {
    var d = file.declarations.reduce(function (w, d) { return VERDICT[d.verdict] > VERDICT[w.verdict] ? d : w; }, file.declarations[0]);
    return el("span", { className: "badge " + file.verdict, text: d ? d.label : "" });
  }

  function drawTable(list) {
    var body = document.querySelector("#files tbody");
    body.textContent = "";
    list.forEach(function (row) {
      var link = el("a", { href: "#file-" + row.index, text: row.file.path });
      link.addEventListener("click", function () { show(row.index); });
      body.appendChild(el("tr", { "data-path": row.file.path }, [
        el("td", { className: "file" }, [link]),
        el("td", { className: "n errors", text: String(row.counts[0]) }),
        el("td", { className: "n warnings", text: String(row.counts[1]) }),
        el("td", { className: "n infos", text: String(row.counts[2]) }),
        el("td", { className: "verdict" }, [verdictBadge(row.file)]),
        el("td", { className: "top", text: row.top.join(", ") })
      ]));
    });
    document.querySelectorAll("#files th[data-key]").forEach(function (th) {
      var key = th.getAttribute("data-key");
      if (key && key === state.key) th.setAttribute("aria-sort", state.dir > 0 ? "ascending" : "descending");
      else th.removeAttribute("aria-sort");
    });
  }

  function section(row) {
    var file = row.file;
    var s = el("section", { className: "unit", id: "file-" + row.index, "data-path": file.path }, [
      el("h2", null, [document.createTextNode(file.path + " "), verdictBadge(file)])
    ]);
    file.declarations.forEach(function (d) {
      s.appendChild(el("pre", { className: "opinion", text: d.opinion }));
    });
    var shown = file.findings.filter(matches);
    if (shown.length === 0) { s.appendChild(el("p", { text: L.none })); return s; }
    var table = el("table", { className: "findings" }, [el("thead", null, [el("tr", null,
      [L.level, L.place, L.subject, L.text, L.message, L.help, L.rule].map(function (h) { return el("th", { text: h }); }))])]);
    var body = el("tbody");
    shown.forEach(function (f) {
      body.appendChild(el("tr", { className: "finding s" + f.s, "data-code": f.code }, [
        el("td", null, [el("span", { className: "badge s" + f.s, text: L.severity[f.s] })]),
        el("td", { className: "at", text: f.at }),
        el("td", { className: "subject", text: f.subject || L.whole }),
        el("td", { className: "text", text: f.text }),
        el("td", { className: "msg", text: f.msg }),
        el("td", { className: "help", text: f.help || "" }),
        el("td", null, [el("a", { href: "#rule-" + f.code.toLowerCase(), text: f.code })])
      ]));
    });
    table.appendChild(body);
    s.appendChild(table);
    return s;
  }

  // The sections of the page's files: the first few at once, the others a few at a time after, so that the page
  // answers at once however many findings it holds; all at once for printing.
  var generation = 0;
  var FIRST = 3;
  function drawSections(list) {
    var box = document.getElementById("sections");
    box.textContent = "";
    var mine = ++generation;
    var at = 0;
    box.setAttribute("data-pending", String(list.length));
    function some(n) {
      var frag = document.createDocumentFragment();
      for (var end = Math.min(list.length, at + n); at < end; at++) frag.appendChild(section(list[at]));
      box.appendChild(frag);
      box.setAttribute("data-pending", String(list.length - at));
    }
    if (state.printing) { some(list.length); return; }
    some(FIRST);
    (function more() {
      if (mine !== generation || at >= list.length) return;
      setTimeout(function () { if (mine === generation) { some(FIRST); more(); } }, 0);
    })();
  }

  function drawPager(total, shown) {
    var pager = document.getElementById("pager");
    pager.textContent = "";
    var pages = Math.max(1, Math.ceil(total / PAGE));
    var prev = el("button", { type: "button", id: "prev", text: L.prev });
    var next = el("button", { type: "button", id: "next", text: L.next });
    prev.disabled = state.page === 0;
    next.disabled = state.page >= pages - 1;
    prev.addEventListener("click", function () { state.page--; draw(); });
    next.addEventListener("click", function () { state.page++; draw(); });
    pager.appendChild(prev);
    pager.appendChild(el("span", { id: "page", text: L.page.replace("{n}", state.page + 1).replace("{of}", pages) }));
    pager.appendChild(next);
    pager.appendChild(el("span", { id: "shown", text: L.shown.replace("{n}", shown).replace("{of}", data.files.length) }));
  }

  function draw() {
    var started = performance.now();
    var list = rows();
    var page = state.printing ? list : list.slice(state.page * PAGE, (state.page + 1) * PAGE);
    drawTable(page);
    drawSections(page);
    drawPager(list.length, list.length);
    // Which drawing is on the page, for whoever waits on it (the browser test).
    document.body.setAttribute("data-printing", state.printing ? "1" : "0");
    window.__jixiaoDrawMs = performance.now() - started;
  }

  // Shows a file's section: the page that holds it.
  function show(index) {
    var list = rows();
    var at = list.findIndex(function (r) { return r.index === index; });
    if (at >= 0 && Math.floor(at / PAGE) !== state.page) { state.page = Math.floor(at / PAGE); draw(); }
  }

  function printing(on) { if (state.printing !== on) { state.printing = on; draw(); } }
  window.addEventListener("beforeprint", function () { printing(true); });
  window.addEventListener("afterprint", function () { printing(false); });
  var media = window.matchMedia("print");
  if (media.addEventListener) media.addEventListener("change", function (e) { printing(e.matches); });

  controls();
  draw();
  document.body.setAttribute("data-ready", "1");
  window.__jixiaoReady = performance.now();
})();
