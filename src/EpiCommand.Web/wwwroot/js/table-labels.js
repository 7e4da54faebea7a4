// Tables read as cards on a phone (issue 14; app.css "Wide tables become one card per row"): each cell is given its column's
// heading as data-label, which the phone layout prints before the value. Headings are read from the table's own <thead>, so
// every table of every page takes part without the page doing anything; cells that already carry a label keep it.
(() => {
    function label(table) {
        const headings = [...table.querySelectorAll(':scope > thead > tr:last-child > th')].map(th => th.innerText.trim());
        if (headings.length === 0) return;
        for (const row of table.querySelectorAll(':scope > tbody > tr')) {
            let column = 0;
            for (const cell of row.children) {
                // A cell across the whole row (a form, "none") or under an empty heading (actions) is labelled empty.
                const heading = headings.length > 1 && (cell.colSpan || 1) >= headings.length ? '' : (headings[column] ?? '');
                if ((!cell.hasAttribute('data-label') || cell.hasAttribute('data-label-auto')) && cell.getAttribute('data-label') !== heading) {
                    cell.setAttribute('data-label', heading);
                    cell.setAttribute('data-label-auto', '');
                }
                column += cell.colSpan || 1;
            }
        }
    }
    let pending = false;
    function labelAll() {
        pending = false;
        document.querySelectorAll('.mud-main-content table').forEach(label);
    }
    new MutationObserver(() => {
        if (!pending) { pending = true; requestAnimationFrame(labelAll); }
    }).observe(document.documentElement, { childList: true, subtree: true });
})();
