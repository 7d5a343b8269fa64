"""The share panel's QR code decodes to its link; a chart's data comes out as CSV, one row per point."""
import io

import plotly.graph_objects as go
import pytest

from ui.share import figure_csv, qr_png


def test_qr_code_decodes_to_the_link():
    zxingcpp = pytest.importorskip("zxingcpp")
    from PIL import Image

    link = "https://example.streamlit.app/initialization?lang=ko&init_tab=%EC%B8%B5&act=ReLU&present=1"
    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(qr_png(link))))
    assert [r.text for r in found] == [link]


def test_figure_csv_has_every_point_of_every_trace():
    fig = go.Figure([go.Scatter(x=[1, 2, 3], y=[4, 5, 6], name="a"), go.Bar(x=["u", "v"], y=[1, 2], name="b, c"),
                     go.Heatmap(z=[[1, 2], [3, 4]])])
    rows = figure_csv(fig).strip().splitlines()
    assert rows[0] == "trace,name,x,y,z"
    assert len(rows) == 1 + 3 + 2 + 4
    assert rows[1] == "0,a,1,4," and rows[4] == "1,b; c,u,1,"


def test_a_link_too_long_for_any_qr_code_gets_none_not_an_error():
    assert qr_png("https://x.example/?junk=" + "a" * 5000) is None
