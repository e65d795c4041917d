// A plotly figure drawn with plotly.js-basic (static/plotly-basic.min.js, served by the app: no network) in the app
// page (components v2, no iframe). data.figure: the figure's JSON; data.config: plotly's config.
export default function (component) {
  const { data, parentElement } = component;
  const host = parentElement.querySelector(".bj-chart");  // the component's html (binjai.ui.chart.HOST)
  const figure = JSON.parse(data.figure);
  let mounted = true;
  let resize = null;
  window.bjPlotly().then((Plotly) => {
    if (!mounted) return;
    Plotly.react(host, figure.data || [], figure.layout || {}, data.config || {});
    resize = new ResizeObserver(() => { if (host.isConnected && host._fullLayout) Plotly.Plots.resize(host); });
    resize.observe(host);
  });
  return () => {
    mounted = false;
    if (resize) resize.disconnect();
  };
}
