/* thaikg network page.
 * Reads the graph from <script type="application/json" id="thaikg-data"> and draws it with vis-network.
 * Safety rule: data only ever reaches the page through textContent, attribute values set from
 * checked patterns, or vis-network's plain-text tooltips; never through innerHTML.
 */
(function () {
  "use strict";

  var FONTS = '"Noto Sans Thai", "TH Sarabun New", Garuda, Loma, "Tlwg Typist", sans-serif';
  var MENTIONS_SHOWN = 30;
  var WIKIDATA_ID = /^Q[1-9][0-9]*$/;

  var TEXT = {
    th: {
      summary: "{nodes} เอนทิตี · {edges} ความสัมพันธ์ · {articles} บทความ",
      truncated: "แสดงเฉพาะ {shown} จาก {of} เอนทิตี: ส่วนที่เชื่อมโยงกันมากที่สุด",
      focus: "รอบ ๆ “{name}” ระยะ {depth} ขั้น",
      article: "จากบทความ “{title}”",
      classes: "เฉพาะประเภท: {list}",
      searchLabel: "ค้นหาชื่อ (ไทยหรืออังกฤษ)",
      searchPlaceholder: "เช่น แคนาดา, ASEAN",
      go: "ค้นหา",
      notFound: "ไม่พบ “{q}”",
      found: "พบ “{name}”",
      legend: "ประเภท (คลิกเพื่อซ่อนหรือแสดง)",
      cls: "ประเภท",
      th: "ชื่อภาษาไทย",
      en: "ชื่อภาษาอังกฤษ",
      alt: "ชื่ออื่น",
      wd: "Wikidata",
      iri: "IRI",
      arts: "บทความ",
      degree: "จำนวนความสัมพันธ์",
      links: "ความสัมพันธ์",
      mentions: "ประโยคที่กล่าวถึง",
      noLinks: "ไม่มี",
      noMentions: "ไม่มีประโยคที่บันทึกไว้",
      more: "แสดงทั้งหมด ({n})",
      source: "จากบทความ: {title}",
      layout: "กำลังจัดวางเครือข่าย… {p}%",
      frozen: "จัดวางเสร็จแล้ว (หยุดการจำลองแรงเพื่อความลื่นไหล)",
      empty: "ไม่มีเอนทิตีให้แสดง",
      graph: "แผนภาพเครือข่ายความรู้"
    },
    en: {
      summary: "{nodes} entities · {edges} links · {articles} articles",
      truncated: "Showing only {shown} of {of} entities: the best-connected part",
      focus: "Around “{name}”, {depth} step(s)",
      article: "From the article “{title}”",
      classes: "Only: {list}",
      searchLabel: "Find a name (Thai or English)",
      searchPlaceholder: "e.g. Canada, อาเซียน",
      go: "Find",
      notFound: "No match for “{q}”",
      found: "Found “{name}”",
      legend: "Classes (click to hide or show)",
      cls: "Class",
      th: "Thai name",
      en: "English name",
      alt: "Other names",
      wd: "Wikidata",
      iri: "IRI",
      arts: "Articles",
      degree: "Links",
      links: "Links",
      mentions: "Mentioned in",
      noLinks: "none",
      noMentions: "no sentence recorded",
      more: "Show all ({n})",
      source: "Article: {title}",
      layout: "Laying out the network… {p}%",
      frozen: "Layout done (physics stopped to keep the page fast)",
      empty: "No entities to show",
      graph: "Knowledge graph network"
    }
  };

  var data = JSON.parse(document.getElementById("thaikg-data").textContent);
  var T = TEXT[data.lang] || TEXT.en;
  var locale = data.lang === "th" ? "th-TH" : "en-GB";

  function $(id) { return document.getElementById(id); }

  function el(tag, text, className) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (className) { e.className = className; }
    return e;
  }

  function fmt(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, key) {
      var v = values[key];
      return typeof v === "number" ? v.toLocaleString(locale) : String(v);
    });
  }

  function clear(node) {
    while (node.firstChild) { node.removeChild(node.firstChild); }
  }

  var nodes = data.nodes;
  var classById = {};
  data.classes.forEach(function (c) { classById[c.id] = c; });
  var visible = {};
  data.classes.forEach(function (c) { visible[c.id] = true; });

  /* ---------------------------------------------------------------- header */

  document.documentElement.lang = data.lang;
  $("graph").setAttribute("aria-label", T.graph);
  $("summary").textContent = fmt(T.summary, {
    nodes: nodes.length, edges: data.edges.length, articles: data.articles.length
  });
  var notes = [];
  var view = data.view || {};
  if (view.article) { notes.push(fmt(T.article, { title: view.article.title || view.article.id })); }
  if (view.classes) { notes.push(fmt(T.classes, { list: view.classes.join(", ") })); }
  if (typeof view.focus === "number" && nodes[view.focus]) {
    notes.push(fmt(T.focus, { name: nodes[view.focus].name, depth: view.depth }));
  }
  if (view.truncated) { notes.push(fmt(T.truncated, view.truncated)); }
  if (notes.length) {
    $("note").textContent = notes.join(" · ");
    $("note").hidden = false;
  }

  /* ---------------------------------------------------------------- network data */

  function shade(hex, factor) {
    var n = parseInt(hex.slice(1), 16);
    var r = Math.round(((n >> 16) & 255) * factor);
    var g = Math.round(((n >> 8) & 255) * factor);
    var b = Math.round((n & 255) * factor);
    return "rgb(" + r + "," + g + "," + b + ")";
  }

  function tooltip(n) {
    var c = classById[n.cls];
    var lines = [n.name];
    var other = data.lang === "th" ? n.en : n.th;
    if (other && other !== n.name) { lines.push(other); }
    lines.push(c ? c.label : n.cls);
    return lines.join("\n");  /* a string: vis-network shows it with innerText */
  }

  var visNodes = new vis.DataSet(nodes.map(function (n) {
    var c = classById[n.cls];
    return {
      id: n.id,
      label: n.label,
      title: tooltip(n),
      shape: c.shape,
      size: Math.min(42, 9 + 4 * Math.sqrt(n.deg)),
      color: {
        background: c.color, border: shade(c.color, 0.7),
        highlight: { background: c.color, border: "#1f2328" },
        hover: { background: c.color, border: "#1f2328" }
      },
      cls: n.cls
    };
  }));

  function pairOf(e) { return Math.min(e.from, e.to) + "-" + Math.max(e.from, e.to); }
  var pairTotal = {}, pairSeen = {};
  data.edges.forEach(function (e) { var p = pairOf(e); pairTotal[p] = (pairTotal[p] || 0) + 1; });
  var visEdges = new vis.DataSet(data.edges.map(function (e) {
    var pair = pairOf(e);
    var k = pairSeen[pair] || 0;
    pairSeen[pair] = k + 1;
    var edge = {
      id: e.id, from: e.from, to: e.to, label: e.label,
      title: nodes[e.from].name + " → " + e.label + " → " + nodes[e.to].name
    };
    if (pairTotal[pair] > 1) {  /* parallel links: fan them out so every one and its label stays visible */
      var side = (k % 2 ? -1 : 1) * (e.from < e.to ? 1 : -1);
      var bend = pairTotal[pair] % 2 ? 0.3 * Math.ceil(k / 2) : 0.2 + 0.3 * Math.floor(k / 2);
      edge.smooth = bend === 0 ? { enabled: false } :
        { enabled: true, type: side > 0 ? "curvedCW" : "curvedCCW", roundness: bend };
    }
    return edge;
  }));

  var nodeView = new vis.DataView(visNodes, { filter: function (n) { return visible[n.cls]; } });
  var edgeView = new vis.DataView(visEdges, {
    filter: function (e) { return visible[nodes[e.from].cls] && visible[nodes[e.to].cls]; }
  });

  var options = {
    autoResize: true,
    layout: { randomSeed: data.seed, improvedLayout: nodes.length <= 150 },
    nodes: {
      borderWidth: 1,
      font: { face: FONTS, size: 14, color: "#1f2328", strokeWidth: 3, strokeColor: "#ffffff" }
    },
    edges: {
      arrows: { to: { enabled: true, scaleFactor: 0.5 } },
      color: { color: "#a5adb5", highlight: "#0969da", hover: "#57606a" },
      font: { face: FONTS, size: 11, color: "#57606a", strokeWidth: 3, strokeColor: "#ffffff", align: "middle" },
      smooth: data.large ? false : { enabled: true, type: "continuous", roundness: 0.3 },
      width: 1
    },
    physics: {
      enabled: true,
      solver: "forceAtlas2Based",
      forceAtlas2Based: { gravitationalConstant: -90, centralGravity: 0.015, springLength: 100, springConstant: 0.06, avoidOverlap: 0.5 },
      stabilization: { enabled: true, iterations: data.large ? 300 : 400, updateInterval: 25, fit: true }
    },
    interaction: {
      hover: true, tooltipDelay: 150, multiselect: false,
      hideEdgesOnDrag: data.large, hideEdgesOnZoom: data.large
    }
  };

  var container = $("graph");
  var network = new vis.Network(container, { nodes: nodeView, edges: edgeView }, options);

  /* for scripts and tests: the full data sets, the filtered views drawn, and whether layout is done */
  var api = {
    network: network, nodes: visNodes, edges: visEdges, shownNodes: nodeView, shownEdges: edgeView,
    data: data, ready: false, select: null, show: null, lookup: null
  };
  window.thaikg = api;

  var status = $("status");
  if (!nodes.length) { status.textContent = T.empty; }
  network.on("stabilizationProgress", function (p) {
    status.textContent = fmt(T.layout, { p: Math.round(100 * p.iterations / Math.max(1, p.total)) });
  });
  network.once("stabilizationIterationsDone", function () {
    if (data.large) {
      network.setOptions({ physics: { enabled: false } });  /* big graphs: lay out once, then hold still */
      status.textContent = T.frozen;
    } else {
      status.textContent = "";
    }
    if (typeof view.focus === "number" && nodes[view.focus]) { selectNode(view.focus, false); }
    api.ready = true;
  });
  if (!nodes.length) { api.ready = true; }

  /* ---------------------------------------------------------------- legend and class filter */

  var legend = $("legend-title");
  legend.textContent = T.legend;
  var list = $("legend");
  data.classes.forEach(function (c) {
    var li = el("li");
    var label = el("label");
    var box = el("input");
    box.type = "checkbox";
    box.checked = true;
    box.value = c.id;
    box.addEventListener("change", function () {
      visible[c.id] = box.checked;
      nodeView.refresh();
      edgeView.refresh();
    });
    var symbol = el("span", c.symbol, "symbol");
    symbol.style.color = c.color;
    label.appendChild(box);
    label.appendChild(symbol);
    label.appendChild(el("span", c.label, "name"));
    label.appendChild(el("span", c.count.toLocaleString(locale), "count"));
    li.appendChild(label);
    list.appendChild(li);
  });

  function showClass(cls) {
    if (visible[cls]) { return; }
    visible[cls] = true;
    var box = list.querySelector("input[value='" + cls.replace(/[^A-Za-z]/g, "") + "']");
    if (box) { box.checked = true; }
    nodeView.refresh();
    edgeView.refresh();
  }

  /* ---------------------------------------------------------------- side panel */

  var outgoing = {}, incoming = {};
  data.edges.forEach(function (e) {
    (outgoing[e.from] = outgoing[e.from] || []).push(e);
    (incoming[e.to] = incoming[e.to] || []).push(e);
  });

  function fact(dl, term, value) {
    if (value === undefined || value === null || value === "") { return; }
    dl.appendChild(el("dt", term));
    var dd = el("dd");
    if (value instanceof Node) { dd.appendChild(value); } else { dd.textContent = String(value); }
    dl.appendChild(dd);
  }

  function linkButton(targetId, text) {
    var b = el("button", text);
    b.type = "button";
    b.addEventListener("click", function () { selectNode(targetId, true); });
    return b;
  }

  function showPanel(id) {
    var n = nodes[id];
    var panel = $("panel");
    if (!n) { panel.hidden = true; return; }
    $("panel-name").textContent = n.name;
    var dl = $("panel-facts");
    clear(dl);
    var c = classById[n.cls];
    fact(dl, T.cls, c && c.label !== n.cls ? c.label + " (" + n.cls + ")" : n.cls);
    fact(dl, T.th, n.th);
    fact(dl, T.en, n.en);
    fact(dl, T.alt, n.alt.join("; "));
    if (WIKIDATA_ID.test(n.wd)) {
      var a = el("a", n.wd);
      a.href = "https://www.wikidata.org/wiki/" + n.wd;
      a.target = "_blank";
      a.rel = "noopener noreferrer";
      fact(dl, T.wd, a);
    }
    fact(dl, T.degree, n.deg.toLocaleString(locale));
    fact(dl, T.arts, n.arts.length.toLocaleString(locale));
    fact(dl, T.iri, el("span", n.iri, "iri"));

    $("panel-links-title").textContent = T.links;
    var links = $("panel-links");
    clear(links);
    (outgoing[id] || []).forEach(function (e) {
      var li = el("li", e.label + " → ");
      li.appendChild(linkButton(e.to, nodes[e.to].name));
      links.appendChild(li);
    });
    (incoming[id] || []).forEach(function (e) {
      var li = el("li");
      li.appendChild(linkButton(e.from, nodes[e.from].name));
      li.appendChild(document.createTextNode(" → " + e.label));
      links.appendChild(li);
    });
    if (!links.firstChild) { links.appendChild(el("li", T.noLinks)); }

    $("panel-mentions-title").textContent = T.mentions;
    var ol = $("panel-mentions");
    clear(ol);
    function addMention(m) {
      var li = el("li");
      li.appendChild(el("span", data.sentences[m[0]], "sentence"));
      var art = data.articles[m[1]];
      if (art) { li.appendChild(el("span", fmt(T.source, { title: art.title || art.id }), "source")); }
      ol.appendChild(li);
    }
    n.ment.slice(0, MENTIONS_SHOWN).forEach(addMention);
    if (n.ment.length > MENTIONS_SHOWN) {
      var more = el("button", fmt(T.more, { n: n.ment.length }));
      more.type = "button";
      more.addEventListener("click", function () {
        ol.removeChild(more);
        n.ment.slice(MENTIONS_SHOWN).forEach(addMention);
      });
      ol.appendChild(more);
    }
    if (!n.ment.length) { ol.appendChild(el("li", T.noMentions)); }
    panel.hidden = false;
  }

  function selectNode(id, animate) {
    var n = nodes[id];
    if (!n) { return; }
    showClass(n.cls);
    network.selectNodes([id]);
    network.focus(id, {
      scale: Math.max(network.getScale(), 1.1),
      animation: animate === false ? false : { duration: 400, easingFunction: "easeInOutQuad" }
    });
    showPanel(id);
  }
  api.select = selectNode;
  api.show = showPanel;

  network.on("click", function (params) {
    if (params.nodes.length) { showPanel(params.nodes[0]); }
  });

  /* ---------------------------------------------------------------- search */

  function norm(s) {
    return String(s).normalize("NFC").toLocaleLowerCase().replace(/\s+/g, " ").trim();
  }

  var names = [];  /* [normalised name, node id] */
  var datalist = $("names");
  var seen = {};
  nodes.forEach(function (n) {
    [n.th, n.en].concat(n.alt).forEach(function (name) {
      if (!name) { return; }
      names.push([norm(name), n.id]);
      if (!Object.prototype.hasOwnProperty.call(seen, name)) {
        seen[name] = true;
        var option = el("option");
        option.value = name;
        datalist.appendChild(option);
      }
    });
  });

  function better(a, b) {  /* best-connected first, then the smaller id: same answer every time */
    if (b === null) { return true; }
    if (nodes[a].deg !== nodes[b].deg) { return nodes[a].deg > nodes[b].deg; }
    return a < b;
  }

  function lookup(query) {
    var q = norm(query);
    if (!q) { return null; }
    var exact = null, prefix = null, part = null;
    names.forEach(function (entry) {
      var name = entry[0], id = entry[1];
      if (name === q) { if (better(id, exact)) { exact = id; } }
      else if (name.indexOf(q) === 0) { if (better(id, prefix)) { prefix = id; } }
      else if (name.indexOf(q) > 0) { if (better(id, part)) { part = id; } }
    });
    return exact !== null ? exact : (prefix !== null ? prefix : part);
  }
  api.lookup = lookup;

  var input = $("search");
  var result = $("search-result");
  $("search-label").textContent = T.searchLabel;
  input.placeholder = T.searchPlaceholder;
  $("search-go").textContent = T.go;

  function search(exactOnly) {
    var q = input.value;
    if (!norm(q)) { result.textContent = ""; return; }
    var id = lookup(q);
    if (id === null || (exactOnly && nodes[id] && norm(q) !== norm(nodes[id].th) && norm(q) !== norm(nodes[id].en) &&
        nodes[id].alt.map(norm).indexOf(norm(q)) < 0)) {
      if (!exactOnly) { result.textContent = fmt(T.notFound, { q: q }); }
      return;
    }
    result.textContent = fmt(T.found, { name: nodes[id].name });
    selectNode(id, true);
  }

  input.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") { ev.preventDefault(); search(false); }
  });
  input.addEventListener("change", function () { search(true); });  /* picked from the list */
  $("search-go").addEventListener("click", function () { search(false); });
})();
