/*
 * Keeps the run page live. While the run is active the page follows it on the WebSocket debug
 * channel (DESIGN.md §4.5), opened with a one-time ticket so the session cookie never authenticates
 * the socket itself; each message asks the server to re-render the page from history (refreshRun,
 * debounced). When the run starts or stops waiting for a person the confirm panel is re-rendered
 * too (refreshAll); otherwise it is left alone so inputs being edited survive. If the channel cannot
 * be opened, or drops while the run goes on, the page falls back to polling once a second.
 * document.body.dataset.runLive says which: "socket", "poll" or "idle".
 */
var runLive = (function () {
    'use strict';
    var socket = null;
    var timer = null;
    var full = false;
    var waiting = null;
    var ended = false;
    var settling = 0;
    var polling = false;
    /** the run is over and the page shows it: nothing more to follow */
    var stopped = false;

    function element() {
        return document.getElementById('runForm:runLive');
    }

    function flag(name) {
        var el = element();
        return el !== null && el.dataset[name] === 'true';
    }

    function mode(name) {
        document.body.dataset.runLive = name;
    }

    function refreshSoon(everything) {
        full = full || everything;
        if (stopped || timer !== null) {
            return;
        }
        timer = window.setTimeout(function () {
            var all = full;
            timer = null;
            full = false;
            if (all) {
                window.refreshAll();
            } else {
                window.refreshRun();
            }
        }, 150);
    }

    function poll() {
        polling = true;
        mode('poll');
        startPoll();
    }

    function startPoll() {
        if (flag('polling')) {
            PF('runPoll').start(); // a running poll ignores it
        }
    }

    function onMessage(event) {
        var message = JSON.parse(event.data);
        var data = message.data || {};
        var nowWaiting = message.type === 'workflow_need_human_confirm' || data.need_human_confirm === 1;
        var changed = nowWaiting !== waiting;
        waiting = nowWaiting;
        if (message.type === 'workflow_run_debug' && !data.node_exec_data && data.status !== 1) {
            ended = true;
        }
        refreshSoon(changed || ended || message.type === 'workflow_need_human_confirm');
    }

    function connect() {
        var el = element();
        fetch(el.dataset.ticketUrl, {
            method: 'POST', credentials: 'same-origin', headers: {'X-Requested-With': 'XMLHttpRequest'}
        }).then(function (response) {
            return response.ok ? response.json() : Promise.reject(new Error('ticket: HTTP ' + response.status));
        }).then(function (issued) {
            var url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + el.dataset.socketUrl
                + '?instanceId=' + encodeURIComponent(el.dataset.instance) + '&ticket=' + encodeURIComponent(issued.ticket);
            socket = new WebSocket(url);
            socket.onopen = function () {
                mode('socket');
            };
            socket.onmessage = onMessage;
            socket.onclose = function (event) {
                socket = null;
                if (stopped) {
                    return;
                }
                if (event.code === 1000 || ended) {
                    // the run ended (or had ended before the socket opened): show its final state
                    ended = true;
                    refreshSoon(true);
                } else if (flag('active')) {
                    poll();
                }
            };
        }).catch(poll);
    }

    /** After every re-render: history may commit the end just after it is announced, so look again. */
    function refreshed() {
        if (!flag('active')) {
            stopped = true;
            window.clearTimeout(timer);
            timer = null;
            if (socket !== null) {
                socket.close();
            }
            mode('idle');
            return;
        }
        if (ended && settling++ < 20) {
            window.setTimeout(function () { refreshSoon(true); }, 250);
        } else if (polling) {
            startPoll();
        }
    }

    function start() {
        waiting = flag('waiting');
        if (flag('active') && 'WebSocket' in window && 'fetch' in window) {
            connect();
        } else if (flag('active')) {
            poll();
        } else {
            mode('idle');
        }
    }

    if (document.readyState === 'loading') {
        document.addEventListener('DOMContentLoaded', start);
    } else {
        start();
    }
    return {refreshed: refreshed};
}());
