/*
 * The runs page keeps its filters, order and page in the address: after each change the server
 * renders the address it now shows, and this puts it in the browser's history. Back and Forward
 * then load that address again, so they show the rows it names.
 */
function wfRunsAddress() {
    var holder = document.getElementById('runsForm:address');
    if (!holder) {
        return;
    }
    var target = new URL(holder.textContent, window.location.href);
    if (target.pathname + target.search !== window.location.pathname + window.location.search) {
        window.history.pushState({wfRuns: true}, '', target.pathname + target.search);
    }
}

window.addEventListener('popstate', function () {
    window.location.reload();
});
