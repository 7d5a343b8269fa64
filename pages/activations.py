"""Activation functions lab: curves and gradients, chain rule, zig-zag, dead ReLU, PReLU, cost."""
import streamlit as st

from ui.controls import control, fmt_num, log_slider, seed
from ui.i18n import current_lang, t
from ui.lessons import activations as lab
from ui.page import chart, controls, header, lead, lesson_tabs


def slider(key: str, lo, hi, default, step, column=st, help_key: str | None = None):
    """A URL-bound slider labelled by `activations.<label>`, the URL key being `key`."""
    return control(column).slider(t(f"activations.{LABEL_KEYS.get(key, key)}"), lo, hi, default, step, key=key,
                                  bind="query-params", help=t(f"activations.{help_key}") if help_key else None)


LABEL_KEYS = {"xr": "x_range", "x": "x0", "up": "upstream", "zz_lr": "zigzag_lr", "units": "dead_units", "offset": "dead_offset",
              "pa0": "prelu_alpha0", "pat": "prelu_true", "psteps": "prelu_steps",
              **{f"m{k}": f"maxout_{k}" for k in lab.MAXOUT_DEFAULTS}}


def curves_tab() -> None:
    lang = current_lang()
    box = controls()
    c1, c2, c3 = box.columns([3, 2, 1.4])
    names = control(c1).multiselect(t("activations.functions"), lab.NAMES, default=lab.NAMES[:4], format_func=lab.LABELS.get,
                                    key="fns", bind="query-params", help=t("activations.functions_help"))
    x_min, x_max = slider("xr", -20.0, 20.0, (-10.0, 10.0), 0.5, c2, None)
    with c3:
        thr = log_slider(t("activations.threshold"), "thr", -4, -1, 0.01, help=t("activations.threshold_help"))
    c1, c2 = box.columns(2)
    x0 = slider("x", -10.0, 10.0, 0.0, 0.1, c1, "x0_help")
    upstream = slider("up", -5.0, 5.0, 1.0, 0.1, c2, "upstream_help")
    with st.expander(t("activations.params")):
        p = st.columns(7)
        params = {"leaky_relu": {"alpha": slider("alpha", 0.0, 0.5, 0.01, 0.01, p[0])},
                  "prelu": {"alpha": slider("prelu_alpha", 0.0, 1.0, 0.25, 0.01, p[1])},
                  "elu": {"alpha": slider("elu_alpha", 0.1, 3.0, 1.0, 0.1, p[2])},
                  "maxout": {k: slider(f"m{k}", -2.0, 2.0, d, 0.1, p[3 + i]) for i, (k, d) in enumerate(lab.MAXOUT_DEFAULTS.items())}}
    if not names:
        st.info(t("activations.pick_one"))
        return
    cfg = lab.CurvesConfig(tuple(names), x_min, x_max, {k: v for k, v in params.items() if k in names}, thr, x0,
                           upstream)
    try:
        curves_fig, curves_alt = lab.curves_figure(cfg, lang)
    except ValueError as e:
        st.warning(t("activations.invalid", msg=e))
        return
    chart(curves_fig, curves_alt, key="curves")
    st.subheader(t("activations.chain_title", x=fmt_num(x0)))
    st.dataframe(lab.chain_rows(lab.chain_rule(cfg), thr), hide_index=True,
                 width="stretch")
    st.caption(t("activations.chain_caption"))
    with st.expander(t("activations.card.title")):
        for row in range(0, len(names), 4):              # the slides' lists, four cards a row
            for column, name in zip(st.columns(4), names[row:row + 4], strict=False):
                column.container(border=True).markdown(t(f"activations.card.{name}"))


def zigzag_tab() -> None:
    lang = current_lang()
    lead("activations.zigzag_explain")
    lr = slider("zz_lr", 0.05, 2.0, 0.5, 0.05)
    z = lab.zigzag(lr, seed())
    st.markdown(t("activations.zigzag_stats", pos=f"{100 * z.positive.same_sign_frac:.0f}",
                  cen=f"{100 * z.centered.same_sign_frac:.0f}", n_pos=z.positive.steps, n_cen=z.centered.steps))
    chart(*lab.zigzag_figure(lr, seed(), lang), key="zigzag")


def dead_relu_tab() -> None:
    lang = current_lang()
    lead("activations.dead_explain")
    c = controls().columns(5)
    units = slider("units", 1, 50, 30, 1, c[0])
    with c[1]:
        scale = log_slider(t("activations.dead_scale"), "w_scale", -3, 1, 1.0)
    bias = control(c[2]).radio(t("activations.dead_bias"), (0.0, 0.01), key="bias", bind="query-params", format_func=fmt_num,
                               horizontal=True)
    with c[3]:
        step_lr = log_slider(t("activations.dead_lr"), "dr_lr", -3, 2, 0.1)
    offset = slider("offset", 0.0, 3.0, 2.5, 0.25, c[4], "dead_offset_help")
    d = lab.dead_relu(units, scale, bias, step_lr, offset, seed())
    before, after = 100 * d.dead_before.mean(), 100 * d.dead_after.mean()
    m = st.columns(3)
    m[0].metric(t("activations.dead_metric"), f"{before:.0f}%")
    change = round(after) - round(before)                  # what the two numbers on screen differ by
    m[1].metric(t("activations.dead_metric_after"), f"{after:.0f}%", delta=f"{change:+d}%" if change else None,
                delta_color="inverse")
    m[2].metric(t("activations.loss_metric"), fmt_num(d.loss_after), delta=f"{d.loss_after - d.loss_before:+.3g}",
                delta_color="inverse")
    figs = lab.dead_relu_figures(units, scale, bias, step_lr, offset, seed(), lang)
    for column, (fig, alt), key in zip(st.columns(2), figs, ("dead_before", "dead_after"), strict=True):
        with column:
            chart(fig, alt, key=key)


def prelu_tab() -> None:
    lang = current_lang()
    lead("activations.prelu_explain")
    c = controls().columns(4)
    a0 = slider("pa0", 0.0, 1.0, 0.0, 0.01, c[0])
    a_true = slider("pat", 0.0, 1.0, 0.25, 0.01, c[1])
    with c[2]:
        p_lr = log_slider(t("activations.prelu_lr"), "plr", -3, 0, 0.05)
    n_steps = slider("psteps", 10, 500, 100, 10, c[3])
    fit = lab.prelu_fit(a0, a_true, p_lr, n_steps, seed())
    st.markdown(t("activations.prelu_result", n=n_steps, a=f"{fit.alpha[-1]:.4f}", true=fmt_num(a_true)))
    chart(*lab.prelu_figure(a0, a_true, p_lr, n_steps, seed(), lang), key="prelu")


def cost_tab() -> None:
    lang = current_lang()
    with st.spinner(t("activations.cost_spinner")):
        ops = lab.measured_ops()
    st.markdown(t("activations.ops_explain", n=f"{ops.n:,}", repeats=ops.repeats))
    m = st.columns(3)
    m[0].metric(t("activations.ops_exp"), f"{ops.exp_ns:.2f} ns")
    m[1].metric(t("activations.ops_max"), f"{ops.max_ns:.2f} ns")
    m[2].metric(t("activations.ops_ratio"), f"{ops.ratio:.1f}×")
    lead("activations.cost_explain")
    with st.spinner(t("activations.cost_spinner")):
        chart(*lab.cost_figure(lang), key="cost")


header("activations")
lead("activations.advice")
lesson_tabs("act_tab", {"activations.tab_curves": curves_tab, "activations.tab_zigzag": zigzag_tab,
                        "activations.tab_dead": dead_relu_tab, "activations.tab_prelu": prelu_tab,
                        "activations.tab_cost": cost_tab})
