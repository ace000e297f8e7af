"""Figure files: each figure saved as PNG and SVG, reproducibly, with its title, and shown from its PNG.

:func:`save_figure` writes ``OUTPUT_DIR/figures/NAME.png`` (150 dpi) and ``NAME.svg`` with no
timestamps, version strings or random ids (a fixed SVG hash salt), so that the same figure gives
byte-identical files; each is written atomically (:func:`analysis.atomic.atomic_write`). The
figure's title is stored in both files, where the HTML index reads it. :func:`show_figure` is what
the notebooks call: save, show the saved PNG, close. ``analysis.outputs`` re-exports both.
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

from .atomic import atomic_write
from .paths import resolve

__all__ = ["save_figure", "show_figure", "figure_title", "figure_dir", "title_above", "PNG_DPI", "SVG_MAX_MARKERS"]

#: Resolution of the PNG files (the notebooks show them at the figure's size at ``figure.dpi``).
PNG_DPI = 150

#: An axes drawing more markers than this (its scatter collections together) has them embedded in
#: the SVG file as an image at the PNG's resolution; its text, lines and legend stay vectors. One
#: marker is about 170 bytes of SVG: the date scatter of 100,000 articles was a 36 MB file.
SVG_MAX_MARKERS = 5_000

#: zlib level of the PNG files: 3 writes them in about 60% of the time of the default 6, and with
#: the colour channels alone (an opaque figure has no use for alpha) they are smaller than before
#: (measured on the report's figures: 1.18 MB against 1.22 MB for the seeds' 13).
PNG_COMPRESS_LEVEL = 3


def figure_dir(output_dir: str | Path) -> Path:
    """``OUTPUT_DIR/figures``, created if missing.

    Parameters
    ----------
    output_dir : str or Path
        The output folder (a relative path is taken from the working directory).

    Returns
    -------
    Path
        The figures folder.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     figure_dir(d).is_dir()
    True
    """
    d = resolve(output_dir) / "figures"
    d.mkdir(parents=True, exist_ok=True)
    return d


def save_figure(fig, output_dir: str | Path, name: str) -> list[Path]:
    """Save ``fig`` as PNG (150 dpi) and SVG under ``OUTPUT_DIR/figures`` without volatile metadata.

    Each file is written atomically (temporary file, then rename); the same figure gives the
    same bytes. The figure's title (:func:`figure_title`) is stored in both files' metadata (PNG
    ``Title``, SVG ``<dc:title>``), where the HTML index reads it. In the SVG file the markers of
    an axes that draws more than :data:`SVG_MAX_MARKERS` of them are one embedded image at the
    PNG's resolution (the figure is left as it was). Both files show the area that
    ``savefig(bbox_inches="tight")`` saves, rounded out to whole pixels of the PNG: the figure is
    drawn once at the PNG's resolution, measured on that drawing and cut to the area (pixel for
    pixel what ``savefig`` draws of it), then drawn once for the SVG; ``savefig`` measures and
    draws again for each file.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure.
    output_dir : str or Path
        The output folder; the files go to its ``figures/``.
    name : str
        The file name without extension.

    Returns
    -------
    list of Path
        The PNG and the SVG file.

    Examples
    --------
    >>> import tempfile, matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> with tempfile.TemporaryDirectory() as d:
    ...     [p.name for p in save_figure(fig, d, "empty")]
    ['empty.png', 'empty.svg']
    >>> plt.close(fig)
    """
    import matplotlib as mpl

    out = figure_dir(output_dir)
    paths = [out / f"{name}.png", out / f"{name}.svg"]
    title = {"Title": text} if (text := figure_title(fig)) else {}
    with mpl.rc_context({"svg.hashsalt": "news-coverage", "svg.fonttype": "path", "figure.autolayout": False,
                         "figure.constrained_layout.use": False}), _laid_out(fig) as (area, pixels):
        png_metadata = {"Software": None, **title}
        atomic_write(paths[0], lambda tmp: fig.savefig(tmp, format="png", dpi=PNG_DPI, bbox_inches=area,
                                                        metadata=png_metadata,
                                                        pil_kwargs={"compress_level": PNG_COMPRESS_LEVEL})
                     if pixels is None else _write_png(tmp, pixels, png_metadata))
        dense = _dense_markers(fig)
        for collection in dense:
            collection.set_rasterized(True)
        try:
            atomic_write(paths[1], lambda tmp: fig.savefig(tmp, format="svg", bbox_inches=area,
                                                            metadata={"Date": None, "Creator": None, **title},
                                                            **({"dpi": PNG_DPI} if dense else {})))
        finally:
            for collection in dense:
                collection.set_rasterized(False)
    return paths


def _write_png(path: Path, pixels, metadata: dict) -> None:
    """``pixels`` (rows from the top, RGBA) as a PNG file at :data:`PNG_DPI` with the ``metadata``
    texts that are not None, as ``matplotlib.image.imsave`` writes it, but in RGB where every pixel
    is opaque and at :data:`PNG_COMPRESS_LEVEL`."""
    import numpy as np
    from PIL import Image, PngImagePlugin

    info = PngImagePlugin.PngInfo()
    for key, value in metadata.items():
        if value is not None:
            info.add_text(key, value)
    opaque = bool((pixels[..., 3] == 255).all())
    image = Image.fromarray(np.ascontiguousarray(pixels[..., :3]) if opaque else pixels)
    image.save(path, format="png", pnginfo=info, dpi=(PNG_DPI, PNG_DPI), compress_level=PNG_COMPRESS_LEVEL)


@contextmanager
def _laid_out(fig):
    """The area that ``savefig(bbox_inches="tight")`` would save, rounded out to whole pixels of
    the PNG, and the PNG's pixels: the figure is drawn once at the PNG's resolution on an Agg
    canvas of its own, measured on that drawing and cut to the area (the padding beyond the figure
    filled with its face colour), which is pixel for pixel what ``savefig`` draws of that area
    (tested). Where a cut could differ (:func:`_plain`: something drawn outside the figure, a
    figure face that is not plain and opaque, savefig colours set in rcParams) the pixels are None
    and ``savefig`` draws the PNG. A figure laid out once
    (``tight_layout``) or not at all is then not laid out again before the SVG; one with a layout
    engine (constrained layout) keeps it. The figure's dpi, canvas and engine are as they were."""
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.layout_engine import PlaceHolderLayoutEngine

    engine, dpi, canvas = fig.get_layout_engine(), fig.dpi, fig.canvas
    try:
        agg = FigureCanvasAgg(fig)  # as savefig: no window (a dpi change resizes none), the caller's canvas kept
        agg._is_saving = True  # as savefig sets it: animated artists drawn, animations and blitting left alone
        fig.dpi = PNG_DPI
        agg.draw()
        area, pixels = _cut(fig, fig.get_tightbbox(agg.get_renderer()), np.asarray(agg.buffer_rgba()))
    finally:
        fig.dpi = dpi
        fig.set_canvas(canvas)
    settled = engine is None or isinstance(engine, PlaceHolderLayoutEngine)
    if settled:  # (None means no engine only while rcParams ask for none: see save_figure)
        fig.set_layout_engine(None)
    try:
        yield area, pixels
    finally:
        if settled:
            fig.set_layout_engine(engine)


def _cut(fig, tight, rgba):
    """The padded ``tight`` box (inches) rounded out to whole PNG pixels, and its pixels cut from
    ``rgba`` (the figure drawn at the PNG's dpi), or None where ``savefig`` could draw otherwise."""
    import math

    import matplotlib as mpl
    import numpy as np
    from matplotlib.transforms import Bbox

    padded = tight.padded(mpl.rcParams["savefig.pad_inches"])
    x0, y0 = (math.floor(v * PNG_DPI) for v in padded.p0)
    x1, y1 = (math.ceil(v * PNG_DPI) for v in padded.p1)
    area = Bbox.from_extents(x0 / PNG_DPI, y0 / PNG_DPI, x1 / PNG_DPI, y1 / PNG_DPI)
    height, width = rgba.shape[:2]
    if not _plain(fig, tight, width, height):
        return area, None
    pixels = np.empty((y1 - y0, x1 - x0, 4), dtype=np.uint8)
    pixels[:] = np.floor(np.asarray(mpl.colors.to_rgba(fig.get_facecolor())) * 255 + 0.5)  # as Agg rounds
    top, left = max(y1 - height, 0), max(-x0, 0)  # rows run from the top of the image
    rows = slice(max(height - y1, 0), height - max(y0, 0))
    cols = slice(max(x0, 0), min(x1, width))
    pixels[top:top + rows.stop - rows.start, left:left + cols.stop - cols.start] = rgba[rows, cols]
    return area, pixels


def _plain(fig, tight, width: int, height: int) -> bool:
    """Whether a cut of the figure's drawing (``width`` x ``height`` pixels) is what ``savefig``
    draws of the area around ``tight``: everything drawn lies inside the drawing, with a pixel to
    spare for antialiasing (an artist of the figure or of an axes left out of the layout could lie
    outside it unmeasured); the figure's face is visible, opaque and without an edge (``savefig``
    moves an edge to the saved area's border; the padding is filled with the face colour); no
    savefig colour is set in rcParams."""
    import matplotlib as mpl

    inside = (tight.x0 * PNG_DPI >= 1 and tight.y0 * PNG_DPI >= 1
              and tight.x1 * PNG_DPI <= width - 1 and tight.y1 * PNG_DPI <= height - 1)
    patch = fig.patch
    face = (patch.get_visible() and patch.get_linewidth() == 0
            and mpl.colors.to_rgba(patch.get_facecolor())[3] == 1)
    rc = (not mpl.rcParams["savefig.transparent"] and mpl.rcParams["savefig.facecolor"] == "auto"
          and mpl.rcParams["savefig.edgecolor"] == "auto")
    unmeasured = any(not artist.get_in_layout() for holder in [fig, *fig.axes]
                     for artist in holder.get_children() if artist is not patch)
    return inside and face and rc and not unmeasured


def _dense_markers(fig) -> list:
    """The scatter collections (not yet rasterized) of every axes whose collections draw more than
    :data:`SVG_MAX_MARKERS` markers together."""
    from matplotlib.collections import PathCollection

    dense = []
    for ax in fig.axes:
        collections = [c for c in ax.collections if isinstance(c, PathCollection) and not c.get_rasterized()]
        if sum(len(c.get_offsets()) for c in collections) > SVG_MAX_MARKERS:
            dense += collections
    return dense


def show_figure(fig, output_dir: str | Path, name: str) -> None:
    """Save ``fig`` (:func:`save_figure`), show the saved PNG in the notebook and close the figure.

    The figure is drawn once for the PNG file (and its area) and once for the SVG file; the
    notebook shows the PNG file's bytes (at the size of the figure at
    ``figure.dpi``) instead of drawing the figure again, as ``plt.show()`` would.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure (closed afterwards).
    output_dir : str or Path
        The output folder; the files go to its ``figures/``.
    name : str
        The file name without extension.

    Returns
    -------
    None
        The PNG is displayed (``IPython.display``), its text form is ``Figure: TITLE``; outside
        IPython that text is printed.

    Examples
    --------
    >>> import tempfile, matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> _ = ax.set_title("Terms")
    >>> with tempfile.TemporaryDirectory() as d:
    ...     show_figure(fig, d, "empty")
    ...     sorted(p.name for p in Path(d, "figures").iterdir()), fig.number in plt.get_fignums()
    Figure: Terms
    (['empty.png', 'empty.svg'], False)
    """
    import base64

    import matplotlib as mpl
    import matplotlib.pyplot as plt
    from IPython import get_ipython
    from IPython.display import display

    png = save_figure(fig, output_dir, name)[0].read_bytes()
    width = int.from_bytes(png[16:20], "big")  # the PNG header's IHDR width, in pixels
    shown = {"image/png": base64.b64encode(png).decode("ascii"), "text/plain": f"Figure: {figure_title(fig) or name}"}
    if get_ipython() is None:
        print(shown["text/plain"])
    else:
        display(shown, raw=True, metadata={"image/png": {"width": round(width * mpl.rcParams["figure.dpi"] / PNG_DPI)}})
    plt.close(fig)


def title_above(ax, label: str, **kwargs):
    """``ax.set_title(label, **kwargs)``, fixed just above the axes where matplotlib would leave it.

    Matplotlib places an axes title anew at each drawing and measuring (the tight layout, the PNG,
    the saved area): it measures the tick labels of the axes, its twins and its insets to see
    whether any reach above the axes or the y axis' offset text (``1e6``, a date's year) touches
    the title, and moves the title above them. Where none can, the title stays just above the
    axes, and this sets it there once (``y=1.0``), which skips that measuring (about a tenth of
    drawing the report's figures): an axes with no twin, shared axis or inset, a y axis whose
    labels carry no offset (fixed, function or category labels), every x label below it, a plain
    title (no mathtext) whose descent is less than its pad, no left or right title, and
    ``axes.titley`` left to matplotlib. Anywhere else it is ``ax.set_title`` itself. Call it once
    the axes is complete (ticks set); not for axes whose titles are aligned later
    (``Figure.align_titles``).

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The axes.
    label : str
        The title.
    **kwargs
        As for ``Axes.set_title``.

    Returns
    -------
    matplotlib.text.Text
        The title.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, (towns, numbers) = plt.subplots(1, 2)
    >>> _ = towns.barh([0, 1], [3, 1])
    >>> _ = towns.set_yticks([0, 1], ["Jakarta", "Seoul"])
    >>> _ = numbers.plot([0, 1], [1_000_000, 1_000_001])  # an offset text above the y axis
    >>> numbers.xaxis.tick_top()
    >>> _ = title_above(towns, "Kota"), title_above(numbers, "Angka")
    >>> fig.canvas.draw()  # matplotlib moves the second above its tick labels
    >>> towns.title.get_position()[1], bool(numbers.title.get_position()[1] > 1)
    (1.0, True)
    >>> plt.close(fig)
    """
    title = ax.set_title(label, **kwargs)
    if "y" not in kwargs and _nothing_above(ax, title, kwargs.get("pad")):
        title = ax.set_title(label, y=1.0, **kwargs)
    return title


def _nothing_above(ax, title, pad) -> bool:
    """Whether matplotlib's placing would leave ``title`` (``ax``'s, set with ``pad``) at 1.0:
    see :func:`title_above`."""
    import matplotlib as mpl
    from matplotlib.category import StrCategoryFormatter
    from matplotlib.textpath import text_to_path
    from matplotlib.ticker import FixedFormatter, FuncFormatter, NullFormatter

    formatter = ax.yaxis.get_major_formatter()
    no_offset = (isinstance(formatter, (StrCategoryFormatter, NullFormatter))
                 or isinstance(formatter, (FixedFormatter, FuncFormatter)) and not formatter.offset_string)
    ticks = [*ax.xaxis.get_major_ticks(1), *ax.xaxis.get_minor_ticks(1)]
    alone = (not ax.child_axes and len(ax.get_shared_x_axes().get_siblings(ax)) == 1
             and len(ax.get_shared_y_axes().get_siblings(ax)) == 1
             and not ax.get_title("left") and not ax.get_title("right"))
    if not (no_offset and alone and mpl.rcParams["axes.titley"] is None and "$" not in title.get_text()
            and ax.xaxis.get_label_position() == "bottom" and not any(t.label2.get_visible() for t in ticks)):
        return False
    # matplotlib lays a line out at least as deep as "lp"; 1.5 pt to spare for hinting at any dpi
    last_line = title.get_text().split("\n")[-1] + "lp"
    descent = text_to_path.get_text_width_height_descent(last_line, title.get_fontproperties(), False)[2]
    return descent + 1.5 <= (mpl.rcParams["axes.titlepad"] if pad is None else pad)


def figure_title(fig) -> str:
    """A figure's title: its ``suptitle``, else the first axes title (what the HTML index shows).

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure.

    Returns
    -------
    str
        The title, ``""`` when the figure has none.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> _ = ax.set_title("Terms")
    >>> figure_title(fig)
    'Terms'
    >>> plt.close(fig)
    """
    suptitle = getattr(fig, "_suptitle", None)
    if suptitle is not None and suptitle.get_text().strip():
        return suptitle.get_text().strip()
    return next((ax.get_title().strip() for ax in fig.axes if ax.get_title().strip()), "")
