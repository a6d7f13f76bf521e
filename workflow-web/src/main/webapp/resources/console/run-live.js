/*
 * Keeps the run page live. While the run is active the page follows it on the WebSocket debug
 * channel, opened with a one-time ticket so the session cookie never authenticates
 * the socket itself; each message asks the server to re-render the page from history (refreshRun,
 * debounced, one request at a time). The confirm panel is re-rendered (refreshAll) only when the run
 * starts or stops waiting, so inputs being edited survive. If the channel cannot be opened, or
 * closes while the run goes on, the page polls once a second instead (not while the run waits).
 * document.body.dataset.runLive says which: "socket", "poll" or "idle".
 */
var runLive = (function () {
    'use strict';
    var MAX_SETTLE = 20;
    var socket = null;
    var timer = null;
    var full = false;
    var inFlight = false;
    var inFlightFull = false;
    var queued = false;
    /** the waiting state the confirm panel was last rendered for, and the one the socket reports */
    var renderedWaiting = false;
    var reportedWaiting = false;
    /** the socket announced the end; history may commit it a moment later */
    var endAnnounced = false;
    var settling = 0;
    var fallback = false;
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
        timer = window.setTimeout(fire, 150);
    }

    function fire() {
        timer = null;
        if (inFlight) {
            queued = true; // refreshed() sends it once the current one is back
            return;
        }
        var all = full;
        full = false;
        inFlight = true;
        inFlightFull = all;
        if (all) {
            window.refreshAll();
        } else {
            window.refreshRun();
        }
    }

    function startPoll() {
        if (flag('polling')) {
            PF('runPoll').start(); // a running poll ignores it
        }
    }

    function fallBack() {
        fallback = true;
        mode('poll');
        startPoll();
    }

    function onMessage(event) {
        var message = JSON.parse(event.data);
        var data = message.data || {};
        if (message.type === 'workflow_need_human_confirm') {
            reportedWaiting = true;
        } else if (data.node_exec_data && 'need_human_confirm' in data) {
            // node messages only: a run-level snapshot of a run joined mid-way may not know it waits
            reportedWaiting = data.need_human_confirm === 1;
        }
        // a run's status is 1 while it runs, 2 or 3 once it ended
        if (message.type === 'workflow_run_debug' && data.status !== 1) {
            endAnnounced = true;
        }
        refreshSoon(endAnnounced || reportedWaiting !== renderedWaiting);
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
            socket.onclose = function () {
                socket = null;
                if (!stopped) {
                    // the run ended, or it is not live on this server: re-read it, then poll while it runs
                    fallback = true;
                    refreshSoon(true);
                }
            };
        }).catch(fallBack);
    }

    /** After every re-render (remote commands, the poll, the page's buttons). */
    function refreshed() {
        var wasFull = inFlightFull;
        inFlight = false;
        inFlightFull = false;
        if (!flag('active')) {
            if (!wasFull) {
                // the run ended during a partial re-render, which leaves the confirm panel as it was:
                // one full re-render brings it up to date before the page stops following
                window.clearTimeout(timer);
                timer = null;
                queued = false;
                inFlight = true;
                inFlightFull = true;
                window.refreshAll();
                return;
            }
            stopped = true;
            window.clearTimeout(timer);
            timer = null;
            if (socket !== null) {
                socket.close();
            }
            mode('idle');
            return;
        }
        var waiting = flag('waiting');
        if (wasFull) {
            renderedWaiting = waiting;
        } else if (waiting !== renderedWaiting) {
            refreshSoon(true); // the confirm panel follows (after a poll or refreshRun, which do not render it)
        }
        if (endAnnounced && settling < MAX_SETTLE) {
            settling++;
            refreshSoon(true);
        } else if (endAnnounced || fallback) {
            fallBack();
        }
        if (queued) {
            queued = false;
            refreshSoon(false);
        }
    }

    function start() {
        renderedWaiting = flag('waiting');
        reportedWaiting = renderedWaiting;
        if (!flag('active')) {
            mode('idle');
        } else if ('WebSocket' in window && 'fetch' in window) {
            connect();
        } else {
            fallBack();
        }
    }

    if (document.readyState === 'loading') {
        document.addEventListener('DOMContentLoaded', start);
    } else {
        start();
    }
    return {refreshed: refreshed};
}());
