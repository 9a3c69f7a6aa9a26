// RegionGraph query page: editor, prefixes, named queries, results table. No libraries, no network but
// this server. Every text from a query or a result is put into the page with textContent, never as HTML.
"use strict";

(() => {
  const data = JSON.parse(document.getElementById("rg-data").textContent);
  const form = document.getElementById("query-form");
  const editor = document.getElementById("query");
  const gutter = document.getElementById("gutter");
  const format = document.getElementById("format");
  const runButton = document.getElementById("run");
  const statusLine = document.getElementById("status");
  const errorBox = document.getElementById("error");
  const downloads = document.getElementById("downloads");
  const output = document.getElementById("output");

  const XSD_STRING = "http://www.w3.org/2001/XMLSchema#string";
  // The table view asks for SPARQL JSON; a CONSTRUCT or DESCRIBE answers N-Triples instead.
  const TABLE_ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9";
  const MEDIA = {
    json: "application/sparql-results+json", xml: "application/sparql-results+xml", csv: "text/csv",
    tsv: "text/tab-separated-values", turtle: "text/turtle", ntriples: "application/n-triples",
    rdfxml: "application/rdf+xml", jsonld: "application/ld+json",
  };
  const RESULT_DOWNLOADS = [["csv", "CSV"], ["tsv", "TSV"], ["json", "JSON"], ["xml", "XML"]];
  const GRAPH_DOWNLOADS = [["turtle", "Turtle"], ["ntriples", "N-Triples"], ["rdfxml", "RDF/XML"], ["jsonld", "JSON-LD"]];
  const MAX_TABLE_ROWS = 2000;
  const MAX_GET_URL = 4000;

  // ---- editor -------------------------------------------------------------------------------------
  function renumber() {
    const lines = editor.value.split("\n").length;
    if (gutter.dataset.lines === String(lines)) return;
    gutter.textContent = Array.from({ length: lines }, (_, i) => i + 1).join("\n");
    gutter.dataset.lines = String(lines);
  }

  function setQuery(text) {
    editor.value = text;
    renumber();
    editor.focus();
  }

  let tabLeaves = false; // after Esc, Tab moves the focus on (keyboard users must be able to leave)
  editor.addEventListener("keydown", (event) => {
    if ((event.ctrlKey || event.metaKey) && event.key === "Enter") {
      event.preventDefault();
      run();
    } else if (event.key === "Escape") {
      tabLeaves = true;
    } else if (event.key === "Tab" && !event.shiftKey && !tabLeaves) {
      event.preventDefault();
      editor.setRangeText("  ", editor.selectionStart, editor.selectionEnd, "end");
      renumber();
    } else if (event.key !== "Tab") {
      tabLeaves = false;
    }
  });
  editor.addEventListener("input", renumber);
  editor.addEventListener("scroll", () => { gutter.scrollTop = editor.scrollTop; });

  // ---- prefixes and named queries -----------------------------------------------------------------
  function escapeRegExp(text) { return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }

  for (const button of document.querySelectorAll("button.prefix")) {
    button.addEventListener("click", () => {
      const { prefix, iri } = button.dataset;
      const declared = new RegExp("^\\s*PREFIX\\s+" + escapeRegExp(prefix) + ":", "im");
      if (declared.test(editor.value)) {
        statusLine.textContent = `PREFIX ${prefix}: is already declared.`;
        return;
      }
      setQuery(`PREFIX ${prefix}: <${iri}>\n` + editor.value);
    });
  }

  for (const button of document.querySelectorAll("button.load")) {
    button.addEventListener("click", () => {
      const text = data.examples[button.dataset.example];
      if (typeof text === "string") setQuery(text);
    });
  }

  // ---- terms --------------------------------------------------------------------------------------
  function shorten(iri) {
    let best = null;
    for (const [prefix, ns] of Object.entries(data.prefixes)) {
      if (iri.startsWith(ns) && /^[\w.-]*$/.test(iri.slice(ns.length)) && (!best || ns.length > best[1].length)) {
        best = [prefix, ns];
      }
    }
    return best ? `${best[0]}:${iri.slice(best[1].length)}` : iri;
  }

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function iriNode(iri) {
    // Only web IRIs become links: an IRI such as javascript:… stays plain text.
    const node = /^https?:\/\//i.test(iri) ? element("a", "iri", shorten(iri)) : element("span", "iri", shorten(iri));
    if (node.tagName === "A") node.href = iri;
    node.title = iri;
    return node;
  }

  function termNode(term) {
    if (!term) return element("span", "unbound", "");
    if (term.type === "uri") return iriNode(term.value);
    if (term.type === "bnode") return element("span", "bnode", "_:" + term.value);
    if (term.type === "literal" || term.type === "typed-literal") {
      const node = element("span", "literal", term.value);
      if (term["xml:lang"]) node.append(element("small", "lang", "@" + term["xml:lang"]));
      else if (term.datatype && term.datatype !== XSD_STRING) node.append(element("small", "datatype", "^^" + shorten(term.datatype)));
      return node;
    }
    return element("span", "other", JSON.stringify(term));
  }

  // ---- N-Triples (the table view of CONSTRUCT and DESCRIBE) --------------------------------------
  const NT_TERM = /<([^>]*)>|_:(\S+)|"((?:[^"\\]|\\.)*)"(?:@([A-Za-z][A-Za-z0-9-]*)|\^\^<([^>]*)>)?/y;
  const NT_ESCAPES = { t: "\t", b: "\b", n: "\n", r: "\r", f: "\f", '"': '"', "'": "'", "\\": "\\" };

  function unescapeNT(text) {
    return text.replace(/\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))/g, (_, u4, u8, c) =>
      u4 ? String.fromCharCode(parseInt(u4, 16)) : u8 ? String.fromCodePoint(parseInt(u8, 16)) : (NT_ESCAPES[c] ?? c));
  }

  function ntTerm(m) {
    if (m[1] !== undefined) return { type: "uri", value: unescapeNT(m[1]) };
    if (m[2] !== undefined) return { type: "bnode", value: m[2] };
    const term = { type: "literal", value: unescapeNT(m[3]) };
    if (m[4]) term["xml:lang"] = m[4];
    if (m[5]) term.datatype = unescapeNT(m[5]);
    return term;
  }

  function parseNTriples(text) {
    const rows = [];
    for (const raw of text.split("\n")) {
      const line = raw.trim();
      if (!line || line.startsWith("#")) continue;
      const terms = [];
      let pos = 0;
      while (terms.length < 3) {
        while (line[pos] === " " || line[pos] === "\t") pos++;
        NT_TERM.lastIndex = pos;
        const m = NT_TERM.exec(line);
        if (!m) break;
        terms.push(ntTerm(m));
        pos = NT_TERM.lastIndex;
      }
      if (terms.length === 3) rows.push({ subject: terms[0], predicate: terms[1], object: terms[2] });
    }
    return rows;
  }

  // ---- rendering ----------------------------------------------------------------------------------
  function table(vars, rows, isTriples) {
    const tableNode = element("table", "results");
    const head = tableNode.createTHead().insertRow();
    for (const v of vars) head.append(element("th", "", isTriples ? v : "?" + v));
    const body = tableNode.createTBody();
    for (const row of rows.slice(0, MAX_TABLE_ROWS)) {
      const tr = body.insertRow();
      for (const v of vars) tr.insertCell().append(termNode(row[v]));
    }
    return tableNode;
  }

  function plural(n, word) { return `${n} ${word}${n === 1 ? "" : "s"}`; }

  function render(mediaType, text) {
    if (mediaType === "application/sparql-results+json") {
      const json = JSON.parse(text);
      if ("boolean" in json) {
        output.append(element("p", "boolean", json.boolean ? "true" : "false"));
        return { graph: false, summary: "ASK answered " + json.boolean };
      }
      const rows = json.results.bindings;
      output.append(table(json.head.vars || [], rows));
      return { graph: false, summary: plural(rows.length, "row"), rows: rows.length };
    }
    if (mediaType === "application/n-triples") {
      const rows = parseNTriples(text);
      output.append(table(["subject", "predicate", "object"], rows, true));
      return { graph: true, summary: plural(rows.length, "triple"), rows: rows.length };
    }
    output.append(element("pre", "raw", text));
    const graph = GRAPH_DOWNLOADS.some(([name]) => MEDIA[name] === mediaType);
    return { graph, summary: plural(text.split("\n").filter((l) => l.trim()).length, "line") };
  }

  function endpointUrl(params) {
    return data.endpoint + "?" + new URLSearchParams(params).toString();
  }

  function showDownloads(query, graph) {
    downloads.replaceChildren(element("span", "", "Download: "));
    for (const [name, label] of graph ? GRAPH_DOWNLOADS : RESULT_DOWNLOADS) {
      const link = element("a", "download", label);
      link.href = endpointUrl({ query, format: name });
      link.download = `regiongraph-results.${name === "ntriples" ? "nt" : name === "rdfxml" ? "rdf" : name}`;
      downloads.append(link, document.createTextNode(" "));
    }
    downloads.hidden = false;
  }

  function showError(title, detail) {
    errorBox.replaceChildren(element("strong", "", title), element("pre", "", detail));
    errorBox.hidden = false;
  }

  function showProblem(status, mediaType, text) {
    let title = `HTTP ${status}`;
    let detail = text.slice(0, 4000);
    if (mediaType.endsWith("json")) {
      try {
        const problem = JSON.parse(text);
        title = `${problem.title || title} (${status})`;
        detail = problem.detail || detail;
      } catch (_) { /* not JSON after all: show the text */ }
    }
    showError(title, detail);
  }

  // ---- running ------------------------------------------------------------------------------------
  let controller = null;

  function request(query, fmt) {
    const headers = { Accept: fmt ? MEDIA[fmt] || "*/*" : TABLE_ACCEPT };
    const url = endpointUrl(fmt ? { query, format: fmt } : { query });
    // Long queries go by POST: URLs beyond a few kilobytes are cut by some proxies.
    if (url.length <= MAX_GET_URL) return fetch(url, { headers, signal: controller.signal });
    const body = new URLSearchParams(fmt ? { query, format: fmt } : { query });
    return fetch(data.endpoint, { method: "POST", headers, body, signal: controller.signal });
  }

  function remember(query) {
    const url = endpointUrl({ query });
    if (url.length <= MAX_GET_URL) history.replaceState(null, "", url);
  }

  async function run() {
    const query = editor.value;
    if (!query.trim()) { showError("Empty query", "Type a SPARQL query first."); return; }
    if (controller) controller.abort();
    controller = new AbortController();
    errorBox.hidden = true;
    downloads.hidden = true;
    output.replaceChildren();
    statusLine.textContent = "Running…";
    runButton.disabled = true;
    const started = performance.now();
    try {
      const response = await request(query, format.value);
      const mediaType = (response.headers.get("content-type") || "").split(";")[0].trim().toLowerCase();
      const text = await response.text();
      const seconds = ((performance.now() - started) / 1000).toFixed(2);
      if (!response.ok) {
        showProblem(response.status, mediaType, text);
        statusLine.textContent = `Failed after ${seconds} s.`;
        return;
      }
      const shown = render(mediaType, text);
      const truncated = response.headers.get("RegionGraph-Result-Truncated");
      const cut = shown.rows > MAX_TABLE_ROWS ? ` (the table shows the first ${MAX_TABLE_ROWS}; download for all)` : "";
      statusLine.textContent = `${shown.summary} in ${seconds} s${cut}` +
        (truncated ? `; truncated by the server at ${response.headers.get("RegionGraph-Result-Limit") || "its limit"} rows` : "") + ".";
      showDownloads(query, shown.graph);
      remember(query);
    } catch (err) {
      if (err.name === "AbortError") return;
      showError("The query could not be run", String(err));
      statusLine.textContent = "";
    } finally {
      runButton.disabled = false;
    }
  }

  form.addEventListener("submit", (event) => { event.preventDefault(); run(); });
  renumber();
  if (data.autorun) run();
})();
