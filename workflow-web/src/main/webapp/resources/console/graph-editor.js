/*
 * The app page's graph editor, drawn with Cytoscape.js. The design's JSON text area stays the one
 * source of truth: every edit made here rewrites it (so "Save draft" saves what the graph shows),
 * and an edit typed there redraws the graph. Node positions go to the draft's layout (uiDesign).
 *
 * Nodes come from the palette (click, or drag onto the canvas); "Connect" joins two nodes; the side
 * panel edits the selected node's fields or a connection's label; Delete removes; Ctrl+Z undoes.
 * Each change is checked on the server and the nodes that would stop a publish are outlined.
 */
(function () {
    'use strict';

    var EXPRESSIONS = ['Fixed', 'Variable', 'JsonPath', 'StringInterpolation'];
    var VALUE_TYPES = ['String', 'Number', 'Boolean', 'Object', 'Array', 'Dynamic'];
    var LONG_TEXT = ['code', 'prompt', 'systemPrompt', 'responseTemplate', 'bodyTemplate'];
    var REGISTRY_FIELDS = {modelId: 'models', pluginId: 'plugins', wikiId: 'wikis'};
    var SYSTEM_REFS = ['sys.userId', 'sys.teamId', 'sys.timestamp', 'sys.instanceId'];
    var KEY_PATTERN = /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/;
    var MAX_UNDO = 100;

    var editor = null;

    function el(tag, attrs, children) {
        var node = document.createElement(tag);
        Object.keys(attrs || {}).forEach(function (name) {
            if (name === 'text') {
                node.textContent = attrs[name];
            } else if (name.indexOf('on') === 0) {
                node.addEventListener(name.substring(2), attrs[name]);
            } else if (attrs[name] !== undefined && attrs[name] !== null && attrs[name] !== false) {
                node.setAttribute(name, attrs[name] === true ? '' : attrs[name]);
            }
        });
        (children || []).forEach(function (child) {
            if (child) {
                node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
            }
        });
        return node;
    }

    function parseObject(text) {
        if (!text || !text.trim()) {
            return {};
        }
        var value = JSON.parse(text);
        return value && typeof value === 'object' && !Array.isArray(value) ? value : null;
    }

    function GraphEditor(root) {
        this.root = root;
        this.catalog = JSON.parse(root.getAttribute('data-catalog'));
        this.types = {};
        var self = this;
        this.catalog.nodeTypes.forEach(function (t) {
            self.types[t.nodeType] = t;
        });
        this.textId = root.getAttribute('data-design-input');
        this.layoutInput = document.getElementById(root.getAttribute('data-layout-input'));
        this.canvas = root.querySelector('.wf-ge-canvas');
        this.side = root.querySelector('.wf-ge-side');
        this.status = root.querySelector('.wf-ge-status');
        this.undoStack = [];
        this.redoStack = [];
        this.problems = [];
        this.connectFrom = null;
        this.selected = null;
        this.readFromText(true);
        this.buildPalette();
        this.buildToolbar();
        this.buildCanvas();
        this.renderSide();
        // on the document: a save redraws the text area, and this listener must outlive it
        document.addEventListener('change', function (event) {
            if (editor === self && event.target.id === self.textId) {
                self.readFromText(false);
            }
        });
        this.check();
    }

    GraphEditor.prototype = {

        // ---- the model: the design and the layout ----

        textArea: function () {
            return document.getElementById(this.textId);
        },

        readFromText: function (first) {
            var design;
            try {
                design = parseObject(this.textArea().value);
            } catch (e) {
                design = null;
            }
            if (design === null) {
                this.design = this.design || {nodes: [], connections: []};
                this.positions = this.positions || {};
                this.layout = this.layout || {};
                this.setStatus('The JSON below cannot be read; the graph shows the last design that could.');
                return;
            }
            design.nodes = Array.isArray(design.nodes) ? design.nodes : [];
            design.connections = Array.isArray(design.connections) ? design.connections : [];
            this.design = design;
            var layout = {};
            try {
                layout = parseObject(this.layoutInput.value) || {};
            } catch (e) {
                layout = {};
            }
            this.layout = layout;
            this.positions = layout.positions && typeof layout.positions === 'object' ? layout.positions : {};
            if (!first) {
                this.render();
                this.check();
            }
        },

        snapshot: function () {
            return JSON.stringify({design: this.design, positions: this.positions});
        },

        restore: function (state) {
            var s = JSON.parse(state);
            this.design = s.design;
            this.positions = s.positions;
            this.selected = null;
            this.written();
        },

        /** Records the state before a change, so it can be undone. */
        remember: function () {
            this.undoStack.push(this.snapshot());
            if (this.undoStack.length > MAX_UNDO) {
                this.undoStack.shift();
            }
            this.redoStack = [];
        },

        undo: function () {
            if (this.undoStack.length) {
                this.redoStack.push(this.snapshot());
                this.restore(this.undoStack.pop());
            }
        },

        redo: function () {
            if (this.redoStack.length) {
                this.undoStack.push(this.snapshot());
                this.restore(this.redoStack.pop());
            }
        },

        /** After a change: the text area and the layout follow, the graph redraws, the server checks. */
        written: function () {
            this.textArea().value = JSON.stringify(this.design, null, 2);
            this.layout.positions = this.positions;
            this.layoutInput.value = JSON.stringify(this.layout);
            if (window.wfDesignChanged) {
                window.wfDesignChanged(true);
            }
            this.render();
            this.renderSide();
            this.check();
        },

        node: function (key) {
            return this.design.nodes.filter(function (n) {
                return n.nodeKey === key;
            })[0];
        },

        newKey: function (type) {
            var base = type === 'Start' ? 'start' : type === 'End' ? 'end' : type.toLowerCase();
            var keys = {};
            this.design.nodes.forEach(function (n) {
                keys[n.nodeKey] = true;
            });
            if (!keys[base] && (type === 'Start' || type === 'End')) {
                return base;
            }
            for (var i = 1; ; i++) {
                if (!keys[base + i]) {
                    return base + i;
                }
            }
        },

        addNode: function (type, position) {
            var def = this.types[type];
            var key = this.newKey(type);
            this.remember();
            this.design.nodes.push({
                nodeKey: key,
                name: type === 'Start' || type === 'End' ? type : def.name + ' ' + key.replace(/\D+/g, ''),
                nodeType: type,
                fieldDesigns: []
            });
            this.positions[key] = position || this.freeSpot();
            this.selected = {kind: 'node', key: key};
            this.written();
            this.cy.$id(key).select();
        },

        /**
         * The first free place in the view for a new node: four to a row, every other one half a
         * row lower, so that a connection between two nodes of a row does not run through a third.
         */
        freeSpot: function () {
            var extent = this.cy.extent();
            var left = (extent.x1 + extent.x2) / 2 - 285;
            var top = Math.max(extent.y1 + 40, (extent.y1 + extent.y2) / 2 - 120);
            var taken = this.positions;
            var near = function (px, py) {
                return Object.keys(taken).some(function (k) {
                    return Math.abs(taken[k].x - px) < 160 && Math.abs(taken[k].y - py) < 44;
                });
            };
            for (var i = 0; ; i++) {
                var x = left + (i % 4) * 190;
                var y = top + Math.floor(i / 4) * 100 + (i % 2) * 45;
                if (!near(x, y)) {
                    return {x: Math.round(x), y: Math.round(y)};
                }
            }
        },

        connect: function (from, to) {
            if (from === to) {
                this.setStatus('A node cannot connect to itself.');
                return;
            }
            var label = this.defaultLabel(from);
            var exists = this.design.connections.some(function (c) {
                return c.sourceNodeKey === from && c.targetNodeKey === to && (c.label || '') === label;
            });
            if (exists) {
                this.setStatus(from + ' is already connected to ' + to + '.');
                return;
            }
            this.remember();
            var connection = {sourceNodeKey: from, targetNodeKey: to};
            if (label) {
                connection.label = label;
            }
            this.design.connections.push(connection);
            this.selected = {kind: 'connection', index: this.design.connections.length - 1};
            this.written();
        },

        /** The labels a node's outgoing connections may carry: its branches, a loop's body, error. */
        portsOf: function (key) {
            var node = this.node(key);
            var ports = [''];
            if (!node) {
                return ports;
            }
            if (node.nodeType === 'Condition') {
                var conditions = this.fieldValue(node, 'conditions');
                (Array.isArray(conditions) ? conditions : []).forEach(function (c) {
                    if (c && typeof c.key === 'string' && c.key) {
                        ports.push(c.key);
                    }
                });
                ports.push('else');
            }
            if (node.nodeType === 'ForEach') {
                ports.push('body');
            }
            if (node.nodeType !== 'End') {
                ports.push('error');
            }
            return ports;
        },

        /** A new connection takes the first port of its source not used yet (a loop's body first). */
        defaultLabel: function (from) {
            var node = this.node(from);
            if (!node || (node.nodeType !== 'Condition' && node.nodeType !== 'ForEach')) {
                return '';
            }
            var used = {};
            this.design.connections.forEach(function (c) {
                if (c.sourceNodeKey === from) {
                    used[c.label || ''] = true;
                }
            });
            var free = this.portsOf(from).filter(function (p) {
                return p !== '' && p !== 'error' && !used[p];
            });
            return free.length ? free[0] : '';
        },

        removeSelected: function () {
            var sel = this.selected;
            if (!sel) {
                return;
            }
            this.remember();
            if (sel.kind === 'node') {
                this.design.nodes = this.design.nodes.filter(function (n) {
                    return n.nodeKey !== sel.key;
                });
                this.design.connections = this.design.connections.filter(function (c) {
                    return c.sourceNodeKey !== sel.key && c.targetNodeKey !== sel.key;
                });
                delete this.positions[sel.key];
            } else {
                this.design.connections.splice(sel.index, 1);
            }
            this.selected = null;
            this.written();
        },

        renameNode: function (node, key) {
            if (key === node.nodeKey) {
                return true;
            }
            if (!KEY_PATTERN.test(key)) {
                this.setStatus('A node key starts with a letter or _ and has letters, digits, _ or - (at most 64).');
                return false;
            }
            if (this.node(key)) {
                this.setStatus('Another node already has the key ' + key + '.');
                return false;
            }
            this.remember();
            var old = node.nodeKey;
            this.design.connections.forEach(function (c) {
                if (c.sourceNodeKey === old) {
                    c.sourceNodeKey = key;
                }
                if (c.targetNodeKey === old) {
                    c.targetNodeKey = key;
                }
            });
            this.positions[key] = this.positions[old];
            delete this.positions[old];
            node.nodeKey = key;
            this.selected = {kind: 'node', key: key};
            this.written();
            return true;
        },

        fieldDesign: function (node, name) {
            return (node.fieldDesigns || []).filter(function (f) {
                return f.fieldName === name;
            })[0];
        },

        fieldValue: function (node, name) {
            var f = this.fieldDesign(node, name);
            return f ? f.value : undefined;
        },

        /** Sets a field's design; an empty value removes the field. */
        setField: function (node, name, expression, value) {
            node.fieldDesigns = (node.fieldDesigns || []).filter(function (f) {
                return f.fieldName !== name;
            });
            if (value !== undefined && value !== '') {
                var existing = node.fieldDesigns;
                var field = {fieldName: name, expressionType: expression, value: value};
                existing.push(field);
            }
        },

        /** Every {@code node.field} (and {@code input.x}, {@code loop.item}) a node may refer to. */
        reachableRefs: function (key) {
            var self = this;
            var incoming = {};
            this.design.connections.forEach(function (c) {
                (incoming[c.targetNodeKey] = incoming[c.targetNodeKey] || []).push(c);
            });
            var seen = {};
            var inLoop = false;
            var queue = [key];
            while (queue.length) {
                (incoming[queue.shift()] || []).forEach(function (c) {
                    if (c.label === 'body') {
                        inLoop = true;
                    }
                    if (!seen[c.sourceNodeKey]) {
                        seen[c.sourceNodeKey] = true;
                        queue.push(c.sourceNodeKey);
                    }
                });
            }
            var refs = [];
            this.design.nodes.forEach(function (n) {
                if (!seen[n.nodeKey]) {
                    return;
                }
                self.outputsOf(n).forEach(function (field) {
                    refs.push(n.nodeKey + '.' + field);
                    if (n.nodeType === 'Start' && field !== 'parameters') {
                        refs.push('input.' + field);
                    }
                });
            });
            if (inLoop) {
                refs.push('loop.item', 'loop.index');
            }
            return refs.concat(SYSTEM_REFS);
        },

        outputsOf: function (node) {
            var def = this.types[node.nodeType];
            var out = [];
            var own = (node.fieldDesigns || []).map(function (f) {
                return f.fieldName;
            });
            if (node.nodeType === 'Start' || node.nodeType === 'DataProcess' || node.nodeType === 'End') {
                out = own.filter(function (name) {
                    return ['responseTemplate', 'timeoutMs', 'retry', 'onError', 'needHumanConfirm',
                        'defaultOutput', 'assignees'].indexOf(name) < 0;
                });
            }
            (def ? def.outputs : []).forEach(function (f) {
                if (f.name.charAt(0) !== '<' && out.indexOf(f.name) < 0) {
                    out.push(f.name);
                }
            });
            return out;
        },

        // ---- the canvas ----

        buildCanvas: function () {
            var self = this;
            this.cy = cytoscape({
                container: this.canvas,
                elements: this.elements(),
                layout: {name: 'preset'},
                wheelSensitivity: 0.3,
                // low enough for Fit to show a 500-node chain whole
                minZoom: 0.005,
                maxZoom: 3,
                boxSelectionEnabled: false,
                textureOnViewport: true,
                hideEdgesOnViewport: true,
                style: [
                    {
                        selector: 'node', style: {
                            'shape': 'round-rectangle', 'width': 150, 'height': 44,
                            'background-color': '#fff', 'border-width': 2, 'border-color': 'data(color)',
                            'label': 'data(label)', 'text-valign': 'center', 'text-halign': 'center',
                            'text-wrap': 'wrap', 'text-max-width': 140, 'font-size': 11, 'color': '#1f2329'
                        }
                    },
                    {selector: 'node.problem', style: {'border-color': '#cf1322', 'border-width': 4}},
                    {selector: 'node:selected', style: {'background-color': '#e6f4ff', 'border-color': '#1677ff'}},
                    {selector: 'node.connect-from', style: {'border-style': 'dashed', 'border-color': '#1677ff'}},
                    {
                        selector: 'edge', style: {
                            'curve-style': 'bezier', 'target-arrow-shape': 'triangle', 'width': 2,
                            'line-color': '#98a2b3', 'target-arrow-color': '#98a2b3', 'label': 'data(label)',
                            'font-size': 10, 'text-background-color': '#fff', 'text-background-opacity': 1,
                            'text-background-padding': 2
                        }
                    },
                    {selector: 'edge[label = "error"]', style: {'line-color': '#cf1322', 'target-arrow-color': '#cf1322', 'line-style': 'dashed'}},
                    {selector: 'edge:selected', style: {'line-color': '#1677ff', 'target-arrow-color': '#1677ff', 'width': 3}}
                ]
            });
            this.placeMissing(true);
            this.cy.on('tap', function () {
                self.canvas.focus({preventScroll: true});
            });
            this.cy.on('tap', 'node', function (event) {
                var key = event.target.id();
                if (self.connectFrom) {
                    if (self.connectFrom === key) {
                        return;
                    }
                    var from = self.connectFrom;
                    self.endConnect();
                    self.connect(from, key);
                    return;
                }
                self.selected = {kind: 'node', key: key};
                self.renderSide();
            });
            this.cy.on('tap', 'edge', function (event) {
                self.endConnect();
                self.selected = {kind: 'connection', index: event.target.data('index')};
                self.renderSide();
            });
            this.cy.on('tap', function (event) {
                if (event.target === self.cy) {
                    self.endConnect();
                    self.selected = null;
                    self.renderSide();
                }
            });
            var before = null;
            this.cy.on('grab', 'node', function () {
                before = self.snapshot();
            });
            this.cy.on('dragfree', 'node', function (event) {
                var p = event.target.position();
                if (before) {
                    self.undoStack.push(before);
                    self.redoStack = [];
                    before = null;
                }
                self.positions[event.target.id()] = {x: Math.round(p.x), y: Math.round(p.y)};
                self.layout.positions = self.positions;
                self.layoutInput.value = JSON.stringify(self.layout);
                if (window.wfDesignChanged) {
                    window.wfDesignChanged(true);
                }
            });
            this.canvas.addEventListener('dragover', function (event) {
                event.preventDefault();
            });
            this.canvas.addEventListener('drop', function (event) {
                event.preventDefault();
                var type = event.dataTransfer.getData('text/x-wf-node-type');
                if (!self.types[type]) {
                    return;
                }
                var box = self.canvas.getBoundingClientRect();
                var pan = self.cy.pan();
                var zoom = self.cy.zoom();
                self.addNode(type, {
                    x: Math.round((event.clientX - box.left - pan.x) / zoom),
                    y: Math.round((event.clientY - box.top - pan.y) / zoom)
                });
            });
            this.root.addEventListener('keydown', function (event) {
                var inField = /INPUT|TEXTAREA|SELECT/.test(event.target.tagName);
                if ((event.ctrlKey || event.metaKey) && event.key === 'z' && !inField) {
                    event.preventDefault();
                    if (event.shiftKey) {
                        self.redo();
                    } else {
                        self.undo();
                    }
                } else if ((event.ctrlKey || event.metaKey) && event.key === 'y' && !inField) {
                    event.preventDefault();
                    self.redo();
                } else if ((event.key === 'Delete' || event.key === 'Backspace') && !inField) {
                    event.preventDefault();
                    self.removeSelected();
                } else if (event.key === 'Escape') {
                    self.endConnect();
                }
            });
        },

        elements: function () {
            var self = this;
            var problemKeys = {};
            this.problems.forEach(function (p) {
                problemKeys[p.nodeKey] = true;
            });
            var keys = {};
            var els = this.design.nodes.filter(function (n) {
                return n && typeof n.nodeKey === 'string';
            }).map(function (n) {
                keys[n.nodeKey] = true;
                var def = self.types[n.nodeType];
                return {
                    group: 'nodes',
                    data: {
                        id: n.nodeKey,
                        label: (n.name || n.nodeKey) + '\n' + (def ? def.name : n.nodeType) + ' · ' + n.nodeKey,
                        color: def ? def.color : '#8c8c8c'
                    },
                    position: self.positions[n.nodeKey] ? {x: self.positions[n.nodeKey].x, y: self.positions[n.nodeKey].y} : undefined,
                    classes: problemKeys[n.nodeKey] ? 'problem' : ''
                };
            });
            this.design.connections.forEach(function (c, i) {
                if (c && keys[c.sourceNodeKey] && keys[c.targetNodeKey]) {
                    els.push({
                        group: 'edges',
                        data: {id: 'c' + i, index: i, source: c.sourceNodeKey, target: c.targetNodeKey, label: c.label || ''}
                    });
                }
            });
            return els;
        },

        render: function () {
            var self = this;
            this.cy.batch(function () {
                self.cy.elements().remove();
                self.cy.add(self.elements());
            });
            this.placeMissing(false);
            var sel = this.selected;
            if (sel && sel.kind === 'node') {
                this.cy.$id(sel.key).select();
            } else if (sel && sel.kind === 'connection') {
                this.cy.$id('c' + sel.index).select();
            }
        },

        /** Nodes without a stored position: all of them are laid out as a tree, a few are put below. */
        placeMissing: function (first) {
            var self = this;
            var missing = this.cy.nodes().filter(function (n) {
                return !self.positions[n.id()];
            });
            if (!missing.length) {
                if (first && this.cy.nodes().length) {
                    this.cy.fit(undefined, 30);
                }
                return;
            }
            if (missing.length === this.cy.nodes().length) {
                var roots = this.cy.nodes().filter(function (n) {
                    return n.indegree(false) === 0;
                });
                this.cy.layout({
                    name: 'breadthfirst', directed: true, roots: roots.length ? roots : undefined,
                    spacingFactor: 0.9, animate: false
                }).run();
                this.cy.fit(undefined, 30);
            } else {
                var bottom = this.cy.nodes().difference(missing).boundingBox().y2;
                missing.forEach(function (n, i) {
                    n.position({x: 100 + (i % 8) * 170, y: bottom + 80 + Math.floor(i / 8) * 70});
                });
            }
            missing.forEach(function (n) {
                var p = n.position();
                self.positions[n.id()] = {x: Math.round(p.x), y: Math.round(p.y)};
            });
            this.layout.positions = this.positions;
        },

        startConnect: function () {
            var sel = this.selected;
            if (!sel || sel.kind !== 'node') {
                this.setStatus('Select the node to connect from, then press Connect and click the node to connect to.');
                return;
            }
            this.connectFrom = sel.key;
            this.cy.$id(sel.key).addClass('connect-from');
            this.setStatus('Click the node to connect ' + sel.key + ' to (Escape to stop).');
        },

        endConnect: function () {
            if (this.connectFrom) {
                this.cy.$id(this.connectFrom).removeClass('connect-from');
                this.connectFrom = null;
                this.showProblems();
            }
        },

        // ---- validation as you go ----

        check: function () {
            var self = this;
            clearTimeout(this.checkTimer);
            this.checkTimer = setTimeout(function () {
                if (window.wfCheckDesign) {
                    window.wfCheckDesign();
                }
            }, 300);
        },

        checked: function (problemsJson) {
            this.problems = problemsJson ? JSON.parse(problemsJson) : [];
            var keys = {};
            this.problems.forEach(function (p) {
                keys[p.nodeKey] = true;
            });
            this.cy.nodes().forEach(function (n) {
                n.toggleClass('problem', !!keys[n.id()]);
            });
            this.showProblems();
        },

        showProblems: function () {
            if (!this.problems.length) {
                this.setStatus('No problems: the draft can be published.');
                return;
            }
            this.setStatus(this.problems.length + ' problem(s): ' + this.problems.slice(0, 3).map(function (p) {
                return (p.nodeKey ? p.nodeKey + ': ' : '') + p.message;
            }).join('; ') + (this.problems.length > 3 ? '; …' : ''));
        },

        setStatus: function (text) {
            this.status.textContent = text;
        },

        // ---- palette and toolbar ----

        buildPalette: function () {
            var self = this;
            var palette = this.root.querySelector('.wf-ge-palette');
            this.catalog.nodeTypes.forEach(function (t) {
                var item = el('button', {
                    type: 'button', 'class': 'wf-ge-type', draggable: 'true', title: t.description,
                    'data-node-type': t.nodeType, style: 'border-left-color:' + t.color, text: t.name,
                    onclick: function () {
                        self.addNode(t.nodeType);
                    },
                    ondragstart: function (event) {
                        event.dataTransfer.setData('text/x-wf-node-type', t.nodeType);
                    }
                });
                palette.appendChild(item);
            });
        },

        buildToolbar: function () {
            var self = this;
            var bar = this.root.querySelector('.wf-ge-toolbar');
            var button = function (name, label, icon, action) {
                // PrimeFaces' button markup, so the toolbar looks like the page's other buttons
                bar.appendChild(el('button', {
                    type: 'button', title: label, onclick: action,
                    'class': 'wf-ge-' + name + ' ui-button ui-widget ui-state-default ui-corner-all'
                        + ' ui-button-text-icon-left ui-button-outlined'
                }, [el('span', {'class': 'ui-button-icon-left ui-icon ui-c pi pi-' + icon}),
                    el('span', {'class': 'ui-button-text ui-c', text: label})]));
            };
            button('connect', 'Connect', 'arrow-right', function () {
                self.startConnect();
            });
            button('delete', 'Delete', 'trash', function () {
                self.removeSelected();
            });
            button('undo', 'Undo', 'undo', function () {
                self.undo();
            });
            button('redo', 'Redo', 'refresh', function () {
                self.redo();
            });
            button('zoom-in', 'Zoom in', 'search-plus', function () {
                self.zoomBy(1.25);
            });
            button('zoom-out', 'Zoom out', 'search-minus', function () {
                self.zoomBy(0.8);
            });
            button('fit', 'Fit', 'window-maximize', function () {
                self.cy.fit(undefined, 30);
            });
        },

        zoomBy: function (factor) {
            this.cy.zoom({
                level: this.cy.zoom() * factor,
                renderedPosition: {x: this.canvas.clientWidth / 2, y: this.canvas.clientHeight / 2}
            });
        },

        // ---- the side panel ----

        renderSide: function () {
            var side = this.side;
            side.textContent = '';
            var sel = this.selected;
            if (sel && sel.kind === 'node' && this.node(sel.key)) {
                this.nodePanel(this.node(sel.key));
            } else if (sel && sel.kind === 'connection' && this.design.connections[sel.index]) {
                this.connectionPanel(this.design.connections[sel.index], sel.index);
            } else {
                side.appendChild(el('p', {'class': 'wf-muted', text: 'Select a node to edit its fields, or a connection to label it. '
                        + 'Add nodes from the palette; drag them to arrange.'}));
            }
        },

        connectionPanel: function (c, index) {
            var self = this;
            this.side.appendChild(el('h4', {text: 'Connection'}));
            this.side.appendChild(el('p', {text: c.sourceNodeKey + ' → ' + c.targetNodeKey}));
            var select = el('select', {'class': 'wf-ge-label', onchange: function () {
                self.remember();
                if (select.value) {
                    c.label = select.value;
                } else {
                    delete c.label;
                }
                self.written();
            }});
            var ports = this.portsOf(c.sourceNodeKey);
            if (c.label && ports.indexOf(c.label) < 0) {
                ports.push(c.label);
            }
            ports.forEach(function (p) {
                select.appendChild(el('option', {value: p, text: p === '' ? '(always, on success)' : p, selected: (c.label || '') === p}));
            });
            this.side.appendChild(el('label', {'class': 'wf-ge-row'}, ['Label ', select]));
            this.side.appendChild(el('button', {type: 'button', 'class': 'wf-ge-remove ui-button ui-widget ui-corner-all ui-button-danger',
                text: 'Delete connection', onclick: function () {
                    self.selected = {kind: 'connection', index: index};
                    self.removeSelected();
                }}));
        },

        nodePanel: function (node) {
            var self = this;
            var def = this.types[node.nodeType] || {name: node.nodeType, inputs: [], outputs: []};
            var side = this.side;
            side.appendChild(el('h4', {text: def.name}));
            var key = el('input', {type: 'text', 'class': 'wf-ge-key', value: node.nodeKey, onchange: function () {
                if (!self.renameNode(node, key.value.trim())) {
                    key.value = node.nodeKey;
                }
            }});
            side.appendChild(el('label', {'class': 'wf-ge-row'}, ['Key ', key]));
            var name = el('input', {type: 'text', 'class': 'wf-ge-name', value: node.name || '', onchange: function () {
                self.remember();
                node.name = name.value;
                self.written();
            }});
            side.appendChild(el('label', {'class': 'wf-ge-row'}, ['Name ', name]));
            if (node.nodeType === 'Start') {
                this.parametersPanel(node);
                return;
            }
            var shown = {};
            var inputs = def.inputs.slice();
            if (node.nodeType === 'Plugin') {
                var plugin = this.catalog.plugins.filter(function (p) {
                    return p.id === self.fieldValue(node, 'pluginId');
                })[0];
                inputs = inputs.concat(plugin ? plugin.inputs : []);
            }
            inputs.forEach(function (f) {
                if (f.name.charAt(0) === '<') {
                    return;
                }
                shown[f.name] = true;
                self.fieldRow(node, f.name, f.type, f.required, f.description, false);
            });
            (node.fieldDesigns || []).forEach(function (f) {
                if (!shown[f.fieldName]) {
                    shown[f.fieldName] = true;
                    self.fieldRow(node, f.fieldName, 'Dynamic', false, '', true);
                }
            });
            var open = def.inputs.some(function (f) {
                return f.name.charAt(0) === '<';
            });
            if (open || node.nodeType === 'End') {
                this.addFieldRow(node, 'new field name', 'Add field', function () {
                    return {expressionType: 'Variable', value: ''};
                });
            }
        },

        /** One field: its expression type and a value input that fits the field and expression types. */
        fieldRow: function (node, fieldName, fieldType, required, description, removable) {
            var self = this;
            var design = this.fieldDesign(node, fieldName);
            var expression = design ? design.expressionType : (fieldType === 'String' ? 'StringInterpolation' : 'Fixed');
            var row = el('div', {'class': 'wf-ge-field', 'data-field': fieldName});
            row.appendChild(el('div', {'class': 'wf-ge-field-name', title: description},
                    [fieldName + (required ? ' *' : ''), el('span', {'class': 'wf-muted', text: ' ' + fieldType})]));
            var exprSelect = el('select', {'class': 'wf-ge-expr', onchange: function () {
                self.remember();
                var current = self.fieldDesign(node, fieldName);
                var value = current ? current.value : '';
                if (typeof value !== 'string') {
                    value = exprSelect.value === 'Fixed' ? value : JSON.stringify(value);
                }
                self.setField(node, fieldName, exprSelect.value, value === '' ? '' : value);
                if (!self.fieldDesign(node, fieldName)) {
                    node.fieldDesigns.push({fieldName: fieldName, expressionType: exprSelect.value, value: ''});
                }
                self.written();
            }});
            EXPRESSIONS.forEach(function (e) {
                exprSelect.appendChild(el('option', {value: e, text: e, selected: e === expression}));
            });
            row.appendChild(exprSelect);
            var value = design ? design.value : undefined;
            var commit = function (v) {
                self.remember();
                self.setField(node, fieldName, exprSelect.value, v);
                if (removable && !self.fieldDesign(node, fieldName)) {
                    node.fieldDesigns.push({fieldName: fieldName, expressionType: exprSelect.value, value: ''});
                }
                self.written();
            };
            row.appendChild(this.valueInput(node, fieldName, fieldType, expression, value, commit));
            if (removable) {
                row.appendChild(el('button', {type: 'button', 'class': 'wf-ge-remove-field ui-button ui-widget ui-corner-all ui-button-flat',
                    title: 'Remove the field', text: '×', onclick: function () {
                        self.remember();
                        self.setField(node, fieldName, 'Fixed', undefined);
                        self.written();
                    }}));
            }
            this.side.appendChild(row);
        },

        valueInput: function (node, fieldName, fieldType, expression, value, commit) {
            var self = this;
            var text = value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
            if (expression === 'Variable') {
                var input = el('input', {type: 'text', 'class': 'wf-ge-value', value: text, placeholder: 'node.field',
                    onchange: function () {
                        commit(input.value.trim());
                    }});
                var picker = el('select', {'class': 'wf-ge-ref', title: 'What this node can read', onchange: function () {
                    if (picker.value) {
                        commit(picker.value);
                    }
                }});
                picker.appendChild(el('option', {value: '', text: 'pick…'}));
                this.reachableRefs(node.nodeKey).forEach(function (ref) {
                    picker.appendChild(el('option', {value: ref, text: ref, selected: ref === text}));
                });
                return el('div', {'class': 'wf-ge-variable'}, [input, picker]);
            }
            if (expression === 'Fixed' && REGISTRY_FIELDS[fieldName]) {
                var entries = this.catalog[REGISTRY_FIELDS[fieldName]];
                var registry = el('select', {'class': 'wf-ge-value', onchange: function () {
                    commit(registry.value === '' ? '' : Number(registry.value));
                }});
                registry.appendChild(el('option', {value: '', text: entries.length ? 'choose…' : 'none registered'}));
                entries.forEach(function (e) {
                    registry.appendChild(el('option', {value: String(e.id), text: e.name + ' (#' + e.id + ')', selected: e.id === value}));
                });
                return registry;
            }
            if (expression === 'Fixed' && fieldType === 'Boolean') {
                var flag = el('select', {'class': 'wf-ge-value', onchange: function () {
                    commit(flag.value === '' ? '' : flag.value === 'true');
                }});
                ['', 'true', 'false'].forEach(function (v) {
                    flag.appendChild(el('option', {value: v, text: v || '(not set)', selected: text === v}));
                });
                return flag;
            }
            if (expression === 'Fixed' && fieldType === 'Number') {
                var number = el('input', {type: 'number', 'class': 'wf-ge-value', value: text, onchange: function () {
                    commit(number.value === '' ? '' : Number(number.value));
                }});
                return number;
            }
            var structured = expression === 'Fixed' && fieldType !== 'String';
            var long = structured || expression === 'StringInterpolation' || LONG_TEXT.indexOf(fieldName) >= 0;
            var box = el(long ? 'textarea' : 'input', {
                type: long ? undefined : 'text', 'class': 'wf-ge-value', rows: long ? 3 : undefined,
                placeholder: expression === 'JsonPath' ? '$.node.field' : structured ? 'JSON' : '',
                onchange: function () {
                    if (!structured) {
                        commit(box.value);
                        return;
                    }
                    if (box.value.trim() === '') {
                        commit('');
                        return;
                    }
                    try {
                        commit(JSON.parse(box.value));
                    } catch (e) {
                        if (fieldType === 'Dynamic') {
                            commit(box.value);
                        } else {
                            self.setStatus(fieldName + ' must be JSON (' + fieldType + '): ' + e.message);
                        }
                    }
                }
            });
            box.value = text;
            return box;
        },

        /** A name box and a button that adds a field (or a Start parameter) of that name to the node. */
        addFieldRow: function (node, placeholder, label, design) {
            var self = this;
            var name = el('input', {type: 'text', 'class': 'wf-ge-new-field', placeholder: placeholder});
            this.side.appendChild(el('div', {'class': 'wf-ge-row'}, [name, el('button', {
                type: 'button', text: label,
                'class': 'wf-ge-add-field ui-button ui-widget ui-state-default ui-corner-all ui-button-text-only',
                onclick: function () {
                    var n = name.value.trim();
                    if (!KEY_PATTERN.test(n) || self.fieldDesign(node, n)) {
                        self.setStatus('The name must be new to this node and have letters, digits or _ only.');
                        return;
                    }
                    self.remember();
                    node.fieldDesigns = node.fieldDesigns || [];
                    node.fieldDesigns.push(Object.assign({fieldName: n}, design()));
                    self.written();
                }
            })]));
        },

        /** Start's fields are the run's parameters: name, type, required, default. */
        parametersPanel: function (node) {
            var self = this;
            var side = this.side;
            side.appendChild(el('h5', {text: 'Parameters'}));
            (node.fieldDesigns || []).forEach(function (f) {
                var spec = f.value && typeof f.value === 'object' ? f.value : {fieldType: 'String', isRequired: false};
                var update = function (change) {
                    self.remember();
                    var next = Object.assign({}, spec, change);
                    if (next['default'] === undefined) {
                        delete next['default'];
                    }
                    f.expressionType = 'Fixed';
                    f.value = next;
                    self.written();
                };
                var type = el('select', {'class': 'wf-ge-param-type', onchange: function () {
                    update({fieldType: type.value});
                }});
                VALUE_TYPES.forEach(function (t) {
                    type.appendChild(el('option', {value: t, text: t, selected: t === spec.fieldType}));
                });
                var required = el('input', {type: 'checkbox', 'class': 'wf-ge-param-required', checked: !!spec.isRequired,
                    onchange: function () {
                        update({isRequired: required.checked});
                    }});
                var fallback = el('input', {type: 'text', 'class': 'wf-ge-param-default', placeholder: 'default (JSON)',
                    value: spec['default'] === undefined ? '' : JSON.stringify(spec['default']), onchange: function () {
                        if (fallback.value.trim() === '') {
                            update({'default': undefined});
                            return;
                        }
                        try {
                            update({'default': JSON.parse(fallback.value)});
                        } catch (e) {
                            update({'default': fallback.value});
                        }
                    }});
                side.appendChild(el('div', {'class': 'wf-ge-field wf-ge-param', 'data-field': f.fieldName}, [
                    el('div', {'class': 'wf-ge-field-name', text: f.fieldName}), type,
                    el('label', {}, [required, ' required']), fallback,
                    el('button', {type: 'button', 'class': 'wf-ge-remove-field ui-button ui-widget ui-corner-all ui-button-flat',
                        title: 'Remove the parameter', text: '×', onclick: function () {
                            self.remember();
                            self.setField(node, f.fieldName, 'Fixed', undefined);
                            self.written();
                        }})
                ]));
            });
            this.addFieldRow(node, 'parameter name', 'Add parameter', function () {
                return {expressionType: 'Fixed', value: {fieldType: 'String', isRequired: true}};
            });
        }
    };

    window.wfGraphEditor = {
        /** Starts the editor in this element (again after the page part holding it was redrawn). */
        mount: function (id) {
            var root = document.getElementById(id);
            if (!root || typeof cytoscape !== 'function') {
                return;
            }
            if (editor && editor.cy) {
                editor.cy.destroy();
            }
            editor = new GraphEditor(root);
        },
        /** The running editor, for the validation callback and for tests. */
        current: function () {
            return editor;
        },
        checked: function (args) {
            if (editor && args && args.problems !== undefined) {
                editor.checked(args.problems);
            }
        }
    };
})();
