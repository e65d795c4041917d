// Presenter keys and kiosk behaviour (bundled, no network). Runs in the app page (components v2, no iframe).
// PageDown/PageUp (what clickers send), arrows, space, Home/End -> the "move" trigger for Python;
// B or "." -> black screen; F -> full screen; the mouse resting for data.idle_ms hides the control bar
// (body.pr-idle); the window size is reported as the "viewport" state so that Python can size the charts.
export default function (component) {
  const { data, setTriggerValue, setStateValue } = component;
  const body = document.body;
  const MOVES = {
    PageDown: "next", ArrowRight: "next", ArrowDown: "next", " ": "next", Enter: "next",
    PageUp: "prev", ArrowLeft: "prev", ArrowUp: "prev", Backspace: "prev",
    Home: "first", End: "last",
  };
  // Keys pressed inside an open menu or popover (the records table scrolls with the arrows) stay there.
  const TYPING = "input, textarea, select, [contenteditable], [role=combobox], [role=listbox], [role=option], [role=dialog], "
    + "[data-testid='stPopoverBody']";
  let idleTimer = null;
  let resizeTimer = null;

  // The bar stays while the pointer is on it or one of its menus is open (the handout panel, a selectbox).
  const busy = () => Boolean(document.querySelector(
    ".st-key-pr_bar:hover, [data-testid='stPopoverBody'], [role='listbox']"));
  const rest = () => {
    if (busy()) {
      idleTimer = setTimeout(rest, data.idle_ms);
    } else {
      body.classList.add("pr-idle");
    }
  };
  const wake = () => {
    body.classList.remove("pr-idle");
    clearTimeout(idleTimer);
    idleTimer = setTimeout(rest, data.idle_ms);
  };
  const blackScreen = () => {
    let cover = document.getElementById("pr-black");
    if (!cover) {
      cover = document.createElement("div");
      cover.id = "pr-black";
      cover.addEventListener("click", () => cover.classList.remove("pr-on"));
      body.appendChild(cover);
    }
    cover.classList.toggle("pr-on");
  };
  const fullScreen = () => {
    if (document.fullscreenElement) {
      document.exitFullscreen().catch(() => {});
    } else if (document.documentElement.requestFullscreen) {
      document.documentElement.requestFullscreen().catch(() => {});
    }
  };
  const onKey = (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
    const target = event.target;
    if (target instanceof Element && target.closest(TYPING)) return;
    const move = MOVES[event.key];
    if (move) {
      event.preventDefault();
      event.stopPropagation();
      setTriggerValue("move", move);
      return;
    }
    const key = event.key.toLowerCase();
    if (key === "b" || key === ".") {
      event.preventDefault();
      blackScreen();
    } else if (key === "f") {
      event.preventDefault();
      fullScreen();
    }
  };
  const report = () => {
    const seen = data.viewport || [0, 0];
    const width = window.innerWidth;
    const height = window.innerHeight;
    if (Math.abs(seen[0] - width) > 8 || Math.abs(seen[1] - height) > 8) {
      setStateValue("viewport", [width, height]);
    }
  };
  const onResize = () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(report, 300);
  };

  // One set of listeners however often Streamlit calls this function (each run brings new data): the previous
  // set is removed first. The idle state and the black screen survive a slide change; leaving the page (no new
  // call right after the cleanup) removes them.
  window.__binjaiPresenter?.teardown();
  const generation = (window.__binjaiPresenter?.generation || 0) + 1;
  const teardown = () => {
    document.removeEventListener("keydown", onKey, true);
    document.removeEventListener("mousemove", wake);
    window.removeEventListener("resize", onResize);
    clearTimeout(idleTimer);
    clearTimeout(resizeTimer);
  };
  window.__binjaiPresenter = { generation, teardown };
  body.classList.add("pr-body");
  body.classList.toggle("pr-kiosk", Boolean(data.kiosk));
  document.addEventListener("keydown", onKey, true);
  document.addEventListener("mousemove", wake, { passive: true });
  window.addEventListener("resize", onResize);
  if (!body.classList.contains("pr-idle")) {
    idleTimer = setTimeout(rest, data.idle_ms);
  }
  report();
  return () => {
    teardown();
    setTimeout(() => {
      if (window.__binjaiPresenter?.generation !== generation) return;
      window.__binjaiPresenter = undefined;
      body.classList.remove("pr-idle", "pr-body", "pr-kiosk");
      document.getElementById("pr-black")?.remove();
    }, 0);
  };
}
