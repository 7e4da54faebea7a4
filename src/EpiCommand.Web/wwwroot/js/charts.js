// Charts of the live picture with Apache ECharts. The county map (Map/CountyMap.razor): Apache ECharts draws the city's county boundaries (a GeoJSON file served by the
// platform itself) coloured by what the server computed, with markers at the counties' centres. ECharts is loaded on the
// first map shown, so that pages without a map do not fetch it.

let loading;
function loadEcharts(src) {
    if (window.echarts) return Promise.resolve();
    loading ??= new Promise((resolve, reject) => {
        const script = document.createElement('script');
        script.src = src;
        script.onload = resolve;
        script.onerror = () => { loading = undefined; reject(new Error('could not load ' + src)); };
        document.head.appendChild(script);
    });
    return loading;
}

const registered = new Map();
async function registerMap(name, url) {
    if (registered.get(name) === url) return;
    const response = await fetch(url, { credentials: 'same-origin' });
    if (!response.ok) throw new Error(url + ': ' + response.status);
    window.echarts.registerMap(name, await response.json());
    registered.set(name, url);
}

const observers = new WeakMap();

/**
 * The chart drawn in element, made once (with a resize observer) in the given theme; null when the reader has left the page
 * while ECharts loaded — drawing into a detached element throws inside ECharts, which would end the page's circuit.
 */
function chartIn(element, theme) {
    if (!element.isConnected) return null;
    let chart = window.echarts.getInstanceByDom(element);
    if (chart && chart.__theme !== theme) { chart.dispose(); chart = undefined; }
    if (!chart) {
        chart = window.echarts.init(element, theme, { renderer: 'canvas' });
        chart.__theme = theme;
        const observer = new ResizeObserver(() => chart.resize());
        observer.observe(element);
        observers.set(element, observer);
    }
    return chart;
}

/** Draws (or redraws) the map in element. spec: see CountyMap.razor's Spec. Clicks on a county call dotnet.Open(code). */
export async function render(element, echartsUrl, spec, dotnet) {
    await loadEcharts(echartsUrl);
    await registerMap(spec.map, spec.geoUrl);
    const chart = chartIn(element, spec.dark ? 'dark' : null);
    if (!chart) return;
    const areas = new Map(spec.areas.map(a => [a.area, a]));
    // Placing mode keeps the reader's zoom and pan between redraws (a new pin redraws the map).
    const view = spec.pick && chart.__focused ? (({ center, zoom }) => ({ center, zoom }))(chart.getOption().geo[0]) : null;
    const text = spec.dark ? '#e0e6f0' : '#263238';
    chart.setOption({
        backgroundColor: 'transparent',
        aria: { enabled: true, label: { description: spec.description } },
        tooltip: {
            trigger: 'item',
            confine: true,
            formatter: p => {
                const a = p.componentType === 'geo' ? areas.get(p.name) : null;
                const lines = a ? a.tooltip : (p.data && p.data.tooltip) || [];
                return lines.map(escape).join('<br/>');
            },
        },
        geo: {
            map: spec.map,
            roam: !!spec.pick,
            ...(view ?? (spec.focus ? { center: spec.focus, zoom: 3 } : {})),
            layoutCenter: ['50%', '50%'],
            layoutSize: '96%',
            aspectScale: 0.8,
            selectedMode: false,
            tooltip: { show: true },
            itemStyle: { areaColor: spec.dark ? '#263445' : '#eceff1', borderColor: spec.dark ? '#8fa3bf' : '#ffffff', borderWidth: 1 },
            label: {
                show: true,
                color: text,
                fontSize: spec.small ? 10 : 12,
                formatter: p => (areas.get(p.name) || {}).label || p.name,
            },
            emphasis: { label: { show: true, color: text }, itemStyle: { areaColor: spec.dark ? '#3d5a80' : '#b0bec5' } },
            regions: spec.areas.map(a => ({
                name: a.area,
                itemStyle: {
                    areaColor: a.colour,
                    borderColor: a.highlight ? (spec.dark ? '#ffd54f' : '#0d47a1') : (spec.dark ? '#8fa3bf' : '#ffffff'),
                    borderWidth: a.highlight ? 3 : 1,
                },
                label: { fontWeight: a.highlight ? 'bold' : 'normal' },
            })),
        },
        series: [{
            type: 'scatter',
            coordinateSystem: 'geo',
            zlevel: 1,
            // A count at a county's centre for what was not placed; a small mark where a zone or a cluster's setting was placed;
            // a pin at the point being chosen (placing mode).
            data: spec.markers.map(m => ({
                value: m.coord,
                name: m.label,
                tooltip: m.tooltip,
                symbol: m.kind === 'pin' ? 'pin' : m.kind === 'zone' ? 'rect' : 'circle',
                symbolSize: m.kind === 'pin' ? 30 : m.count == null ? (spec.small ? 10 : 12) : (spec.small ? 16 : 20),
                symbolOffset: m.kind === 'pin' ? [0, '-50%'] : [0, 0],
                itemStyle: { color: m.kind === 'pin' ? '#1565c0' : m.kind === 'zone' ? '#6a1b9a' : '#d84315', borderColor: '#fff', borderWidth: 1.5 },
                label: { show: m.count != null, formatter: String(m.count), color: '#fff', fontSize: 11, fontWeight: 'bold' },
            })),
        }],
    }, true);
    chart.__focused = !!spec.pick;
    chart.off('click');
    chart.getZr().off('click');
    if (spec.pick) {
        // Placing mode: any click reports the point under the pointer; nothing navigates.
        element.style.setProperty('cursor', 'crosshair');
        chart.getZr().on('click', e => {
            const point = chart.convertFromPixel({ geoIndex: 0 }, [e.offsetX, e.offsetY]);
            if (point && isFinite(point[0]) && isFinite(point[1])) dotnet.invokeMethodAsync('Pick', point[0], point[1]);
        });
        return;
    }
    chart.on('click', p => {
        if (p.componentType !== 'geo') return;
        const a = areas.get(p.name);
        if (a && a.shown) dotnet.invokeMethodAsync('Open', a.code);
    });
}

/** The epidemic curve (Map/EpiCurve.razor): stacked bars by report day, and a line by onset day when there is one. */
export async function curve(element, echartsUrl, spec) {
    await loadEcharts(echartsUrl);
    const chart = chartIn(element, spec.dark ? 'dark' : null);
    if (!chart) return;
    const colours = ['#1e88e5', '#26a69a', '#fbc02d', '#e53935'];
    chart.setOption({
        backgroundColor: 'transparent',
        aria: { enabled: true },
        color: colours,
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
        legend: { bottom: 0 },
        grid: { left: 36, right: 16, top: 16, bottom: 56 },
        xAxis: { type: 'category', data: spec.days, axisLabel: { hideOverlap: true } },
        // The axis follows the data (whole cases): no fixed maximum.
        yAxis: { type: 'value', minInterval: 1, splitLine: { lineStyle: { opacity: spec.dark ? 0.2 : 0.6 } } },
        series: spec.series.map(s => s.line
            ? { name: s.name, type: 'line', data: s.data, smooth: false, symbolSize: 5, lineStyle: { width: 2 } }
            : { name: s.name, type: 'bar', stack: 'report', data: s.data, barMaxWidth: 18 }),
    }, true);
}

/** A cluster's transmission graph (Clusters/TransmissionGraph.razor): ECharts' force layout, cases by classification, settings as squares. */
export async function graph(element, echartsUrl, spec) {
    await loadEcharts(echartsUrl);
    const chart = chartIn(element, null);
    if (!chart) return;
    const category = new Map(spec.categories.map((c, i) => [c.key, i]));
    chart.setOption({
        backgroundColor: 'transparent',
        aria: { enabled: true, label: { description: spec.description } },
        color: spec.categories.map(c => c.colour),
        tooltip: { formatter: p => p.dataType === 'edge' ? escape(p.data.tooltip) : escape(p.data.name) },
        legend: [{ data: spec.categories.map(c => c.name), bottom: 0 }],
        series: [{
            type: 'graph',
            layout: 'force',
            roam: true,
            draggable: true,
            force: { repulsion: 420, edgeLength: [80, 160], gravity: 0.05 },
            zoom: 1.2,
            categories: spec.categories.map(c => ({ name: c.name, itemStyle: { color: c.colour } })),
            label: { show: true, position: 'right', fontSize: 11 },
            edgeSymbol: ['none', 'none'],
            data: spec.nodes.map(n => ({
                id: n.id,
                name: n.label,
                category: category.get(n.kind) ?? 0,
                symbol: n.kind === 'setting' ? 'roundRect' : 'circle',
                symbolSize: n.kind === 'setting' ? (n.main ? 34 : 22) : 16,
                label: { fontWeight: n.main ? 'bold' : 'normal' },
            })),
            links: spec.edges.map(e => e.kind === 'linked'
                // A case names in linkedTo the case it is linked to: the arrow goes from that case to this one.
                ? { source: e.target, target: e.source, symbol: ['none', 'arrow'], symbolSize: 8, tooltip: spec.linkedName + '：' + e.target + ' → ' + e.source,
                    lineStyle: { color: '#37474f', width: 2, curveness: 0.1 } }
                : { source: e.source, target: e.target, tooltip: spec.settingName, lineStyle: { color: '#90a4ae', type: 'dashed', width: 1 } }),
        }],
    }, true);
}

export function dispose(element) {
    observers.get(element)?.disconnect();
    observers.delete(element);
    window.echarts?.getInstanceByDom(element)?.dispose();
}

export function fullScreen() {
    if (!document.fullscreenElement) document.documentElement.requestFullscreen?.();
}

function escape(s) {
    return String(s).replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

/**
 * The readiness forecast (Readiness/ForecastChart.razor): on top the confirmed cases per day, observed (bars) and projected (line);
 * below, one pane per resource — what is needed each day ahead against the capacity (dashed), the run-out day marked.
 */
export async function forecast(element, echartsUrl, spec) {
    await loadEcharts(echartsUrl);
    const chart = chartIn(element, null);
    if (!chart) return;
    // In pixels from the top (the element is spec.height high): the cases, then rows of two panes, then the legend (the
    // assumptions it was drawn with are written under the chart, ForecastChart.razor).
    const rows = Math.ceil(spec.panes.length / 2);
    const bottom = 50;
    const row = Math.max(90, Math.floor((spec.height - 30 - rows * 52 - bottom) / (rows + 1)));
    const tops = Array.from({ length: rows + 1 }, (_, i) => 30 + i * (row + 52));
    const places = spec.panes.map((_, i) => [i % 2 === 0 ? '6%' : '56%', tops[1 + Math.floor(i / 2)]]);
    const grids = [{ left: '6%', right: '3%', top: tops[0], height: row }];
    const titles = [{ text: spec.casesTitle, left: 8, top: 4, textStyle: { fontSize: 13 } }];
    const xAxis = [{ gridIndex: 0, type: 'category', data: spec.allDays, axisLabel: { hideOverlap: true } }];
    const yAxis = [{ gridIndex: 0, type: 'value', minInterval: 1 }];
    const series = [
        { name: spec.observedName, type: 'bar', xAxisIndex: 0, yAxisIndex: 0, data: spec.observed, barMaxWidth: 10, itemStyle: { color: '#1e88e5' } },
        { name: spec.projectedName, type: 'line', xAxisIndex: 0, yAxisIndex: 0, data: spec.projected, showSymbol: false, lineStyle: { type: 'dashed', width: 2 }, itemStyle: { color: '#fb8c00' } },
    ];
    spec.panes.forEach((pane, i) => {
        const [left, top] = places[i];
        const index = i + 1;
        grids.push({ left, top, width: '38%', height: row });
        titles.push({ text: pane.title, left, top: top - 24, textStyle: { fontSize: 12, fontWeight: 'normal' } });
        xAxis.push({ gridIndex: index, type: 'category', data: spec.aheadDays, axisLabel: { hideOverlap: true } });
        yAxis.push({ gridIndex: index, type: 'value', max: v => Math.ceil(Math.max(v.max, pane.capacity) * 1.15) || 1 });
        const marks = [{ yAxis: pane.capacity, name: spec.capacityName, label: { formatter: spec.capacityName + ' ' + pane.capacity, position: 'insideEndTop' } }];
        if (pane.runOut !== null) marks.push({ xAxis: pane.runOut, label: { formatter: pane.runOut, position: 'insideEndTop' }, lineStyle: { color: '#b71c1c', type: 'solid' } });
        series.push({
            name: spec.needName, type: 'line', xAxisIndex: index, yAxisIndex: index, data: pane.need, showSymbol: false, itemStyle: { color: '#6d4c41' },
            markLine: { symbol: 'none', silent: true, lineStyle: { color: '#e53935', type: 'dashed' }, data: marks },
        });
    });
    chart.setOption({
        backgroundColor: 'transparent',
        aria: { enabled: true },
        title: titles,
        tooltip: { trigger: 'axis' },
        legend: { bottom: 0, data: [spec.observedName, spec.projectedName, spec.needName] },
        grid: grids,
        xAxis,
        yAxis,
        series,
    }, true);
}
