// Client-side behaviour of Workbench's tracked charts, kept in the browser so it costs no server round trip:
// hovering a trace highlights its run, and zooming one chart zooms every chart of the same zoom group
// (each chart then re-queries its own detail from the server through Plotly.Blazor's relayout event).

const groups = new Map();

export function attach(id, group) {
    const gd = document.getElementById(id);
    if (!gd || gd.__workbench) return;
    gd.__workbench = true;
    if (group) {
        if (!groups.has(group)) groups.set(group, new Set());
        groups.get(group).add(id);
        gd.on('plotly_relayout', e => shareZoom(id, group, e));
    }
    gd.on('plotly_hover', e => highlight(gd, e.points[0].data.legendgroup));
    gd.on('plotly_unhover', () => highlight(gd, null));
}

export function detach(id, group) {
    groups.get(group)?.delete(id);
}

function highlight(gd, runGroup) {
    if (!window.Plotly || !gd.data) return;
    // Faint raw traces under smoothed ones keep their own opacity unless another run is highlighted.
    const opacity = gd.data.map(t => {
        const base = t.meta === 'raw' ? 0.25 : 1;
        return runGroup === null || t.legendgroup === runGroup ? base : base * 0.15;
    });
    window.Plotly.restyle(gd, { opacity });
}

function shareZoom(sourceId, group, e) {
    let update = null;
    if (e['xaxis.autorange']) update = { 'xaxis.autorange': true };
    else if (e['xaxis.range[0]'] !== undefined) update = { 'xaxis.range': [e['xaxis.range[0]'], e['xaxis.range[1]']] };
    else if (e['xaxis.range']) update = { 'xaxis.range': e['xaxis.range'] };
    if (!update || !window.Plotly) return;
    for (const id of groups.get(group) ?? []) {
        if (id === sourceId) continue;
        const other = document.getElementById(id);
        if (!other || !other.layout) { groups.get(group).delete(id); continue; }
        const axis = other.layout.xaxis ?? {};
        const same = update['xaxis.autorange'] ? axis.autorange === true
            : JSON.stringify(axis.range) === JSON.stringify(update['xaxis.range']);
        if (!same) window.Plotly.relayout(other, update);
    }
}

// Plotly.Blazor's image formats stop at PNG/JPEG; plotly.js itself also writes SVG.
export function download(id, format, filename) {
    const gd = document.getElementById(id);
    if (gd && window.Plotly) return window.Plotly.downloadImage(gd, { format, filename, width: 1100, height: 600 });
}
