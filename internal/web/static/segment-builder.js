// Rapport console: the nested rule builder. Groups (all / any / not) hold
// conditions and other groups to any depth; every change writes the rule
// into the JSON box, which the live count and the save read.
(function () {
  "use strict";

  var listOps = { between: true, in: true, not_in: true };
  var noValue = { exists: true, missing: true };

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text) {
      e.textContent = text;
    }
    return e;
  }

  function options(select, values, labels, chosen) {
    values.forEach(function (v, i) {
      var o = el("option", { value: v }, labels ? labels[i] : v);
      if (v === chosen) {
        o.selected = true;
      }
      select.appendChild(o);
    });
  }

  function scalar(text) {
    if (text !== "" && !isNaN(Number(text))) {
      return Number(text);
    }
    if (text === "true" || text === "false") {
      return text === "true";
    }
    return text;
  }

  function Builder(root) {
    this.root = root;
    this.cfg = JSON.parse(root.getAttribute("data-config"));
    this.json = document.getElementById("seg-json");
    this.tree = this.fromRule(this.json.value) || { group: "all", children: [] };
    this.draw();
  }

  // fromRule reads a stored rule the builder can show (field conditions
  // and groups); other rules stay in the JSON box only.
  Builder.prototype.fromRule = function (text) {
    if (!text.trim()) {
      return null;
    }
    var rule;
    try {
      rule = JSON.parse(text);
    } catch (e) {
      return null;
    }
    var walk = function (r) {
      if (r.all || r.any) {
        var kids = (r.all || r.any).map(walk);
        return kids.indexOf(null) >= 0 ? null : { group: r.all ? "all" : "any", children: kids };
      }
      if (r.not) {
        var k = walk(r.not);
        return k ? { group: "not", children: [k] } : null;
      }
      if (r.field) {
        var v = r.value === undefined || r.value === null ? "" : Array.isArray(r.value) ? r.value.join(", ") : String(r.value);
        return { field: r.field, op: r.op || "exists", value: v };
      }
      return null;
    };
    var t = walk(rule);
    return t && t.group ? t : t ? { group: "all", children: [t] } : null;
  };

  Builder.prototype.toRule = function (n) {
    if (n.group) {
      var kids = n.children.map(this.toRule, this).filter(function (k) { return k; });
      if (kids.length === 0) {
        return null;
      }
      if (n.group === "not") {
        return { not: kids.length === 1 ? kids[0] : { any: kids } };
      }
      var g = {};
      g[n.group] = kids;
      return g;
    }
    if (!n.field) {
      return null;
    }
    var c = { field: n.field, op: n.op };
    if (listOps[n.op]) {
      c.value = n.value.split(",").map(function (s) { return s.trim(); }).filter(function (s) { return s; }).map(scalar);
    } else if (!noValue[n.op]) {
      c.value = scalar(n.value.trim());
    }
    return c;
  };

  // changed writes the rule into the JSON box and lets the form's live
  // count see it.
  Builder.prototype.changed = function () {
    var rule = this.toRule(this.tree);
    var json = this.json;
    json.value = rule ? JSON.stringify(rule, null, 2) : "";
    clearTimeout(this.timer);
    this.timer = setTimeout(function () { json.dispatchEvent(new Event("change", { bubbles: true })); }, 250);
  };

  Builder.prototype.draw = function () {
    this.root.textContent = "";
    this.root.appendChild(this.drawGroup(this.tree, null, "g"));
  };

  Builder.prototype.drawGroup = function (n, parent, path) {
    var self = this;
    var box = el("div", { class: "rule-group", "data-path": path, "data-group": n.group });
    var head = el("div", { class: "rule-group-head" });
    var sel = el("select", { class: "group-op", "aria-label": this.cfg.labels.group });
    options(sel, ["all", "any", "not"], [this.cfg.labels.all, this.cfg.labels.any, this.cfg.labels.not], n.group);
    sel.addEventListener("change", function () { n.group = sel.value; box.setAttribute("data-group", n.group); self.changed(); });
    head.appendChild(sel);
    var addCond = el("button", { type: "button", class: "add-condition" }, this.cfg.labels.add_condition);
    addCond.addEventListener("click", function () { n.children.push({ field: "", op: ">=", value: "" }); self.draw(); });
    var addGroup = el("button", { type: "button", class: "add-group" }, this.cfg.labels.add_group);
    addGroup.addEventListener("click", function () { n.children.push({ group: "all", children: [] }); self.draw(); });
    head.appendChild(addCond);
    head.appendChild(addGroup);
    if (parent) {
      head.appendChild(this.removeButton(n, parent));
    }
    box.appendChild(head);
    n.children.forEach(function (k, i) {
      box.appendChild(k.group ? self.drawGroup(k, n, path + "." + i) : self.drawCondition(k, n, path + "." + i));
    });
    return box;
  };

  Builder.prototype.drawCondition = function (n, parent, path) {
    var self = this;
    var row = el("div", { class: "rule-condition", "data-path": path });
    var field = el("select", { class: "cond-field", "aria-label": this.cfg.labels.field });
    options(field, [""].concat(this.cfg.fields), [""].concat(this.cfg.field_labels), n.field);
    var op = el("select", { class: "cond-op", "aria-label": this.cfg.labels.op });
    options(op, this.cfg.ops, null, n.op);
    var value = el("input", { class: "cond-value", "aria-label": this.cfg.labels.value });
    value.value = n.value;
    field.addEventListener("change", function () { n.field = field.value; self.changed(); });
    op.addEventListener("change", function () { n.op = op.value; self.changed(); });
    value.addEventListener("input", function () { n.value = value.value; self.changed(); });
    row.appendChild(field);
    row.appendChild(op);
    row.appendChild(value);
    row.appendChild(this.removeButton(n, parent));
    return row;
  };

  Builder.prototype.removeButton = function (n, parent) {
    var self = this;
    var b = el("button", { type: "button", class: "remove" }, this.cfg.labels.remove);
    b.addEventListener("click", function () {
      parent.children.splice(parent.children.indexOf(n), 1);
      self.draw();
      self.changed();
    });
    return b;
  };

  document.addEventListener("DOMContentLoaded", function () {
    var root = document.getElementById("rule-tree");
    if (root) {
      root.builder = new Builder(root);
      root.setAttribute("data-ready", "true");
    }
  });
})();
