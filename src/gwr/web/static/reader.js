/* The report reader: clicking a highlighted figure shows what gwr parsed from it in the side panel.
   The parsed values come from the JSON the page embeds (#marks-data); nothing is fetched, and every
   value is written with textContent, never as HTML.  Links ending in #f12 (fact 12), #j3 (project 3)
   or #p7 (paragraph 7) scroll to the place and, for a fact or project, open its panel. */
(function () {
  "use strict";
  var source = document.getElementById("marks-data");
  var panel = document.getElementById("panel");
  var body = document.getElementById("panel-body");
  if (!source || !panel || !body) return;
  var data = JSON.parse(source.textContent);

  function num(v) {
    if (v === null || v === undefined) return "";
    var s = String(Math.round(v * 10000) / 10000);
    return s;
  }
  function growth(d) {
    if (d.growth_range) {
      return num(d.growth_range[0]) + "%–" + num(d.growth_range[1]) + "%" + (d.growth_qualifier || "");
    }
    if (d.growth_pct === null || d.growth_pct === undefined) return "";
    var unit = d.growth_unit === "pp" ? "个百分点" : "%";
    return (d.growth_pct < 0 ? "下降" : "增长") + num(Math.abs(d.growth_pct)) + unit + (d.growth_qualifier || "");
  }
  function rows(d) {
    if (d.type === "project") {
      return [
        ["类别", d.kind_label], ["项目", d.name],
        ["投资", d.investment === null ? "" : (d.investment_qualifier || "") + num(d.investment) + (d.unit || "")],
        ["折算", d.investment_base === null ? "" : num(d.investment_base) + " 元"],
        ["阶段", d.stage], ["数量", d.count === null ? "" : num(d.count)],
        ["合计", d.aggregate ? "是（多个项目的合计）" : ""], ["原文", d.quote]
      ];
    }
    return [
      ["类别", d.kind_label],
      ["指标", d.indicator ? d.indicator_name + "（" + d.indicator + "）" : "未归类"],
      ["原文标签", d.label], ["年份", d.year === null ? "" : String(d.year)],
      ["时期", d.period ? (d.period[0] === null ? "？" : d.period[0]) + "–" + d.period[1] + "年" : ""],
      ["口径", {total: "期间累计", average_annual: "年均", change: "期间变化"}[d.measure] || ""],
      ["数值", d.value === null ? "" : num(d.value) + (d.unit || "") + (d.value_qualifier || "")],
      ["折算", d.value_base === null ? "" : num(d.value_base) + " " + (d.unit_base || "")],
      ["单位", d.unit], ["增速", growth(d)],
      ["限定词", [d.value_qualifier, d.growth_qualifier].filter(Boolean).join("，")],
      ["原文", d.quote], ["位置", "字符 " + d.span[0] + "–" + d.span[1]]
    ];
  }
  function render(keys) {
    body.textContent = "";
    keys.forEach(function (key) {
      var d = data[key];
      if (!d) return;
      var box = document.createElement("section");
      box.className = "mark-detail kind-" + d.kind;
      box.setAttribute("data-key", key);
      var h = document.createElement("h3");
      var a = document.createElement("a");
      a.href = "#" + key;
      a.textContent = d.type === "project" ? d.name : (d.indicator ? d.indicator_name : (d.label || d.quote));
      h.appendChild(a);
      box.appendChild(h);
      var dl = document.createElement("dl");
      rows(d).forEach(function (r) {
        if (r[1] === null || r[1] === undefined || r[1] === "") return;
        var dt = document.createElement("dt"); dt.textContent = r[0];
        var dd = document.createElement("dd"); dd.textContent = r[1];
        dd.setAttribute("data-field", r[0]);
        dl.appendChild(dt); dl.appendChild(dd);
      });
      box.appendChild(dl);
      body.appendChild(box);
    });
  }
  function select(keys) {
    Array.prototype.forEach.call(document.querySelectorAll(".fx.selected"), function (el) {
      el.classList.remove("selected");
    });
    Array.prototype.forEach.call(document.querySelectorAll(".fx[data-marks]"), function (el) {
      var own = el.getAttribute("data-marks").split(" ");
      if (own.some(function (k) { return keys.indexOf(k) >= 0; })) el.classList.add("selected");
    });
    render(keys);
    panel.classList.add("open");
  }
  function activate(el) {
    select(el.getAttribute("data-marks").split(" "));
  }
  document.addEventListener("click", function (e) {
    var el = e.target.closest && e.target.closest(".text .fx[data-marks]");
    if (el) activate(el);
  });
  document.addEventListener("keydown", function (e) {
    var el = e.target.closest && e.target.closest(".text .fx[data-marks]");
    if (el && (e.key === "Enter" || e.key === " ")) { e.preventDefault(); activate(el); }
    if (e.key === "Escape") panel.classList.remove("open");
  });
  panel.querySelector(".panel-close").addEventListener("click", function () {
    panel.classList.remove("open");
  });
  function followHash() {
    var key = decodeURIComponent(location.hash.slice(1));
    if (!key) return;
    var target = document.getElementById(key);
    if (!target) {
      // a long report comes in pages: the server knows which one holds the mark
      var text = document.getElementById("text");
      if (text && text.getAttribute("data-pages") !== "1" && /^[fjp]\d+$/.test(key) &&
          !/[?&]page=/.test(location.search)) {
        location.replace(location.pathname + "?mark=" + key);
      }
      return;
    }
    if (/^[fj]\d+$/.test(key) && data[key]) select([key]);
    if (/^p\d+$/.test(key)) {
      target.classList.remove("flash");
      void target.offsetWidth;  // restart the animation
      target.classList.add("flash");
    }
    var shown = target.nextElementSibling && target.classList.contains("anchor") ? target.nextElementSibling : target;
    shown.scrollIntoView({block: "center"});
  }
  window.addEventListener("hashchange", followHash);
  followHash();
})();
