"""The optimizer's reproducible report: ``report.json`` (the OptimizeReport as it is) and one
self-contained ``report.html`` (inline CSS, plots as inline SVG drawn with matplotlib's Agg
backend: no file beside it, no script, no network) with the table, the pick and its reason,
a speed-against-accuracy scatter, throughput bars, and the hardware, versions, model hashes,
recipes and data hashes. Runs on the calling thread; matplotlib is imported inside.
"""

from __future__ import annotations

import html
import io
import json
from pathlib import Path
from typing import Any

from edgestudio.core.atomic import atomic_write_text
from edgestudio.optimize.types import CandidateResult, OptimizeReport

JSON_NAME = "report.json"
HTML_NAME = "report.html"
STATUS_COLOURS = {"passed": "#2e7d32", "failed-gate": "#c62828", "failed-build": "#6a1b9a"}
ACCURACY_KEYS = ("map50", "f1", "wer", "perplexity", "recall", "tar")  # the headline metric, first found

CSS = """
body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:72rem;color:#222;padding:0 1rem}
h1{font-size:1.6rem;margin-bottom:.2rem}
h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ddd}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{padding:.35rem .5rem;border-bottom:1px solid #eee;text-align:left;vertical-align:top}
th{background:#f5f5f5}.passed{color:#2e7d32;font-weight:600}
.failed-gate,.failed-build{color:#c62828;font-weight:600}.unavailable,.skipped{color:#777}
.pick{background:#e8f5e9;border-left:4px solid #2e7d32;padding:.8rem 1rem;margin:1rem 0}
.plots{display:flex;flex-wrap:wrap;gap:1rem}.plots figure{margin:0;flex:1 1 30rem}
code{font-size:.8rem;word-break:break-all}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;font-size:.9rem}dt{font-weight:600}
"""


def headline_metric(result: CandidateResult) -> tuple[str, float] | None:
    """The accuracy number a candidate is judged by (mAP@0.5, WER, perplexity ...)."""
    if result.gate is None:
        return None
    for key in ACCURACY_KEYS:
        if key in result.gate.metrics:
            return key, float(result.gate.metrics[key])
    return None


def _svg(figure: Any) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    text = buffer.getvalue()
    return text[text.index("<svg") :]  # drop the XML prolog and doctype: inline in HTML


def scatter_svg(report: OptimizeReport) -> str:
    """Speed-up against the headline accuracy metric, one point per measured candidate."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    figure = Figure(figsize=(7.6, 4.2))
    axes = figure.add_subplot()
    metric_name = ""
    # names go to a legend (one colour per candidate, a cross for a failed gate), never beside
    # the points: equally fast candidates would print their names over each other
    palette = matplotlib.colormaps["tab10"]
    plotted = [r for r in report.results if headline_metric(r) is not None and r.speed is not None]
    for index, result in enumerate(plotted):
        metric = headline_metric(result)
        if metric is None or result.speed is None:
            continue
        metric_name = metric[0]
        failed = result.status != "passed"
        axes.scatter(
            metric[1],
            result.speed.speedup,
            s=60,
            color=palette(index % 10),
            marker="X" if failed else "o",
            edgecolors=STATUS_COLOURS.get(result.status, "#555"),
            linewidths=1.2,
            zorder=3,
            label=result.candidate.id + (" (failed the gate)" if failed else ""),
        )
    if plotted:
        axes.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize=7, frameon=False)
    axes.axhline(1.0, color="#999", linewidth=0.8, linestyle="--")
    axes.set_xlabel(
        f"accuracy: {metric_name or 'metric'}"
        + (" (lower is better)" if metric_name in ("wer", "perplexity") else "")
    )
    axes.set_ylabel("speed-up against the original (interleaved)")
    axes.set_title("Speed against accuracy (crosses failed the gate)")
    axes.grid(True, alpha=0.3)
    return _svg(figure)


def bars_svg(report: OptimizeReport) -> str:
    """Throughput bars of every measured candidate, with its unit."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    measured = [r for r in report.results if r.speed is not None]
    figure = Figure(figsize=(6.4, 0.5 + 0.45 * max(1, len(measured))))
    axes = figure.add_subplot()
    names = [r.candidate.id for r in measured]
    values = [r.speed.throughput if r.speed else 0.0 for r in measured]
    colours = [STATUS_COLOURS.get(r.status, "#555") for r in measured]
    axes.barh(names, values, color=colours)
    unit = measured[0].speed.throughput_unit if measured and measured[0].speed else ""
    axes.set_xlabel(f"throughput ({unit}, median of the rounds)")
    axes.invert_yaxis()
    axes.set_title("Throughput per candidate")
    axes.grid(True, axis="x", alpha=0.3)
    return _svg(figure)


def _cell(value: Any) -> str:
    return html.escape(str(value))


def _row(result: CandidateResult, pick: str) -> str:
    speed = result.speed
    metric = headline_metric(result)
    name = result.candidate.label + (" ★ pick" if result.candidate.id == pick else "")
    return (
        f"<tr><td>{_cell(name)}<br><code>{_cell(result.candidate.id)}</code>"
        f"{f'<br>input {result.candidate.input_size}' if result.candidate.input_size else ''}</td>"
        f"<td class='{_cell(result.status)}'>{_cell(result.status)}</td>"
        f"<td>{_cell(f'{metric[0]} {metric[1]:.4g}') if metric else ''}</td>"
        f"<td>{_cell(f'{speed.speedup:.2f}x') if speed else ''}</td>"
        f"<td>{_cell(f'{speed.throughput:g} {speed.throughput_unit}') if speed else ''}</td>"
        f"<td>{_cell(result.gate.reason if result.gate else result.message)}"
        f"{'<br>' + _cell(result.gate.evidence) if result.gate and result.gate.evidence else ''}"
        f"{'<br>repairs ' + _cell(result.repairs) if result.repairs else ''}"
        f"{'<br>in float: ' + _cell(', '.join(result.float_layers)) if result.float_layers else ''}</td>"
        f"<td><code>{_cell(json.dumps(result.candidate.recipe, sort_keys=True))}</code></td></tr>"
    )


def _definitions(data: dict[str, Any]) -> str:
    items = "".join(f"<dt>{_cell(k)}</dt><dd>{_cell(v)}</dd>" for k, v in data.items())
    return f"<dl>{items}</dl>"


def render_html(report: OptimizeReport) -> str:
    """The report as one self-contained HTML page."""
    rows = "".join(_row(r, report.pick) for r in report.results)
    pick = next((r for r in report.results if r.candidate.id == report.pick), None)
    pick_text = "Recommended: " if pick else "No candidate is recommended. "
    source = report.source
    name = _cell(source.get("name", ""))
    digest = _cell(source.get("sha256", ""))
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>EdgeStudio optimizer report: {name}</title>
<style>{CSS}</style></head><body>
<h1>Optimizer report: {name} ({_cell(report.task)})</h1>
<p>{_cell(report.started_at)}, {report.seconds:g} s. Source sha256 <code>{digest}</code></p>
<div class="pick">{_cell(pick_text + report.pick_reason)}</div>
<h2>Candidates</h2>
<table><tr><th>Candidate</th><th>Status</th><th>Accuracy</th><th>Speed-up</th><th>Throughput</th><th>Gate</th><th>Recipe</th></tr>
{rows}</table>
<h2>Plots</h2>
<div class="plots"><figure>{scatter_svg(report)}</figure><figure>{bars_svg(report)}</figure></div>
<h2>Source model</h2>{_definitions(source)}
<h2>Data</h2>{_definitions(report.data)}
<h2>Hardware</h2>{_definitions(report.hardware)}
<h2>Versions</h2>{_definitions(report.versions)}
</body></html>
"""


def write_report(report: OptimizeReport, folder: Path) -> tuple[Path, Path]:
    """Write ``report.json`` and ``report.html`` into ``folder`` (each atomically); returns both."""
    folder.mkdir(parents=True, exist_ok=True)
    json_path = folder / JSON_NAME
    html_path = folder / HTML_NAME
    atomic_write_text(json_path, json.dumps(report.to_dict(), indent=2, default=str))
    atomic_write_text(html_path, render_html(report))
    return json_path, html_path
