/*
 * The app page's design editor: leaving the page with edits that were not saved asks first.
 */
var wfDesignDirty = false;

function wfDesignChanged(dirty) {
    wfDesignDirty = dirty;
}

window.addEventListener('beforeunload', function (event) {
    if (wfDesignDirty) {
        event.preventDefault();
        event.returnValue = '';
    }
});
